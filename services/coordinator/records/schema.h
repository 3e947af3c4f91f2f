// The record database's schema and its forward migrations.
//
// The schema version lives in PRAGMA user_version (0 = empty file). Each
// migration step takes the schema from version k-1 to k; OpenSchema applies
// the missing steps in order inside one IMMEDIATE transaction, so concurrent
// openers (threads or processes) migrate exactly once and a failed step
// leaves the file as it was. Steps are never edited once released: a schema
// change is a new step appended to the list.
//
// Version history:
//   1  sessions, rounds, votes, explorations.
//   2  a one-line `outcome` on sessions and explorations (back-filled from
//      the stored summaries/results) and indexes for listing by time.
//   3  votes named as the wire names them since its enum values took their
//      prefix: VOTE_SUPPORT, VOTE_ABSTAIN, VOTE_OBJECT.
//   4  registrations: where the parties that registered serve.
//   5  comparisons, and the consensus graphs of their rows
//      (comparison_graphs).
//   6  the owning process of sessions, explorations and comparisons
//      (owner_boot, owner_pid_ns, owner_pid, owner_start; records/owner.h).
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_SCHEMA_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_SCHEMA_H_

#include <cstdint>

#include "absl/status/status.h"
#include "services/coordinator/records/sqlite.h"

namespace concert::coordinator {

// The version this code writes and reads.
inline constexpr int kRecordSchemaVersion = 7;

// PRAGMA application_id of a concert record database ("conc").
inline constexpr std::int32_t kRecordApplicationId = 0x636f6e63;

// Brings the database to kRecordSchemaVersion. Fails
//   FAILED_PRECONDITION when the file's version is newer than this code's
//     (the message names both versions) or the file is some other
//     application's database;
//   the migration step's error otherwise (nothing is changed then).
absl::Status OpenSchema(SqliteDb& db);

// For a database opened read-only: checks it is a concert record database at
// kRecordSchemaVersion, changing nothing (reading needs no migration). Fails
// FAILED_PRECONDITION naming the file and both versions when its schema is
// older (a command that writes, or a coordinator, migrates it) or newer, or
// when it is some other application's database.
absl::Status CheckSchemaReadOnly(SqliteDb& db);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_SCHEMA_H_
