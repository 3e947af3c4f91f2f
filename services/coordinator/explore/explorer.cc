#include "services/coordinator/explore/explorer.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/draft_index.h"
#include "services/common/prerequisite_graph.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/coordinator/explore/context.h"
#include "services/coordinator/explore/enumerate.h"
#include "services/coordinator/explore/lattice.h"
#include "services/coordinator/explore/sampler.h"
#include "services/coordinator/explore/sequence_count.h"

namespace concert::coordinator {
namespace {

// The parties absent under `variant` (a mask over scenario order).
absl::StatusOr<std::uint64_t> AbsentParties(const v1::Scenario& scenario,
                                            const std::string& variant) {
  if (variant.empty()) return 0;
  for (const v1::Variant& v : scenario.variants()) {
    if (v.name() != variant) continue;
    std::uint64_t absent = 0;
    for (const std::string& id : v.absent_parties()) {
      for (int i = 0; i < scenario.parties_size(); ++i) {
        if (scenario.parties(i).id() == id) absent |= std::uint64_t{1} << i;
      }
    }
    return absent;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "scenario '", scenario.id(), "' has no variant '", variant, "'"));
}

// Checks that `source` serves the scenario's parties, in scenario order.
absl::Status CheckParties(const v1::Scenario& scenario,
                          const VoteSource& source) {
  const int n = scenario.parties_size();
  if (n > 64) {
    return absl::InvalidArgumentError(
        absl::StrCat("scenario '", scenario.id(), "' has ", n,
                     " parties; at most 64 are supported"));
  }
  if (source.party_count() != n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the vote source has ", source.party_count(), " parties, scenario '",
        scenario.id(), "' has ", n));
  }
  for (int i = 0; i < n; ++i) {
    if (source.party_id(i) != scenario.parties(i).id()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "vote source party ", i, " is '", source.party_id(i),
          "' where the scenario has '", scenario.parties(i).id(), "'"));
    }
  }
  return absl::OkStatus();
}

// concerned[p]: bit i when proposal p concerns party i.
std::vector<std::uint64_t> ConcernedMasks(const v1::Scenario& scenario,
                                          const v1::CharterDraft& draft) {
  std::vector<std::uint64_t> out;
  for (const v1::Proposal& p : draft.proposals()) {
    std::uint64_t mask = 0;
    for (const std::string& id : p.concerns()) {
      for (int i = 0; i < scenario.parties_size(); ++i) {
        if (scenario.parties(i).id() == id) mask |= std::uint64_t{1} << i;
      }
    }
    out.push_back(mask);
  }
  return out;
}

}  // namespace

absl::StatusOr<ExploreOptions::Strategy> ParseStrategy(const std::string& name) {
  const std::string n = absl::AsciiStrToLower(name);
  if (n == "auto" || n.empty()) return ExploreOptions::Strategy::kAuto;
  if (n == "lattice") return ExploreOptions::Strategy::kLattice;
  if (n == "enumerate") return ExploreOptions::Strategy::kEnumerate;
  if (n == "sample") return ExploreOptions::Strategy::kSample;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown strategy '", name,
      "'; expected one of: auto, lattice, enumerate, sample"));
}

absl::StatusOr<v1::Exploration> Explore(const ExploreInput& input,
                                        const ExploreOptions& options,
                                        VoteSource& source,
                                        const ProgressFn& progress) {
  if (input.scenario == nullptr || input.draft == nullptr) {
    return absl::InvalidArgumentError("exploration needs a scenario and a draft");
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
  absl::Status status = CheckParties(scenario, source);
  if (!status.ok()) return status;
  auto absent = AbsentParties(scenario, input.variant);
  if (!absent.ok()) return absent.status();

  const int parties = scenario.parties_size();
  std::vector<double> weights;
  std::vector<std::string> ids;
  for (const v1::PartySpec& p : scenario.parties()) {
    weights.push_back(p.weight());
    ids.push_back(p.id());
  }
  const DecisionRule rule(scenario.rule(), std::move(weights));
  const std::uint64_t everyone =
      parties == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << parties) - 1;
  const std::uint64_t present = everyone & ~*absent;

  TableContext table;
  table.draft = &draft;
  table.variant = input.variant;
  table.initial_state.assign(scenario.initial_state().begin(),
                             scenario.initial_state().end());
  status = source.Table(table);
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat("tabling draft '", draft.id(),
                                                    "': ", status.message()));
  }

  std::uint64_t history_parties = 0;
  for (int i = 0; i < parties; ++i) {
    if (((present >> i) & 1u) && source.party_memory(i) == v1::HISTORY) {
      history_parties |= std::uint64_t{1} << i;
    }
  }
  const bool history = history_parties != 0;
  ExploreOptions::Strategy strategy = options.strategy;
  if (strategy == ExploreOptions::Strategy::kAuto) {
    strategy = history ? ExploreOptions::Strategy::kSample
                       : ExploreOptions::Strategy::kLattice;
  }
  if (strategy == ExploreOptions::Strategy::kLattice && history) {
    return absl::FailedPreconditionError(
        "a present party has HISTORY memory (its votes may depend on the "
        "order of adoption), so the lattice walk would be wrong; explore by "
        "sampling or enumeration");
  }

  ExploreContext context(*index, rule, source, std::move(ids),
                         ConcernedMasks(scenario, draft), present,
                         history_parties, options, progress);
  v1::Exploration out;
  out.set_draft_id(draft.id());
  out.set_scenario_id(scenario.id());
  out.set_variant(input.variant);

  if (strategy == ExploreOptions::Strategy::kEnumerate) {
    status = ExploreByEnumeration(context, &out);
    if (!status.ok()) return status;
    out.set_consensus_share(
        CountRatio(Count(out.consensus_sequences()),
                   Count(out.admissible_sequences())));
  } else {
    auto counter = SequenceCounter::Build(*index, options.max_states);
    if (!counter.ok()) return counter.status();
    out.set_admissible_sequences(ToDecimal(counter->admissible()));
    if (strategy == ExploreOptions::Strategy::kSample) {
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
  return out;
}

}  // namespace concert::coordinator
