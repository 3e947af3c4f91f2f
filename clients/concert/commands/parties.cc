// `concert parties`: the forum's parties as the coordinator sees them.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/render/text_table.h"
#include "clients/concert/render/transcript.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {
namespace {

// Where the coordinator got the party's address.
const char* SeatSource(v1::PartySource source) {
  switch (source) {
    case v1::PARTY_SOURCE_CONFIGURED:
      return "configured";
    case v1::PARTY_SOURCE_REGISTERED:
      return "registered";
    default:
      return "-";
  }
}

// The health service's answer, or why there is none.
std::string HealthColumn(const v1::PartyInfo& p) {
  if (p.address().empty()) return "no address";
  if (!p.health().empty()) return p.health();
  return p.reachable() ? "no health" : "DOWN";
}

const char* MemoryColumn(v1::Memory memory) {
  switch (memory) {
    case v1::MEMORY_SET:
      return "set";
    case v1::MEMORY_HISTORY:
      return "history";
    default:
      return "unset→history";
  }
}

}  // namespace

int PartiesCommand(const ForumFlags& flags) {
  auto scenario = LoadScenarioOrDefault(flags.scenario);
  if (!scenario.ok() && flags.coordinator.empty()) {
    std::fprintf(stderr, "concert parties: %s\n",
                 std::string(scenario.status().message()).c_str());
    return ExitCodeForStatus(scenario.status());
  }
  auto connection = ForumConnection::Open(
      flags.coordinator, scenario.ok() ? *scenario : v1::Scenario(), flags.db);
  if (!connection.ok()) {
    std::fprintf(stderr, "concert parties: %s\n",
                 std::string(connection.status().message()).c_str());
    return ExitCodeForStatus(connection.status());
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::ListPartiesResponse response;
  const grpc::Status status =
      (*connection)
          ->coordinator()
          .ListParties(&context, v1::ListPartiesRequest(), &response);
  if (!status.ok()) {
    std::fprintf(stderr, "concert parties: %s: %s\n",
                 (*connection)->address().c_str(),
                 status.error_message().c_str());
    return ExitCodeForStatus(FromGrpc(status));
  }
  TextTable table({"ID", "NAME", "ADDRESS", "WEIGHT", "SEAT", "HEALTH",
                   "MEMORY", "VERSION"});
  int unreachable = 0;
  for (const auto& p : response.parties()) {
    if (!p.reachable()) ++unreachable;
    table.AddRow(
        {p.id(), p.name(), p.address().empty() ? "(none)" : p.address(),
         absl::StrFormat("%.2f", p.weight()), SeatSource(p.source()),
         HealthColumn(p), p.reachable() ? MemoryColumn(p.memory()) : "-",
         p.reachable() ? p.version() : "-"});
  }
  // Names, health answers and versions wrap; SEAT goes first when there
  // is no room; a terminal too narrow for the table gets a block per party
  // (TextTable::Render).
  table.SetWrap(1);
  table.SetWrap(5);
  table.SetWrap(7);
  table.SetOptional(4);
  // Fitted only to a width something states (a terminal, $COLUMNS): in a
  // pipe each party stays one line, for grep.
  const std::optional<int> width = KnownOutputWidth();
  std::fputs((width ? table.Render(*width) : table.Render()).c_str(), stdout);
  return unreachable == 0 ? 0 : kExitUnavailable;
}

void AddPartiesCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<ForumFlags>();
  CLI::App* command = app.add_subcommand(
      "parties", "list the forum's parties and whether they answer");
  command->footer(
      "Columns: the party's address; SEAT, where the coordinator got it\n"
      "(configured: the scenario; registered: RegisterParty, e.g.\n"
      "`concert-party --join`, kept across coordinator restarts); HEALTH,\n"
      "the party server's gRPC health status (DOWN: nothing answers); MEMORY,\n"
      "what its votes depend on (set or history; unset is read as history,\n"
      "so explorations sample); VERSION, as the party reports it. The table\n"
      "fits the terminal (or $COLUMNS; a pipe gets a line per party): long\n"
      "cells wrap, SEAT goes first, and a narrow terminal gets a block per\n"
      "party.\n"
      "Exit codes: 0 every party answers, 4 some party does not.");
  AddForumFlags(command, flags.get());
  commands.Add(command, [flags] { return PartiesCommand(*flags); });
}

}  // namespace concert::cli
