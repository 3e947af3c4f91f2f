// RecordStore: writing sessions, rounds and votes, and ending them.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/outcome.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

namespace {

absl::StatusOr<v1::RecordStatus> StatusOf(SqliteDb& db, const std::string& id) {
  absl::StatusOr<SqliteStatement> stmt =
      db.Prepare("SELECT status FROM sessions WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, id);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row)
    return absl::NotFoundError(absl::StrCat("no session '", id, "' recorded"));
  absl::StatusOr<v1::RecordStatus> status =
      ParseRecordStatus(stmt->ColumnText(0));
  if (!status.ok()) return absl::DataLossError(status.status().message());
  return status;
}

// Where each party's vote goes within a round: the party's place in the
// session header (scenario order); parties the header does not list after
// them.
using PartyPositions = absl::flat_hash_map<std::string, int>;
constexpr int kUnlistedParty = 1 << 20;

// The session's party positions, once it is known to be RUNNING.
absl::StatusOr<PartyPositions> RequireRunning(SqliteDb& db,
                                              const std::string& id) {
  absl::StatusOr<v1::RecordStatus> status = StatusOf(db, id);
  if (!status.ok()) return status.status();
  if (*status != v1::RECORD_STATUS_RUNNING) {
    return absl::FailedPreconditionError(absl::StrCat(
        "session '", id, "' is ", RecordStatusName(*status), ", not RUNNING"));
  }
  absl::StatusOr<SqliteStatement> stmt =
      db.Prepare("SELECT header FROM sessions WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, id);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  v1::SessionStarted header;
  if (absl::Status s =
          ParseStored(stmt->ColumnBlob(0), "session header", header);
      !s.ok()) {
    return s;
  }
  PartyPositions positions;
  for (int i = 0; i < header.parties_size(); ++i) {
    positions.emplace(header.parties(i).id(), i);
  }
  return positions;
}

// Inserts or replaces votes of one round; `votes` is any range of CastVote.
template <typename Votes>
absl::Status UpsertVotes(SqliteDb& db, const PartyPositions& positions,
                         const std::string& session_id, int round_number,
                         const std::string& proposal, const Votes& votes) {
  static constexpr char kSql[] = R"sql(
INSERT INTO votes (session_id, round_number, party, position, proposal, vote,
                   utility_change, rationale, conditions, latency_us, attempts,
                   absent, statement)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT (session_id, round_number, party) DO UPDATE SET
  position = excluded.position, proposal = excluded.proposal,
  vote = excluded.vote, utility_change = excluded.utility_change,
  rationale = excluded.rationale, conditions = excluded.conditions,
  latency_us = excluded.latency_us, attempts = excluded.attempts,
  absent = excluded.absent, statement = excluded.statement)sql";
  for (const v1::CastVote& vote : votes) {
    auto position = positions.find(vote.party());
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, session_id)
        .BindInt(2, round_number)
        .BindText(3, vote.party())
        .BindInt(
            4, position != positions.end() ? position->second : kUnlistedParty)
        .BindText(5, proposal)
        .BindText(6, v1::Vote_Name(vote.vote()))
        .BindDouble(7, vote.utility_change())
        .BindText(8, vote.rationale())
        .BindText(9, EncodeStringList(vote.conditions()))
        .BindInt(10, vote.latency_us())
        .BindInt(11, vote.attempts())
        .BindInt(12, vote.absent() ? 1 : 0)
        .BindText(13, vote.statement());
    if (absl::Status s = stmt->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// The summary of a session that stopped: what its round rows say.
absl::StatusOr<v1::SessionSummary> InterruptedSummary(SqliteDb& db,
                                                      const std::string& id) {
  absl::StatusOr<SqliteStatement> stmt = db.Prepare(
      "SELECT pass, proposal, outcome FROM rounds WHERE session_id = ?1 "
      "ORDER BY number");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, id);
  v1::SessionSummary summary;
  summary.set_outcome(v1::SessionSummary::INTERRUPTED);
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    summary.set_rounds(summary.rounds() + 1);
    summary.set_passes(std::max<int>(summary.passes(), stmt->ColumnInt(0)));
    if (stmt->ColumnText(2) == "ADOPTED")
      summary.add_adopted(stmt->ColumnText(1));
  }
  return summary;
}

int DraftSizeOf(SqliteDb& db, const std::string& id) {
  absl::StatusOr<SqliteStatement> stmt =
      db.Prepare("SELECT draft FROM sessions WHERE id = ?1");
  if (!stmt.ok()) return 0;
  stmt->BindText(1, id);
  absl::StatusOr<bool> row = stmt->Step();
  v1::CharterDraft draft;
  if (!row.ok() || !*row ||
      !ParseStored(stmt->ColumnBlob(0), "draft", draft).ok()) {
    return 0;
  }
  return draft.proposals_size();
}

// Writes the end of a session: status, end time, summary and outcome line.
absl::Status WriteEnd(SqliteDb& db, const std::string& id,
                      v1::RecordStatus status,
                      const v1::SessionSummary& summary) {
  absl::StatusOr<SqliteStatement> stmt = db.Prepare(
      "UPDATE sessions SET status = ?2, ended_at_ms = ?3, summary = ?4, "
      "outcome = ?5 WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  std::string line = SessionOutcomeLine(summary, DraftSizeOf(db, id));
  stmt->BindText(1, id)
      .BindText(2, RecordStatusName(status))
      .BindInt(3, UnixMillisNow())
      .BindBlob(4, SerializeDeterministic(summary))
      .BindText(5, line);
  return stmt->Run();
}

absl::Status Interrupt(SqliteDb& db, const std::string& id) {
  absl::StatusOr<v1::SessionSummary> summary = InterruptedSummary(db, id);
  if (!summary.ok()) return summary.status();
  return WriteEnd(db, id, v1::RECORD_STATUS_INTERRUPTED, *summary);
}

}  // namespace

absl::Status RecordStore::BeginSession(const SessionRecordHeader& header) {
  if (header.id.empty())
    return absl::InvalidArgumentError("a session needs a record id");
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<v1::RecordStatus> existing = StatusOf(db, header.id);
    if (existing.ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat("session '", header.id, "' is already recorded"));
    }
    if (!absl::IsNotFound(existing.status())) return existing.status();
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
INSERT INTO sessions (id, scenario_id, draft_id, scenario, scenario_sha256,
                      draft, draft_sha256, variant, rule, started_at_ms,
                      status, coordinator_version, header, outcome)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'RUNNING', ?11, ?12,
        'running'))sql");
    if (!stmt.ok()) return stmt.status();
    BindRecordInputs(*stmt, header.id, header.inputs);
    stmt->BindInt(10, header.started_at_ms != 0 ? header.started_at_ms
                                                : UnixMillisNow())
        .BindText(11, header.coordinator_version)
        .BindBlob(12, SerializeDeterministic(header.started));
    if (absl::Status s = stmt->Run(); !s.ok()) return s;
    return StampOwner(db, "sessions", header.id);
  });
}

