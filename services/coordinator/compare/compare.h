// The comparison of charter drafts (DESIGN: "Comparison"): each draft
// explored under each variant and each decision rule, side by side, with
// what-if rows, a robustness study under party-private perturbations, the
// smallest concessions that would unlock an out-of-reach charter, and the
// drafts' structural diff.
//
// A comparison must not pay an exploration's fixed cost thousands of times,
// so it asks each forum's votes once: for every (draft, variant) the parties
// answer all of the draft's admissible questions in one Ask (the columns of
// vote_columns.h), and every decision rule is then explored from those
// columns; a what-if asks again only the parties it changes, a robustness
// sample asks every party once, a concession try only the conceding
// parties. A draft with more admissible questions than the limit, or a
// forum with a party whose votes depend on the order (HISTORY memory), is
// explored live instead and gets no robustness study, heat map or
// concession search (its rows say why).
//
// Phases, each reported to the progress callback: "explore" (per draft and
// variant: the votes, then one exploration per rule and what-if),
// "robustness" (the samples), "concessions" (the searches).
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_COMPARE_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_COMPARE_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/coordinator/compare/request.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/explorer.h"

namespace concert::coordinator {

struct CompareOptions {
  // Admissible questions of one draft asked ahead (per party); beyond, the
  // draft is explored level by level (see above).
  std::uint64_t max_questions = std::uint64_t{1} << 18;
  // The explorations' budget (include_graph and veto_power are set here).
  ExploreOptions explore;
  CompareLimits limits;
  // Least time between two progress reports (the last of a phase is
  // always reported).
  std::int64_t progress_interval_ms = 200;
};

// Called with progress; returning false cancels (CANCELLED).
using CompareProgressFn = std::function<bool(const v1::CompareProgress&)>;

// Compares as `request` asks with the parties behind `source` (the
// scenario's, in order). Validates first (request.h). A row that cannot be
// computed (a party unreachable under one variant) carries its error and
// the comparison goes on; a party failing during the robustness study or a
// concession search fails the comparison (UNAVAILABLE naming the party),
// since half a study would mislead. Fills everything but comparison_id.
absl::StatusOr<v1::Comparison> Compare(
    const v1::Scenario& scenario, const v1::CompareRequest& request,
    VoteSource& source, const CompareOptions& options = {},
    const CompareProgressFn& progress = nullptr);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_COMPARE_H_
