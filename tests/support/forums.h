// Small forums built in code for the coordinator's tests: a scenario of N
// parties "P0".."P{N-1}" and drafts of N proposals "p0".."p{N-1}", so that
// every test speaks of the same names.
#ifndef CONCERT_TESTS_SUPPORT_FORUMS_H_
#define CONCERT_TESTS_SUPPORT_FORUMS_H_

#include <vector>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/draft_index.h"

namespace concert::coordinator::testing {

// Scenario "test-scenario" with parties "P0".."P{parties-1}" (names "Party
// i", weight 1) under `kind`.
v1::Scenario MakeScenario(
    int parties, v1::DecisionRule::Kind kind = v1::DecisionRule::CONSENSUS);

// Draft "test-draft" of `n` proposals "p0".."p{n-1}" (titles "Proposal i");
// proposal i is in stage stage_of[i] (stages "s0".."s{k}"; all in "s0" when
// stage_of is empty); prerequisites[i] lists the indices proposal i
// requires.
v1::CharterDraft MakeDraft(
    int n, bool strict = false, const std::vector<int>& stage_of = {},
    const std::vector<std::vector<int>>& prerequisites = {});

// The draft's index; fails the test (and returns an empty index) when the
// draft cannot be indexed.
DraftIndex IndexOf(const v1::CharterDraft& draft);

}  // namespace concert::coordinator::testing

#endif  // CONCERT_TESTS_SUPPORT_FORUMS_H_
