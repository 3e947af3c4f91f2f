#include "services/coordinator/records/sqlite.h"

#include <chrono>
#include <random>
#include <thread>
#include <utility>

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

absl::Status SqliteError(int code, sqlite3* db, absl::string_view what) {
  std::string message = absl::StrCat(
      what, ": ", db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(
          absl::StrCat(message,
                       " (another connection held the lock past the "
                       "busy timeout)"));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(message);
    case SQLITE_CONSTRAINT:
      return absl::FailedPreconditionError(message);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::PermissionDeniedError(message);
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return absl::ResourceExhaustedError(message);
    case SQLITE_CANTOPEN:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

// --- SqliteStatement -------------------------------------------------------

SqliteStatement::SqliteStatement(sqlite3_stmt* stmt, sqlite3* db)
    : stmt_(stmt), db_(db) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      bind_status_(std::move(other.bind_status_)) {}

SqliteStatement::~SqliteStatement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void SqliteStatement::Remember(int rc, absl::string_view what) {
  if (rc != SQLITE_OK && bind_status_.ok()) {
    bind_status_ = SqliteError(rc, db_, what);
  }
}

SqliteStatement& SqliteStatement::BindInt(int index, std::int64_t value) {
  Remember(sqlite3_bind_int64(stmt_, index, value), "bind");
  return *this;
}

SqliteStatement& SqliteStatement::BindDouble(int index, double value) {
  Remember(sqlite3_bind_double(stmt_, index, value), "bind");
  return *this;
}

SqliteStatement& SqliteStatement::BindText(int index, absl::string_view value) {
  Remember(sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8),
           "bind");
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, absl::string_view value) {
  // A zero-length blob bound from a null pointer would read as NULL.
  static const char kEmpty = 0;
  Remember(
      sqlite3_bind_blob64(stmt_, index, value.empty() ? &kEmpty : value.data(),
                          value.size(), SQLITE_TRANSIENT),
      "bind");
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  Remember(sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}

absl::StatusOr<bool> SqliteStatement::Step() {
  if (!bind_status_.ok()) return bind_status_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, db_, sqlite3_sql(stmt_));
}

absl::Status SqliteStatement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::ColumnInt(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double SqliteStatement::ColumnDouble(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     sqlite3_column_bytes(stmt_, column));
}

absl::string_view SqliteStatement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return absl::string_view();
  return absl::string_view(static_cast<const char*>(blob),
                           sqlite3_column_bytes(stmt_, column));
}

// --- SqliteDb --------------------------------------------------------------

SqliteDb::SqliteDb(sqlite3* db, std::string path, int busy_timeout_ms)
    : db_(db), busy_timeout_ms_(busy_timeout_ms), path_(std::move(path)) {}

int SqliteDb::OnBusy(void* self, int attempts) {
  auto* db = static_cast<SqliteDb*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (attempts == 0) db->busy_since_ = now;
  if (now - db->busy_since_ >=
      std::chrono::milliseconds(db->busy_timeout_ms_)) {
    return 0;  // give up: the statement fails with SQLITE_BUSY
  }
  thread_local std::minstd_rand jitter(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::microseconds(
      std::uniform_int_distribution<int>(250, 2000)(jitter)));
  return 1;  // try again
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(
    const std::string& path, const SqliteOptions& options) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  // Even on failure sqlite3_open_v2 usually returns a handle to close.
  std::unique_ptr<SqliteDb> db(
      new SqliteDb(raw, path, options.busy_timeout_ms));
  if (rc != SQLITE_OK) {
    return SqliteError(rc, raw, absl::StrCat("cannot open database ", path));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_handler(raw, &SqliteDb::OnBusy, db.get());
  // journal_mode=WAL is persistent in the file, but setting it again is
  // cheap and makes every connection agree. It needs the lock briefly.
  // Reading the schema here also tells a non-database file apart early
  // (SQLITE_NOTADB).
  if (absl::Status s = db->Exec("PRAGMA foreign_keys=ON"); !s.ok()) return s;
  // SQLite does not call the busy handler when this connection holds a
  // shared lock and needs an exclusive one while another holds a reserved
  // one (it could deadlock), so openers racing on a new file get
  // SQLITE_BUSY at once; they retry here, within the same busy timeout.
  const auto give_up = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(options.busy_timeout_ms);
  std::string mode;
  thread_local std::minstd_rand jitter(std::random_device{}());
  while (true) {
    absl::StatusOr<std::string> set = db->QueryText("PRAGMA journal_mode=WAL");
    if (set.ok()) {
      mode = *std::move(set);
      break;
    }
    if (!absl::IsUnavailable(set.status()) ||
        std::chrono::steady_clock::now() >= give_up) {
      return set.status();
    }
    std::this_thread::sleep_for(std::chrono::microseconds(
        std::uniform_int_distribution<int>(500, 5000)(jitter)));
  }
  if (mode != "wal") {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot put database ", path, " in WAL mode (journal mode is '", mode,
        "'); a record database needs a local file system"));
  }
  if (absl::Status s =
          db->Exec(options.full_sync ? "PRAGMA synchronous=FULL"
                                     : "PRAGMA synchronous=NORMAL");
      !s.ok()) {
    return s;
  }
  return db;
}

absl::Status SqliteDb::Exec(absl::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  sqlite3_free(error);  // the same text as sqlite3_errmsg
  return SqliteError(rc, db_, text.substr(0, 60));
}

absl::StatusOr<SqliteStatement> SqliteDb::Prepare(absl::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return SqliteStatement(it->second, db_);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(rc, db_, absl::StrCat("prepare ", sql.substr(0, 60)));
  }
  cache_.emplace(std::string(sql), stmt);
  return SqliteStatement(stmt, db_);
}

absl::StatusOr<std::int64_t> SqliteDb::QueryInt(absl::string_view sql) {
  absl::StatusOr<SqliteStatement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnInt(0) : 0;
}

absl::StatusOr<std::string> SqliteDb::QueryText(absl::string_view sql) {
  absl::StatusOr<SqliteStatement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnText(0) : "";
}

int SqliteDb::Changes() const { return sqlite3_changes(db_); }

// --- SqliteTransaction -----------------------------------------------------

absl::StatusOr<SqliteTransaction> SqliteTransaction::BeginWrite(SqliteDb& db) {
  if (absl::Status s = db.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  return SqliteTransaction(&db);
}

absl::StatusOr<SqliteTransaction> SqliteTransaction::BeginRead(SqliteDb& db) {
  if (absl::Status s = db.Exec("BEGIN"); !s.ok()) return s;
  return SqliteTransaction(&db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  if (db_ != nullptr) db_->Exec("ROLLBACK").IgnoreError();
}

absl::Status SqliteTransaction::Commit() {
  SqliteDb* db = std::exchange(db_, nullptr);
  if (db == nullptr) {
    return absl::FailedPreconditionError("transaction already finished");
  }
  absl::Status s = db->Exec("COMMIT");
  // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open.
  if (!s.ok()) db->Exec("ROLLBACK").IgnoreError();
  return s;
}

}  // namespace concert::coordinator
