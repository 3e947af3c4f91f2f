// Where the record database lives, and how records are named.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_PATH_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_PATH_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace concert::coordinator {

// The database file, first of:
//   `flag_value` (the --db FILE flag) when not empty;
//   $CONCERT_DB when set and not empty;
//   $XDG_DATA_HOME/concert/concert.db when XDG_DATA_HOME is an absolute path;
//   $HOME/.local/share/concert/concert.db.
// For the last two the directory is created, each new level 0700 whatever
// the umask (levels that exist keep their mode). FAILED_PRECONDITION when HOME
// is needed but unset, or the directory cannot be created.
absl::StatusOr<std::string> DefaultDatabasePath(const std::string& flag_value);

// A fresh record id: "<kind>-YYYYMMDD-HHMMSS-xxxxxx" with the UTC time and
// six random hex digits, e.g. "session-20261127-230726-abef00".
std::string NewRecordId(absl::string_view kind);

// Unix milliseconds as UTC ISO-8601, e.g. "2026-11-27T23:07:26.123Z".
std::string FormatRecordTime(std::int64_t unix_ms);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_PATH_H_
