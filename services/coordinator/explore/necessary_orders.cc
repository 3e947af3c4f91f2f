#include "services/coordinator/explore/necessary_orders.h"

#include <bit>

namespace concert::coordinator {

OrderWitness::OrderWitness(int proposals) : may_precede_(proposals, 0) {}

void OrderWitness::NoteSet(ProposalSet set) {
  const ProposalSet outside = ~set;
  for (ProposalSet s = set; s != 0; s &= s - 1) {
    may_precede_[std::countr_zero(s)] |= outside;
  }
}

void OrderWitness::NotePath(std::span<const std::uint32_t> path) {
  // The prefixes are nested: the smallest one holding b leaves out the most.
  ProposalSet set = 0;
  for (const std::uint32_t p : path) {
    set |= Bit(static_cast<int>(p));
    may_precede_[p] |= ~set;
  }
  NoteTarget(set);
}

void OrderWitness::NoteTarget(ProposalSet target) {
  common_ &= target;
  any_target_ = true;
}

std::vector<ProposalSet> DraftOrders(const DraftIndex& index) {
  const int n = index.size();
  std::vector<ProposalSet> before(n, 0);
  for (int b = 0; b < n; ++b) {
    before[b] = index.requires_of(b);
    if (index.strict()) {
      for (int s = 0; s < index.stage_of(b); ++s) {
        before[b] |= index.stage_members(s);
      }
    }
  }
  // Transitive closure (Warshall over bit rows): a before c before b.
  for (int c = 0; c < n; ++c) {
    for (int b = 0; b < n; ++b) {
      if (Contains(before[b], c)) before[b] |= before[c];
    }
  }
  return before;
}

std::vector<v1::NecessaryOrder> OrderWitness::Finish(
    const DraftIndex& index) const {
  std::vector<v1::NecessaryOrder> orders;
  if (!any_target_) return orders;
  const int n = index.size();
  const ProposalSet common = common_ & index.all();
  // before[b]: the proposals every counted path adopts before b. Both are
  // on every path, so exactly one of the two orders holds on each; a before
  // b is necessary when no path puts b first.
  std::vector<ProposalSet> before(n, 0);
  for (int b = 0; b < n; ++b) {
    if (Contains(common, b)) {
      before[b] = common & ~may_precede_[b] & ~Bit(b);
    }
  }
  // Transitive reduction of a partial order: drop a before b when a comes
  // before some c that comes before b.
  std::vector<ProposalSet> reduced(n, 0);
  for (int b = 0; b < n; ++b) {
    ProposalSet implied = 0;
    for (ProposalSet s = before[b]; s != 0; s &= s - 1) {
      implied |= before[std::countr_zero(s)];
    }
    reduced[b] = before[b] & ~implied;
  }
  const std::vector<ProposalSet> forced = DraftOrders(index);
  for (int a = 0; a < n; ++a) {
    for (int b = 0; b < n; ++b) {
      if (!Contains(reduced[b], a)) continue;
      v1::NecessaryOrder& order = orders.emplace_back();
      order.set_before(index.id(a));
      order.set_after(index.id(b));
      order.set_by_draft(Contains(forced[b], a));
    }
  }
  return orders;
}

std::vector<v1::NecessaryOrder> NecessaryOrders(
    const DraftIndex& index, const ConsensusDag& dag, const LatticeSets& sets,
    std::span<const std::uint32_t> targets) {
  OrderWitness witness(index.size());
  const auto nodes = static_cast<std::uint32_t>(boost::num_vertices(dag));
  std::vector<std::uint8_t> on_path(nodes, 0);
  for (const std::uint32_t t : targets) {
    if (t < nodes) {
      on_path[t] = 1;
      witness.NoteTarget(sets.set(t));
    }
  }
  // Edges go from lower ids to higher ones: one downward sweep finds every
  // node with a path to a target.
  for (std::uint32_t v = nodes; v-- > 0;) {
    if (on_path[v] == 0) {
      for (auto e : boost::make_iterator_range(boost::out_edges(v, dag))) {
        if (on_path[boost::target(e, dag)] != 0) {
          on_path[v] = 1;
          break;
        }
      }
    }
    if (on_path[v] != 0) witness.NoteSet(sets.set(v));
  }
  return witness.Finish(index);
}

}  // namespace concert::coordinator
