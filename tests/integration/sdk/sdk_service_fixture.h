// The fixture of the SDK's service tests: an EchoParty served by the SDK on
// a loopback port, its draft, and the calls a coordinator makes.
#ifndef CONCERT_TESTS_INTEGRATION_SDK_SDK_SERVICE_FIXTURE_H_
#define CONCERT_TESTS_INTEGRATION_SDK_SDK_SERVICE_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/sdk/serve.h"
#include "concert/v1/party.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "tests/integration/sdk/test_sdk_party.h"
#include "tests/support/evaluate_batch.h"

namespace concert::testing {

// Three proposals: talks (plain), aid ("object"), charter ("abstain"), and
// two that misbehave: mute ("no-vote") and crash ("throws").
inline v1::CharterDraft EchoDraft(const std::string& id = "echo-draft") {
  auto draft = ParseDraftFromString(
      R"pb(
        stages { id: "S1" }
        stage_order: FREE
        proposals { id: "talks" stage: "S1" }
        proposals { id: "aid" stage: "S1" tags: "object" }
        proposals { id: "charter" stage: "S1" tags: "abstain" }
        proposals { id: "mute" stage: "S1" tags: "no-vote" }
        proposals { id: "crash" stage: "S1" tags: "throws" }
      )pb",
      "echo-draft");
  EXPECT_TRUE(draft.ok()) << draft.status();
  v1::CharterDraft d = draft.ok() ? *draft : v1::CharterDraft();
  d.set_id(id);
  return d;
}

inline v1::TableRequest EchoTable(const std::string& id = "echo-draft",
                                  const std::string& variant = "") {
  v1::TableRequest request;
  *request.mutable_draft() = EchoDraft(id);
  request.set_variant(variant);
  return request;
}

class SdkServiceTest : public ::testing::Test {
 protected:
  void Serve(sdk::ServeOptions options = {}) {
    auto running = sdk::RunningParty::Start(party_, options);
    ASSERT_TRUE(running.ok()) << running.status();
    running_ = *std::move(running);
    channel_ = grpc::CreateChannel(running_->address(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::Party::NewStub(channel_);
  }
  void SetUp() override { Serve(); }

  grpc::Status Table(const v1::TableRequest& request, std::string* digest) {
    grpc::ClientContext ctx;
    v1::TableResponse response;
    grpc::Status status = stub_->Table(&ctx, request, &response);
    *digest = response.draft_digest();
    return status;
  }
  std::string Tabled(const v1::TableRequest& request = EchoTable()) {
    std::string digest;
    const grpc::Status status = Table(request, &digest);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return digest;
  }
  grpc::Status Evaluate(const v1::EvaluateRequest& request,
                        v1::EvaluateResponse* response) {
    grpc::ClientContext ctx;
    return stub_->Evaluate(&ctx, request, response);
  }
  static v1::EvaluateRequest Question(const std::string& digest,
                                      std::vector<std::string> adopted,
                                      const std::string& proposal) {
    v1::EvaluateRequest request;
    request.set_draft_digest(digest);
    for (auto& a : adopted) request.add_adopted(a);
    request.set_proposal(proposal);
    return request;
  }
  // Sends `batches` on one stream and returns every result, in order.
  std::vector<v1::EvaluateBatchResult> Stream(
      const std::vector<v1::EvaluateBatch>& batches) {
    grpc::ClientContext ctx;
    auto stream = stub_->EvaluateStream(&ctx);
    std::vector<v1::EvaluateBatchResult> results;
    for (const auto& batch : batches) {
      EXPECT_TRUE(stream->Write(batch));
      v1::EvaluateBatchResult result;
      EXPECT_TRUE(stream->Read(&result));
      results.push_back(result);
    }
    stream->WritesDone();
    v1::EvaluateBatchResult extra;
    EXPECT_FALSE(stream->Read(&extra)) << "a result no batch asked for";
    const grpc::Status status = stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return results;
  }
  // A batch about `digest`: question i asks proposals[i] after sets[i].
  static v1::EvaluateBatch Batch(std::uint64_t id, const std::string& digest,
                                 const std::vector<std::uint64_t>& sets,
                                 const std::vector<std::uint32_t>& proposals,
                                 bool details = false) {
    return testing::MakeBatch(id, digest, sets, proposals, details);
  }

  EchoParty party_;
  std::unique_ptr<sdk::RunningParty> running_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Party::Stub> stub_;
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_SDK_SDK_SERVICE_FIXTURE_H_
