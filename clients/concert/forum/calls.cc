#include "clients/concert/forum/calls.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/concert/forum/graph_output.h"
#include "clients/concert/render/exploration_report.h"
#include "clients/concert/render/format_json.h"
#include "clients/concert/render/transcript.h"
#include "clients/concert/render/transcript_brief.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {

namespace {

// The one line for a session whose coordinator stopped mid-way: its id and
// how to resume it. "Socket closed" and its like say neither.
absl::Status StoppedMidSession(const absl::Status& status,
                               const std::string& session_id,
                               const std::string& resume_flags) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      break;
    default:
      return status;
  }
  std::string command = absl::StrCat("concert resume ", session_id);
  if (!resume_flags.empty()) absl::StrAppend(&command, " ", resume_flags);
  return absl::UnavailableError(absl::StrCat(
      "the coordinator stopped mid-session (", status.message(), "); session ",
      session_id, " is kept in its record; resume it with: ", command));
}

}  // namespace

absl::StatusOr<v1::Session> ShowSessionStream(
    grpc::ClientReader<v1::SessionEvent>& reader, const SessionOutput& output) {
  TranscriptOptions options;
  options.color = output.color;
  options.width = output.width;
  TranscriptRenderer full(std::cout, options);
  BriefTranscriptRenderer brief(std::cout, options);
  v1::Session session;
  v1::SessionEvent event;
  while (reader.Read(&event)) {
    AppendEvent(event, &session);
    if (output.json) continue;
    if (output.brief) {
      brief.Write(event);
    } else {
      full.Write(event);
    }
  }
  if (const grpc::Status status = reader.Finish(); !status.ok()) {
    const absl::Status error = FromGrpc(status);
    const std::string& id = session.started().session_id();
    if (id.empty() || session.has_summary()) return error;
    std::cout.flush();
    return StoppedMidSession(error, id, output.resume_flags);
  }
  if (output.json) {
    auto text = ToJson(session);
    if (!text.ok()) return text.status();
    std::cout << *text;
  }
  return session;
}

namespace {

// `text` as one shell word: unchanged when it is plain, else single-quoted.
std::string ShellWord(const std::string& text) {
  if (!text.empty() &&
      text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
                             "WXYZ0123456789-_./:,@%+=") == std::string::npos) {
    return text;
  }
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "'\\''"}}), "'");
}

}  // namespace

std::string ResumeFlagsOf(const ForumFlags& forum) {
  if (!forum.coordinator.empty()) {
    return absl::StrCat("--coordinator ", ShellWord(forum.coordinator));
  }
  std::vector<std::string> flags;
  if (!forum.db.empty()) {
    flags.push_back(absl::StrCat("--db ", ShellWord(forum.db)));
  }
  if (!forum.scenario.empty()) {
    flags.push_back(absl::StrCat("--scenario ", ShellWord(forum.scenario)));
  }
  return absl::StrJoin(flags, " ");
}

absl::StatusOr<v1::Exploration> CollectExploration(
    grpc::ClientReader<v1::ExploreEvent>& reader, bool progress) {
  const bool terminal = isatty(STDERR_FILENO);
  v1::Exploration result;
  bool have_result = false;
  v1::ExploreEvent event;
  while (reader.Read(&event)) {
    if (event.has_progress() && progress) {
      // On a terminal the line rewrites itself; in a log each update is a line.
      std::fprintf(stderr, terminal ? "\r\033[K%s" : "%s\n",
                   FormatProgress(event.progress()).c_str());
      std::fflush(stderr);
    }
    if (event.has_result()) {
      result = event.result();
      have_result = true;
    }
  }
  if (progress && terminal) std::fputs("\r\033[K", stderr);
  if (const grpc::Status status = reader.Finish(); !status.ok())
    return FromGrpc(status);
  if (!have_result)
    return absl::InternalError("the coordinator sent no result");
  return result;
}

absl::Status ShowExploration(v1::Exploration result,
                             const v1::CharterDraft& draft,
                             const ExplorationOutput& flags) {
  if (!flags.graph.empty()) {
    const GraphOutput graph{flags.graph, flags.graph_kind,
                            flags.graph_max_nodes};
    if (auto s = WriteExplorationGraph(graph, result, draft); !s.ok()) {
      return s;
    }
    result.clear_graph();  // drawn; not repeated in the report
  }
  if (flags.format == "json") {
    auto json = ToJson(result);
    if (!json.ok()) return json.status();
    std::cout << *json;
  } else if (flags.format == "markdown") {
    std::cout << ExplorationMarkdown(result, draft);
  } else {
    ExplorationReportOptions options;
    options.color = flags.color;
    options.width = flags.width;
    WriteExplorationText(std::cout, result, draft, options);
  }
  return absl::OkStatus();
}

}  // namespace concert::cli
