#include "services/coordinator/records/sequences.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <queue>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/draft_index.h"

namespace concert::coordinator {

namespace {

constexpr std::int64_t kUnreachable = std::numeric_limits<std::int64_t>::min();

struct Step {
  int proposal;
  std::uint32_t to;
  std::int64_t support;
};

// The stored graph as adjacency lists, checked against the draft.
struct GraphView {
  absl::flat_hash_map<ProposalSet, std::uint32_t> node_of;
  std::vector<std::vector<Step>> out;  // per node, sorted by proposal

  std::int64_t Find(ProposalSet set) const {
    auto it = node_of.find(set);
    return it == node_of.end() ? -1 : static_cast<std::int64_t>(it->second);
  }
};

absl::StatusOr<GraphView> ViewOf(const v1::ConsensusGraph& graph,
                                 int proposals) {
  GraphView view;
  const auto n = static_cast<std::uint32_t>(graph.nodes_size());
  view.node_of.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!view.node_of.emplace(graph.nodes(i), i).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "consensus graph holds the set ", graph.nodes(i), " twice"));
    }
  }
  view.out.resize(n);
  for (const v1::GraphEdge& e : graph.edges()) {
    if (e.source() >= n || e.target() >= n ||
        e.proposal() >= static_cast<std::uint32_t>(proposals)) {
      return absl::InvalidArgumentError(
          absl::StrCat("consensus graph edge ", e.source(), " -> ", e.target(),
                       " (proposal ", e.proposal(), ") is out of range for ", n,
                       " nodes and ", proposals, " proposals"));
    }
    view.out[e.source()].push_back({static_cast<int>(e.proposal()), e.target(),
                                    static_cast<std::int64_t>(e.support())});
  }
  for (auto& steps : view.out) {
    std::sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
      return a.proposal < b.proposal;
    });
  }
  return view;
}

// Nodes in topological order (Kahn); INVALID_ARGUMENT on a cycle.
absl::StatusOr<std::vector<std::uint32_t>> TopologicalOrder(
    const GraphView& view) {
  const std::size_t n = view.out.size();
  std::vector<std::uint32_t> indegree(n, 0);
  for (const auto& steps : view.out) {
    for (const Step& s : steps) ++indegree[s.to];
  }
  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (indegree[v] == 0) order.push_back(v);
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (const Step& s : view.out[order[i]]) {
      if (--indegree[s.to] == 0) order.push_back(s.to);
    }
  }
  if (order.size() != n) {
    return absl::InvalidArgumentError("consensus graph has a cycle");
  }
  return order;
}

// A prefix of a path from the empty set, in the best-first queue.
struct Prefix {
  std::int64_t bound;    // support so far + best remaining support
  std::int64_t support;  // support so far
  std::uint32_t node;
  std::vector<int> proposals;
};

// Lower priority: smaller bound, or equal bound and later in draft order.
// Expanding a prefix never raises its bound nor moves it earlier in
// lexicographic order, so complete paths leave the queue best first.
struct LowerPriority {
  bool operator()(const Prefix& a, const Prefix& b) const {
    if (a.bound != b.bound) return a.bound < b.bound;
    return a.proposals > b.proposals;
  }
};

// The size of the largest set any consensus path from `start` (holding
// `adopted`) reaches: a depth-first walk, each node's answer kept, since
// paths of the lattice meet again.
int MostAdoptedFrom(const GraphView& view, std::uint32_t start,
                    ProposalSet adopted) {
  // Per node: its set's size plus the most steps on from it (-1: not yet).
  std::vector<int> most(view.out.size(), -1);
  struct Frame {
    std::uint32_t node;
    int size;
    std::size_t next;
  };
  std::vector<Frame> stack{{start, std::popcount(adopted), 0}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const auto& steps = view.out[top.node];
    if (top.next < steps.size()) {
      const Step& step = steps[top.next++];
      if (most[step.to] < 0) stack.push_back({step.to, top.size + 1, 0});
      continue;
    }
    int best = top.size;
    for (const Step& step : steps) best = std::max(best, most[step.to]);
    most[top.node] = best;
    stack.pop_back();
  }
  return most[start];
}

}  // namespace

absl::StatusOr<std::vector<v1::Sequence>> ConsensusSequences(
    const v1::ConsensusGraph& graph, const v1::CharterDraft& draft, int limit) {
  if (limit <= 0) return absl::InvalidArgumentError("limit must be positive");
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  if (!index.ok()) return index.status();
  absl::StatusOr<GraphView> view = ViewOf(graph, index->size());
  if (!view.ok()) return view.status();
  absl::StatusOr<std::vector<std::uint32_t>> order = TopologicalOrder(*view);
  if (!order.ok()) return order.status();

  std::vector<v1::Sequence> sequences;
  const std::int64_t start = view->Find(0);
  const std::int64_t goal = view->Find(index->all());
  if (start < 0 || goal < 0) return sequences;

  // best[v]: the most support from v to the goal.
  std::vector<std::int64_t> best(view->out.size(), kUnreachable);
  best[goal] = 0;
  for (auto it = order->rbegin(); it != order->rend(); ++it) {
    if (*it == goal) continue;
    for (const Step& s : view->out[*it]) {
      if (best[s.to] != kUnreachable)
        best[*it] = std::max(best[*it], s.support + best[s.to]);
    }
  }
  if (best[start] == kUnreachable) return sequences;

  std::priority_queue<Prefix, std::vector<Prefix>, LowerPriority> queue;
  queue.push({best[start], 0, static_cast<std::uint32_t>(start), {}});
  while (!queue.empty() && static_cast<int>(sequences.size()) < limit) {
    Prefix prefix = queue.top();
    queue.pop();
    if (prefix.node == goal) {
      v1::Sequence& sequence = sequences.emplace_back();
      for (int p : prefix.proposals) sequence.add_proposals(index->id(p));
      sequence.set_support_votes(prefix.support);
      continue;
    }
    for (const Step& s : view->out[prefix.node]) {
      if (best[s.to] == kUnreachable) continue;
      Prefix next{prefix.support + s.support + best[s.to],
                  prefix.support + s.support, s.to, prefix.proposals};
      next.proposals.push_back(s.proposal);
      queue.push(std::move(next));
    }
  }
  return sequences;
}

