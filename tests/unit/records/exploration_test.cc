// Explorations and the consensus graph blob.
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "google/protobuf/util/message_differencer.h"
#include "services/coordinator/records/graph_blob.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::RawDb;
using testing::RecordsTest;

// A graph as a set of (from set, to set, proposal, tallies), independent of
// node numbering.
using EdgeKey = std::tuple<std::uint64_t, std::uint64_t, std::uint32_t,
                           std::uint32_t, std::uint32_t, std::uint32_t>;
std::pair<std::set<std::uint64_t>, std::multiset<EdgeKey>> Shape(
    const v1::ConsensusGraph& g) {
  std::set<std::uint64_t> nodes(g.nodes().begin(), g.nodes().end());
  std::multiset<EdgeKey> edges;
  for (const v1::GraphEdge& e : g.edges()) {
    edges.insert({g.nodes(e.source()), g.nodes(e.target()), e.proposal(),
                  e.support(), e.abstain(), e.object()});
  }
  return {nodes, edges};
}

ExplorationRecord MakeExploration(const std::string& id, int proposals) {
  ExplorationRecord record;
  record.set_id(id);
  record.set_status(v1::RECORD_STATUS_COMPLETE);
  *record.mutable_inputs()->mutable_scenario() = testing::MakeScenario(6);
  *record.mutable_inputs()->mutable_draft() = testing::MakeDraft(proposals);
  record.mutable_inputs()->set_variant("baseline");
  *record.mutable_inputs()->mutable_rule() = record.inputs().scenario().rule();
  record.set_coordinator_version("test-1.0");
  record.set_created_at_ms(5000);
  record.mutable_result()->set_draft_id(record.inputs().draft().id());
  record.mutable_result()->set_scenario_id(record.inputs().scenario().id());
  record.mutable_result()->set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  record.mutable_result()->set_admissible_sequences("20922789888000");
  record.mutable_result()->set_consensus_sequences("1234567");
  record.mutable_result()->set_full_charter_reachable(true);
  record.mutable_result()->set_states_explored(std::uint64_t{1} << proposals);
  v1::BlockerStat* blocker = record.mutable_result()->add_blockers();
  blocker->set_proposal("p3");
  blocker->set_failures(9);
  blocker->add_objections()->set_party("P5");
  return record;
}

// CONCERT_RECORDS_LATTICE_BITS=20 measures a 2^20-state lattice by hand
// (~2 GB of memory for the protos); the suite uses 2^16.
int LatticeBits() {
  const char* bits = std::getenv("CONCERT_RECORDS_LATTICE_BITS");
  return bits != nullptr ? std::clamp(std::atoi(bits), 4, 22) : 16;
}

TEST_F(RecordsTest, ExplorationRoundTripsWithA65536NodeGraph) {
  const int kProposals = LatticeBits();
  ExplorationRecord record = MakeExploration("exploration-big", kProposals);
  *record.mutable_result()->mutable_graph() =
      testing::FullLatticeGraph(kProposals);
  const v1::Exploration expected = record.result();
  const std::size_t proto_bytes = expected.graph().ByteSizeLong();
  const std::size_t row_bytes =
      expected.graph().nodes_size() * 8 + expected.graph().edges_size() * 6 * 4;
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    auto start = std::chrono::steady_clock::now();
    {
      const absl::Status saved = (*store)->SaveExploration(std::move(record));
      ASSERT_TRUE(saved.ok()) << saved;
    }
    std::printf("saved %d nodes, %d edges in %.0f ms\n",
                expected.graph().nodes_size(), expected.graph().edges_size(),
                std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count());
  }
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("SELECT count(*) FROM explorations"), 1);
  const std::int64_t blob_bytes =
      raw.Int("SELECT length(graph) FROM explorations");
  const std::int64_t result_bytes =
      raw.Int("SELECT length(result) FROM explorations");
  std::printf(
      "graph blob: %lld bytes for %d nodes + %d edges "
      "(%zu bytes as fixed-width rows, %zu as a serialized proto: %.2f%%)\n",
      static_cast<long long>(blob_bytes), expected.graph().nodes_size(),
      expected.graph().edges_size(), row_bytes, proto_bytes,
      100.0 * blob_bytes / row_bytes);
  EXPECT_GT(blob_bytes, 0);
  EXPECT_LT(blob_bytes, static_cast<std::int64_t>(row_bytes / 20));
  EXPECT_LT(result_bytes, 1000);  // the graph is not in the result blob

  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  auto start = std::chrono::steady_clock::now();
  auto loaded = (*store)->LoadExploration("exploration-big");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  std::printf("loaded in %.0f ms\n",
              std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count());
  EXPECT_EQ(loaded->graph_blob_bytes(), blob_bytes);
  EXPECT_EQ(loaded->status(), v1::RECORD_STATUS_COMPLETE);
  EXPECT_EQ(loaded->strategy(), v1::EXPLORE_STRATEGY_LATTICE);
  EXPECT_EQ(loaded->created_at_ms(), 5000);
  EXPECT_EQ(loaded->result().exploration_id(), "exploration-big");
  v1::Exploration want = expected;
  want.set_exploration_id("exploration-big");
  EXPECT_TRUE(MessageDifferencer::Equals(loaded->result(), want));
}

