#include "clients/concert/render/records_format.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/comparison_sections.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/report_numbers.h"
#include "clients/concert/render/text_table.h"
#include "services/common/names.h"
#include "services/coordinator/core/decision_rule.h"

namespace concert::cli {
namespace {

// Header labels are padded to this many columns, as in the transcript.
constexpr int kLabelWidth = 13;
// A wrapping width that no line reaches: what a width of 0 asks for.
constexpr int kNoLimit = 1 << 20;

// "  Label        value", the value wrapped at `width` under its first word
// (0: no limit).
std::string Line(absl::string_view label, absl::string_view value, int width) {
  const std::string prefix = absl::StrCat("  ", PadRight(label, kLabelWidth));
  if (width <= 0 || DisplayWidth(prefix) + DisplayWidth(value) <= width) {
    return absl::StrCat(prefix, value, "\n");
  }
  return WrapHanging(prefix, value, width, 2 + kLabelWidth);
}

std::string VariantName(absl::string_view variant) {
  return variant.empty() ? "baseline" : std::string(variant);
}

// "six-party (sha256 1a2b3c4d5e6f)"; the digest is left out when unknown.
std::string WithDigest(absl::string_view id, absl::string_view sha256) {
  std::string text = id.empty() ? "(unnamed)" : std::string(id);
  if (!sha256.empty())
    absl::StrAppend(&text, " (sha256 ", ShortDigest(sha256), ")");
  return text;
}

// The "Scenario" and "Draft" lines of a record's header, with digests.
std::string InputLines(const v1::RecordInputs& inputs, int width) {
  return absl::StrCat(
      Line("Scenario",
           WithDigest(inputs.scenario().id(), inputs.scenario_sha256()), width),
      Line("Draft", WithDigest(inputs.draft().id(), inputs.draft_sha256()),
           width));
}

// "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".
std::string ElapsedText(std::int64_t ms) {
  if (ms < 1000) return absl::StrCat(ms, " ms");
  if (ms < 60'000)
    return absl::StrFormat("%.1f s", static_cast<double>(ms) / 1000);
  const std::int64_t s = ms / 1000;
  if (s < 3600) return absl::StrFormat("%d min %02d s", s / 60, s % 60);
  return absl::StrFormat("%d h %02d min", s / 3600, (s % 3600) / 60);
}

// "12.3 KiB" and the like, for the stored graph.
std::string FormatBytes(std::int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  if (bytes < (1 << 20))
    return absl::StrFormat("%.1f KiB", static_cast<double>(bytes) / 1024);
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
}

// "200 samples, spread 0.25, seed 7 (shard 2 of 4)", the spread as
// SpreadText says it; "none" without samples.
std::string StudyText(const v1::CompareRequest& request) {
  if (request.samples() == 0) return "none";
  std::string text =
      absl::StrFormat("%d samples, %s, seed %d", request.samples(),
                      SpreadText(request.spread(), request.has_perturbation()
                                                       ? &request.perturbation()
                                                       : nullptr),
                      request.seed());
  if (request.shard().count() > 1) {
    absl::StrAppend(&text, " (shard ", request.shard().index(), " of ",
                    request.shard().count(), ")");
  }
  return text;
}

// "6 of 24" sequences reach consensus, or "~31.2%" from a sample.
std::string ConsensusCell(const v1::Exploration& e) {
  if (e.has_estimate())
    return absl::StrCat("~", FormatShare(e.estimate().share()));
  if (e.admissible_sequences().empty()) return "-";
  return absl::StrCat(FormatCount(e.consensus_sequences()), " of ",
                      FormatCount(e.admissible_sequences()));
}

// "85.5% (80%-89.7%)" (the share alone when no interval came with it);
// "n/a" when the study could not run; "-" when none was asked for this row.
std::string RobustCell(const v1::Robustness& r) {
  if (!r.unavailable().empty()) return "n/a";
  if (r.samples() == 0) return "-";
  if (r.share_high() <= 0) return FormatShare(r.share());
  return absl::StrCat(FormatShare(r.share()), " (", FormatShare(r.share_low()),
                      "-", FormatShare(r.share_high()), ")");
}

// "1 structural diff", "2 concession searches".
std::string Counted(int n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

std::string VoteWord(const v1::CastVote& vote) {
  if (vote.absent()) return "absent";
  switch (vote.vote()) {
    case v1::VOTE_SUPPORT:
      return "support";
    case v1::VOTE_ABSTAIN:
      return "abstain";
    case v1::VOTE_OBJECT:
      return "object";
    default:
      return "no vote";
  }
}

// "2/3" for a threshold that is a simple fraction, else "0.70" (as the
// coordinator's RuleName says it).
std::string ThresholdFraction(double t) {
  for (int q = 2; q <= 12; ++q) {
    const double p = std::round(t * q);
    if (std::abs(t * q - p) < 1e-6) {
      return absl::StrCat(static_cast<int>(p), "/", q);
    }
  }
  return absl::StrFormat("%.2f", t);
}

}  // namespace

std::string FormatUtc(std::int64_t unix_ms) {
  if (unix_ms <= 0) return "-";
  const auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

std::string ShortDigest(absl::string_view sha256) {
  return std::string(sha256.substr(0, 12));
}

std::string ShortRuleName(const v1::DecisionRule& rule) {
  std::string name;
  switch (rule.kind()) {
    case v1::DecisionRule::UNANIMITY:
      name = "unanimity";
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_ONE:
      name = "consensus-1";
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_TWO:
      name = "consensus-2";
      break;
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      const double t = rule.threshold();
      name = absl::StrCat("qualified ",
                          ThresholdFraction((t > 0 && t <= 1) ? t : 2.0 / 3));
      if (rule.abstentions() == v1::DecisionRule::COUNTED) {
        absl::StrAppend(&name, ", abstentions counted");
      }
      break;
    }
    default:
      name = "consensus";
      break;
  }
  if (rule.absent_party() == v1::DecisionRule::ABSTAINS) {
    absl::StrAppend(&name, ", absent abstains");
  }
  return name;
}

std::string RecordsTable(
    const google::protobuf::RepeatedPtrField<v1::RecordSummary>& records,
    int width) {
  if (records.empty()) return "No records.\n";
  enum Column { kId, kKind, kCreated, kStatus, kDraft, kVariant, kRule };
  TextTable table({"ID", "KIND", "CREATED (UTC)", "STATUS", "DRAFT", "VARIANT",
                   "RULE", "OUTCOME"});
  for (const v1::RecordSummary& r : records) {
    std::vector<std::string> rules;
    rules.reserve(r.rules_size());
    for (const v1::DecisionRule& rule : r.rules()) {
      rules.push_back(ShortRuleName(rule));
    }
    table.AddRow({r.id(), std::string(RecordKindName(r.kind())),
                  FormatUtc(r.created_at_ms()),
                  std::string(RecordStatusName(r.status())), r.draft_id(),
                  VariantName(r.variant()),
                  rules.empty() ? "—" : absl::StrJoin(rules, "; "),
                  r.outcome()});
  }
  // The id names the kind and the time made: those columns go first when
  // the terminal is narrow. Lists (a comparison's drafts, variants, rules)
  // and the outcome wrap.
  table.SetOptional(kKind);
  table.SetOptional(kCreated);
  for (int c = kDraft; c <= kRule + 1; ++c) table.SetWrap(c);
  return width > 0 ? table.Render(width) : table.Render();
}

std::string SessionRecordHeader(const v1::SessionRecord& record, int width) {
  std::string text = absl::StrCat("Session record ", record.id(), "\n");
  absl::StrAppend(&text,
                  Line("Status", RecordStatusName(record.status()), width));
  absl::StrAppend(
      &text,
      Line("Started", absl::StrCat(FormatUtc(record.started_at_ms()), " UTC"),
           width));
  if (record.ended_at_ms() > 0) {
    std::string ended = absl::StrCat(FormatUtc(record.ended_at_ms()), " UTC");
    if (record.started_at_ms() > 0 &&
        record.ended_at_ms() >= record.started_at_ms()) {
      absl::StrAppend(
          &ended, " (after ",
          ElapsedText(record.ended_at_ms() - record.started_at_ms()), ")");
    }
    absl::StrAppend(&text, Line("Ended", ended, width));
  } else {
    absl::StrAppend(&text, Line("Ended", "not ended", width));
  }
  absl::StrAppend(&text, InputLines(record.inputs(), width));
  absl::StrAppend(
      &text, Line("Variant", VariantName(record.inputs().variant()), width));
  absl::StrAppend(
      &text,
      Line("Rule", coordinator::RuleName(record.inputs().rule()), width));
  absl::StrAppend(&text, Line("Coordinator",
                              record.coordinator_version().empty()
                                  ? "unknown version"
                                  : record.coordinator_version(),
                              width));
  text += "\n";
  return text;
}

std::string PartialRoundsText(const v1::SessionRecord& record, int width) {
  if (record.partial_rounds().empty()) return "";
  std::string text =
      "Partial rounds (votes recorded, outcome never recorded: the coordinator "
      "stopped in between):\n";
  for (const v1::PartialRound& round : record.partial_rounds()) {
    std::vector<std::string> votes;
    for (const v1::CastVote& vote : round.votes()) {
      votes.push_back(absl::StrCat(vote.party(), " ", VoteWord(vote)));
    }
    const std::string in =
        votes.empty() ? "no votes in" : absl::StrJoin(votes, ", ");
    absl::StrAppend(&text,
                    WrapHanging(absl::StrCat("  Round ", round.number(), " · ",
                                             round.proposal(), ": "),
                                in, width > 0 ? width : kNoLimit, 4));
  }
  text += "\n";
  return text;
}

std::string ExplorationRecordHeader(const v1::ExplorationRecord& record,
                                    int width) {
  std::string text = absl::StrCat("Exploration record ", record.id(), "\n");
  absl::StrAppend(&text,
                  Line("Status", RecordStatusName(record.status()), width));
  absl::StrAppend(
      &text,
      Line("Made", absl::StrCat(FormatUtc(record.created_at_ms()), " UTC"),
           width));
  absl::StrAppend(&text, InputLines(record.inputs(), width));
  absl::StrAppend(
      &text, Line("Variant", VariantName(record.inputs().variant()), width));
  absl::StrAppend(
      &text,
      Line("Rule", coordinator::RuleName(record.inputs().rule()), width));
  absl::StrAppend(&text,
                  Line("Strategy", StrategyName(record.strategy()), width));
  absl::StrAppend(&text, Line("Coordinator",
                              record.coordinator_version().empty()
                                  ? "unknown version"
                                  : record.coordinator_version(),
                              width));
  absl::StrAppend(
      &text, Line("Graph",
                  record.graph_blob_bytes() > 0
                      ? absl::StrCat(FormatBytes(record.graph_blob_bytes()),
                                     " stored (compressed)")
                      : "none stored",
                  width));
  text += "\n";
  return text;
}

std::string ComparisonRecordHeader(const v1::ComparisonRecord& record,
                                   int width) {
  const v1::CompareRequest& request = record.request();
  std::string text = absl::StrCat("Comparison record ", record.id(), "\n");
  absl::StrAppend(&text,
                  Line("Status", RecordStatusName(record.status()), width));
  absl::StrAppend(
      &text,
      Line("Made", absl::StrCat(FormatUtc(record.created_at_ms()), " UTC"),
           width));
  absl::StrAppend(
      &text, Line("Scenario",
                  WithDigest(record.scenario().id(), record.scenario_sha256()),
                  width));
  std::vector<std::string> drafts;
  for (const v1::CharterDraft& draft : request.drafts())
    drafts.push_back(draft.id());
  absl::StrAppend(
      &text,
      Line("Drafts", drafts.empty() ? "none" : absl::StrJoin(drafts, ", "),
           width));
  std::vector<std::string> variants;
  for (const std::string& variant : request.variants())
    variants.push_back(VariantName(variant));
  absl::StrAppend(
      &text, Line("Variants",
                  variants.empty() ? "baseline" : absl::StrJoin(variants, ", "),
                  width));
  std::vector<std::string> rules;
  for (const v1::DecisionRule& rule : request.rules())
    rules.push_back(coordinator::RuleName(rule));
  absl::StrAppend(
      &text,
      Line("Rules",
           rules.empty()
               ? absl::StrCat("the scenario's, ",
                              coordinator::RuleName(record.scenario().rule()))
               : absl::StrJoin(rules, "; "),
           width));
  if (!request.what_ifs().empty()) {
    std::vector<std::string> names;
    for (const v1::WhatIf& what_if : request.what_ifs())
      names.push_back(what_if.name());
    absl::StrAppend(&text, Line("What-ifs", absl::StrJoin(names, "; "), width));
  }
  absl::StrAppend(&text, Line("Robustness", StudyText(request), width));
  absl::StrAppend(
      &text, Line("Concessions",
                  request.concessions() ? "searched" : "not searched", width));
  absl::StrAppend(&text, Line("Coordinator",
                              record.coordinator_version().empty()
                                  ? "unknown version"
                                  : record.coordinator_version(),
                              width));
  if (!record.error().empty()) {
    // Each line of the error wrapped on its own, under the first.
    bool first = true;
    for (absl::string_view line : absl::StrSplit(record.error(), '\n')) {
      absl::StrAppend(&text, Line(first ? "Error" : "", line, width));
      first = false;
    }
  }
  text += "\n";
  return text;
}

std::string ComparisonRowsText(const v1::ComparisonRecord& record, int width) {
  // A result only a COMPLETE comparison has (an empty one may have been
  // made on the way).
  if (!record.has_result() || (record.status() != v1::RECORD_STATUS_COMPLETE &&
                               record.result().rows().empty())) {
    switch (record.status()) {
      case v1::RECORD_STATUS_RUNNING:
        return "No result yet: the comparison is running.\n";
      case v1::RECORD_STATUS_FAILED:
        return "No result: the comparison failed.\n";
      case v1::RECORD_STATUS_INTERRUPTED:
        return "No result: the comparison was interrupted (its coordinator "
               "stopped).\n";
      default:
        return "No result recorded.\n";
    }
  }
  const v1::Comparison& result = record.result();
  if (result.rows().empty()) return "No rows.\n";
  TextTable table({"DRAFT", "VARIANT", "RULE", "WHAT-IF", "CONSENSUS",
                   "FULL CHARTER", "ROBUST"});
  for (const v1::ComparisonRow& row : result.rows()) {
    const std::string what_if = row.what_if().empty() ? "-" : row.what_if();
    const std::string rule = coordinator::RuleName(row.rule());
    if (!row.error().empty()) {
      table.AddRow({row.draft_id(), VariantName(row.variant()), rule, what_if,
                    "-", absl::StrCat("error: ", row.error()), "-"});
      continue;
    }
    table.AddRow({row.draft_id(), VariantName(row.variant()), rule, what_if,
                  ConsensusCell(row.exploration()),
                  row.exploration().full_charter_reachable() ? "reachable"
                                                             : "out of reach",
                  RobustCell(row.robustness())});
  }
  // Long rule names and a row's error wrap; the numbers never do.
  for (int c : {0, 1, 2, 3, 5}) table.SetWrap(c);
  std::string text = width > 0 ? table.Render(width) : table.Render();
  std::vector<std::string> more;
  if (!result.diffs().empty()) {
    more.push_back(
        Counted(result.diffs_size(), "structural diff", "structural diffs"));
  }
  if (!result.concessions().empty()) {
    more.push_back(Counted(result.concessions_size(), "concession search",
                           "concession searches"));
  }
  if (!more.empty()) {
    absl::StrAppend(&text, "\n",
                    WrapWithPrefix("",
                                   absl::StrCat("The record also holds ",
                                                absl::StrJoin(more, " and "),
                                                ": `concert records export ",
                                                record.id(), "` writes them."),
                                   width > 0 ? width : kNoLimit));
  }
  return text;
}

}  // namespace concert::cli
