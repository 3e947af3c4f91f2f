#include "services/coordinator/explore/enumerate.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/coordinator/explore/blockers.h"
#include "services/coordinator/explore/necessary_orders.h"
#include "services/coordinator/explore/result.h"
#include "services/coordinator/explore/sequence_count.h"

namespace concert::coordinator {
namespace {

class Enumerator {
 public:
  explicit Enumerator(ExploreContext& context)
      : context_(context),
        index_(context.index()),
        blockers_(index_.size(), context.parties()),
        ends_(index_.size() + 1, OrderWitness(index_.size())) {}

  absl::Status Run(v1::Exploration* out) {
    // Phases for progress: the walk, then one walk per party's world.
    const int phases =
        1 + (context_.options().veto_power ? context_.parties() : 0);
    context_.BeginPhase("consensus sequences", 1, phases);
    // The walk visits every admissible order: counted ahead, they give its
    // share done (unknown, 0, when the count is over budget).
    if (auto counter =
            SequenceCounter::Build(index_, context_.options().max_states);
        counter.ok()) {
      expected_leaves_ = CountRatio(counter->admissible(), Count(1));
    }
    absl::Status status = Walk(0, 0, true);
    if (!status.ok()) return status;
    status = EndPhase();
    if (!status.ok()) return status;
    out->set_strategy(v1::EXPLORE_STRATEGY_ENUMERATE);
    out->set_admissible_sequences(absl::StrCat(admissible_));
    out->set_consensus_sequences(absl::StrCat(consensus_));
    out->set_full_charter_reachable(consensus_ > 0);
    out->set_states_explored(reachable_.size());
    if (consensus_ > 0) {
      *out->mutable_best_sequence() =
          MakeSequence(index_, best_path_, best_support_);
    }
    v1::LargestAdoptable* la = out->mutable_largest_adoptable();
    la->set_size(static_cast<int>(largest_path_.size()));
    // Every consensus path ending at the largest size ends at a largest set.
    for (auto& order : ends_[largest_path_.size()].Finish(index_)) {
      *out->add_necessary_orders() = std::move(order);
    }
    *la->mutable_sequence() =
        MakeSequence(index_, largest_path_, largest_support_);
    FillDeadEnds(index_,
                 std::vector<ProposalSet>(dead_ends_.begin(), dead_ends_.end()),
                 context_.options().max_dead_ends, out);

    for (auto& stat : blockers_.Finish(context_)) {
      *out->add_blockers() = std::move(stat);
    }

    if (context_.options().veto_power) {
      std::vector<Count> without;
      std::vector<std::string> ids;
      for (int w = 0; w < context_.parties(); ++w) {
        context_.BeginPhase(
            absl::StrCat("veto power of ", context_.party_id(w)), w + 2,
            phases);
        // A world walks at most the admissible orders (its share done is
        // then an underestimate).
        phase_first_leaf_ = leaves_;
        expected_leaves_ = static_cast<double>(admissible_);
        std::uint64_t count = 0;
        status = Without(0, w, &count);
        if (!status.ok()) return status;
        status = EndPhase();
        if (!status.ok()) return status;
        without.emplace_back(count);
        ids.push_back(context_.party_id(w));
      }
      FillVetoPower(ids, without, out);
    }
    return absl::OkStatus();
  }

 private:
  // The main walk: every order, asking questions only along consensus
  // prefixes (`alive`).
  absl::Status Walk(ProposalSet set, std::int64_t support, bool alive) {
    if (alive) NoteReached(set, support);
    if (set == index_.all()) {
      ++admissible_;
      if (alive) {
        ends_[path_.size()].NotePath(path_);
        ++consensus_;
        if (consensus_ == 1 || support > best_support_) {
          best_support_ = support;
          best_path_.assign(path_.begin(), path_.end());
        }
      }
      return CountLeaf();
    }
    const ProposalSet candidates = index_.Candidates(set);
    if (candidates == 0) {
      if (alive) ends_[path_.size()].NotePath(path_);
      return CountLeaf();
    }
    bool any_passes = false;
    for (ProposalSet c = candidates; c != 0; c &= c - 1) {
      const int p = std::countr_zero(c);
      bool passes = false;
      int step_support = 0;
      if (alive) {
        auto votes = Votes(set, p, /*main_world=*/true);
        if (!votes.ok()) return votes.status();
        passes = context_.Passes(*votes, p);
        step_support = TallyOf(*votes).support;
        any_passes |= passes;
      }
      path_.push_back(p);
      absl::Status status = Walk(set | Bit(p), support + step_support, passes);
      path_.pop_back();
      if (!status.ok()) return status;
    }
    if (alive && !any_passes) {
      dead_ends_.insert(set);
      ends_[path_.size()].NotePath(path_);
    }
    return absl::OkStatus();
  }

