// Channels to party services, one per address, shared by every session and
// exploration of a coordinator: a gRPC channel is costly to build and is
// meant to be reused. Addresses are any gRPC target (host:port,
// dns:///name:port, ipv4:a:port,b:port); a target that resolves to several
// backends is balanced round-robin, so a party can run several replicas.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_CHANNEL_POOL_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_CHANNEL_POOL_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/common/tls/credentials.h"
#include "services/common/tls/tls_files.h"

namespace concert::coordinator {

// A channel with concert's settings: round-robin balancing and message
// limits large enough for exploration batches. Plaintext unless given
// `credentials`.
std::shared_ptr<grpc::Channel> MakePartyChannel(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials = nullptr);

class ChannelPool {
 public:
  // With `tls`, every channel is mutual TLS and is made for one party: its
  // handshake refuses a server whose certificate does not name that party
  // (tls::PartyChannelCredentials), so no answer of an impostor is read.
  explicit ChannelPool(std::optional<tls::TlsMaterial> tls = std::nullopt)
      : tls_(std::move(tls)) {}

  // The channel to party `party_id` at `address`, created on first use.
  // Thread-safe.
  std::shared_ptr<grpc::Channel> Get(const std::string& address,
                                     const std::string& party_id);

  // Drops the channels of every (address, party) not in `seated`: a channel
  // keeps reconnecting to its address for as long as it exists, so one to
  // an address no party sits at (a refused registration, a party that moved)
  // would cost the coordinator a connection attempt a second for ever.
  // Calls holding a dropped channel keep it until they end.
  void KeepOnly(const std::set<std::pair<std::string, std::string>>& seated);

  // Channels held (for tests).
  std::size_t size();

  // Why the last handshake with `party_id` at `address` was refused (what
  // its certificate named instead); empty when it was not, or without TLS.
  std::string Refusal(const std::string& address, const std::string& party_id);

 private:
  struct Entry {
    std::shared_ptr<grpc::Channel> channel;
    std::shared_ptr<tls::PresentedIdentity> presented;
  };
  const std::optional<tls::TlsMaterial> tls_;
  absl::Mutex mu_;
  // Keyed by (address, party id): one address may be dialled as two
  // parties (a misconfiguration the handshakes then report).
  std::map<std::pair<std::string, std::string>, Entry> channels_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_CHANNEL_POOL_H_
