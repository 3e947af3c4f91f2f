#include "clients/concert/commands/exit_codes.h"

#include <cstdio>
#include <string>

#include "services/common/printable.h"

namespace concert::cli {

int ExitCodeFor(v1::SessionSummary::Outcome outcome) {
  switch (outcome) {
    case v1::SessionSummary::CONSENSUS:
      return kExitConsensus;
    case v1::SessionSummary::DEADLOCK:
      return kExitDeadlock;
    case v1::SessionSummary::SUSPENDED:
    case v1::SessionSummary::INTERRUPTED:
      return kExitUnavailable;
    default:
      return kExitInternal;
  }
}

int ExitCodeForStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 0;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:
      return kExitUsage;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case absl::StatusCode::kResourceExhausted:
      return kExitOverBudget;
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDataLoss:
      return kExitRecords;
    default:
      return kExitInternal;
  }
}

int ReportFailure(absl::string_view command, const absl::Status& status) {
  // The message may quote a peer or a file: printed safe for the terminal.
  std::fprintf(stderr, "concert %s: %s\n", std::string(command).c_str(),
               Printable(status.message(), /*keep_line_breaks=*/true).c_str());
  return ExitCodeForStatus(status);
}

}  // namespace concert::cli
