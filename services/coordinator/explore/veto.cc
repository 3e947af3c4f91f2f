#include "services/coordinator/explore/veto.h"

#include <array>
#include <bit>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace concert::coordinator {
namespace {

// The sets of one level reached in some world, with a path count per world
// (counts[set_index * worlds + world]).
struct Level {
  absl::flat_hash_map<ProposalSet, std::uint32_t> index;
  std::vector<ProposalSet> sets;
  std::vector<Count> counts;
};

// Asks the questions of the sets in `fresh` (new cache entries) and caches
// the answers, in chunks. Unlike the lattice walk, it does not have the
// parties answer the next chunk while this one is stored: storing is a
// small part of a chunk's time (the re-walk's work on the answers starts
// once the whole level is in), so there is little to hide, and on two busy
// cores the overlapped store slowed the ask it competed with more than it
// saved (docs/performance.md, "Asking the next chunk while evaluating this
// one").
absl::Status AskFresh(ExploreContext& context, VoteCache& cache,
                      const std::vector<std::uint32_t>& fresh) {
  const DraftIndex& index = context.index();
  const std::size_t max_questions = context.options().max_questions_per_ask;
  std::vector<Question> questions;
  std::vector<PartyAnswers> answers;
  std::size_t next = 0;
  while (next < fresh.size()) {
    questions.clear();
    const std::size_t first = next;
    while (next < fresh.size() &&
           (questions.empty() ||
            questions.size() + kMaxProposals <= max_questions)) {
      const ProposalSet set = cache.set(fresh[next]);
      const ProposalSet candidates = index.Candidates(set);
      cache.AllocateQuestions(fresh[next], std::popcount(candidates));
      for (ProposalSet c = candidates; c != 0; c &= c - 1) {
        questions.push_back(
            Question{set, static_cast<std::uint32_t>(std::countr_zero(c)), {}});
      }
      ++next;
    }
    absl::Status status = context.Ask(questions, &answers);
    if (!status.ok()) return status;
    std::size_t q = 0;
    for (std::size_t f = first; f < next; ++f) {
      const int n = std::popcount(index.Candidates(cache.set(fresh[f])));
      for (int rank = 0; rank < n; ++rank, ++q) {
        const std::uint64_t stored = cache.question(fresh[f], rank);
        for (int i = 0; i < context.parties(); ++i) {
          cache.StoreVote(stored, i, ExploreContext::VoteOf(answers, i, q));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Count>> ComputeVetoPower(ExploreContext& context,
                                                    VoteCache& cache,
                                                    std::uint64_t rewalk,
                                                    const Count& consensus) {
  const DraftIndex& index = context.index();
  const int parties = context.parties();
  std::vector<Count> out(parties, consensus);
  std::vector<int> worlds;
  for (int i = 0; i < parties; ++i) {
    if ((rewalk >> i) & 1u) worlds.push_back(i);
  }
  if (worlds.empty()) return out;
  const std::size_t w_count = worlds.size();

  // One walk for all worlds: a level holds every set some world reaches,
  // with one path count per world. A question's votes are read once; a
  // world's outcome differs from the plain one only where its party
  // objected.
  context.set_phase("veto power");
  Level level;
  level.index.emplace(0, 0);
  level.sets.push_back(0);
  level.counts.assign(w_count, Count(1));
  std::array<std::uint8_t, 64> buffer{};
  const std::span<std::uint8_t> votes(buffer.data(), parties);
  for (int k = 0; k < index.size(); ++k) {
    context.set_level(k);
    // Every set the lattice walk kept was asked about; a new entry was not.
    std::vector<std::uint32_t> fresh;
    for (ProposalSet set : level.sets) {
      auto [id, added] = cache.Insert(set);
      if (added) fresh.push_back(id);
    }
    absl::Status status = context.CheckBudget(
        cache.size(),
        cache.bytes() + level.sets.size() * (VoteCache::kBytesPerEntry +
                                             w_count * sizeof(Count)),
        absl::StrCat("the veto-power walk at level ", k));
    if (!status.ok()) return status;
    if (!fresh.empty()) {
      status = AskFresh(context, cache, fresh);
      if (!status.ok()) return status;
    }
    Level next;
    for (std::size_t s = 0; s < level.sets.size(); ++s) {
      const ProposalSet set = level.sets[s];
      const std::uint32_t id = cache.Find(set);
      const std::size_t from = s * w_count;
      int rank = 0;
      for (ProposalSet c = index.Candidates(set); c != 0; c &= c - 1, ++rank) {
        const int p = std::countr_zero(c);
        cache.Votes(cache.question(id, rank), votes);
        const bool plain = context.Passes(votes, p);
        std::uint64_t passing = 0;  // bit w: passes in world w
        for (std::size_t w = 0; w < w_count; ++w) {
          if (level.counts[from + w] == 0) continue;
          const bool passes = votes[worlds[w]] == v1::VOTE_OBJECT
                                  ? context.Passes(votes, p, worlds[w])
                                  : plain;
          if (passes) passing |= std::uint64_t{1} << w;
        }
        if (passing == 0) continue;
        auto [at, added] = next.index.try_emplace(
            set | Bit(p), static_cast<std::uint32_t>(next.sets.size()));
        if (added) {
          next.sets.push_back(set | Bit(p));
          next.counts.resize(next.counts.size() + w_count);
        }
        const std::size_t to = std::size_t{at->second} * w_count;
        for (std::uint64_t b = passing; b != 0; b &= b - 1) {
          const int w = std::countr_zero(b);
          next.counts[to + w] += level.counts[from + w];
        }
      }
    }
    level = std::move(next);
    status = context.Report();
    if (!status.ok()) return status;
  }
  auto full = level.index.find(index.all());
  for (std::size_t w = 0; w < w_count; ++w) {
    out[worlds[w]] =
        full == level.index.end()
            ? Count(0)
            : level.counts[std::size_t{full->second} * w_count + w];
  }
  context.set_phase("");
  return out;
}

}  // namespace concert::coordinator
