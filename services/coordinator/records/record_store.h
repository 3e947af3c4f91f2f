// The coordinator's record store (DESIGN.md, "Records"): every session with
// its rounds and votes, every exploration with its consensus graph, and
// every comparison with its request and result, in one SQLite database, each
// with the exact scenario and draft (serialized, with SHA-256 digests) so any
// record can be reproduced.
//
// Durability and concurrency:
//   - WAL journal, foreign keys on, synchronous=FULL by default: a call that
//     returned OK has been committed and fsync'ed — except RecordVotes,
//     whose votes reach the disk with their round (see there).
//   - Every write is one IMMEDIATE transaction. Writers of this process
//     queue on a mutex (SQLite admits one writer at a time anyway, and a
//     mutex hands the lock over without the busy handler's sleep-polling);
//     writers of other processes wait through the busy timeout (10 s by
//     default). Readers never wait for writers (WAL).
//   - Connections come from a small pool: a call leases one, uses it on the
//     calling thread, and returns it. The store is thread-safe; several
//     processes may open the same file (on a local file system — WAL needs
//     shared memory, so not NFS).
//   - Opening migrates an older schema forward and refuses a newer one
//     (records/schema.h).
//
// Votes are keyed by (session, round number, party) and recorded before
// their round's outcome; re-recording a vote replaces it (idempotent).
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_RECORD_STORE_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_RECORD_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/session.pb.h"
#include "services/coordinator/records/sqlite.h"
#include "services/coordinator/records/types.h"

namespace concert::coordinator {

struct RecordStoreOptions {
  SqliteOptions sqlite;
  // Connections kept open for reuse; more are opened when several threads
  // call at once, and closed when returned beyond this number.
  int max_idle_connections = 8;
};

class RecordStore {
 public:
  // Opens (creating when missing) the database at `path` and brings its
  // schema up to date. INVALID_ARGUMENT for an empty path or ":memory:"
  // (the pool needs one shared file); FAILED_PRECONDITION when the file
  // cannot be opened, belongs to another application, or has a newer
  // schema version than this code. With options.sqlite.read_only the file
  // must exist (NOT_FOUND) and is only read: its schema must be this code's
  // (FAILED_PRECONDITION naming both versions otherwise: reading migrates
  // nothing), and every write fails PERMISSION_DENIED. Every error from the
  // database names its file.
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(
      const std::string& path, const RecordStoreOptions& options = {});

  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;
  ~RecordStore();

  const std::string& path() const { return path_; }

  // --- Sessions ------------------------------------------------------------

  // Records a new RUNNING session. INVALID_ARGUMENT for an empty id,
  // ALREADY_EXISTS when the id is taken.
  absl::Status BeginSession(const SessionRecordHeader& header);

  // Records votes cast in round `round_number` on `proposal`, before the
  // round's outcome is known; call it with all of a round's votes or one
  // at a time as they arrive. A vote already recorded for the same
  // (session, round, party) is replaced. Votes are read back in the order
  // of the header's parties (scenario order), parties the header does not
  // list after them by id. NOT_FOUND for an unknown session,
  // FAILED_PRECONDITION when it is not RUNNING.
  //
  // Votes are durable against the process being killed the moment this
  // returns (the transaction is in the WAL, in the system's cache), and
  // against a power cut once the round is recorded (RecordRound's fsync
  // covers the WAL written before it): a vote arrives on one of gRPC's few
  // callback threads, and an fsync per vote there held a coordinator under
  // load to some 90 rounds a second (tests/bench/load_bench).
  absl::Status RecordVotes(const std::string& session_id, int round_number,
                           const std::string& proposal,
                           const std::vector<v1::CastVote>& votes);

  // Records a round whose outcome is known, with its votes (replacing any
  // recorded for it), in one transaction. Re-recording a round replaces it.
  // Errors as RecordVotes.
  absl::Status RecordRound(const std::string& session_id,
                           const v1::Round& round);

  // Ends a RUNNING session: its status becomes the summary's outcome.
  // INVALID_ARGUMENT for a summary without an outcome; otherwise errors as
  // RecordVotes.
  absl::Status EndSession(const std::string& session_id,
                          const v1::SessionSummary& summary);

  // Marks a RUNNING session INTERRUPTED with a summary rebuilt from its
  // recorded rounds (outcome INTERRUPTED, rounds, passes, adopted); its
  // rounds and votes are kept. OK when it is already INTERRUPTED; NOT_FOUND
  // or FAILED_PRECONDITION (ended otherwise) else.
  absl::Status MarkInterrupted(const std::string& session_id);

  // For a process opening the database (a coordinator starting up): marks
  // every RUNNING session, exploration and comparison whose owning process
  // has died (records/owner.h) INTERRUPTED (sessions as MarkInterrupted
  // does), in one transaction, and returns their ids (sessions, then
  // explorations, then comparisons, each group by id). Records a live
  // process is still writing — an embedded forum's `concert run` beside a
  // standalone coordinator on one database — are left alone.
  absl::StatusOr<std::vector<std::string>> MarkStaleSessionsInterrupted();

