// The Python example party keeps the contract of proto/concert/v1/party.proto,
// asked directly over gRPC as the coordinator would ask it: the variants it
// serves (its model's, and any other as the baseline), stable digests,
// FAILED_PRECONDITION or a "digest" error for a draft it does not know (and
// none when the call carries the draft), INVALID_ARGUMENT or `error` for a
// question it cannot take, one result per batch under its request_id.
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "concert/v1/party.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "tests/integration/examples/python_party.h"
#include "tests/support/evaluate_batch.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Proposal 0 raises peace; 1 lowers it, which the party would tolerate
// (du -1, objection threshold 2) but for its red line when peace is at 0;
// 2 moves nothing it cares about.
constexpr char kModel[] = R"({
  "id": "P", "name": "Python",
  "positions": {"peace": {"ideal": 5, "salience": 1}},
  "support_threshold": 0.5, "objection_threshold": 2,
  "red_lines": [{"id": "floor", "dimension": "peace", "below": 0}],
  "variants": {"gentle": {"remove_red_lines": ["floor"],
                          "objection_threshold": 5}}
})";

v1::TableRequest Tabled(const std::string& variant = "") {
  auto draft = ParseDraftFromString(
      R"pb(
        id: "contract"
        stages { id: "S1" }
        stage_order: FREE
        proposals {
          id: "up"
          stage: "S1"
          effects { dimension: "peace" delta: 2 }
        }
        proposals {
          id: "down"
          stage: "S1"
          effects { dimension: "peace" delta: -1 }
        }
        proposals {
          id: "other"
          stage: "S1"
          effects { dimension: "trade" delta: 1 }
        }
      )pb",
      "contract");
  EXPECT_TRUE(draft.ok()) << draft.status();
  v1::TableRequest request;
  if (draft.ok()) *request.mutable_draft() = *draft;
  request.set_variant(variant);
  return request;
}

class PythonPartyContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = PythonPartyUnavailable(); !why.empty()) {
      GTEST_SKIP() << why;
    }
    party_ = std::make_unique<PythonParty>(kModel);
    ASSERT_TRUE(party_->serving()) << party_->log();
    stub_ = v1::Party::NewStub(grpc::CreateChannel(
        party_->address(), grpc::InsecureChannelCredentials()));
  }

  static void Deadline(grpc::ClientContext* ctx) {
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(30));
  }

  std::string Table(const v1::TableRequest& request) {
    grpc::ClientContext ctx;
    Deadline(&ctx);
    v1::TableResponse response;
    const grpc::Status status = stub_->Table(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.draft_digest();
  }

  grpc::Status Evaluate(const v1::EvaluateRequest& request,
                        v1::EvaluateResponse* response) {
    grpc::ClientContext ctx;
    Deadline(&ctx);
    return stub_->Evaluate(&ctx, request, response);
  }

  // Sends the batches on one stream; the results by request_id (a second
  // result for one id fails the test).
  std::map<std::uint64_t, v1::EvaluateBatchResult> Stream(
      const std::vector<v1::EvaluateBatch>& batches) {
    grpc::ClientContext ctx;
    Deadline(&ctx);
    auto stream = stub_->EvaluateStream(&ctx);
    for (const auto& batch : batches) EXPECT_TRUE(stream->Write(batch));
    stream->WritesDone();
    std::map<std::uint64_t, v1::EvaluateBatchResult> results;
    v1::EvaluateBatchResult result;
    while (stream->Read(&result)) {
      EXPECT_TRUE(results.emplace(result.request_id(), result).second)
          << "two results for request " << result.request_id();
    }
    const grpc::Status status = stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return results;
  }

  std::unique_ptr<PythonParty> party_;
  std::unique_ptr<v1::Party::Stub> stub_;
};

v1::EvaluateBatch Batch(std::uint64_t id, const std::string& digest,
                        const std::vector<std::uint64_t>& sets,
                        const std::vector<std::uint32_t>& proposals) {
  return MakeBatch(id, digest, sets, proposals);
}

TEST_F(PythonPartyContractTest, DescribesItsSeatAndSetMemory) {
  grpc::ClientContext ctx;
  Deadline(&ctx);
  v1::DescribeResponse response;
  ASSERT_TRUE(stub_->Describe(&ctx, {}, &response).ok());
  EXPECT_EQ(response.party_id(), "P");
  EXPECT_EQ(response.name(), "Python");
  EXPECT_EQ(response.version(), "python-party 0.1.0");
  EXPECT_EQ(response.memory(), v1::MEMORY_SET);
  EXPECT_THAT(response.variants(), ElementsAre("gentle"));
  // Its model keeps the baseline under any variant it does not list.
  EXPECT_TRUE(response.baseline_for_other_variants());
}

