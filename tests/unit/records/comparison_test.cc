// Comparisons in the record store: begun RUNNING, finished COMPLETE with a
// realistic result (rows with robustness, heat maps and graphs, a diff,
// concession searches) or FAILED with an error, read back equal; listed
// with the other records; marked INTERRUPTED by the next coordinator.
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/compressed_blob.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::RawDb;
using testing::RecordStoreTest;

// A draft of `n` proposals named `id`.
v1::CharterDraft NamedDraft(const std::string& id, int n) {
  v1::CharterDraft draft = testing::MakeDraft(n);
  draft.set_id(id);
  return draft;
}

// What `concert compare A B C --variant '' --variant transformation
// --samples 200 --spread 0.25 --seed 7 --what-if … --concessions` sends.
v1::CompareRequest MakeRequest() {
  v1::CompareRequest request;
  *request.add_drafts() = NamedDraft("paper-sequence", 4);
  *request.add_drafts() = NamedDraft("alt-a", 4);
  *request.add_drafts() = NamedDraft("alt-b", 5);
  request.add_variants("");
  request.add_variants("transformation");
  v1::DecisionRule* rule = request.add_rules();
  rule->set_kind(v1::DecisionRule::CONSENSUS);
  request.set_samples(200);
  request.set_spread(0.25);
  request.set_seed(7);
  v1::WhatIf* what_if = request.add_what_ifs();
  what_if->set_name("without P3:red");
  v1::PartyOverlay* overlay = what_if->add_overlays();
  overlay->set_party("P3");
  overlay->add_lift_rules("red");
  request.set_concessions(true);
  return request;
}

ComparisonRecord MakeRecord(const std::string& id,
                            std::int64_t created_at_ms = 0) {
  ComparisonRecord record;
  record.set_id(id);
  *record.mutable_scenario() = testing::MakeScenario(6);
  record.mutable_scenario()->mutable_parties(0)->set_address("10.0.0.1:7001");
  *record.mutable_request() = MakeRequest();
  record.set_coordinator_version("test-1.0");
  record.set_created_at_ms(created_at_ms);
  return record;
}

// One row: `reachable` rows reach the full charter; unmodified rows carry
// a robustness study.
v1::ComparisonRow MakeRow(const std::string& draft, const std::string& variant,
                          const std::string& what_if, bool reachable) {
  v1::ComparisonRow row;
  row.set_draft_id(draft);
  row.set_variant(variant);
  row.set_what_if(what_if);
  row.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  row.set_rule_text("consensus; an absent party blocks");
  v1::Exploration& e = *row.mutable_exploration();
  e.set_draft_id(draft);
  e.set_variant(variant);
  e.set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  e.set_admissible_sequences("24");
  e.set_consensus_sequences(reachable ? "6" : "0");
  e.set_consensus_share(reachable ? 0.25 : 0);
  e.set_full_charter_reachable(reachable);
  v1::BlockerStat* blocker = e.add_blockers();
  blocker->set_proposal("p2");
  blocker->set_failures(5);
  blocker->add_objections()->set_party("P3");
  row.set_top_blocker("p2");
  row.add_top_blocker_parties("P3");
  row.set_pivotal_party("P3");
  row.set_pivotal_sequences_without("24");
  if (what_if.empty()) {
    v1::Robustness& r = *row.mutable_robustness();
    r.set_samples(200);
    r.set_reachable(reachable ? 171 : 12);
    r.set_share(reachable ? 0.855 : 0.06);
    r.set_share_low(reachable ? 0.80 : 0.035);
    r.set_share_high(reachable ? 0.897 : 0.1);
    v1::PartySensitivity* s = r.add_sensitivity();
    s->set_party("P3");
    s->set_flips(21);
    s->set_share(0.105);
  }
  v1::ObjectionHeat& heat = *row.mutable_heat();
  for (int i = 0; i < 6; ++i) heat.add_parties(absl::StrCat("P", i));
  for (int p = 0; p < 4; ++p) {
    heat.add_proposals(absl::StrCat("p", p));
    heat.add_tabled(8);
  }
  for (int i = 0; i < 6 * 4; ++i) heat.add_objections(i % 5 == 3 ? 4 : 0);
  return row;
}

