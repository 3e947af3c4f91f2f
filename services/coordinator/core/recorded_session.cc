#include "services/coordinator/core/recorded_session.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/common/problem.h"
#include "services/common/validation.h"
#include "services/coordinator/core/ledger_vote_source.h"

namespace concert::coordinator {
namespace {

// Ends the run of session `id` whose record could not be written
// (`failure`: a full disk, an I/O error): a session that goes on unrecorded
// would not be resumable, and one left RUNNING would look alive. Its record
// (when `began`) is marked INTERRUPTED, which may fail too — the owner
// mechanism (records/owner.h) then hands it to the next process that opens
// the database once this one has ended. ABORTED, naming the database, what
// happened to the record and what to do.
absl::Status Unrecorded(RecordStore& store, const std::string& id, bool began,
                        const absl::Status& failure) {
  if (!began) {
    return absl::AbortedError(absl::StrCat(
        "session ", id, " could not be recorded: ", failure.message(),
        "; nothing was recorded: free space (or fix the error) and run it "
        "again"));
  }
  const absl::Status marked = store.MarkInterrupted(id);
  absl::string_view now = "is INTERRUPTED";
  if (absl::IsFailedPrecondition(marked)) {
    now = "was recorded as ended before that (`concert records show` says how)";
  } else if (!marked.ok()) {
    now =
        "is left RUNNING (marking it INTERRUPTED failed too; the next process "
        "to open the database takes it over once this one has ended)";
  }
  return absl::AbortedError(absl::StrCat(
      "session ", id, " could not be recorded: ", failure.message(), "; it ",
      now, ": free space on the disk of ", store.path(),
      " (or fix the error), then run `concert resume ", id, "`"));
}

// Holds a new (`resumed` false) or resumed session over `live`, recording
// it as it goes.
absl::StatusOr<RecordedSession> Hold(
    const v1::Scenario& scenario, const v1::CharterDraft& draft,
    const SessionOptions& options, bool resumed,
    std::map<int, std::vector<v1::CastVote>> recorded, VoteSource& live,
    const RecordOptions& record, const SessionEventFn& on_event) {
  RecordStore* store = record.store;
  const std::string& id = options.session_id;
  LedgerVoteSource ledger(live, store, id, std::move(recorded));
  absl::Status store_status;
  // Whether the record exists and is this run's (a failed BeginSession, e.g.
  // an id taken, leaves another's record alone).
  bool began = resumed;
  absl::StatusOr<v1::Session> session = RunSession(
      scenario, draft, options, ledger, [&](const v1::SessionEvent& event) {
        // The record first: nothing is handed on that is not durable.
        if (store != nullptr && store_status.ok()) {
          if (event.has_started() && !resumed) {
            SessionRecordHeader header;
            header.id = id;
            header.inputs = RecordInputsOf(scenario, draft, options.variant,
                                           event.started().rule());
            header.coordinator_version = record.coordinator_version;
            header.started = event.started();
            store_status = store->BeginSession(header);
            began = store_status.ok();
          } else if (event.has_round()) {
            store_status = store->RecordRound(id, event.round());
          } else if (event.has_summary()) {
            store_status = store->EndSession(id, event.summary());
          }
        }
        if (on_event) on_event(event);
      });
  // The first failure to record is the cause of whatever followed (a
  // session whose header was refused fails again on its first vote; one
  // whose vote could not be recorded stops there).
  if (store_status.ok()) store_status = ledger.record_status();
  if (!store_status.ok()) return Unrecorded(*store, id, began, store_status);
  if (!session.ok()) return session.status();
  return RecordedSession{*std::move(session), ledger.replayed_votes(),
                         ledger.live_votes()};
}

}  // namespace

v1::RecordInputs RecordInputsOf(const v1::Scenario& scenario,
                                const v1::CharterDraft& draft,
                                const std::string& variant,
                                const v1::DecisionRule& rule) {
  v1::RecordInputs inputs;
  *inputs.mutable_scenario() = scenario;
  for (auto& party : *inputs.mutable_scenario()->mutable_parties())
    party.clear_address();
  *inputs.mutable_draft() = draft;
  inputs.set_variant(variant);
  *inputs.mutable_rule() = rule;
  return inputs;
}

absl::StatusOr<ForumContext> CheckDraftForForum(const v1::Scenario& scenario,
                                                const v1::CharterDraft& draft,
                                                const std::string& variant) {
  std::vector<Problem> problems = ValidateDraft(draft);
  for (auto& p : ValidateDraftAgainstScenario(draft, scenario)) {
    problems.push_back(std::move(p));
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the draft has ", problems.size(), " problem(s):\n",
                     ProblemsToString(problems)));
  }
  return ResolveForum(scenario, draft, variant, v1::DecisionRule());
}

absl::StatusOr<RecordedSession> RunRecordedSession(
    const v1::Scenario& scenario, const v1::CharterDraft& draft,
    const SessionOptions& options, VoteSource& live,
    const RecordOptions& record, const SessionEventFn& on_event) {
  return Hold(scenario, draft, options, /*resumed=*/false, {}, live, record,
              on_event);
}

absl::StatusOr<ResumableSession> LoadResumableSession(
    RecordStore& store, const std::string& id, const v1::Scenario& scenario) {
  absl::StatusOr<StoredSession> stored = store.LoadSession(id);
  if (!stored.ok()) return stored.status();
  const v1::RecordStatus status = stored->status();
  // A RUNNING session is resumable when the process that ran it has died
  // (killed mid-session, nobody marked it); RecordStore::ResumeSession
  // checks its owner and refuses one a live process still runs.
  if (status != v1::RECORD_STATUS_SUSPENDED &&
      status != v1::RECORD_STATUS_INTERRUPTED &&
      status != v1::RECORD_STATUS_RUNNING) {
    return absl::FailedPreconditionError(absl::StrCat(
        "session ", stored->id(), " is ", RecordStatusName(status),
        "; only SUSPENDED or INTERRUPTED sessions (or RUNNING ones whose "
        "process has died) can be resumed"));
  }
  // The parties answer by id: the record's forum must be this one.
  const v1::Scenario& held = stored->inputs().scenario();
  bool same = held.parties_size() == scenario.parties_size();
  for (int i = 0; same && i < scenario.parties_size(); ++i) {
    same = held.parties(i).id() == scenario.parties(i).id();
  }
  if (!same) {
    return absl::FailedPreconditionError(
        "the session was held in another forum than this coordinator's");
  }
  ResumableSession out;
  out.id = stored->id();
  for (const v1::Round& round : stored->session().rounds()) {
    out.recorded[round.number()].assign(round.votes().begin(),
                                        round.votes().end());
  }
  for (const v1::PartialRound& partial : stored->partial_rounds()) {
    out.recorded[partial.number()].assign(partial.votes().begin(),
                                          partial.votes().end());
  }
  out.inputs = std::move(*stored->mutable_inputs());
  return out;
}

absl::StatusOr<RecordedSession> ResumeRecordedSession(
    const v1::Scenario& scenario, ResumableSession session, VoteSource& live,
    RecordStore& store, const std::string& coordinator_version,
    const SessionEventFn& on_event) {
  if (absl::Status s = store.ResumeSession(session.id); !s.ok()) return s;
  SessionOptions options;
  options.session_id = session.id;
  options.variant = session.inputs.variant();
  options.rule = session.inputs.rule();
  return Hold(scenario, session.inputs.draft(), options, /*resumed=*/true,
              std::move(session.recorded), live,
              RecordOptions{&store, coordinator_version}, on_event);
}

}  // namespace concert::coordinator
