// The fixture of the Party service's tests: the built-in DPRK of a small
// scenario served by a real gRPC server on a loopback port, a draft to
// table, and the calls a coordinator makes.
#ifndef CONCERT_TESTS_INTEGRATION_PARTY_PARTY_SERVICE_FIXTURE_H_
#define CONCERT_TESTS_INTEGRATION_PARTY_PARTY_SERVICE_FIXTURE_H_

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "concert/v1/party.grpc.pb.h"
#include "services/common/server/server.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/parse.h"

namespace concert::party::testing {

using ::concert::testing::Parse;

// Likes security assurance, dislikes denuclearization, and will not
// denuclearize before assurance reaches 2 and a verification body exists.
inline v1::PartySpec Dprk() {
  return Parse<v1::PartySpec>(R"pb(
    id: "DPRK"
    name: "Democratic People's Republic of Korea"
    interests {
      positions { dimension: "security_assurance" ideal: 10 salience: 2 }
      positions { dimension: "denuclearization" ideal: 0 salience: 0.5 }
      support_threshold: 0.5
      objection_threshold: 0.5
      rules {
        id: "no_denuc_first"
        kind: RED_LINE
        reason: "no disarmament before assurance"
        covers { tags: "nuclear" }
        condition {
          thresholds {
            dimension: "security_assurance"
            comparison: AT_LEAST
            value: 2
          }
          adopted: "verif"
        }
      }
    }
    variants { name: "transformation" remove_rules: "no_denuc_first" }
  )pb");
}

inline v1::TableRequest TableRequest(const std::string& variant = "") {
  v1::TableRequest request = Parse<v1::TableRequest>(R"pb(
    draft {
      id: "mini"
      stages { id: "S1" }
      stages { id: "S2" }
      proposals {
        id: "assure"
        stage: "S1"
        effects { dimension: "security_assurance" delta: 2 }
      }
      proposals {
        id: "verif"
        stage: "S1"
        effects { dimension: "denuclearization" delta: 0.5 }
      }
      proposals {
        id: "dismantle"
        stage: "S2"
        tags: "nuclear"
        prerequisites: "verif"
        effects { dimension: "denuclearization" delta: 2 }
        effects { dimension: "security_assurance" delta: 1 }
      }
    }
    initial_state { dimension: "security_assurance" value: 0 }
  )pb");
  request.set_variant(variant);
  return request;
}

class PartyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.component = "party/DPRK";
    options.grace = std::chrono::milliseconds(200);
    absl::StatusOr<std::unique_ptr<RunningServer>> server =
        RunningServer::Start(options, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(server_->address(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::Party::NewStub(channel_);
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::string Table(const std::string& variant = "") {
    grpc::ClientContext context;
    v1::TableResponse response;
    const grpc::Status status =
        stub_->Table(&context, TableRequest(variant), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.draft_digest();
  }

  grpc::Status Evaluate(const std::string& digest,
                        std::vector<std::string> adopted,
                        const std::string& proposal,
                        v1::EvaluateResponse* response) {
    grpc::ClientContext context;
    v1::EvaluateRequest request;
    request.set_draft_digest(digest);
    for (auto& id : adopted) request.add_adopted(id);
    request.set_proposal(proposal);
    return stub_->Evaluate(&context, request, response);
  }

  PartyService service_{Dprk(), {4, {"transformation", "status_quo"}}};
  std::unique_ptr<RunningServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Party::Stub> stub_;
};

}  // namespace concert::party::testing

#endif  // CONCERT_TESTS_INTEGRATION_PARTY_PARTY_SERVICE_FIXTURE_H_
