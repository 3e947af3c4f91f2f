// concert: the command-line client of a concert forum.
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/concert/commands.h"

namespace {

void AddForumFlags(CLI::App* command, concert::cli::ForumFlags* flags) {
  command->add_option("--coordinator", flags->coordinator,
                      "address of a running concert-coordinator; without it an "
                      "embedded forum is started (each party and the coordinator "
                      "as real gRPC servers on loopback ports)");
  command->add_option("--scenario", flags->scenario,
                      "scenario file (default: the built-in six-party scenario)");
  command->add_option("--variant", flags->variant,
                      "scenario variant, e.g. conservation, transformation, five-party");
}

void AddRuleFlags(CLI::App* command, concert::cli::RuleFlags* flags) {
  command->add_option("--rule", flags->rule, "decision rule (default: the scenario's)")
      ->check(CLI::IsMember({"consensus", "unanimity", "consensus-minus-one",
                             "qualified-majority"}));
  command->add_option("--threshold", flags->threshold,
                      "support share needed under qualified-majority (default 2/3)");
  command->add_option("--absent", flags->absent, "how an absent party counts")
      ->check(CLI::IsMember({"blocks", "abstains"}));
}

}  // namespace

int main(int argc, char** argv) {
  // Service start/stop lines of the embedded forum are noise in a transcript;
  // CONCERT_LOG=info brings them back.
  setenv("CONCERT_LOG", "warn", /*overwrite=*/0);

  CLI::App app{
      "concert — design a multilateral security forum, one charter stage at a time.\n\n"
      "A scenario names the parties and their interests; a charter draft lists\n"
      "staged proposals. `concert run` holds a session: every party runs as its\n"
      "own gRPC service and votes on each proposal the chair tables.\n"};
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success (consensus), 1 internal error, 2 bad input or usage,\n"
      "3 deadlock, 4 a party or the coordinator unavailable (session suspended),\n"
      "5 an exploration over its budget.\n"
      "Run `concert COMMAND --help` for each command.");

  concert::cli::RunFlags run;
  auto* run_cmd = app.add_subcommand("run", "hold one session of the forum on a charter draft");
  run_cmd->add_option("draft", run.draft, "charter draft file (.textproto)")->required();
  AddForumFlags(run_cmd, &run.forum);
  AddRuleFlags(run_cmd, &run.rule);
  run_cmd->add_option("--format", run.format, "text transcript or JSON session")
      ->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  bool no_color = false;
  run_cmd->add_flag("--no-color", no_color, "plain text even on a terminal");
  run_cmd->footer(
      "Example:\n  concert run scenarios/drafts/paper-sequence.textproto --variant transformation\n"
      "Exit codes: 0 consensus, 3 deadlock, 4 suspended (a party unreachable), 2 bad input.");

  concert::cli::ExploreFlags explore;
  auto* explore_cmd = app.add_subcommand(
      "explore", "analyse every admissible order of a draft: which reach consensus at every step");
  explore_cmd->add_option("draft", explore.draft, "charter draft file (.textproto)")->required();
  AddForumFlags(explore_cmd, &explore.forum);
  AddRuleFlags(explore_cmd, &explore.rule);
  explore_cmd->add_option("--format", explore.format, "report format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))->capture_default_str();
  explore_cmd->add_option("--strategy", explore.strategy,
                          "lattice (exact, default), enumerate (exact, order by order: the "
                          "slow reference) or sample (estimates; the default for parties "
                          "whose votes depend on order)")
      ->check(CLI::IsMember({"lattice", "enumerate", "sample"}));
  explore_cmd->add_option("--graph", explore.graph,
                          "write the consensus graph to FILE.dot, or FILE.svg (needs Graphviz)");
  explore_cmd->add_option("--samples", explore.samples, "sequences to sample (default 2000)");
  explore_cmd->add_option("--seed", explore.seed, "seed of the sampler (default 1)");
  explore_cmd->add_option("--max-states", explore.max_states,
                          "budget of lattice states (default 4,000,000)");
  explore_cmd->add_option("--max-memory-mib", explore.max_memory_mib,
                          "budget of memory for the lattice (default 1024)");
  explore_cmd->add_flag("--progress", explore.progress,
                        "show progress on stderr even when it is not a terminal");
  bool explore_no_color = false;
  explore_cmd->add_flag("--no-color", explore_no_color, "plain text even on a terminal");
  explore_cmd->footer(
      "The lattice strategy walks the adopted sets level by level and asks every\n"
      "party each (set, proposal) question once, so a draft of N proposals costs at\n"
      "most 2^N states however many orders (up to N!) it admits. Beyond the budget\n"
      "it stops and suggests --strategy sample.\n\n"
      "Example:\n  concert explore scenarios/drafts/arf-three-stage.textproto --variant transformation "
      "--graph arf.svg\n"
      "Exit codes: 0 explored, 2 bad input, 4 a party unavailable, 5 over the budget.");

  std::vector<std::string> check_files;
  std::string check_scenario;
  auto* check_cmd = app.add_subcommand(
      "check", "validate scenario and draft files, printing every problem at once");
  check_cmd->add_option("files", check_files, "scenario and draft files")->required();
  check_cmd->add_option("--scenario", check_scenario,
                        "scenario to cross-check drafts against (default: one among "
                        "FILES, else scenarios/six-party.textproto if present)");
  check_cmd->footer("Exit codes: 0 no problems, 2 problems found.");

  concert::cli::ForumFlags parties;
  auto* parties_cmd = app.add_subcommand("parties", "list the forum's parties and whether they answer");
  AddForumFlags(parties_cmd, &parties);

  std::string health_address, health_service;
  int health_timeout_ms = 2000;
  auto* health_cmd = app.add_subcommand(
      "health", "ask a server's gRPC health service; exit 0 only when SERVING");
  health_cmd->add_option("address", health_address, "host:port of any concert server")->required();
  health_cmd->add_option("--service", health_service, "service name (default: the whole server)");
  health_cmd->add_option("--timeout-ms", health_timeout_ms, "deadline")->capture_default_str();
  health_cmd->footer("Exit codes: 0 SERVING, 4 not serving or unreachable.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*run_cmd) {
    run.color = !no_color && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    return concert::cli::RunCommand(run);
  }
  if (*explore_cmd) {
    explore.color = !explore_no_color && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    explore.progress = explore.progress || isatty(STDERR_FILENO);
    return concert::cli::ExploreCommand(explore);
  }
  if (*check_cmd) return concert::cli::CheckCommand(check_files, check_scenario);
  if (*parties_cmd) return concert::cli::PartiesCommand(parties);
  if (*health_cmd) {
    return concert::cli::HealthCommand(health_address, health_service, health_timeout_ms);
  }
  return 2;
}
