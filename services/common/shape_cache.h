// A small memo, shared by the whole process, of what is derived from a
// draft's shape alone — its size, prerequisites and stage structure, the
// only inputs of the lattice order (DraftIndex::Shape) — so that the
// explorations of one draft (a robustness study tables the same draft once
// per sample, each time under a new digest) walk its order once, not once
// each. Thread-safe; holds at most `capacity` values, dropping the least
// recently used; a caller keeps a dropped value alive while it holds it.
#ifndef CONCERT_SERVICES_COMMON_SHAPE_CACHE_H_
#define CONCERT_SERVICES_COMMON_SHAPE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace concert {

template <typename T>
class ShapeCache {
 public:
  using Shape = std::vector<std::uint64_t>;

  explicit ShapeCache(std::size_t capacity) : capacity_(capacity) {}
  ShapeCache(const ShapeCache&) = delete;
  ShapeCache& operator=(const ShapeCache&) = delete;

  // The value kept for `shape`, or null. Marks it recently used.
  std::shared_ptr<const T> Find(const Shape& shape) {
    absl::MutexLock lock(&mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first != shape) continue;
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().second;
    }
    return nullptr;
  }

  // Keeps `value` for `shape`, replacing what was kept for it.
  void Insert(const Shape& shape, std::shared_ptr<const T> value) {
    absl::MutexLock lock(&mu_);
    entries_.remove_if([&shape](const Entry& e) { return e.first == shape; });
    entries_.emplace_front(shape, std::move(value));
    while (entries_.size() > capacity_) entries_.pop_back();
  }

 private:
  // Few entries: a list scanned in order is as fast as a map, and simpler.
  using Entry = std::pair<Shape, std::shared_ptr<const T>>;
  const std::size_t capacity_;
  absl::Mutex mu_;
  std::list<Entry> entries_ ABSL_GUARDED_BY(mu_);  // most recent first
};

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SHAPE_CACHE_H_