absl::StatusOr<SequenceCheck> CheckSequence(
    const v1::ConsensusGraph& graph, const v1::CharterDraft& draft,
    const std::vector<std::string>& order,
    const google::protobuf::RepeatedPtrField<v1::BlockerStat>& blockers) {
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  if (!index.ok()) return index.status();
  absl::StatusOr<GraphView> view = ViewOf(graph, index->size());
  if (!view.ok()) return view.status();
  std::int64_t node = view->Find(0);
  if (node < 0) {
    return absl::InvalidArgumentError(
        "consensus graph has no node for the empty set");
  }

  SequenceCheck check;
  ProposalSet adopted = 0;
  auto fail = [&](SequenceCheck::Verdict verdict, int step,
                  const std::string& id, std::string reason) {
    check.verdict = verdict;
    check.step = step;
    check.proposal = id;
    check.reason = std::move(reason);
    return check;
  };
  for (std::size_t i = 0; i < order.size(); ++i) {
    const int step = static_cast<int>(i) + 1;
    const std::string& id = order[i];
    const int p = index->Find(id);
    if (p < 0) {
      return fail(SequenceCheck::Verdict::kUnknownProposal, step, id,
                  absl::StrCat("step ", step,
                               " names no proposal of the draft (", id, ")"));
    }
    if (Contains(adopted, p)) {
      return fail(SequenceCheck::Verdict::kRepeated, step, id,
                  absl::StrCat("step ", step, " tables ", id,
                               " again (already adopted)"));
    }
    if (!Contains(index->Candidates(adopted), p)) {
      ProposalSet missing = index->requires_of(p) & ~adopted;
      if (missing != 0) {
        check.waiting_on = index->IdsOf(missing);
      } else {
        // Not a prerequisite: under STRICT order an earlier stage is open.
        for (int s = 0; s < index->stage_count(); ++s) {
          if ((index->stage_members(s) & ~adopted) != 0) {
            const std::string stage_id = s < draft.stages_size()
                                             ? draft.stages(s).id()
                                             : absl::StrCat(s);
            check.waiting_on.push_back(
                absl::StrCat("stage ", stage_id, " incomplete"));
            break;
          }
        }
      }
      return fail(SequenceCheck::Verdict::kInadmissible, step, id,
                  absl::StrCat("step ", step, " (proposal ", id,
                               ") is inadmissible: waiting on ",
                               absl::StrJoin(check.waiting_on, ", ")));
    }
    const auto& steps = view->out[node];
    auto edge = std::find_if(steps.begin(), steps.end(),
                             [&](const Step& s) { return s.proposal == p; });
    if (edge == steps.end()) {
      for (const v1::BlockerStat& blocker : blockers) {
        if (blocker.proposal() != id) continue;
        for (const v1::Objection& o : blocker.objections())
          check.parties.push_back(o.party());
      }
      std::string reason = absl::StrCat("fails the decision rule at step ",
                                        step, " (proposal ", id, ")");
      if (!check.parties.empty()) {
        absl::StrAppend(&reason, "; objecting to ", id, " in the exploration: ",
                        absl::StrJoin(check.parties, ", "));
      }
      return fail(SequenceCheck::Verdict::kFailsRule, step, id,
                  std::move(reason));
    }
    adopted |= Bit(p);
    node = edge->to;
    check.steps_passed = step;
    check.support_votes += edge->support;
  }
  if (adopted != index->all()) {
    std::vector<std::string> left = index->IdsOf(index->all() & ~adopted);
    check.verdict = SequenceCheck::Verdict::kIncomplete;
    check.most_after = MostAdoptedFrom(*view, node, adopted);
    check.completable = check.most_after == index->size();
    check.reason = absl::StrCat(
        "every step passes; ", left.size(), " proposals are not adopted yet (",
        absl::StrJoin(left, ", "), ") and from there ",
        check.completable
            ? "the full draft is reachable"
            : absl::StrCat("at most ", check.most_after, " of ", index->size(),
                           " proposals can be adopted"));
    return check;
  }
  check.verdict = SequenceCheck::Verdict::kConsensus;
  check.reason =
      absl::StrCat("reaches consensus in ", check.steps_passed, " steps with ",
                   check.support_votes, " SUPPORT votes");
  return check;
}

absl::StatusOr<SequenceCheck> CheckSequence(
    const v1::Exploration& result, const v1::CharterDraft& draft,
    const std::vector<std::string>& order) {
  return CheckSequence(result.graph(), draft, order, result.blockers());
}

}  // namespace concert::coordinator