// The result of MakeRequest: 3 drafts x 2 variants, each unmodified and
// under the what-if; paper-sequence reaches the charter everywhere, alt-a
// under the baseline only, alt-b nowhere (and its what-if row failed).
v1::Comparison MakeResult() {
  v1::Comparison result;
  result.set_scenario_id("test-scenario");
  for (const char* draft : {"paper-sequence", "alt-a", "alt-b"}) {
    result.add_draft_ids(draft);
    for (const char* variant : {"", "transformation"}) {
      const bool reachable =
          std::string(draft) == "paper-sequence" ||
          (std::string(draft) == "alt-a" && std::string(variant).empty());
      *result.add_rows() = MakeRow(draft, variant, "", reachable);
      *result.add_rows() = MakeRow(draft, variant, "without P3:red", reachable);
    }
  }
  result.mutable_rows(11)->set_error("party P3 unreachable");
  for (const char* other : {"alt-a", "alt-b"}) {
    v1::DraftDiff* diff = result.add_diffs();
    diff->set_base_draft("paper-sequence");
    diff->set_other_draft(other);
    diff->add_added("p4");
    v1::StageMove* move = diff->add_moved();
    move->set_proposal("p1");
    move->set_from_stage("s0");
    move->set_to_stage("s1");
    v1::EffectChange* effect = diff->add_effects();
    effect->set_proposal("p0");
    effect->set_dimension("security_assurance");
    effect->set_before(1);
    effect->set_after(2);
  }
  v1::ConcessionSearch* search = result.add_concessions();
  search->set_draft_id("alt-b");
  search->mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  v1::Concession* smallest = search->add_smallest();
  v1::ConcessionMove* move = smallest->add_moves();
  move->set_party("P3");
  move->set_lift_rule("red");
  move->set_condition("adopt p1");
  smallest->add_parties("P3");
  search->set_exact(true);
  search->set_candidate_moves(4);
  search->set_tried(11);
  search->set_note("exhaustive up to 3 moves");
  result.set_samples(200);
  result.set_spread(0.25);
  result.set_seed(7);
  result.set_shard_count(1);
  result.add_shards(1);
  result.set_study_sha256(Sha256Hex("study"));
  result.set_elapsed_ms(4321);
  return result;
}

constexpr char kOutcome[] =
    "3 drafts x 2 variants x 1 rule, 1 what-if; full charter reachable in 6 "
    "of 12 rows; 1 row failed";

TEST_F(RecordStoreTest, ComparisonBeginsRunningAndFinishesWithItsResult) {
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-1", 1500)).ok());
  auto running = store_->LoadComparison("comparison-1");
  ASSERT_TRUE(running.ok()) << running.status();
  EXPECT_EQ(running->status(), v1::RECORD_STATUS_RUNNING);
  EXPECT_EQ(running->created_at_ms(), 1500);
  EXPECT_EQ(running->coordinator_version(), "test-1.0");
  EXPECT_FALSE(running->has_result());
  EXPECT_TRUE(running->error().empty());
  // The request comes back whole, drafts included.
  EXPECT_TRUE(MessageDifferencer::Equals(running->request(), MakeRequest()));
  // The scenario without the parties' addresses, with its digest.
  v1::Scenario expected_scenario = testing::MakeScenario(6);
  EXPECT_TRUE(
      MessageDifferencer::Equals(running->scenario(), expected_scenario));
  EXPECT_EQ(running->scenario_sha256(),
            Sha256Hex(SerializeDeterministic(expected_scenario)));

  ASSERT_TRUE(store_->FinishComparison("comparison-1", MakeResult()).ok());
  auto done = store_->LoadComparison("comparison-1");
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), v1::RECORD_STATUS_COMPLETE);
  EXPECT_EQ(done->created_at_ms(), 1500);
  v1::Comparison expected = MakeResult();
  expected.set_comparison_id("comparison-1");
  EXPECT_TRUE(MessageDifferencer::Equals(done->result(), expected))
      << done->result().ShortDebugString();

  RawDb raw(DbPath());
  EXPECT_EQ(raw.Text("SELECT outcome FROM comparisons"), kOutcome);
  EXPECT_EQ(raw.Text("SELECT draft_ids FROM comparisons"),
            "paper-sequence, alt-a, alt-b");
  EXPECT_EQ(raw.Text("SELECT variants FROM comparisons"),
            "baseline, transformation");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM comparison_graphs"), 0);
}

