// The exit codes of every `concert` command, in one table:
//   0  success     CONSENSUS for a session; done for other commands
//   1  internal    a bug, or a reply the client cannot make sense of
//   2  usage       bad flags, or an unreadable or invalid scenario or draft
//   3  DEADLOCK    the session ended with proposals that could not be adopted
//                  (and "no consensus" for `records sequences|check`)
//   4  unavailable a party or the coordinator could not be reached: the
//                  session is SUSPENDED (resumable) or INTERRUPTED
//   5  budget      an exploration would pass its budget of states or memory
//                  (RESOURCE_EXHAUSTED); sampling is the way forward
//   6  differs     a replay (--replay ID) completed with another result than
//                  its record's
//   7  records     the record database failed: a record could not be
//                  written (a full disk, an I/O error: ABORTED; the session
//                  is INTERRUPTED, `concert resume ID` once there is room)
//                  or a record read back damaged (DATA_LOSS)
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_EXIT_CODES_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_EXIT_CODES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "concert/v1/session.pb.h"

namespace concert::cli {

inline constexpr int kExitConsensus = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitDeadlock = 3;
inline constexpr int kExitUnavailable = 4;
inline constexpr int kExitOverBudget = 5;
inline constexpr int kExitReplayDiffers = 6;
inline constexpr int kExitRecords = 7;

// The exit code for a session that ended with `outcome`;
// OUTCOME_UNSPECIFIED — a summary that never said how it ended — is an
// internal error.
int ExitCodeFor(v1::SessionSummary::Outcome outcome);

// The exit code for a failure before or outside a session's outcome:
// INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION and ALREADY_EXISTS are
// input errors (2); UNAVAILABLE and DEADLINE_EXCEEDED are unreachable
// services (4); RESOURCE_EXHAUSTED is over budget (5); ABORTED (a record
// could not be written) and DATA_LOSS (a damaged record) are the record
// database's (7); OK is 0; anything else is internal (1).
int ExitCodeForStatus(const absl::Status& status);

// Prints "concert COMMAND: message" on stderr; returns the exit code for it.
int ReportFailure(absl::string_view command, const absl::Status& status);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_EXIT_CODES_H_
