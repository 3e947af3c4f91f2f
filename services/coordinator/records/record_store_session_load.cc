// RecordStore::LoadSession: a session rebuilt from its rows.
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

namespace {

// A vote from columns party, vote, utility_change, rationale, conditions,
// latency_us, attempts, absent, statement starting at `first`.
absl::StatusOr<v1::CastVote> VoteFromRow(const SqliteStatement& row,
                                         int first) {
  v1::CastVote vote;
  vote.set_party(row.ColumnText(first));
  v1::Vote value;
  if (!v1::Vote_Parse(row.ColumnText(first + 1), &value)) {
    return absl::DataLossError(absl::StrCat(
        "stored vote '", row.ColumnText(first + 1), "' is unknown"));
  }
  vote.set_vote(value);
  vote.set_utility_change(row.ColumnDouble(first + 2));
  vote.set_rationale(row.ColumnText(first + 3));
  absl::StatusOr<std::vector<std::string>> conditions =
      DecodeStringList(row.ColumnText(first + 4));
  if (!conditions.ok()) return conditions.status();
  for (std::string& c : *conditions) vote.add_conditions(std::move(c));
  vote.set_latency_us(row.ColumnInt(first + 5));
  vote.set_attempts(static_cast<int>(row.ColumnInt(first + 6)));
  vote.set_absent(row.ColumnInt(first + 7) != 0);
  vote.set_statement(row.ColumnText(first + 8));
  return vote;
}

}  // namespace

absl::StatusOr<StoredSession> RecordStore::LoadSession(
    const std::string& session_id) {
  StoredSession out;
  std::map<int, v1::PartialRound*> partial;
  absl::Status status = Read([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<SqliteStatement> head = db.Prepare(R"sql(
SELECT scenario, scenario_sha256, draft, draft_sha256, variant, rule,
       started_at_ms, ended_at_ms, status, coordinator_version, header, summary
FROM sessions WHERE id = ?1)sql");
    if (!head.ok()) return head.status();
    head->BindText(1, session_id);
    absl::StatusOr<bool> found = head->Step();
    if (!found.ok()) return found.status();
    if (!*found) {
      return absl::NotFoundError(
          absl::StrCat("no session '", session_id, "' recorded"));
    }
    out.set_id(session_id);
    absl::StatusOr<v1::RecordInputs> inputs = ReadRecordInputs(*head, 0);
    if (!inputs.ok()) return inputs.status();
    *out.mutable_inputs() = *std::move(inputs);
    v1::Session& session = *out.mutable_session();
    if (absl::Status s = ParseStored(head->ColumnBlob(10), "session header",
                                     *session.mutable_started());
        !s.ok()) {
      return s;
    }
    out.set_started_at_ms(head->ColumnInt(6));
    if (!head->IsNull(7)) out.set_ended_at_ms(head->ColumnInt(7));
    absl::StatusOr<v1::RecordStatus> st =
        ParseRecordStatus(head->ColumnText(8));
    if (!st.ok()) return absl::DataLossError(st.status().message());
    out.set_status(*st);
    out.set_coordinator_version(head->ColumnText(9));
    if (!head->IsNull(11)) {
      absl::Status s = ParseStored(head->ColumnBlob(11), "session summary",
                                   *session.mutable_summary());
      if (!s.ok()) return s;
    }
    // A session that ended with an outcome says so in its summary.
    if ((*st == v1::RECORD_STATUS_CONSENSUS ||
         *st == v1::RECORD_STATUS_DEADLOCK) &&
        session.summary().outcome() ==
            v1::SessionSummary::OUTCOME_UNSPECIFIED) {
      return MissingResult("session", session_id, RecordStatusName(*st),
                           "summary");
    }

    // Rounds in order; then every vote goes to its round or a partial one.
    std::map<int, v1::Round*> rounds;
    absl::StatusOr<SqliteStatement> rows = db.Prepare(
        "SELECT number, round FROM rounds WHERE session_id = ?1 ORDER BY "
        "number");
    if (!rows.ok()) return rows.status();
    rows->BindText(1, session_id);
    while (true) {
      absl::StatusOr<bool> row = rows->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      v1::Round* round = session.add_rounds();
      if (absl::Status s = ParseStored(rows->ColumnBlob(1), "round", *round);
          !s.ok()) {
        return s;
      }
      rounds[static_cast<int>(rows->ColumnInt(0))] = round;
    }
    absl::StatusOr<SqliteStatement> votes = db.Prepare(R"sql(
SELECT round_number, proposal, party, vote, utility_change, rationale,
       conditions, latency_us, attempts, absent, statement
FROM votes WHERE session_id = ?1 ORDER BY round_number, position, party)sql");
    if (!votes.ok()) return votes.status();
    votes->BindText(1, session_id);
    while (true) {
      absl::StatusOr<bool> row = votes->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      absl::StatusOr<v1::CastVote> vote = VoteFromRow(*votes, 2);
      if (!vote.ok()) return vote.status();
      const int number = static_cast<int>(votes->ColumnInt(0));
      if (auto it = rounds.find(number); it != rounds.end()) {
        *it->second->add_votes() = *std::move(vote);
        continue;
      }
      v1::PartialRound*& round = partial[number];
      if (round == nullptr) {
        round = out.add_partial_rounds();
        round->set_number(number);
        round->set_proposal(votes->ColumnText(1));
      }
      *round->add_votes() = *std::move(vote);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

}  // namespace concert::coordinator
