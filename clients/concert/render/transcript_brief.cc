#include "clients/concert/render/transcript_brief.h"

#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/records_format.h"
#include "services/coordinator/records/outcome.h"

namespace concert::cli {
namespace {

Style StyleOfSummary(v1::SessionSummary::Outcome outcome) {
  switch (outcome) {
    case v1::SessionSummary::CONSENSUS:
      return Style::kGreen;
    case v1::SessionSummary::DEADLOCK:
      return Style::kRed;
    default:
      return Style::kYellow;
  }
}

}  // namespace

BriefTranscriptRenderer::BriefTranscriptRenderer(std::ostream& out,
                                                 TranscriptOptions options)
    : out_(out), options_(options) {}

void BriefTranscriptRenderer::Write(const v1::SessionEvent& event) {
  switch (event.event_case()) {
    case v1::SessionEvent::kStarted:
      WriteStarted(event.started());
      break;
    case v1::SessionEvent::kRound:
      WriteRound(event.round());
      break;
    case v1::SessionEvent::kSummary:
      WriteSummary(event.summary());
      break;
    case v1::SessionEvent::EVENT_NOT_SET:
      break;
  }
}

void BriefTranscriptRenderer::WriteStarted(const v1::SessionStarted& started) {
  proposals_ = started.proposals();
  std::vector<std::string> parts;
  parts.push_back(absl::StrCat("session ", started.session_id().empty()
                                               ? "(no record)"
                                               : started.session_id()));
  std::string draft = started.draft_id();
  if (started.proposals() > 0) {
    absl::StrAppend(&draft, " (", started.proposals(), " proposal",
                    started.proposals() == 1 ? "" : "s", ")");
  }
  parts.push_back(std::move(draft));
  parts.push_back(started.variant().empty()
                      ? "baseline"
                      : absl::StrCat("variant ", started.variant()));
  parts.push_back(absl::StrCat("rule ", ShortRuleName(started.rule())));
  std::string text;
  for (const std::string& line : WrapList(parts, " · ", options_.width)) {
    absl::StrAppend(&text, Styled(line, Style::kBold, options_.color), "\n");
  }
  out_ << text << std::flush;
}

void BriefTranscriptRenderer::WriteRound(const v1::Round& round) {
  // "Round  5  " with the number as wide as the draft's largest round
  // number is likely to be (a second pass goes past the proposal count, so
  // at least two digits), then the outcome padded so proposals line up.
  const int digits = proposals_ >= 50 ? 3 : 2;
  std::string number = absl::StrCat(round.number());
  if (static_cast<int>(number.size()) < digits) {
    number.insert(0, digits - number.size(), ' ');
  }
  const bool adopted = round.outcome() == v1::Round::ADOPTED;
  const std::string word = adopted ? "ADOPTED " : "DEFERRED";
  const std::string prefix = absl::StrCat(
      "Round ", number, "  ",
      Styled(word, adopted ? Style::kGreen : Style::kRed, options_.color),
      "  ");
  std::string text = round.proposal();
  std::vector<std::string> objected, absent;
  for (const v1::CastVote& vote : round.votes()) {
    if (vote.absent()) {
      absent.push_back(vote.party());
    } else if (vote.vote() == v1::VOTE_OBJECT) {
      objected.push_back(vote.party());
    }
  }
  std::vector<std::string> who;
  if (!objected.empty()) {
    who.push_back(absl::StrCat("objected: ", absl::StrJoin(objected, ", ")));
  }
  if (!absent.empty()) {
    who.push_back(absl::StrCat("absent: ", absl::StrJoin(absent, ", ")));
  }
  if (!who.empty()) absl::StrAppend(&text, " — ", absl::StrJoin(who, "; "));
  out_ << WrapWithPrefix(prefix, text, options_.width) << std::flush;
}

void BriefTranscriptRenderer::WriteSummary(const v1::SessionSummary& summary) {
  const std::string line = coordinator::SessionOutcomeLine(summary, proposals_);
  out_ << WrapWithPrefix(Styled("Outcome: ", StyleOfSummary(summary.outcome()),
                                options_.color),
                         line, options_.width)
       << std::flush;
}

std::string RenderBriefTranscript(const v1::Session& session,
                                  TranscriptOptions options) {
  std::ostringstream out;
  BriefTranscriptRenderer renderer(out, options);
  if (session.has_started()) renderer.WriteStarted(session.started());
  for (const v1::Round& round : session.rounds()) renderer.WriteRound(round);
  if (session.has_summary()) renderer.WriteSummary(session.summary());
  return out.str();
}

}  // namespace concert::cli
