#include "tests/bench/netns_bench_forum.h"

#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace concert::bench {
namespace {

// Starts `argv` on `host` and waits for its "serving on ADDR" line; the
// address it serves on.
absl::StatusOr<std::string> StartServer(
    testing::Hosts& hosts, const testing::Host& host,
    const std::vector<std::string>& argv, const std::string& what,
    std::vector<std::unique_ptr<testing::ChildProcess>>* kept) {
  // At info a server logs its start and stop, nothing per call: nobody
  // reads its stderr while it serves, and a chattier level could fill the
  // pipe and stall it mid-measurement.
  kept->push_back(hosts.Start(host, argv, {"CONCERT_LOG=info"}));
  testing::ChildProcess& process = *kept->back();
  const auto line = process.WaitForLine("serving on");
  const std::string address =
      line ? testing::AddressFromLogLine(*line) : std::string();
  if (address.empty()) {
    return absl::UnavailableError(absl::StrCat(
        what, " did not start on ", host.name, ": ", process.stderr_text()));
  }
  return address;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HostedParties>> HostedParties::Start(
    testing::Hosts& hosts, const ForumLayout& layout) {
  std::unique_ptr<HostedParties> forum(new HostedParties());
  forum->routes_.resize(1 + layout.relay_delays_ms.size());
  for (const auto& [id, host] : layout.parties) {
    // Port 0: in the loopback configuration six parties share one host.
    const std::string ip = layout.loopback ? "127.0.0.1" : host->address;
    auto served =
        StartServer(hosts, *host,
                    {layout.party_binary, "--scenario", layout.scenario_path,
                     "--party", id, "--listen", ip + ":0", "--grace-ms", "100",
                     // Plaintext between the namespaces, knowingly.
                     "--insecure"},
                    "party " + id, &forum->parties_);
    if (!served.ok()) return served.status();
    forum->routes_[0].emplace_back(id, *served);
    for (std::size_t d = 0; d < layout.relay_delays_ms.size(); ++d) {
      // On the party's host, as netem on its link would be: the request
      // is held on the way in, the answer on the way out.
      const std::string delay =
          absl::StrFormat("%g", layout.relay_delays_ms[d]);
      auto relayed = StartServer(
          hosts, *host,
          {layout.relay_binary, "--listen", ip + ":0", "--to", *served,
           "--delay-to-ms", delay, "--delay-back-ms", delay},
          "the relay of " + id, &forum->relays_);
      if (!relayed.ok()) return relayed.status();
      forum->routes_[1 + d].emplace_back(id, *relayed);
    }
  }
  return forum;
}

HostedParties::~HostedParties() {
  relays_.clear();  // killed (ChildProcess): no connection held open
  for (auto& party : parties_) party->Signal(SIGTERM);
  for (auto& party : parties_) party->Wait();
}

}  // namespace concert::bench
