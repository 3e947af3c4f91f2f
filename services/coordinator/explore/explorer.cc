#include "services/coordinator/explore/explorer.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/draft_index.h"
#include "services/common/prerequisite_graph.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/explore/context.h"
#include "services/coordinator/explore/enumerate.h"
#include "services/coordinator/explore/lattice.h"
#include "services/coordinator/explore/prefetch_vote_source.h"
#include "services/coordinator/explore/sampler.h"
#include "services/coordinator/explore/sequence_count.h"

namespace concert::coordinator {

absl::StatusOr<v1::Exploration> Explore(const ExploreInput& input,
                                        const ExploreOptions& options,
                                        VoteSource& source,
                                        const ProgressFn& progress) {
  if (input.scenario == nullptr || input.draft == nullptr) {
    return absl::InvalidArgumentError(
        "exploration needs a scenario and a draft");
  }
  const v1::Scenario& scenario = *input.scenario;
  const v1::CharterDraft& draft = *input.draft;
  auto index = DraftIndex::Build(draft);
  if (!index.ok()) return index.status();
  // A cycle leaves no order at all; say which, rather than count zero.
  const std::vector<std::string> cycle = PrerequisiteGraph(draft).FindCycle();
  if (!cycle.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("draft '", draft.id(), "' has a prerequisite cycle ",
                     FormatCycle(cycle), ": no order can adopt it"));
  }
  absl::StatusOr<ForumContext> forum =
      ResolveForum(scenario, draft, input.variant, input.rule);
  if (!forum.ok()) return forum.status();
  absl::Status status = CheckSourceParties(scenario, source);
  if (!status.ok()) return status;
  const int parties = scenario.parties_size();
  const std::uint64_t present = forum->present;

  TableContext table;
  table.draft = &draft;
  table.variant = input.variant;
  table.initial_state.assign(scenario.initial_state().begin(),
                             scenario.initial_state().end());
  // Tabled through the ask-ahead decorator, which the lattice walk asks
  // (other strategies ask `source` directly: sampling asks by order, and
  // enumeration is the reference).
  PrefetchingVoteSource ahead(source, options.ask_ahead_max_questions,
                              options.ask_ahead_overlap_min_questions);
  status = ahead.Table(table);
  if (!status.ok()) {
    return absl::Status(
        status.code(),
        absl::StrCat("tabling draft '", draft.id(), "': ", status.message()));
  }

  // A party that left its memory unset is read as HISTORY (the cautious
  // reading), and named in the result so that the reader knows why the
  // exploration sampled.
  std::uint64_t history_parties = 0;
  std::vector<std::string> history_ids;
  std::vector<std::string> unset_ids;
  for (int i = 0; i < parties; ++i) {
    if (((present >> i) & 1u) == 0) continue;
    const v1::Memory memory = source.party_memory(i);
    if (memory == v1::MEMORY_SET) continue;
    history_parties |= std::uint64_t{1} << i;
    history_ids.push_back(source.party_id(i));
    if (memory != v1::MEMORY_HISTORY) unset_ids.push_back(source.party_id(i));
  }
  const bool history = history_parties != 0;
  v1::ExploreStrategy strategy = options.strategy;
  if (strategy == v1::EXPLORE_STRATEGY_UNSPECIFIED) {
    strategy =
        history ? v1::EXPLORE_STRATEGY_SAMPLE : v1::EXPLORE_STRATEGY_LATTICE;
  }
  if (strategy == v1::EXPLORE_STRATEGY_LATTICE && history) {
    return absl::FailedPreconditionError(absl::StrCat(
        absl::StrJoin(history_ids, ", "),
        history_ids.size() == 1 ? " has" : " have",
        " HISTORY memory (votes that may depend on the order of adoption",
        unset_ids.empty()
            ? ""
            : absl::StrCat("; ", absl::StrJoin(unset_ids, ", "),
                           " left Describe.memory unset, which reads as "
                           "HISTORY"),
        "), so the lattice walk would be wrong; explore by sampling or "
        "enumeration"));
  }

  VoteSource& asked = strategy == v1::EXPLORE_STRATEGY_LATTICE ? ahead : source;
  ExploreContext context(*index, forum->rule, asked, forum->party_ids,
                         forum->scopes, present, history_parties, options,
                         progress);
  v1::Exploration out;
  out.set_draft_id(draft.id());
  out.set_scenario_id(scenario.id());
  out.set_variant(input.variant);
  // The rule in force (the request's override or the scenario's), so that
  // every report can name what the counts were judged by.
  *out.mutable_rule() = forum->rule.proto();
  if (out.rule().kind() == v1::DecisionRule::KIND_UNSPECIFIED) {
    out.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  }
  for (std::string& id : history_ids) out.add_history_parties(std::move(id));
  for (std::string& id : unset_ids) out.add_memory_unset_parties(std::move(id));

  if (strategy == v1::EXPLORE_STRATEGY_ENUMERATE) {
    status = ExploreByEnumeration(context, &out);
    if (!status.ok()) return status;
    out.set_consensus_share(CountRatio(Count(out.consensus_sequences()),
                                       Count(out.admissible_sequences())));
  } else {
    auto counter = SequenceCounter::Build(*index, options.max_states);
    if (!counter.ok()) return counter.status();
    out.set_admissible_sequences(ToDecimal(counter->admissible()));
    if (strategy == v1::EXPLORE_STRATEGY_SAMPLE) {
      status = ExploreBySampling(context, *counter, &out);
      if (!status.ok()) return status;
    } else {
      status = ExploreByLattice(context, &out);
      if (!status.ok()) return status;
      out.set_consensus_share(
          CountRatio(Count(out.consensus_sequences()), counter->admissible()));
    }
  }
  out.set_questions_asked(context.questions_asked());
  out.set_elapsed_ms(context.elapsed_ms());
  context.ReportDone();
  return out;
}

}  // namespace concert::coordinator
