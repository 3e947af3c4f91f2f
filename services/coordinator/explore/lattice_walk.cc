#include "services/coordinator/explore/lattice_walk.h"

#include <array>
#include <bit>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace concert::coordinator {
namespace {

class Walker {
 public:
  Walker(ExploreContext& context, VoteCache& cache, BlockerTally& blockers,
         LatticeWalk& walk)
      : context_(context),
        index_(context.index()),
        cache_(cache),
        blockers_(blockers),
        walk_(walk) {}

  absl::Status Run() {
    const int n = index_.size();
    cache_.Add(0);
    context_.add_states(1);
    counts_.assign(1, Count(1));
    walk_.level_begin.assign(1, 0);
    for (int k = 0;; ++k) {
      context_.set_level(k);
      const std::uint32_t begin = walk_.level_begin[k];
      const std::uint32_t end = cache_.size();
      walk_.level_begin.push_back(end);
      if (k == n) break;  // the full set: nothing left to table
      absl::Status status = WalkLevel(k, begin, end);
      if (!status.ok()) return status;
      counts_ = std::move(next_counts_);
      next_counts_ = {};
      next_index_ = {};
      status = context_.Report();
      if (!status.ok()) return status;
      if (cache_.size() == end) break;  // nothing passed: no next level
    }
    walk_.nodes = cache_.size();
    const std::uint32_t full = cache_.Find(index_.all());
    walk_.full_reachable = full != VoteCache::kNone;
    if (walk_.full_reachable) {
      cache_.AllocateQuestions(full, 0);
      walk_.consensus = counts_[full - walk_.level_begin[n]];
    } else {
      walk_.consensus = 0;
    }
    return absl::OkStatus();
  }

 private:
  // Whole nodes [first, last) of a level and their questions, asked as one.
  struct Chunk {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    std::vector<Question> questions;
    std::vector<PartyAnswers> answers;
  };

  // Asks every question of level k (nodes [begin, end)) in chunks of whole
  // nodes and adds the passing steps. A level of several chunks has the
  // parties answer chunk c+1 while chunk c is evaluated here (one ask in
  // flight at a time); a level of one chunk — every small draft — is asked
  // on this thread, as it pays for no thread.
  absl::Status WalkLevel(int k, std::uint32_t begin, std::uint32_t end) {
    absl::Status status = WalkChunks(k, begin, end);
    // An error left the next chunk's ask running: wait for it, drop it.
    context_.AbandonAsk();
    return status;
  }

  absl::Status WalkChunks(int k, std::uint32_t begin, std::uint32_t end) {
    Chunk* current = &chunks_[0];
    Chunk* next = &chunks_[1];
    BuildChunk(begin, end, *current);
    absl::Status status = CheckBudget(k, current->questions.size());
    if (!status.ok()) return status;
    status = context_.Ask(current->questions, &current->answers);
    if (!status.ok()) return status;
    for (;;) {
      const bool more = current->last < end;
      if (more) {
        // Built (its answers' room in the cache included) and checked
        // before `current` is evaluated, so the budget still counts the
        // worst case of both.
        BuildChunk(current->last, end, *next);
        status =
            CheckBudget(k, current->questions.size() + next->questions.size());
        if (!status.ok()) return status;
        context_.StartAsk(next->questions, &next->answers);
      }
      status = Evaluate(k, *current, begin, end);
      if (!status.ok()) return status;
      if (!more) return absl::OkStatus();
      // Reported as before the next chunk was asked: the count of questions
      // asked grows when its answers are in.
      status = context_.Report();
      if (!status.ok()) return status;
      status = context_.FinishAsk();
      if (!status.ok()) return status;
      std::swap(current, next);
    }
  }

  // Fills `chunk` with the nodes from `first` (before `end`) whose
  // questions fit max_questions_per_ask (at least one node), and reserves
  // room for their answers in the cache.
  void BuildChunk(std::uint32_t first, std::uint32_t end, Chunk& chunk) {
    const std::size_t max_questions = context_.options().max_questions_per_ask;
    chunk.questions.clear();
    chunk.first = first;
    std::uint32_t node = first;
    while (node < end &&
           (chunk.questions.empty() ||
            chunk.questions.size() + kMaxProposals <= max_questions)) {
      const ProposalSet set = cache_.set(node);
      const ProposalSet candidates = index_.Candidates(set);
      cache_.AllocateQuestions(node, std::popcount(candidates));
      for (ProposalSet c = candidates; c != 0; c &= c - 1) {
        chunk.questions.push_back(
            Question{set, static_cast<std::uint32_t>(std::countr_zero(c)), {}});
      }
      ++node;
    }
    chunk.last = node;
  }

