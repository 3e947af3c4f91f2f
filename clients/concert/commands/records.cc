// `concert records list|show|export|sequences|check`: what the coordinator
// recorded, read back through GetRecord and ListRecords. Sequences and
// checks are answered from the stored consensus graph: no party is asked.
#include <cstdio>
#include <iostream>

#include "absl/status/status.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/render/exploration_report.h"
#include "clients/concert/render/format_json.h"
#include "clients/concert/render/records_analysis.h"
#include "clients/concert/forum/records_client.h"
#include "clients/concert/render/records_format.h"
#include "clients/concert/render/transcript.h"
#include "services/common/server/grpc_status.h"
#include "services/coordinator/records/sequences.h"

namespace concert::cli {
namespace {

int Fail(const char* command, const absl::Status& status) {
  std::fprintf(stderr, "concert records %s: %s\n", command,
               std::string(status.message()).c_str());
  return ExitCodeForStatus(status);
}

// The exploration record `id` with its consensus graph, for the analyses:
// FAILED_PRECONDITION when it is a session or holds no graph.
absl::StatusOr<v1::ExplorationRecord> FetchGraph(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum);
  if (!forum.ok()) return forum.status();
  auto record = FetchRecord(**forum, flags.id, /*include_graph=*/true);
  if (!record.ok()) return record.status();
  if (!record->has_exploration()) {
    return absl::FailedPreconditionError(
        "record " + flags.id + " is a session; sequences are known only for an exploration "
        "(make one with `concert explore DRAFT`)");
  }
  if (record->exploration().result().graph().nodes().empty()) {
    return absl::FailedPreconditionError(
        "record " + flags.id + " (" + record->exploration().status() + ", strategy " +
        record->exploration().strategy() +
        ") stores no consensus graph; a sampled exploration keeps none");
  }
  return std::move(*record->mutable_exploration());
}

}  // namespace

int RecordsListCommand(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum);
  if (!forum.ok()) return Fail("list", forum.status());
  v1::ListRecordsRequest request;
  request.set_kind(flags.kind);
  request.set_limit(flags.limit);
  v1::ListRecordsResponse response;
  grpc::ClientContext context;
  const grpc::Status status = (*forum)->coordinator().ListRecords(&context, request, &response);
  if (!status.ok()) return Fail("list", FromGrpc(status));
  std::cout << RecordsTable(response.records()) << std::flush;
  if (flags.limit > 0 && response.records_size() == flags.limit) {
    std::fprintf(stderr, "(the newest %d; --limit 0 lists them all)\n", flags.limit);
  }
  return 0;
}

int RecordsShowCommand(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum);
  if (!forum.ok()) return Fail("show", forum.status());
  auto record = FetchRecord(**forum, flags.id, /*include_graph=*/false);
  if (!record.ok()) return Fail("show", record.status());
  if (flags.format == "json") {
    auto json = ToJson(*record);
    if (!json.ok()) return Fail("show", json.status());
    std::cout << *json;
    return 0;
  }
  if (record->has_session()) {
    const v1::SessionRecord& session = record->session();
    TranscriptOptions options;
    options.color = flags.color;
    std::cout << SessionRecordHeader(session) << RenderTranscript(session.session(), options);
    const std::string partial = PartialRoundsText(session);
    if (!partial.empty()) std::cout << "\n" << partial;
    return 0;
  }
  const v1::ExplorationRecord& exploration = record->exploration();
  ExplorationReportOptions options;
  options.color = flags.color;
  for (const v1::PartySpec& party : exploration.scenario().parties()) {
    options.parties.push_back(party.id());
  }
  std::cout << ExplorationRecordHeader(exploration);
  WriteExplorationText(std::cout, exploration.result(), exploration.draft(), options);
  return 0;
}

int RecordsExportCommand(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum);
  if (!forum.ok()) return Fail("export", forum.status());
  auto record = FetchRecord(**forum, flags.id, /*include_graph=*/true);
  if (!record.ok()) return Fail("export", record.status());
  auto json = ToJson(*record);
  if (!json.ok()) return Fail("export", json.status());
  std::cout << *json;
  return 0;
}

int RecordsSequencesCommand(const RecordsFlags& flags) {
  if (flags.sequence_limit <= 0) {
    return Fail("sequences", absl::InvalidArgumentError("--limit must be at least 1"));
  }
  auto record = FetchGraph(flags);
  if (!record.ok()) return Fail("sequences", record.status());
  auto sequences = coordinator::ConsensusSequences(record->result().graph(), record->draft(),
                                                   flags.sequence_limit);
  if (!sequences.ok()) return Fail("sequences", sequences.status());
  std::cout << SequencesText(flags.id, record->draft(), *sequences, record->result());
  return sequences->empty() ? kExitDeadlock : 0;
}

int RecordsCheckCommand(const RecordsFlags& flags) {
  auto record = FetchGraph(flags);
  if (!record.ok()) return Fail("check", record.status());
  auto order = ParseOrder(flags.order, record->draft());
  if (!order.ok()) return Fail("check", order.status());
  auto check = coordinator::CheckSequence(record->result(), record->draft(), *order);
  if (!check.ok()) return Fail("check", check.status());
  std::cout << CheckText(*check, record->draft());
  return check->consensus() ? 0 : kExitDeadlock;
}

}  // namespace concert::cli
