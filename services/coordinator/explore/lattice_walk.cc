#include "services/coordinator/explore/lattice_walk.h"

#include <array>
#include <bit>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace concert::coordinator {
namespace {

class Walker {
 public:
  Walker(ExploreContext& context, LatticeSets& sets, BlockerTally& blockers,
         LatticeWalk& walk)
      : context_(context),
        index_(context.index()),
        sets_(sets),
        blockers_(blockers),
        walk_(walk) {}

  absl::Status Run() {
    const int n = index_.size();
    sets_.Add(0);
    context_.add_states(1);
    counts_.assign(1, Count(1));
    walk_.level_begin.assign(1, 0);
    if (context_.options().veto_power) worlds_.emplace(context_);
    // One phase: the parties' worlds are walked alongside, level by level.
    context_.BeginPhase(
        worlds_ ? "consensus sequences and veto power" : "consensus sequences",
        1, 1);
    int k = 0;
    for (;; ++k) {
      context_.set_level(k);
      const std::uint32_t begin = walk_.level_begin[k];
      const std::uint32_t end = sets_.size();
      walk_.level_begin.push_back(end);
      if (k == n) break;  // the full set: nothing left to table
      absl::Status status = WalkLevel(k, begin, end);
      if (!status.ok()) return status;
      if (worlds_) worlds_->NextLevel(next_index_, end, next_counts_.size());
      counts_ = std::move(next_counts_);
      next_counts_ = {};
      next_index_ = {};
      context_.set_levels_done(k, 1);
      status = context_.Report();
      if (!status.ok()) return status;
      if (sets_.size() == end) break;  // nothing passed: no next level
    }
    // Consensus stopped short of the full set; some world may go on.
    const std::uint32_t last = walk_.level_begin.back();
    // relaxed() holds level k + 1's sets; walking stops with level n's.
    while (worlds_ && !worlds_->relaxed().empty() && k + 1 < n) {
      ++k;
      context_.set_level(k);
      absl::Status status = WalkLevel(k, last, last);
      if (!status.ok()) return status;
      worlds_->NextLevel({}, last, 0);
      context_.set_levels_done(k, 1);
      status = context_.Report();
      if (!status.ok()) return status;
    }
    walk_.nodes = sets_.size();
    // Level n, when reached, holds the full set alone: node 0 of counts_.
    walk_.full_reachable =
        walk_.level_begin.size() == static_cast<std::size_t>(n) + 2;
    walk_.consensus = walk_.full_reachable ? counts_[0] : Count(0);
    if (worlds_) {
      walk_.veto_power = worlds_->AtFullSet(
          index_.all(), walk_.full_reachable ? 0 : -1, walk_.consensus);
    }
    return absl::OkStatus();
  }

 private:
  // Whole items [first, last) of a level and their questions, asked as
  // one. A level's items are its nodes (item i: node begin + i), then the
  // worlds' relaxed sets.
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
    const std::uint32_t items = end - begin + Relaxed();
    BuildChunk(begin, end, 0, *current);
    absl::Status status = CheckBudget(k, current->questions.size());
    if (!status.ok()) return status;
    status = context_.Ask(current->questions, &current->answers);
    if (!status.ok()) return status;
    for (;;) {
      const bool more = current->last < items;
      if (more) {
        // Built and checked before `current` is evaluated, so the budget
        // still counts the worst case of both.
        BuildChunk(begin, end, current->last, *next);
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
      context_.set_levels_done(k, static_cast<double>(current->last) / items);
      status = context_.Report();
      if (!status.ok()) return status;
      status = context_.FinishAsk();
      if (!status.ok()) return status;
      std::swap(current, next);
    }
  }

  // The worlds' relaxed sets of this level.
  std::uint32_t Relaxed() const {
    return worlds_ ? static_cast<std::uint32_t>(worlds_->relaxed().size()) : 0;
  }

  // Fills `chunk` with the items of level [begin, end) from `first` whose
  // questions fit max_questions_per_ask (at least one item).
  void BuildChunk(std::uint32_t begin, std::uint32_t end, std::uint32_t first,
                  Chunk& chunk) {
    const std::size_t max_questions = context_.options().max_questions_per_ask;
    const std::uint32_t nodes = end - begin;
    const std::uint32_t items = nodes + Relaxed();
    chunk.questions.clear();
    chunk.first = first;
    std::uint32_t item = first;
    while (item < items &&
           (chunk.questions.empty() ||
            chunk.questions.size() + kMaxProposals <= max_questions)) {
      const bool node = item < nodes;
      const ProposalSet set =
          node ? sets_.set(begin + item) : worlds_->relaxed()[item - nodes];
      const ProposalSet candidates = index_.Candidates(set);
      for (ProposalSet c = candidates; c != 0; c &= c - 1) {
        chunk.questions.push_back(
            Question{set, static_cast<std::uint32_t>(std::countr_zero(c)), {}});
      }
      ++item;
    }
    chunk.last = item;
  }

