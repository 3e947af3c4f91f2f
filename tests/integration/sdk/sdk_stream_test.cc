// EvaluateStream on the SDK: each batch answered once with one vote per
// question, histories decoded, lattice ranges walked for a set party,
// malformed batches refused while the stream goes on, and a carried draft
// tabled.
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/sdk/sdk_service_fixture.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST_F(SdkServiceTest, StreamAnswersEachBatchOnceWithOneVotePerQuestion) {
  const std::string digest = Tabled();
  // talks=0, aid=1, charter=2: by set only, then with details.
  auto results = Stream({Batch(7, digest, {0b000, 0b101, 0b001}, {1, 1, 2}),
                         Batch(8, digest, {0b101, 0b000}, {1, 2}, true)});
  ASSERT_THAT(results, SizeIs(2));
  EXPECT_EQ(results[0].request_id(), 7U);
  EXPECT_TRUE(results[0].error().empty()) << results[0].error();
  EXPECT_THAT(results[0].votes(),
              ElementsAre(v1::VOTE_OBJECT, v1::VOTE_OBJECT, v1::VOTE_ABSTAIN));
  EXPECT_THAT(results[0].details(), SizeIs(0));
  EXPECT_EQ(results[1].request_id(), 8U);
  EXPECT_THAT(results[1].votes(),
              ElementsAre(v1::VOTE_OBJECT, v1::VOTE_ABSTAIN));
  ASSERT_THAT(results[1].details(), SizeIs(2));
  EXPECT_EQ(results[1].details(0).vote(), v1::VOTE_OBJECT);
  // Asked by set: the party is told the order is not known, and gets the
  // set in draft order.
  EXPECT_EQ(results[1].details(0).rationale(), "order: talks,charter (set)");
  EXPECT_THAT(results[1].details(0).conditions(), ElementsAre("adopt talks"));
  EXPECT_EQ(results[1].details(1).rationale(), "order:  (set)");
}

// A party whose votes depend on the set only is sent ranges of the lattice
// order; the SDK walks the order and asks the party each question, so the
// answers are those of the same questions sent one by one.
TEST_F(SdkServiceTest, ASetPartyAnswersRangesOfTheLatticeOrder) {
  {
    grpc::ClientContext ctx;
    v1::DescribeResponse history;
    ASSERT_TRUE(stub_->Describe(&ctx, {}, &history).ok());
    EXPECT_FALSE(history.answers_lattice()) << "a HISTORY party";
  }
  running_.reset();
  party_.set_memory(v1::MEMORY_SET);
  Serve();
  grpc::ClientContext ctx;
  v1::DescribeResponse described;
  ASSERT_TRUE(stub_->Describe(&ctx, {}, &described).ok());
  EXPECT_TRUE(described.answers_lattice());

  const std::string digest = Tabled();
  // The order starts with the empty set's candidates: talks, aid, charter.
  v1::EvaluateBatch range = Batch(1, digest, {}, {}, /*details=*/true);
  range.set_lattice_first(0);
  range.set_lattice_count(3);
  v1::EvaluateBatch past_mute = range;  // ({}, mute) gives no vote
  past_mute.set_request_id(2);
  past_mute.set_lattice_count(5);
  v1::EvaluateBatch too_far = range;
  too_far.set_request_id(3);
  too_far.set_lattice_first(std::uint64_t{1} << 21);
  auto results = Stream({range, Batch(1, digest, {0, 0, 0}, {0, 1, 2}, true),
                         past_mute, too_far});
  ASSERT_THAT(results, SizeIs(4));
  EXPECT_TRUE(results[0].error().empty()) << results[0].error();
  EXPECT_THAT(results[0].votes(),
              ElementsAre(v1::VOTE_SUPPORT, v1::VOTE_OBJECT, v1::VOTE_ABSTAIN));
  EXPECT_EQ(results[0].SerializeAsString(), results[1].SerializeAsString());
  EXPECT_THAT(results[2].error(), HasSubstr("question 3"));
  EXPECT_THAT(results[2].votes(), SizeIs(0));
  EXPECT_THAT(results[3].error(), HasSubstr("ask by set instead"));
}

TEST_F(SdkServiceTest, StreamDecodesHistories) {
  const std::string digest = Tabled();
  v1::EvaluateBatch batch =
      Batch(3, digest, {0b101, 0b101, 0}, {1, 1, 0}, true);
  for (std::uint32_t h : {2U, 0U, 0U, 2U}) batch.add_history(h);
  for (std::uint32_t n : {2U, 2U, 0U}) batch.add_history_lengths(n);
  auto results = Stream({batch});
  ASSERT_THAT(results, SizeIs(1));
  ASSERT_TRUE(results[0].error().empty()) << results[0].error();
  ASSERT_THAT(results[0].details(), SizeIs(3));
  EXPECT_EQ(results[0].details(0).rationale(), "order: charter,talks");
  EXPECT_EQ(results[0].details(1).rationale(), "order: talks,charter");
  EXPECT_EQ(results[0].details(2).rationale(), "order: ");
}

