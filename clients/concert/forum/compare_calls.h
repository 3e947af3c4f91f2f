// Reading a comparison from a coordinator: its streamed progress shown on
// stderr (phase, done/total, elapsed, ETA), its result kept.
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_COMPARE_CALLS_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_COMPARE_CALLS_H_

#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "concert/v1/coordinator.grpc.pb.h"

namespace concert::cli {

// "robustness  1200/4000  30%  elapsed 3.1 s  ETA 7.2 s  paper-sequence /
// baseline"
std::string FormatCompareProgress(const v1::CompareProgress& progress);

// Reads a Compare stream to its end, printing progress on stderr when
// `progress` (rewriting one line on a terminal, a line per update in a
// log); the result, or the call's error.
absl::StatusOr<v1::Comparison> CollectComparison(
    grpc::ClientReader<v1::CompareEvent>& reader, bool progress);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_COMPARE_CALLS_H_
