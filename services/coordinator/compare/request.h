// What a comparison request must be before any party is asked, and the
// digest that names a robustness study across its shards.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_REQUEST_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::coordinator {

// Limits on one request, so that a typo cannot occupy a coordinator for a
// week: samples per study, drafts, what-ifs and the concession search.
struct CompareLimits {
  std::uint64_t max_samples = 1'000'000;
  int max_drafts = 32;
  int max_what_ifs = 32;
  std::uint32_t max_concession_exact_size = 6;
  std::uint32_t max_concession_budget = 1'000'000;
};

// INVALID_ARGUMENT naming the first problem: no drafts, a draft that does
// not fit the scenario (prefixed "draft 2 'id': …", listing every problem),
// two drafts with one id, an unknown or repeated variant, a decision rule
// that is not one (a qualified-majority threshold outside (0, 1]), a spread
// that is negative or not finite, more samples than the limit, a shard
// index outside 1..count, a what-if without a name, with a repeated name,
// or naming a party the scenario does not have (or one party twice), and
// concession settings beyond the limits.
absl::Status ValidateCompareRequest(const v1::Scenario& scenario,
                                    const v1::CompareRequest& request,
                                    const CompareLimits& limits = {});

// SHA-256 (hex) of what the study compares: the scenario as clients see it
// (core/public_scenario.h) and the request without its shard and without
// include_graphs. Shards of one study have equal digests.
std::string StudyDigest(const v1::Scenario& scenario,
                        const v1::CompareRequest& request);

// The variants a request compares: its own, or the baseline alone.
std::vector<std::string> VariantsOf(const v1::CompareRequest& request);

// The decision rules a request compares: its own, or the scenario's.
std::vector<v1::DecisionRule> RulesOf(const v1::Scenario& scenario,
                                      const v1::CompareRequest& request);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_REQUEST_H_
