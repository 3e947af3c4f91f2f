#include "clients/concert/render/records_compare.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/report_numbers.h"
#include "google/protobuf/repeated_ptr_field.h"

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

}  // namespace concert::cli
