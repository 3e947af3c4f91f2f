// RecordStore: comparisons. The request is kept whole (drafts included) so
// the record alone can run the comparison again; the result is one
// compressed blob without its rows' consensus graphs, which go to
// comparison_graphs as graph blobs of their own (a graph kept as protobuf
// would be several times larger, and one blob per row keeps each far from
// SQLite's size limit).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/names.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/compressed_blob.h"
#include "services/coordinator/records/graph_blob.h"
#include "services/coordinator/records/outcome.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

namespace {

absl::StatusOr<v1::RecordStatus> ComparisonStatus(SqliteDb& db,
                                                  const std::string& id) {
  absl::StatusOr<SqliteStatement> stmt =
      db.Prepare("SELECT status FROM comparisons WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, id);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::NotFoundError(
        absl::StrCat("no comparison '", id, "' recorded"));
  }
  absl::StatusOr<v1::RecordStatus> status =
      ParseRecordStatus(stmt->ColumnText(0));
  if (!status.ok()) return absl::DataLossError(status.status().message());
  return status;
}

// The stored request of comparison `id`, once it is known to be RUNNING.
absl::StatusOr<v1::CompareRequest> RunningRequest(SqliteDb& db,
                                                  const std::string& id) {
  absl::StatusOr<v1::RecordStatus> status = ComparisonStatus(db, id);
  if (!status.ok()) return status.status();
  if (*status != v1::RECORD_STATUS_RUNNING) {
    return absl::FailedPreconditionError(
        absl::StrCat("comparison '", id, "' is ", RecordStatusName(*status),
                     ", not RUNNING"));
  }
  absl::StatusOr<SqliteStatement> stmt =
      db.Prepare("SELECT request FROM comparisons WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, id);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  v1::CompareRequest request;
  if (absl::Status s =
          ParseStored(stmt->ColumnBlob(0), "comparison request", request);
      !s.ok()) {
    return s;
  }
  return request;
}

// The listing's DRAFT column: every draft's id, in request order.
std::string JoinedDraftIds(const v1::CompareRequest& request) {
  std::vector<std::string> ids;
  ids.reserve(request.drafts_size());
  for (const v1::CharterDraft& draft : request.drafts())
    ids.push_back(draft.id());
  return absl::StrJoin(ids, ", ");
}

// The listing's VARIANT column: "" when only the baseline was compared (the
// listing prints it "baseline", as for a session), else every variant with
// the baseline named.
std::string JoinedVariants(const v1::CompareRequest& request) {
  std::vector<std::string> names;
  bool only_baseline = true;
  for (const std::string& variant : request.variants()) {
    names.push_back(variant.empty() ? "baseline" : variant);
    if (!variant.empty()) only_baseline = false;
  }
  return only_baseline ? "" : absl::StrJoin(names, ", ");
}

// One row's consensus graph, encoded.
struct RowGraph {
  int row = 0;
  std::string blob;
};

// Takes the graphs out of the rows' explorations (no copy) and encodes each.
absl::StatusOr<std::vector<RowGraph>> TakeGraphs(v1::Comparison& result) {
  std::vector<RowGraph> graphs;
  for (int i = 0; i < result.rows_size(); ++i) {
    v1::Exploration& exploration =
        *result.mutable_rows(i)->mutable_exploration();
    if (!exploration.has_graph()) continue;
    const std::unique_ptr<v1::ConsensusGraph> graph(
        exploration.release_graph());
    absl::StatusOr<std::string> blob = EncodeGraphBlob(*graph);
    if (!blob.ok()) {
      return absl::Status(blob.status().code(),
                          absl::StrCat("comparison row ", i, " (draft ",
                                       result.rows(i).draft_id(),
                                       "): ", blob.status().message()));
    }
    graphs.push_back({i, *std::move(blob)});
  }
  return graphs;
}

// Ends a RUNNING comparison: status, result blob (null when there is none),
// error and outcome, and its graphs in place of any stored before.
absl::Status EndComparison(SqliteDb& db, const std::string& id,
                           v1::RecordStatus status, const std::string* result,
                           const std::string& error, const std::string& outcome,
                           const std::vector<RowGraph>& graphs) {
  absl::StatusOr<SqliteStatement> update = db.Prepare(R"sql(
UPDATE comparisons SET status = ?2, result = ?3, error = ?4, outcome = ?5
WHERE id = ?1)sql");
  if (!update.ok()) return update.status();
  update->BindText(1, id)
      .BindText(2, RecordStatusName(status))
      .BindText(4, error)
      .BindText(5, outcome);
  if (result != nullptr) {
    update->BindBlob(3, *result);
  } else {
    update->BindNull(3);
  }
  if (absl::Status s = update->Run(); !s.ok()) return s;
  {
    absl::StatusOr<SqliteStatement> clear =
        db.Prepare("DELETE FROM comparison_graphs WHERE comparison_id = ?1");
    if (!clear.ok()) return clear.status();
    clear->BindText(1, id);
    if (absl::Status s = clear->Run(); !s.ok()) return s;
  }
  for (const RowGraph& graph : graphs) {
    absl::StatusOr<SqliteStatement> insert = db.Prepare(
        "INSERT INTO comparison_graphs (comparison_id, row_index, graph) "
        "VALUES (?1, ?2, ?3)");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, id).BindInt(2, graph.row).BindBlob(3, graph.blob);
    if (absl::Status s = insert->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RecordStore::BeginComparison(const ComparisonRecord& record) {
  if (record.id().empty()) {
    return absl::InvalidArgumentError("a comparison needs a record id");
  }
  v1::Scenario scenario = record.scenario();
  for (v1::PartySpec& party : *scenario.mutable_parties())
    party.clear_address();
  const std::string scenario_bytes = SerializeDeterministic(scenario);
  const std::string request_bytes = SerializeDeterministic(record.request());
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<v1::RecordStatus> existing =
        ComparisonStatus(db, record.id());
    if (existing.ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat("comparison '", record.id(), "' is already recorded"));
    }
    if (!absl::IsNotFound(existing.status())) return existing.status();
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
INSERT INTO comparisons (id, scenario_id, scenario, scenario_sha256, request,
                         draft_ids, variants, created_at_ms, status,
                         coordinator_version, result, error, outcome)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'RUNNING', ?9, NULL, '', 'running'))sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, record.id())
        .BindText(2, scenario.id())
        .BindBlob(3, scenario_bytes)
        .BindText(4, Sha256Hex(scenario_bytes))
        .BindBlob(5, request_bytes)
        .BindText(6, JoinedDraftIds(record.request()))
        .BindText(7, JoinedVariants(record.request()))
        .BindInt(8, record.created_at_ms() != 0 ? record.created_at_ms()
                                                : UnixMillisNow())
        .BindText(9, record.coordinator_version());
    if (absl::Status s = stmt->Run(); !s.ok()) return s;
    return StampOwner(db, "comparisons", record.id());
  });
}