  // Makes a SUSPENDED or INTERRUPTED session — or a RUNNING one whose owning
  // process has died — RUNNING again under this process (its summary and
  // end time are cleared; rounds and votes are kept), so it can be
  // continued. NOT_FOUND; FAILED_PRECONDITION for a session a live process
  // runs (naming it) or one that ended.
  absl::Status ResumeSession(const std::string& session_id);

  // The session as recorded. NOT_FOUND for an unknown id; DATA_LOSS when a
  // stored scenario or draft no longer matches its digest or a blob does
  // not parse.
  absl::StatusOr<StoredSession> LoadSession(const std::string& session_id);

  // --- Explorations --------------------------------------------------------

  // Records an exploration; its graph (result.graph, when present) goes to
  // one compressed blob (records/graph_blob.h). Saving an id again
  // replaces the record but keeps its creation time (e.g. RUNNING first,
  // COMPLETE at the end). Takes the record by value: pass it with std::move
  // — a graph may hold millions of edges. INVALID_ARGUMENT for an empty id,
  // a status no exploration has, or a malformed graph.
  absl::Status SaveExploration(ExplorationRecord record);

  // The exploration as recorded, with its graph restored. Errors as
  // LoadSession.
  absl::StatusOr<ExplorationRecord> LoadExploration(const std::string& id);

  // --- Comparisons ---------------------------------------------------------
  // (record_store_comparisons.cc) A comparison is recorded RUNNING before it
  // starts and ends COMPLETE with its result or FAILED with its error, so
  // one cut short by a crash leaves a record that the next coordinator
  // marks INTERRUPTED.

  // Records a new RUNNING comparison from `record`'s id, scenario (the
  // parties' addresses are left out here: where a party listens is not part
  // of the forum), request (kept whole, drafts included), coordinator
  // version and created_at_ms (0: now); its status, result and error are
  // ignored. INVALID_ARGUMENT for an empty id, ALREADY_EXISTS when the id is
  // taken.
  absl::Status BeginComparison(const ComparisonRecord& record);

  // Ends the RUNNING comparison `id` COMPLETE with `result` (its
  // comparison_id is set to `id` when empty). The rows' consensus graphs,
  // when the comparison kept them, are each stored as a graph blob
  // (records/graph_blob.h); the rest of the result as one compressed blob.
  // Takes the result by value: pass it with std::move — its graphs may hold
  // millions of edges. NOT_FOUND for an unknown id, FAILED_PRECONDITION
  // when the comparison is not RUNNING, INVALID_ARGUMENT for a malformed
  // graph.
  absl::Status FinishComparison(const std::string& id, v1::Comparison result);

  // Ends the RUNNING comparison `id` FAILED with `error` (why, for people).
  // Errors as FinishComparison.
  absl::Status FailComparison(const std::string& id, const std::string& error);

  // The comparison as recorded, its rows' graphs restored (nodes sorted by
  // set, see graph_blob.h). NOT_FOUND for an unknown id; DATA_LOSS when the
  // stored scenario no longer matches its digest or a blob does not parse.
  absl::StatusOr<ComparisonRecord> LoadComparison(const std::string& id);

  // --- Registrations -------------------------------------------------------

  // Keeps `address` as where party `party_id` serves, replacing what was
  // kept for it: the coordinator calls it once it has accepted a
  // registration. INVALID_ARGUMENT for an empty id or address.
  absl::Status SaveRegistration(const std::string& party_id,
                                const std::string& address);
  // Every registration kept, by party id.
  absl::StatusOr<std::vector<Registration>> LoadRegistrations();

  // --- Listing -------------------------------------------------------------

  // Records of `kind` (RECORD_KIND_UNSPECIFIED for all), newest first (ties by
  // id, descending), at most `limit` of them (limit <= 0: all). A
  // comparison's summary holds its drafts' ids joined by ", " as draft_id
  // and its variants likewise ("baseline" for "", empty when it compared
  // the baseline alone) as variant.
  absl::StatusOr<std::vector<RecordSummary>> List(v1::RecordKind kind,
                                                  int limit);

 private:
  RecordStore(std::string path, const RecordStoreOptions& options);

  // Brings `db`'s schema up to date, or only checks it when read-only.
  absl::Status CheckSchema(SqliteDb& db) const;
  absl::StatusOr<std::unique_ptr<SqliteDb>> Acquire();
  void Release(std::unique_ptr<SqliteDb> db);
  // How far a write is durable when Write returns.
  enum class Durability {
    kPowerLoss,     // fsync'ed (when options.sqlite.full_sync)
    kProcessCrash,  // in the WAL, not yet fsync'ed (synchronous=NORMAL)
  };
  // Runs `body` inside one IMMEDIATE transaction and commits it when `body`
  // returns OK (rolls back otherwise).
  absl::Status Write(absl::FunctionRef<absl::Status(SqliteDb&)> body,
                     Durability durability = Durability::kPowerLoss);
  // Runs `body` inside one read transaction (a consistent snapshot).
  absl::Status Read(absl::FunctionRef<absl::Status(SqliteDb&)> body);

  const std::string path_;
  const RecordStoreOptions options_;
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<SqliteDb>> idle_ ABSL_GUARDED_BY(pool_mu_);
  // One writer of this process at a time. It guards no member but the
  // database's write lock, and is held while Write leases a connection.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(pool_mu_);
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_RECORD_STORE_H_
