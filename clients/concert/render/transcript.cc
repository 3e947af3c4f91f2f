#include "clients/concert/render/transcript.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/rule_text.h"

namespace concert::cli {

namespace {

// Labels in the header and summary are padded to this many columns.
constexpr int kLabelWidth = 12;
// "✘ object" and friends, padded.
constexpr int kVoteWidth = 9;
// "+12.34", right-aligned.
constexpr int kDeltaWidth = 6;

std::string Label(absl::string_view label) {
  return PadRight(label, kLabelWidth);
}

// A utility change with its sign and two decimals; zero has no sign, so
// that a tiny negative change does not print as "-0.00".
std::string FormatDelta(double delta) {
  char buf[32];
  if (std::fabs(delta) < 0.005) {
    std::snprintf(buf, sizeof buf, "%.2f", 0.0);
  } else {
    std::snprintf(buf, sizeof buf, "%+.2f", delta);
  }
  std::string text(buf);
  if (static_cast<int>(text.size()) < kDeltaWidth) {
    text.insert(0, kDeltaWidth - text.size(), ' ');
  }
  return text;
}

struct VoteLook {
  const char* text;
  Style style;
};

VoteLook LookOf(const v1::CastVote& vote) {
  if (vote.absent()) return {"– absent", Style::kDim};
  switch (vote.vote()) {
    case v1::VOTE_SUPPORT:
      return {"✔ support", Style::kGreen};
    case v1::VOTE_ABSTAIN:
      return {"· abstain", Style::kYellow};
    case v1::VOTE_OBJECT:
      return {"✘ object", Style::kRed};
    default:
      return {"? no vote", Style::kDim};
  }
}

// What the outcome means, with the counts that make it concrete: "17 of 20
// adopted; nothing has passed since the last adoption, so the 3 left cannot
// pass". `total` is the draft's proposal count (0 when unknown).
std::string DescribeOutcome(const v1::SessionSummary& summary, int total) {
  const int adopted = summary.adopted_size();
  const int left = total - adopted;
  switch (summary.outcome()) {
    case v1::SessionSummary::CONSENSUS:
      return "every proposal was adopted";
    case v1::SessionSummary::DEADLOCK: {
      // The runner ends a session once every proposal open to tabling has
      // failed since the last adoption (often within the pass that made
      // it: "the last pass adopted nothing" would be wrong), and the rest
      // wait on those; or when none could be tabled at all (no pass).
      if (total <= 0 || left <= 0) {
        return "nothing has passed since the last adoption while proposals "
               "remained";
      }
      if (summary.passes() == 0) {
        return absl::StrCat(
            "no proposal could be tabled (each waits on another), so none of "
            "the ",
            total, " can pass");
      }
      if (adopted == 0) {
        return absl::StrCat("none of the ", total,
                            " adopted: every proposal open to tabling failed, "
                            "so none can pass");
      }
      return absl::StrCat(adopted, " of ", total,
                          " adopted; nothing has passed since the last "
                          "adoption, so the ",
                          left, " left cannot pass");
    }
    case v1::SessionSummary::SUSPENDED:
      return "a party could not be reached and its absence blocks; the "
             "session can resume once it is back";
    case v1::SessionSummary::INTERRUPTED:
      return "the coordinator stopped mid-session";
    default:
      return "the session ended without saying how";
  }
}

Style StyleOfOutcome(v1::SessionSummary::Outcome outcome) {
  switch (outcome) {
    case v1::SessionSummary::CONSENSUS:
      return Style::kGreen;
    case v1::SessionSummary::DEADLOCK:
      return Style::kRed;
    default:
      return Style::kYellow;
  }
}

std::string Plural(int n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace

TranscriptRenderer::TranscriptRenderer(std::ostream& out,
                                       TranscriptOptions options)
    : out_(out), options_(options) {}

void TranscriptRenderer::Write(const v1::SessionEvent& event) {
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

void TranscriptRenderer::WriteStarted(const v1::SessionStarted& started) {
  const bool color = options_.color;
  const int width = options_.width;
  proposal_count_ = started.proposals();
  std::string text;

  std::string title = "concert session";
  if (!started.session_id().empty()) {
    absl::StrAppend(&title, " ", started.session_id());
  }
  absl::StrAppend(&text, Styled(title, Style::kBold, color), "\n");

  std::string draft = started.draft_id();
  if (!started.draft_title().empty()) {
    absl::StrAppend(&draft, " — ", started.draft_title());
  }
  if (started.proposals() > 0) {
    absl::StrAppend(&draft, " (",
                    Plural(started.proposals(), "proposal", "proposals"), ")");
  }
  absl::StrAppend(&text, WrapWithPrefix(Label("Draft"), draft, width));

  std::string scenario = absl::StrCat(
      started.scenario_id().empty() ? "(unnamed)" : started.scenario_id(),
      " · ",
      started.variant().empty() ? "baseline"
                                : absl::StrCat("variant ", started.variant()));
  absl::StrAppend(&text, WrapWithPrefix(Label("Scenario"), scenario, width));
  absl::StrAppend(&text, WrapWithPrefix(Label("Rule"),
                                        RuleSentence(started.rule()), width));

  std::vector<std::string> parties;
  for (const v1::PartyInfo& party : started.parties()) {
    party_width_ = std::max(party_width_, DisplayWidth(party.id()));
    std::string entry = party.id();
    std::vector<std::string> notes;
    if (!party.name().empty() && party.name() != party.id()) {
      notes.push_back(party.name());
    }
    if (party.absent()) {
      notes.emplace_back("absent");
    } else if (!party.reachable() && !party.version().empty()) {
      // A party that answered Describe once and then stopped answering.
      notes.emplace_back("unreachable");
    }
    if (!notes.empty())
      absl::StrAppend(&entry, " (", absl::StrJoin(notes, ", "), ")");
    parties.push_back(std::move(entry));
  }
  if (!parties.empty()) {
    absl::StrAppend(&text,
                    IndentLines(Label("Parties"),
                                WrapList(parties, ", ", width - kLabelWidth)));
  }
  out_ << text << std::flush;
}

void TranscriptRenderer::WriteRound(const v1::Round& round) {
  const bool color = options_.color;
  const int width = options_.width;
  if (!round.title().empty()) titles_[round.proposal()] = round.title();
  for (const v1::CastVote& vote : round.votes()) {
    party_width_ = std::max(party_width_, DisplayWidth(vote.party()));
  }

  std::vector<std::string> head = {absl::StrCat("Round ", round.number())};
  if (round.pass() > 0) head.push_back(absl::StrCat("pass ", round.pass()));
  if (!round.stage().empty()) head.push_back(round.stage());
  std::string heading = absl::StrJoin(head, " · ");
  absl::StrAppend(&heading, " · ", round.proposal());
  if (!round.title().empty()) absl::StrAppend(&heading, " — ", round.title());
  std::string text = "\n";

  // A resumed session replays its recorded rounds first; the first round
  // without a vote from the record is where the parties are asked again.
  const bool from_record =
      std::any_of(round.votes().begin(), round.votes().end(),
                  [](const v1::CastVote& vote) { return vote.replayed(); });
  if (from_record) {
    ++replayed_rounds_;
  } else if (replayed_rounds_ > 0 && !resume_marked_) {
    resume_marked_ = true;
    absl::StrAppend(
        &text,
        WrapWithPrefix(
            "── ",
            absl::StrCat(
                "resumed: ", Plural(replayed_rounds_, "round", "rounds"),
                " replayed from the record above; from here the "
                "parties are asked"),
            width),
        "\n");
  }
  for (const std::string& line : Wrap(heading, width)) {
    absl::StrAppend(&text, Styled(line, Style::kBold, color), "\n");
  }

  // One line per party: id, vote, utility change, rationale; continuation
  // lines (wrapped rationale, conditions) hang under the rationale.
  bool votes_named_conditions = false;
  for (const v1::CastVote& vote : round.votes()) {
    VoteLook look = LookOf(vote);
    std::string prefix = absl::StrCat(
        "  ", PadRight(vote.party(), party_width_), "  ",
        // Padding outside the colour, so that it can be trimmed.
        Styled(look.text, look.style, color),
        std::string(kVoteWidth - DisplayWidth(look.text), ' '), "  ",
        vote.absent() ? std::string(kDeltaWidth, ' ')
                      : FormatDelta(vote.utility_change()),
        "  ");
    const int indent = DisplayWidth(prefix);
    std::string rationale = vote.rationale();
    if (vote.attempts() > 1) {
      absl::StrAppend(&rationale, rationale.empty() ? "" : " ", "(after ",
                      vote.attempts(), " attempts)");
    }
    if (vote.replayed()) {
      absl::StrAppend(&rationale, rationale.empty() ? "" : " ",
                      "(from the record)");
    }
    std::vector<std::string> lines = Wrap(rationale, width - indent);
    if (lines.empty()) lines.emplace_back();
    if (!vote.conditions().empty()) {
      votes_named_conditions = true;
      std::vector<std::string> more =
          Wrap(absl::StrCat("would accept once: ",
                            absl::StrJoin(vote.conditions(), "; ")),
               width - indent);
      lines.insert(lines.end(), more.begin(), more.end());
    }
    if (!vote.statement().empty()) {
      // Joining the decision on an understanding (OSCE: an interpretative
      // statement), recorded with the vote.
      std::vector<std::string> more =
          Wrap(absl::StrCat("statement: ", vote.statement()), width - indent);
      lines.insert(lines.end(), more.begin(), more.end());
    }
    std::string block = IndentLines(prefix, lines);
    // An empty rationale leaves the padding of the prefix at line end.
    if (rationale.empty() && vote.conditions().empty() &&
        vote.statement().empty()) {
      block = absl::StrCat(
          absl::StripTrailingAsciiWhitespace(absl::string_view(block)), "\n");
    }
    absl::StrAppend(&text, block);
  }

  std::string outcome;
  std::string detail;
  if (round.outcome() == v1::Round::ADOPTED) {
    outcome = Styled("ADOPTED", Style::kGreen, color);
  } else {
    outcome = Styled(
        round.outcome() == v1::Round::DEFERRED ? "DEFERRED" : "NO OUTCOME",
        Style::kRed, color);
  }
  // The coordinator's explanation names the rule's verdict and the blocking
  // parties; without one, name the blocking parties.
  if (!round.explanation().empty()) {
    detail = round.explanation();
  } else if (!round.blocking_parties().empty()) {
    detail = absl::StrCat("blocked by ",
                          absl::StrJoin(round.blocking_parties(), ", "));
  }
  std::string prefix =
      absl::StrCat("  → ", outcome, detail.empty() ? "" : "  ");
  absl::StrAppend(&text, detail.empty()
                             ? absl::StrCat(prefix, "\n")
                             : WrapWithPrefix(prefix, detail, width));
  // The round's conditions repeat the objectors'; print them only when the
  // votes did not already.
  if (!votes_named_conditions && !round.conditions().empty()) {
    absl::StrAppend(
        &text, WrapWithPrefix("    would accept once: ",
                              absl::StrJoin(round.conditions(), "; "), width));
  }
  out_ << text << std::flush;
}

std::string TranscriptRenderer::ProposalLabel(const std::string& id) const {
  auto it = titles_.find(id);
  if (it == titles_.end()) return id;
  return absl::StrCat(id, " — ", it->second);
}

void TranscriptRenderer::WriteSummary(const v1::SessionSummary& summary) {
  const bool color = options_.color;
  const int width = options_.width;
  std::string text = "\n";

  std::string name = v1::SessionSummary::Outcome_Name(summary.outcome());
  if (summary.outcome() == v1::SessionSummary::OUTCOME_UNSPECIFIED) {
    name = "UNKNOWN";
  }
  std::string head = absl::StrCat(
      Styled(Label("Outcome"), Style::kBold, color),
      Styled(name, StyleOfOutcome(summary.outcome()), color), " — ");
  const int total = std::max(proposal_count_,
                             summary.adopted_size() + summary.blockers_size());
  absl::StrAppend(&text, WrapHanging(head, DescribeOutcome(summary, total),
                                     width, kLabelWidth));

  std::vector<std::string> facts;
  if (summary.rounds() > 0 || summary.passes() > 0) {
    facts.push_back(absl::StrCat(Plural(summary.rounds(), "round", "rounds"),
                                 " in ",
                                 Plural(summary.passes(), "pass", "passes")));
    if (replayed_rounds_ > 0) {
      facts.push_back(
          absl::StrCat(replayed_rounds_, " replayed from the record"));
    }
  }
  // A deadlock's description already says how many were adopted.
  if (total > 0 && summary.outcome() != v1::SessionSummary::DEADLOCK) {
    facts.push_back(absl::StrCat(summary.adopted_size(), " of ", total,
                                 " proposals adopted"));
  }
  if (!facts.empty()) {
    absl::StrAppend(&text, Label(""), absl::StrJoin(facts, " · "), "\n");
  }

  if (!summary.adopted().empty()) {
    std::vector<std::string> adopted(summary.adopted().begin(),
                                     summary.adopted().end());
    absl::StrAppend(&text,
                    IndentLines(Label("Adopted"),
                                WrapList(adopted, " → ", width - kLabelWidth)));
  }

  // Each proposal not adopted: who blocked it and why, what would unlock it,
  // and which prerequisites it still waits on.
  const std::string sub(kLabelWidth + 2, ' ');
  for (int i = 0; i < summary.blockers_size(); ++i) {
    const v1::Blocker& blocker = summary.blockers(i);
    absl::StrAppend(&text,
                    WrapWithPrefix(Label(i == 0 ? "Not adopted" : ""),
                                   ProposalLabel(blocker.proposal()), width));
    if (!blocker.parties().empty()) {
      absl::StrAppend(
          &text, WrapWithPrefix(sub + "blocked by ",
                                absl::StrJoin(blocker.parties(), ", "), width));
    }
    for (const std::string& rationale : blocker.rationales()) {
      absl::StrAppend(
          &text, WrapHanging(sub + "  ", rationale, width, kLabelWidth + 6));
    }
    if (!blocker.conditions().empty()) {
      absl::StrAppend(
          &text,
          WrapWithPrefix(sub + "would unlock: ",
                         absl::StrJoin(blocker.conditions(), "; "), width));
    }
    if (!blocker.waiting_on().empty()) {
      absl::StrAppend(
          &text,
          WrapWithPrefix(sub + "waiting on: ",
                         absl::StrJoin(blocker.waiting_on(), "; "), width));
    }
  }

  if (!summary.missing_parties().empty()) {
    absl::StrAppend(
        &text,
        WrapWithPrefix(Label("Unreachable"),
                       absl::StrJoin(summary.missing_parties(), ", "), width));
  }
  out_ << text << std::flush;
}

std::string RenderTranscript(const v1::Session& session,
                             TranscriptOptions options) {
  std::ostringstream out;
  TranscriptRenderer renderer(out, options);
  if (session.has_started()) renderer.WriteStarted(session.started());
  for (const v1::Round& round : session.rounds()) renderer.WriteRound(round);
  if (session.has_summary()) renderer.WriteSummary(session.summary());
  return out.str();
}

}  // namespace concert::cli