TEST_F(RecordsTest, GraphBlobCanonicalizesNodeOrder) {
  // Nodes in discovery order, not sorted; edges in no particular order.
  v1::ConsensusGraph graph;
  for (std::uint64_t set : {0b000, 0b010, 0b001, 0b011, 0b111})
    graph.add_nodes(set);
  auto edge = [&](std::uint32_t from, std::uint32_t to, std::uint32_t p,
                  std::uint32_t s) {
    v1::GraphEdge* e = graph.add_edges();
    e->set_source(from);
    e->set_target(to);
    e->set_proposal(p);
    e->set_support(s);
    e->set_abstain(6 - s);
  };
  edge(3, 4, 2, 5);
  edge(0, 1, 1, 2);
  edge(0, 2, 0, 3);
  edge(1, 3, 0, 4);
  edge(2, 3, 1, 1);
  auto blob = EncodeGraphBlob(graph);
  ASSERT_TRUE(blob.ok()) << blob.status();
  auto decoded = DecodeGraphBlob(*blob);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(Shape(*decoded), Shape(graph));
  EXPECT_EQ(std::vector<std::uint64_t>(decoded->nodes().begin(),
                                       decoded->nodes().end()),
            (std::vector<std::uint64_t>{0b000, 0b001, 0b010, 0b011, 0b111}));
  // Canonical form round-trips exactly.
  auto again = DecodeGraphBlob(*EncodeGraphBlob(*decoded));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(*again, *decoded));
}

TEST_F(RecordsTest, GraphBlobKeepsEdgesThatAreNotSingleSteps) {
  v1::ConsensusGraph graph;
  for (std::uint64_t set : {0b00, 0b11, 0b01}) graph.add_nodes(set);
  v1::GraphEdge* e = graph.add_edges();  // {} -> {0,1}: not S ∪ {p}
  e->set_source(0);
  e->set_target(1);
  e->set_proposal(70);
  e->set_support(2);
  e = graph.add_edges();
  e->set_source(2);
  e->set_target(0);
  e->set_proposal(0);
  auto decoded = DecodeGraphBlob(*EncodeGraphBlob(graph));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(Shape(*decoded), Shape(graph));
}

TEST_F(RecordsTest, GraphBlobRejectsBadInputAndCorruption) {
  v1::ConsensusGraph duplicate;
  duplicate.add_nodes(1);
  duplicate.add_nodes(1);
  EXPECT_EQ(EncodeGraphBlob(duplicate).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::ConsensusGraph dangling;
  dangling.add_nodes(0);
  dangling.add_edges()->set_target(5);
  EXPECT_EQ(EncodeGraphBlob(dangling).status().code(),
            absl::StatusCode::kInvalidArgument);

  auto blob = EncodeGraphBlob(testing::FullLatticeGraph(8));
  ASSERT_TRUE(blob.ok());
  EXPECT_EQ(DecodeGraphBlob(blob->substr(0, blob->size() / 2)).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeGraphBlob("not a blob").status().code(),
            absl::StatusCode::kDataLoss);
  std::string flipped = *blob;
  flipped[flipped.size() / 2] ^= 0x55;
  EXPECT_EQ(DecodeGraphBlob(flipped).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(RecordsTest, SavingAgainReplacesAndKeepsCreationTime) {
  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  ExplorationRecord running = MakeExploration("e", 4);
  running.set_status(v1::RECORD_STATUS_RUNNING);
  running.mutable_result()->Clear();
  ASSERT_TRUE((*store)->SaveExploration(std::move(running)).ok());
  ExplorationRecord done = MakeExploration("e", 4);
  done.set_created_at_ms(9999);
  *done.mutable_result()->mutable_graph() = testing::FullLatticeGraph(4);
  ASSERT_TRUE((*store)->SaveExploration(std::move(done)).ok());
  {
    RawDb raw(DbPath());
    EXPECT_EQ(raw.Int("SELECT count(*) FROM explorations"), 1);
    EXPECT_EQ(raw.Int("SELECT created_at_ms FROM explorations"), 5000);
    EXPECT_EQ(raw.Text("SELECT status FROM explorations"), "COMPLETE");
  }
  // Without a graph, none comes back.
  ExplorationRecord plain = MakeExploration("plain", 4);
  ASSERT_TRUE((*store)->SaveExploration(std::move(plain)).ok());
  auto loaded = (*store)->LoadExploration("plain");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->result().has_graph());
  EXPECT_EQ(loaded->graph_blob_bytes(), 0);
  EXPECT_EQ((*store)->LoadExploration("missing").status().code(),
            absl::StatusCode::kNotFound);

  ExplorationRecord bad = MakeExploration("bad", 4);
  bad.mutable_result()->mutable_graph()->add_nodes(3);
  bad.mutable_result()->mutable_graph()->add_nodes(3);
  EXPECT_EQ((*store)->SaveExploration(std::move(bad)).code(),
            absl::StatusCode::kInvalidArgument);

  {
    RawDb raw(DbPath());
    raw.Exec(
        "UPDATE explorations SET graph = substr(graph, 1, 20) WHERE id = 'e'");
  }
  EXPECT_EQ((*store)->LoadExploration("e").status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace concert::coordinator
