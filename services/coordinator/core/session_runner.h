// The session runner: one simulated meeting of the forum (DESIGN.md,
// "Session"). Pure C++; it reaches the parties only through a VoteSource.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_SESSION_RUNNER_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_SESSION_RUNNER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

struct SessionOptions {
  // Scenario variant in force; empty for the baseline.
  std::string variant;
  // Decision rule; a rule whose kind is KIND_UNSPECIFIED means the
  // scenario's own rule.
  v1::DecisionRule rule;
  // Record id copied into the header.
  std::string session_id;
};

// Called for the SessionStarted header, for each round once its votes are in
// and its outcome decided, and for the SessionSummary, in that order.
using SessionEventFn = std::function<void(const v1::SessionEvent&)>;

// Runs one meeting and returns the whole session (the same content as the
// events). `source` must hold the scenario's parties in scenario order.
//
// The draft is tabled through source.Table (initial state, variant) first.
// Then the chair walks the agenda in passes: each pass goes through the
// draft's proposals in draft order and tables every proposal that is a
// candidate at that moment (DraftIndex::Candidates: prerequisites adopted,
// and under STRICT stage order in the first stage not yet complete) and has
// not failed since the last adoption. Each round asks every present party one
// question with details (history = the adoption order so far); a pass adopts
// it, a failure defers it; any adoption makes the deferred proposals eligible
// again ("action for action"). Parties absent under the variant are not asked
// and vote as absent. The session ends
//   CONSENSUS  when every proposal is adopted;
//   DEADLOCK   after a pass that adopts nothing, or when every open
//              proposal has failed since the last adoption (no pass is then
//              counted: `passes` counts passes that tabled something);
//   SUSPENDED  at the first round in which a party could not be reached while
//              absent parties block (it is named in missing_parties).
// Each pass adopts or ends the session, so there are at most N+1 passes.
//
// The summary lists every unadopted proposal as a Blocker: the parties that
// blocked it when last tabled with "ID: rationale" lines and their
// conditions, and in waiting_on the ids of its unadopted prerequisites and,
// under STRICT stage order when its stage was never opened, an entry
// "stage S1 incomplete" naming the first stage with unadopted proposals.
// missing_parties lists every party found unreachable during the session,
// also under ABSTAINS (where the session continues without it).
//
// Errors: INVALID_ARGUMENT for an unknown variant or a draft the DraftIndex
// rejects; FAILED_PRECONDITION when the source's parties do not match the
// scenario's; the source's status when Table fails or Ask rejects a call.
// An error ends the run without a summary event.
absl::StatusOr<v1::Session> RunSession(const v1::Scenario& scenario,
                                       const v1::CharterDraft& draft,
                                       const SessionOptions& options,
                                       VoteSource& source,
                                       const SessionEventFn& on_event);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_SESSION_RUNNER_H_
