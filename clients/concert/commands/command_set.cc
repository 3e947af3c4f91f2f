#include "clients/concert/commands/command_set.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "clients/concert/commands/exit_codes.h"
#include "services/common/number_flags.h"
#include "services/common/variant_name.h"

namespace concert::cli {

int CommandSet::RunChosen() const {
  for (const auto& [command, run] : commands_) {
    if (command->parsed()) return run();
  }
  return kExitUsage;
}

namespace {

void AddDbFlag(CLI::App* command, ForumFlags* flags) {
  // CONCERT_DB reaches DefaultDatabasePath through the flag; its own reading
  // of CONCERT_DB gives the same answer, for callers without a command line.
  command
      ->add_option("--db", flags->db,
                   "record database of the embedded forum (default: "
                   "$XDG_DATA_HOME/concert/concert.db, else "
                   "~/.local/share/concert/concert.db)")
      ->envname(kDbEnv);
}

}  // namespace

void ReadEnvironmentForChosenCommandOnly(CLI::App& app) {
  for (CLI::App* sub :
       app.get_subcommands([](const CLI::App*) { return true; })) {
    // A subcommand with a parse-complete callback reads its variables when
    // it is parsed, and CLI11 leaves it out of the application-wide pass.
    sub->parse_complete_callback([] {});
    ReadEnvironmentForChosenCommandOnly(*sub);
  }
}

void AddForumFlags(CLI::App* command, ForumFlags* flags, bool with_variant) {
  command
      ->add_option("--coordinator", flags->coordinator,
                   "address of a running concert-coordinator; without it an "
                   "embedded forum is started (each party and the "
                   "coordinator as real gRPC servers on loopback ports)")
      ->envname(kCoordinatorEnv);
  command
      ->add_option("--scenario", flags->scenario,
                   "scenario file (default: the built-in six-party scenario)")
      ->envname(kScenarioEnv);
  if (with_variant) {
    // "baseline", the name every report gives the scenario without a
    // variant, is sent as the empty name requests and records carry.
    command
        ->add_option("--variant", flags->variant,
                     "scenario variant, e.g. conservation, transformation, "
                     "five-party (baseline, the default: none)")
        ->transform(
            [](const std::string& name) { return CanonicalVariant(name); }, "",
            "");
  }
  AddDbFlag(command, flags);
}

void AddRuleFlags(CLI::App* command, RuleFlags* flags) {
  command
      ->add_option("--rule", flags->rule,
                   "decision rule (default: the scenario's)")
      ->check(CLI::IsMember({"consensus", "unanimity", "consensus-minus-one",
                             "consensus-minus-two", "qualified-majority"}));
  command
      ->add_option(
          "--threshold", flags->threshold,
          "support share needed under qualified-majority (default 2/3)")
      ->check(FiniteNumber(0, 1, /*min_excluded=*/true));
  command->add_option("--absent", flags->absent, "how an absent party counts")
      ->check(CLI::IsMember({"blocks", "abstains"}));
}

void AddRecordSourceFlags(CLI::App* command, ForumFlags* flags) {
  command
      ->add_option("--coordinator", flags->coordinator,
                   "address of a running concert-coordinator whose records "
                   "to read; without it an embedded forum opens the local "
                   "record database")
      ->envname(kCoordinatorEnv);
  AddDbFlag(command, flags);
}

void AddReplayOption(CLI::App* command, std::string* replay) {
  CLI::Option* option = command->add_option(
      "--replay", *replay,
      "rerun record ID (see `concert records list`) with its exact scenario, "
      "draft, "
      "variant and rule, and say whether the outcome matches the record");
  for (const char* name :
       {"draft", "--scenario", "--variant", "--rule", "--threshold", "--absent",
        "--strategy", "--samples", "--seed"}) {
    if (CLI::Option* other = command->get_option_no_throw(name))
      option->excludes(other);
  }
}

bool ColorWanted(bool no_color) {
  return !no_color && isatty(STDOUT_FILENO) &&
         std::getenv("NO_COLOR") == nullptr;
}

}  // namespace concert::cli
