// Thin RAII wrappers over the sqlite3 C API for the record store: a
// connection, a prepared statement and a transaction, each turning SQLite
// result codes into absl::Status with the connection's error message.
//
// A SqliteDb is used by one thread at a time (the record store leases
// connections from a pool); it is opened with SQLITE_OPEN_NOMUTEX for that
// reason. Writers take the write lock up front (BEGIN IMMEDIATE) and every
// connection waits on a locked database through its busy timeout, so
// concurrent writers — threads or processes — queue instead of failing.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_SQLITE_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_SQLITE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;

namespace concert::coordinator {

// How connections are opened.
struct SqliteOptions {
  // How long a statement waits for another connection's lock before it
  // fails with SQLITE_BUSY (reported as UNAVAILABLE). While waiting it
  // retries every 0.25-2 ms (randomized), not on SQLite's default schedule
  // that backs off to 100 ms: with the default, a waiter that has waited
  // long polls rarely and loses the lock to fresh writers again and again
  // (a 32-writer test saw single waits of several seconds). After 50 ms
  // of waiting it retries every 20-100 µs: without that aging, 32 writers
  // on a loaded machine (two cores, ASan, three busy loops) starved one of
  // them for 14-30 s while the others wrote; with it the longest wait was
  // 1.4-2.1 s.
  int busy_timeout_ms = 10000;
  // PRAGMA synchronous=FULL: every commit is fsync'ed, so a recorded vote
  // survives a power loss, not only a crash of the process (NORMAL).
  bool full_sync = true;
  // Open for reading only (SQLITE_OPEN_READONLY): nothing is written, not
  // even the journal mode, so a database the user cannot write — a file
  // 0400, a read-only directory or mount — can still be read. A WAL
  // database with no -wal file beside it (no connection has it open) is
  // read as immutable: SQLite would otherwise create the -wal and -shm
  // files, which it cannot in a read-only directory and which a reader
  // should not leave behind. (A writer that opens it during that read
  // could checkpoint under it; the read is short, and `records` commands
  // are run again at will.)
  bool read_only = false;
  // PRAGMA max_page_count when > 0: the database cannot grow beyond this
  // many pages, and a write that needs more fails with SQLITE_FULL, as on a
  // full disk. For tests; when 0, $CONCERT_TEST_DB_MAX_PAGES (a number) sets
  // it, so that a process test can fill the disk of a real coordinator.
  std::int64_t max_page_count = 0;
};

// The Status for a failed SQLite call: the code mapped to a canonical code
// (BUSY/LOCKED → UNAVAILABLE, CORRUPT/NOTADB → DATA_LOSS, CONSTRAINT →
// FAILED_PRECONDITION, READONLY/PERM → PERMISSION_DENIED, FULL →
// RESOURCE_EXHAUSTED, CANTOPEN → FAILED_PRECONDITION, else INTERNAL) and a
// message "records database <path>: <what>: <sqlite message>", so that every
// error from the database names its file (the path is `db`'s main file, or
// `path` when given).
absl::Status SqliteError(int code, sqlite3* db, absl::string_view what,
                         absl::string_view path = "");

// A prepared statement borrowed from its connection's cache. Bind with
// 1-based indices, Step through rows, read 0-based columns. On destruction
// the statement is reset and its bindings cleared, ready for reuse. It must
// not outlive its SqliteDb.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binders; the first failure is remembered and returned by Step/Run.
  SqliteStatement& BindInt(int index, std::int64_t value);
  SqliteStatement& BindDouble(int index, double value);
  // Text and blobs are copied by SQLite (SQLITE_TRANSIENT).
  SqliteStatement& BindText(int index, absl::string_view value);
  SqliteStatement& BindBlob(int index, absl::string_view value);
  SqliteStatement& BindNull(int index);

  // Advances: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, ignoring rows (for INSERT/UPDATE/DELETE).
  absl::Status Run();

  bool IsNull(int column) const;
  std::int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  // Valid until the next Step or the destruction of the statement.
  absl::string_view ColumnBlob(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db);
  void Remember(int rc, absl::string_view what);

  sqlite3_stmt* stmt_;
  sqlite3* db_;
  absl::Status bind_status_;
};

class SqliteDb {
 public:
  // Opens (creating when missing) the database file at `path`, read-write,
  // then sets the busy timeout, foreign_keys=ON, journal_mode=WAL and the
  // synchronous level. A file it creates is created 0600 whatever the
  // umask (records hold the parties' private models; SQLite gives the -wal
  // and -shm files the main file's mode); an existing file keeps its mode.
  // With options.read_only, opens an existing file for reading only (see
  // SqliteOptions). Fails FAILED_PRECONDITION when the file cannot be
  // opened, DATA_LOSS when it is not an SQLite database.
  static absl::StatusOr<std::unique_ptr<SqliteDb>> Open(
      const std::string& path, const SqliteOptions& options);

  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs SQL text (one or more statements) that returns no rows of interest.
  absl::Status Exec(absl::string_view sql);
  // A statement for `sql`, prepared once per connection and cached. At most
  // one SqliteStatement per distinct SQL text may be alive at a time.
  absl::StatusOr<SqliteStatement> Prepare(absl::string_view sql);
  // The first column of the first row of `sql` as an integer (0 if no row).
  absl::StatusOr<std::int64_t> QueryInt(absl::string_view sql);
  // The first column of the first row of `sql` as text ("" if no row).
  absl::StatusOr<std::string> QueryText(absl::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  SqliteDb(sqlite3* db, std::string path, int busy_timeout_ms);
  static absl::StatusOr<std::unique_ptr<SqliteDb>> OpenReadOnly(
      const std::string& path, const SqliteOptions& options);
  static int OnBusy(void* self, int attempts);

  sqlite3* db_;
  const int busy_timeout_ms_;
  std::chrono::steady_clock::time_point busy_since_;
  std::string path_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> cache_;
};

// A transaction on one connection; rolled back on destruction unless
// committed.
class SqliteTransaction {
 public:
  // BEGIN IMMEDIATE: takes the write lock now, waiting up to the busy
  // timeout, so no statement inside fails later for want of the lock.
  static absl::StatusOr<SqliteTransaction> BeginWrite(SqliteDb& db);
  // BEGIN (deferred): a consistent snapshot for several reads.
  static absl::StatusOr<SqliteTransaction> BeginRead(SqliteDb& db);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  absl::Status Commit();

 private:
  explicit SqliteTransaction(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;  // null once committed, rolled back or moved from
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_SQLITE_H_
