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
#include "clients/concert/forum/forum_flags.h"
#include "clients/concert/forum/graph_output.h"
#include "concert/v1/coordinator.grpc.pb.h"

namespace concert::cli {

// How a streamed session is shown.
struct SessionOutput {
  // The whole session as JSON at the end, instead of a transcript.
  bool json = false;
  // The brief transcript (transcript_brief.h) instead of the full one.
  bool brief = false;
  bool color = false;
  // Columns the transcript is laid out for (commands/terminal_width.h).
  int width = 100;
  // What follows `concert resume ID` to resume the session on the same
  // forum ("--coordinator ADDR", or "--db PATH" for the embedded one), for
  // the line printed when the coordinator stops mid-session.
  std::string resume_flags;
};

// Reads a RunSession or ResumeSession stream to its end: as a transcript
// printed event by event as it arrives, or as JSON at the end. The call's
// error otherwise; when the coordinator stopped after the session started
// (the stream broke: UNAVAILABLE, CANCELLED, INTERNAL, UNKNOWN), an
// UNAVAILABLE error saying so in one line, with the session's id and the
// command that resumes it.
absl::StatusOr<v1::Session> ShowSessionStream(
    grpc::ClientReader<v1::SessionEvent>& reader, const SessionOutput& output);

// SessionOutput::resume_flags for a session held on the forum `forum`
// names: "--coordinator ADDR", else the embedded forum's "--db PATH" and
// "--scenario PATH" when given (shell-quoted when they need it).
std::string ResumeFlagsOf(const ForumFlags& forum);

// Reads an Explore stream to its end, printing progress on stderr when
// `progress` (rewriting one line on a terminal); the result.
absl::StatusOr<v1::Exploration> CollectExploration(
    grpc::ClientReader<v1::ExploreEvent>& reader, bool progress);

// How an exploration's result is shown.
struct ExplorationOutput {
  // text | json | markdown
  std::string format = "text";
  // Where to draw the graph (.dot or .svg); empty: nowhere.
  std::string graph;
  bool color = false;
  // Which graph, and the lattice's node budget (graph_output.h).
  std::string graph_kind = "proposals";
  std::uint32_t graph_max_nodes = 0;
  // Columns the text report is laid out for (commands/terminal_width.h).
  int width = 100;
};

// Draws the graph to output.graph (if set; graph_output.h) and prints the
// result in output.format.
absl::Status ShowExploration(v1::Exploration result,
                             const v1::CharterDraft& draft,
                             const ExplorationOutput& output);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_CALLS_H_