absl::Status RecordStore::RecordVotes(const std::string& session_id,
                                      int round_number,
                                      const std::string& proposal,
                                      const std::vector<v1::CastVote>& votes) {
  return Write(
      [&](SqliteDb& db) -> absl::Status {
        absl::StatusOr<PartyPositions> positions =
            RequireRunning(db, session_id);
        if (!positions.ok()) return positions.status();
        return UpsertVotes(db, *positions, session_id, round_number, proposal,
                           votes);
      },
      Durability::kProcessCrash);
}

absl::Status RecordStore::RecordRound(const std::string& session_id,
                                      const v1::Round& round) {
  // The row keeps the round without its votes; they have their own rows.
  v1::Round head = round;
  head.clear_votes();
  const std::string bytes = SerializeDeterministic(head);
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<PartyPositions> positions = RequireRunning(db, session_id);
    if (!positions.ok()) return positions.status();
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
INSERT INTO rounds (session_id, number, pass, proposal, outcome,
                    blocking_parties, conditions, explanation, round)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT (session_id, number) DO UPDATE SET
  pass = excluded.pass, proposal = excluded.proposal,
  outcome = excluded.outcome, blocking_parties = excluded.blocking_parties,
  conditions = excluded.conditions, explanation = excluded.explanation,
  round = excluded.round)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, session_id)
        .BindInt(2, round.number())
        .BindInt(3, round.pass())
        .BindText(4, round.proposal())
        .BindText(5, v1::Round::Outcome_Name(round.outcome()))
        .BindText(6, EncodeStringList(round.blocking_parties()))
        .BindText(7, EncodeStringList(round.conditions()))
        .BindText(8, round.explanation())
        .BindBlob(9, bytes);
    if (absl::Status s = stmt->Run(); !s.ok()) return s;
    return UpsertVotes(db, *positions, session_id, round.number(),
                       round.proposal(), round.votes());
  });
}

