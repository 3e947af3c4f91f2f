// The Party service over a real gRPC server on a loopback port: the calls a
// coordinator makes, the errors it may get, and the health and reflection
// services every concert server carries.
#include "services/party/rpc/party_service.h"

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "concert/v1/party.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/server/server.h"
#include "services/common/version/version.h"
#include "tests/integration/party/party_service_fixture.h"
#include "tests/support/parse.h"

namespace concert::party::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(PartyServiceTest, Describe) {
  grpc::ClientContext context;
  v1::DescribeResponse response;
  ASSERT_TRUE(stub_->Describe(&context, {}, &response).ok());
  EXPECT_EQ(response.party_id(), "DPRK");
  EXPECT_EQ(response.name(), "Democratic People's Republic of Korea");
  EXPECT_EQ(response.version(),
            absl::StrCat("concert-party ", ProjectVersion()));
  EXPECT_EQ(response.memory(), v1::MEMORY_SET);
  EXPECT_THAT(response.variants(), ElementsAre("transformation", "status_quo"));
}

TEST_F(PartyServiceTest, TableThenEvaluate) {
  const std::string digest = Table();
  EXPECT_EQ(digest.size(), 64u);  // hex SHA-256
  EXPECT_EQ(Table(), digest);     // same request, same digest
  EXPECT_NE(Table("transformation"), digest);

  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(digest, {}, "assure", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_SUPPORT);
  EXPECT_DOUBLE_EQ(response.utility_change(), 4.0);
  EXPECT_EQ(response.rationale(), "gains on security_assurance (+4)");

  ASSERT_TRUE(Evaluate(digest, {"verif"}, "dismantle", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(response.rationale(), HasSubstr("red line no_denuc_first"));
  EXPECT_THAT(response.conditions(), ElementsAre("security_assurance >= 2"));

  ASSERT_TRUE(
      Evaluate(digest, {"assure", "verif"}, "dismantle", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_SUPPORT);  // 2 * 1 - 0.5 * 2 = 1

  // Under the variant the red line is gone.
  ASSERT_TRUE(
      Evaluate(Table("transformation"), {"verif"}, "dismantle", &response)
          .ok());
  EXPECT_EQ(response.vote(), v1::VOTE_SUPPORT);
  // A scenario variant the party has no change for is its baseline.
  ASSERT_TRUE(
      Evaluate(Table("status_quo"), {"verif"}, "dismantle", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
}

TEST_F(PartyServiceTest, EvaluateBeforeTableIsFailedPrecondition) {
  v1::EvaluateResponse response;
  const grpc::Status status = Evaluate("0123abcd", {}, "assure", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("table the draft first"));
}

TEST_F(PartyServiceTest, MalformedQuestionsAreInvalidArgument) {
  const std::string digest = Table();
  v1::EvaluateResponse response;
  grpc::Status status = Evaluate(digest, {}, "peace_treaty", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("'peace_treaty'"));

  status = Evaluate(digest, {"nope"}, "assure", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("'nope'"));

  status = Evaluate(digest, {"assure"}, "assure", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("already adopted"));
}

TEST_F(PartyServiceTest, TableRejectsUnknownVariantsAndBrokenDrafts) {
  grpc::ClientContext context;
  v1::TableResponse response;
  grpc::Status status =
      stub_->Table(&context, TableRequest("collapse"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("transformation, status_quo"));

  v1::TableRequest broken = TableRequest();
  broken.mutable_draft()->mutable_proposals(2)->add_prerequisites("missing");
  grpc::ClientContext context2;
  status = stub_->Table(&context2, broken, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("missing"));
}

TEST_F(PartyServiceTest, OldDraftsAreDroppedBeyondTheCacheSize) {
  const std::string first = Table();
  for (int i = 0; i < 4; ++i) {
    v1::TableRequest request = TableRequest();
    request.mutable_initial_state(0)->set_value(i + 1);
    grpc::ClientContext context;
    v1::TableResponse response;
    ASSERT_TRUE(stub_->Table(&context, request, &response).ok());
  }
  EXPECT_EQ(service_.cache().size(), 4u);
  v1::EvaluateResponse response;
  EXPECT_EQ(Evaluate(first, {}, "assure", &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

v1::EvaluateBatch Batch(
    std::uint64_t id, const std::string& digest,
    std::vector<std::pair<ProposalSet, std::uint32_t>> questions) {
  v1::EvaluateBatch batch;
  batch.set_request_id(id);
  batch.set_draft_digest(digest);
  batch.set_set_words(1);
  for (auto [set, proposal] : questions) {
    batch.add_sets(set);
    batch.add_proposals(proposal);
  }
  return batch;
}

TEST_F(PartyServiceTest, BatchDetailsCarryTheRule) {
  const std::string digest = Table();
  grpc::ClientContext context;
  auto stream = stub_->EvaluateStream(&context);
  v1::EvaluateBatch batch = Batch(1, digest, {{0b010, 2}, {0, 0}});
  batch.set_details(true);
  ASSERT_TRUE(stream->Write(batch));
  ASSERT_TRUE(stream->WritesDone());
  v1::EvaluateBatchResult result;
  ASSERT_TRUE(stream->Read(&result));
  ASSERT_EQ(result.details_size(), 2) << result.error();
  EXPECT_EQ(result.details(0).rule(), "no_denuc_first");
  EXPECT_EQ(result.details(1).rule(), "");
  EXPECT_FALSE(stream->Read(&result));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(PartyServiceTest, EvaluateStreamAnswersEachBatchLikeEvaluate) {
  const std::string digest = Table();
  // assure = 0, verif = 1, dismantle = 2.
  const std::vector<std::pair<ProposalSet, std::uint32_t>> first = {
      {0, 0}, {0, 1}, {0b010, 2}, {0b011, 2}};
  const std::vector<std::pair<ProposalSet, std::uint32_t>> second = {
      {0b001, 1}, {0b010, 0}};
  const char* ids[] = {"assure", "verif", "dismantle"};

  grpc::ClientContext context;
  auto stream = stub_->EvaluateStream(&context);
  v1::EvaluateBatch batch = Batch(7, digest, first);
  batch.set_details(true);
  ASSERT_TRUE(stream->Write(batch));
  ASSERT_TRUE(stream->Write(Batch(8, digest, second)));
  ASSERT_TRUE(stream->WritesDone());

  auto check = [&](const v1::EvaluateBatchResult& result,
                   const std::vector<std::pair<ProposalSet, std::uint32_t>>&
                       questions) {
    EXPECT_TRUE(result.error().empty()) << result.error();
    ASSERT_EQ(result.votes_size(), static_cast<int>(questions.size()));
    for (size_t i = 0; i < questions.size(); ++i) {
      std::vector<std::string> adopted;
      for (int j = 0; j < 3; ++j) {
        if (Contains(questions[i].first, j)) adopted.push_back(ids[j]);
      }
      v1::EvaluateResponse expected;
      ASSERT_TRUE(
          Evaluate(digest, adopted, ids[questions[i].second], &expected).ok());
      EXPECT_EQ(result.votes(i), expected.vote()) << "question " << i;
      if (result.details_size() > 0) {
        EXPECT_EQ(result.details(i).SerializeAsString(),
                  expected.SerializeAsString());
      }
    }
  };
  v1::EvaluateBatchResult result;
  ASSERT_TRUE(stream->Read(&result));
  EXPECT_EQ(result.request_id(), 7u);
  EXPECT_EQ(result.details_size(), 4);
  check(result, first);
  EXPECT_EQ(result.votes(2), v1::VOTE_OBJECT);
  EXPECT_EQ(result.votes(3), v1::VOTE_SUPPORT);
  ASSERT_TRUE(stream->Read(&result));
  EXPECT_EQ(result.request_id(), 8u);
  EXPECT_EQ(result.details_size(), 0);  // not asked for
  check(result, second);
  EXPECT_FALSE(stream->Read(&result));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(PartyServiceTest, BadBatchesGetAnErrorAndTheStreamGoesOn) {
  const std::string digest = Table();
  grpc::ClientContext context;
  auto stream = stub_->EvaluateStream(&context);
  v1::EvaluateBatch wrong_words = Batch(1, digest, {{0, 0}});
  wrong_words.set_set_words(2);
  v1::EvaluateBatch short_sets = Batch(2, digest, {{0, 0}, {0, 1}});
  short_sets.mutable_sets()->RemoveLast();
  const v1::EvaluateBatch out_of_range = Batch(3, digest, {{0, 0}, {0, 3}});
  const v1::EvaluateBatch already_in = Batch(4, digest, {{0b001, 0}});
  const v1::EvaluateBatch unknown_digest = Batch(5, "feed", {{0, 0}});
  const v1::EvaluateBatch good = Batch(6, digest, {{0, 0}});
  const std::vector<const v1::EvaluateBatch*> batches = {
      &wrong_words, &short_sets,     &out_of_range,
      &already_in,  &unknown_digest, &good};
  for (const v1::EvaluateBatch* b : batches) {
    ASSERT_TRUE(stream->Write(*b));
  }
  ASSERT_TRUE(stream->WritesDone());

  const char* expected_errors[] = {
      "set_words must be 1", "expected one word each", "out of range",
      "already in its set", "table the draft first"};
  v1::EvaluateBatchResult result;
  for (std::uint64_t id = 1; id <= 5; ++id) {
    ASSERT_TRUE(stream->Read(&result));
    EXPECT_EQ(result.request_id(), id);
    EXPECT_THAT(result.error(), HasSubstr(expected_errors[id - 1]));
    EXPECT_EQ(result.votes_size(), 0);
  }
  ASSERT_TRUE(stream->Read(&result));
  EXPECT_EQ(result.request_id(), 6u);
  EXPECT_TRUE(result.error().empty());
  EXPECT_THAT(result.votes(), ElementsAre(v1::VOTE_SUPPORT));
  EXPECT_FALSE(stream->Read(&result));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(PartyServiceTest, APortAlreadyServedIsRefused) {
  // gRPC would otherwise share the port (SO_REUSEPORT) and split the
  // connections between two parties without a word.
  ServerOptions options;
  options.listen = server_->address();
  PartyService other(Dprk());
  auto second = RunningServer::Start(options, {&other});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(PartyServiceTest, HealthIsServing) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// Server reflection (v1alpha, the one gRPC 1.51 serves) spoken by hand: one
// ServerReflectionRequest{list_services: ""} and the service names read back
// from the raw response, so the test needs no generated reflection code.
std::vector<std::string> ListServicesByReflection(grpc::Channel* channel) {
  grpc::ClientContext context;
  const grpc::internal::RpcMethod method(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>>
      stream(grpc::internal::ClientReaderWriterFactory<
             grpc::ByteBuffer, grpc::ByteBuffer>::Create(channel, method,
                                                         &context));
  const std::string request("\x3a\x00", 2);  // field 7 (list_services), empty
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1);
  EXPECT_TRUE(stream->Write(out));
  stream->WritesDone();
  grpc::ByteBuffer in;
  std::vector<std::string> names;
  if (!stream->Read(&in)) return names;
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(in.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  stream->Finish();

  // ServerReflectionResponse.list_services_response (6) -> service (1) -> name
  // (1).
  google::protobuf::UnknownFieldSet response, list, service;
  EXPECT_TRUE(response.ParseFromString(bytes));
  for (int i = 0; i < response.field_count(); ++i) {
    if (response.field(i).number() != 6) continue;
    EXPECT_TRUE(list.ParseFromString(response.field(i).length_delimited()));
    for (int j = 0; j < list.field_count(); ++j) {
      service.Clear();
      EXPECT_TRUE(service.ParseFromString(list.field(j).length_delimited()));
      if (service.field_count() > 0)
        names.push_back(service.field(0).length_delimited());
    }
  }
  return names;
}

TEST_F(PartyServiceTest, ReflectionListsTheParty) {
  EXPECT_THAT(ListServicesByReflection(channel_.get()),
              ::testing::Contains("concert.v1.Party"));
}

}  // namespace
}  // namespace concert::party::testing
