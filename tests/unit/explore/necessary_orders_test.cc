// The necessary orders (Exploration.necessary_orders): known answers on
// small drafts, and on many random forums the lattice's and the
// enumeration's against a brute force over every path of the consensus
// graph (and, for by_draft, every order the draft admits).
#include "services/coordinator/explore/necessary_orders.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/coordinator/explore/consensus_graph.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/explore/lattice_sets.h"
#include "services/coordinator/explore/lattice_walk.h"
#include "tests/support/fake_vote_source.h"
#include "tests/support/random_cases.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::MakeDraft;
using testing::MakeScenario;
using History = std::span<const std::uint32_t>;
// (before, after, by_draft)
using Order = std::tuple<std::string, std::string, bool>;

std::set<Order> OrdersOf(const v1::Exploration& e) {
  std::set<Order> orders;
  for (const v1::NecessaryOrder& o : e.necessary_orders()) {
    orders.emplace(o.before(), o.after(), o.by_draft());
  }
  return orders;
}

std::string Show(const std::set<Order>& orders) {
  std::vector<std::string> parts;
  for (const auto& [a, b, draft] : orders) {
    parts.push_back(absl::StrCat(a, "<", b, draft ? "(draft)" : ""));
  }
  return absl::StrJoin(parts, " ");
}

absl::StatusOr<v1::Exploration> ExploreWith(
    const v1::CharterDraft& draft, FakeVoteSource& source,
    v1::ExploreStrategy strategy = v1::EXPLORE_STRATEGY_LATTICE) {
  const v1::Scenario scenario = MakeScenario(source.party_count());
  ExploreOptions options;
  options.strategy = strategy;
  return Explore({&scenario, &draft, "", {}}, options, source);
}

const v1::ExploreStrategy kExact[] = {v1::EXPLORE_STRATEGY_LATTICE,
                                      v1::EXPLORE_STRATEGY_ENUMERATE};

TEST(NecessaryOrders, APartyWaitingForAnotherProposalImposesAnOrder) {
  const v1::CharterDraft draft = MakeDraft(3, false);
  for (const auto strategy : kExact) {
    FakeVoteSource source(2);
    // P1 objects to p1 until p0 is adopted.
    source.SetVotes([](int party, ProposalSet set, int p, History) {
      return party == 1 && p == 1 && !Contains(set, 0) ? v1::VOTE_OBJECT
                                                       : v1::VOTE_SUPPORT;
    });
    auto e = ExploreWith(draft, source, strategy);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_EQ(Show(OrdersOf(*e)), "p0<p1") << strategy;
  }
}

TEST(NecessaryOrders, PrerequisitesAreOrdersOfTheDraftTransitivelyReduced) {
  // p1 requires p0, p2 requires p1 and p0: p0 < p2 follows, not listed.
  const v1::CharterDraft draft = MakeDraft(4, false, {}, {{}, {0}, {0, 1}, {}});
  for (const auto strategy : kExact) {
    FakeVoteSource source(2);
    auto e = ExploreWith(draft, source, strategy);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_EQ(Show(OrdersOf(*e)), "p0<p1(draft) p1<p2(draft)") << strategy;
  }
}

TEST(NecessaryOrders, StrictStagesAreOrdersOfTheDraft) {
  const v1::CharterDraft draft = MakeDraft(3, true, {0, 0, 1});
  FakeVoteSource source(1);
  auto e = ExploreWith(draft, source);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(Show(OrdersOf(*e)), "p0<p2(draft) p1<p2(draft)");
}

TEST(NecessaryOrders, AFreeAgreeableDraftHasNone) {
  const v1::CharterDraft draft = MakeDraft(5, false);
  for (const auto strategy : kExact) {
    FakeVoteSource source(3);
    auto e = ExploreWith(draft, source, strategy);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_EQ(e->necessary_orders_size(), 0) << strategy;
  }
}

TEST(NecessaryOrders, OutOfReachTheyOrderThePathsToTheLargestSets) {
  // p2 never passes; p1 passes only after p0.
  const v1::CharterDraft draft = MakeDraft(3, false);
  for (const auto strategy : kExact) {
    FakeVoteSource source(2);
    source.SetVotes([](int party, ProposalSet set, int p, History) {
      if (party == 0 && p == 2) return v1::VOTE_OBJECT;
      if (party == 1 && p == 1 && !Contains(set, 0)) return v1::VOTE_OBJECT;
      return v1::VOTE_SUPPORT;
    });
    auto e = ExploreWith(draft, source, strategy);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_FALSE(e->full_charter_reachable());
    EXPECT_EQ(Show(OrdersOf(*e)), "p0<p1") << strategy;
  }
}

