// concert: the command-line client of a concert forum.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/concert/commands/commands.h"

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
  command->add_option("--db", flags->db,
                      "record database of the embedded forum (default: $CONCERT_DB, else "
                      "$XDG_DATA_HOME/concert/concert.db, else ~/.local/share/concert/concert.db)");
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

// --coordinator and --db: all the record commands need to reach a record.
void AddRecordSourceFlags(CLI::App* command, concert::cli::ForumFlags* flags) {
  command->add_option("--coordinator", flags->coordinator,
                      "address of a running concert-coordinator whose records to read; "
                      "without it an embedded forum opens the local record database");
  command->add_option("--db", flags->db,
                      "record database of the embedded forum (default: $CONCERT_DB, else "
                      "$XDG_DATA_HOME/concert/concert.db, else ~/.local/share/concert/concert.db)");
}

// --replay ID on `run` and `explore`: the record decides the draft, the
// scenario, the variant and the rule (and the exploration's strategy and
// sampling), so those may not be given with it. Call after adding them.
void AddReplayOption(CLI::App* command, std::string* replay) {
  CLI::Option* option = command->add_option(
      "--replay", *replay,
      "rerun record ID (see `concert records list`) with its exact scenario, draft, "
      "variant and rule, and say whether the outcome matches the record");
  for (const char* name : {"draft", "--scenario", "--variant", "--rule", "--threshold",
                           "--absent", "--strategy", "--samples", "--seed"}) {
    if (CLI::Option* other = command->get_option_no_throw(name)) option->excludes(other);
  }
}

// `concert records` and its subcommands, sharing one set of flags (only one
// subcommand runs).
struct RecordsCli {
  concert::cli::RecordsFlags flags;
  bool no_color = false;
  CLI::App* command = nullptr;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* export_json = nullptr;
  CLI::App* sequences = nullptr;
  CLI::App* check = nullptr;
};

void AddRecordsCommands(CLI::App* app, RecordsCli* cli) {
  concert::cli::RecordsFlags* flags = &cli->flags;
  CLI::App* records = cli->command = app->add_subcommand(
      "records", "read what the forum recorded: every session and exploration, reproducible");
  records->require_subcommand(1);
  records->footer(
      "The coordinator records each session (rounds and votes as they happen) and\n"
      "each exploration (result and consensus graph) with the exact scenario and draft.\n"
      "Without --coordinator, the embedded forum's database is read (--db, $CONCERT_DB,\n"
      "else ~/.local/share/concert/concert.db).\n\n"
      "Examples:\n"
      "  concert records list --kind exploration --limit 5\n"
      "  concert records show session-20261127-230726-abef00\n"
      "  concert records export exploration-20261127-231502-0c1d2e > arf.json\n"
      "  concert records sequences exploration-20261127-231502-0c1d2e --limit 3\n"
      "  concert records check exploration-20261127-231502-0c1d2e consult_channel,...,secretariat\n"
      "  concert run --replay session-20261127-230726-abef00\n"
      "Exit codes: 0 success, 2 no record ID or bad input, 3 no consensus (sequences,\n"
      "check), 4 the coordinator unavailable.");

  cli->list = records->add_subcommand("list", "list records, newest first");
  cli->list->add_option("--kind", flags->kind, "only sessions or only explorations")
      ->check(CLI::IsMember({"session", "exploration"}));
  cli->list->add_option("--limit", flags->limit, "at most N records (0: all)")
      ->capture_default_str();
  AddRecordSourceFlags(cli->list, &flags->forum);
  cli->list->footer(
      "Columns: ID, KIND, CREATED (UTC), STATUS, DRAFT, VARIANT, OUTCOME.\n"
      "Example:\n  concert records list --kind session --limit 10\n"
      "Exit codes: 0 listed, 4 the coordinator unavailable.");

  cli->show = records->add_subcommand("show", "print one record: its header, then the "
                                              "session's transcript or the exploration's report");
  cli->show->add_option("id", flags->id, "record id")->required();
  cli->show->add_option("--format", flags->format, "text, or the Record as protobuf JSON")
      ->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cli->show->add_flag("--no-color", cli->no_color, "plain text even on a terminal");
  AddRecordSourceFlags(cli->show, &flags->forum);
  cli->show->footer(
      "The header names the status, times (UTC), scenario and draft with the first\n"
      "digits of their SHA-256, variant, rule and the coordinator's version; rounds\n"
      "whose votes were recorded but not their outcome are listed at the end.\n"
      "Example:\n  concert records show session-20261127-230726-abef00\n"
      "Exit codes: 0 shown, 2 no record ID, 4 the coordinator unavailable.");

  cli->export_json = records->add_subcommand(
      "export", "write the whole record as protobuf JSON (with an exploration's graph)");
  cli->export_json->add_option("id", flags->id, "record id")->required();
  AddRecordSourceFlags(cli->export_json, &flags->forum);
  cli->export_json->footer(
      "The JSON is a concert.v1.Record in protobuf's JSON mapping: any protobuf\n"
      "library reads it back.\n"
      "Example:\n  concert records export exploration-20261127-231502-0c1d2e > record.json\n"
      "Exit codes: 0 written, 2 no record ID, 4 the coordinator unavailable.");

  cli->sequences = records->add_subcommand(
      "sequences", "list an exploration's best consensus sequences, from its stored graph");
  cli->sequences->add_option("id", flags->id, "exploration record id")->required();
  cli->sequences->add_option("--limit", flags->sequence_limit, "how many sequences, best first")
      ->capture_default_str();
  AddRecordSourceFlags(cli->sequences, &flags->forum);
  cli->sequences->footer(
      "Best means the most SUPPORT votes along the order; ties go to draft order.\n"
      "No party is asked: the answer comes from the recorded consensus graph.\n"
      "Example:\n  concert records sequences exploration-20261127-231502-0c1d2e --limit 5\n"
      "Exit codes: 0 listed, 3 no order adopts the whole draft, 2 no record ID or not\n"
      "an exploration with a graph, 4 the coordinator unavailable.");

  cli->check = records->add_subcommand(
      "check", "tell whether an order of adoption reaches consensus, per an exploration record");
  cli->check->add_option("id", flags->id, "exploration record id")->required();
  cli->check->add_option("order", flags->order,
                         "every proposal id of the draft once, comma-separated, in order "
                         "of adoption")->required();
  AddRecordSourceFlags(cli->check, &flags->forum);
  cli->check->footer(
      "No party is asked: each step is looked up in the recorded consensus graph.\n"
      "When the order fails, the step, its proposal and the parties the record names\n"
      "as objecting to it are printed (or what the step waits on, if it could not be\n"
      "tabled yet).\n"
      "Example:\n  concert records check exploration-20261127-231502-0c1d2e "
      "consult_channel,hotline,verif_mechanism\n"
      "Exit codes: 0 consensus, 3 no consensus, 2 not a permutation of the draft's\n"
      "proposals or no record ID, 4 the coordinator unavailable.");
}

