// How the commands of `concert` join the command line: each command's file
// adds its subcommand to the CLI11 app — its flags, help, examples and exit
// codes — and hands the CommandSet the action to run when it is chosen.
// main.cc only builds the app, asks every command to add itself, parses, and
// runs the chosen one.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_COMMAND_SET_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_COMMAND_SET_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/concert/commands/commands.h"

namespace concert::cli {

class CommandSet {
 public:
  // `run` is called (once parsing succeeded) when `command` was chosen on
  // the command line; it returns the process's exit code.
  void Add(CLI::App* command, std::function<int()> run) {
    commands_.emplace_back(command, std::move(run));
  }
  // The exit code of the chosen command; kExitUsage when none was chosen.
  int RunChosen() const;

 private:
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands_;
};

// The environment variables of the shared flags (CLI11's envname: a flag on
// the command line wins over its variable). Every command with the flag
// reads the same one, so a container sets each once.
inline constexpr char kCoordinatorEnv[] = "CONCERT_COORDINATOR";
inline constexpr char kScenarioEnv[] = "CONCERT_SCENARIO";
inline constexpr char kDbEnv[] = "CONCERT_DB";

// CLI11 reads the environment into every subcommand's options, chosen or
// not; the record subcommands share one ForumFlags, so an unchosen one's
// CONCERT_COORDINATOR would overwrite the chosen one's --coordinator. After
// this (call it once all commands are added) only the subcommands on the
// command line read their variables.
void ReadEnvironmentForChosenCommandOnly(CLI::App& app);

// --coordinator, --scenario, --variant, --db: where a command's forum is
// (without --variant for a command that names its variants otherwise).
void AddForumFlags(CLI::App* command, ForumFlags* flags,
                   bool with_variant = true);
// --rule, --threshold, --absent: a decision-rule override.
void AddRuleFlags(CLI::App* command, RuleFlags* flags);
// --coordinator and --db: how the record commands reach a record.
void AddRecordSourceFlags(CLI::App* command, ForumFlags* flags);
// --replay ID on `run` and `explore`: the record decides the draft, the
// scenario, the variant and the rule (and the exploration's strategy and
// sampling), so those may not be given with it. Call after adding them.
void AddReplayOption(CLI::App* command, std::string* replay);

// Whether to colour output on stdout: a terminal, no --no-color and no
// NO_COLOR in the environment.
bool ColorWanted(bool no_color);

// Every command of `concert`, each defined in its own file.
void AddRunCommand(CLI::App& app, CommandSet& commands);
void AddExploreCommand(CLI::App& app, CommandSet& commands);
void AddCheckCommand(CLI::App& app, CommandSet& commands);
void AddPartiesCommand(CLI::App& app, CommandSet& commands);
void AddHealthCommand(CLI::App& app, CommandSet& commands);
void AddRecordsCommand(CLI::App& app, CommandSet& commands);
void AddResumeCommand(CLI::App& app, CommandSet& commands);
void AddConformanceCommand(CLI::App& app, CommandSet& commands);
void AddProfileCommand(CLI::App& app, CommandSet& commands);
void AddCompareCommand(CLI::App& app, CommandSet& commands);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_COMMAND_SET_H_
