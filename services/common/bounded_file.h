// Reading a file a user names, without trusting it to be one: a FIFO would
// block the reader forever, a device such as /dev/zero never ends, and a
// file of gigabytes would be read until memory runs out. Every file concert
// reads as input (scenarios, drafts, profiles, comparison shards,
// certificates) comes through here.
#ifndef CONCERT_SERVICES_COMMON_BOUNDED_FILE_H_
#define CONCERT_SERVICES_COMMON_BOUNDED_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace concert {

// The whole of the regular file at `path`, which must hold at most
// `max_bytes`. NOT_FOUND when it does not exist; PERMISSION_DENIED when it
// may not be read; INVALID_ARGUMENT when it is not a regular file (a
// directory, FIFO, socket or device: opened without blocking, never read)
// or is larger than `max_bytes` (`what` names the kind of file in that
// message, e.g. "a scenario, draft or profile"). Every message names the
// path.
absl::StatusOr<std::string> ReadBoundedFile(const std::string& path,
                                            std::size_t max_bytes,
                                            absl::string_view what);

// "16 MiB", "512 KiB", "100 bytes": a size as a message shows it.
std::string ByteSizeText(std::size_t bytes);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_BOUNDED_FILE_H_
