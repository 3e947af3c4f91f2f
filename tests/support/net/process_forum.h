// The scaffolding of the fault tests: a temporary directory per test, the
// shipped six-party scenario and drafts, party and coordinator processes
// (real programs on loopback ports, recording to a database in the test's
// directory), and the coordinator's RPCs called the way a client calls them.
#ifndef CONCERT_TESTS_SUPPORT_NET_PROCESS_FORUM_H_
#define CONCERT_TESTS_SUPPORT_NET_PROCESS_FORUM_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/v1/coordinator.grpc.pb.h"
#include "concert/v1/records.pb.h"
#include "concert/v1/session.pb.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {

// The programs under test and the shipped files.
std::string PartyBinary();
std::string CoordinatorBinary();
std::string ConcertBinary();
std::string ShippedScenarioPath();
// scenarios/drafts/NAME.textproto
std::string ShippedDraftPath(const std::string& name);

// A directory of its own for one test, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path()/name
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

// The shipped scenario and a shipped draft (test assertions on failure).
v1::Scenario SixPartyScenario();
v1::CharterDraft ShippedDraft(const std::string& name);
// The names of the scenario's variants.
std::vector<std::string> VariantNames(const v1::Scenario& scenario);
// Writes `scenario` as text format to `path`; false on failure.
bool WriteScenario(const v1::Scenario& scenario, const std::string& path);

// Serves every party of `scenario` as an in-test ServedParty, writes their
// addresses into it, and writes the addressed scenario to `path` for a
// coordinator process to read. Fails the test (fatally) on any error.
void ServeInTestParties(v1::Scenario* scenario,
                        std::vector<std::unique_ptr<ServedParty>>* parties,
                        const std::string& path);

// Starts `concert-party --scenario FILE --party ID --listen ADDR` and waits
// until it serves; null (with a test failure) when it does not.
// `address` (may be null) receives the address it serves on.
std::unique_ptr<ChildProcess> StartPartyProcess(
    const std::string& party_id, const std::string& listen = "127.0.0.1:0",
    std::string* address = nullptr);
// The address a started server logged ("127.0.0.1:PORT").
std::string ServedAddress(ChildProcess& process);

// How the coordinator under test calls its parties. The deadline belongs to
// the party that misbehaves: the healthy parties get a generous one, so that
// a loaded machine (or a sanitizer build) cannot make them look
// unresponsive; only the party a test makes misbehave gets a short one —
// the deadline the test is about (--party-deadline-ms).
struct Deadlines {
  int healthy_ms = 30000;
  // The misbehaving party's id (empty: none) and its deadline.
  std::string misbehaving;
  int misbehaving_ms = 0;
  int retries = 1;
};

// A concert-coordinator process over a scenario file, recording to `db`.
struct CoordinatorProcess {
  // Starts it with `--listen 127.0.0.1:0 --scenario S --db DB` and the
  // deadlines, and waits until it serves; `process` null on failure.
  // `listen` other than port 0 restarts a coordinator where its parties
  // knew it.
  static CoordinatorProcess Start(const std::string& scenario_path,
                                  const std::string& db,
                                  const Deadlines& deadlines = {},
                                  const std::string& listen = "127.0.0.1:0");
  std::unique_ptr<ChildProcess> process;
  std::string address;
  std::unique_ptr<v1::Coordinator::Stub> stub;
};

// The forum as it is deployed: six concert-party processes and a
// concert-coordinator process that finds them through its scenario file
// (written to `dir`) and records to dir/records.db.
struct ProcessForum {
  // `coordinator.process` is null when something did not start.
  static ProcessForum Start(const TempDir& dir,
                            const Deadlines& deadlines = {});
  std::vector<std::unique_ptr<ChildProcess>> parties;  // in scenario order
  // Where each party serves (a restarted party can take its place there).
  std::vector<std::string> addresses;
  CoordinatorProcess coordinator;
  std::string db;
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_PROCESS_FORUM_H_
