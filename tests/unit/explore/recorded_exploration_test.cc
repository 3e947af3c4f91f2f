// Explorations held with their record (explore/recorded_exploration.h), over
// the fake vote source and a real SQLite file.
#include "services/coordinator/explore/recorded_exploration.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/coordinator/records/schema.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using ::testing::HasSubstr;
using testing::MakeDraft;
using testing::MakeScenario;

class RecordedExplorationTest : public testing::RecordStoreTest {
 protected:
  void SetUp() override {
    RecordStoreTest::SetUp();
    for (auto& party : *scenario_.mutable_parties())
      party.set_address("10.0.0.9:7000");
  }
  RecordOptions Records() { return {store_.get(), "test-coordinator 1"}; }
  ExploreInput Input(const std::string& variant = "") {
    return {&scenario_, &draft_, variant, {}};
  }

  v1::Scenario scenario_ = MakeScenario(2);
  v1::CharterDraft draft_ = MakeDraft(4);
};

TEST_F(RecordedExplorationTest,
       RecordsTheResultWithItsGraphButReturnsItOnlyOnRequest) {
  FakeVoteSource source(2);
  std::string status_while_running;
  auto result = RunRecordedExploration(
      "exploration-1", Input(), ExploreOptions{}, source, Records(),
      [&](const v1::ExploreProgress&) {
        // The record exists (RUNNING) while the exploration runs.
        auto stored = store_->LoadExploration("exploration-1");
        if (stored.ok())
          status_while_running = v1::RecordStatus_Name(stored->status());
        return true;
      });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(status_while_running, "RECORD_STATUS_RUNNING");
  EXPECT_EQ(result->exploration_id(), "exploration-1");
  EXPECT_FALSE(result->has_graph());

  auto stored = store_->LoadExploration("exploration-1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->status(), v1::RECORD_STATUS_COMPLETE);
  EXPECT_EQ(stored->strategy(), v1::EXPLORE_STRATEGY_LATTICE);
  EXPECT_EQ(stored->result().graph().nodes_size(), 16);
  EXPECT_EQ(stored->result().consensus_sequences(), "24");
  EXPECT_EQ(stored->inputs().rule().kind(), v1::DecisionRule::CONSENSUS);
  EXPECT_EQ(stored->inputs().scenario().parties(0).address(), "");
  EXPECT_EQ(stored->coordinator_version(), "test-coordinator 1");

  ExploreOptions with_graph;
  with_graph.include_graph = true;
  FakeVoteSource again(2);
  auto drawn = RunRecordedExploration("exploration-2", Input(), with_graph,
                                      again, Records(), nullptr);
  ASSERT_TRUE(drawn.ok()) << drawn.status();
  EXPECT_EQ(drawn->graph().nodes_size(), 16);
}

TEST_F(RecordedExplorationTest,
       TheRuleInForceIsRecordedBesideTheUnchangedScenario) {
  FakeVoteSource source(2);
  ExploreInput input = Input();
  input.rule.set_kind(v1::DecisionRule::UNANIMITY);
  ASSERT_TRUE(
      RunRecordedExploration("x", input, {}, source, Records(), nullptr).ok());
  auto stored = store_->LoadExploration("x");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->inputs().rule().kind(), v1::DecisionRule::UNANIMITY);
  EXPECT_EQ(stored->inputs().scenario().rule().kind(),
            v1::DecisionRule::CONSENSUS);
}

TEST_F(RecordedExplorationTest, AFailedExplorationIsRecordedFailed) {
  FakeVoteSource source(2);
  source.SetUnreachable(1);
  ExploreOptions options;
  options.strategy = v1::EXPLORE_STRATEGY_ENUMERATE;
  auto result =
      RunRecordedExploration("x", Input(), options, source, Records(), nullptr);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(result.status().message(), HasSubstr("P1"));
  auto stored = store_->LoadExploration("x");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->status(), v1::RECORD_STATUS_FAILED);
  // No result yet: the strategy asked for stands.
  EXPECT_EQ(stored->strategy(), v1::EXPLORE_STRATEGY_ENUMERATE);
}

TEST_F(RecordedExplorationTest, NothingIsExploredWhenTheRecordCannotBeWritten) {
  // The store refuses a record without an id: the RUNNING record cannot be
  // written, so no party is asked anything.
  FakeVoteSource unasked(2);
  auto result =
      RunRecordedExploration("", Input(), {}, unasked, Records(), nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(result.status().message(),
              HasSubstr("cannot record the exploration"));
  EXPECT_EQ(unasked.table_calls(), 0);
  EXPECT_EQ(unasked.ask_calls(), 0);
}

TEST_F(RecordedExplorationTest, AFullDiskAtTheEndLeavesNoRunningRecord) {
  // Twelve proposals: the graph of 4,096 states needs pages the RUNNING
  // record does not. The file may grow by one page more at each try, until the
  // RUNNING record fits and the COMPLETE one does not.
  draft_ = MakeDraft(12);
  const std::int64_t base = [&] {
    auto fresh = SqliteDb::Open(PathOf("base.db"), {});
    EXPECT_TRUE(fresh.ok() && OpenSchema(**fresh).ok());
    return fresh.ok() ? *(*fresh)->QueryInt("PRAGMA page_count") : 0;
  }();
  for (int extra = 0; extra < 64; ++extra) {
    SCOPED_TRACE(absl::StrCat(extra, " pages more"));
    RecordStoreOptions options;
    options.sqlite.max_page_count = base + extra;
    auto full =
        RecordStore::Open(PathOf(absl::StrCat("full-", extra, ".db")), options);
    ASSERT_TRUE(full.ok()) << full.status();
    FakeVoteSource source(2);
    auto result = RunRecordedExploration("x", Input(), {}, source,
                                         {full->get(), "test 1"}, nullptr);
    ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted)
        << "the exploration fitted: " << result.status();
    const std::string message(result.status().message());
    EXPECT_THAT(message, HasSubstr("database or disk is full"));
    if (absl::StrContains(message, "cannot record the exploration")) continue;
    EXPECT_THAT(message, HasSubstr("exploration x ran but could not be "
                                   "recorded: records database "));
    auto stored = (*full)->LoadExploration("x");
    ASSERT_TRUE(stored.ok()) << stored.status();
    if (stored->status() == v1::RECORD_STATUS_RUNNING) {
      EXPECT_THAT(message, HasSubstr("is left RUNNING"));
    } else {
      EXPECT_EQ(stored->status(), v1::RECORD_STATUS_INTERRUPTED);
      EXPECT_THAT(message, HasSubstr("it is INTERRUPTED"));
    }
    return;
  }
  ADD_FAILURE() << "no page limit failed the exploration's last write";
}

TEST_F(RecordedExplorationTest, WithoutAStoreItIsAPlainExploration) {
  FakeVoteSource source(2);
  auto result = RunRecordedExploration("x", Input(), {}, source, {}, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->has_graph());
  EXPECT_EQ(store_->LoadExploration("x").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace concert::coordinator