TEST_F(PythonPartyContractTest, AVariantItsModelDoesNotListIsTheBaseline) {
  const std::string baseline = Table(Tabled());
  const std::string unlisted = Table(Tabled("unlisted"));
  EXPECT_FALSE(unlisted.empty());
  // The digest names the variant all the same.
  EXPECT_NE(unlisted, baseline);
  v1::EvaluateRequest request;
  request.set_draft_digest(unlisted);
  request.set_proposal("down");
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(request, &response).ok());
  // The baseline's red line, which "gentle" removes, still holds.
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(response.rationale(), HasSubstr("red line floor"));
}

TEST_F(PythonPartyContractTest, TheSameDraftGetsTheSameDigest) {
  const std::string digest = Table(Tabled());
  EXPECT_FALSE(digest.empty());
  EXPECT_EQ(Table(Tabled()), digest);
  EXPECT_NE(Table(Tabled("gentle")), digest);
}

TEST_F(PythonPartyContractTest, VotesFromItsModelWithReasons) {
  const std::string digest = Table(Tabled());
  v1::EvaluateRequest request;
  request.set_draft_digest(digest);
  request.set_proposal("down");
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(request, &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(response.rationale(), HasSubstr("red line floor"));
  EXPECT_THAT(response.conditions(), ElementsAre("peace >= 1"));

  request.add_adopted("up");  // peace 2: down leaves it at 1
  ASSERT_TRUE(Evaluate(request, &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_ABSTAIN);
  EXPECT_DOUBLE_EQ(response.utility_change(), -1);
}

TEST_F(PythonPartyContractTest, AnUnknownDigestIsFailedPrecondition) {
  v1::EvaluateRequest request;
  request.set_draft_digest("feedface");
  request.set_proposal("up");
  v1::EvaluateResponse response;
  const grpc::Status status = Evaluate(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("digest"));

  // A replica that never saw Table answers when the call carries the draft.
  *request.mutable_table() = Tabled();
  ASSERT_TRUE(Evaluate(request, &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_SUPPORT);
}

TEST_F(PythonPartyContractTest, QuestionsItCannotTakeAreInvalidArgument) {
  const std::string digest = Table(Tabled());
  auto ask = [&](const std::string& proposal,
                 std::vector<std::string> adopted) {
    v1::EvaluateRequest request;
    request.set_draft_digest(digest);
    request.set_proposal(proposal);
    for (auto& id : adopted) request.add_adopted(id);
    v1::EvaluateResponse response;
    return Evaluate(request, &response);
  };
  EXPECT_EQ(ask("nope", {}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ask("up", {"nope"}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ask("up", {"down", "down"}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ask("up", {"up"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(ask("up", {"down"}).ok());
}

TEST_F(PythonPartyContractTest, AWhatIfOverlayIsRefusedNotIgnored) {
  v1::TableRequest request = Tabled();
  request.mutable_overlay()->add_lift_rules("any_rule");
  grpc::ClientContext ctx;
  Deadline(&ctx);
  v1::TableResponse response;
  const grpc::Status status = stub_->Table(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("overlays"), std::string::npos)
      << status.error_message();
  // A perturbation alone is taken (the party leaves it aside).
  v1::TableRequest perturbed = Tabled();
  perturbed.mutable_perturbation()->set_seed(3);
  perturbed.mutable_perturbation()->set_spread(0.5);
  EXPECT_FALSE(Table(perturbed).empty());
}

TEST_F(PythonPartyContractTest, OneResultPerBatchUnderItsRequestId) {
  const std::string digest = Table(Tabled());
  v1::EvaluateBatch detailed =
      Batch(7, digest, {0, 0, 0b01, 0b11}, {0, 1, 1, 2});
  detailed.set_details(true);
  const auto results = Stream({
      detailed, Batch(8, digest, {0, 0}, {0}),  // sizes differ
      Batch(9, digest, {0}, {3}),               // index out of range
      Batch(10, digest, {0b001}, {0}),          // proposal already in its set
      Batch(11, digest, {0b1000}, {0}),         // a set beyond the draft
      Batch(12, "feedface", {0}, {0}),          // unknown digest
      Batch(13, digest, {}, {}),                // empty: answered, no votes
  });
  ASSERT_EQ(results.size(), 7u);

  const v1::EvaluateBatchResult& ok = results.at(7);
  EXPECT_EQ(ok.error(), "");
  EXPECT_THAT(ok.votes(), ElementsAre(v1::VOTE_SUPPORT, v1::VOTE_OBJECT,
                                      v1::VOTE_ABSTAIN, v1::VOTE_ABSTAIN));
  ASSERT_EQ(ok.details_size(), ok.votes_size());
  for (int i = 0; i < ok.details_size(); ++i) {
    EXPECT_EQ(ok.details(i).vote(), ok.votes(i)) << "question " << i;
  }
  EXPECT_THAT(ok.details(1).conditions(), ElementsAre("peace >= 1"));

  for (std::uint64_t id : {8, 9, 10, 11, 12}) {
    EXPECT_NE(results.at(id).error(), "") << "request " << id;
    EXPECT_EQ(results.at(id).votes_size(), 0) << "request " << id;
    EXPECT_EQ(results.at(id).details_size(), 0) << "request " << id;
  }
  EXPECT_THAT(results.at(12).error(), HasSubstr("digest"));
  EXPECT_EQ(results.at(13).error(), "");
  EXPECT_EQ(results.at(13).votes_size(), 0);
}

TEST_F(PythonPartyContractTest, AStreamCarryingTheDraftNeedsNoTable) {
  v1::EvaluateBatch first = Batch(1, "never-tabled", {0}, {1});
  *first.mutable_table() = Tabled("gentle");
  const auto results = Stream({first, Batch(2, "never-tabled", {0}, {0})});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results.at(1).error(), "");
  // Under "gentle" the red line is gone and the objection threshold wide.
  EXPECT_THAT(results.at(1).votes(), ElementsAre(v1::VOTE_ABSTAIN));
  EXPECT_THAT(results.at(2).votes(), ElementsAre(v1::VOTE_SUPPORT));
}

TEST_F(PythonPartyContractTest, SetsOfMoreThanOneWordAreRead) {
  const std::string digest = Table(Tabled());
  v1::EvaluateBatch batch = Batch(1, digest, {0b01, 0, 0, 0}, {1, 1});
  batch.set_set_words(2);
  v1::EvaluateBatch zero = Batch(2, digest, {}, {0});
  zero.set_set_words(0);
  const auto results = Stream({batch, zero});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_THAT(results.at(1).votes(),
              ElementsAre(v1::VOTE_ABSTAIN, v1::VOTE_OBJECT));
  EXPECT_NE(results.at(2).error(), "");
}

TEST_F(PythonPartyContractTest, StopsCleanlyOnSigterm) {
  Table(Tabled());
  int exit_code = -1;
  const auto answered = party_->Stop(&exit_code);
  EXPECT_EQ(exit_code, 0) << party_->log();
  ASSERT_TRUE(answered.has_value()) << party_->log();
  EXPECT_EQ(answered->tables, 1);
}

// The coordinator keeps its stream to a party open between requests: a
// stream waiting for its next batch must not hold the stop for the grace.
TEST(PythonPartyStopTest, AStreamWaitingForItsNextBatchDoesNotHoldTheStop) {
  if (const std::string why = PythonPartyUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  PythonParty party(kModel, {"--grace-ms", "60000"});
  ASSERT_TRUE(party.serving()) << party.log();
  auto stub = v1::Party::NewStub(
      grpc::CreateChannel(party.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  auto stream = stub->EvaluateStream(&ctx);
  v1::EvaluateBatch batch = Batch(1, "never-tabled", {0}, {0});
  *batch.mutable_table() = Tabled();
  ASSERT_TRUE(stream->Write(batch));
  v1::EvaluateBatchResult result;
  ASSERT_TRUE(stream->Read(&result)) << party.log();
  ASSERT_EQ(result.votes_size(), 1) << result.error();

  const auto start = std::chrono::steady_clock::now();
  int exit_code = -1;
  const auto answered = party.Stop(&exit_code);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15))
      << "the stop waited out the grace period for an idle stream";
  EXPECT_EQ(exit_code, 0) << party.log();
  ASSERT_TRUE(answered.has_value()) << party.log();
  EXPECT_EQ(answered->batches, 1);
}

}  // namespace
}  // namespace concert::testing
