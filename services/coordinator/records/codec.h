// Small encodings the record store needs around its rows: SHA-256 digests of
// stored protos, deterministic proto bytes (so a digest names the content),
// and lists of strings as JSON arrays (readable and queryable with SQLite's
// json_each from the sqlite3 shell).
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_CODEC_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_CODEC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/records.pb.h"
#include "google/protobuf/message_lite.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/common/digest.h"  // Sha256Hex, SerializeDeterministic
#include "services/coordinator/records/owner.h"
#include "services/coordinator/records/sqlite.h"

namespace concert::coordinator {

// Binds what sessions and explorations both record first, as parameters 1-9
// of `stmt`: id, scenario id, draft id, scenario bytes and their SHA-256,
// draft bytes and their SHA-256, variant, rule bytes. The digests are
// computed here from the bytes stored.
void BindRecordInputs(SqliteStatement& stmt, const std::string& id,
                      const v1::RecordInputs& inputs);

// Reads the inputs back from six columns starting at `first`: scenario,
// scenario_sha256, draft, draft_sha256, variant, rule. DATA_LOSS when a
// blob does not parse or no longer matches its digest.
absl::StatusOr<v1::RecordInputs> ReadRecordInputs(const SqliteStatement& row,
                                                  int first);

// Parses stored proto bytes; DATA_LOSS naming `what` when they do not parse.
absl::Status ParseStored(absl::string_view bytes, absl::string_view what,
                         google::protobuf::MessageLite& message);

// DATA_LOSS for a finished record whose stored result is missing or empty
// (a damaged or edited file): "<kind> <id> is <status> but its stored
// <what> is missing or empty …". A reader must say so rather than show an
// empty result as if it were one ("at most 0 of 16").
absl::Status MissingResult(absl::string_view kind, absl::string_view id,
                           absl::string_view status, absl::string_view what);

// DATA_LOSS naming `what` when SHA-256 of `bytes` is not `sha256_hex`.
absl::Status VerifyDigest(absl::string_view bytes, absl::string_view sha256_hex,
                          absl::string_view what);

// Strings as a JSON array: `["a","b"]`. Quotes, backslashes and control
// characters are escaped; other bytes are copied (UTF-8 stays UTF-8).
std::string EncodeStringList(
    const google::protobuf::RepeatedPtrField<std::string>& items);
std::string EncodeStringList(const std::vector<std::string>& items);

// The inverse of EncodeStringList; also accepts the other JSON escapes.
// DATA_LOSS when `json` is not an array of strings.
absl::StatusOr<std::vector<std::string>> DecodeStringList(
    absl::string_view json);

// Stamps this process (records/owner.h) as the owner of row `id` of
// `table` (sessions, explorations or comparisons): called where a record
// becomes RUNNING, in the same transaction.
absl::Status StampOwner(SqliteDb& db, absl::string_view table,
                        const std::string& id);

// The owner stored in four columns from `first`: owner_boot, owner_pid_ns,
// owner_pid, owner_start.
RecordOwner ReadOwner(const SqliteStatement& row, int first);

// Milliseconds since the Unix epoch, now.
std::int64_t UnixMillisNow();

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_CODEC_H_