int RunRecordsCommand(RecordsCli* cli) {
  cli->flags.color =
      !cli->no_color && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  if (*cli->list) return concert::cli::RecordsListCommand(cli->flags);
  if (*cli->show) return concert::cli::RecordsShowCommand(cli->flags);
  if (*cli->export_json) return concert::cli::RecordsExportCommand(cli->flags);
  if (*cli->sequences) return concert::cli::RecordsSequencesCommand(cli->flags);
  if (*cli->check) return concert::cli::RecordsCheckCommand(cli->flags);
  return 2;
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
      "5 an exploration over its budget, 6 a replay (--replay ID) that differs from\n"
      "its record.\n"
      "Run `concert COMMAND --help` for each command.");

  concert::cli::RunFlags run;
  auto* run_cmd = app.add_subcommand("run", "hold one session of the forum on a charter draft");
  run_cmd->add_option("draft", run.draft, "charter draft file (.textproto); or --replay ID");
  AddForumFlags(run_cmd, &run.forum);
  AddRuleFlags(run_cmd, &run.rule);
  run_cmd->add_option("--format", run.format, "text transcript or JSON session")
      ->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  bool no_color = false;
  run_cmd->add_flag("--no-color", no_color, "plain text even on a terminal");
  run_cmd->footer(
      "Example:\n  concert run scenarios/drafts/paper-sequence.textproto --variant transformation\n"
      "  concert run --replay session-20261127-230726-abef00   # same outcome, same order?\n"
      "Exit codes: 0 consensus, 3 deadlock, 4 suspended (a party unreachable), 2 bad input.\n"
      "With --replay: 0 the outcome and adopted order match the record, 6 they differ.");
  AddReplayOption(run_cmd, &run.replay);

  concert::cli::ExploreFlags explore;
  auto* explore_cmd = app.add_subcommand(
      "explore", "analyse every admissible order of a draft: which reach consensus at every step");
  explore_cmd->add_option("draft", explore.draft, "charter draft file (.textproto); or --replay ID");
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
      "  concert explore --replay exploration-20261127-231502-0c1d2e\n"
      "Exit codes: 0 explored, 2 bad input, 4 a party unavailable, 5 over the budget.\n"
      "With --replay: 0 the counts, full-charter reachability and best sequence match\n"
      "the record, 6 they differ.");
  AddReplayOption(explore_cmd, &explore.replay);

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

  RecordsCli records;
  AddRecordsCommands(&app, &records);

  concert::cli::ResumeFlags resume;
  bool resume_no_color = false;
  auto* resume_cmd = app.add_subcommand(
      "resume", "continue a SUSPENDED or INTERRUPTED session from its record");
  resume_cmd->add_option("id", resume.id, "session record id")->required();
  resume_cmd->add_option("--format", resume.format, "text transcript or JSON session")
      ->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  resume_cmd->add_flag("--no-color", resume_no_color, "plain text even on a terminal");
  AddRecordSourceFlags(resume_cmd, &resume.forum);
  resume_cmd->footer(
      "Recorded votes are replayed, never asked again; the remaining rounds are held\n"
      "live. Without --coordinator, an embedded forum seats the session's recorded\n"
      "scenario over the record database (--db). The transcript prints like `concert run`.\n"
      "Example:\n  concert resume session-20261127-230726-abef00\n"
      "Exit codes: 0 consensus, 3 deadlock, 4 suspended again (a party unreachable),\n"
      "2 no record ID or a session that cannot resume.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*run_cmd && run.draft.empty() && run.replay.empty()) {
    std::fputs("concert run: give a DRAFT file, or --replay ID (see concert run --help)\n", stderr);
    return 2;
  }
  if (*explore_cmd && explore.draft.empty() && explore.replay.empty()) {
    std::fputs("concert explore: give a DRAFT file, or --replay ID (see concert explore --help)\n",
               stderr);
    return 2;
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
  if (*records.command) return RunRecordsCommand(&records);
  if (*resume_cmd) {
    resume.color = !resume_no_color && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    return concert::cli::ResumeCommand(resume);
  }
  return 2;
}
