// RecordStore: explorations, with the consensus graph as one blob.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/graph_blob.h"
#include "services/coordinator/records/outcome.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

absl::Status RecordStore::SaveExploration(ExplorationRecord record) {
  if (record.id().empty()) {
    return absl::InvalidArgumentError("an exploration needs a record id");
  }
  switch (record.status()) {
    case v1::RECORD_STATUS_RUNNING:
    case v1::RECORD_STATUS_COMPLETE:
    case v1::RECORD_STATUS_FAILED:
    case v1::RECORD_STATUS_INTERRUPTED:
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("exploration ", record.id(), ": status ",
                       RecordStatusName(record.status()),
                       " is not one an exploration has (RUNNING, COMPLETE, "
                       "FAILED, INTERRUPTED)"));
  }
  v1::Exploration& result_message = *record.mutable_result();
  if (result_message.exploration_id().empty()) {
    result_message.set_exploration_id(record.id());
  }
  // The graph leaves the result (no copy) and is stored as its own blob.
  std::unique_ptr<v1::ConsensusGraph> graph;
  if (result_message.has_graph()) graph.reset(result_message.release_graph());
  std::string graph_blob;
  if (graph != nullptr) {
    absl::StatusOr<std::string> blob = EncodeGraphBlob(*graph);
    if (!blob.ok()) return blob.status();
    graph_blob = *std::move(blob);
    graph.reset();
  }
  const std::string result = SerializeDeterministic(result_message);
  // The strategy used once there is a result; the one asked for before.
  const v1::ExploreStrategy strategy =
      result_message.strategy() != v1::EXPLORE_STRATEGY_UNSPECIFIED
          ? result_message.strategy()
          : record.strategy();
  const std::string outcome =
      ExplorationOutcomeLine(result_message, record.status(),
                             record.inputs().draft().proposals_size());

  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
INSERT INTO explorations (id, scenario_id, draft_id, scenario, scenario_sha256,
                          draft, draft_sha256, variant, rule, strategy,
                          created_at_ms, status, coordinator_version, result,
                          graph, outcome)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT (id) DO UPDATE SET
  scenario_id = excluded.scenario_id, draft_id = excluded.draft_id,
  scenario = excluded.scenario, scenario_sha256 = excluded.scenario_sha256,
  draft = excluded.draft, draft_sha256 = excluded.draft_sha256,
  variant = excluded.variant, rule = excluded.rule,
  strategy = excluded.strategy, status = excluded.status,
  coordinator_version = excluded.coordinator_version,
  result = excluded.result, graph = excluded.graph,
  outcome = excluded.outcome)sql");
    if (!stmt.ok()) return stmt.status();
    BindRecordInputs(*stmt, record.id(), record.inputs());
    stmt->BindText(10, StrategyName(strategy))
        .BindInt(11, record.created_at_ms() != 0 ? record.created_at_ms()
                                                 : UnixMillisNow())
        .BindText(12, RecordStatusName(record.status()))
        .BindText(13, record.coordinator_version())
        .BindBlob(14, result)
        .BindText(16, outcome);
    if (graph_blob.empty()) {
      stmt->BindNull(15);
    } else {
      stmt->BindBlob(15, graph_blob);
    }
    if (absl::Status s = stmt->Run(); !s.ok()) return s;
    if (record.status() != v1::RECORD_STATUS_RUNNING) return absl::OkStatus();
    return StampOwner(db, "explorations", record.id());
  });
}

absl::StatusOr<ExplorationRecord> RecordStore::LoadExploration(
    const std::string& id) {
  ExplorationRecord out;
  std::string graph_blob;
  absl::Status status = Read([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
SELECT scenario, scenario_sha256, draft, draft_sha256, variant, rule, strategy,
       created_at_ms, status, coordinator_version, result, graph
FROM explorations WHERE id = ?1)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    absl::StatusOr<bool> found = stmt->Step();
    if (!found.ok()) return found.status();
    if (!*found) {
      return absl::NotFoundError(
          absl::StrCat("no exploration '", id, "' recorded"));
    }
    out.set_id(id);
    absl::StatusOr<v1::RecordInputs> inputs = ReadRecordInputs(*stmt, 0);
    if (!inputs.ok()) return inputs.status();
    *out.mutable_inputs() = *std::move(inputs);
    if (absl::Status s = ParseStored(stmt->ColumnBlob(10), "exploration result",
                                     *out.mutable_result());
        !s.ok()) {
      return s;
    }
    absl::StatusOr<v1::RecordStatus> st =
        ParseRecordStatus(stmt->ColumnText(8));
    if (!st.ok()) return absl::DataLossError(st.status().message());
    out.set_status(*st);
    // A complete exploration has a result (at least its counts).
    if (*st == v1::RECORD_STATUS_COMPLETE && out.result().ByteSizeLong() == 0) {
      return MissingResult("exploration", id, "COMPLETE", "result");
    }
    absl::StatusOr<v1::ExploreStrategy> strategy =
        ParseStrategy(stmt->ColumnText(6));
    if (!strategy.ok()) return absl::DataLossError(strategy.status().message());
    out.set_strategy(*strategy);
    // Results stored before the strategy was an enum carry it only here.
    if (out.result().strategy() == v1::EXPLORE_STRATEGY_UNSPECIFIED &&
        out.status() == v1::RECORD_STATUS_COMPLETE) {
      out.mutable_result()->set_strategy(*strategy);
    }
    out.set_created_at_ms(stmt->ColumnInt(7));
    out.set_coordinator_version(stmt->ColumnText(9));
    // Copied out so the (slow) decoding runs outside the read transaction.
    if (!stmt->IsNull(11)) graph_blob = std::string(stmt->ColumnBlob(11));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!graph_blob.empty()) {
    absl::StatusOr<v1::ConsensusGraph> graph = DecodeGraphBlob(graph_blob);
    if (!graph.ok()) return graph.status();
    *out.mutable_result()->mutable_graph() = *std::move(graph);
    out.set_graph_blob_bytes(static_cast<std::int64_t>(graph_blob.size()));
  }
  return out;
}

}  // namespace concert::coordinator
