// `concert run --brief` (issue 12): one line per round — number, outcome,
// proposal, who objected or was absent — between a one-line header and the
// one-line outcome, fitting the width asked for.
#include "clients/concert/render/transcript_brief.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/format_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace concert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

v1::CastVote Vote(const std::string& party, v1::Vote vote) {
  v1::CastVote v;
  v.set_party(party);
  v.set_vote(vote);
  v.set_rationale("a long rationale that the brief form leaves out entirely");
  return v;
}

v1::Round Round(int number, const std::string& proposal,
                v1::Round::Outcome outcome) {
  v1::Round round;
  round.set_number(number);
  round.set_pass(1);
  round.set_proposal(proposal);
  round.set_title("A title the brief form leaves out");
  round.set_outcome(outcome);
  for (const char* party : {"USA", "CHN", "RUS", "JPN", "ROK", "DPRK"}) {
    *round.add_votes() = Vote(party, v1::VOTE_SUPPORT);
  }
  return round;
}

v1::Session Session() {
  v1::Session session;
  v1::SessionStarted* started = session.mutable_started();
  started->set_session_id("session-20261127-230726-abef00");
  started->set_draft_id("paper-sequence");
  started->set_scenario_id("six-party");
  started->set_variant("transformation");
  started->mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  started->set_proposals(3);
  *session.add_rounds() = Round(1, "consult_channel", v1::Round::ADOPTED);
  v1::Round deferred = Round(2, "verif_mechanism", v1::Round::DEFERRED);
  deferred.mutable_votes(1)->set_vote(v1::VOTE_OBJECT);
  deferred.mutable_votes(5)->set_vote(v1::VOTE_OBJECT);
  deferred.add_blocking_parties("CHN");
  deferred.add_blocking_parties("DPRK");
  *session.add_rounds() = deferred;
  v1::Round absent = Round(3, "hotline", v1::Round::DEFERRED);
  absent.mutable_votes(5)->set_absent(true);
  *session.add_rounds() = absent;
  v1::SessionSummary* summary = session.mutable_summary();
  summary->set_outcome(v1::SessionSummary::DEADLOCK);
  summary->add_adopted("consult_channel");
  summary->set_rounds(3);
  v1::Blocker* blocker = summary->add_blockers();
  blocker->set_proposal("verif_mechanism");
  blocker->add_parties("CHN");
  blocker->add_parties("DPRK");
  return session;
}

TEST(BriefTranscriptTest, OneLinePerRoundBetweenHeaderAndOutcome) {
  TranscriptOptions options;
  options.width = 200;
  const std::string out = RenderBriefTranscript(Session(), options);
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 5u) << out;
  EXPECT_EQ(lines[0],
            "session session-20261127-230726-abef00 · paper-sequence (3 "
            "proposals) · variant transformation · rule consensus");
  EXPECT_EQ(lines[1], "Round  1  ADOPTED   consult_channel");
  EXPECT_EQ(lines[2],
            "Round  2  DEFERRED  verif_mechanism — objected: CHN, DPRK");
  EXPECT_EQ(lines[3], "Round  3  DEFERRED  hotline — absent: DPRK");
  EXPECT_THAT(lines[4], HasSubstr("Outcome: deadlock"));
  EXPECT_THAT(lines[4], HasSubstr("1 of 3 adopted"));
  EXPECT_THAT(out, Not(HasSubstr("rationale")));
  EXPECT_THAT(out, Not(HasSubstr("title")));
}

TEST(BriefTranscriptTest, FitsNarrowWidthsWithoutSplittingWords) {
  TranscriptOptions wide;
  wide.width = 1000;
  const std::string unlimited = RenderBriefTranscript(Session(), wide);
  const std::vector<std::string> words =
      absl::StrSplit(unlimited, absl::ByAnyChar(" \n"), absl::SkipEmpty());
  for (int width : {60, 80, 120}) {
    SCOPED_TRACE(absl::StrCat("width ", width));
    TranscriptOptions options;
    options.width = width;
    const std::string out = RenderBriefTranscript(Session(), options);
    for (const std::string& line : Lines(out)) {
      EXPECT_LE(DisplayWidth(line), width) << line;
    }
    const std::vector<std::string> got =
        absl::StrSplit(out, absl::ByAnyChar(" \n"), absl::SkipEmpty());
    EXPECT_EQ(got, words);
  }
}

TEST(BriefTranscriptTest, ColourOnlyWhenAsked) {
  TranscriptOptions options;
  options.color = true;
  const std::string out = RenderBriefTranscript(Session(), options);
  EXPECT_THAT(out, HasSubstr("\x1b["));
  for (const std::string& line : Lines(out)) {
    EXPECT_LE(DisplayWidth(line), options.width) << line;
  }
}

}  // namespace
}  // namespace concert::cli
