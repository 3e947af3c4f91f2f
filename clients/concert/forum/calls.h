// What the commands that talk to a coordinator share: reporting a failure
// as one line with the right exit code, showing a streamed session as it
// happens, collecting a streamed exploration with its progress, and showing
// an exploration's result (report, JSON or Markdown, and the graph file).
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_CALLS_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_CALLS_H_

#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/coordinator.grpc.pb.h"

namespace concert::cli {

// Reads a RunSession or ResumeSession stream to its end: with `json` false
// each event is printed as a transcript as it arrives; with `json` true the
// whole session is printed as JSON at the end. The call's error otherwise.
absl::StatusOr<v1::Session> ShowSessionStream(
    grpc::ClientReader<v1::SessionEvent>& reader, bool json, bool color);

// INVALID_ARGUMENT unless `path` is empty or names a .dot or .svg file.
absl::Status CheckGraphPath(const std::string& path);

// Reads an Explore stream to its end, printing progress on stderr when
// `progress` (rewriting one line on a terminal); the result.
absl::StatusOr<v1::Exploration> CollectExploration(
    grpc::ClientReader<v1::ExploreEvent>& reader, bool progress);

// How an exploration's result is shown.
struct ExplorationOutput {
  // text | json | markdown
  std::string format = "text";
  // Where to draw the consensus graph (.dot or .svg); empty: nowhere.
  std::string graph;
  bool color = false;
};

// Writes the consensus graph to output.graph (if set) and prints the result
// in output.format.
absl::Status ShowExploration(v1::Exploration result,
                             const v1::CharterDraft& draft,
                             const ExplorationOutput& output);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_CALLS_H_
