// The shipped six-party scenario and drafts, compared in process (the
// built-in parties' models called directly): what the comparison tests
// start from.
#ifndef CONCERT_TESTS_UNIT_COMPARE_SHIPPED_FIXTURE_H_
#define CONCERT_TESTS_UNIT_COMPARE_SHIPPED_FIXTURE_H_

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "services/common/valid_files.h"
#include "services/coordinator/compare/compare.h"
#include "services/coordinator/core/in_process_vote_source.h"

namespace concert::coordinator {

class ShippedForum : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scenario =
        LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    scenario_ = *scenario;
  }

  v1::CharterDraft Draft(const std::string& name) const {
    auto draft = LoadValidDraft(
        CONCERT_SOURCE_DIR "/scenarios/drafts/" + name + ".textproto",
        scenario_);
    EXPECT_TRUE(draft.ok()) << draft.status();
    return draft.ok() ? *draft : v1::CharterDraft();
  }

  // Compares in process over `scenario` (default: the shipped one).
  absl::StatusOr<v1::Comparison> Run(const v1::CompareRequest& request,
                                     const v1::Scenario* scenario = nullptr) {
    const v1::Scenario& s = scenario == nullptr ? scenario_ : *scenario;
    InProcessVoteSource source(s);
    return Compare(s, request, source);
  }

  // Explores in process over `scenario`.
  absl::StatusOr<v1::Exploration> ExploreIn(
      const v1::Scenario& scenario, const v1::CharterDraft& draft,
      const std::string& variant,
      v1::ExploreStrategy strategy = v1::EXPLORE_STRATEGY_UNSPECIFIED) {
    InProcessVoteSource source(scenario);
    ExploreOptions options;
    options.strategy = strategy;
    ExploreInput input;
    input.scenario = &scenario;
    input.draft = &draft;
    input.variant = variant;
    return Explore(input, options, source);
  }

  v1::Scenario scenario_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_TESTS_UNIT_COMPARE_SHIPPED_FIXTURE_H_
