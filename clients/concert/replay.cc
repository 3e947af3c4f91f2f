#include "clients/concert/replay.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/strings/match.h"
#include "clients/concert/exploration_report.h"
#include "clients/concert/format_json.h"
#include "clients/concert/records_client.h"
#include "clients/concert/records_compare.h"
#include "clients/concert/records_format.h"
#include "clients/concert/transcript.h"
#include "services/common/grpc_status.h"
#include "services/coordinator/explorer_graphviz.h"

namespace concert::cli {
namespace {

int Fail(const char* command, const absl::Status& status) {
  std::fprintf(stderr, "concert %s: %s\n", command, std::string(status.message()).c_str());
  return ExitCodeForStatus(status);
}

// A remote coordinator seats its own parties: say what the record was made
// with, so that a mismatch can be read for what it is.
template <typename RecordT>
void NoteRemote(const char* command, const ForumFlags& flags, const RecordT& record) {
  if (flags.coordinator.empty()) return;
  std::fprintf(stderr,
               "concert %s: note: the coordinator at %s uses its own scenario and parties; "
               "the record was made with scenario %s (sha256 %s)\n",
               command, flags.coordinator.c_str(), record.scenario().id().c_str(),
               ShortDigest(record.scenario_sha256()).c_str());
}

// The verdict line: after the report on stdout, or on stderr after JSON.
int Conclude(const ReplayVerdict& verdict, bool json) {
  if (json) {
    std::fprintf(stderr, "%s\n", verdict.line.c_str());
  } else {
    std::cout << "\n" << verdict.line << "\n" << std::flush;
  }
  return verdict.matches ? 0 : kExitReplayDiffers;
}

v1::ExploreRequest::Strategy StrategyOf(const std::string& name) {
  if (name == "enumerate") return v1::ExploreRequest::ENUMERATE;
  if (name == "sample") return v1::ExploreRequest::SAMPLE;
  if (name == "lattice") return v1::ExploreRequest::LATTICE;
  return v1::ExploreRequest::STRATEGY_UNSPECIFIED;
}

// As `concert explore --graph`: DOT, or SVG through Graphviz.
absl::Status WriteGraph(const std::string& path, const v1::Exploration& exploration,
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

int ReplaySession(const RunFlags& flags) {
  auto forum = OpenForumForRecord(flags.forum, flags.replay, /*include_graph=*/false);
  if (!forum.ok()) return Fail("run", forum.status());
  if (!forum->record.has_session()) {
    return Fail("run", absl::InvalidArgumentError(
                           "record " + flags.replay + " is an exploration; replay it with "
                           "`concert explore --replay " + flags.replay + "`"));
  }
  const v1::SessionRecord& record = forum->record.session();
  NoteRemote("run", flags.forum, record);

  v1::RunSessionRequest request;
  *request.mutable_draft() = record.draft();
  request.set_variant(record.variant());
  *request.mutable_rule() = record.rule();

  grpc::ClientContext context;
  auto reader = forum->connection->coordinator().RunSession(&context, request);
  const bool json = flags.format == "json";
  TranscriptOptions options;
  options.color = flags.color;
  TranscriptRenderer renderer(std::cout, options);
  v1::Session session;
  v1::SessionEvent event;
  while (reader->Read(&event)) {
    AppendEvent(event, &session);
    if (!json) renderer.Write(event);
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail("run", FromGrpc(status));
  if (json) {
    auto text = ToJson(session);
    if (!text.ok()) return Fail("run", text.status());
    std::cout << *text;
  }
  const ReplayVerdict verdict = CompareSessionReplay(record, session);
  const int code = Conclude(verdict, json);
  // A replay cut short by an unreachable party says nothing of the record.
  const auto outcome = session.summary().outcome();
  if (!verdict.matches && (outcome == v1::SessionSummary::SUSPENDED ||
                           outcome == v1::SessionSummary::INTERRUPTED)) {
    return ExitCodeFor(outcome);
  }
  return code;
}

int ReplayExploration(const ExploreFlags& flags) {
  if (!flags.graph.empty() && !absl::EndsWith(flags.graph, ".dot") &&
      !absl::EndsWith(flags.graph, ".svg")) {
    return Fail("explore", absl::InvalidArgumentError("--graph must name a .dot or .svg file"));
  }
  auto forum = OpenForumForRecord(flags.forum, flags.replay, /*include_graph=*/false);
  if (!forum.ok()) return Fail("explore", forum.status());
  if (!forum->record.has_exploration()) {
    return Fail("explore", absl::InvalidArgumentError(
                               "record " + flags.replay + " is a session; replay it with "
                               "`concert run --replay " + flags.replay + "`"));
  }
  const v1::ExplorationRecord& record = forum->record.exploration();
  NoteRemote("explore", flags.forum, record);

  v1::ExploreRequest request;
  *request.mutable_draft() = record.draft();
  request.set_variant(record.variant());
  *request.mutable_rule() = record.rule();
  request.set_strategy(StrategyOf(record.strategy()));
  if (record.result().has_estimate()) {
    request.set_samples(record.result().estimate().samples());
    request.set_seed(record.result().estimate().seed());
  }
  request.set_max_states(flags.max_states);
  request.set_max_memory_bytes(flags.max_memory_mib << 20);
  request.set_include_graph(!flags.graph.empty());

  grpc::ClientContext context;
  auto reader = forum->connection->coordinator().Explore(&context, request);
  const bool terminal = isatty(STDERR_FILENO);
  v1::Exploration result;
  bool have_result = false;
  v1::ExploreEvent event;
  while (reader->Read(&event)) {
    if (event.has_progress() && flags.progress) {
      std::fprintf(stderr, terminal ? "\r\033[K%s" : "%s\n",
                   FormatProgress(event.progress()).c_str());
      std::fflush(stderr);
    }
    if (event.has_result()) {
      result = event.result();
      have_result = true;
    }
  }
  if (flags.progress && terminal) std::fputs("\r\033[K", stderr);
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail("explore", FromGrpc(status));
  if (!have_result) return Fail("explore", absl::InternalError("the coordinator sent no result"));

  if (!flags.graph.empty()) {
    if (auto s = WriteGraph(flags.graph, result, record.draft()); !s.ok()) {
      return Fail("explore", s);
    }
    result.clear_graph();
    std::fprintf(stderr, "consensus graph written to %s\n", flags.graph.c_str());
  }
  const bool json = flags.format == "json";
  if (json) {
    auto text = ToJson(result);
    if (!text.ok()) return Fail("explore", text.status());
    std::cout << *text;
  } else if (flags.format == "markdown") {
    std::cout << ExplorationMarkdown(result, record.draft());
  } else {
    ExplorationReportOptions options;
    options.color = flags.color;
    WriteExplorationText(std::cout, result, record.draft(), options);
  }
  return Conclude(CompareExplorationReplay(record, result), json);
}

}  // namespace concert::cli
