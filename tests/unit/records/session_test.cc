// Sessions, rounds and votes: the lifecycle, votes recorded before their
// round, idempotent re-recording, interrupted sessions, listings.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::MakeHeader;
using testing::MakeRound;
using testing::MakeVotes;
using testing::RawDb;
using testing::RecordsTest;

std::unique_ptr<RecordStore> OpenOrDie(const std::string& path) {
  auto store = RecordStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

TEST_F(RecordsTest, SessionLifecycleWithVotesBeforeTheirRound) {
  const SessionRecordHeader header = MakeHeader("session-1", 1700000000000);
  const v1::Round round1 = MakeRound(1, "p0", 6);
  const v1::Round round2 = MakeRound(2, "p1", 6, /*objector=*/3);
  {
    auto store = OpenOrDie(DbPath());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->BeginSession(header).ok());
    ASSERT_TRUE(store->RecordVotes("session-1", 1, "p0", MakeVotes(6)).ok());
    ASSERT_TRUE(store->RecordRound("session-1", round1).ok());
    // Round 2's votes are durable; its outcome is not reported yet.
    ASSERT_TRUE(store->RecordVotes("session-1", 2, "p1", MakeVotes(6, 3)).ok());
  }
  {
    RawDb raw(DbPath());
    EXPECT_EQ(raw.Text("SELECT status FROM sessions"), "RUNNING");
    EXPECT_EQ(raw.Int("SELECT count(*) FROM rounds"), 1);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM votes WHERE round_number = 2"), 6);
    EXPECT_EQ(
        raw.Text(
            "SELECT vote FROM votes WHERE round_number = 2 AND party = 'P3'"),
        "VOTE_OBJECT");
    EXPECT_EQ(raw.Text("SELECT statement FROM votes WHERE round_number = 2 "
                       "AND party = 'P0'"),
              "on the understanding that \"both\" sides act");
    // Conditions are a JSON array SQLite itself can read.
    EXPECT_EQ(raw.Column("SELECT value FROM votes, json_each(votes.conditions) "
                         "WHERE round_number = 2 AND party = 'P3'"),
              (std::vector<std::string>{"security_assurance >= 4",
                                        "adopt \"A0\"\nfirst"}));
    EXPECT_EQ(raw.Text("SELECT scenario_sha256 FROM sessions"),
              Sha256Hex(SerializeDeterministic(header.inputs.scenario())));
  }
  {
    // A fresh store, as a restarted coordinator would open it.
    auto store = OpenOrDie(DbPath());
    ASSERT_NE(store, nullptr);
    auto loaded = store->LoadSession("session-1");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->status(), v1::RECORD_STATUS_RUNNING);
    EXPECT_TRUE(MessageDifferencer::Equals(loaded->inputs().scenario(),
                                           header.inputs.scenario()));
    EXPECT_TRUE(MessageDifferencer::Equals(loaded->inputs().draft(),
                                           header.inputs.draft()));
    EXPECT_TRUE(MessageDifferencer::Equals(loaded->session().started(),
                                           header.started));
    EXPECT_EQ(loaded->inputs().variant(), "baseline");
    EXPECT_EQ(loaded->coordinator_version(), "test-1.0");
    EXPECT_EQ(loaded->started_at_ms(), 1700000000000);
    EXPECT_FALSE(loaded->ended_at_ms() != 0);
    ASSERT_EQ(loaded->session().rounds_size(), 1);
    EXPECT_TRUE(MessageDifferencer::Equals(loaded->session().rounds(0), round1))
        << loaded->session().rounds(0).DebugString();
    ASSERT_EQ(loaded->partial_rounds().size(), 1u);
    const v1::PartialRound& partial = loaded->partial_rounds()[0];
    EXPECT_EQ(partial.number(), 2);
    EXPECT_EQ(partial.proposal(), "p1");
    ASSERT_EQ(partial.votes().size(), 6u);
    for (int i = 0; i < 6; ++i) {
      EXPECT_TRUE(
          MessageDifferencer::Equals(partial.votes()[i], round2.votes(i)))
          << partial.votes()[i].DebugString();
    }

    // The outcome arrives; the session ends in deadlock.
    ASSERT_TRUE(store->RecordRound("session-1", round2).ok());
    v1::SessionSummary summary;
    summary.set_outcome(v1::SessionSummary::DEADLOCK);
    summary.add_adopted("p0");
    v1::Blocker* blocker = summary.add_blockers();
    blocker->set_proposal("p1");
    blocker->add_parties("P3");
    summary.set_rounds(2);
    summary.set_passes(1);
    ASSERT_TRUE(store->EndSession("session-1", summary).ok());
  }
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Text("SELECT status FROM sessions"), "DEADLOCK");
  EXPECT_EQ(raw.Text("SELECT outcome FROM sessions"),
            "deadlock: 1 of 4 adopted; blocked: p1 (P3)");
  EXPECT_EQ(raw.Int("SELECT ended_at_ms IS NOT NULL FROM sessions"), 1);
  EXPECT_EQ(raw.Text("SELECT blocking_parties FROM rounds WHERE number = 2"),
            "[\"P3\"]");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM votes"), 12);

  auto store = OpenOrDie(DbPath());
  ASSERT_NE(store, nullptr);
  auto loaded = store->LoadSession("session-1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->status(), v1::RECORD_STATUS_DEADLOCK);
  EXPECT_TRUE(loaded->ended_at_ms() != 0);
  EXPECT_TRUE(loaded->partial_rounds().empty());
  v1::Session expected;
  *expected.mutable_started() = header.started;
  *expected.add_rounds() = round1;
  *expected.add_rounds() = round2;
  *expected.mutable_summary() = loaded->session().summary();
  EXPECT_TRUE(MessageDifferencer::Equals(loaded->session(), expected))
      << loaded->session().DebugString();
  EXPECT_EQ(loaded->session().summary().blockers(0).parties(0), "P3");
}

