// Channels to party services, one per address, shared by every session and
// exploration of a coordinator: a gRPC channel is costly to build and is
// meant to be reused. Addresses are any gRPC target (host:port,
// dns:///name:port, ipv4:a:port,b:port); a target that resolves to several
// backends is balanced round-robin, so a party can run several replicas.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_CHANNEL_POOL_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_CHANNEL_POOL_H_

#include <map>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace concert::coordinator {

// A channel with concert's settings: round-robin balancing and message
// limits large enough for exploration batches.
std::shared_ptr<grpc::Channel> MakePartyChannel(const std::string& address);

class ChannelPool {
 public:
  // The channel for `address`, created on first use. Thread-safe.
  std::shared_ptr<grpc::Channel> Get(const std::string& address);

 private:
  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_CHANNEL_POOL_H_
