// Schema creation, forward migration, and refusal of newer or foreign files.
#include "services/coordinator/records/schema.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using testing::RawDb;
using testing::RecordsTest;

TEST_F(RecordsTest, CreatesSchemaAndSetsVersion) {
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
  }
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("PRAGMA user_version"), kRecordSchemaVersion);
  EXPECT_EQ(raw.Int("PRAGMA application_id"), kRecordApplicationId);
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(
      raw.Column(
          "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
      (std::vector<std::string>{"comparison_graphs", "comparisons",
                                "explorations", "registrations", "rounds",
                                "sessions", "votes"}));
  EXPECT_EQ(raw.Int("SELECT count(*) FROM pragma_table_info('sessions') "
                    "WHERE name = 'outcome'"),
            1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                    "AND name = 'sessions_by_start'"),
            1);
  // Votes refer to their session only, never to a round row.
  EXPECT_EQ(
      raw.Column("SELECT \"table\" FROM pragma_foreign_key_list('votes')"),
      (std::vector<std::string>{"sessions"}));
}

TEST_F(RecordsTest, ReopeningKeepsRecordsAndVersion) {
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->BeginSession(testing::MakeHeader("s1")).ok());
  }
  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("PRAGMA user_version"), kRecordSchemaVersion);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sessions"), 1);
}

// The version-1 schema as released, written by hand (not from the code).
constexpr char kVersion1[] = R"sql(
CREATE TABLE sessions (
  id TEXT PRIMARY KEY NOT NULL, scenario_id TEXT NOT NULL, draft_id TEXT NOT NULL,
  scenario BLOB NOT NULL, scenario_sha256 TEXT NOT NULL, draft BLOB NOT NULL,
  draft_sha256 TEXT NOT NULL, variant TEXT NOT NULL, rule BLOB NOT NULL,
  started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER,
  status TEXT NOT NULL CHECK (status IN
    ('RUNNING','CONSENSUS','DEADLOCK','SUSPENDED','INTERRUPTED')),
  coordinator_version TEXT NOT NULL, header BLOB NOT NULL, summary BLOB);
CREATE TABLE rounds (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  number INTEGER NOT NULL, pass INTEGER NOT NULL, proposal TEXT NOT NULL,
  outcome TEXT NOT NULL, blocking_parties TEXT NOT NULL, conditions TEXT NOT NULL,
  explanation TEXT NOT NULL, round BLOB NOT NULL,
  PRIMARY KEY (session_id, number)) WITHOUT ROWID;
CREATE TABLE votes (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  round_number INTEGER NOT NULL, party TEXT NOT NULL, position INTEGER NOT NULL,
  proposal TEXT NOT NULL, vote TEXT NOT NULL, utility_change REAL NOT NULL,
  rationale TEXT NOT NULL, conditions TEXT NOT NULL, latency_us INTEGER NOT NULL,
  attempts INTEGER NOT NULL, absent INTEGER NOT NULL,
  PRIMARY KEY (session_id, round_number, party)) WITHOUT ROWID;
CREATE TABLE explorations (
  id TEXT PRIMARY KEY NOT NULL, scenario_id TEXT NOT NULL, draft_id TEXT NOT NULL,
  scenario BLOB NOT NULL, scenario_sha256 TEXT NOT NULL, draft BLOB NOT NULL,
  draft_sha256 TEXT NOT NULL, variant TEXT NOT NULL, rule BLOB NOT NULL,
  strategy TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('RUNNING','COMPLETE','FAILED','INTERRUPTED')),
  coordinator_version TEXT NOT NULL, result BLOB NOT NULL, graph BLOB);
PRAGMA user_version = 1;
)sql";

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xf]);
  }
  return hex;
}

