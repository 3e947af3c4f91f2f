// A compact encoding of an exploration's consensus graph as one blob, so a
// 2^20-state lattice is one row, not millions.
//
// Layout: "CGB" and a format byte (1), the varint size of the raw payload,
// then the payload compressed with zlib (compress2, level 3). The payload is
// columnar — separate streams compress far better than interleaved
// records:
//   flags, node count, edge count (varints), then length-prefixed streams:
//   nodes      the node sets sorted ascending, as varint deltas;
//   degrees    out-degree of each node (edges are grouped by source);
//   proposals  per edge, the proposal index as a varint delta within its
//              source's run (edges sorted by proposal);
//   support, abstain, object   per edge, the tallies as varints;
//   targets    only when some edge is not S -> S ∪ {p}: per edge the target
//              index minus the source index, zigzag varint. For graphs the
//              explorer builds the target is implied by the source and the
//              proposal and this stream is absent.
//
// Decoding returns the graph in canonical form: nodes sorted by set (the
// empty set, when present, is node 0), edges grouped by source in node
// order and sorted by (proposal, target) within a source. Node indices of
// the original are not kept; a graph already in canonical form round-trips
// exactly.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_GRAPH_BLOB_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_GRAPH_BLOB_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/explore.pb.h"

namespace concert::coordinator {

// Encodes and compresses `graph`. INVALID_ARGUMENT when two nodes hold the
// same set or an edge names a node out of range.
absl::StatusOr<std::string> EncodeGraphBlob(const v1::ConsensusGraph& graph);

// Decompresses and decodes a blob from EncodeGraphBlob. DATA_LOSS when the
// blob is truncated, corrupt or of an unknown format.
absl::StatusOr<v1::ConsensusGraph> DecodeGraphBlob(absl::string_view blob);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_GRAPH_BLOB_H_
