// The values the record store takes and returns. Records travel as the
// wire's own messages (concert.v1 records.proto): what the store returns is
// what GetRecord sends, with one vocabulary for kinds and statuses
// (v1::RecordKind, v1::RecordStatus) and one RecordInputs for what a record
// was made from.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_TYPES_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_TYPES_H_

#include <cstdint>
#include <string>

#include "concert/v1/records.pb.h"
#include "concert/v1/session.pb.h"

namespace concert::coordinator {

// Everything known when a session starts.
struct SessionRecordHeader {
  // Record id, e.g. "session-20261127-230726-abef00" (see NewRecordId).
  std::string id;
  // The exact inputs; the store computes their digests (any given are
  // ignored).
  v1::RecordInputs inputs;
  // Version string of the coordinator that runs it.
  std::string coordinator_version;
  // The header streamed to the client.
  v1::SessionStarted started;
  // Unix milliseconds; 0 means now.
  std::int64_t started_at_ms = 0;
};

// A session read back from the store: inputs with their digests, status,
// times (ended_at_ms 0 while unfinished), the session rebuilt from rows
// (header, every recorded round in order with its votes in scenario order,
// the summary once there is one) and the rounds with votes but no outcome
// yet (normally at most one).
using StoredSession = v1::SessionRecord;

// An exploration to record (id, inputs, strategy, coordinator_version,
// status, result; created_at_ms 0 means now), or read back with its graph
// restored (nodes sorted by set, see graph_blob.h) and graph_blob_bytes set.
using ExplorationRecord = v1::ExplorationRecord;

// A comparison as recorded: id, scenario with its digest, the whole
// request (drafts included), coordinator_version, created_at_ms, status,
// the result once COMPLETE (with its rows' graphs restored when it kept
// them) and the error once FAILED.
using ComparisonRecord = v1::ComparisonRecord;

// A party's registration as the coordinator keeps it.
struct Registration {
  std::string party_id;
  std::string address;
  // Unix milliseconds of the registration.
  std::int64_t registered_at_ms = 0;
};

// One line of a listing.
using RecordSummary = v1::RecordSummary;

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_TYPES_H_
