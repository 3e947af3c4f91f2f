// The fixture of the vote-source tests: every party of the shipped scenario
// as an in-test party (TestParty) on a loopback port, a shipped draft, and
// the endpoints a GrpcVoteSource dials, in scenario order.
#ifndef CONCERT_TESTS_INTEGRATION_COORDINATOR_SERVED_PARTIES_H_
#define CONCERT_TESTS_INTEGRATION_COORDINATOR_SERVED_PARTIES_H_

#include <memory>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/coordinator/rpc/channel_pool.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {

class ServedPartiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    for (const v1::PartySpec& spec : scenario_.parties()) {
      parties_.push_back(ServedParty::Start(spec, VariantNames(scenario_)));
      ASSERT_NE(parties_.back()->server, nullptr) << spec.id();
    }
    draft_ = ShippedDraft("arf-three-stage");
  }

  std::vector<coordinator::PartyEndpoint> Endpoints() const {
    std::vector<coordinator::PartyEndpoint> endpoints;
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      coordinator::PartyEndpoint e;
      e.id = scenario_.parties(i).id();
      e.address = parties_[i]->address();
      e.channel = coordinator::MakePartyChannel(e.address);
      endpoints.push_back(std::move(e));
    }
    return endpoints;
  }

  TestParty& party(int i) { return *parties_[i]->party; }

  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  v1::CharterDraft draft_;
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_COORDINATOR_SERVED_PARTIES_H_
