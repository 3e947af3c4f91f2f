// `concert records list|show|export|sequences|check`: what the coordinator
// recorded (sessions, explorations, comparisons), read back through
// GetRecord and ListRecords. Sequences and
// checks are answered from the stored consensus graph: no party is asked.
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>

#include "absl/status/status.h"
#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/forum/records_client.h"
#include "clients/concert/render/exploration_report.h"
#include "clients/concert/render/format_json.h"
#include "clients/concert/render/records_analysis.h"
#include "clients/concert/render/records_format.h"
#include "clients/concert/render/transcript.h"
#include "services/common/names.h"
#include "services/common/number_flags.h"
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
  auto forum = OpenRecordsForum(flags.forum, /*read_only=*/true);
  if (!forum.ok()) return forum.status();
  auto record = FetchRecord(**forum, flags.id, /*include_graph=*/true);
  if (!record.ok()) return record.status();
  if (!record->has_exploration()) {
    return absl::FailedPreconditionError(
        "record " + flags.id + " is a " +
        (record->has_comparison() ? "comparison" : "session") +
        "; sequences are known only for an exploration "
        "(make one with `concert explore DRAFT`)");
  }
  if (record->exploration().result().graph().nodes().empty()) {
    return absl::FailedPreconditionError(
        "record " + flags.id + " (" +
        std::string(RecordStatusName(record->exploration().status())) +
        ", strategy " +
        std::string(StrategyName(record->exploration().strategy())) +
        ") stores no consensus graph; a sampled exploration keeps none");
  }
  return std::move(*record->mutable_exploration());
}

}  // namespace

int RecordsListCommand(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum, /*read_only=*/true);
  if (absl::IsNotFound(forum.status())) {
    // No database yet: nothing has been recorded (and reading creates none).
    std::fprintf(stderr, "%s\n", std::string(forum.status().message()).c_str());
    std::cout << RecordsTable(
                     google::protobuf::RepeatedPtrField<v1::RecordSummary>())
              << std::flush;
    return 0;
  }
  if (!forum.ok()) return Fail("list", forum.status());
  v1::ListRecordsRequest request;
  auto kind = ParseRecordKind(flags.kind);
  if (!kind.ok()) return Fail("list", kind.status());
  request.set_kind(*kind);
  request.set_limit(flags.limit);
  v1::ListRecordsResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      (*forum)->coordinator().ListRecords(&context, request, &response);
  if (!status.ok()) return Fail("list", FromGrpc(status));
  // Fitted only to a width something states (a terminal, $COLUMNS): in a
  // pipe each record stays one line, for grep.
  std::cout << RecordsTable(response.records(), KnownOutputWidth().value_or(0))
            << std::flush;
  if (flags.limit > 0 && response.records_size() == flags.limit) {
    std::fprintf(stderr, "(the newest %d; --limit 0 lists them all)\n",
                 flags.limit);
  }
  return 0;
}

int RecordsShowCommand(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum, /*read_only=*/true);
  if (!forum.ok()) return Fail("show", forum.status());
  auto record = FetchRecord(**forum, flags.id, /*include_graph=*/false);
  if (!record.ok()) return Fail("show", record.status());
  if (flags.format == "json") {
    auto json = ToJson(*record);
    if (!json.ok()) return Fail("show", json.status());
    std::cout << *json;
    return 0;
  }
  const int width = OutputWidth();
  if (record->has_session()) {
    const v1::SessionRecord& session = record->session();
    TranscriptOptions options;
    options.color = flags.color;
    options.width = width;
    std::cout << SessionRecordHeader(session, width)
              << RenderTranscript(session.session(), options);
    const std::string partial = PartialRoundsText(session, width);
    if (!partial.empty()) std::cout << "\n" << partial;
    return 0;
  }
  if (record->has_comparison()) {
    // In brief: the header and one line per row; `concert records export`
    // writes the whole of it.
    std::cout << ComparisonRecordHeader(record->comparison(), width)
              << ComparisonRowsText(record->comparison(), width);
    return 0;
  }
  const v1::ExplorationRecord& exploration = record->exploration();
  ExplorationReportOptions options;
  options.color = flags.color;
  options.width = width;
  for (const v1::PartySpec& party : exploration.inputs().scenario().parties()) {
    options.parties.push_back(party.id());
  }
  std::cout << ExplorationRecordHeader(exploration, width);
  WriteExplorationText(std::cout, exploration.result(),
                       exploration.inputs().draft(), options);
  return 0;
}

