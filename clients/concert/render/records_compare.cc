#include "clients/concert/render/records_compare.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/report_numbers.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/common/names.h"
#include "services/coordinator/core/decision_rule.h"

namespace concert::cli {
namespace {

using Ids = google::protobuf::RepeatedPtrField<std::string>;

std::string OutcomeName(v1::SessionSummary::Outcome outcome) {
  if (outcome == v1::SessionSummary::OUTCOME_UNSPECIFIED) return "no outcome";
  return v1::SessionSummary::Outcome_Name(outcome);
}

// Where two orders of adoption part: empty when they are the same.
std::string OrderDifference(absl::string_view what, const Ids& replayed,
                            const Ids& recorded) {
  const int common = std::min(replayed.size(), recorded.size());
  for (int i = 0; i < common; ++i) {
    if (replayed[i] != recorded[i]) {
      return absl::StrCat(what, " differs at step ", i + 1, ": ", replayed[i],
                          " (recorded ", recorded[i], ")");
    }
  }
  if (replayed.size() < recorded.size()) {
    return absl::StrCat(what, " stops after ", replayed.size(),
                        " proposals (recorded ", recorded.size(), "; next ",
                        recorded[common], ")");
  }
  if (replayed.size() > recorded.size()) {
    return absl::StrCat(what, " goes on past the recorded ", recorded.size(),
                        " proposals (step ", common + 1, ": ", replayed[common],
                        ")");
  }
  return "";
}

// Two decimal counts are the same number; two non-numbers (say, counts a
// sampled exploration left empty) only when spelled the same.
bool SameCount(const std::string& a, const std::string& b) {
  const std::string na = NormalizedDecimal(a), nb = NormalizedDecimal(b);
  if (na.empty() || nb.empty()) return a == b;
  return na == nb;
}

std::string Reachable(bool reachable) {
  return reachable ? "full charter reachable" : "full charter not reachable";
}

ReplayVerdict Verdict(absl::string_view record_id,
                      const std::vector<std::string>& differences,
                      const std::string& same) {
  if (differences.empty()) {
    return {true,
            absl::StrCat("Replay matches record ", record_id, ": ", same, ".")};
  }
  return {false, absl::StrCat("Replay differs from record ", record_id, ": ",
                              absl::StrJoin(differences, "; "), ".")};
}

// A comparison row as people name it, and as rows are matched:
// "alt-a / transformation / consensus (absent party blocks) / without X".
// The rule goes by its name, so an unset kind matches CONSENSUS.
std::string RowLabel(const v1::ComparisonRow& row) {
  std::string label = absl::StrCat(
      row.draft_id(), " / ", row.variant().empty() ? "baseline" : row.variant(),
      " / ", coordinator::RuleName(row.rule()));
  if (!row.what_if().empty()) absl::StrAppend(&label, " / ", row.what_if());
  return label;
}

// How a replayed row differs from its recorded row; empty when it does not.
std::vector<std::string> RowDifferences(const v1::ComparisonRow& replayed,
                                        const v1::ComparisonRow& recorded) {
  std::vector<std::string> out;
  if (replayed.error().empty() != recorded.error().empty()) {
    out.push_back(
        replayed.error().empty()
            ? absl::StrCat("computed (recorded failed: ", recorded.error(), ")")
            : absl::StrCat("failed: ", replayed.error()));
    return out;
  }
  const v1::Exploration& now = replayed.exploration();
  const v1::Exploration& then = recorded.exploration();
  if (!SameCount(now.admissible_sequences(), then.admissible_sequences())) {
    out.push_back(absl::StrCat(
        "admissible sequences ", FormatCount(now.admissible_sequences()),
        " (recorded ", FormatCount(then.admissible_sequences()), ")"));
  }
  if (!SameCount(now.consensus_sequences(), then.consensus_sequences())) {
    out.push_back(absl::StrCat(
        "consensus sequences ", FormatCount(now.consensus_sequences()),
        " (recorded ", FormatCount(then.consensus_sequences()), ")"));
  }
  if (now.full_charter_reachable() != then.full_charter_reachable()) {
    out.push_back(absl::StrCat(
        Reachable(now.full_charter_reachable()), " (recorded ",
        then.full_charter_reachable() ? "" : "not ", "reachable)"));
  }
  const v1::Robustness& r_now = replayed.robustness();
  const v1::Robustness& r_then = recorded.robustness();
  if (r_now.samples() != r_then.samples() ||
      r_now.reachable() != r_then.reachable()) {
    out.push_back(absl::StrCat(
        "robustness ", r_now.reachable(), " of ", r_now.samples(),
        " (recorded ", r_then.reachable(), " of ", r_then.samples(), ")"));
  }
  return out;
}

// At most this many differing rows are spelled out in a verdict.
constexpr int kRowsNamed = 3;

}  // namespace

ReplayVerdict CompareSessionReplay(const v1::SessionRecord& recorded,
                                   const v1::Session& replayed) {
  const v1::SessionSummary& then = recorded.session().summary();
  const v1::SessionSummary& now = replayed.summary();
  std::vector<std::string> differences;
  if (then.outcome() != now.outcome()) {
    differences.push_back(absl::StrCat("outcome ", OutcomeName(now.outcome()),
                                       " (recorded ",
                                       OutcomeName(then.outcome()), ")"));
  }
  std::string order =
      OrderDifference("adopted order", now.adopted(), then.adopted());
  if (!order.empty()) differences.push_back(std::move(order));

  std::string same = OutcomeName(now.outcome());
  if (now.adopted().empty()) {
    absl::StrAppend(&same, ", nothing adopted, as recorded");
  } else {
    absl::StrAppend(&same, ", the same ", now.adopted_size(),
                    now.adopted_size() == 1 ? " proposal" : " proposals",
                    " adopted in the same order");
  }
  return Verdict(recorded.id(), differences, same);
}

ReplayVerdict CompareExplorationReplay(const v1::ExplorationRecord& recorded,
                                       const v1::Exploration& replayed) {
  const v1::Exploration& then = recorded.result();
  std::vector<std::string> differences;
  if (!SameCount(replayed.admissible_sequences(),
                 then.admissible_sequences())) {
    differences.push_back(absl::StrCat(
        "admissible sequences ", FormatCount(replayed.admissible_sequences()),
        " (recorded ", FormatCount(then.admissible_sequences()), ")"));
  }
  if (!SameCount(replayed.consensus_sequences(), then.consensus_sequences())) {
    differences.push_back(absl::StrCat(
        "consensus sequences ", FormatCount(replayed.consensus_sequences()),
        " (recorded ", FormatCount(then.consensus_sequences()), ")"));
  }
  if (replayed.full_charter_reachable() != then.full_charter_reachable()) {
    differences.push_back(absl::StrCat(
        Reachable(replayed.full_charter_reachable()), " (recorded ",
        then.full_charter_reachable() ? "" : "not ", "reachable)"));
  }
  std::string best =
      OrderDifference("best sequence", replayed.best_sequence().proposals(),
                      then.best_sequence().proposals());
  if (!best.empty()) differences.push_back(std::move(best));

  const std::string same = absl::StrCat(
      FormatCount(replayed.admissible_sequences()), " admissible and ",
      FormatCount(replayed.consensus_sequences()), " consensus sequences, ",
      Reachable(replayed.full_charter_reachable()),
      replayed.best_sequence().proposals().empty()
          ? ", no best sequence, as recorded"
          : ", the same best sequence");
  return Verdict(recorded.id(), differences, same);
}

v1::CompareRequest ComparisonReplayRequest(const v1::ComparisonRecord& record,
                                           bool include_graphs) {
  v1::CompareRequest request = record.request();
  request.set_include_graphs(include_graphs);
  if (request.rules().empty()) {
    v1::DecisionRule& rule = *request.add_rules();
    rule = record.scenario().rule();
    if (rule.kind() == v1::DecisionRule::KIND_UNSPECIFIED) {
      rule.set_kind(v1::DecisionRule::CONSENSUS);
    }
  }
  return request;
}

ReplayVerdict CompareComparisonReplay(const v1::ComparisonRecord& recorded,
                                      const v1::Comparison& replayed) {
  if (recorded.status() != v1::RECORD_STATUS_COMPLETE) {
    return {false, absl::StrCat("Replay of record ", recorded.id(),
                                " has nothing to match: the record is ",
                                RecordStatusName(recorded.status()),
                                " and holds no result.")};
  }
  std::map<std::string, const v1::ComparisonRow*> now;
  for (const v1::ComparisonRow& row : replayed.rows()) {
    now.emplace(RowLabel(row), &row);
  }
  std::vector<std::string> differences;
  int differing = 0;
  const auto note = [&](std::string text) {
    if (++differing <= kRowsNamed) differences.push_back(std::move(text));
  };
  for (const v1::ComparisonRow& then : recorded.result().rows()) {
    const std::string label = RowLabel(then);
    auto it = now.find(label);
    if (it == now.end()) {
      note(absl::StrCat(label, ": missing from the replay"));
      continue;
    }
    const std::vector<std::string> row = RowDifferences(*it->second, then);
    now.erase(it);
    if (!row.empty()) note(absl::StrCat(label, ": ", absl::StrJoin(row, ", ")));
  }
  // Rows the record does not have, in the replay's order.
  for (const v1::ComparisonRow& row : replayed.rows()) {
    if (now.count(RowLabel(row)) > 0) {
      note(absl::StrCat(RowLabel(row), ": not in the record"));
    }
  }
  if (differing > kRowsNamed) {
    differences.push_back(absl::StrCat(
        differing - kRowsNamed, " more ",
        differing - kRowsNamed == 1 ? "row differs" : "rows differ"));
  }
  const int rows = recorded.result().rows_size();
  return Verdict(recorded.id(), differences,
                 absl::StrCat(rows, rows == 1 ? " row" : " rows",
                              " with the same reachability, sequence counts "
                              "and robustness"));
}

}  // namespace concert::cli
