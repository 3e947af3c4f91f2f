// The values the record store takes and returns: what a session or an
// exploration is recorded with, what comes back when it is loaded, and one
// line per record for listings.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_TYPES_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"

namespace concert::coordinator {

// Kinds of record; kAny only as a listing filter.
enum class RecordKind { kAny, kSession, kExploration };

// A session's state in the store. RUNNING until EndSession (or until a
// restarted coordinator marks it INTERRUPTED); the others mirror
// v1::SessionSummary::Outcome.
enum class SessionStatus { kRunning, kConsensus, kDeadlock, kSuspended, kInterrupted };

// An exploration's state in the store.
enum class ExplorationStatus { kRunning, kComplete, kFailed, kInterrupted };

// Names as stored ("session", "RUNNING", "COMPLETE"...) and back;
// INVALID_ARGUMENT for an unknown name.
absl::string_view RecordKindName(RecordKind kind);
absl::string_view SessionStatusName(SessionStatus status);
absl::string_view ExplorationStatusName(ExplorationStatus status);
absl::StatusOr<RecordKind> ParseRecordKind(absl::string_view name);
absl::StatusOr<SessionStatus> ParseSessionStatus(absl::string_view name);
absl::StatusOr<ExplorationStatus> ParseExplorationStatus(absl::string_view name);

// Everything known when a session starts.
struct SessionRecordHeader {
  // Record id, e.g. "session-20261127-230726-abef00" (see NewRecordId).
  std::string id;
  // The exact inputs, stored serialized with their SHA-256 digests.
  v1::Scenario scenario;
  v1::CharterDraft draft;
  // Variant in force ("" for the baseline) and the decision rule applied.
  std::string variant;
  v1::DecisionRule rule;
  // Version string of the coordinator that ran it.
  std::string coordinator_version;
  // The header streamed to the client.
  v1::SessionStarted started;
  // Unix milliseconds; 0 means now.
  std::int64_t started_at_ms = 0;
};

// Votes recorded for a round whose outcome was never recorded (the
// coordinator stopped between the votes and the outcome).
struct PartialRound {
  int number = 0;
  std::string proposal;
  // In scenario order (the header's parties).
  std::vector<v1::CastVote> votes;
};

// A session read back from the store.
struct StoredSession {
  std::string id;
  v1::Scenario scenario;
  std::string scenario_sha256;
  v1::CharterDraft draft;
  std::string draft_sha256;
  std::string variant;
  v1::DecisionRule rule;
  SessionStatus status = SessionStatus::kRunning;
  std::string coordinator_version;
  std::int64_t started_at_ms = 0;
  std::optional<std::int64_t> ended_at_ms;
  // The session rebuilt from rows: header, every recorded round in order
  // with its votes in scenario order, and the summary once there is one.
  v1::Session session;
  // Rounds with votes but no outcome yet, by number (normally at most one).
  std::vector<PartialRound> partial_rounds;
};

// An exploration to record.
struct ExplorationRecord {
  // Record id, e.g. "exploration-20261127-231502-09c1f4".
  std::string id;
  v1::Scenario scenario;
  v1::CharterDraft draft;
  std::string variant;
  v1::DecisionRule rule;
  // "lattice", "enumerate" or "sample"; empty means result.strategy().
  std::string strategy;
  std::string coordinator_version;
  // Unix milliseconds; 0 means now.
  std::int64_t created_at_ms = 0;
  ExplorationStatus status = ExplorationStatus::kComplete;
  // The result; its graph (if any) is stored as one compressed blob.
  v1::Exploration result;
};

// An exploration read back from the store.
struct StoredExploration {
  std::string id;
  v1::Scenario scenario;
  std::string scenario_sha256;
  v1::CharterDraft draft;
  std::string draft_sha256;
  std::string variant;
  v1::DecisionRule rule;
  std::string strategy;
  std::string coordinator_version;
  std::int64_t created_at_ms = 0;
  ExplorationStatus status = ExplorationStatus::kComplete;
  // The result with its graph restored (nodes sorted by set, see
  // records/graph_blob.h).
  v1::Exploration result;
  // Size of the stored graph blob (0 without a graph).
  std::int64_t graph_blob_bytes = 0;
};

// One line of a listing.
struct RecordSummary {
  std::string id;
  RecordKind kind = RecordKind::kSession;
  // Session start or exploration creation, Unix milliseconds.
  std::int64_t created_at_ms = 0;
  // SessionStatusName / ExplorationStatusName.
  std::string status;
  std::string draft_id;
  std::string scenario_id;
  std::string variant;
  // One line, e.g. "deadlock: 8 of 12 adopted; blocked: P3 (DPRK)".
  std::string outcome;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_TYPES_H_
