#include "services/coordinator/records/schema.h"

#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/session.pb.h"
#include "services/common/names.h"
#include "services/coordinator/records/outcome.h"

namespace concert::coordinator {

namespace {

// Version 1. Votes are keyed by (session, round number, party) and refer to
// the session only: a vote is recorded before its round row exists.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE sessions (
  id                  TEXT PRIMARY KEY NOT NULL,
  scenario_id         TEXT NOT NULL,
  draft_id            TEXT NOT NULL,
  scenario            BLOB NOT NULL,
  scenario_sha256     TEXT NOT NULL,
  draft               BLOB NOT NULL,
  draft_sha256        TEXT NOT NULL,
  variant             TEXT NOT NULL,
  rule                BLOB NOT NULL,
  started_at_ms       INTEGER NOT NULL,
  ended_at_ms         INTEGER,
  status              TEXT NOT NULL CHECK (status IN
                        ('RUNNING','CONSENSUS','DEADLOCK','SUSPENDED','INTERRUPTED')),
  coordinator_version TEXT NOT NULL,
  header              BLOB NOT NULL,
  summary             BLOB
);
CREATE TABLE rounds (
  session_id       TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  number           INTEGER NOT NULL,
  pass             INTEGER NOT NULL,
  proposal         TEXT NOT NULL,
  outcome          TEXT NOT NULL,
  blocking_parties TEXT NOT NULL,
  conditions       TEXT NOT NULL,
  explanation      TEXT NOT NULL,
  round            BLOB NOT NULL,
  PRIMARY KEY (session_id, number)
) WITHOUT ROWID;
CREATE TABLE votes (
  session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  round_number   INTEGER NOT NULL,
  party          TEXT NOT NULL,
  position       INTEGER NOT NULL,
  proposal       TEXT NOT NULL,
  vote           TEXT NOT NULL,
  utility_change REAL NOT NULL,
  rationale      TEXT NOT NULL,
  conditions     TEXT NOT NULL,
  latency_us     INTEGER NOT NULL,
  attempts       INTEGER NOT NULL,
  absent         INTEGER NOT NULL,
  PRIMARY KEY (session_id, round_number, party)
) WITHOUT ROWID;
CREATE TABLE explorations (
  id                  TEXT PRIMARY KEY NOT NULL,
  scenario_id         TEXT NOT NULL,
  draft_id            TEXT NOT NULL,
  scenario            BLOB NOT NULL,
  scenario_sha256     TEXT NOT NULL,
  draft               BLOB NOT NULL,
  draft_sha256        TEXT NOT NULL,
  variant             TEXT NOT NULL,
  rule                BLOB NOT NULL,
  strategy            TEXT NOT NULL,
  created_at_ms       INTEGER NOT NULL,
  status              TEXT NOT NULL CHECK (status IN
                        ('RUNNING','COMPLETE','FAILED','INTERRUPTED')),
  coordinator_version TEXT NOT NULL,
  result              BLOB NOT NULL,
  graph               BLOB
);
)sql";

// Version 2: listings read one column instead of parsing every summary.
constexpr char kSchemaV2[] = R"sql(
ALTER TABLE sessions ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE explorations ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_start ON sessions(started_at_ms);
CREATE INDEX sessions_by_status ON sessions(status);
CREATE INDEX explorations_by_creation ON explorations(created_at_ms);
)sql";

int DraftSize(absl::string_view draft_bytes) {
  v1::CharterDraft draft;
  if (!draft.ParseFromArray(draft_bytes.data(),
                            static_cast<int>(draft_bytes.size()))) {
    return 0;
  }
  return draft.proposals_size();
}

