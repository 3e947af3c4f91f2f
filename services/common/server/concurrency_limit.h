// A bound on how many calls of one kind a server runs at once. A call takes
// a slot for its whole length and gives it back when the slot is destroyed;
// beyond the bound it is refused at once (RESOURCE_EXHAUSTED) with words
// that name the limit and the flag that raises it, rather than queueing
// without end or taking a thread the server needs for its other callers.
#ifndef CONCERT_SERVICES_COMMON_SERVER_CONCURRENCY_LIMIT_H_
#define CONCERT_SERVICES_COMMON_SERVER_CONCURRENCY_LIMIT_H_

#include <atomic>
#include <string>

#include "absl/status/statusor.h"

namespace concert {

class ConcurrencyLimit {
 public:
  // `what` names the calls counted ("sessions, explorations and
  // comparisons"), `flag` the option that sets `limit`
  // ("concert-coordinator --limit-sessions").
  ConcurrencyLimit(int limit, std::string what, std::string flag)
      : limit_(limit), what_(std::move(what)), flag_(std::move(flag)) {}
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  // Held while a call runs; movable, gives its slot back once.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept : owner_(other.owner_) {
      other.owner_ = nullptr;
    }
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { Release(); }

   private:
    friend class ConcurrencyLimit;
    explicit Slot(ConcurrencyLimit* owner) : owner_(owner) {}
    void Release();
    ConcurrencyLimit* owner_ = nullptr;
  };

  // A slot, or RESOURCE_EXHAUSTED: "the server already runs 256 sessions,
  // explorations and comparisons at once, its limit (concert-coordinator
  // --limit-sessions raises it)".
  absl::StatusOr<Slot> Acquire();

  int running() const { return running_.load(); }
  int limit() const { return limit_; }

 private:
  const int limit_;
  const std::string what_;
  const std::string flag_;
  std::atomic<int> running_{0};
};

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_CONCURRENCY_LIMIT_H_
