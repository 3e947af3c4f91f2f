// Opening the store, the connection pool, transactions, and listings. The
// operations on each kind of record live in record_store_sessions.cc,
// record_store_explorations.cc and record_store_comparisons.cc.
#include "services/coordinator/records/record_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/schema.h"

namespace concert::coordinator {

RecordStore::RecordStore(std::string path, const RecordStoreOptions& options)
    : path_(std::move(path)), options_(options) {}

RecordStore::~RecordStore() = default;

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(
    const std::string& path, const RecordStoreOptions& options) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record database path must name a file, got '", path, "'"));
  }
  std::unique_ptr<RecordStore> store(new RecordStore(path, options));
  absl::StatusOr<std::unique_ptr<SqliteDb>> db =
      SqliteDb::Open(path, options.sqlite);
  if (!db.ok()) return db.status();
  if (absl::Status s = store->CheckSchema(**db); !s.ok()) return s;
  store->Release(*std::move(db));
  return store;
}

absl::Status RecordStore::CheckSchema(SqliteDb& db) const {
  return options_.sqlite.read_only ? CheckSchemaReadOnly(db) : OpenSchema(db);
}

absl::StatusOr<std::unique_ptr<SqliteDb>> RecordStore::Acquire() {
  {
    absl::MutexLock lock(&pool_mu_);
    if (!idle_.empty()) {
      std::unique_ptr<SqliteDb> db = std::move(idle_.back());
      idle_.pop_back();
      return db;
    }
  }
  // Opened outside the lock: opening touches the file and may wait. The
  // schema was brought up to date by Open; a newer coordinator may since
  // have migrated the file, which OpenSchema reports.
  absl::StatusOr<std::unique_ptr<SqliteDb>> db =
      SqliteDb::Open(path_, options_.sqlite);
  if (!db.ok()) return db.status();
  if (absl::Status s = CheckSchema(**db); !s.ok()) return s;
  return db;
}

void RecordStore::Release(std::unique_ptr<SqliteDb> db) {
  absl::MutexLock lock(&pool_mu_);
  if (static_cast<int>(idle_.size()) < options_.max_idle_connections) {
    idle_.push_back(std::move(db));
  }
}

absl::Status RecordStore::Write(absl::FunctionRef<absl::Status(SqliteDb&)> body,
                                Durability durability) {
  absl::MutexLock writer(&write_mu_);
  absl::StatusOr<std::unique_ptr<SqliteDb>> db = Acquire();
  if (!db.ok()) return db.status();
  absl::Status status;
  // The level is the connection's, set outside a transaction (SQLite
  // ignores it inside one), and put back before the connection is reused.
  const bool relaxed =
      durability == Durability::kProcessCrash && options_.sqlite.full_sync;
  if (relaxed) status = (*db)->Exec("PRAGMA synchronous=NORMAL");
  if (status.ok()) {
    absl::StatusOr<SqliteTransaction> txn = SqliteTransaction::BeginWrite(**db);
    if (!txn.ok()) {
      status = txn.status();
    } else {
      status = body(**db);
      if (status.ok()) status = txn->Commit();
    }
  }
  if (relaxed) {
    absl::Status restored = (*db)->Exec("PRAGMA synchronous=FULL");
    // A connection left at NORMAL would weaken every later write: drop it.
    if (!restored.ok()) return status.ok() ? restored : status;
  }
  Release(*std::move(db));
  return status;
}

absl::Status RecordStore::Read(
    absl::FunctionRef<absl::Status(SqliteDb&)> body) {
  absl::StatusOr<std::unique_ptr<SqliteDb>> db = Acquire();
  if (!db.ok()) return db.status();
  absl::Status status;
  {
    absl::StatusOr<SqliteTransaction> txn = SqliteTransaction::BeginRead(**db);
    if (!txn.ok()) {
      status = txn.status();
    } else {
      status = body(**db);
      // Ending a read transaction cannot lose anything; report body errors.
      absl::Status end = txn->Commit();
      if (status.ok()) status = end;
    }
  }
  Release(*std::move(db));
  return status;
}