TEST_F(RecordsTest, ReRecordingVotesIsIdempotent) {
  auto store = OpenOrDie(DbPath());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->BeginSession(MakeHeader("s")).ok());
  std::vector<v1::CastVote> votes = MakeVotes(6, 2);
  ASSERT_TRUE(store->RecordVotes("s", 1, "p0", votes).ok());
  ASSERT_TRUE(store->RecordVotes("s", 1, "p0", votes).ok());
  v1::Round round = MakeRound(1, "p0", 6, 2);
  ASSERT_TRUE(store->RecordRound("s", round).ok());
  ASSERT_TRUE(store->RecordRound("s", round).ok());
  {
    RawDb raw(DbPath());
    EXPECT_EQ(raw.Int("SELECT count(*) FROM votes"), 6);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM rounds"), 1);
  }
  // A retried vote replaces the first recording.
  votes[4].set_attempts(3);
  ASSERT_TRUE(store->RecordVotes("s", 1, "p0", {votes[4]}).ok());
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("SELECT count(*) FROM votes"), 6);
  EXPECT_EQ(raw.Int("SELECT attempts FROM votes WHERE party = 'P4'"), 3);
  auto loaded = store->LoadSession("s");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->session().rounds(0).votes_size(), 6);
  EXPECT_EQ(loaded->session().rounds(0).votes(4).attempts(), 3);
  EXPECT_EQ(loaded->session().rounds(0).votes(0).party(), "P0");

  // Votes recorded one by one as they arrive still read back in scenario
  // order.
  for (int i = 5; i >= 0; --i) {
    ASSERT_TRUE(store->RecordVotes("s", 2, "p1", {votes[i]}).ok());
  }
  loaded = store->LoadSession("s");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->partial_rounds().size(), 1u);
  std::vector<std::string> parties;
  for (const v1::CastVote& v : loaded->partial_rounds()[0].votes())
    parties.push_back(v.party());
  EXPECT_EQ(parties,
            (std::vector<std::string>{"P0", "P1", "P2", "P3", "P4", "P5"}));
}

