#include "services/coordinator/compare/robustness.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/coordinator/explore/result.h"

namespace concert::coordinator {
namespace {

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Counts of one forum (decision rule) across the samples.
struct Tallies {
  bool baseline_full = false;
  std::uint64_t reachable = 0;
  std::vector<std::uint64_t> flips;
};

}  // namespace

std::uint64_t SampleSeed(std::uint64_t seed, std::uint64_t k) {
  return SplitMix64(seed + k * 0x9e3779b97f4a7c15ULL);
}

bool InShard(std::uint64_t k, const v1::Shard& shard) {
  if (shard.count() <= 1) return true;
  return k % shard.count() == shard.index() - 1;
}

std::uint64_t SamplesInShard(std::uint64_t samples, const v1::Shard& shard) {
  if (shard.count() <= 1) return samples;
  const std::uint64_t i = shard.index() - 1;
  return samples <= i ? 0 : (samples - i - 1) / shard.count() + 1;
}

void FinishRobustness(v1::Robustness* r) {
  const std::uint64_t n = r->samples();
  const Interval ci = WilsonInterval(r->reachable(), n);
  r->set_share(n == 0 ? 0 : static_cast<double>(r->reachable()) / n);
  r->set_share_low(ci.low);
  r->set_share_high(ci.high);
  for (v1::PartySensitivity& s : *r->mutable_sensitivity()) {
    s.set_share(n == 0 ? 0 : static_cast<double>(s.flips()) / n);
  }
}

absl::StatusOr<std::vector<v1::Robustness>> RunRobustness(
    const RobustnessInput& in, const SampleTick& tick) {
  VoteSource& source = *in.source;
  const int parties = source.party_count();
  if (in.forums.empty()) return std::vector<v1::Robustness>{};
  const std::uint64_t present = in.forums.front()->present;
  const std::uint64_t absent = in.forums.front()->absent;
  const std::vector<const std::uint8_t*> baseline =
      ColumnPointers(*in.baseline, absent);

  std::vector<Tallies> tallies(in.forums.size());
  for (std::size_t r = 0; r < in.forums.size(); ++r) {
    tallies[r].baseline_full = ReachOf(*in.table, *in.forums[r], baseline).full;
    tallies[r].flips.assign(parties, 0);
  }

  std::vector<VoteColumn> perturbed;
  std::vector<const std::uint8_t*> mixed = baseline;
  TableContext context = in.context;
  context.perturbation = in.perturbation;
  std::uint64_t done = 0;
  for (std::uint64_t k = 0; k < in.samples; ++k) {
    if (!InShard(k, in.shard)) continue;
    context.perturbation.set_seed(SampleSeed(in.seed, k));
    if (absl::Status s =
            FetchColumns(source, context, *in.table, present, &perturbed);
        !s.ok()) {
      return absl::Status(
          s.code(), absl::StrCat("robustness sample ", k, ": ", s.message()));
    }
    const std::vector<const std::uint8_t*> all =
        ColumnPointers(perturbed, absent);
    for (std::size_t r = 0; r < in.forums.size(); ++r) {
      const ForumContext& forum = *in.forums[r];
      Tallies& t = tallies[r];
      if (ReachOf(*in.table, forum, all).full) ++t.reachable;
      for (int i = 0; i < parties; ++i) {
        if (((present >> i) & 1u) == 0) continue;
        mixed[i] = all[i];
        if (ReachOf(*in.table, forum, mixed).full != t.baseline_full) {
          ++t.flips[i];
        }
        mixed[i] = baseline[i];
      }
    }
    ++done;
    if (tick && !tick(done)) {
      return absl::CancelledError("the comparison was cancelled");
    }
  }

  std::vector<v1::Robustness> out(in.forums.size());
  for (std::size_t r = 0; r < in.forums.size(); ++r) {
    v1::Robustness& rob = out[r];
    rob.set_samples(done);
    rob.set_reachable(tallies[r].reachable);
    for (int i = 0; i < parties; ++i) {
      if (((present >> i) & 1u) == 0) continue;
      v1::PartySensitivity* s = rob.add_sensitivity();
      s->set_party(source.party_id(i));
      s->set_flips(tallies[r].flips[i]);
    }
    FinishRobustness(&rob);
  }
  return out;
}

}  // namespace concert::coordinator
