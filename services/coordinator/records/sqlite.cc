#include "services/coordinator/records/sqlite.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>
#include <utility>

#include <sqlite3.h>
#include <sys/stat.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace concert::coordinator {

namespace {

// The start of a statement's text on one line, for messages.
std::string Abbreviated(absl::string_view sql) {
  std::string line;
  for (char c : absl::StripAsciiWhitespace(sql)) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      if (!line.empty() && line.back() != ' ') line.push_back(' ');
    } else {
      line.push_back(c);
    }
    if (line.size() >= 60) return absl::StrCat(line, "…");
  }
  return line;
}

// Creates `path` 0600 when it does not exist, so that SQLite opens a file
// that is private from the start (it would create it 0644 under the usual
// umask, and its -wal and -shm files after it). fchmod, because the umask
// applies to open's mode. An existing file is left as it is; any failure is
// left to sqlite3_open_v2 to report.
void CreatePrivate(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) return;
  (void)fchmod(fd, S_IRUSR | S_IWUSR);
  close(fd);
}

// The page limit of SqliteOptions::max_page_count, or of its environment
// variable for tests.
std::int64_t MaxPageCount(const SqliteOptions& options) {
  if (options.max_page_count > 0) return options.max_page_count;
  const char* env = std::getenv("CONCERT_TEST_DB_MAX_PAGES");
  std::int64_t pages = 0;
  if (env == nullptr || !absl::SimpleAtoi(env, &pages)) return 0;
  return pages > 0 ? pages : 0;
}

}  // namespace

absl::Status SqliteError(int code, sqlite3* db, absl::string_view what,
                         absl::string_view path) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  if (path.empty() && file != nullptr) path = file;
  std::string message =
      absl::StrCat("records database ", path.empty() ? "(unnamed)" : path, ": ",
                   Abbreviated(what), ": ",
                   db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
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
  const auto waited = now - db->busy_since_;
  if (waited >= std::chrono::milliseconds(db->busy_timeout_ms_)) {
    return 0;  // give up: the statement fails with SQLITE_BUSY
  }
  // Aging: a waiter that has waited long polls more often than a fresh
  // one, so that it is not beaten to the lock again and again.
  thread_local std::minstd_rand jitter(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::microseconds(
      waited >= std::chrono::milliseconds(50)
          ? std::uniform_int_distribution<int>(20, 100)(jitter)
          : std::uniform_int_distribution<int>(250, 2000)(jitter)));
  return 1;  // try again
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(
    const std::string& path, const SqliteOptions& options) {
  if (options.read_only) return OpenReadOnly(path, options);
  CreatePrivate(path);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  // Even on failure sqlite3_open_v2 usually returns a handle to close.
  std::unique_ptr<SqliteDb> db(
      new SqliteDb(raw, path, options.busy_timeout_ms));
  if (rc != SQLITE_OK) return SqliteError(rc, raw, "cannot open", path);
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
    return absl::FailedPreconditionError(
        absl::StrCat("records database ", path,
                     ": cannot put it in WAL mode (journal mode "
                     "is '",
                     mode, "'); a record database needs a local file system"));
  }
  if (absl::Status s =
          db->Exec(options.full_sync ? "PRAGMA synchronous=FULL"
                                     : "PRAGMA synchronous=NORMAL");
      !s.ok()) {
    return s;
  }
  if (const std::int64_t pages = MaxPageCount(options); pages > 0) {
    if (absl::Status s =
            db->Exec(absl::StrCat("PRAGMA max_page_count=", pages));
        !s.ok()) {
      return s;
    }
  }
  return db;
}

absl::StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::OpenReadOnly(
    const std::string& path, const SqliteOptions& options) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return absl::NotFoundError(absl::StrCat("records database ", path,
                                            ": no such file (nothing has "
                                            "been recorded there)"));
  }
  // Without a -wal file no connection has the database open (the last one
  // to close removes it), so the main file holds every commit: read it as
  // immutable, creating nothing beside it. With one, a writer may be at
  // work: read through the -wal and -shm under SQLite's locks.
  const bool immutable = !std::filesystem::exists(path + "-wal", error);
  std::string uri = "file:";
  for (char c : path) {
    // A URI's path: '?' and '#' would end it, '%' escapes.
    if (c == '?' || c == '#' || c == '%') {
      absl::StrAppend(
          &uri, "%", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      uri.push_back(c);
    }
  }
  absl::StrAppend(&uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
      uri.c_str(), &raw,
      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<SqliteDb> db(
      new SqliteDb(raw, path, options.busy_timeout_ms));
  if (rc != SQLITE_OK) return SqliteError(rc, raw, "cannot open", path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_handler(raw, &SqliteDb::OnBusy, db.get());
  // Reading the schema tells a non-database file apart early.
  if (absl::Status s = db->Exec("PRAGMA query_only=ON"); !s.ok()) return s;
  if (absl::StatusOr<std::int64_t> tables =
          db->QueryInt("SELECT count(*) FROM sqlite_schema");
      !tables.ok()) {
    return tables.status();
  }
  return db;
}

absl::Status SqliteDb::Exec(absl::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  sqlite3_free(error);  // the same text as sqlite3_errmsg
  return SqliteError(rc, db_, text);
}

absl::StatusOr<SqliteStatement> SqliteDb::Prepare(absl::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return SqliteStatement(it->second, db_);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(rc, db_, absl::StrCat("prepare ", sql));
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
