// Comparisons for the renderers' tests (tests/unit/render, tests/integration/
// render): one small and hostile, built field by field, and one realistic —
// the shipped six-party scenario and two shipped drafts explored in process
// (the explorer over InProcessVoteSource, with their consensus graphs and
// real objection heat maps), with a robustness study, a structural diff and
// a concession search filled in by hand (those are the comparison core's,
// not under test here).
#ifndef CONCERT_TESTS_SUPPORT_COMPARISON_FIXTURE_H_
#define CONCERT_TESTS_SUPPORT_COMPARISON_FIXTURE_H_

#include <string>
#include <vector>

#include "concert/v1/charter.pb.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::testing {

// Two drafts ("alpha", "beta"), baseline and a variant, a what-if row, an
// errored row, robustness with sensitivity, a diff and a concession search.
// Strings carry commas, quotes, and "<&>" where the formats must escape
// them: one what-if is named `q"uote, <b>&amp;` and one party `<P&1>`.
v1::Comparison SmallComparison();

struct RealisticComparison {
  v1::Scenario scenario;
  // The drafts compared, in the comparison's order.
  std::vector<v1::CharterDraft> drafts;
  v1::Comparison comparison;
};

// The shipped scenarios/six-party.textproto and scenarios/drafts/NAME for
// each of `drafts` (by default paper-sequence and arf-three-stage): per
// draft, rows for the baseline and the "transformation" variant under the
// scenario's rule and the baseline under consensus minus one; every
// unmodified baseline row has its graph (include_graph) and heat map.
// Fails the test (ADD_FAILURE) on any error and returns what it has.
RealisticComparison SixPartyComparison(
    const std::vector<std::string>& drafts = {"paper-sequence",
                                              "arf-three-stage"});

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_COMPARISON_FIXTURE_H_