TEST_F(RecordsTest, MigratesVersion1ForwardToTheCurrentVersion) {
  SessionRecordHeader header = testing::MakeHeader("old-session", 1000);
  v1::SessionSummary summary;
  summary.set_outcome(v1::SessionSummary::DEADLOCK);
  summary.add_adopted("p0");
  summary.add_adopted("p1");
  v1::Blocker* blocker = summary.add_blockers();
  blocker->set_proposal("p2");
  blocker->add_parties("P3");
  summary.set_rounds(5);
  {
    RawDb raw(DbPath());
    raw.Exec(kVersion1);
    const std::string scenario =
        SerializeDeterministic(header.inputs.scenario());
    const std::string draft = SerializeDeterministic(header.inputs.draft());
    raw.Exec(absl::StrCat(
        "INSERT INTO sessions VALUES ('old-session', 'test-scenario', "
        "'test-draft', x'",
        Hex(scenario), "', '", Sha256Hex(scenario), "', x'", Hex(draft), "', '",
        Sha256Hex(draft), "', '', x'', 1000, 2000, 'DEADLOCK', 'v0', x'",
        Hex(SerializeDeterministic(header.started)), "', x'",
        Hex(SerializeDeterministic(summary)), "')"));
    raw.Exec(
        "INSERT INTO votes VALUES ('old-session', 1, 'P0', 0, 'p0', 'SUPPORT', "
        "0.5, 'fine', '[]', 10, 1, 0)");
    // An exploration from before the strategy was an enum: its result names
    // the strategy in field 5, as a string ("lattice"), which is now
    // reserved; only the row's strategy column says it.
    v1::Exploration result;
    result.set_consensus_sequences("6");
    result.set_admissible_sequences("24");
    result.set_full_charter_reachable(true);
    std::string result_bytes = SerializeDeterministic(result);
    result_bytes += std::string("\x2a\x07lattice", 9);
    raw.Exec(absl::StrCat(
        "INSERT INTO explorations VALUES ('old-exploration', 'test-scenario', "
        "'test-draft', x'",
        Hex(scenario), "', '", Sha256Hex(scenario), "', x'", Hex(draft), "', '",
        Sha256Hex(draft), "', '', x'', 'lattice', 900, 'COMPLETE', 'v0', x'",
        Hex(result_bytes), "', NULL)"));
  }

  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("PRAGMA user_version"), kRecordSchemaVersion);
  EXPECT_EQ(raw.Text("SELECT outcome FROM sessions WHERE id = 'old-session'"),
            "deadlock: 2 of 4 adopted; blocked: p2 (P3)");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_schema WHERE name = "
                    "'sessions_by_start'"),
            1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM votes"), 1);
  // Version 3: votes under the wire's prefixed names.
  EXPECT_EQ(raw.Text("SELECT vote FROM votes"), "VOTE_SUPPORT");

  auto loaded = (*store)->LoadSession("old-session");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->status(), v1::RECORD_STATUS_DEADLOCK);
  EXPECT_EQ(loaded->session().summary().adopted_size(), 2);
  ASSERT_EQ(loaded->partial_rounds().size(), 1u);
  EXPECT_EQ(loaded->partial_rounds()[0].votes()[0].party(), "P0");
  EXPECT_EQ(loaded->partial_rounds()[0].votes()[0].vote(), v1::VOTE_SUPPORT);
  // Version 7: a vote from before statements existed made none.
  EXPECT_EQ(loaded->partial_rounds()[0].votes()[0].statement(), "");
  EXPECT_EQ(raw.Text("SELECT statement FROM votes"), "");
  auto exploration = (*store)->LoadExploration("old-exploration");
  ASSERT_TRUE(exploration.ok()) << exploration.status();
  EXPECT_EQ(exploration->strategy(), v1::EXPLORE_STRATEGY_LATTICE);
  EXPECT_EQ(exploration->result().strategy(), v1::EXPLORE_STRATEGY_LATTICE);
  EXPECT_EQ(exploration->result().consensus_sequences(), "6");
  auto listed = (*store)->List(v1::RECORD_KIND_UNSPECIFIED, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].outcome(),
            "deadlock: 2 of 4 adopted; blocked: p2 (P3)");
  EXPECT_EQ((*listed)[1].outcome(),
            "full charter reachable: 6 of 24 sequences reach consensus (0%)");
}

// What versions 2 to 4 added to version 1, as released, written by hand.
constexpr char kVersions2To4[] = R"sql(
ALTER TABLE sessions ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE explorations ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_start ON sessions(started_at_ms);
CREATE INDEX sessions_by_status ON sessions(status);
CREATE INDEX explorations_by_creation ON explorations(created_at_ms);
CREATE TABLE registrations (
  party_id TEXT PRIMARY KEY NOT NULL, address TEXT NOT NULL,
  registered_at_ms INTEGER NOT NULL) WITHOUT ROWID;
PRAGMA application_id = 1668247139;
PRAGMA user_version = 4;
)sql";

