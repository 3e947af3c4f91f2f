// The six-party forum spread over hosts (network namespaces, hosts.h), as
// it is deployed across machines: the coordinator on one host, each party
// on its own host joining the coordinator by itself (--join), and the
// client `concert` on another. Every program is the shipped binary, on the
// shipped scenario; the coordinator records to a database in the test's
// directory.
//
// Each host is a machine of its own, so the servers listen on fixed ports
// (coordinator 7000, parties 50051) as they would in containers: a
// restarted server comes back at the address the others know, and no two
// can collide, being in different namespaces.
#ifndef CONCERT_TESTS_DISTRIBUTED_HOSTED_FORUM_H_
#define CONCERT_TESTS_DISTRIBUTED_HOSTED_FORUM_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/net/child_process.h"
#include "tests/support/net/hosts.h"

namespace concert::testing {

inline constexpr char kCoordinatorPort[] = "7000";
inline constexpr char kPartyPort[] = "50051";

// How one party process is started.
struct PartyLaunch {
  // The host it runs on (default: the party's own, named by its id).
  std::string host;
  // --advertise (default: its own address).
  std::string advertise;
  // Added to its environment, e.g. "CONCERT_LOG=debug".
  std::vector<std::string> env;
};

class HostedForum {
 public:
  // The hosts: "coordinator" (10.231.0.1), "client" (10.231.0.2), then one
  // per party of the shipped scenario, named by its id. `extra_hosts` are
  // added after them (a second replica's host, say). `dir` holds the
  // database.
  HostedForum(const std::string& dir,
              const std::vector<std::string>& extra_hosts = {});

  // Why a forum cannot be built here (Hosts::Unavailable()).
  static std::string Unavailable() { return Hosts::Unavailable(); }
  const std::string& error() const { return hosts_.error(); }

  Hosts& hosts() { return hosts_; }
  const Host& host(const std::string& name) const;
  // "10.231.0.1:7000"
  std::string coordinator_address() const;
  std::string db() const { return db_; }
  // The parties of the shipped scenario, in its order.
  const std::vector<std::string>& party_ids() const { return party_ids_; }

  // Starts concert-coordinator on its host, with `flags` added, and waits
  // until it serves; false (with a test failure) when it does not.
  bool StartCoordinator(const std::vector<std::string>& flags = {});
  ChildProcess* coordinator() { return coordinator_.get(); }
  // Kills the coordinator (SIGKILL) and reaps it.
  void KillCoordinator();

  // Starts concert-party `id` on its host, joining the coordinator, and
  // waits until it serves; null (with a test failure) when it does not.
  // The process is kept under `key` (default: the id), replacing any
  // process kept there before.
  ChildProcess* StartParty(const std::string& id,
                           const PartyLaunch& launch = {},
                           const std::string& key = "");
  // Every party, each then waited for until the coordinator took its
  // registration (the "joined" line).
  bool StartParties(const std::vector<std::string>& env = {});
  ChildProcess* party(const std::string& key);
  // Waits for party `key`'s next "joined the coordinator" line.
  bool WaitJoined(const std::string& key);

  // `concert ARGS...` on the client host, talking to the coordinator
  // (CONCERT_COORDINATOR).
  CommandResult Concert(const std::vector<std::string>& args);
  std::unique_ptr<ChildProcess> StartConcert(
      const std::vector<std::string>& args);

 private:
  Hosts hosts_;
  std::map<std::string, const Host*> by_name_;
  std::vector<std::string> party_ids_;
  std::string db_;
  std::unique_ptr<ChildProcess> coordinator_;
  std::map<std::string, std::unique_ptr<ChildProcess>> parties_;
};

// `concert ARGS...` as a user runs it on one machine: the embedded forum,
// recording to `db`.
CommandResult EmbeddedConcert(const std::vector<std::string>& args,
                              const std::string& db);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_DISTRIBUTED_HOSTED_FORUM_H_