TEST_F(SdkServiceTest, StreamReportsMalformedBatchesAndGoesOn) {
  const std::string digest = Tabled();
  std::vector<v1::EvaluateBatch> batches;
  std::vector<std::string> expected;
  const auto add = [&](v1::EvaluateBatch b, const std::string& message) {
    b.set_request_id(batches.size() + 1);
    batches.push_back(std::move(b));
    expected.push_back(message);
  };
  add(Batch(0, "ab12", {0}, {0}), "digest");
  v1::EvaluateBatch words = Batch(0, digest, {0}, {0});
  words.set_set_words(2);
  add(words, "set_words must be 1");
  add(Batch(0, digest, {0, 0}, {0}), "sets has 2 words for 1 proposals");
  add(Batch(0, digest, {0}, {9}), "out of range");
  add(Batch(0, digest, {0b1000000}, {0}), "beyond the draft");
  add(Batch(0, digest, {0b1}, {0}), "already in its set");
  v1::EvaluateBatch lengths = Batch(0, digest, {0b1}, {1});
  lengths.add_history(0);
  add(lengths, "history is set without history_lengths");
  v1::EvaluateBatch other = Batch(0, digest, {0b1}, {1});
  other.add_history(2);
  other.add_history_lengths(1);
  add(other, "does not hold the proposals of its set");
  v1::EvaluateBatch total = Batch(0, digest, {0b1}, {1});
  total.add_history(0);
  total.add_history_lengths(2);
  add(total, "add up to 2");
  add(Batch(0, digest, {0, 0}, {0, 3}), "question 1: the party gave no vote");
  add(Batch(0, digest, {0}, {4}, true), "echo cannot take this");
  add(Batch(0, digest, {0}, {0}), "");  // the stream still answers
  auto results = Stream(batches);
  ASSERT_EQ(results.size(), batches.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(expected[i]);
    EXPECT_EQ(results[i].request_id(), batches[i].request_id());
    if (expected[i].empty()) {
      EXPECT_TRUE(results[i].error().empty()) << results[i].error();
      EXPECT_THAT(results[i].votes(), ElementsAre(v1::VOTE_SUPPORT));
    } else {
      EXPECT_THAT(results[i].error(), HasSubstr(expected[i]));
      EXPECT_THAT(results[i].votes(), SizeIs(0));
      EXPECT_THAT(results[i].details(), SizeIs(0));
    }
  }
}

TEST_F(SdkServiceTest, StreamTablesTheDraftItCarries) {
  v1::EvaluateBatch batch =
      Batch(1, sdk::Draft::Digest(EchoTable("carried")), {0}, {2});
  *batch.mutable_table() = EchoTable("carried");
  auto results = Stream({batch, Batch(2, batch.draft_digest(), {0}, {0})});
  ASSERT_THAT(results, SizeIs(2));
  EXPECT_THAT(results[0].votes(), ElementsAre(v1::VOTE_ABSTAIN));
  EXPECT_THAT(results[1].votes(), ElementsAre(v1::VOTE_SUPPORT));
}

// Each EvaluateStream holds a thread of the SDK's server: beyond
// --limit-streams one more is refused at once, naming the flag, while the
// open one goes on answering.
TEST_F(SdkServiceTest, AStreamBeyondTheLimitIsRefusedNamingTheFlag) {
  sdk::ServeOptions options;
  options.limit_streams = 1;
  Serve(options);
  const std::string digest = Tabled();
  grpc::ClientContext open_context;
  auto open = stub_->EvaluateStream(&open_context);
  v1::EvaluateBatchResult result;
  ASSERT_TRUE(open->Write(Batch(1, digest, {0b000}, {0})));
  ASSERT_TRUE(open->Read(&result));

  grpc::ClientContext refused_context;
  auto refused = stub_->EvaluateStream(&refused_context);
  refused->Write(Batch(2, digest, {0b000}, {0}));
  EXPECT_FALSE(refused->Read(&result));
  const grpc::Status status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("already runs 1 evaluate streams at once, its limit "
                        "(the party's --limit-streams raises it)"));

  ASSERT_TRUE(open->Write(Batch(3, digest, {0b000}, {0})));
  ASSERT_TRUE(open->Read(&result));
  EXPECT_EQ(result.request_id(), 3U);
  open->WritesDone();
  EXPECT_TRUE(open->Finish().ok());
}

}  // namespace
}  // namespace concert::testing
