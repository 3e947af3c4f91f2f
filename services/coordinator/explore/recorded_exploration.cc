#include "services/coordinator/explore/recorded_exploration.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/coordinator/core/forum_context.h"

namespace concert::coordinator {

absl::StatusOr<v1::Exploration> RunRecordedExploration(
    const std::string& exploration_id, const ExploreInput& input,
    ExploreOptions options, VoteSource& source, const RecordOptions& record,
    const ProgressFn& progress) {
  if (input.scenario == nullptr || input.draft == nullptr) {
    return absl::InvalidArgumentError(
        "exploration needs a scenario and a draft");
  }
  const bool client_wants_graph = options.include_graph;
  RecordStore* store = record.store;
  // The rule in force, as recorded: the override, else the scenario's.
  v1::DecisionRule rule =
      input.rule.kind() != v1::DecisionRule::KIND_UNSPECIFIED
          ? input.rule
          : input.scenario->rule();
  if (rule.kind() == v1::DecisionRule::KIND_UNSPECIFIED) {
    rule.set_kind(v1::DecisionRule::CONSENSUS);
  }
  const auto save = [&](v1::RecordStatus status, v1::Exploration result) {
    if (store == nullptr) return absl::OkStatus();
    ExplorationRecord r;
    r.set_id(exploration_id);
    *r.mutable_inputs() =
        RecordInputsOf(*input.scenario, *input.draft, input.variant, rule);
    r.set_strategy(options.strategy);
    r.set_coordinator_version(record.coordinator_version);
    r.set_status(status);
    *r.mutable_result() = std::move(result);
    return store->SaveExploration(std::move(r));
  };

  if (absl::Status s = save(v1::RECORD_STATUS_RUNNING, {}); !s.ok()) {
    return absl::AbortedError(absl::StrCat(
        "cannot record the exploration: ", s.message(),
        "; nothing was explored: free space (or fix the error) and run it "
        "again"));
  }
  options.include_graph = client_wants_graph || store != nullptr;
  absl::StatusOr<v1::Exploration> result =
      Explore(input, options, source, progress);
  if (!result.ok()) {
    // Best effort: the exploration's own error is what the caller needs.
    (void)save(v1::RECORD_STATUS_FAILED, {});
    return result.status();
  }
  result->set_exploration_id(exploration_id);
  if (store != nullptr) {
    v1::Exploration stored = *result;
    if (!client_wants_graph) result->clear_graph();
    if (absl::Status s = save(v1::RECORD_STATUS_COMPLETE, std::move(stored));
        !s.ok()) {
      // A full disk, an I/O error: the RUNNING record must not outlive this
      // run. The INTERRUPTED one carries no graph, so it may still fit;
      // should it not, the owner mechanism (records/owner.h) hands the
      // record to the next process that opens the database.
      const bool marked = save(v1::RECORD_STATUS_INTERRUPTED, {}).ok();
      return absl::AbortedError(absl::StrCat(
          "exploration ", exploration_id, " ran but could not be recorded: ",
          s.message(), "; it ", marked ? "is INTERRUPTED" : "is left RUNNING",
          ": free space (or fix the error) and run it again"));
    }
  }
  return result;
}

}  // namespace concert::coordinator