namespace {

// RecordSummary.rules from a listing row: a session's or an exploration's
// rule in force (`rule`, its blob); a comparison's rules from its
// `request`, or when it named none, its `scenario`'s rule. A rule stored
// empty (a record that predates it) lists none. DATA_LOSS for a blob that
// does not parse, the summary then left without rules.
absl::Status FillRules(absl::string_view rule, absl::string_view request,
                       absl::string_view scenario, RecordSummary& r) {
  if (r.kind() != v1::RECORD_KIND_COMPARISON) {
    if (rule.empty()) return absl::OkStatus();
    v1::DecisionRule in_force;
    if (absl::Status s = ParseStored(rule, "rule", in_force); !s.ok()) return s;
    *r.add_rules() = std::move(in_force);
    return absl::OkStatus();
  }
  v1::CompareRequest compared;
  if (absl::Status s = ParseStored(request, "comparison request", compared);
      !s.ok()) {
    return s;
  }
  if (!compared.rules().empty()) {
    *r.mutable_rules() = std::move(*compared.mutable_rules());
    return absl::OkStatus();
  }
  v1::Scenario forum;
  if (absl::Status s = ParseStored(scenario, "scenario", forum); !s.ok()) {
    return s;
  }
  v1::DecisionRule* in_force = r.add_rules();
  *in_force = forum.rule();
  if (in_force->kind() == v1::DecisionRule::KIND_UNSPECIFIED) {
    in_force->set_kind(v1::DecisionRule::CONSENSUS);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<RecordSummary>> RecordStore::List(
    v1::RecordKind kind, int limit) {
  // The rule columns are read only for the rows listed (LIMIT applies
  // first); a comparison's request and scenario only for comparisons.
  static constexpr char kSql[] = R"sql(
SELECT kind, id, created_at_ms, status, draft_id, scenario_id, variant, outcome,
       rule, request, scenario
FROM (
  SELECT 'session' AS kind, id, started_at_ms AS created_at_ms, status,
         draft_id, scenario_id, variant, outcome, rule,
         NULL AS request, NULL AS scenario FROM sessions
  UNION ALL
  SELECT 'exploration', id, created_at_ms, status,
         draft_id, scenario_id, variant, outcome, rule, NULL, NULL
  FROM explorations
  UNION ALL
  SELECT 'comparison', id, created_at_ms, status,
         draft_ids, scenario_id, variants, outcome, NULL, request, scenario
  FROM comparisons)
WHERE ?1 = 'any' OR kind = ?1
ORDER BY created_at_ms DESC, id DESC
LIMIT ?2)sql";
  std::vector<RecordSummary> records;
  absl::Status status = Read([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, RecordKindName(kind)).BindInt(2, limit > 0 ? limit : -1);
    while (true) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) return absl::OkStatus();
      RecordSummary r;
      absl::StatusOr<v1::RecordKind> kind =
          ParseRecordKind(stmt->ColumnText(0));
      absl::StatusOr<v1::RecordStatus> status =
          ParseRecordStatus(stmt->ColumnText(3));
      if (!kind.ok()) return absl::DataLossError(kind.status().message());
      if (!status.ok()) return absl::DataLossError(status.status().message());
      r.set_kind(*kind);
      r.set_id(stmt->ColumnText(1));
      r.set_created_at_ms(stmt->ColumnInt(2));
      r.set_status(*status);
      r.set_draft_id(stmt->ColumnText(4));
      r.set_scenario_id(stmt->ColumnText(5));
      r.set_variant(stmt->ColumnText(6));
      r.set_outcome(stmt->ColumnText(7));
      // A rule that does not parse lists none ("—"): the listing still
      // lists, and `records show` names the damage.
      FillRules(stmt->ColumnBlob(8), stmt->ColumnBlob(9), stmt->ColumnBlob(10),
                r)
          .IgnoreError();
      records.push_back(std::move(r));
    }
  });
  if (!status.ok()) return status;
  return records;
}

}  // namespace concert::coordinator