TEST_F(RecordsTest, RejectsWritesOutsideARunningSession) {
  auto store = OpenOrDie(DbPath());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->RecordVotes("nope", 1, "p0", MakeVotes(1)).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store->LoadSession("nope").status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(store->BeginSession(MakeHeader("s")).ok());
  EXPECT_EQ(store->BeginSession(MakeHeader("s")).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store->BeginSession(MakeHeader("")).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->EndSession("s", v1::SessionSummary()).code(),
            absl::StatusCode::kInvalidArgument);
  v1::SessionSummary done;
  done.set_outcome(v1::SessionSummary::CONSENSUS);
  ASSERT_TRUE(store->EndSession("s", done).ok());
  EXPECT_EQ(store->EndSession("s", done).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->RecordRound("s", MakeRound(1, "p0", 6)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->ResumeSession("s").code(),
            absl::StatusCode::kFailedPrecondition);
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sessions"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM rounds"), 0);
  EXPECT_EQ(raw.Text("SELECT status FROM sessions"), "CONSENSUS");
}

TEST_F(RecordsTest, MarksStaleSessionsInterruptedAtStartup) {
  // A coordinator writes s1, s3 and e1 RUNNING, then dies.
  const int exit_code = testing::RunInProcessThatDies([&] {
    auto opened = RecordStore::Open(DbPath());
    if (!opened.ok()) return false;
    RecordStore& store = **opened;
    v1::SessionSummary done;
    done.set_outcome(v1::SessionSummary::CONSENSUS);
    ExplorationRecord exploration;
    exploration.set_id("e1");
    exploration.set_status(v1::RECORD_STATUS_RUNNING);
    return store.BeginSession(MakeHeader("s1")).ok() &&
           store.RecordRound("s1", MakeRound(1, "p0", 6)).ok() &&
           store.RecordRound("s1", MakeRound(2, "p1", 6, 0)).ok() &&
           store.RecordVotes("s1", 3, "p2", MakeVotes(4)).ok() &&
           store.BeginSession(MakeHeader("s2")).ok() &&
           store.EndSession("s2", done).ok() &&
           store.BeginSession(MakeHeader("s3")).ok() &&
           store.SaveExploration(std::move(exploration)).ok();
  });
  ASSERT_EQ(exit_code, 0);
  auto store = OpenOrDie(DbPath());
  ASSERT_NE(store, nullptr);
  auto stale = store->MarkStaleSessionsInterrupted();
  ASSERT_TRUE(stale.ok()) << stale.status();
  EXPECT_EQ(*stale, (std::vector<std::string>{"s1", "s3", "e1"}));
  {
    RawDb raw(DbPath());
    EXPECT_EQ(
        raw.Column("SELECT status FROM sessions ORDER BY id"),
        (std::vector<std::string>{"INTERRUPTED", "CONSENSUS", "INTERRUPTED"}));
    EXPECT_EQ(raw.Text("SELECT status FROM explorations"), "INTERRUPTED");
    EXPECT_EQ(raw.Text("SELECT outcome FROM sessions WHERE id = 's1'"),
              "interrupted after 2 rounds: 1 of 4 adopted");
    EXPECT_EQ(raw.Int("SELECT count(*) FROM votes WHERE session_id = 's1'"),
              16);
  }
  auto again = store->MarkStaleSessionsInterrupted();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());

  auto s1 = store->LoadSession("s1");
  ASSERT_TRUE(s1.ok()) << s1.status();
  EXPECT_EQ(s1->status(), v1::RECORD_STATUS_INTERRUPTED);
  EXPECT_EQ(s1->session().summary().outcome(), v1::SessionSummary::INTERRUPTED);
  EXPECT_EQ(s1->session().summary().rounds(), 2);
  ASSERT_EQ(s1->session().summary().adopted_size(), 1);
  EXPECT_EQ(s1->session().summary().adopted(0), "p0");
  ASSERT_EQ(s1->partial_rounds().size(), 1u);
  EXPECT_EQ(s1->partial_rounds()[0].votes().size(), 4u);
  EXPECT_TRUE(store->MarkInterrupted("s1").ok());  // already: fine
  EXPECT_EQ(store->MarkInterrupted("s2").code(),
            absl::StatusCode::kFailedPrecondition);

  // A coordinator may pick the session up again.
  ASSERT_TRUE(store->ResumeSession("s1").ok());
  ASSERT_TRUE(store->RecordRound("s1", MakeRound(3, "p2", 4)).ok());
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Text("SELECT status FROM sessions WHERE id = 's1'"), "RUNNING");
  EXPECT_EQ(raw.Int("SELECT summary IS NULL FROM sessions WHERE id = 's1'"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM rounds WHERE session_id = 's1'"), 3);
}

TEST_F(RecordsTest, ListsNewestFirstAndFiltersByKind) {
  auto store = OpenOrDie(DbPath());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->BeginSession(MakeHeader("s-old", 1000)).ok());
  ASSERT_TRUE(store->BeginSession(MakeHeader("s-new", 3000)).ok());
  v1::SessionSummary done;
  done.set_outcome(v1::SessionSummary::CONSENSUS);
  done.set_rounds(4);
  ASSERT_TRUE(store->EndSession("s-new", done).ok());
  for (auto [id, at] :
       {std::pair<const char*, int>{"e-old", 2000}, {"e-new", 4000}}) {
    ExplorationRecord record;
    record.set_id(id);
    record.set_status(v1::RECORD_STATUS_COMPLETE);
    record.set_created_at_ms(at);
    *record.mutable_inputs()->mutable_draft() = testing::MakeDraft(4);
    *record.mutable_inputs()->mutable_scenario() = testing::MakeScenario(6);
    record.mutable_inputs()->set_variant("v");
    record.mutable_result()->set_full_charter_reachable(true);
    record.mutable_result()->set_consensus_sequences("6");
    record.mutable_result()->set_admissible_sequences("24");
    record.mutable_result()->set_consensus_share(0.25);
    ASSERT_TRUE(store->SaveExploration(std::move(record)).ok());
  }
  auto all = store->List(v1::RECORD_KIND_UNSPECIFIED, 0);
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::string> ids;
  for (const RecordSummary& r : *all) ids.push_back(r.id());
  EXPECT_EQ(ids,
            (std::vector<std::string>{"e-new", "s-new", "e-old", "s-old"}));
  EXPECT_EQ((*all)[0].kind(), v1::RECORD_KIND_EXPLORATION);
  EXPECT_EQ((*all)[0].created_at_ms(), 4000);
  EXPECT_EQ((*all)[0].status(), v1::RECORD_STATUS_COMPLETE);
  EXPECT_EQ((*all)[0].draft_id(), "test-draft");
  EXPECT_EQ((*all)[0].scenario_id(), "test-scenario");
  EXPECT_EQ((*all)[0].variant(), "v");
  EXPECT_EQ((*all)[0].outcome(),
            "full charter reachable: 6 of 24 sequences reach consensus (25%)");
  EXPECT_EQ((*all)[1].outcome(),
            "consensus: all 4 proposals adopted in 4 rounds");
  EXPECT_EQ((*all)[3].status(), v1::RECORD_STATUS_RUNNING);

  auto sessions = store->List(v1::RECORD_KIND_SESSION, 10);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_EQ((*sessions)[0].id(), "s-new");
  EXPECT_EQ((*sessions)[1].id(), "s-old");
  auto explorations = store->List(v1::RECORD_KIND_EXPLORATION, 1);
  ASSERT_TRUE(explorations.ok());
  ASSERT_EQ(explorations->size(), 1u);
  EXPECT_EQ((*explorations)[0].id(), "e-new");
  auto three = store->List(v1::RECORD_KIND_UNSPECIFIED, 3);
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->size(), 3u);
}

TEST_F(RecordsTest, DetectsATamperedScenario) {
  {
    auto store = OpenOrDie(DbPath());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->BeginSession(MakeHeader("s")).ok());
  }
  {
    RawDb raw(DbPath());
    raw.Exec("UPDATE sessions SET scenario = x'0a03616263'");
  }
  auto store = OpenOrDie(DbPath());
  ASSERT_NE(store, nullptr);
  auto loaded = store->LoadSession("s");
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss)
      << loaded.status();
}

}  // namespace
}  // namespace concert::coordinator
