// The scaffolding of the fault tests: a temporary directory per test, the
// shipped six-party scenario and drafts, party and coordinator processes
// (real programs on loopback ports, recording to a database in the test's
// directory), and the coordinator's RPCs called the way a client calls them.
#ifndef CONCERT_TESTS_INTEGRATION_FAULTS_FAULT_FORUM_H_
#define CONCERT_TESTS_INTEGRATION_FAULTS_FAULT_FORUM_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/v1/coordinator.grpc.pb.h"
#include "concert/v1/records.pb.h"
#include "concert/v1/session.pb.h"
#include "tests/integration/faults/test_party.h"
#include "tests/support/child_process.h"

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
std::unique_ptr<ChildProcess> StartPartyProcess(const std::string& party_id,
                                                const std::string& listen = "127.0.0.1:0",
                                                std::string* address = nullptr);
// The address a started server logged ("127.0.0.1:PORT").
std::string ServedAddress(ChildProcess& process);

// A concert-coordinator process over a scenario file, recording to `db`.
struct CoordinatorProcess {
  // Starts it with `--listen 127.0.0.1:0 --scenario S --db DB --deadline-ms D
  // --retries R` and waits until it serves; `process` null on failure.
  static CoordinatorProcess Start(const std::string& scenario_path, const std::string& db,
                                  int deadline_ms, int retries);
  std::unique_ptr<ChildProcess> process;
  std::string address;
  std::unique_ptr<v1::Coordinator::Stub> stub;
};

// The forum as it is deployed: six concert-party processes and a
// concert-coordinator process that finds them through its scenario file
// (written to `dir`) and records to dir/records.db.
struct ProcessForum {
  // `coordinator.process` is null when something did not start.
  static ProcessForum Start(const TempDir& dir, int deadline_ms, int retries);
  std::vector<std::unique_ptr<ChildProcess>> parties;  // in scenario order
  CoordinatorProcess coordinator;
  std::string db;
};

// A stub for the coordinator at `address`.
std::unique_ptr<v1::Coordinator::Stub> CoordinatorStub(const std::string& address);

// A session or exploration as a client saw it.
struct SessionCall {
  grpc::Status status;
  v1::Session session;  // the events received, in one message
};
struct ExploreCall {
  grpc::Status status;
  v1::Exploration result;
  int progress_events = 0;
};

v1::RunSessionRequest SessionRequest(const v1::CharterDraft& draft, const std::string& variant);
SessionCall RunSession(v1::Coordinator::Stub& stub, const v1::RunSessionRequest& request);
SessionCall ResumeSession(v1::Coordinator::Stub& stub, const std::string& session_id);
ExploreCall Explore(v1::Coordinator::Stub& stub, const v1::CharterDraft& draft,
                    const std::string& variant);
// GetRecord, or the status as a test failure and an empty record.
v1::Record GetRecord(v1::Coordinator::Stub& stub, const std::string& id);

// Parses protobuf JSON into `message` (unknown fields ignored).
bool ParseJson(const std::string& json, google::protobuf::Message* message);

// A vote without its timing (latency, attempts), for comparing runs.
v1::CastVote Untimed(v1::CastVote vote);
// Whether two rounds' votes say the same, timing aside.
bool SameVotes(const google::protobuf::RepeatedPtrField<v1::CastVote>& a,
               const google::protobuf::RepeatedPtrField<v1::CastVote>& b);

// The party ids of a round's votes that carry an answer (not absent).
std::vector<std::string> AnsweredParties(const google::protobuf::RepeatedPtrField<v1::CastVote>& votes);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_FAULTS_FAULT_FORUM_H_
