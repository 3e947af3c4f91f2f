// Sessions held with their record (DESIGN.md, "Records"): the session runner
// over a LedgerVoteSource, writing the record in the order that makes it
// trustworthy — the session's header before its first round, each vote the
// moment it arrives, each round and the summary before they are handed on.
// Nothing reaches `on_event` (and so a client) that is not durable.
//
// The coordinator's service calls these and only streams what they hand
// on; the policy of what is recorded, when, and what a resumable session is
// lives here, unit-tested with a scripted vote source and a real database.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_RECORDED_SESSION_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_RECORDED_SESSION_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/v1/records.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/core/session_runner.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

// Where and how records are kept.
struct RecordOptions {
  // The record store; null keeps no records (everything else is the same).
  RecordStore* store = nullptr;
  // Written into every record ("concert-coordinator 0.1.0").
  std::string coordinator_version;
};

// What a record says it was made from: the scenario without its parties'
// addresses (where a party happens to listen is not part of the forum, and
// would make one scenario's digests differ from record to record), the
// draft, the variant and the rule in force. Digests are the store's to fill.
v1::RecordInputs RecordInputsOf(const v1::Scenario& scenario,
                                const v1::CharterDraft& draft,
                                const std::string& variant,
                                const v1::DecisionRule& rule);

// Validates `draft` against the forum's `scenario` and resolves the forum
// under `variant` (the rule is the scenario's; a session's override does
// not change who sits). INVALID_ARGUMENT listing every problem of the
// draft, else ResolveForum's errors. What a request must pass before
// anything is recorded.
absl::StatusOr<ForumContext> CheckDraftForForum(const v1::Scenario& scenario,
                                                const v1::CharterDraft& draft,
                                                const std::string& variant);

// A session held with its record.
struct RecordedSession {
  v1::Session session;
  // Votes answered from the record (a resumed session) and asked live.
  int replayed_votes = 0;
  int live_votes = 0;
};

// Holds session `options.session_id` of `scenario`'s forum on `draft`,
// asking `live` and recording into `record.store`. Errors: RunSession's;
// a failure to record a vote ends the session there; a failure to record
// the header, a round or the summary lets the session go on as far as it
// can (its events are still handed on: the client should see how it
// ended). Either way — a full disk, an I/O error — the record is then
// marked INTERRUPTED (when that write fails too, it stays RUNNING under
// this process, and the next process to open the database after this one
// ends takes it over: records/owner.h), and the result is ABORTED "session
// ID could not be recorded: <the first failure, naming the database>; it is
// INTERRUPTED: free space …, then run `concert resume ID`".
absl::StatusOr<RecordedSession> RunRecordedSession(
    const v1::Scenario& scenario, const v1::CharterDraft& draft,
    const SessionOptions& options, VoteSource& live,
    const RecordOptions& record, const SessionEventFn& on_event);

// What a suspended or interrupted session's record holds for resuming it.
struct ResumableSession {
  std::string id;
  v1::RecordInputs inputs;
  // The votes recorded per round number, complete rounds and partial ones.
  std::map<int, std::vector<v1::CastVote>> recorded;
};

// Loads session `id` from `store` for resuming in `scenario`'s forum.
// NOT_FOUND for an unknown id; FAILED_PRECONDITION unless it is SUSPENDED,
// INTERRUPTED or RUNNING (ResumeRecordedSession then takes it over only if
// the process that ran it has died: records/owner.h), or when it was held
// in a forum of other parties (the parties answer by id, in scenario
// order).
absl::StatusOr<ResumableSession> LoadResumableSession(
    RecordStore& store, const std::string& id, const v1::Scenario& scenario);

// Continues `session` in `scenario`'s forum: marks the record RUNNING again,
// replays the recorded votes (never asking those parties again) and holds
// the remaining rounds live, recording them as RunRecordedSession does. The
// events are the whole session, recorded rounds first. Errors as
// RunRecordedSession, and the store's when the record cannot be reopened.
absl::StatusOr<RecordedSession> ResumeRecordedSession(
    const v1::Scenario& scenario, ResumableSession session, VoteSource& live,
    RecordStore& store, const std::string& coordinator_version,
    const SessionEventFn& on_event);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_RECORDED_SESSION_H_
