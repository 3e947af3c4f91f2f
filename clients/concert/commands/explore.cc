// `concert explore`: every admissible order of a draft, analysed over the
// forum's parties, as a report, JSON or Markdown, with the consensus graph.
#include <unistd.h>

#include <cstdio>
#include <limits>
#include <memory>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/replay.h"
#include "clients/concert/commands/rule_flags.h"
#include "clients/concert/forum/calls.h"
#include "clients/concert/forum/connection.h"
#include "services/common/names.h"
#include "services/common/number_flags.h"
#include "services/common/valid_files.h"

namespace concert::cli {

int ExploreCommand(const ExploreFlags& flags) {
  if (!flags.replay.empty()) return ReplayExploration(flags);
  const auto fail = [](const absl::Status& s) {
    return ReportFailure("explore", s);
  };
  if (auto s = CheckGraphPath(flags.graph); !s.ok()) return fail(s);
  // The draft is checked against the forum's own scenario: a remote
  // coordinator's, or the embedded forum's.
  auto forum = OpenForum(flags.forum, "explore");
  if (!forum.ok()) return fail(forum.status());
  auto draft = LoadValidDraft(flags.draft, forum->scenario);
  if (!draft.ok()) return fail(draft.status());
  auto rule = RuleFromFlags(forum->scenario, flags.rule.rule,
                            flags.rule.threshold, flags.rule.absent);
  if (!rule.ok()) return fail(rule.status());
  ForumConnection* connection = forum->connection.get();

  v1::ExploreRequest request;
  *request.mutable_draft() = *draft;
  request.set_variant(flags.forum.variant);
  if (flags.rule.any()) *request.mutable_rule() = *rule;
  auto strategy = ParseStrategy(flags.strategy);
  if (!strategy.ok()) return fail(strategy.status());
  request.set_strategy(*strategy);
  request.set_max_states(flags.max_states);
  request.set_max_memory_bytes(flags.max_memory_mib << 20);
  request.set_samples(flags.samples);
  request.set_seed(flags.seed);
  AskForGraph({flags.graph, flags.graph_kind, flags.graph_max_nodes}, &request);

  grpc::ClientContext context;
  auto reader = connection->coordinator().Explore(&context, request);
  auto result = CollectExploration(*reader, flags.progress);
  if (!result.ok()) return fail(result.status());
  if (auto s = ShowExploration(*std::move(result), *draft, OutputOf(flags));
      !s.ok())
    return fail(s);
  return 0;
}

void AddExploreCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<ExploreFlags>();
  auto no_color = std::make_shared<bool>(false);
  CLI::App* command =
      app.add_subcommand("explore",
                         "analyse every admissible order of a draft: which "
                         "reach consensus at every step");
  command->add_option("draft", flags->draft,
                      "charter draft file (.textproto); or --replay ID");
  AddForumFlags(command, &flags->forum);
  AddRuleFlags(command, &flags->rule);
  command->add_option("--format", flags->format, "report format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  command
      ->add_option(
          "--strategy", flags->strategy,
          "lattice (exact, default), enumerate (exact, order by order: the "
          "slow reference) or sample (estimates; the default for parties "
          "whose votes depend on order)")
      ->check(CLI::IsMember({"lattice", "enumerate", "sample"}));
  command->add_option("--graph", flags->graph,
                      "draw the result to FILE.dot, or FILE.svg (needs "
                      "Graphviz): see --graph-kind");
  command
      ->add_option("--graph-kind", flags->graph_kind,
                   "what --graph draws: proposals (one node per proposal, "
                   "arrows for the orders every consensus sequence keeps; "
                   "any draft) or lattice (every reachable set of adopted "
                   "proposals; small drafts)")
      ->check(CLI::IsMember({"proposals", "lattice"}))
      ->capture_default_str();
  command
      ->add_option("--graph-max-nodes", flags->graph_max_nodes,
                   "with --graph-kind lattice: draw the lattice only up "
                   "to this many sets, else the proposal-level graph "
                   "(default 2,000)")
      ->check(WholeNumber(1, std::numeric_limits<std::uint32_t>::max()));
  command
      ->add_option("--samples", flags->samples,
                   "sequences to sample (default 2000)")
      ->check(WholeNumber(1, std::numeric_limits<std::uint64_t>::max()));
  command->add_option("--seed", flags->seed, "seed of the sampler (default 1)")
      ->check(WholeNumber(0, std::numeric_limits<std::uint64_t>::max()));
  command
      ->add_option("--max-states", flags->max_states,
                   "budget of lattice states (default 4,000,000)")
      ->check(WholeNumber(1, std::numeric_limits<std::uint64_t>::max()));
  command
      ->add_option("--max-memory-mib", flags->max_memory_mib,
                   "budget of memory for the lattice (default 1024)")
      ->check(WholeNumber(1, std::uint64_t{1} << 40));
  command->add_flag("--progress", flags->progress,
                    "show progress on stderr even when it is not a terminal");
  command->add_flag("--no-color", *no_color, "plain text even on a terminal");
  command->footer(
      "The lattice strategy walks the adopted sets level by level and asks "
      "every\n"
      "party each (set, proposal) question once, so a draft of N proposals "
      "costs at\n"
      "most 2^N states however many orders (up to N!) it admits. Beyond the "
      "budget\n"
      "it stops and suggests --strategy sample.\n\n"
      "--graph draws one node per proposal, boxed by stage and numbered by "
      "the best\n"
      "sequence, with an arrow for each order every consensus sequence keeps "
      "(dark:\n"
      "the parties impose it; grey dashed: the draft does) and the proposals "
      "left out\n"
      "in red with the parties objecting. --graph-kind lattice draws the sets "
      "instead,\n"
      "up to --graph-max-nodes of them. Graphviz gets 60 s to draw the SVG.\n\n"
      "Example:\n  concert explore scenarios/drafts/arf-three-stage.textproto "
      "--variant "
      "transformation --graph arf.svg\n"
      "  concert explore scenarios/drafts/us-proposal-2004.textproto --graph "
      "lattice.svg --graph-kind lattice\n"
      "  concert explore --replay exploration-20261127-231502-0c1d2e\n"
      "Exit codes: 0 explored, 2 bad input, 4 a party unavailable, 5 over the "
      "budget,\n"
      "7 the exploration could not be recorded (a full disk, an I/O error).\n"
      "With --replay: 0 the counts, full-charter reachability and best "
      "sequence match\n"
      "the record, 6 they differ.");
  AddReplayOption(command, &flags->replay);
  commands.Add(command, [flags, no_color] {
    if (flags->draft.empty() && flags->replay.empty()) {
      std::fputs(
          "concert explore: give a DRAFT file, or --replay ID (see concert "
          "explore --help)\n",
          stderr);
      return kExitUsage;
    }
    flags->color = ColorWanted(*no_color);
    flags->progress = flags->progress || isatty(STDERR_FILENO);
    return ExploreCommand(*flags);
  });
}

}  // namespace concert::cli
