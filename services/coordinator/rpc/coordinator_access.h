// Who may call what on the coordinator, when it serves mutual TLS: the
// method → role table in one place (docs/security-identity.md prints it),
// and what a reader without `read-private` may not see of a record. A
// plaintext coordinator serves loopback only (or was told --insecure): its
// callers are its operator's, and are allowed everything, as before.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_COORDINATOR_ACCESS_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_COORDINATOR_ACCESS_H_

#include <string>

#include <grpcpp/grpcpp.h>

#include "concert/v1/records.pb.h"

namespace concert::coordinator {

enum class CoordinatorCall {
  kGetScenario,    // run or read: a client checks its draft against it
  kListParties,    // run or read
  kRunSession,     // run
  kResumeSession,  // run
  kExplore,        // run
  kCompare,        // run
  kGetRecord,      // read (private models: read-private)
  kListRecords,    // read
};

// OK when `enforce` is false or the caller holds a role the call needs;
// else PERMISSION_DENIED naming the role(s) and the caller's identity.
grpc::Status Authorize(const grpc::ServerContextBase& context,
                       CoordinatorCall call, bool enforce);

// RegisterParty of `party_id`: allowed to a certificate that speaks for
// that party, or holds `register` (an operator seating a party). Else
// PERMISSION_DENIED naming both.
grpc::Status AuthorizeRegistration(const grpc::ServerContextBase& context,
                                   const std::string& party_id, bool enforce);

// Whether the caller may read the parties' interest models in records:
// always without enforcement, else with `read-private`.
bool MayReadPrivateModels(const grpc::ServerContextBase& context, bool enforce);

// Clears what is private to the parties from a record: each PartySpec's
// interests and variants (their interest models) in the record's scenario
// (RecordInputs.scenario of a session or exploration,
// ComparisonRecord.scenario), as Coordinator.GetScenario shows it. The
// scenario_sha256 still names the full scenario, so a reader can tell
// which scenario it was, not what the parties want.
void HidePrivateModels(v1::Record* record);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_COORDINATOR_ACCESS_H_
