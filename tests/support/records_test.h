// Helpers for the record store tests: a temporary directory per test, a raw
// SQLite connection for reading back what the store wrote, and small
// scenario/draft/vote builders.
#ifndef CONCERT_TESTS_SUPPORT_RECORDS_TEST_H_
#define CONCERT_TESTS_SUPPORT_RECORDS_TEST_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/records/types.h"
#include "tests/support/forums.h"

struct sqlite3;

namespace concert::coordinator::testing {

// A fixture whose test runs in a fresh temporary directory, removed after.
class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // <dir>/<name>
  std::string PathOf(const std::string& name) const;
  // <dir>/records.db
  std::string DbPath() const { return PathOf("records.db"); }

  std::string dir_;
};

// RecordsTest with a RecordStore open on DbPath() in store_.
class RecordStoreTest : public RecordsTest {
 protected:
  void SetUp() override;

  std::unique_ptr<RecordStore> store_;
};

// Runs `work` in a child process (fork) that then exits — 0 when `work`
// returned true — and returns that exit status (-1 when it did not exit
// normally). Records the child began RUNNING are then owned by a process
// that has died, as a coordinator killed mid-session leaves them. `work`
// must not use gtest assertions (they would fail in the child only).
int RunInProcessThatDies(const std::function<bool()>& work);

// A connection of its own to a database file, for checks that must not
// trust the store's return codes. Fails the test when it cannot open.
class RawDb {
 public:
  explicit RawDb(const std::string& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs SQL; fails the test on error.
  void Exec(const std::string& sql);
  // First column of the first row as an integer / text (-1 / "<none>"
  // without a row).
  std::int64_t Int(const std::string& sql);
  std::string Text(const std::string& sql);
  // First column of every row, as text.
  std::vector<std::string> Column(const std::string& sql);

 private:
  sqlite3* db_ = nullptr;
};

// The full lattice over `n` proposals, nodes in canonical (sorted) order —
// the graph blob's form, so it round-trips exactly — with tallies over six
// parties that vary by set and proposal.
v1::ConsensusGraph FullLatticeGraph(int n);

// The header of a session `id` over MakeScenario(6)/MakeDraft(4).
SessionRecordHeader MakeHeader(const std::string& id,
                               std::int64_t started_at_ms = 0);

// One vote of `party`.
v1::CastVote MakeVote(const std::string& party, v1::Vote vote,
                      double utility = 0.5);
// `count` votes, parties P0.., all SUPPORT except party `objector` (-1:
// none) objecting with a condition.
std::vector<v1::CastVote> MakeVotes(int count, int objector = -1);
// A round with MakeVotes(count, objector) and its outcome.
v1::Round MakeRound(int number, const std::string& proposal, int count,
                    int objector = -1);

}  // namespace concert::coordinator::testing

#endif  // CONCERT_TESTS_SUPPORT_RECORDS_TEST_H_
