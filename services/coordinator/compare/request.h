// What a comparison request must be before any party is asked, and the
// digest that names a robustness study across its shards.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_REQUEST_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/party.pb.h"
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
// or a size of the perturbation template that is negative or not finite
// (the size named by its field: party::CheckPerturbation), more samples
// than the limit, a shard index outside 1..count, a what-if without a name,
// with a repeated name, or naming a party the scenario does not have (or
// one party twice), and concession settings beyond the limits.
absl::Status ValidateCompareRequest(const v1::Scenario& scenario,
                                    const v1::CompareRequest& request,
                                    const CompareLimits& limits = {});

// SHA-256 (hex) of what the study compares: the scenario as clients see it
// (core/public_scenario.h) and the request without its shard, without
// include_graphs and without the perturbation template's seed (ignored).
// Shards of one study have equal digests; studies of other spreads or
// other per-component sizes have other digests, so they never merge.
std::string StudyDigest(const v1::Scenario& scenario,
                        const v1::CompareRequest& request);

// The perturbation every robustness sample of `request` tables, but for its
// seed (each sample draws its own): the request's template when it has one,
// else {spread}. Its seed is 0.
v1::Perturbation StudyPerturbation(const v1::CompareRequest& request);

// The variants a request compares: its own, or the baseline alone.
std::vector<std::string> VariantsOf(const v1::CompareRequest& request);

// The decision rules a request compares: its own, or the scenario's.
std::vector<v1::DecisionRule> RulesOf(const v1::Scenario& scenario,
                                      const v1::CompareRequest& request);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_REQUEST_H_