  // RESOURCE_EXHAUSTED unless `questions` not yet evaluated fit the budget
  // in their worst case: every question passes into a new state.
  absl::Status CheckBudget(int k, std::size_t questions) const {
    const std::uint64_t ahead =
        questions *
        (2 * sizeof(std::uint32_t) + sizeof(EdgeInfo) +
         LatticeSets::kBytesPerNode + sizeof(ProposalSet) + 5 + sizeof(Count));
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
    const std::uint32_t nodes = end - begin;
    for (std::uint32_t item = chunk.first; item < chunk.last; ++item) {
      if (item >= nodes) {
        q = EvaluateRelaxed(item - nodes, chunk.answers, q);
        continue;
      }
      const std::uint32_t node = begin + item;
      const ProposalSet set = sets_.set(node);
      const ProposalSet candidates = index_.Candidates(set);
      bool any_passes = false;
      for (ProposalSet c = candidates; c != 0; c &= c - 1, ++q) {
        const int p = std::countr_zero(c);
        for (int i = 0; i < parties; ++i) {
          votes[i] = ExploreContext::VoteOf(chunk.answers, i, q);
        }
        const bool passes = context_.Passes(votes, p);
        blockers_.Add(set, p, passes, votes);
        const Tally tally = TallyOf(votes);
        if (!passes) {
          if (worlds_ && tally.object > 0) {
            worlds_->Failed(item, counts_[item], set | Bit(p), p, votes);
          }
          continue;
        }
        any_passes = true;
        // The next level's own index: small and hot in the CPU's cache.
        auto [at, added] = next_index_.try_emplace(set | Bit(p), sets_.size());
        const std::uint32_t to = at->second;
        if (added) {
          sets_.Add(set | Bit(p));
          if (context_.states() + 1 > context_.options().max_states) {
            return context_.CheckBudget(
                context_.states() + 1, Bytes(),
                absl::StrCat("level ", k + 1, " of the lattice"));
          }
          context_.add_states(1);
          next_counts_.emplace_back(0);
        }
        next_counts_[to - end] += counts_[node - begin];
        if (worlds_) worlds_->Passed(item, to - end);
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

  // The steps of the worlds' relaxed set `r` of this level, its answers
  // from question `q` on. Returns the next question.
  std::size_t EvaluateRelaxed(std::size_t r,
                              const std::vector<PartyAnswers>& answers,
                              std::size_t q) {
    const ProposalSet set = worlds_->relaxed()[r];
    const int parties = context_.parties();
    std::array<std::uint8_t, 64> buffer{};
    const std::span<std::uint8_t> votes(buffer.data(), parties);
    for (ProposalSet c = index_.Candidates(set); c != 0; c &= c - 1, ++q) {
      const int p = std::countr_zero(c);
      for (int i = 0; i < parties; ++i) {
        votes[i] = ExploreContext::VoteOf(answers, i, q);
      }
      worlds_->FromRelaxed(r, set | Bit(p), p, votes,
                           context_.Passes(votes, p));
    }
    return q;
  }

  std::uint64_t Bytes() const {
    return sets_.bytes() +
           (walk_.edge_sources.capacity() + walk_.edge_targets.capacity() +
            walk_.edge_info.capacity() + walk_.dead_ends.capacity()) *
               4 +
           (counts_.capacity() + next_counts_.capacity()) * sizeof(Count) +
           next_index_.capacity() * (sizeof(ProposalSet) + 4 + 1) +
           (worlds_ ? worlds_->bytes() : 0);
  }

  ExploreContext& context_;
  const DraftIndex& index_;
  LatticeSets& sets_;
  BlockerTally& blockers_;
  LatticeWalk& walk_;
  std::vector<Count> counts_;       // level k, by node - begin
  std::vector<Count> next_counts_;  // level k+1, by node - end
  absl::flat_hash_map<ProposalSet, std::uint32_t> next_index_;  // level k+1
  // The chunk being evaluated and the one being asked, in turn.
  std::array<Chunk, 2> chunks_;
  // Veto power, walked alongside (when asked for).
  std::optional<VetoWorlds> worlds_;
};

}  // namespace

absl::Status WalkLattice(ExploreContext& context, LatticeSets& sets,
                         BlockerTally& blockers, LatticeWalk* walk) {
  Walker walker(context, sets, blockers, *walk);
  return walker.Run();
}

}  // namespace concert::coordinator
