#include "services/coordinator/explorer_veto.h"

#include <array>
#include <bit>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace concert::coordinator {
namespace {

using Level = absl::flat_hash_map<ProposalSet, Count>;

// Asks the questions of the sets in `fresh` (new cache entries) and caches
// the answers, in chunks.
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

  context.set_phase("veto power");
  std::vector<Level> levels(worlds.size(), Level{{0, Count(1)}});
  std::array<std::uint8_t, 64> buffer{};
  const std::span<std::uint8_t> votes(buffer.data(), parties);
  for (int k = 0; k < index.size(); ++k) {
    context.set_level(k);
    // Sets some world reaches that were never asked about.
    std::vector<std::uint32_t> fresh;
    std::uint64_t live = 0;
    for (const Level& level : levels) {
      live += level.size();
      for (const auto& entry : level) {
        // Every set the lattice walk kept was asked about; a new entry was
        // not (and is added once even when several worlds reach it).
        auto [id, added] = cache.Insert(entry.first);
        if (added) fresh.push_back(id);
      }
    }
    absl::Status status = context.CheckBudget(
        cache.size() + live,
        cache.bytes() + live * (VoteCache::kBytesPerEntry + sizeof(Count)),
        absl::StrCat("the veto-power walk at level ", k));
    if (!status.ok()) return status;
    if (!fresh.empty()) {
      status = AskFresh(context, cache, fresh);
      if (!status.ok()) return status;
    }
    for (std::size_t w = 0; w < worlds.size(); ++w) {
      Level next;
      for (const auto& [set, count] : levels[w]) {
        const std::uint32_t id = cache.Find(set);
        int rank = 0;
        for (ProposalSet c = index.Candidates(set); c != 0;
             c &= c - 1, ++rank) {
          const int p = std::countr_zero(c);
          cache.Votes(cache.question(id, rank), votes);
          if (context.Passes(votes, p, worlds[w])) next[set | Bit(p)] += count;
        }
      }
      levels[w] = std::move(next);
    }
    status = context.Report();
    if (!status.ok()) return status;
  }
  for (std::size_t w = 0; w < worlds.size(); ++w) {
    auto full = levels[w].find(index.all());
    out[worlds[w]] = full == levels[w].end() ? Count(0) : full->second;
  }
  context.set_phase("");
  return out;
}

}  // namespace concert::coordinator
