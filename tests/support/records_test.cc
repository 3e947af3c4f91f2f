#include "tests/support/records_test.h"

#include <stdlib.h>
#include <unistd.h>

#include <bit>
#include <filesystem>

#include <sqlite3.h>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"

namespace concert::coordinator::testing {

v1::ConsensusGraph FullLatticeGraph(int n) {
  v1::ConsensusGraph graph;
  const std::uint64_t count = std::uint64_t{1} << n;
  for (std::uint64_t set = 0; set < count; ++set) graph.add_nodes(set);
  for (std::uint64_t set = 0; set < count; ++set) {
    for (int p = 0; p < n; ++p) {
      if (set & (std::uint64_t{1} << p)) continue;
      v1::GraphEdge* e = graph.add_edges();
      e->set_source(static_cast<std::uint32_t>(set));
      e->set_target(static_cast<std::uint32_t>(set | (std::uint64_t{1} << p)));
      e->set_proposal(p);
      const std::uint32_t support = (std::popcount(set) + 2 * p) % 7;
      const std::uint32_t object = (support == 0 && p % 2 == 0) ? 1 : 0;
      e->set_support(support);
      e->set_object(object);
      e->set_abstain(6 - support - object);
    }
  }
  return graph;
}

void RecordsTest::SetUp() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "concert-records-XXXXXX")
          .string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "mkdtemp " << pattern;
  dir_ = pattern;
}

void RecordsTest::TearDown() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

void RecordStoreTest::SetUp() {
  RecordsTest::SetUp();
  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
}

std::string RecordsTest::PathOf(const std::string& name) const {
  return (std::filesystem::path(dir_) / name).string();
}

int RunInProcessThatDies(const std::function<bool()>& work) {
  const pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) _exit(work() ? 0 : 1);
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

RawDb::RawDb(const std::string& path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  EXPECT_EQ(rc, SQLITE_OK) << "open " << path;
  sqlite3_busy_timeout(db_, 10000);
}

RawDb::~RawDb() { sqlite3_close_v2(db_); }

void RawDb::Exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error != nullptr ? error : "");
  sqlite3_free(error);
}

std::vector<std::string> RawDb::Column(const std::string& sql) {
  std::vector<std::string> values;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << sqlite3_errmsg(db_);
  if (rc != SQLITE_OK) return values;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    values.push_back(text != nullptr ? reinterpret_cast<const char*>(text)
                                     : "<null>");
  }
  EXPECT_EQ(rc, SQLITE_DONE) << sql << ": " << sqlite3_errmsg(db_);
  sqlite3_finalize(stmt);
  return values;
}

std::int64_t RawDb::Int(const std::string& sql) {
  std::vector<std::string> values = Column(sql);
  return values.empty() ? -1 : std::stoll(values[0]);
}

std::string RawDb::Text(const std::string& sql) {
  std::vector<std::string> values = Column(sql);
  return values.empty() ? "<none>" : values[0];
}

SessionRecordHeader MakeHeader(const std::string& id,
                               std::int64_t started_at_ms) {
  SessionRecordHeader header;
  header.id = id;
  v1::RecordInputs& inputs = header.inputs;
  *inputs.mutable_scenario() = MakeScenario(6);
  *inputs.mutable_draft() = MakeDraft(4);
  inputs.set_variant("baseline");
  *inputs.mutable_rule() = inputs.scenario().rule();
  header.coordinator_version = "test-1.0";
  header.started.set_session_id(id);
  header.started.set_draft_id(inputs.draft().id());
  header.started.set_scenario_id(inputs.scenario().id());
  header.started.set_proposals(inputs.draft().proposals_size());
  for (const v1::PartySpec& party : inputs.scenario().parties()) {
    header.started.add_parties()->set_id(party.id());
  }
  header.started_at_ms = started_at_ms;
  return header;
}

v1::CastVote MakeVote(const std::string& party, v1::Vote vote, double utility) {
  v1::CastVote cast;
  cast.set_party(party);
  cast.set_vote(vote);
  cast.set_utility_change(utility);
  cast.set_rationale(absl::StrCat(party, " weighs \"security\" first"));
  cast.set_latency_us(1234);
  cast.set_attempts(1);
  return cast;
}

std::vector<v1::CastVote> MakeVotes(int count, int objector) {
  std::vector<v1::CastVote> votes;
  for (int i = 0; i < count; ++i) {
    v1::CastVote vote =
        MakeVote(absl::StrCat("P", i),
                 i == objector ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT,
                 i == objector ? -1.25 : 0.75);
    if (i == objector) {
      vote.add_conditions("security_assurance >= 4");
      vote.add_conditions("adopt \"A0\"\nfirst");
    } else if (i == 0) {
      // One supporter joins with an interpretative statement, so that every
      // record test carries one through the store.
      vote.set_statement("on the understanding that \"both\" sides act");
    }
    votes.push_back(std::move(vote));
  }
  return votes;
}

v1::Round MakeRound(int number, const std::string& proposal, int count,
                    int objector) {
  v1::Round round;
  round.set_number(number);
  round.set_pass(1);
  round.set_proposal(proposal);
  round.set_title(absl::StrCat("Title of ", proposal));
  round.set_stage("S1");
  for (v1::CastVote& vote : MakeVotes(count, objector))
    *round.add_votes() = vote;
  if (objector >= 0) {
    round.set_outcome(v1::Round::DEFERRED);
    round.add_blocking_parties(absl::StrCat("P", objector));
    round.add_conditions("security_assurance >= 4");
    round.set_explanation("blocked by one objection");
  } else {
    round.set_outcome(v1::Round::ADOPTED);
    round.set_explanation("no objection");
  }
  return round;
}

}  // namespace concert::coordinator::testing
