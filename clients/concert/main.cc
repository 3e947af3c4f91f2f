// concert: the command-line client of a concert forum. Each command adds
// itself to the command line from its own file (commands/); this file only
// builds the application, parses, and runs the chosen command.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/concert/commands/client_tls.h"
#include "clients/concert/commands/command_set.h"
#include "services/common/usage_errors.h"
#include "services/common/version/version.h"

// Only an unforeseen exception (a bug, or std::bad_alloc) can leave main:
// std::terminate then names it and aborts, a louder report than any exit code
// caught here could give.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  // Service start/stop lines of the embedded forum are noise in a transcript;
  // CONCERT_LOG=info brings them back.
  setenv("CONCERT_LOG", "warn", /*overwrite=*/0);

  CLI::App app{
      "concert — design a multilateral security forum, one charter stage at a "
      "time.\n\n"
      "A scenario names the parties and their interests; a charter draft "
      "lists\n"
      "staged proposals. `concert run` holds a session: every party runs as "
      "its\n"
      "own gRPC service and votes on each proposal the chair tables.\n"};
  app.require_subcommand(1);
  concert::AddVersionFlag(app, "concert");
  app.footer(
      "Exit codes: 0 success (consensus), 1 internal error, 2 bad input or "
      "usage,\n"
      "3 deadlock, 4 a party or the coordinator unavailable (session "
      "suspended),\n"
      "5 an exploration over its budget, 6 a replay (--replay ID) that differs "
      "from\n"
      "its record, 7 the record database failed (a full disk or I/O error: "
      "the\n"
      "session is INTERRUPTED, `concert resume ID` once there is room; or a "
      "damaged\n"
      "record).\n\n"
      "Environment: every option marked Env in a command's help can be set by\n"
      "the variable it names instead, as a container is configured:\n"
      "CONCERT_COORDINATOR, CONCERT_SCENARIO and CONCERT_DB, read by every\n"
      "command that has the flag, and CONCERT_TLS_CERT, CONCERT_TLS_KEY and\n"
      "CONCERT_TLS_CA (mutual TLS; scripts/dev-ca issues them) by every\n"
      "command that dials a server. A flag on the command line wins over its\n"
      "variable. None of these options is repeatable, so no variable holds a\n"
      "list.\n\n"
      "Run `concert COMMAND --help` for each command.");

  concert::cli::CommandSet commands;
  concert::cli::AddRunCommand(app, commands);
  concert::cli::AddExploreCommand(app, commands);
  concert::cli::AddCompareCommand(app, commands);
  concert::cli::AddCheckCommand(app, commands);
  concert::cli::AddPartiesCommand(app, commands);
  concert::cli::AddHealthCommand(app, commands);
  concert::cli::AddRecordsCommand(app, commands);
  concert::cli::AddResumeCommand(app, commands);
  concert::cli::AddConformanceCommand(app, commands);
  concert::cli::AddProfileCommand(app, commands);
  concert::cli::AddClientTlsFlags(app);
  concert::cli::ReadEnvironmentForChosenCommandOnly(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return concert::ReportUsageError(app, e, "concert", argc, argv);
  }
  if (absl::Status s = concert::cli::ApplyClientTlsFlags(); !s.ok()) {
    std::fprintf(stderr, "concert: %s\n", std::string(s.message()).c_str());
    return concert::kUsageExitCode;
  }
  return commands.RunChosen();
}