absl::Status RecordStore::FinishComparison(const std::string& id,
                                           v1::Comparison result) {
  if (result.comparison_id().empty()) result.set_comparison_id(id);
  // Encoding and compressing happen before the write lock is taken.
  absl::StatusOr<std::vector<RowGraph>> graphs = TakeGraphs(result);
  if (!graphs.ok()) return graphs.status();
  absl::StatusOr<std::string> blob =
      CompressBlob(SerializeDeterministic(result));
  if (!blob.ok()) return blob.status();
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<v1::CompareRequest> request = RunningRequest(db, id);
    if (!request.ok()) return request.status();
    return EndComparison(
        db, id, v1::RECORD_STATUS_COMPLETE, &*blob, "",
        ComparisonOutcomeLine(*request, result, v1::RECORD_STATUS_COMPLETE, ""),
        *graphs);
  });
}

absl::Status RecordStore::FailComparison(const std::string& id,
                                         const std::string& error) {
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<v1::CompareRequest> request = RunningRequest(db, id);
    if (!request.ok()) return request.status();
    return EndComparison(db, id, v1::RECORD_STATUS_FAILED, nullptr, error,
                         ComparisonOutcomeLine(*request, v1::Comparison(),
                                               v1::RECORD_STATUS_FAILED, error),
                         {});
  });
}

