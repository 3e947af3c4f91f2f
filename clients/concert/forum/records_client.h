// How the record commands (`concert records …`, `concert resume`, the
// --replay of `run` and `explore`) reach the record database: always through
// a coordinator — the one at --coordinator, or an embedded forum opened over
// the database --db names — never by reading the file behind its back.
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_RECORDS_CLIENT_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_RECORDS_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/forum/forum_flags.h"
#include "concert/v1/records.pb.h"

namespace concert::cli {

// The coordinator at `flags.coordinator`, or an embedded forum of the
// built-in scenario over the database `flags.db` (the scenario does not
// matter to reading records). `flags.scenario` and `flags.variant` are
// ignored. `read_only`: the embedded forum only reads the database (the
// `records` commands), which must exist — NOT_FOUND naming it otherwise —
// and may be a file the user cannot write; it is never written, migrated
// or created then.
absl::StatusOr<std::unique_ptr<ForumConnection>> OpenRecordsForum(
    const ForumFlags& flags, bool read_only = false);

// GetRecord for `id`. A coordinator's NOT_FOUND becomes "no record ID"
// (still NOT_FOUND); other failures keep their code and message.
absl::StatusOr<v1::Record> FetchRecord(ForumConnection& forum,
                                       const std::string& id,
                                       bool include_graph);

// What a record was made from (empty for an empty record or a comparison,
// which records its scenario and request instead).
const v1::RecordInputs& InputsOf(const v1::Record& record);

// The scenario a record was made with, whatever its kind.
const v1::Scenario& ScenarioOf(const v1::Record& record);

// A record together with a forum able to reproduce it.
struct ForumForRecord {
  v1::Record record;
  std::unique_ptr<ForumConnection> connection;
};

// Fetches record `id` and returns it with a forum to rerun or resume it:
// with `flags.coordinator`, that coordinator (which keeps its own scenario
// and parties); without it, an embedded forum over `flags.db` started with
// the RECORD's scenario, so the same parties with the same interests vote
// again (the forum used to read the record is reused when the record's
// scenario is the built-in one).
absl::StatusOr<ForumForRecord> OpenForumForRecord(const ForumFlags& flags,
                                                  const std::string& id,
                                                  bool include_graph);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_RECORDS_CLIENT_H_
