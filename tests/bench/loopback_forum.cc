#include "tests/bench/loopback_forum.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "services/coordinator/rpc/channel_pool.h"

namespace concert::bench {

absl::StatusOr<std::unique_ptr<LoopbackForum>> LoopbackForum::Start(
    const v1::Scenario& scenario) {
  std::unique_ptr<LoopbackForum> forum(new LoopbackForum());
  for (const v1::PartySpec& spec : scenario.parties()) {
    auto service = std::make_unique<party::PartyService>(spec);
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.component = absl::StrCat("party/", spec.id());
    options.grace = std::chrono::milliseconds(200);
    auto server = RunningServer::Start(options, {service.get()});
    if (!server.ok()) return server.status();
    coordinator::PartyEndpoint endpoint;
    endpoint.id = spec.id();
    endpoint.address = (*server)->address();
    endpoint.channel = coordinator::MakePartyChannel(endpoint.address);
    forum->services_.push_back(std::move(service));
    forum->servers_.push_back(*std::move(server));
    forum->endpoints_.push_back(std::move(endpoint));
  }
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(10);
  for (const auto& endpoint : forum->endpoints_) {
    if (!endpoint.channel->WaitForConnected(deadline)) {
      return absl::UnavailableError(absl::StrCat(
          "party ", endpoint.id, " at ", endpoint.address, " did not connect"));
    }
  }
  return forum;
}

LoopbackForum::~LoopbackForum() {
  // Channels first, then the servers they point at, then the services the
  // servers call.
  endpoints_.clear();
  servers_.clear();
  services_.clear();
}

}  // namespace concert::bench
