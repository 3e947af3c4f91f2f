#include "services/coordinator/explore/vote_cache.h"

namespace concert::coordinator {

std::uint32_t VoteCache::Add(ProposalSet set) {
  const auto id = static_cast<std::uint32_t>(sets_.size());
  ids_.emplace(set, id);
  sets_.push_back(set);
  first_question_.push_back(kNoQuestions);
  return id;
}

std::pair<std::uint32_t, bool> VoteCache::Insert(ProposalSet set) {
  const auto id = static_cast<std::uint32_t>(sets_.size());
  auto [it, added] = ids_.try_emplace(set, id);
  if (!added) return {it->second, false};
  sets_.push_back(set);
  first_question_.push_back(kNoQuestions);
  return {id, true};
}

void VoteCache::AllocateQuestions(std::uint32_t entry, int questions) {
  first_question_[entry] = questions_;
  questions_ += questions;
  const std::uint64_t words = (questions_ * parties_ * 2 + 63) / 64;
  if (words > words_.size()) words_.resize(words, 0);
}

std::uint64_t VoteCache::bytes() const {
  return ids_.capacity() * (sizeof(ProposalSet) + sizeof(std::uint32_t) + 1) +
         sets_.capacity() * sizeof(ProposalSet) +
         first_question_.capacity() * sizeof(std::uint64_t) +
         words_.capacity() * sizeof(std::uint64_t);
}

}  // namespace concert::coordinator
