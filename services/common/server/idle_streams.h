// Streams that wait, between requests, for the client's next message — a
// party's EvaluateStream, which the coordinator keeps open across requests
// — would hold a server's graceful shutdown for its whole grace period,
// doing nothing. A service keeps its waits in an IdleStreams and is a
// DrainableService: when the server shuts down, the streams that are
// waiting are ended at once and no stream waits again, while a stream that
// is answering finishes its answer first.
#ifndef CONCERT_SERVICES_COMMON_SERVER_IDLE_STREAMS_H_
#define CONCERT_SERVICES_COMMON_SERVER_IDLE_STREAMS_H_

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"

namespace concert {

class IdleStreams {
 public:
  // Reads the stream's next message unless the service is draining: false
  // when the stream ended, was cancelled, or the service drains (the
  // handler then returns).
  template <typename Stream, typename Message>
  bool Read(grpc::ServerContext* context, Stream* stream, Message* message) {
    if (!BeginWait(context)) return false;
    const bool ok = stream->Read(message);
    EndWait(context);
    return ok;
  }

  // Ends every stream waiting in Read, and makes every later Read fail.
  void Drain();

 private:
  bool BeginWait(grpc::ServerContext* context);
  void EndWait(grpc::ServerContext* context);

  absl::Mutex mu_;
  absl::flat_hash_set<grpc::ServerContext*> waiting_ ABSL_GUARDED_BY(mu_);
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
};

// A service RunningServer drains before it shuts down (see above).
class DrainableService {
 public:
  virtual ~DrainableService() = default;
  virtual void Drain() = 0;
};

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_IDLE_STREAMS_H_
