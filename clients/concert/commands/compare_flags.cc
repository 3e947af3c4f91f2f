// The flags and help of `concert compare` and `concert compare merge`.
#include <unistd.h>

#include <cstdio>
#include <limits>
#include <memory>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "services/common/limits.h"
#include "services/common/number_flags.h"

namespace concert::cli {
namespace {

constexpr char kFooter[] =
    R"(Each draft is explored under each variant and decision rule; every party
answers all of a draft's admissible questions once, and every rule, what-if,
robustness sample and concession try is decided from those answers.

Robustness: with --samples N each party perturbs its own model N times,
from --seed: the same seed gives the same study on any machine. --spread
sizes the perturbation by component:
  --spread ideal=1,salience=0.2,threshold=0.5,condition=0.5
moves ideal points by up to 1 unit, saliences by up to 20%, support and
objection thresholds by up to 0.5 and the values of rule conditions (a red
line's "normalization >= 3") by up to 0.5; a component not named stays as
it is. One number (--spread 0.5) sizes ideal points, saliences and
thresholds alike and leaves rule conditions as written. The table gives
the share of perturbed forums in which the full charter stays reachable,
with its 95% Wilson interval, and per party how often its perturbation
alone flips the outcome.
A study runs in shards (--shard I/N, JSON output each) merged exactly by
`concert compare merge`.

What-ifs (extra rows beside the unmodified ones):
  --without RUS:rus_stake_before_institution     lift a red line
  --tolerate DPRK:verif_mechanism                concede one proposal
  --set DPRK.normalization.ideal=4               move an ideal point
  --set CHN.objection_threshold=2                move a threshold
  --what-if "without RUS:x; set USA.y.salience=1" one named what-if per flag

Examples:
  concert compare scenarios/drafts/*.textproto
  concert compare scenarios/drafts/paper-sequence.textproto \
      scenarios/drafts/arf-three-stage.textproto --samples 200 \
      --spread ideal=1,salience=0.2,threshold=0.5,condition=0.5 \
      --concessions --format html --out report.html
  concert compare scenarios/drafts/*.textproto --samples 1000 --shard 2/4 \
      --format json --out shard-2.json
  concert compare merge shard-*.json --format text
Exit codes: 0 compared, 2 bad input, 4 a party or the coordinator
unavailable, 5 over the budget, 7 the comparison could not be recorded (a
full disk, an I/O error); with --replay, 6 the rerun differs.)";

}  // namespace

void AddCompareCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<CompareFlags>();
  auto no_color = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "compare",
      "compare charter drafts side by side: which can every party accept, in "
      "which order, how robustly, and what would unlock the others");
  command->add_option("drafts", flags->drafts,
                      "charter draft files (.textproto); the first is the "
                      "reference of the structural diff");
  AddForumFlags(command, &flags->forum, /*with_variant=*/false);
  command
      ->add_option("--variants", flags->variants,
                   "all, or variant names separated by commas (baseline for "
                   "the baseline)")
      ->capture_default_str();
  command->add_option("--rules", flags->rules,
                      "decision rules separated by commas: consensus, "
                      "unanimity, consensus-minus-one, consensus-minus-two, "
                      "qualified-majority "
                      "(default: the scenario's)");
  AddRuleFlags(command, &flags->rule);
  command
      ->add_option("--samples", flags->samples,
                   "perturbed forums per draft and variant for the "
                   "robustness study (default 0: none)")
      ->check(WholeNumber(0, std::numeric_limits<std::uint64_t>::max()));
  command
      ->add_option("--spread", flags->spread,
                   "size of the perturbation: NAME=SIZE separated by "
                   "commas for ideal, salience (0.2: +-20%), threshold and "
                   "condition (a component not named stays as it is), or "
                   "one number for ideal, salience and threshold")
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "seed of the study")
      ->check(WholeNumber(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  command->add_option("--shard", flags->shard,
                      "run shard I of N of the samples, e.g. 2/8");
  command->add_option("--without", flags->what_if.without,
                      "what-if: PARTY:RULE lifted (repeatable)");
  command->add_option("--tolerate", flags->what_if.tolerate,
                      "what-if: PARTY:PROPOSAL conceded (repeatable)");
  command->add_option("--set", flags->what_if.set,
                      "what-if: PARTY.DIMENSION.ideal|salience=V or "
                      "PARTY.support_threshold|objection_threshold=V "
                      "(repeatable)");
  command->add_option("--what-if", flags->what_if.specs,
                      "one named what-if: items separated by ';' "
                      "(repeatable)");
  command->add_flag("--concessions", flags->concessions,
                    "search the smallest concession that unlocks each "
                    "out-of-reach full charter");
  command
      ->add_option("--concession-size", flags->concession_size,
                   "largest concession tried exhaustively (default 3)")
      ->check(WholeNumber(1, kMaxProposals));
  command
      ->add_option("--concession-budget", flags->concession_budget,
                   "concession sets tried per search (default 2000)")
      ->check(WholeNumber(1, std::numeric_limits<std::uint32_t>::max()));
  command
      ->add_option("--format", flags->format,
                   "text, json, markdown, csv or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "csv", "html"}))
      ->capture_default_str();
  command->add_option("--out", flags->out,
                      "write the report to FILE (default: stdout)");
  command->add_flag("--progress", flags->progress,
                    "show progress on stderr even when it is not a terminal");
  command->add_flag("--no-color", *no_color, "plain text even on a terminal");
  AddReplayOption(command, &flags->replay);
  command->footer(kFooter);

  auto merge_files = std::make_shared<std::vector<std::string>>();
  auto merge_format = std::make_shared<std::string>("text");
  auto merge_out = std::make_shared<std::string>();
  CLI::App* merge = command->add_subcommand(
      "merge", "combine the shards of one robustness study (JSON files)");
  merge->add_option("files", *merge_files, "shard results (--format json)")
      ->required();
  merge
      ->add_option("--format", *merge_format,
                   "text, json, markdown, csv or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "csv", "html"}))
      ->capture_default_str();
  merge->add_option("--out", *merge_out,
                    "write the merged study to FILE (default: stdout)");
  commands.Add(merge, [merge_files, merge_format, merge_out] {
    return CompareMergeCommand(*merge_files, *merge_format, *merge_out);
  });

  commands.Add(command, [flags, no_color, merge] {
    if (merge->parsed()) return kExitUsage;  // handled by the merge entry
    if (flags->drafts.empty() && flags->replay.empty()) {
      std::fputs(
          "concert compare: give one or more DRAFT files, or --replay ID (see "
          "concert compare --help)\n",
          stderr);
      return kExitUsage;
    }
    flags->color = ColorWanted(*no_color);
    flags->progress = flags->progress || isatty(STDERR_FILENO);
    return CompareCommand(*flags);
  });
}

}  // namespace concert::cli
