// One conformance run: every check of checks.h against one party server, in
// order, each given what the earlier ones learned. The result is data; how
// it is printed is report_format.h's business.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_CONFORMANCE_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_CONFORMANCE_H_

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/concert/conformance/check_result.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::conformance {

struct ConformanceOptions {
  // The party server, host:port (any gRPC target).
  std::string address;
  // The id the party must give in Describe; empty: any of the scenario's.
  std::string expected_party;
  // For every call; for a stream, for the whole stream.
  std::chrono::milliseconds deadline{5000};
};

struct ConformanceReport {
  std::string address;
  // The id the party gave (empty when Describe did not answer).
  std::string party;
  std::vector<CheckResult> checks;
  // Nothing answered at all: the address refused or every call timed out.
  // The checks after `describe` then fail without asking.
  bool unreachable = false;

  bool passed() const;
  // The names of the checks that failed, in order.
  std::vector<std::string> failed() const;
};

// Runs the checks against the party at options.address, tabling `draft`
// (baseline, the scenario's initial state). INVALID_ARGUMENT only for inputs
// that cannot be used: an expected party the scenario does not have, or a
// draft that cannot be indexed. A party's faults are in the report.
absl::StatusOr<ConformanceReport> RunConformance(
    const v1::Scenario& scenario, const v1::CharterDraft& draft,
    const ConformanceOptions& options);

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_CONFORMANCE_H_
