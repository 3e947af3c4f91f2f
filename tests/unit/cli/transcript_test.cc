#include "clients/concert/render/transcript.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/format_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace concert::cli {
namespace {

// Repeated strings are added as std::string: GCC 12 warns falsely
// (-Wrestrict) on the generated add_x(const char*) once inlined.

using ::testing::HasSubstr;
using ::testing::Not;

v1::CastVote Vote(const std::string& party, v1::Vote vote, double delta,
                  const std::string& rationale) {
  v1::CastVote cast;
  cast.set_party(party);
  cast.set_vote(vote);
  cast.set_utility_change(delta);
  cast.set_rationale(rationale);
  return cast;
}

// A four-party session: one adopted round with every kind of vote, one
// deferred round, and a deadlocked summary.
v1::Session HandBuiltSession() {
  v1::Session session;
  v1::SessionStarted* started = session.mutable_started();
  started->set_session_id("s-42");
  started->set_draft_id("paper-sequence");
  started->set_draft_title("The paper's sequence");
  started->set_scenario_id("six-party");
  started->set_variant("transformation");
  started->mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  started->set_proposals(3);
  for (const char* id : {"USA", "CHN", "DPRK", "JPN"}) {
    v1::PartyInfo* party = started->add_parties();
    party->set_id(id);
    party->set_reachable(true);
  }
  started->mutable_parties(0)->set_name("United States");
  started->mutable_parties(3)->set_absent(true);

  v1::Round* first = session.add_rounds();
  first->set_number(1);
  first->set_pass(1);
  first->set_stage("S1");
  first->set_proposal("consult_channel");
  first->set_title("Regular ministerial meetings");
  *first->add_votes() =
      Vote("USA", v1::VOTE_SUPPORT, 1.2, "raises transparency");
  *first->add_votes() =
      Vote("CHN", v1::VOTE_ABSTAIN, -0.001, "little at stake");
  *first->add_votes() =
      Vote("DPRK", v1::VOTE_SUPPORT, 0.5, "raises security_assurance");
  v1::CastVote absent;
  absent.set_party("JPN");
  absent.set_absent(true);
  *first->add_votes() = absent;
  first->set_outcome(v1::Round::ADOPTED);
  first->set_explanation("passes: no objection (JPN absent)");

  v1::Round* second = session.add_rounds();
  second->set_number(2);
  second->set_pass(1);
  second->set_stage("S2");
  second->set_proposal("verif_mechanism");
  second->set_title("Six-party verification mechanism");
  *second->add_votes() =
      Vote("USA", v1::VOTE_SUPPORT, 2.0, "raises denuclearization");
  *second->add_votes() =
      Vote("CHN", v1::VOTE_SUPPORT, 0.25, "raises denuclearization");
  v1::CastVote objection =
      Vote("DPRK", v1::VOTE_OBJECT, -2.345,
           "red line dprk_no_early_verif: intrusive inspections only after "
           "normalization, because the regime must first be confident that its "
           "security is not at risk and that the economy is on a path to "
           "prosperity");
  objection.add_conditions("normalization ≥ 2");
  objection.add_conditions("normalization_tracks adopted");
  *second->add_votes() = objection;
  *second->add_votes() = absent;
  second->set_outcome(v1::Round::DEFERRED);
  second->mutable_blocking_parties()->Add(std::string("DPRK"));
  second->mutable_conditions()->Add(std::string("normalization ≥ 2"));
  second->set_explanation("fails: objection from DPRK");

  v1::SessionSummary* summary = session.mutable_summary();
  summary->set_outcome(v1::SessionSummary::DEADLOCK);
  summary->mutable_adopted()->Add(std::string("consult_channel"));
  summary->set_rounds(2);
  summary->set_passes(2);
  v1::Blocker* blocked = summary->add_blockers();
  blocked->set_proposal("verif_mechanism");
  blocked->mutable_parties()->Add(std::string("DPRK"));
  blocked->mutable_rationales()->Add(
      std::string("DPRK: red line dprk_no_early_verif"));
  blocked->mutable_conditions()->Add(std::string("normalization ≥ 2"));
  v1::Blocker* waiting = summary->add_blockers();
  waiting->set_proposal("nuclear_dismantlement");
  waiting->mutable_waiting_on()->Add(std::string("verif_mechanism"));
  waiting->mutable_waiting_on()->Add(std::string("stage S2 incomplete"));
  summary->mutable_missing_parties()->Add(std::string("JPN"));
  return session;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n');
}

// The line of `text` that starts with `prefix`, or "".
std::string LineStartingWith(const std::string& text,
                             const std::string& prefix) {
  for (const std::string& line : Lines(text)) {
    if (absl::StartsWith(line, prefix)) return line;
  }
  return "";
}

TEST(TranscriptTest, HeaderNamesDraftScenarioVariantRuleAndParties) {
  std::string text = RenderTranscript(HandBuiltSession(), {});
  EXPECT_THAT(text, HasSubstr("concert session s-42"));
  EXPECT_THAT(text,
              HasSubstr("paper-sequence — The paper's sequence (3 proposals)"));
  EXPECT_THAT(text, HasSubstr("six-party · variant transformation"));
  EXPECT_THAT(text, HasSubstr("consensus — passes when no party objects"));
  EXPECT_THAT(text, HasSubstr("an absent party blocks"));
  EXPECT_THAT(text, HasSubstr("USA (United States), CHN, DPRK, JPN (absent)"));
}

TEST(TranscriptTest, RoundShowsEveryVoteKindAligned) {
  std::string text = RenderTranscript(HandBuiltSession(), {});
  EXPECT_THAT(text, HasSubstr("Round 1 · pass 1 · S1 · consult_channel — "
                              "Regular ministerial meetings"));
  std::string usa = LineStartingWith(text, "  USA ");
  std::string chn = LineStartingWith(text, "  CHN ");
  std::string jpn = LineStartingWith(text, "  JPN ");
  std::string dprk_object;
  for (const std::string& line : Lines(text)) {
    if (absl::StrContains(line, "✘ object")) dprk_object = line;
  }
  EXPECT_THAT(usa, HasSubstr("✔ support   +1.20  raises transparency"));
  // A tiny negative change prints without a sign.
  EXPECT_THAT(chn, HasSubstr("· abstain    0.00  little at stake"));
  EXPECT_THAT(jpn, HasSubstr("– absent"));
  EXPECT_THAT(dprk_object, HasSubstr("-2.35  red line dprk_no_early_verif"));
  // The vote column starts at the same display column on every line.
  auto column_of = [](const std::string& line, const std::string& symbol) {
    return DisplayWidth(line.substr(0, line.find(symbol)));
  };
  EXPECT_EQ(column_of(usa, "✔"), column_of(chn, "·"));
  EXPECT_EQ(column_of(usa, "✔"), column_of(jpn, "–"));
  EXPECT_EQ(column_of(usa, "✔"), column_of(dprk_object, "✘"));
  // Absent lines carry no trailing padding.
  EXPECT_FALSE(absl::EndsWith(jpn, " "));
}

TEST(TranscriptTest, ObjectionsNameConditionsAndLongRationalesWrap) {
  TranscriptOptions options;
  options.width = 80;
  std::string text = RenderTranscript(HandBuiltSession(), options);
  EXPECT_THAT(RenderTranscript(HandBuiltSession(), {}),
              HasSubstr("would accept once: normalization ≥ 2; "
                        "normalization_tracks adopted\n"));
  // The round-level conditions repeat the vote's: printed once per round.
  EXPECT_EQ(text.find("would accept once:"), text.rfind("would accept once:"));
  for (const std::string& line : Lines(text)) {
    EXPECT_LE(DisplayWidth(line), 80) << line;
  }
  // Continuation lines of the rationale hang under its first word.
  std::string first = LineStartingWith(text, "  DPRK  ✘");
  int column = DisplayWidth(first.substr(0, first.find("red line")));
  std::string hanging(column, ' ');
  EXPECT_THAT(text, HasSubstr("\n" + hanging + "would accept once:"));
}

TEST(TranscriptTest, AStatementHangsUnderItsVote) {
  v1::Session session = HandBuiltSession();
  v1::CastVote* usa = session.mutable_rounds(0)->mutable_votes(0);
  usa->set_statement(
      "joins on the understanding that a light-water reactor is discussed "
      "only once the DPRK has returned to the NPT and its safeguards");
  TranscriptOptions options;
  options.width = 80;
  const std::string text = RenderTranscript(session, options);
  const std::string first = LineStartingWith(text, "  USA ");
  const int column = DisplayWidth(first.substr(0, first.find("raises")));
  EXPECT_THAT(text, HasSubstr("\n" + std::string(column, ' ') +
                              "statement: joins on the understanding"));
  for (const std::string& line : Lines(text)) {
    EXPECT_LE(DisplayWidth(line), 80) << line;
  }
  // Only the vote that made it carries it.
  EXPECT_EQ(text.find("statement:"), text.rfind("statement:"));
  EXPECT_THAT(RenderTranscript(HandBuiltSession(), options),
              Not(HasSubstr("statement:")));
}

TEST(TranscriptTest, OutcomesOfRounds) {
  std::string text = RenderTranscript(HandBuiltSession(), {});
  EXPECT_THAT(text,
              HasSubstr("  → ADOPTED  passes: no objection (JPN absent)\n"));
  EXPECT_THAT(text, HasSubstr("  → DEFERRED  fails: objection from DPRK\n"));
  // Without an explanation, the blocking parties are named.
  v1::Session session = HandBuiltSession();
  session.mutable_rounds(1)->clear_explanation();
  EXPECT_THAT(RenderTranscript(session, {}),
              HasSubstr("  → DEFERRED  blocked by DPRK\n"));
}

TEST(TranscriptTest, SummaryListsAdoptedBlockersAndConditions) {
  std::string text = RenderTranscript(HandBuiltSession(), {});
  std::string summary = text.substr(text.find("Outcome"));
  // What happened, with the counts: not "a full pass adopted nothing" after
  // a session that adopted.
  EXPECT_THAT(summary,
              HasSubstr("DEADLOCK — 1 of 3 adopted; nothing has passed since "
                        "the last adoption, so the 2 left\n            cannot "
                        "pass\n"));
  EXPECT_THAT(summary, HasSubstr("2 rounds in 2 passes\n"));
  EXPECT_THAT(summary, HasSubstr("Adopted     consult_channel\n"));
  EXPECT_THAT(
      summary,
      HasSubstr(
          "Not adopted verif_mechanism — Six-party verification mechanism\n"));
  EXPECT_THAT(summary, HasSubstr("blocked by DPRK\n"));
  EXPECT_THAT(summary, HasSubstr("DPRK: red line dprk_no_early_verif\n"));
  EXPECT_THAT(summary, HasSubstr("would unlock: normalization ≥ 2\n"));
  // Never tabled, so no title is known.
  EXPECT_THAT(summary, HasSubstr("            nuclear_dismantlement\n"));
  EXPECT_THAT(summary,
              HasSubstr("waiting on: verif_mechanism; stage S2 incomplete\n"));
  EXPECT_THAT(summary, HasSubstr("Unreachable JPN\n"));
}

TEST(TranscriptTest, DeadlockSaysWhatHappened) {
  v1::Session session = HandBuiltSession();
  TranscriptOptions wide;
  wide.width = 200;
  session.mutable_summary()->clear_adopted();
  session.mutable_summary()->set_passes(1);
  EXPECT_THAT(RenderTranscript(session, wide),
              HasSubstr("DEADLOCK — none of the 3 adopted: every proposal "
                        "open to tabling failed, so none can pass\n"));
  session.mutable_summary()->set_passes(0);
  EXPECT_THAT(RenderTranscript(session, wide),
              HasSubstr("DEADLOCK — no proposal could be tabled (each waits on "
                        "another), so none of the 3 can pass\n"));
}

// A resumed session: round 1's votes were read back from the record, round
// 2 was asked live.
TEST(TranscriptTest, ResumedSessionMarksTheVotesReadFromTheRecord) {
  v1::Session session = HandBuiltSession();
  for (v1::CastVote& vote : *session.mutable_rounds(0)->mutable_votes()) {
    if (!vote.absent()) vote.set_replayed(true);
  }
  TranscriptOptions wide;
  wide.width = 200;
  const std::string text = RenderTranscript(session, wide);
  const std::string first = text.substr(
      text.find("Round 1"), text.find("Round 2") - text.find("Round 1"));
  EXPECT_THAT(first, HasSubstr("raises transparency (from the record)\n"));
  EXPECT_THAT(first, HasSubstr("little at stake (from the record)\n"));
  // One line where the parties are asked again, before the first live round.
  EXPECT_THAT(text,
              HasSubstr("\n── resumed: 1 round replayed from the record above; "
                        "from here the parties are asked\n\nRound 2"));
  const std::string rest = text.substr(text.find("Round 2"));
  EXPECT_THAT(rest, Not(HasSubstr("(from the record)")));
  EXPECT_THAT(rest, HasSubstr("2 rounds in 2 passes · 1 replayed from the "
                              "record\n"));
  // A session that was not resumed says nothing of the kind.
  EXPECT_THAT(RenderTranscript(HandBuiltSession(), wide),
              Not(HasSubstr("record")));
}

TEST(TranscriptTest, ColourOnlyWhenAsked) {
  v1::Session session = HandBuiltSession();
  EXPECT_THAT(RenderTranscript(session, {}), Not(HasSubstr("\x1b")));
  TranscriptOptions colour;
  colour.color = true;
  std::string text = RenderTranscript(session, colour);
  EXPECT_THAT(text, HasSubstr("\x1b[32m"));
  EXPECT_THAT(text, HasSubstr("\x1b[31m"));
  // Colour does not change the layout.
  std::string plain;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (text[i] != 'm') ++i;
      continue;
    }
    plain.push_back(text[i]);
  }
  EXPECT_EQ(plain, RenderTranscript(session, {}));
}

