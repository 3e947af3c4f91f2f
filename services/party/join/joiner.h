// Keeps a party registered at a coordinator for as long as the party runs:
// registers at start, and again whenever the coordinator comes back (its
// channel reaches READY after having lost the connection: a restart, or the
// network healing). A registration only ever names the party's own id and the
// address it serves at; the coordinator checks the claim with a Describe call
// before it seats the party.
#ifndef CONCERT_SERVICES_PARTY_JOIN_JOINER_H_
#define CONCERT_SERVICES_PARTY_JOIN_JOINER_H_

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "concert/v1/coordinator.grpc.pb.h"

namespace concert::party {

struct JoinOptions {
  // The coordinator's gRPC target (host:port, dns:///name:port).
  std::string coordinator;
  // The party's id, as the coordinator's scenario names its seat.
  std::string party_id;
  // The address the coordinator dials to reach the party (host:port as seen
  // from the coordinator).
  std::string advertise;
  // Waits between failed attempts, doubling from min to max.
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  // Deadline of one RegisterParty call (the coordinator's Describe check
  // happens within it).
  std::chrono::milliseconds call_deadline{5000};
  // How to reach the coordinator: mutual TLS with the party's own
  // certificate (tls::ChannelCredentials), or plaintext when null.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};

// INVALID_ARGUMENT naming what is missing when `options` cannot be used.
absl::Status CheckJoinOptions(const JoinOptions& options);

// Whether a refused RegisterParty is final for this coordinator (the id is
// not in its scenario, the service at the address is another party, an
// argument is bad): retrying cannot help until something changes.
bool IsRefusal(grpc::StatusCode code);

class Joiner {
 public:
  // Starts the registering thread. `options` must pass CheckJoinOptions.
  explicit Joiner(JoinOptions options);
  // Stops the thread (within one watch period, ~250 ms).
  ~Joiner();
  Joiner(const Joiner&) = delete;
  Joiner& operator=(const Joiner&) = delete;

  // Blocks until the first attempt that settled: OK once registered, the
  // coordinator's refusal (see IsRefusal) as a status, or DEADLINE_EXCEEDED
  // when neither happened within `timeout` (the coordinator is unreachable;
  // the Joiner keeps trying).
  absl::Status WaitForFirst(absl::Duration timeout);
  // Blocks until `n` registrations in all were accepted; false on timeout.
  bool WaitForAccepted(int n, absl::Duration timeout);
  // Registrations accepted so far.
  int accepted() const;

 private:
  void Loop();
  // One RegisterParty call.
  grpc::Status RegisterOnce();
  // Sleeps up to `d` unless stopping; false when stopping.
  bool Pause(std::chrono::milliseconds d);

  const JoinOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool settled_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status first_ ABSL_GUARDED_BY(mu_);
  int accepted_ ABSL_GUARDED_BY(mu_) = 0;

  std::thread thread_;
};

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_JOIN_JOINER_H_