// Fills the outcome column of version-1 rows from their stored blobs.
absl::Status BackfillOutcomes(SqliteDb& db) {
  struct Row {
    std::string id;
    std::string line;
  };
  std::vector<Row> rows;
  {
    absl::StatusOr<SqliteStatement> read =
        db.Prepare("SELECT id, status, summary, draft FROM sessions");
    if (!read.ok()) return read.status();
    while (true) {
      absl::StatusOr<bool> row = read->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::string line = "running";
      if (!read->IsNull(2)) {
        v1::SessionSummary summary;
        absl::string_view bytes = read->ColumnBlob(2);
        if (summary.ParseFromArray(bytes.data(),
                                   static_cast<int>(bytes.size()))) {
          line = SessionOutcomeLine(summary, DraftSize(read->ColumnBlob(3)));
        }
      } else if (read->ColumnText(1) != "RUNNING") {
        line = absl::AsciiStrToLower(read->ColumnText(1));
      }
      rows.push_back({read->ColumnText(0), std::move(line)});
    }
  }
  for (const Row& r : rows) {
    absl::StatusOr<SqliteStatement> write =
        db.Prepare("UPDATE sessions SET outcome = ?2 WHERE id = ?1");
    if (!write.ok()) return write.status();
    write->BindText(1, r.id).BindText(2, r.line);
    if (absl::Status s = write->Run(); !s.ok()) return s;
  }
  rows.clear();
  {
    absl::StatusOr<SqliteStatement> read =
        db.Prepare("SELECT id, status, result, draft FROM explorations");
    if (!read.ok()) return read.status();
    while (true) {
      absl::StatusOr<bool> row = read->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      absl::StatusOr<v1::RecordStatus> status =
          ParseRecordStatus(read->ColumnText(1));
      v1::Exploration result;
      absl::string_view bytes = read->ColumnBlob(2);
      result.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
      rows.push_back({read->ColumnText(0),
                      ExplorationOutcomeLine(
                          result, status.value_or(v1::RECORD_STATUS_COMPLETE),
                          DraftSize(read->ColumnBlob(3)))});
    }
  }
  for (const Row& r : rows) {
    absl::StatusOr<SqliteStatement> write =
        db.Prepare("UPDATE explorations SET outcome = ?2 WHERE id = ?1");
    if (!write.ok()) return write.status();
    write->BindText(1, r.id).BindText(2, r.line);
    if (absl::Status s = write->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

struct Migration {
  // The version the step produces.
  int version;
  const char* sql;
  // Run after `sql`, for data the SQL cannot compute; may be null.
  absl::Status (*backfill)(SqliteDb&);
};

// Version 3: votes are stored under the wire's prefixed names (VOTE_SUPPORT),
// as concert.v1.Vote spells them since its values took the enum's prefix.
constexpr char kSchemaV3[] = R"sql(
UPDATE votes SET vote = 'VOTE_' || vote WHERE vote IN ('SUPPORT', 'ABSTAIN', 'OBJECT');
)sql";

// Version 4: the parties that registered with a coordinator (RegisterParty),
// so that a coordinator restarted on the same database still knows where
// they serve. One row per party id: the latest registration that the
// coordinator accepted.
constexpr char kSchemaV4[] = R"sql(
CREATE TABLE registrations (
  party_id         TEXT PRIMARY KEY NOT NULL,
  address          TEXT NOT NULL,
  registered_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 5: comparisons (`concert compare`). The request is kept whole,
// drafts included, so a comparison can be run again from its record alone.
// The result goes in as one zlib-compressed blob without its rows' graphs
// (records/compressed_blob.h); each row's consensus graph, when the
// comparison kept graphs, is a graph blob (records/graph_blob.h) of its own
// in comparison_graphs, keyed by the row's index in the result. The
// listing's columns are computed when the row is written: the drafts' and
// variants' names joined by ", ", and the one-line outcome.
constexpr char kSchemaV5[] = R"sql(
CREATE TABLE comparisons (
  id                  TEXT PRIMARY KEY NOT NULL,
  scenario_id         TEXT NOT NULL,
  scenario            BLOB NOT NULL,
  scenario_sha256     TEXT NOT NULL,
  request             BLOB NOT NULL,
  draft_ids           TEXT NOT NULL,
  variants            TEXT NOT NULL,
  created_at_ms       INTEGER NOT NULL,
  status              TEXT NOT NULL CHECK (status IN
                        ('RUNNING','COMPLETE','FAILED','INTERRUPTED')),
  coordinator_version TEXT NOT NULL,
  result              BLOB,
  error               TEXT NOT NULL DEFAULT '',
  outcome             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comparisons_by_creation ON comparisons(created_at_ms);
CREATE TABLE comparison_graphs (
  comparison_id TEXT NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
  row_index     INTEGER NOT NULL,
  graph         BLOB NOT NULL,
  PRIMARY KEY (comparison_id, row_index)
) WITHOUT ROWID;
)sql";

// Version 6: the process that runs a record while it is RUNNING
// (records/owner.h): boot id, pid namespace, pid and start time, so that a
// process opening the database can tell a record whose owner died from one
// still being written. Rows from before have no owner: their owner counts
// as dead, as every RUNNING row did.
constexpr char kSchemaV6[] = R"sql(
ALTER TABLE sessions ADD COLUMN owner_boot TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN owner_pid_ns TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN owner_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE explorations ADD COLUMN owner_boot TEXT NOT NULL DEFAULT '';
ALTER TABLE explorations ADD COLUMN owner_pid_ns TEXT NOT NULL DEFAULT '';
ALTER TABLE explorations ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE explorations ADD COLUMN owner_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comparisons ADD COLUMN owner_boot TEXT NOT NULL DEFAULT '';
ALTER TABLE comparisons ADD COLUMN owner_pid_ns TEXT NOT NULL DEFAULT '';
ALTER TABLE comparisons ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comparisons ADD COLUMN owner_start INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 7: a vote's interpretative statement (CastVote.statement): the
// party joins the decision on the understanding it sets out. Votes from
// before made none.
constexpr char kSchemaV7[] = R"sql(
ALTER TABLE votes ADD COLUMN statement TEXT NOT NULL DEFAULT '';
)sql";

constexpr Migration kMigrations[] = {
    {1, kSchemaV1, nullptr}, {2, kSchemaV2, BackfillOutcomes},
    {3, kSchemaV3, nullptr}, {4, kSchemaV4, nullptr},
    {5, kSchemaV5, nullptr}, {6, kSchemaV6, nullptr},
    {7, kSchemaV7, nullptr},
};
static_assert(std::size(kMigrations) == kRecordSchemaVersion,
              "one migration step per schema version");

absl::Status TooNew(const SqliteDb& db, std::int64_t version) {
  return absl::FailedPreconditionError(absl::StrCat(
      "records database ", db.path(), " has schema version ", version,
      ", newer than the version this concert understands (",
      kRecordSchemaVersion, "); use a newer concert or another --db file"));
}

// Checks the file belongs to concert (or is empty) before touching it.
absl::Status CheckOwner(SqliteDb& db, std::int64_t version) {
  absl::StatusOr<std::int64_t> app = db.QueryInt("PRAGMA application_id");
  if (!app.ok()) return app.status();
  if (*app != 0 && *app != kRecordApplicationId) {
    return absl::FailedPreconditionError(absl::StrCat(
        db.path(), " is another application's SQLite database (application_id ",
        *app, "), not a concert record database"));
  }
  if (version == 0) {
    absl::StatusOr<std::int64_t> tables =
        db.QueryInt("SELECT count(*) FROM sqlite_schema");
    if (!tables.ok()) return tables.status();
    if (*tables > 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(db.path(),
                       " holds tables but no concert schema version; "
                       "it is not a concert record database"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status OpenSchema(SqliteDb& db) {
  absl::StatusOr<std::int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > kRecordSchemaVersion) return TooNew(db, *version);
  if (*version == kRecordSchemaVersion) return CheckOwner(db, *version);

  // Another opener may be migrating: take the write lock, then look again.
  absl::StatusOr<SqliteTransaction> txn = SqliteTransaction::BeginWrite(db);
  if (!txn.ok()) return txn.status();
  version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > kRecordSchemaVersion) return TooNew(db, *version);
  if (absl::Status s = CheckOwner(db, *version); !s.ok()) return s;
  for (const Migration& step : kMigrations) {
    if (step.version <= *version) continue;
    if (absl::Status s = db.Exec(step.sql); !s.ok()) {
      return absl::Status(
          s.code(), absl::StrCat("migrating to schema version ", step.version,
                                 ": ", s.message()));
    }
    if (step.backfill != nullptr) {
      if (absl::Status s = step.backfill(db); !s.ok()) return s;
    }
  }
  if (absl::Status s = db.Exec(
          absl::StrCat("PRAGMA application_id = ", kRecordApplicationId,
                       "; PRAGMA user_version = ", kRecordSchemaVersion));
      !s.ok()) {
    return s;
  }
  return txn->Commit();
}

absl::Status CheckSchemaReadOnly(SqliteDb& db) {
  absl::StatusOr<std::int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > kRecordSchemaVersion) return TooNew(db, *version);
  if (absl::Status s = CheckOwner(db, *version); !s.ok()) return s;
  if (*version < kRecordSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "records database ", db.path(), " has schema version ", *version,
        ", older than this concert's (", kRecordSchemaVersion,
        "), and reading it changes nothing: open it once with a command "
        "that records (e.g. `concert run`) or a coordinator, with write "
        "access, to migrate it"));
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