TEST(NecessaryOrders, NothingAdoptableHasNone) {
  const v1::CharterDraft draft = MakeDraft(3, false, {}, {{}, {0}, {}});
  for (const auto strategy : kExact) {
    FakeVoteSource source(1);
    source.SetVotes(
        [](int, ProposalSet, int, History) { return v1::VOTE_OBJECT; });
    auto e = ExploreWith(draft, source, strategy);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_EQ(e->largest_adoptable().size(), 0);
    EXPECT_EQ(e->necessary_orders_size(), 0) << strategy;
  }
}

TEST(NecessaryOrders, SamplingLeavesThemOut) {
  const v1::CharterDraft draft = MakeDraft(3, false, {}, {{}, {0}, {}});
  FakeVoteSource source(1);
  auto e = ExploreWith(draft, source, v1::EXPLORE_STRATEGY_SAMPLE);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->necessary_orders_size(), 0);
}

// Every path of the consensus graph from the empty set to a node of the
// largest size, as proposal indices.
std::vector<std::vector<int>> CountedPaths(const v1::ConsensusGraph& g) {
  std::vector<std::vector<std::pair<int, int>>> out(g.nodes_size());
  for (const v1::GraphEdge& e : g.edges()) {
    out[e.source()].emplace_back(e.target(), e.proposal());
  }
  int largest = 0;
  for (const std::uint64_t set : g.nodes()) {
    largest = std::max(largest, std::popcount(set));
  }
  std::vector<std::vector<int>> paths;
  std::vector<int> path;
  std::function<void(int)> walk = [&](int v) {
    if (std::popcount(g.nodes(v)) == largest) paths.push_back(path);
    for (const auto& [t, p] : out[v]) {
      path.push_back(p);
      walk(t);
      path.pop_back();
    }
  };
  walk(0);
  return paths;
}

// Whether a comes before b in every sequence of `sequences` (both in each).
bool AlwaysBefore(const std::vector<std::vector<int>>& sequences, int a,
                  int b) {
  for (const auto& s : sequences) {
    const auto at = std::find(s.begin(), s.end(), a);
    const auto bt = std::find(s.begin(), s.end(), b);
    if (at == s.end() || bt == s.end() || bt < at) return false;
  }
  return !sequences.empty();
}

// Every complete order the draft admits, votes aside.
std::vector<std::vector<int>> AdmissibleOrders(const DraftIndex& index) {
  std::vector<std::vector<int>> orders;
  std::vector<int> order;
  std::function<void(ProposalSet)> walk = [&](ProposalSet set) {
    if (set == index.all()) {
      orders.push_back(order);
      return;
    }
    for (ProposalSet c = index.Candidates(set); c != 0; c &= c - 1) {
      const int p = std::countr_zero(c);
      order.push_back(p);
      walk(set | Bit(p));
      order.pop_back();
    }
  };
  walk(0);
  return orders;
}

