#include "services/common/server/concurrency_limit.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace concert {

ConcurrencyLimit::Slot& ConcurrencyLimit::Slot::operator=(
    Slot&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = other.owner_;
    other.owner_ = nullptr;
  }
  return *this;
}

void ConcurrencyLimit::Slot::Release() {
  if (owner_ != nullptr) owner_->running_.fetch_sub(1);
  owner_ = nullptr;
}

absl::StatusOr<ConcurrencyLimit::Slot> ConcurrencyLimit::Acquire() {
  // Taken first and given back when over: two callers racing for the last
  // slot cannot both get it.
  const int before = running_.fetch_add(1);
  if (before >= limit_) {
    running_.fetch_sub(1);
    return absl::ResourceExhaustedError(
        absl::StrCat("the server already runs ", limit_, " ", what_,
                     " at once, its limit (", flag_, " raises it)"));
  }
  return Slot(this);
}

}  // namespace concert
