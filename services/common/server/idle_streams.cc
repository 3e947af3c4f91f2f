#include "services/common/server/idle_streams.h"

namespace concert {

bool IdleStreams::BeginWait(grpc::ServerContext* context) {
  absl::MutexLock lock(&mu_);
  if (draining_) return false;
  waiting_.insert(context);
  return true;
}

void IdleStreams::EndWait(grpc::ServerContext* context) {
  absl::MutexLock lock(&mu_);
  waiting_.erase(context);
}

void IdleStreams::Drain() {
  absl::MutexLock lock(&mu_);
  draining_ = true;
  // Under the lock: a context leaves `waiting_` (and may be destroyed by
  // its handler's return) only through EndWait, which waits for it.
  for (grpc::ServerContext* context : waiting_) context->TryCancel();
}

}  // namespace concert
