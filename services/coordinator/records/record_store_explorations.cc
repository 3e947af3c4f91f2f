// RecordStore: explorations, with the consensus graph as one blob.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/graph_blob.h"
#include "services/coordinator/records/outcome.h"

namespace concert::coordinator {

absl::Status RecordStore::SaveExploration(ExplorationRecord record) {
  if (record.id.empty()) {
    return absl::InvalidArgumentError("an exploration needs a record id");
  }
  if (record.result.exploration_id().empty()) {
    record.result.set_exploration_id(record.id);
  }
  // The graph leaves the result (no copy) and is stored as its own blob.
  std::unique_ptr<v1::ConsensusGraph> graph;
  if (record.result.has_graph()) graph.reset(record.result.release_graph());
  std::string graph_blob;
  if (graph != nullptr) {
    absl::StatusOr<std::string> blob = EncodeGraphBlob(*graph);
    if (!blob.ok()) return blob.status();
    graph_blob = *std::move(blob);
    graph.reset();
  }
  const std::string result = SerializeDeterministic(record.result);
  const std::string strategy =
      record.strategy.empty() ? record.result.strategy() : record.strategy;
  const std::string outcome = ExplorationOutcomeLine(
      record.result, record.status, record.draft.proposals_size());

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
    BindRecordInputs(*stmt, record.id, record.scenario, record.draft, record.variant,
                     record.rule);
    stmt->BindText(10, strategy)
        .BindInt(11, record.created_at_ms != 0 ? record.created_at_ms : UnixMillisNow())
        .BindText(12, ExplorationStatusName(record.status))
        .BindText(13, record.coordinator_version)
        .BindBlob(14, result)
        .BindText(16, outcome);
    if (graph_blob.empty()) {
      stmt->BindNull(15);
    } else {
      stmt->BindBlob(15, graph_blob);
    }
    return stmt->Run();
  });
}

absl::StatusOr<StoredExploration> RecordStore::LoadExploration(const std::string& id) {
  StoredExploration out;
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
      return absl::NotFoundError(absl::StrCat("no exploration '", id, "' recorded"));
    }
    out.id = id;
    out.scenario_sha256 = stmt->ColumnText(1);
    out.draft_sha256 = stmt->ColumnText(3);
    for (absl::Status s : {
             VerifyDigest(stmt->ColumnBlob(0), out.scenario_sha256, "scenario"),
             VerifyDigest(stmt->ColumnBlob(2), out.draft_sha256, "draft"),
             ParseStored(stmt->ColumnBlob(0), "scenario", out.scenario),
             ParseStored(stmt->ColumnBlob(2), "draft", out.draft),
             ParseStored(stmt->ColumnBlob(5), "rule", out.rule),
             ParseStored(stmt->ColumnBlob(10), "exploration result", out.result),
         }) {
      if (!s.ok()) return s;
    }
    out.variant = stmt->ColumnText(4);
    out.strategy = stmt->ColumnText(6);
    out.created_at_ms = stmt->ColumnInt(7);
    absl::StatusOr<ExplorationStatus> st = ParseExplorationStatus(stmt->ColumnText(8));
    if (!st.ok()) return absl::DataLossError(st.status().message());
    out.status = *st;
    out.coordinator_version = stmt->ColumnText(9);
    // Copied out so the (slow) decoding runs outside the read transaction.
    if (!stmt->IsNull(11)) graph_blob = std::string(stmt->ColumnBlob(11));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!graph_blob.empty()) {
    absl::StatusOr<v1::ConsensusGraph> graph = DecodeGraphBlob(graph_blob);
    if (!graph.ok()) return graph.status();
    *out.result.mutable_graph() = *std::move(graph);
    out.graph_blob_bytes = static_cast<std::int64_t>(graph_blob.size());
  }
  return out;
}

}  // namespace concert::coordinator
