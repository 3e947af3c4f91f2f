// The drafts a party has been asked to table, compiled and kept by digest so
// that later questions name them in a few bytes.
#ifndef CONCERT_SERVICES_PARTY_RPC_DRAFT_CACHE_H_
#define CONCERT_SERVICES_PARTY_RPC_DRAFT_CACHE_H_

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "concert/v1/party.pb.h"
#include "services/party/core/interest_model.h"

namespace concert::party {

// Hex SHA-256 of the deterministic serialization of `request`: equal requests
// (same draft, variant, initial state, perturbation and overlay) get equal
// digests, in any process.
std::string TableDigest(const v1::TableRequest& request);

// A bounded, thread-safe map from digest to compiled model. When full, the
// least recently used entry is dropped; callers holding its model keep it
// alive until they let go.
class DraftCache {
 public:
  explicit DraftCache(std::size_t capacity);

  DraftCache(const DraftCache&) = delete;
  DraftCache& operator=(const DraftCache&) = delete;

  // The model tabled under `digest`, or null. Marks it recently used.
  std::shared_ptr<const CompiledModel> Find(const std::string& digest);

  // Keeps `model` under `digest` (replacing an entry with the same digest).
  void Insert(const std::string& digest,
              std::shared_ptr<const CompiledModel> model);

  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CompiledModel>>;

  const std::size_t capacity_;
  mutable absl::Mutex mu_;
  // Most recently used first.
  std::list<Entry> entries_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> by_digest_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_RPC_DRAFT_CACHE_H_
