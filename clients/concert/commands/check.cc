// `concert check FILE...`: every problem of every file — scenarios, drafts
// and party profiles — at once.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/transcript.h"
#include "services/common/file_check.h"

namespace concert::cli {

int CheckCommand(const std::vector<std::string>& files,
                 const std::string& scenario) {
  std::vector<std::string> paths = files;
  // Drafts and profiles are checked against the scenario given with
  // --scenario, or the shipped six-party scenario when run from the
  // repository.
  std::string fallback = "scenarios/six-party.textproto";
  if (!scenario.empty()) {
    paths.push_back(scenario);
    fallback.clear();
  } else if (!std::filesystem::exists(fallback)) {
    fallback.clear();
  }
  const CheckReport report = CheckFiles(paths, fallback);
  // One problem a line, "file:line:column: message", as editors and grep
  // read it: wrapped only for a width something states (a terminal,
  // $COLUMNS), never in a pipe.
  std::string text = FormatCheckReport(report);
  if (const std::optional<int> width = KnownOutputWidth()) {
    text = WrapLongLines(text, *width);
  }
  std::fputs(text.c_str(), stdout);
  std::fputs("\n", stdout);
  return report.ok() ? 0 : kExitUsage;
}

void AddCheckCommand(CLI::App& app, CommandSet& commands) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto scenario = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "check",
      "validate scenario, draft and profile files, printing every problem at "
      "once");
  command
      ->add_option("files", *files,
                   "scenario, draft and party profile files, in any mix")
      ->required();
  command->add_option(
      "--scenario", *scenario,
      "scenario to cross-check drafts and profiles against (default: one "
      "among FILES, else scenarios/six-party.textproto if present)");
  command->footer(
      "Each file is read as the kind its header names, else as the one kind "
      "its\n"
      "content parses as:\n"
      "  # proto-message: concert.v1.Scenario      a scenario\n"
      "  # proto-message: concert.v1.CharterDraft  a charter draft\n"
      "  # proto-message: concert.v1.PartySpec     a party profile (one "
      "party, as\n"
      "                                            `concert profile export` "
      "writes it)\n"
      "A profile is checked against the scenario too (its dimensions, "
      "variants and\n"
      "party id); without one it is checked on its own, and a note says "
      "so.\n"
      "Example:\n"
      "  concert check scenarios/drafts/*.textproto "
      "docker/k8s/base/profiles/*.textproto\n"
      "Exit codes: 0 no problems, 2 problems found.");
  commands.Add(command,
               [files, scenario] { return CheckCommand(*files, *scenario); });
}

}  // namespace concert::cli
