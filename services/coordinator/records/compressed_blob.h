// Bytes compressed with zlib for a blob column: a comparison's result holds
// every row's exploration, objection heat map and robustness study, and
// repeats draft, party and proposal ids throughout, so it shrinks several
// times over.
//
// Layout: "CZB" and a format byte (1), the varint size of the raw bytes,
// then the raw bytes compressed with zlib (compress2, level 6: results are
// written once, at the end of a comparison, and are far smaller than a
// lattice's graph, so the better ratio costs little time).
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_COMPRESSED_BLOB_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_COMPRESSED_BLOB_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace concert::coordinator {

// Compresses `raw`. INTERNAL only if zlib itself fails.
absl::StatusOr<std::string> CompressBlob(absl::string_view raw);

// The raw bytes of a blob from CompressBlob. DATA_LOSS naming `what` when
// the blob is truncated, corrupt or of an unknown format.
absl::StatusOr<std::string> DecompressBlob(absl::string_view blob,
                                           absl::string_view what);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_COMPRESSED_BLOB_H_