  // RESOURCE_EXHAUSTED unless `questions` not yet evaluated fit the budget
  // in their worst case: every question passes into a new state.
  absl::Status CheckBudget(int k, std::size_t questions) const {
    const std::uint64_t ahead =
        questions *
        (cache_.BytesPerQuestion() + 2 * sizeof(std::uint32_t) +
         sizeof(EdgeInfo) + VoteCache::kBytesPerEntry + sizeof(Count));
    return context_.CheckBudget(
        context_.states(), Bytes() + ahead,
        absl::StrCat("level ", k + 1, " of the lattice"));
  }

  // Stores the answers of `chunk`'s nodes and follows the passing steps.
  absl::Status Evaluate(int k, const Chunk& chunk, std::uint32_t begin,
                        std::uint32_t end) {
    const int parties = context_.parties();
    std::array<std::uint8_t, 64> buffer{};
    const std::span<std::uint8_t> votes(buffer.data(), parties);
    std::size_t q = 0;
    for (std::uint32_t node = chunk.first; node < chunk.last; ++node) {
      const ProposalSet set = cache_.set(node);
      const ProposalSet candidates = index_.Candidates(set);
      bool any_passes = false;
      int rank = 0;
      for (ProposalSet c = candidates; c != 0; c &= c - 1, ++rank, ++q) {
        const int p = std::countr_zero(c);
        const std::uint64_t stored = cache_.question(node, rank);
        for (int i = 0; i < parties; ++i) {
          votes[i] = ExploreContext::VoteOf(chunk.answers, i, q);
          cache_.StoreVote(stored, i, votes[i]);
        }
        const bool passes = context_.Passes(votes, p);
        blockers_.Add(set, p, passes, votes);
        const Tally tally = TallyOf(votes);
        if (tally.object > 0) NoteDecisiveObjectors(votes, p, passes);
        if (!passes) continue;
        any_passes = true;
        // The next level's own index is small and hot in cache; the
        // cache's map (all levels) is touched once per new set.
        auto [at, added] = next_index_.try_emplace(set | Bit(p), cache_.size());
        const std::uint32_t to = at->second;
        if (added) {
          cache_.Add(set | Bit(p));
          if (context_.states() + 1 > context_.options().max_states) {
            return context_.CheckBudget(
                context_.states() + 1, Bytes(),
                absl::StrCat("level ", k + 1, " of the lattice"));
          }
          context_.add_states(1);
          next_counts_.emplace_back(0);
        }
        next_counts_[to - end] += counts_[node - begin];
        walk_.edge_sources.push_back(node);
        walk_.edge_targets.push_back(to);
        walk_.edge_info.push_back(EdgeInfo{static_cast<std::uint8_t>(p),
                                           tally.support, tally.abstain,
                                           tally.object});
      }
      if (candidates != 0 && !any_passes) walk_.dead_ends.push_back(node);
    }
    return absl::OkStatus();
  }

  // Marks the objectors whose objection, set aside, changes the outcome.
  void NoteDecisiveObjectors(std::span<const std::uint8_t> votes, int p,
                             bool passes) {
    for (int i = 0; i < context_.parties(); ++i) {
      if (votes[i] != v1::VOTE_OBJECT ||
          ((walk_.decisive_objectors >> i) & 1u)) {
        continue;
      }
      if (context_.Passes(votes, p, i) != passes) {
        walk_.decisive_objectors |= std::uint64_t{1} << i;
      }
    }
  }

  std::uint64_t Bytes() const {
    return cache_.bytes() +
           (walk_.edge_sources.capacity() + walk_.edge_targets.capacity() +
            walk_.edge_info.capacity() + walk_.dead_ends.capacity()) *
               4 +
           (counts_.capacity() + next_counts_.capacity()) * sizeof(Count) +
           next_index_.capacity() * (sizeof(ProposalSet) + 4 + 1);
  }

  ExploreContext& context_;
  const DraftIndex& index_;
  VoteCache& cache_;
  BlockerTally& blockers_;
  LatticeWalk& walk_;
  std::vector<Count> counts_;       // level k, by node - begin
  std::vector<Count> next_counts_;  // level k+1, by node - end
  absl::flat_hash_map<ProposalSet, std::uint32_t> next_index_;  // level k+1
  // The chunk being evaluated and the one being asked, in turn.
  std::array<Chunk, 2> chunks_;
};

}  // namespace

absl::Status WalkLattice(ExploreContext& context, VoteCache& cache,
                         BlockerTally& blockers, LatticeWalk* walk) {
  Walker walker(context, cache, blockers, *walk);
  return walker.Run();
}

}  // namespace concert::coordinator
