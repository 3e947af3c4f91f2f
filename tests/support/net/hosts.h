// Hosts for the multi-host tests: Linux network namespaces, each with one
// interface on a private bridge and an address of 10.231.0.0/24 that exists
// only inside those namespaces, so the programs under test talk over a real
// network stack (their own loopback, routes, links that can go down) and
// nothing they send can leave the machine.
//
// Everything is named after the creating process and instance (namespaces
// "cc<pid>i<k>-NAME", the bridge "ccb<pid>i<k>"), so tests run at once do
// not meet, and a run that
// was killed before its destructor ran is swept up by the next one: a name
// whose process is gone is deleted, and the processes inside it killed.
#ifndef CONCERT_TESTS_SUPPORT_NET_HOSTS_H_
#define CONCERT_TESTS_SUPPORT_NET_HOSTS_H_

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/net/child_process.h"

namespace concert::testing {

struct Host {
  std::string name;     // as the test calls it: "coordinator", "DPRK"
  std::string netns;    // the namespace: "cc1234i0-DPRK"
  std::string address;  // its address on the bridge: "10.231.0.3"
  std::string link;     // its link's end on the bridge (ip link set … down)
};

class Hosts {
 public:
  // Why hosts cannot be built on this machine ("not root", "no ip(8)",
  // what `ip netns add` said); empty when they can.
  static std::string Unavailable();

  // Sweeps what killed runs left behind, then creates the bridge.
  Hosts();
  // Kills every process inside the namespaces, then deletes them, their
  // links, the bridge and their /etc/netns files.
  ~Hosts();
  Hosts(const Hosts&) = delete;
  Hosts& operator=(const Hosts&) = delete;

  // Empty while every step so far succeeded; else the first failure.
  const std::string& error() const { return error_; }

  // A new host on the bridge (its loopback up too). The first one added is
  // 10.231.0.1, the next .2, and so on.
  const Host& Add(const std::string& name);

  // `argv` run inside `host` (argv[0] a path), with `env` ("NAME=value")
  // added to the environment.
  std::unique_ptr<ChildProcess> Start(const Host& host,
                                      const std::vector<std::string>& argv,
                                      const std::vector<std::string>& env = {});
  CommandResult Run(const Host& host, const std::vector<std::string>& argv,
                    const std::vector<std::string>& env = {});

  // The names `host` resolves (its /etc/hosts, which `ip netns exec`
  // mounts from /etc/netns/NS/hosts): each pair is (address, name); a
  // name given twice resolves to both addresses. Affects programs started
  // afterwards.
  bool SetHostsFile(
      const Host& host,
      const std::vector<std::pair<std::string, std::string>>& entries);

  // Takes the host's link down or up (as a cable pulled and put back).
  bool SetLink(const Host& host, bool up);

  // Adds `ms` of latency to everything the host sends (tc netem); false,
  // with `why`, when the kernel has no netem.
  bool AddLatency(const Host& host, int ms, std::string* why);

 private:
  // Runs an ip(8) command in the root namespace; false (recording
  // the first failure in error_) when it fails.
  bool Ip(const std::vector<std::string>& args);

  std::string prefix_;  // "cc<pid>i<instance>"
  std::string bridge_;
  std::deque<Host> hosts_;  // a deque: Add's references stay valid
  std::string error_;
};

// The first path of ip(8) (or tc(8) with "tc") that exists; empty if none.
std::string SystemTool(const std::string& name);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_HOSTS_H_
