#include "services/coordinator/explore/result.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace concert::coordinator {

v1::Sequence MakeSequence(const DraftIndex& index,
                          std::span<const int> proposals,
                          std::int64_t support) {
  v1::Sequence s;
  for (int p : proposals) s.add_proposals(index.id(p));
  s.set_support_votes(support);
  return s;
}

void FillDeadEnds(const DraftIndex& index, std::vector<ProposalSet> sets,
                  int max, v1::Exploration* out) {
  std::sort(sets.begin(), sets.end(), [](ProposalSet a, ProposalSet b) {
    const int ca = std::popcount(a), cb = std::popcount(b);
    return ca != cb ? ca > cb : a < b;
  });
  out->set_dead_end_count(sets.size());
  for (std::size_t i = 0; i < sets.size() && static_cast<int>(i) < max; ++i) {
    v1::DeadEnd* d = out->add_dead_ends();
    for (const std::string& id : index.IdsOf(sets[i])) d->add_adopted(id);
    for (const std::string& id : index.IdsOf(index.Candidates(sets[i]))) {
      d->add_failing(id);
    }
  }
}

void FillVetoPower(std::span<const std::string> party_ids,
                   std::span<const Count> without, v1::Exploration* out) {
  for (std::size_t i = 0; i < party_ids.size() && i < without.size(); ++i) {
    v1::VetoPower* v = out->add_veto_power();
    v->set_party(party_ids[i]);
    v->set_consensus_sequences_without(ToDecimal(without[i]));
  }
}

Interval WilsonInterval(std::uint64_t successes, std::uint64_t n) {
  if (n == 0) return {};
  constexpr double z = 1.959963984540054;  // 97.5% normal quantile
  const auto nn = static_cast<double>(n);
  const double p = successes / nn;
  const double denominator = 1 + z * z / nn;
  const double center = (p + z * z / (2 * nn)) / denominator;
  const double half =
      z / denominator * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  // At 0 (or n) successes the bound is exactly 0 (or 1); computed, it
  // comes out as rounding noise such as 3.5e-16, which reports would print.
  return {successes == 0 ? 0.0 : std::max(0.0, center - half),
          successes == n ? 1.0 : std::min(1.0, center + half)};
}

}  // namespace concert::coordinator
