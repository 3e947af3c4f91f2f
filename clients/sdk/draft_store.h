// The drafts a party has been asked to table, kept by digest so that later
// questions name them in a few bytes; bounded, least recently used dropped.
#ifndef CONCERT_CLIENTS_SDK_DRAFT_STORE_H_
#define CONCERT_CLIENTS_SDK_DRAFT_STORE_H_

#include <cstddef>
#include <list>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "concert/sdk/party.h"

namespace concert::sdk::internal {

// Thread-safe. A dropped draft stays alive for callers still holding it.
class DraftStore {
 public:
  explicit DraftStore(std::size_t capacity);
  DraftStore(const DraftStore&) = delete;
  DraftStore& operator=(const DraftStore&) = delete;

  // The draft tabled under `digest`, or null; marks it recently used.
  std::shared_ptr<const Draft> Find(const std::string& digest);
  // Keeps `draft` under its digest (replacing one with the same digest).
  void Insert(std::shared_ptr<const Draft> draft);

  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable absl::Mutex mu_;
  // Most recently used first.
  std::list<std::shared_ptr<const Draft>> entries_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string,
                      std::list<std::shared_ptr<const Draft>>::iterator>
      by_digest_ ABSL_GUARDED_BY(mu_);
};

}  // namespace concert::sdk::internal

#endif  // CONCERT_CLIENTS_SDK_DRAFT_STORE_H_
