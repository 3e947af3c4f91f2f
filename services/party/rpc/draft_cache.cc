#include "services/party/rpc/draft_cache.h"

#include <algorithm>

#include "absl/strings/string_view.h"
#include "services/common/digest.h"

namespace concert::party {

std::string TableDigest(const v1::TableRequest& request) {
  // Map fields and unknown fields aside (TableRequest has neither),
  // deterministic serialization is stable.
  return MessageDigest(request);
}

DraftCache::DraftCache(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)) {}

std::shared_ptr<const CompiledModel> DraftCache::Find(
    const std::string& digest) {
  absl::MutexLock lock(&mu_);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void DraftCache::Insert(const std::string& digest,
                        std::shared_ptr<const CompiledModel> model) {
  absl::MutexLock lock(&mu_);
  if (auto it = by_digest_.find(digest); it != by_digest_.end()) {
    it->second->second = std::move(model);
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(digest, std::move(model));
  by_digest_[digest] = entries_.begin();
  while (entries_.size() > capacity_) {
    by_digest_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

std::size_t DraftCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace concert::party
