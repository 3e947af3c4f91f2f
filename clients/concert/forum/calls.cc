#include "clients/concert/forum/calls.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/strings/match.h"
#include "clients/concert/render/exploration_report.h"
#include "clients/concert/render/format_json.h"
#include "clients/concert/render/graphviz.h"
#include "clients/concert/render/transcript.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {

absl::StatusOr<v1::Session> ShowSessionStream(
    grpc::ClientReader<v1::SessionEvent>& reader, bool json, bool color) {
  TranscriptOptions options;
  options.color = color;
  TranscriptRenderer renderer(std::cout, options);
  v1::Session session;
  v1::SessionEvent event;
  while (reader.Read(&event)) {
    AppendEvent(event, &session);
    if (!json) renderer.Write(event);
  }
  if (const grpc::Status status = reader.Finish(); !status.ok())
    return FromGrpc(status);
  if (json) {
    auto text = ToJson(session);
    if (!text.ok()) return text.status();
    std::cout << *text;
  }
  return session;
}

absl::Status CheckGraphPath(const std::string& path) {
  if (path.empty() || absl::EndsWith(path, ".dot") ||
      absl::EndsWith(path, ".svg")) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError("--graph must name a .dot or .svg file");
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

namespace {

// DOT, or SVG through Graphviz.
absl::Status WriteGraph(const std::string& path,
                        const v1::Exploration& exploration,
                        const v1::CharterDraft& draft) {
  auto dot = coordinator::ConsensusGraphDot(exploration, draft);
  if (!dot.ok()) return dot.status();
  std::string content = *dot;
  if (absl::EndsWith(path, ".svg")) {
    auto svg = coordinator::RenderSvg(*dot);
    if (!svg.ok()) return svg.status();
    content = *std::move(svg);
  }
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) return absl::UnavailableError("cannot write " + path);
  return absl::OkStatus();
}

}  // namespace

absl::Status ShowExploration(v1::Exploration result,
                             const v1::CharterDraft& draft,
                             const ExplorationOutput& flags) {
  if (!flags.graph.empty()) {
    if (auto s = WriteGraph(flags.graph, result, draft); !s.ok()) return s;
    result.clear_graph();  // drawn; not repeated in the report
    std::fprintf(stderr, "consensus graph written to %s\n",
                 flags.graph.c_str());
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
    WriteExplorationText(std::cout, result, draft, options);
  }
  return absl::OkStatus();
}

}  // namespace concert::cli
