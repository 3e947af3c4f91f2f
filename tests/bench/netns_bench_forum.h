// The parties of concert_netns_bench, as processes on hosts
// (tests/support/net/hosts.h): a real concert-party per party of a scenario
// file, on its own host or all on one host's loopback, each optionally
// behind delay relays on its own host — the latency its link would add,
// where the kernel has no netem.
#ifndef CONCERT_TESTS_BENCH_NETNS_BENCH_FORUM_H_
#define CONCERT_TESTS_BENCH_NETNS_BENCH_FORUM_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/hosts.h"

namespace concert::bench {

struct ForumLayout {
  std::string party_binary;  // concert-party
  std::string relay_binary;  // concert_delay_relay
  std::string scenario_path;
  // (party id, host it runs on), in the scenario's order.
  std::vector<std::pair<std::string, const testing::Host*>> parties;
  // Every party on its host's 127.0.0.1 (the loopback configuration: the
  // measurer runs on that host too) instead of its bridge address.
  bool loopback = false;
  // For each delay (ms), a relay on each party's host in front of it,
  // holding what it forwards that long each way.
  std::vector<double> relay_delays_ms;
};

class HostedParties {
 public:
  // Starts every party (and relay) and waits until each serves; an error
  // naming the one that did not.
  static absl::StatusOr<std::unique_ptr<HostedParties>> Start(
      testing::Hosts& hosts, const ForumLayout& layout);
  // Kills the relays, then stops the parties gracefully (SIGTERM).
  ~HostedParties();
  HostedParties(const HostedParties&) = delete;
  HostedParties& operator=(const HostedParties&) = delete;

  // The ways to the parties: straight to them, then through each delay's
  // relays (in the layout's order). Each lists (party id, address to dial).
  using Addresses = std::vector<std::pair<std::string, std::string>>;
  const std::vector<Addresses>& routes() const { return routes_; }

 private:
  HostedParties() = default;

  std::vector<std::unique_ptr<testing::ChildProcess>> parties_;
  std::vector<std::unique_ptr<testing::ChildProcess>> relays_;
  std::vector<Addresses> routes_;
};

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_NETNS_BENCH_FORUM_H_
