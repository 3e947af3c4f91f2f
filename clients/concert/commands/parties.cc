// `concert parties`: the forum's parties as the coordinator sees them.
#include <cstdio>
#include <memory>

#include "absl/strings/str_format.h"
#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/render/transcript.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {

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
  std::printf("%-6s %-34s %-24s %-6s %-9s %s\n", "ID", "NAME", "ADDRESS",
              "WEIGHT", "STATUS", "VERSION / MEMORY");
  int unreachable = 0;
  for (const auto& p : response.parties()) {
    if (!p.reachable()) ++unreachable;
    std::printf("%-6s %-34s %-24s %-6.2f %-9s %s%s%s\n", p.id().c_str(),
                p.name().c_str(),
                p.address().empty() ? "(none)" : p.address().c_str(),
                p.weight(), p.reachable() ? "reachable" : "DOWN",
                p.version().c_str(), p.reachable() ? " / " : "",
                p.reachable() ? v1::Memory_Name(p.memory()).c_str() : "");
  }
  return unreachable == 0 ? 0 : kExitUnavailable;
}

void AddPartiesCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<ForumFlags>();
  CLI::App* command = app.add_subcommand(
      "parties", "list the forum's parties and whether they answer");
  AddForumFlags(command, flags.get());
  commands.Add(command, [flags] { return PartiesCommand(*flags); });
}

}  // namespace concert::cli