TEST_F(RecordsTest, MigratesVersion4ForwardWithComparisons) {
  SessionRecordHeader header = testing::MakeHeader("old-session", 1000);
  {
    RawDb raw(DbPath());
    raw.Exec(kVersion1);
    raw.Exec(kVersions2To4);
    const std::string scenario =
        SerializeDeterministic(header.inputs.scenario());
    const std::string draft = SerializeDeterministic(header.inputs.draft());
    raw.Exec(absl::StrCat(
        "INSERT INTO sessions VALUES ('old-session', 'test-scenario', "
        "'test-draft', x'",
        Hex(scenario), "', '", Sha256Hex(scenario), "', x'", Hex(draft), "', '",
        Sha256Hex(draft), "', '', x'', 1000, NULL, 'RUNNING', 'v0', x'",
        Hex(SerializeDeterministic(header.started)), "', NULL, 'running')"));
    raw.Exec("INSERT INTO registrations VALUES ('P0', '10.0.0.1:7001', 900)");
  }
  ASSERT_EQ(RawDb(DbPath()).Int("PRAGMA user_version"), 4);

  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  {
    RawDb raw(DbPath());
    EXPECT_EQ(raw.Int("PRAGMA user_version"), kRecordSchemaVersion);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_schema WHERE name IN "
                      "('comparisons', 'comparison_graphs', "
                      "'comparisons_by_creation')"),
              3);
    // Graphs go with their comparison.
    EXPECT_EQ(raw.Column("SELECT \"table\" FROM "
                         "pragma_foreign_key_list('comparison_graphs')"),
              (std::vector<std::string>{"comparisons"}));
  }
  // What version 4 held is all there.
  auto registrations = (*store)->LoadRegistrations();
  ASSERT_TRUE(registrations.ok()) << registrations.status();
  ASSERT_EQ(registrations->size(), 1u);
  EXPECT_EQ((*registrations)[0].address, "10.0.0.1:7001");
  // Comparisons are recorded, listed and interrupted beside the session.
  v1::ComparisonRecord comparison;
  comparison.set_id("comparison-new");
  *comparison.mutable_scenario() = header.inputs.scenario();
  *comparison.mutable_request()->add_drafts() = header.inputs.draft();
  comparison.set_created_at_ms(2000);
  ASSERT_TRUE((*store)->BeginComparison(comparison).ok());
  auto listed = (*store)->List(v1::RECORD_KIND_UNSPECIFIED, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id(), "comparison-new");
  EXPECT_EQ((*listed)[0].draft_id(), "test-draft");
  EXPECT_EQ((*listed)[1].id(), "old-session");
  // The version-4 session has no owner (it counts as dead); the comparison
  // is this live process's, and stays RUNNING.
  auto marked = (*store)->MarkStaleSessionsInterrupted();
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_EQ(*marked, (std::vector<std::string>{"old-session"}));
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Text("SELECT status FROM comparisons"), "RUNNING");
  EXPECT_EQ(raw.Int("SELECT owner_pid FROM comparisons"),
            static_cast<std::int64_t>(getpid()));
  EXPECT_EQ(raw.Text("SELECT owner_boot FROM sessions"), "");
}

TEST_F(RecordsTest, RefusesNewerSchemaVersion) {
  const int future = kRecordSchemaVersion + 1;
  {
    RawDb raw(DbPath());
    raw.Exec(absl::StrCat(
        "CREATE TABLE future (x); PRAGMA user_version = ", future, ";"));
  }
  auto store = RecordStore::Open(DbPath());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(
      store.status().message().find(absl::StrCat("schema version ", future)),
      std::string::npos)
      << store.status();
  EXPECT_NE(store.status().message().find(
                absl::StrCat("(", kRecordSchemaVersion, ")")),
            std::string::npos)
      << store.status();
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("PRAGMA user_version"), future);
  EXPECT_EQ(
      raw.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'sessions'"), 0);
}

TEST_F(RecordsTest, RefusesAnotherApplicationsDatabase) {
  {
    RawDb raw(DbPath());
    raw.Exec("CREATE TABLE contacts (name TEXT)");
  }
  auto store = RecordStore::Open(DbPath());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition)
      << store.status();
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_schema"), 1);
}

TEST_F(RecordsTest, RefusesNonFilePaths) {
  EXPECT_EQ(RecordStore::Open("").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordStore::Open(":memory:").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto missing_dir = RecordStore::Open(PathOf("no/such/dir/x.db"));
  EXPECT_EQ(missing_dir.status().code(), absl::StatusCode::kFailedPrecondition)
      << missing_dir.status();
}

}  // namespace
}  // namespace concert::coordinator