absl::Status RecordStore::EndSession(const std::string& session_id,
                                     const v1::SessionSummary& summary) {
  absl::StatusOr<v1::RecordStatus> status = StatusOfSummary(summary);
  if (!status.ok()) return status.status();
  return Write([&](SqliteDb& db) -> absl::Status {
    if (absl::Status s = RequireRunning(db, session_id).status(); !s.ok())
      return s;
    return WriteEnd(db, session_id, *status, summary);
  });
}

absl::Status RecordStore::MarkInterrupted(const std::string& session_id) {
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<v1::RecordStatus> status = StatusOf(db, session_id);
    if (!status.ok()) return status.status();
    if (*status == v1::RECORD_STATUS_INTERRUPTED) return absl::OkStatus();
    if (*status != v1::RECORD_STATUS_RUNNING) {
      return absl::FailedPreconditionError(
          absl::StrCat("session '", session_id, "' already ended ",
                       RecordStatusName(*status)));
    }
    return Interrupt(db, session_id);
  });
}

namespace {

// Ids of the RUNNING rows of `table` whose owner is not running (owner.h),
// by id.
absl::StatusOr<std::vector<std::string>> OrphansOf(SqliteDb& db,
                                                   absl::string_view table) {
  absl::StatusOr<SqliteStatement> stmt = db.Prepare(absl::StrCat(
      "SELECT id, owner_boot, owner_pid_ns, owner_pid, owner_start FROM ",
      table, " WHERE status = 'RUNNING' ORDER BY id"));
  if (!stmt.ok()) return stmt.status();
  std::vector<std::string> ids;
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!IsRunning(ReadOwner(*stmt, 1))) ids.push_back(stmt->ColumnText(0));
  }
  return ids;
}

}  // namespace

absl::StatusOr<std::vector<std::string>>
RecordStore::MarkStaleSessionsInterrupted() {
  std::vector<std::string> ids;
  absl::Status status = Write([&](SqliteDb& db) -> absl::Status {
    ids.clear();
    absl::StatusOr<std::vector<std::string>> sessions =
        OrphansOf(db, "sessions");
    if (!sessions.ok()) return sessions.status();
    for (const std::string& id : *sessions) {
      if (absl::Status s = Interrupt(db, id); !s.ok()) return s;
      ids.push_back(id);
    }
    // Explorations and comparisons keep nothing to rebuild: their status
    // and outcome line change, and their ids follow by group.
    for (const char* table : {"explorations", "comparisons"}) {
      absl::StatusOr<std::vector<std::string>> orphans = OrphansOf(db, table);
      if (!orphans.ok()) return orphans.status();
      for (const std::string& id : *orphans) {
        absl::StatusOr<SqliteStatement> stmt =
            db.Prepare(absl::StrCat("UPDATE ", table,
                                    " SET status = 'INTERRUPTED', outcome = "
                                    "'interrupted' WHERE id = ?1"));
        if (!stmt.ok()) return stmt.status();
        stmt->BindText(1, id);
        if (absl::Status s = stmt->Run(); !s.ok()) return s;
        ids.push_back(id);
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ids;
}

absl::Status RecordStore::ResumeSession(const std::string& session_id) {
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<v1::RecordStatus> status = StatusOf(db, session_id);
    if (!status.ok()) return status.status();
    if (*status == v1::RECORD_STATUS_RUNNING) {
      // Still RUNNING: its owner was cut short (nobody marked it) or is
      // still at it. Only the former is taken over.
      absl::StatusOr<SqliteStatement> owner = db.Prepare(
          "SELECT owner_boot, owner_pid_ns, owner_pid, owner_start FROM "
          "sessions WHERE id = ?1");
      if (!owner.ok()) return owner.status();
      owner->BindText(1, session_id);
      absl::StatusOr<bool> row = owner->Step();
      if (!row.ok()) return row.status();
      const RecordOwner running = ReadOwner(*owner, 0);
      if (*row && IsRunning(running)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "session '", session_id, "' is RUNNING in ", Describe(running),
            "; it can be resumed once that process has stopped"));
      }
    } else if (*status != v1::RECORD_STATUS_SUSPENDED &&
               *status != v1::RECORD_STATUS_INTERRUPTED) {
      return absl::FailedPreconditionError(absl::StrCat(
          "session '", session_id, "' is ", RecordStatusName(*status),
          "; only SUSPENDED or INTERRUPTED sessions (or RUNNING ones whose "
          "process has died) can be resumed"));
    }
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(
        "UPDATE sessions SET status = 'RUNNING', ended_at_ms = NULL, "
        "summary = NULL, outcome = 'running' WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, session_id);
    if (absl::Status s = stmt->Run(); !s.ok()) return s;
    return StampOwner(db, "sessions", session_id);
  });
}

}  // namespace concert::coordinator
