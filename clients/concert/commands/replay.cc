#include "clients/concert/commands/replay.h"

#include <cstdio>

#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/forum/calls.h"
#include "clients/concert/forum/records_client.h"
#include "clients/concert/render/records_compare.h"
#include "clients/concert/render/records_format.h"
#include "clients/concert/render/transcript.h"

namespace concert::cli {
namespace {

int Fail(const char* command, const absl::Status& status) {
  return ReportFailure(command, status);
}

// A remote coordinator seats its own parties: say what the record was made
// with, so that a mismatch can be read for what it is.
template <typename RecordT>
void NoteRemote(const char* command, const ForumFlags& flags,
                const RecordT& record) {
  if (flags.coordinator.empty()) return;
  std::fprintf(stderr,
               "concert %s: note: the coordinator at %s uses its own scenario "
               "and parties; "
               "the record was made with scenario %s (sha256 %s)\n",
               command, flags.coordinator.c_str(),
               record.inputs().scenario().id().c_str(),
               ShortDigest(record.inputs().scenario_sha256()).c_str());
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

}  // namespace

int ReplaySession(const RunFlags& flags) {
  auto forum =
      OpenForumForRecord(flags.forum, flags.replay, /*include_graph=*/false);
  if (!forum.ok()) return Fail("run", forum.status());
  if (!forum->record.has_session()) {
    return Fail("run",
                absl::InvalidArgumentError("record " + flags.replay +
                                           " is an exploration; replay it with "
                                           "`concert explore --replay " +
                                           flags.replay + "`"));
  }
  const v1::SessionRecord& record = forum->record.session();
  NoteRemote("run", flags.forum, record);

  v1::RunSessionRequest request;
  *request.mutable_draft() = record.inputs().draft();
  request.set_variant(record.inputs().variant());
  *request.mutable_rule() = record.inputs().rule();

  grpc::ClientContext context;
  auto reader = forum->connection->coordinator().RunSession(&context, request);
  const bool json = flags.format == "json";
  SessionOutput output;
  output.json = json;
  output.brief = flags.brief;
  output.color = flags.color;
  output.width = OutputWidth();
  output.resume_flags = ResumeFlagsOf(flags.forum);
  auto shown = ShowSessionStream(*reader, output);
  if (!shown.ok()) return Fail("run", shown.status());
  const v1::Session& session = *shown;
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
  if (auto s = CheckGraphPath(flags.graph); !s.ok()) return Fail("explore", s);
  auto forum =
      OpenForumForRecord(flags.forum, flags.replay, /*include_graph=*/false);
  if (!forum.ok()) return Fail("explore", forum.status());
  if (!forum->record.has_exploration()) {
    return Fail("explore",
                absl::InvalidArgumentError("record " + flags.replay +
                                           " is a session; replay it with "
                                           "`concert run --replay " +
                                           flags.replay + "`"));
  }
  const v1::ExplorationRecord& record = forum->record.exploration();
  NoteRemote("explore", flags.forum, record);

  v1::ExploreRequest request;
  *request.mutable_draft() = record.inputs().draft();
  request.set_variant(record.inputs().variant());
  *request.mutable_rule() = record.inputs().rule();
  request.set_strategy(record.strategy());
  if (record.result().has_estimate()) {
    request.set_samples(record.result().estimate().samples());
    request.set_seed(record.result().estimate().seed());
  }
  request.set_max_states(flags.max_states);
  request.set_max_memory_bytes(flags.max_memory_mib << 20);
  AskForGraph({flags.graph, flags.graph_kind, flags.graph_max_nodes}, &request);

  grpc::ClientContext context;
  auto reader = forum->connection->coordinator().Explore(&context, request);
  auto result = CollectExploration(*reader, flags.progress);
  if (!result.ok()) return Fail("explore", result.status());
  const ReplayVerdict verdict = CompareExplorationReplay(record, *result);
  if (auto s = ShowExploration(*std::move(result), record.inputs().draft(),
                               OutputOf(flags));
      !s.ok()) {
    return Fail("explore", s);
  }
  return Conclude(verdict, flags.format == "json");
}

absl::StatusOr<ComparisonReplay> OpenComparisonReplay(const ForumFlags& flags,
                                                      const std::string& id,
                                                      bool include_graphs) {
  auto forum = OpenForumForRecord(flags, id, /*include_graph=*/false);
  if (!forum.ok()) return forum.status();
  if (!forum->record.has_comparison()) {
    const bool session = forum->record.has_session();
    return absl::InvalidArgumentError(
        "record " + id + " is " + (session ? "a session" : "an exploration") +
        "; replay it with `concert " + (session ? "run" : "explore") +
        " --replay " + id + "`");
  }
  ComparisonReplay out;
  out.record = std::move(*forum->record.mutable_comparison());
  out.request = ComparisonReplayRequest(out.record, include_graphs);
  out.connection = std::move(forum->connection);
  if (!flags.coordinator.empty()) {
    std::fprintf(stderr,
                 "concert compare: note: the coordinator at %s uses its own "
                 "scenario and parties; the record was made with scenario %s "
                 "(sha256 %s)\n",
                 flags.coordinator.c_str(), out.record.scenario().id().c_str(),
                 ShortDigest(out.record.scenario_sha256()).c_str());
  }
  return out;
}

}  // namespace concert::cli
