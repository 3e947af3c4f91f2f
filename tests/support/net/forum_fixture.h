// Small forums for the coordinator's integration tests: a three-party
// scenario and a three-proposal draft written inline, and helpers to run a
// session over real gRPC and collect its events.
#ifndef CONCERT_TESTS_SUPPORT_NET_FORUM_FIXTURE_H_
#define CONCERT_TESTS_SUPPORT_NET_FORUM_FIXTURE_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "concert/v1/coordinator.grpc.pb.h"
#include "concert/v1/session.pb.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "tests/support/net/coordinator_calls.h"

namespace concert::testing {

// Three parties; C objects to `aid` until `talks` is adopted (a red line),
// everyone supports everything else.
inline v1::Scenario SmallScenario() {
  auto scenario = ParseScenarioFromString(
      R"pb(
        id: "small"
        dimensions { id: "peace" }
        dimensions { id: "aid" }
        parties {
          id: "A"
          name: "Alpha"
          interests {
            positions { dimension: "peace" ideal: 5 salience: 1 }
            positions { dimension: "aid" ideal: 5 salience: 1 }
            support_threshold: 0.1
            objection_threshold: 0.1
          }
        }
        parties {
          id: "B"
          name: "Beta"
          interests {
            positions { dimension: "peace" ideal: 5 salience: 1 }
            positions { dimension: "aid" ideal: 5 salience: 1 }
            support_threshold: 0.1
            objection_threshold: 0.1
          }
        }
        parties {
          id: "C"
          name: "Gamma"
          interests {
            positions { dimension: "peace" ideal: 5 salience: 1 }
            positions { dimension: "aid" ideal: 5 salience: 1 }
            support_threshold: 0.1
            objection_threshold: 0.1
            rules {
              id: "talks_first"
              kind: RED_LINE
              covers { tags: "aid" }
              condition { adopted: "talks" }
              reason: "no aid before talks"
            }
          }
        }
        rule { kind: CONSENSUS }
        variants { name: "without-c" absent_parties: "C" }
      )pb",
      "small-scenario");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *scenario : v1::Scenario();
}

// `aid` is tabled first but C blocks it until `talks` passes.
inline v1::CharterDraft SmallDraft() {
  auto draft = ParseDraftFromString(R"pb(
                                      id: "small-draft"
                                      title: "Aid then talks"
                                      stages { id: "S1" }
                                      stage_order: FREE
                                      proposals {
                                        id: "aid"
                                        stage: "S1"
                                        tags: "aid"
                                        effects { dimension: "aid" delta: 1 }
                                      }
                                      proposals {
                                        id: "talks"
                                        stage: "S1"
                                        effects { dimension: "peace" delta: 1 }
                                      }
                                      proposals {
                                        id: "charter"
                                        stage: "S1"
                                        prerequisites: "talks"
                                        effects { dimension: "peace" delta: 1 }
                                      }
                                    )pb",
                                    "small-draft");
  EXPECT_TRUE(draft.ok()) << draft.status();
  return draft.ok() ? *draft : v1::CharterDraft();
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_FORUM_FIXTURE_H_
