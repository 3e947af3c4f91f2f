// `concert explore`: every admissible order of a draft, analysed over the
// forum's parties, as a report, JSON or Markdown, with the consensus graph.
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/forum/calls.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/commands/replay.h"
#include "clients/concert/commands/rule_flags.h"
#include "services/common/valid_files.h"

namespace concert::cli {

int ExploreCommand(const ExploreFlags& flags) {
  if (!flags.replay.empty()) return ReplayExploration(flags);
  const auto fail = [](const absl::Status& s) { return ReportFailure("explore", s); };
  if (auto s = CheckGraphPath(flags.graph); !s.ok()) return fail(s);
  auto scenario = LoadScenarioOrDefault(flags.forum.scenario);
  if (!scenario.ok()) return fail(scenario.status());
  auto draft = LoadValidDraft(flags.draft, *scenario);
  if (!draft.ok()) return fail(draft.status());
  auto rule = RuleFromFlags(*scenario, flags.rule.rule, flags.rule.threshold, flags.rule.absent);
  if (!rule.ok()) return fail(rule.status());
  auto connection = ForumConnection::Open(flags.forum.coordinator, *scenario, flags.forum.db);
  if (!connection.ok()) return fail(connection.status());

  v1::ExploreRequest request;
  *request.mutable_draft() = *draft;
  request.set_variant(flags.forum.variant);
  if (flags.rule.any()) *request.mutable_rule() = *rule;
  request.set_strategy(StrategyFromFlag(flags.strategy));
  request.set_max_states(flags.max_states);
  request.set_max_memory_bytes(flags.max_memory_mib << 20);
  request.set_samples(flags.samples);
  request.set_seed(flags.seed);
  request.set_include_graph(!flags.graph.empty());

  grpc::ClientContext context;
  auto reader = (*connection)->coordinator().Explore(&context, request);
  auto result = CollectExploration(*reader, flags.progress);
  if (!result.ok()) return fail(result.status());
  if (auto s = ShowExploration(*std::move(result), *draft, OutputOf(flags)); !s.ok()) return fail(s);
  return 0;
}

}  // namespace concert::cli
