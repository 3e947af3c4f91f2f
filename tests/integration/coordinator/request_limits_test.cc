// What one request may ask of a coordinator is bounded by the coordinator,
// not by the request (issue 13): budgets and sample counts above the
// operator's limits are refused up front, naming the limit and the flag that
// raises it, and nothing is recorded; a party refuses a batch beyond its
// question limits before allocating its answers.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "clients/concert/forum/embedded_forum.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/common/limits.h"
#include "services/common/valid_files.h"
#include "tests/support/net/coordinator_calls.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

class RequestLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scenario =
        LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    auto draft = LoadValidDraft(CONCERT_SOURCE_DIR
                                "/scenarios/drafts/arf-three-stage.textproto",
                                *scenario);
    ASSERT_TRUE(draft.ok()) << draft.status();
    draft_ = *draft;
    cli::EmbeddedForumOptions options;
    options.coordinator.limits.max_states = 1000;
    options.coordinator.limits.max_memory_bytes = std::uint64_t{64} << 20;
    options.coordinator.limits.max_samples = 500;
    auto forum = cli::EmbeddedForum::Start(*scenario, options);
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = *std::move(forum);
    stub_ = CoordinatorStub(forum_->coordinator_address());
  }

  v1::ExploreRequest Request() const {
    v1::ExploreRequest request;
    *request.mutable_draft() = draft_;
    return request;
  }

  v1::CharterDraft draft_;
  std::unique_ptr<cli::EmbeddedForum> forum_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

TEST_F(RequestLimitsTest, ABudgetAboveTheLimitIsRefusedNamingTheFlag) {
  struct Case {
    void (v1::ExploreRequest::*set)(std::uint64_t);
    std::uint64_t value;
    const char* message;
  };
  const Case cases[] = {
      {&v1::ExploreRequest::set_max_states,
       std::numeric_limits<std::uint64_t>::max(),
       "max_states 18,446,744,073,709,551,615 is above this coordinator's "
       "limit of 1,000 (concert-coordinator --limit-states raises it)"},
      {&v1::ExploreRequest::set_max_memory_bytes,
       std::numeric_limits<std::uint64_t>::max(),
       "(concert-coordinator --limit-memory-mib raises it)"},
      {&v1::ExploreRequest::set_samples, std::uint64_t{100'000'000'000},
       "samples 100,000,000,000 is above this coordinator's limit of 500"},
      {&v1::ExploreRequest::set_samples, std::uint64_t{1} << 57,
       "(concert-coordinator --limit-samples raises it)"},
  };
  for (const Case& c : cases) {
    v1::ExploreRequest request = Request();
    (request.*c.set)(c.value);
    const ExploreCall call = Explore(*stub_, request);
    EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << call.status.error_message();
    EXPECT_THAT(call.status.error_message(), HasSubstr(c.message));
    EXPECT_EQ(call.progress_events, 0);
  }
}

TEST_F(RequestLimitsTest, ARequestAtTheLimitIsServed) {
  v1::ExploreRequest at_limit = Request();
  at_limit.set_max_states(1000);
  at_limit.set_max_memory_bytes(std::uint64_t{64} << 20);
  const ExploreCall call = Explore(*stub_, at_limit);
  EXPECT_NE(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << call.status.error_message();
  v1::ExploreRequest sampled = Request();
  sampled.set_strategy(v1::EXPLORE_STRATEGY_SAMPLE);
  sampled.set_samples(500);
  const ExploreCall ok = Explore(*stub_, sampled);
  EXPECT_TRUE(ok.status.ok()) << ok.status.error_message();
}

TEST_F(RequestLimitsTest, APartyRefusesABatchBeyondItsQuestionLimit) {
  auto party = v1::Party::NewStub(grpc::CreateChannel(
      forum_->party_addresses()[0], grpc::InsecureChannelCredentials()));
  v1::TableRequest table;
  *table.mutable_draft() = draft_;
  v1::TableResponse receipt;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(party->Table(&context, table, &receipt).ok());
  }
  grpc::ClientContext context;
  auto stream = party->EvaluateStream(&context);
  v1::EvaluateBatch batch;
  batch.set_request_id(1);
  batch.set_draft_digest(receipt.draft_digest());
  batch.set_set_words(1);
  // Four billion votes would be allocated before the walk; refused first.
  batch.set_lattice_count(std::numeric_limits<std::uint32_t>::max());
  ASSERT_TRUE(stream->Write(batch));
  v1::EvaluateBatchResult result;
  ASSERT_TRUE(stream->Read(&result));
  EXPECT_EQ(result.votes_size(), 0);
  EXPECT_THAT(result.error(), HasSubstr("a party answers at most 1048576"));

  batch.set_request_id(2);
  batch.set_lattice_count(kMaxDetailedQuestions + 1);
  batch.set_details(true);
  ASSERT_TRUE(stream->Write(batch));
  ASSERT_TRUE(stream->Read(&result));
  EXPECT_THAT(result.error(), HasSubstr("with details in one batch"));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(RequestLimitsTest, ARequestBeyondTheMessageLimitIsRefusedUnread) {
  v1::ExploreRequest request = Request();
  request.mutable_draft()->set_description(
      std::string(kMaxReceiveMessageBytes, 'x'));
  const ExploreCall call = Explore(*stub_, request);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << call.status.error_message();
}

}  // namespace
}  // namespace concert::testing