int RecordsExportCommand(const RecordsFlags& flags) {
  auto forum = OpenRecordsForum(flags.forum, /*read_only=*/true);
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
    return Fail("sequences",
                absl::InvalidArgumentError("--limit must be at least 1"));
  }
  auto record = FetchGraph(flags);
  if (!record.ok()) return Fail("sequences", record.status());
  auto sequences = coordinator::ConsensusSequences(
      record->result().graph(), record->inputs().draft(), flags.sequence_limit);
  if (!sequences.ok()) return Fail("sequences", sequences.status());
  std::cout << SequencesText(flags.id, record->inputs().draft(), *sequences,
                             record->result(), OutputWidth());
  return sequences->empty() ? kExitDeadlock : 0;
}

int RecordsCheckCommand(const RecordsFlags& flags) {
  auto record = FetchGraph(flags);
  if (!record.ok()) return Fail("check", record.status());
  auto order = ParseOrder(flags.order, record->inputs().draft());
  if (!order.ok()) return Fail("check", order.status());
  auto check = coordinator::CheckSequence(record->result(),
                                          record->inputs().draft(), *order);
  if (!check.ok()) return Fail("check", check.status());
  std::cout << CheckText(*check, record->inputs().draft(), OutputWidth());
  // A prefix that passes and can still be completed is as good an answer as
  // a full order that passes.
  const bool passes =
      check->consensus() ||
      (check->verdict == coordinator::SequenceCheck::Verdict::kIncomplete &&
       check->completable);
  return passes ? 0 : kExitDeadlock;
}

namespace {

// `concert records` and its subcommands, sharing one set of flags (only one
// subcommand runs).
struct RecordsCli {
  RecordsFlags flags;
  bool no_color = false;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* export_json = nullptr;
  CLI::App* sequences = nullptr;
  CLI::App* check = nullptr;
};

}  // namespace