absl::StatusOr<ComparisonRecord> RecordStore::LoadComparison(
    const std::string& id) {
  ComparisonRecord out;
  std::string result_blob;
  std::vector<RowGraph> graphs;
  absl::Status status = Read([&](SqliteDb& db) -> absl::Status {
    {
      absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
SELECT scenario, scenario_sha256, request, coordinator_version, created_at_ms,
       status, result, error
FROM comparisons WHERE id = ?1)sql");
      if (!stmt.ok()) return stmt.status();
      stmt->BindText(1, id);
      absl::StatusOr<bool> found = stmt->Step();
      if (!found.ok()) return found.status();
      if (!*found) {
        return absl::NotFoundError(
            absl::StrCat("no comparison '", id, "' recorded"));
      }
      out.set_id(id);
      out.set_scenario_sha256(stmt->ColumnText(1));
      for (absl::Status s : {
               VerifyDigest(stmt->ColumnBlob(0), out.scenario_sha256(),
                            "scenario"),
               ParseStored(stmt->ColumnBlob(0), "scenario",
                           *out.mutable_scenario()),
               ParseStored(stmt->ColumnBlob(2), "comparison request",
                           *out.mutable_request()),
           }) {
        if (!s.ok()) return s;
      }
      out.set_coordinator_version(stmt->ColumnText(3));
      out.set_created_at_ms(stmt->ColumnInt(4));
      absl::StatusOr<v1::RecordStatus> st =
          ParseRecordStatus(stmt->ColumnText(5));
      if (!st.ok()) return absl::DataLossError(st.status().message());
      out.set_status(*st);
      // Copied out so the decoding runs outside the read transaction.
      if (!stmt->IsNull(6)) result_blob = std::string(stmt->ColumnBlob(6));
      out.set_error(stmt->ColumnText(7));
    }
    absl::StatusOr<SqliteStatement> rows = db.Prepare(
        "SELECT row_index, graph FROM comparison_graphs "
        "WHERE comparison_id = ?1 ORDER BY row_index");
    if (!rows.ok()) return rows.status();
    rows->BindText(1, id);
    while (true) {
      absl::StatusOr<bool> row = rows->Step();
      if (!row.ok()) return row.status();
      if (!*row) return absl::OkStatus();
      graphs.push_back({static_cast<int>(rows->ColumnInt(0)),
                        std::string(rows->ColumnBlob(1))});
    }
  });
  if (!status.ok()) return status;
  if (!result_blob.empty()) {
    absl::StatusOr<std::string> raw =
        DecompressBlob(result_blob, "comparison result");
    if (!raw.ok()) return raw.status();
    if (absl::Status s =
            ParseStored(*raw, "comparison result", *out.mutable_result());
        !s.ok()) {
      return s;
    }
  }
  // A complete comparison has a row per forum and rule it compared.
  if (out.status() == v1::RECORD_STATUS_COMPLETE &&
      out.result().rows_size() == 0) {
    return MissingResult("comparison", id, "COMPLETE", "result");
  }
  for (RowGraph& stored : graphs) {
    if (stored.row < 0 || stored.row >= out.result().rows_size()) {
      return absl::DataLossError(
          absl::StrCat("comparison '", id, "' stores a graph for row ",
                       stored.row, " of ", out.result().rows_size()));
    }
    absl::StatusOr<v1::ConsensusGraph> graph = DecodeGraphBlob(stored.blob);
    if (!graph.ok()) return graph.status();
    stored.blob.clear();
    *out.mutable_result()
         ->mutable_rows(stored.row)
         ->mutable_exploration()
         ->mutable_graph() = *std::move(graph);
  }
  return out;
}

}  // namespace concert::coordinator
