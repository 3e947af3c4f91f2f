// Small forums for the coordinator's integration tests: a three-party
// scenario and a three-proposal draft written inline, and helpers to run a
// session over real gRPC and collect its events.
#ifndef CONCERT_TESTS_INTEGRATION_COORDINATOR_FORUM_FIXTURE_H_
#define CONCERT_TESTS_INTEGRATION_COORDINATOR_FORUM_FIXTURE_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "concert/v1/coordinator.grpc.pb.h"
#include "concert/v1/session.pb.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"

namespace concert::testing {

// Three parties; C objects to `aid` until `talks` is adopted (a red line),
// everyone supports everything else.
inline v1::Scenario SmallScenario() {
  auto scenario = ParseScenarioFromString(R"pb(
    id: "small"
    dimensions { id: "peace" }
    dimensions { id: "aid" }
    parties { id: "A" name: "Alpha" interests {
      positions { dimension: "peace" ideal: 5 salience: 1 }
      positions { dimension: "aid" ideal: 5 salience: 1 }
      support_threshold: 0.1 objection_threshold: 0.1 } }
    parties { id: "B" name: "Beta" interests {
      positions { dimension: "peace" ideal: 5 salience: 1 }
      positions { dimension: "aid" ideal: 5 salience: 1 }
      support_threshold: 0.1 objection_threshold: 0.1 } }
    parties { id: "C" name: "Gamma" interests {
      positions { dimension: "peace" ideal: 5 salience: 1 }
      positions { dimension: "aid" ideal: 5 salience: 1 }
      support_threshold: 0.1 objection_threshold: 0.1
      rules { id: "talks_first" kind: RED_LINE covers { tags: "aid" }
              condition { adopted: "talks" } reason: "no aid before talks" } } }
    rule { kind: CONSENSUS }
    variants { name: "without-c" absent_parties: "C" }
  )pb", "small-scenario");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *scenario : v1::Scenario();
}

// `aid` is tabled first but C blocks it until `talks` passes.
inline v1::CharterDraft SmallDraft() {
  auto draft = ParseDraftFromString(R"pb(
    id: "small-draft" title: "Aid then talks"
    stages { id: "S1" }
    stage_order: FREE
    proposals { id: "aid" stage: "S1" tags: "aid" effects { dimension: "aid" delta: 1 } }
    proposals { id: "talks" stage: "S1" effects { dimension: "peace" delta: 1 } }
    proposals { id: "charter" stage: "S1" prerequisites: "talks"
                effects { dimension: "peace" delta: 1 } }
  )pb", "small-draft");
  EXPECT_TRUE(draft.ok()) << draft.status();
  return draft.ok() ? *draft : v1::CharterDraft();
}

struct SessionCall {
  grpc::Status status;
  v1::Session session;
  int events = 0;
};

// Runs a session through a Coordinator stub and gathers every event.
inline SessionCall RunOverGrpc(v1::Coordinator::Stub& stub, const v1::RunSessionRequest& request) {
  SessionCall call;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto reader = stub.RunSession(&ctx, request);
  v1::SessionEvent event;
  while (reader->Read(&event)) {
    ++call.events;
    if (event.has_started()) *call.session.mutable_started() = event.started();
    if (event.has_round()) *call.session.add_rounds() = event.round();
    if (event.has_summary()) *call.session.mutable_summary() = event.summary();
  }
  call.status = reader->Finish();
  return call;
}

inline std::unique_ptr<v1::Coordinator::Stub> CoordinatorStub(const std::string& address) {
  return v1::Coordinator::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_COORDINATOR_FORUM_FIXTURE_H_