void AddRecordsCommand(CLI::App& app, CommandSet& commands) {
  auto cli = std::make_shared<RecordsCli>();
  RecordsFlags* flags = &cli->flags;
  CLI::App* records =
      app.add_subcommand("records",
                         "read what the forum recorded: every session, "
                         "exploration and comparison, reproducible");
  records->require_subcommand(1);
  records->footer(
      "The coordinator records each session (rounds and votes as they happen), "
      "each\n"
      "exploration (result and consensus graph) and each comparison (request "
      "and result)\n"
      "with the exact scenario and drafts.\n"
      "Without --coordinator, the embedded forum's database is read (--db, "
      "$CONCERT_DB,\n"
      "else ~/.local/share/concert/concert.db).\n\n"
      "Examples:\n"
      "  concert records list --kind exploration --limit 5\n"
      "  concert records show session-20261127-230726-abef00\n"
      "  concert records list --kind comparison\n"
      "  concert records show comparison-20261127-232010-5e6f70\n"
      "  concert records export exploration-20261127-231502-0c1d2e > arf.json\n"
      "  concert records sequences exploration-20261127-231502-0c1d2e --limit "
      "3\n"
      "  concert records check exploration-20261127-231502-0c1d2e "
      "consult_channel,decision_rules,guiding_principles\n"
      "  concert run --replay session-20261127-230726-abef00\n"
      "Exit codes: 0 success, 2 no record ID or bad input, 3 no consensus "
      "(sequences,\n"
      "check), 4 the coordinator unavailable, 7 a damaged record (its stored "
      "result\n"
      "missing or unreadable).");

  cli->list = records->add_subcommand("list", "list records, newest first");
  cli->list
      ->add_option("--kind", flags->kind,
                   "only sessions, explorations or comparisons")
      ->check(CLI::IsMember({"session", "exploration", "comparison"}));
  cli->list->add_option("--limit", flags->limit, "at most N records (0: all)")
      ->check(WholeNumber(0, std::numeric_limits<int>::max()))
      ->capture_default_str();
  AddRecordSourceFlags(cli->list, &flags->forum);
  cli->list->footer(
      "Columns: ID, KIND, CREATED (UTC), STATUS, DRAFT, VARIANT, RULE, "
      "OUTCOME,\n"
      "laid out for the terminal's width (or $COLUMNS; a pipe gets a line "
      "per\n"
      "record): the outcome wraps; KIND and CREATED, which the id also says, "
      "go\n"
      "first when there is no room, and a narrow terminal gets a block per "
      "record.\n"
      "RULE is short: consensus, unanimity, consensus-1, qualified 2/3, with\n"
      "\"absent abstains\" when an absent party does not block; — for records "
      "kept\n"
      "before the rule was listed. A comparison lists all its drafts, "
      "variants and\n"
      "rules.\n"
      "Without --coordinator the database is only read, never written, "
      "migrated or\n"
      "created: it may be a file you cannot write. No database yet lists "
      "none.\n"
      "Example:\n  concert records list --kind session --limit 10\n"
      "Exit codes: 0 listed, 2 a database of an older schema (a command that "
      "records\n"
      "migrates it), 4 the coordinator unavailable, 7 a damaged database.");

  cli->show = records->add_subcommand(
      "show",
      "print one record: its header, then the "
      "session's transcript, the exploration's report or the comparison's "
      "rows");
  cli->show->add_option("id", flags->id, "record id")->required();
  cli->show
      ->add_option("--format", flags->format,
                   "text, or the Record as protobuf JSON")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cli->show->add_flag("--no-color", cli->no_color,
                      "plain text even on a terminal");
  AddRecordSourceFlags(cli->show, &flags->forum);
  cli->show->footer(
      "The header names the status, times (UTC), scenario and draft with the "
      "first\n"
      "digits of their SHA-256, variant, rule and the coordinator's version; "
      "rounds\n"
      "whose votes were recorded but not their outcome are listed at the end.\n"
      "Example:\n  concert records show session-20261127-230726-abef00\n"
      "Exit codes: 0 shown, 2 no record ID, 4 the coordinator unavailable.");

  cli->export_json = records->add_subcommand(
      "export",
      "write the whole record as protobuf JSON (with an exploration's or a "
      "comparison's graphs)");
  cli->export_json->add_option("id", flags->id, "record id")->required();
  AddRecordSourceFlags(cli->export_json, &flags->forum);
  cli->export_json->footer(
      "The JSON is a concert.v1.Record in protobuf's JSON mapping: any "
      "protobuf\n"
      "library reads it back.\n"
      "Example:\n  concert records export exploration-20261127-231502-0c1d2e > "
      "record.json\n"
      "Exit codes: 0 written, 2 no record ID, 4 the coordinator unavailable.");

  cli->sequences = records->add_subcommand(
      "sequences",
      "list an exploration's best consensus sequences, from its stored graph");
  cli->sequences->add_option("id", flags->id, "exploration record id")
      ->required();
  cli->sequences
      ->add_option("--limit", flags->sequence_limit,
                   "how many sequences, best first")
      ->check(WholeNumber(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  AddRecordSourceFlags(cli->sequences, &flags->forum);
  cli->sequences->footer(
      "Best means the most SUPPORT votes along the order; ties go to draft "
      "order.\n"
      "No party is asked: the answer comes from the recorded consensus graph.\n"
      "Example:\n  concert records sequences "
      "exploration-20261127-231502-0c1d2e --limit 5\n"
      "Exit codes: 0 listed, 3 no order adopts the whole draft, 2 no record ID "
      "or not\n"
      "an exploration with a graph, 4 the coordinator unavailable.");

  cli->check =
      records->add_subcommand("check",
                              "tell whether an order of adoption reaches "
                              "consensus, per an exploration record");
  cli->check->add_option("id", flags->id, "exploration record id")->required();
  cli->check
      ->add_option(
          "order", flags->order,
          "proposal ids, comma-separated, in order of adoption: all of the "
          "draft's, or the first few (a prefix)")
      ->required();
  AddRecordSourceFlags(cli->check, &flags->forum);
  cli->check->footer(
      "No party is asked: each step is looked up in the recorded consensus "
      "graph.\n"
      "When the order fails, the step, its proposal and the parties the record "
      "names\n"
      "as objecting to it are printed (or what the step waits on, if it could "
      "not be\n"
      "tabled yet).\n"
      "A prefix is followed as far as it goes: the answer says whether the "
      "full\n"
      "charter can still be reached from there.\n"
      "Example:\n  concert records check exploration-20261127-231502-0c1d2e "
      "consult_channel,decision_rules,trilateral_consult\n"
      "Exit codes: 0 consensus (or a prefix that passes and can still be "
      "completed),\n"
      "3 no consensus, 2 ids the draft does not have or no record ID, 4 the "
      "coordinator\n"
      "unavailable.");
  // Only one subcommand runs; they share one set of flags.
  commands.Add(records, [cli] {
    cli->flags.color = ColorWanted(cli->no_color);
    if (cli->list->parsed()) return RecordsListCommand(cli->flags);
    if (cli->show->parsed()) return RecordsShowCommand(cli->flags);
    if (cli->export_json->parsed()) return RecordsExportCommand(cli->flags);
    if (cli->sequences->parsed()) return RecordsSequencesCommand(cli->flags);
    if (cli->check->parsed()) return RecordsCheckCommand(cli->flags);
    return kExitUsage;
  });
}

}  // namespace concert::cli