TEST_F(RecordStoreTest, ComparisonResultIsStoredCompressed) {
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-1")).ok());
  ASSERT_TRUE(store_->FinishComparison("comparison-1", MakeResult()).ok());
  v1::Comparison expected = MakeResult();
  expected.set_comparison_id("comparison-1");
  RawDb raw(DbPath());
  const std::int64_t stored = raw.Int("SELECT length(result) FROM comparisons");
  EXPECT_GT(stored, 0);
  EXPECT_LT(stored, static_cast<std::int64_t>(expected.ByteSizeLong()) / 2);
}

TEST_F(RecordStoreTest, ComparisonRowsKeepTheirGraphs) {
  v1::Comparison result = MakeResult();
  *result.mutable_rows(0)->mutable_exploration()->mutable_graph() =
      testing::FullLatticeGraph(4);
  *result.mutable_rows(5)->mutable_exploration()->mutable_graph() =
      testing::FullLatticeGraph(5);
  const v1::Comparison sent = result;
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-1")).ok());
  ASSERT_TRUE(store_->FinishComparison("comparison-1", std::move(result)).ok());

  RawDb raw(DbPath());
  EXPECT_EQ(raw.Column("SELECT row_index FROM comparison_graphs "
                       "ORDER BY row_index"),
            (std::vector<std::string>{"0", "5"}));
  auto loaded = store_->LoadComparison("comparison-1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  v1::Comparison expected = sent;
  expected.set_comparison_id("comparison-1");
  EXPECT_TRUE(MessageDifferencer::Equals(loaded->result(), expected));
  EXPECT_FALSE(loaded->result().rows(1).exploration().has_graph());
}

TEST_F(RecordStoreTest, LargeComparisonSurvives) {
  // Two rows with 2^16-state lattices (~0.5M edges each) and 40 rows of
  // heat maps: tens of megabytes as protobuf.
  v1::Comparison result = MakeResult();
  for (int i = 0; i < 30; ++i) {
    *result.add_rows() =
        MakeRow(absl::StrCat("draft-", i), "transformation", "", i % 2 == 0);
  }
  *result.mutable_rows(0)->mutable_exploration()->mutable_graph() =
      testing::FullLatticeGraph(16);
  *result.mutable_rows(41)->mutable_exploration()->mutable_graph() =
      testing::FullLatticeGraph(16);
  const v1::Comparison sent = result;
  ASSERT_GT(sent.ByteSizeLong(), 10u << 20);
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-big")).ok());
  ASSERT_TRUE(
      store_->FinishComparison("comparison-big", std::move(result)).ok());

  // Read back by a store of its own, as the next coordinator would.
  store_.reset();
  auto reopened = RecordStore::Open(DbPath());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  auto loaded = (*reopened)->LoadComparison("comparison-big");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  v1::Comparison expected = sent;
  expected.set_comparison_id("comparison-big");
  EXPECT_TRUE(MessageDifferencer::Equals(loaded->result(), expected));
  RawDb raw(DbPath());
  EXPECT_LT(raw.Int("SELECT sum(length(graph)) FROM comparison_graphs") +
                raw.Int("SELECT length(result) FROM comparisons"),
            static_cast<std::int64_t>(sent.ByteSizeLong()) / 4);
}

TEST_F(RecordStoreTest, FailedComparisonKeepsItsErrorAndNoResult) {
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-1")).ok());
  ASSERT_TRUE(
      store_
          ->FailComparison("comparison-1",
                           "party DPRK unreachable at 10.0.0.3:7001\nretried")
          .ok());
  auto failed = store_->LoadComparison("comparison-1");
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(failed->error(),
            "party DPRK unreachable at 10.0.0.3:7001\nretried");
  EXPECT_FALSE(failed->has_result());
  EXPECT_TRUE(MessageDifferencer::Equals(failed->request(), MakeRequest()));
  auto listed = store_->List(v1::RECORD_KIND_COMPARISON, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].outcome(),
            "failed: party DPRK unreachable at 10.0.0.3:7001");

  // It ended: neither finishing nor failing it again is allowed.
  EXPECT_EQ(store_->FinishComparison("comparison-1", MakeResult()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->FailComparison("comparison-1", "again").code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(RecordStoreTest, ComparisonErrors) {
  EXPECT_EQ(store_->BeginComparison(MakeRecord("")).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-1")).ok());
  EXPECT_EQ(store_->BeginComparison(MakeRecord("comparison-1")).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->LoadComparison("comparison-nosuch").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->FinishComparison("comparison-nosuch", MakeResult()).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->FailComparison("comparison-nosuch", "x").code(),
            absl::StatusCode::kNotFound);
  // A row's graph that names a node it does not have is refused, and the
  // comparison stays RUNNING.
  v1::Comparison bad = MakeResult();
  v1::ConsensusGraph& graph =
      *bad.mutable_rows(2)->mutable_exploration()->mutable_graph();
  graph.add_nodes(0);
  graph.add_edges()->set_target(3);
  EXPECT_EQ(store_->FinishComparison("comparison-1", bad).code(),
            absl::StatusCode::kInvalidArgument);
  auto loaded = store_->LoadComparison("comparison-1");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->status(), v1::RECORD_STATUS_RUNNING);
}

TEST_F(RecordStoreTest, CorruptComparisonBlobsAreDataLoss) {
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-1")).ok());
  ASSERT_TRUE(store_->FinishComparison("comparison-1", MakeResult()).ok());
  {
    RawDb raw(DbPath());
    raw.Exec("UPDATE comparisons SET result = x'435a4201ff'");
  }
  EXPECT_EQ(store_->LoadComparison("comparison-1").status().code(),
            absl::StatusCode::kDataLoss);
  {
    RawDb raw(DbPath());
    raw.Exec("UPDATE comparisons SET result = NULL, scenario_sha256 = 'x'");
  }
  EXPECT_EQ(store_->LoadComparison("comparison-1").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecompressBlob("CZB", "test").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(RecordStoreTest, ComparisonsAreListedWithTheOtherRecords) {
  ASSERT_TRUE(
      store_->BeginSession(testing::MakeHeader("session-a", 1000)).ok());
  ExplorationRecord exploration;
  exploration.set_id("exploration-b");
  *exploration.mutable_inputs()->mutable_scenario() = testing::MakeScenario(6);
  *exploration.mutable_inputs()->mutable_draft() = testing::MakeDraft(4);
  exploration.set_status(v1::RECORD_STATUS_RUNNING);
  exploration.set_created_at_ms(2000);
  ASSERT_TRUE(store_->SaveExploration(exploration).ok());
  ASSERT_TRUE(store_->BeginComparison(MakeRecord("comparison-c", 1500)).ok());
  ComparisonRecord baseline_only = MakeRecord("comparison-d", 3000);
  baseline_only.mutable_request()->clear_variants();
  baseline_only.mutable_request()->mutable_drafts()->DeleteSubrange(1, 2);
  ASSERT_TRUE(store_->BeginComparison(baseline_only).ok());
  ASSERT_TRUE(store_->FinishComparison("comparison-c", MakeResult()).ok());

  auto all = store_->List(v1::RECORD_KIND_UNSPECIFIED, 0);
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::string> ids;
  for (const RecordSummary& r : *all) ids.push_back(r.id());
  EXPECT_EQ(ids, (std::vector<std::string>{"comparison-d", "exploration-b",
                                           "comparison-c", "session-a"}));
  const RecordSummary& d = (*all)[0];
  EXPECT_EQ(d.kind(), v1::RECORD_KIND_COMPARISON);
  EXPECT_EQ(d.status(), v1::RECORD_STATUS_RUNNING);
  EXPECT_EQ(d.draft_id(), "paper-sequence");
  EXPECT_EQ(d.variant(), "");
  EXPECT_EQ(d.scenario_id(), "test-scenario");
  EXPECT_EQ(d.outcome(), "running");
  EXPECT_EQ(d.created_at_ms(), 3000);
  const RecordSummary& c = (*all)[2];
  EXPECT_EQ(c.status(), v1::RECORD_STATUS_COMPLETE);
  EXPECT_EQ(c.draft_id(), "paper-sequence, alt-a, alt-b");
  EXPECT_EQ(c.variant(), "baseline, transformation");
  EXPECT_EQ(c.outcome(), kOutcome);

  auto comparisons = store_->List(v1::RECORD_KIND_COMPARISON, 0);
  ASSERT_TRUE(comparisons.ok()) << comparisons.status();
  ASSERT_EQ(comparisons->size(), 2u);
  EXPECT_EQ((*comparisons)[0].id(), "comparison-d");
  EXPECT_EQ((*comparisons)[1].id(), "comparison-c");
  auto newest = store_->List(v1::RECORD_KIND_COMPARISON, 1);
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ((*newest)[0].id(), "comparison-d");
  auto sessions = store_->List(v1::RECORD_KIND_SESSION, 0);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ((*sessions)[0].id(), "session-a");
}

TEST_F(RecordStoreTest, RunningComparisonsAreInterruptedByTheNextCoordinator) {
  store_.reset();
  // A coordinator records these, then dies; the next one opens the file
  // and looks.
  ASSERT_EQ(
      testing::RunInProcessThatDies([&] {
        auto opened = RecordStore::Open(DbPath());
        if (!opened.ok()) return false;
        RecordStore& store = **opened;
        return store.BeginSession(testing::MakeHeader("session-a")).ok() &&
               store.BeginComparison(MakeRecord("comparison-z")).ok() &&
               store.BeginComparison(MakeRecord("comparison-y")).ok() &&
               store.BeginComparison(MakeRecord("comparison-done")).ok() &&
               store.FinishComparison("comparison-done", MakeResult()).ok();
      }),
      0);
  auto next = RecordStore::Open(DbPath());
  ASSERT_TRUE(next.ok()) << next.status();
  auto marked = (*next)->MarkStaleSessionsInterrupted();
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_EQ(*marked, (std::vector<std::string>{"session-a", "comparison-y",
                                               "comparison-z"}));
  auto y = (*next)->LoadComparison("comparison-y");
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->status(), v1::RECORD_STATUS_INTERRUPTED);
  EXPECT_TRUE(MessageDifferencer::Equals(y->request(), MakeRequest()));
  auto done = (*next)->LoadComparison("comparison-done");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status(), v1::RECORD_STATUS_COMPLETE);
  auto listed = (*next)->List(v1::RECORD_KIND_COMPARISON, 0);
  ASSERT_TRUE(listed.ok());
  for (const RecordSummary& r : *listed) {
    if (r.id() != "comparison-done") {
      EXPECT_EQ(r.outcome(), "interrupted");
    }
  }
  // An interrupted comparison cannot be finished late.
  EXPECT_EQ((*next)->FinishComparison("comparison-y", MakeResult()).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace concert::coordinator