  // Consensus orders from `set` with party w's objections set aside.
  absl::Status Without(ProposalSet set, int w, std::uint64_t* count) {
    if (set == index_.all()) {
      ++*count;
      return CountLeaf();
    }
    for (ProposalSet c = index_.Candidates(set); c != 0; c &= c - 1) {
      const int p = std::countr_zero(c);
      auto votes = Votes(set, p, /*main_world=*/false);
      if (!votes.ok()) return votes.status();
      if (!context_.Passes(*votes, p, w)) continue;
      path_.push_back(p);
      absl::Status status = Without(set | Bit(p), w, count);
      path_.pop_back();
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  void NoteReached(ProposalSet set, std::int64_t support) {
    if (reachable_.insert(set).second) context_.add_states(1);
    const std::size_t size = path_.size();
    if (!largest_seen_ || size > largest_path_.size() ||
        (size == largest_path_.size() && support > largest_support_)) {
      largest_seen_ = true;
      largest_support_ = support;
      largest_path_.assign(path_.begin(), path_.end());
    }
  }

  // Reports a phase done: a small draft's walk reports nothing on the way.
  absl::Status EndPhase() {
    context_.set_level(index_.size());
    context_.set_phase_done(1);
    return context_.Report();
  }

  absl::Status CountLeaf() {
    if (++leaves_ > context_.options().max_sequences) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "enumeration walked more than ", context_.options().max_sequences,
          " orders (max_sequences); use the lattice strategy, or sampling "
          "(--strategy sample --samples N) for an estimate"));
    }
    if ((leaves_ & 0xffff) == 0) {
      context_.set_level(static_cast<int>(path_.size()));
      if (expected_leaves_ > 0) {
        context_.set_phase_done(
            static_cast<double>(leaves_ - phase_first_leaf_) /
            expected_leaves_);
      }
      return context_.Report();
    }
    return absl::OkStatus();
  }

  // The votes on `p` after the current path (ending in `set`): cached, or
  // asked now — of SET parties per (set, p), of HISTORY parties per (path,
  // p). In the main world a new question also counts for blockers.
  absl::StatusOr<std::span<const std::uint8_t>> Votes(ProposalSet set, int p,
                                                      bool main_world) {
    const int parties = context_.parties();
    std::fill(scratch_.begin(), scratch_.end(), 0);
    bool fresh = false;
    for (const bool by_history : {false, true}) {
      const std::uint64_t mask =
          by_history ? context_.history_parties() : context_.set_parties();
      // With nobody present the SET question still runs (answered with
      // absent votes) so that every question is tallied once.
      if (mask == 0 && (by_history || context_.history_parties() != 0)) {
        continue;
      }
      std::string key(1, by_history ? 'H' : 'S');
      if (by_history) {
        key.append(reinterpret_cast<const char*>(path_.data()),
                   path_.size() * sizeof(std::uint32_t));
      } else {
        key.append(reinterpret_cast<const char*>(&set), sizeof(set));
      }
      key.push_back(static_cast<char>(p));
      auto [it, added] = cache_.try_emplace(key, votes_.size());
      if (added) {
        const Question question{set, static_cast<std::uint32_t>(p),
                                by_history
                                    ? std::span<const std::uint32_t>(path_)
                                    : std::span<const std::uint32_t>()};
        absl::Status status = context_.Ask({&question, 1}, &answers_, mask);
        if (!status.ok()) {
          cache_.erase(it);
          return status;
        }
        for (int i = 0; i < parties; ++i) {
          votes_.push_back(ExploreContext::VoteOf(answers_, i, 0));
        }
        key_bytes_ += key.size();
        if ((cache_.size() & 0xfff) == 0) {
          // Keys, slots and votes: the cache is what grows here.
          status = context_.CheckBudget(
              reachable_.size(),
              key_bytes_ + votes_.capacity() +
                  cache_.capacity() * (sizeof(std::string) + 16),
              "the enumeration's answer cache");
          if (!status.ok()) return status;
        }
      }
      // The finest question decides what is new: (path, p) under HISTORY.
      fresh = added;
      for (int i = 0; i < parties; ++i) {
        if ((mask >> i) & 1u) scratch_[i] = votes_[it->second + i];
      }
    }
    const std::span<const std::uint8_t> votes(scratch_.data(), parties);
    if (main_world && fresh) {
      blockers_.Add(set, p, context_.Passes(votes, p), votes,
                    context_.history_parties() != 0
                        ? std::span<const std::uint32_t>(path_)
                        : std::span<const std::uint32_t>());
    }
    return votes;
  }

  ExploreContext& context_;
  const DraftIndex& index_;
  BlockerTally blockers_;
  std::vector<std::uint32_t> path_;
  absl::flat_hash_map<std::string, std::size_t> cache_;
  std::vector<std::uint8_t> votes_;
  std::uint64_t key_bytes_ = 0;
  std::array<std::uint8_t, 64> scratch_{};
  std::vector<PartyAnswers> answers_;

  std::uint64_t leaves_ = 0;
  // For progress: the leaves this phase may walk, and leaves_ when it began.
  double expected_leaves_ = 0;
  std::uint64_t phase_first_leaf_ = 0;
  std::uint64_t admissible_ = 0;
  std::uint64_t consensus_ = 0;
  absl::flat_hash_set<ProposalSet> reachable_;
  absl::flat_hash_set<ProposalSet> dead_ends_;
  std::int64_t best_support_ = 0;
  std::vector<int> best_path_;
  bool largest_seen_ = false;
  std::int64_t largest_support_ = 0;
  std::vector<int> largest_path_;
  // By length: the consensus paths that end there (reach the full set, or
  // a set from which nothing passes), for the necessary orders.
  std::vector<OrderWitness> ends_;
};

}  // namespace

absl::Status ExploreByEnumeration(ExploreContext& context,
                                  v1::Exploration* out) {
  Enumerator enumerator(context);
  return enumerator.Run(out);
}

}  // namespace concert::coordinator