TEST(NecessaryOrders, AgreeWithBruteForceOnRandomForums) {
  std::mt19937 random(77);
  int with_orders = 0, by_parties = 0, by_draft = 0, no_complete_order = 0;
  for (int trial = 0; trial < 200; ++trial) {
    SCOPED_TRACE(absl::StrCat("trial ", trial));
    const testing::RandomCase c = testing::MakeRandomCase(random, 500 + trial);
    const DraftIndex index = testing::IndexOf(c.draft);
    const auto admissible = AdmissibleOrders(index);
    std::set<Order> expected;
    std::set<Order> got[2];
    for (int k = 0; k < 2; ++k) {
      FakeVoteSource source(c.scenario.parties_size());
      source.SetVotes(testing::RandomSetVotes(c.seed));
      ExploreOptions options;
      options.strategy = kExact[k];
      options.include_graph = true;
      auto e = Explore({&c.scenario, &c.draft, c.variant, {}}, options, source);
      ASSERT_TRUE(e.ok()) << e.status();
      got[k] = OrdersOf(*e);
      if (k != 0) continue;
      const auto paths = CountedPaths(e->graph());
      const int n = index.size();
      std::vector<std::vector<bool>> before(n, std::vector<bool>(n, false));
      for (int a = 0; a < n; ++a) {
        for (int b = 0; b < n; ++b) {
          before[a][b] = a != b && AlwaysBefore(paths, a, b);
        }
      }
      for (int a = 0; a < n; ++a) {
        for (int b = 0; b < n; ++b) {
          if (!before[a][b]) continue;
          bool implied = false;
          for (int m = 0; m < n; ++m) implied |= before[a][m] && before[m][b];
          if (implied) continue;
          // A draft whose stage order contradicts its prerequisites admits
          // no complete order; its orders are still the draft's.
          const bool draft = admissible.empty()
                                 ? DraftOrders(index)[b] >> a & 1u
                                 : AlwaysBefore(admissible, a, b);
          expected.emplace(index.id(a), index.id(b), draft);
          (draft ? by_draft : by_parties)++;
        }
      }
    }
    EXPECT_EQ(Show(got[0]), Show(expected)) << "lattice";
    EXPECT_EQ(Show(got[1]), Show(expected)) << "enumeration";
    with_orders += expected.empty() ? 0 : 1;
    no_complete_order += admissible.empty() ? 1 : 0;
  }
  // The random forums exercise both kinds of order.
  EXPECT_GT(with_orders, 40);
  EXPECT_GT(by_parties, 20);
  EXPECT_GT(by_draft, 20);
  std::cout << with_orders << " of 200 forums with orders (" << by_parties
            << " by the parties, " << by_draft << " by the draft); "
            << no_complete_order << " drafts admit no complete order\n";
}

// The cost on the largest lattice a free draft has: every subset of N
// proposals, every step passing (2^N sets, N 2^(N-1) steps). N is 14 here;
// CONCERT_NECESSARY_ORDERS_N=20 measures the bench's 20-proposal size.
TEST(NecessaryOrders, CostOnAFullLattice) {
  int n = 14;
  if (const char* env = std::getenv("CONCERT_NECESSARY_ORDERS_N")) {
    n = std::atoi(env);
  }
  ASSERT_TRUE(n >= 1 && n <= 24);
  const DraftIndex index = testing::IndexOf(MakeDraft(n, false));
  // Sets in level order (by size, then value): node order is topological.
  std::vector<ProposalSet> order(std::size_t{1} << n);
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(),
                   [](ProposalSet a, ProposalSet b) {
                     return std::popcount(a) < std::popcount(b);
                   });
  std::vector<std::uint32_t> node_of(order.size());
  LatticeSets sets;
  LatticeWalk walk;
  for (const ProposalSet s : order) node_of[s] = sets.Add(s);
  walk.nodes = sets.size();
  for (std::uint32_t v = 0; v < walk.nodes; ++v) {
    const ProposalSet s = sets.set(v);
    for (int p = 0; p < n; ++p) {
      if (Contains(s, p)) continue;
      walk.edge_sources.push_back(v);
      walk.edge_targets.push_back(node_of[s | Bit(p)]);
      walk.edge_info.push_back({static_cast<std::uint8_t>(p), 1, 0, 0});
    }
  }
  const ConsensusGraph graph(walk);
  const std::uint32_t full = sets.size() - 1;
  const auto start = std::chrono::steady_clock::now();
  const auto orders = NecessaryOrders(index, graph.dag(), sets, {&full, 1});
  const auto took = std::chrono::duration<double, std::milli>(
      std::chrono::steady_clock::now() - start);
  EXPECT_TRUE(orders.empty());
  std::cout << "necessary orders over " << sets.size() << " sets and "
            << boost::num_edges(graph.dag()) << " steps (N = " << n
            << "): " << took.count() << " ms\n";
}

TEST(DraftOrders, ClosePrerequisitesAndStrictStages) {
  const DraftIndex index =
      testing::IndexOf(MakeDraft(4, true, {0, 0, 1, 1}, {{}, {0}, {}, {2}}));
  const std::vector<ProposalSet> before = DraftOrders(index);
  EXPECT_EQ(before[0], 0u);
  EXPECT_EQ(before[1], Bit(0));
  EXPECT_EQ(before[2], Bit(0) | Bit(1));
  EXPECT_EQ(before[3], Bit(0) | Bit(1) | Bit(2));
}

}  // namespace
}  // namespace concert::coordinator
