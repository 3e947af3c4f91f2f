// The adapter's pieces that need no server: table digests, the bounded
// cache of compiled drafts and the answering of one columnar batch.
#include "services/party/rpc/draft_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/party/rpc/party_service.h"
#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::TableRequest Request() {
  return Parse<v1::TableRequest>(R"pb(
    draft {
      id: "d"
      stages { id: "S" }
      stage_order: FREE
      proposals {
        id: "up"
        stage: "S"
        effects { dimension: "a" delta: 1 }
      }
      proposals {
        id: "down"
        stage: "S"
        effects { dimension: "a" delta: -1 }
      }
    }
    variant: "v"
    initial_state { dimension: "a" value: 0 }
  )pb");
}

std::shared_ptr<const CompiledModel> Model() {
  v1::InterestModel model = Parse<v1::InterestModel>(R"pb(
    positions { dimension: "a" ideal: 5 salience: 1 }
    support_threshold: 0.5
    objection_threshold: 0.5
  )pb");
  absl::StatusOr<CompiledModel> m = CompiledModel::Compile(
      model, Request().draft(), Request().initial_state());
  EXPECT_TRUE(m.ok()) << m.status();
  return std::make_shared<const CompiledModel>(*std::move(m));
}

TEST(TableDigestTest, IsHexSha256AndFollowsTheContent) {
  const std::string digest = TableDigest(Request());
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(TableDigest(Request()), digest);
  v1::TableRequest other = Request();
  other.set_variant("w");
  EXPECT_NE(TableDigest(other), digest);
  // The digest of the empty request is SHA-256 of no bytes.
  EXPECT_EQ(TableDigest(v1::TableRequest()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DraftCacheTest, DropsTheLeastRecentlyUsed) {
  DraftCache cache(2);
  const auto model = Model();
  cache.Insert("a", model);
  cache.Insert("b", model);
  EXPECT_NE(cache.Find("a"), nullptr);  // "a" is now the most recent
  cache.Insert("c", model);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Find("a"), nullptr);
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_NE(cache.Find("c"), nullptr);
  cache.Insert("c", model);  // re-inserting does not grow it
  EXPECT_EQ(cache.size(), 2u);
}

v1::EvaluateBatch Batch() {
  v1::EvaluateBatch batch;
  batch.set_request_id(3);
  batch.set_set_words(1);
  batch.add_sets(0);  // up after nothing: +1 towards 5
  batch.add_proposals(0);
  batch.add_sets(0b01);  // down after up: -1
  batch.add_proposals(1);
  return batch;
}

TEST(AnswerBatchTest, PackedVotesAndDetailsOnRequest) {
  const auto model = Model();
  v1::EvaluateBatchResult result;
  AnswerBatch(model.get(), Batch(), &result);
  EXPECT_TRUE(result.error().empty());
  EXPECT_THAT(result.votes(), ElementsAre(v1::VOTE_SUPPORT, v1::VOTE_OBJECT));
  EXPECT_EQ(result.details_size(), 0);

  v1::EvaluateBatch detailed = Batch();
  detailed.set_details(true);
  result.Clear();
  AnswerBatch(model.get(), detailed, &result);
  ASSERT_EQ(result.details_size(), 2);
  EXPECT_DOUBLE_EQ(result.details(0).utility_change(), 1.0);
  EXPECT_EQ(result.details(1).vote(), v1::VOTE_OBJECT);
  EXPECT_EQ(result.details(1).rationale(), "losses on a (-1)");
}

TEST(AnswerBatchTest, MalformedBatchesGetAnError) {
  const auto model = Model();
  v1::EvaluateBatchResult result;
  AnswerBatch(nullptr, Batch(), &result);
  EXPECT_THAT(result.error(), HasSubstr("table the draft first"));

  v1::EvaluateBatch beyond = Batch();
  beyond.set_sets(0, 0b100);  // bit 2: the draft has 2 proposals
  result.Clear();
  AnswerBatch(model.get(), beyond, &result);
  EXPECT_THAT(result.error(),
              HasSubstr("question 0: the set names proposals beyond"));
  EXPECT_EQ(result.votes_size(), 0);
}

// The draft's lattice order: ({}, up) ({}, down) ({up}, down) ({down}, up).
v1::EvaluateBatch LatticeAsSets() {
  v1::EvaluateBatch batch;
  batch.set_set_words(1);
  for (auto [set, proposal] : {std::pair{0b00, 0}, std::pair{0b00, 1},
                               std::pair{0b01, 1}, std::pair{0b10, 0}}) {
    batch.add_sets(set);
    batch.add_proposals(proposal);
  }
  return batch;
}

v1::EvaluateBatch Range(std::uint64_t first, std::uint32_t count) {
  v1::EvaluateBatch batch;
  batch.set_lattice_first(first);
  batch.set_lattice_count(count);
  return batch;
}

TEST(AnswerBatchTest, ALatticeRangeIsAnsweredAsItsQuestionsWouldBe) {
  const auto model = Model();
  for (bool details : {false, true}) {
    v1::EvaluateBatch sets = LatticeAsSets();
    v1::EvaluateBatch range = Range(0, 4);
    sets.set_details(details);
    range.set_details(details);
    v1::EvaluateBatchResult by_sets, by_range;
    AnswerBatch(model.get(), sets, &by_sets);
    AnswerBatch(model.get(), range, &by_range);
    ASSERT_TRUE(by_range.error().empty()) << by_range.error();
    EXPECT_EQ(by_range.SerializeAsString(), by_sets.SerializeAsString());
    EXPECT_EQ(by_range.votes_size(), 4);
    EXPECT_EQ(by_range.details_size(), details ? 4 : 0);
  }
  v1::EvaluateBatchResult middle;
  AnswerBatch(model.get(), Range(2, 1), &middle);  // ({up}, down): -1
  EXPECT_THAT(middle.votes(), ElementsAre(v1::VOTE_OBJECT));
}

TEST(AnswerBatchTest, ALatticeRangeThatCannotBeAnsweredGetsAnError) {
  const auto model = Model();
  v1::EvaluateBatchResult result;
  AnswerBatch(model.get(), Range(3, 2), &result);
  EXPECT_THAT(result.error(), HasSubstr("ends past the draft's 4 lattice"));
  EXPECT_EQ(result.votes_size(), 0);

  v1::EvaluateBatch both = LatticeAsSets();
  both.set_lattice_count(4);
  result.Clear();
  AnswerBatch(model.get(), both, &result);
  EXPECT_THAT(result.error(), HasSubstr("comes without sets"));
  EXPECT_EQ(result.votes_size(), 0);

  result.Clear();
  AnswerBatch(model.get(), Range(std::uint64_t{1} << 40, 1), &result);
  EXPECT_THAT(result.error(), HasSubstr("ask by set instead"));

  // A count past what a party walks is refused before anything is sized
  // for it: 2^31 and beyond once aborted the party, 2^31 - 1 took 8 GB.
  for (const std::uint32_t count : {0x7fffffffu, 0x80000000u, 0xffffffffu}) {
    result.Clear();
    AnswerBatch(model.get(), Range(0, count), &result);
    EXPECT_THAT(result.error(),
                HasSubstr("a party answers at most 1048576 in one batch"))
        << count;
    EXPECT_EQ(result.votes_size(), 0);
  }
}

}  // namespace
}  // namespace concert::party
