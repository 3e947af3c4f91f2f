// The votes the lattice walk has collected, kept so that nothing is asked
// twice: the veto-power re-walks read them back instead of asking again.
//
// Each known set is an entry (the lattice walk's node ids are entry ids);
// an entry's questions are its candidates (DraftIndex::Candidates) in
// increasing proposal order, so a question is addressed by (entry, rank)
// and nothing but the votes is stored per question: 2 bits per party,
// packed. A 2^20-state lattice of six parties keeps ~10M questions in
// ~16 MB.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_VOTE_CACHE_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_VOTE_CACHE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/common/draft_index.h"

namespace concert::coordinator {

class VoteCache {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  explicit VoteCache(int parties) : parties_(parties) {}

  // Entry id of a set, or kNone.
  std::uint32_t Find(ProposalSet set) const {
    auto it = ids_.find(set);
    return it == ids_.end() ? kNone : it->second;
  }
  // Adds `set` (which must be new); its id is the number of entries before.
  std::uint32_t Add(ProposalSet set);
  // Adds `set` unless known; returns its id and whether it was added.
  std::pair<std::uint32_t, bool> Insert(ProposalSet set);

  std::uint32_t size() const {
    return static_cast<std::uint32_t>(sets_.size());
  }
  ProposalSet set(std::uint32_t entry) const { return sets_[entry]; }

  // Reserves room for `questions` answers of `entry` (its candidates, in
  // increasing proposal order). Call once per entry, before StoreVote.
  void AllocateQuestions(std::uint32_t entry, int questions);
  bool has_questions(std::uint32_t entry) const {
    return first_question_[entry] != kNoQuestions;
  }
  // Global index of the entry's question of rank `rank`.
  std::uint64_t question(std::uint32_t entry, int rank) const {
    return first_question_[entry] + rank;
  }

  void StoreVote(std::uint64_t question, int party, std::uint8_t vote) {
    const std::uint64_t bit = (question * parties_ + party) * 2;
    words_[bit >> 6] |= std::uint64_t{vote & 3u} << (bit & 63);
  }
  std::uint8_t Vote(std::uint64_t question, int party) const {
    const std::uint64_t bit = (question * parties_ + party) * 2;
    return (words_[bit >> 6] >> (bit & 63)) & 3u;
  }
  // All parties' votes of one question into `out` (size parties()).
  void Votes(std::uint64_t question, std::span<std::uint8_t> out) const {
    for (int i = 0; i < parties_; ++i) out[i] = Vote(question, i);
  }

  int parties() const { return parties_; }
  std::uint64_t questions() const { return questions_; }
  // Bytes held (an estimate that counts the hash map's slots).
  std::uint64_t bytes() const;
  // Estimated bytes per entry and per question, for budget checks ahead of
  // growth.
  static constexpr std::uint64_t kBytesPerEntry = 8 + 8 + 40;
  std::uint64_t BytesPerQuestion() const { return (parties_ + 3) / 4 + 1; }

 private:
  static constexpr std::uint64_t kNoQuestions = ~std::uint64_t{0};

  int parties_;
  absl::flat_hash_map<ProposalSet, std::uint32_t> ids_;
  std::vector<ProposalSet> sets_;
  std::vector<std::uint64_t> first_question_;
  std::uint64_t questions_ = 0;
  std::vector<std::uint64_t> words_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_VOTE_CACHE_H_