TEST(TranscriptTest, StreamingEqualsWholeSession) {
  v1::Session session = HandBuiltSession();
  std::ostringstream out;
  TranscriptRenderer renderer(out, {});
  v1::SessionEvent event;
  *event.mutable_started() = session.started();
  renderer.Write(event);
  std::string after_header = out.str();
  EXPECT_THAT(after_header, HasSubstr("Parties"));
  EXPECT_THAT(after_header, Not(HasSubstr("Round 1")));
  for (const v1::Round& round : session.rounds()) {
    *event.mutable_round() = round;
    renderer.Write(event);
  }
  *event.mutable_summary() = session.summary();
  renderer.Write(event);
  renderer.Write(v1::SessionEvent());
  EXPECT_EQ(out.str(), RenderTranscript(session, {}));
}

TEST(TranscriptTest, OtherRulesAndOutcomes) {
  v1::Session session;
  v1::DecisionRule* rule = session.mutable_started()->mutable_rule();
  rule->set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  rule->set_threshold(2.0 / 3.0);
  rule->set_absent_party(v1::DecisionRule::ABSTAINS);
  session.mutable_summary()->set_outcome(v1::SessionSummary::SUSPENDED);
  TranscriptOptions wide;
  wide.width = 200;
  std::string text = RenderTranscript(session, wide);
  EXPECT_THAT(text,
              HasSubstr("qualified majority — passes with 66.7% of the "
                        "weighted votes in support, abstentions excluded"));
  EXPECT_THAT(text, HasSubstr("an absent party counts as abstaining"));
  EXPECT_THAT(text, HasSubstr("SUSPENDED — a party could not be reached"));
  // Nothing is known of the draft: no proposal count.
  EXPECT_THAT(text, Not(HasSubstr("proposals adopted")));
}

TEST(TranscriptTest, OutcomeExplanationHangsUnderTheLabelColumn) {
  v1::Session session;
  session.mutable_summary()->set_outcome(v1::SessionSummary::SUSPENDED);
  TranscriptOptions narrow;
  narrow.width = 60;
  std::string text = RenderTranscript(session, narrow);
  EXPECT_THAT(text,
              HasSubstr("\nOutcome     SUSPENDED — a party could not be"));
  EXPECT_THAT(text, HasSubstr("\n            absence blocks;"));
  for (const std::string& line : Lines(text)) {
    EXPECT_LE(DisplayWidth(line), 60) << line;
  }
}

}  // namespace
}  // namespace concert::cli
