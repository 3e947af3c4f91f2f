#include "clients/sdk/draft_store.h"

#include <algorithm>
#include <utility>

namespace concert::sdk::internal {

DraftStore::DraftStore(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)) {}

std::shared_ptr<const Draft> DraftStore::Find(const std::string& digest) {
  absl::MutexLock lock(&mu_);
  const auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return *it->second;
}

void DraftStore::Insert(std::shared_ptr<const Draft> draft) {
  absl::MutexLock lock(&mu_);
  const std::string digest = draft->digest();
  if (const auto it = by_digest_.find(digest); it != by_digest_.end()) {
    *it->second = std::move(draft);
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.push_front(std::move(draft));
  by_digest_[digest] = entries_.begin();
  while (entries_.size() > capacity_) {
    by_digest_.erase(entries_.back()->digest());
    entries_.pop_back();
  }
}

std::size_t DraftStore::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace concert::sdk::internal
