// JSON output of the command-line client: protobuf's canonical JSON mapping
// of the wire messages (`concert run --format json` prints a v1::Session), so
// any language's protobuf library can read it back.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_FORMAT_JSON_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_FORMAT_JSON_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/session.pb.h"
#include "google/protobuf/message.h"

namespace concert::cli {

// `message` in protobuf's JSON mapping, pretty-printed (one line per field,
// as protobuf prints it), with the .proto field names (snake_case) and enums
// by name; fields at their default value are printed too (false, 0, "",
// []), so that a reader need not know the defaults; a message field not set
// is left out. Counts beyond 2^53 are strings (the exploration's counts,
// and protobuf's mapping of 64-bit integers), so no value is rounded. Ends
// with a newline (print it as is, without adding one).
// Fails with INTERNAL only if protobuf cannot print the message.
absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message);

// Parses JSON in protobuf's mapping (either field-name spelling) into
// `message`, replacing its contents. Unknown fields are an error
// (INVALID_ARGUMENT, with protobuf's message).
absl::Status FromJson(absl::string_view json,
                      google::protobuf::Message* message);

// Appends one streamed event to `session`: `started` and `summary` replace
// the session's header and summary, a round is appended. This is how
// `concert run --format json` builds the document it prints at the end.
void AppendEvent(const v1::SessionEvent& event, v1::Session* session);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_FORMAT_JSON_H_
