#include "services/coordinator/rpc/channel_pool.h"

#include <algorithm>
#include <map>

namespace concert::coordinator {

std::shared_ptr<grpc::Channel> MakePartyChannel(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  args.SetLoadBalancingPolicyName("round_robin");
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetMaxSendMessageSize(256 << 20);
  // A party restarted on the same address should be reached again quickly,
  // not after gRPC's default reconnect backoff (up to two minutes).
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return grpc::CreateCustomChannel(
      address,
      credentials != nullptr ? credentials : grpc::InsecureChannelCredentials(),
      args);
}

std::shared_ptr<grpc::Channel> ChannelPool::Get(const std::string& address,
                                                const std::string& party_id) {
  absl::MutexLock lock(&mu_);
  // Without TLS a channel does not depend on the party it reaches.
  Entry& entry =
      channels_[{address, tls_.has_value() ? party_id : std::string()}];
  if (entry.channel == nullptr) {
    if (tls_.has_value()) {
      entry.presented = std::make_shared<tls::PresentedIdentity>();
      entry.channel = MakePartyChannel(
          address,
          tls::PartyChannelCredentials(*tls_, party_id, entry.presented));
    } else {
      entry.channel = MakePartyChannel(address);
    }
  }
  return entry.channel;
}

void ChannelPool::KeepOnly(
    const std::set<std::pair<std::string, std::string>>& seated) {
  absl::MutexLock lock(&mu_);
  std::erase_if(channels_, [&](const auto& entry) {
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const std::string& address = entry.first.first;
    const std::string& party_id = entry.first.second;
    // Without TLS the key's party is empty (one channel per address).
    return std::none_of(seated.begin(), seated.end(), [&](const auto& seat) {
      return seat.first == address &&
             (party_id.empty() || seat.second == party_id);
    });
  });
}

std::size_t ChannelPool::size() {
  absl::MutexLock lock(&mu_);
  return channels_.size();
}

std::string ChannelPool::Refusal(const std::string& address,
                                 const std::string& party_id) {
  absl::MutexLock lock(&mu_);
  const auto it = channels_.find({address, party_id});
  if (it == channels_.end() || it->second.presented == nullptr) return "";
  return it->second.presented->Get();
}

}  // namespace concert::coordinator
