// The database file itself: errors that name it, files created private
// whatever the umask, reading a database the user cannot write without
// writing to it, a full disk, and finished records whose stored result was
// removed (each loads as DATA_LOSS naming the record and what is missing).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/records/schema.h"
#include "tests/support/file_probe.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using ::testing::HasSubstr;
using testing::RawDb;
using testing::RecordsTest;

namespace fs = std::filesystem;

using ::concert::testing::Contents;
using ::concert::testing::ModeOf;

// Sets the umask for one scope.
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(umask(mask)) {}
  ~Umask() { umask(old_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t old_;
};

RecordStoreOptions ReadOnly() {
  RecordStoreOptions options;
  options.sqlite.read_only = true;
  return options;
}

TEST_F(RecordsTest, AnOpenFailureNamesTheFile) {
  const std::string path = PathOf("missing-folder/records.db");
  auto store = RecordStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(),
              HasSubstr(absl::StrCat("records database ", path, ": ")));
}

TEST_F(RecordsTest, ACorruptFileIsDataLossNamingTheFile) {
  {
    std::ofstream garbage(DbPath(), std::ios::binary);
    for (int i = 0; i < 512; ++i) garbage << "not a database, only garbage ";
  }
  for (const RecordStoreOptions& options : {RecordStoreOptions(), ReadOnly()}) {
    auto store = RecordStore::Open(DbPath(), options);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss)
        << store.status();
    EXPECT_THAT(store.status().message(),
                HasSubstr(absl::StrCat("records database ", DbPath(), ": ")));
  }
}

TEST_F(RecordsTest, AWriteFailureOnAFullDiskNamesTheFile) {
  { ASSERT_TRUE(RecordStore::Open(DbPath()).ok()); }
  // The disk is full: the file may not grow by a page.
  RecordStoreOptions options;
  options.sqlite.max_page_count = RawDb(DbPath()).Int("PRAGMA page_count");
  auto store = RecordStore::Open(DbPath(), options);
  ASSERT_TRUE(store.ok()) << store.status();
  // The first sessions fit in the pages the file has; a later one does not.
  absl::Status s;
  for (int i = 0; i < 1000 && s.ok(); ++i) {
    s = (*store)->BeginSession(testing::MakeHeader(absl::StrCat("s", i)));
  }
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  EXPECT_THAT(s.message(),
              HasSubstr(absl::StrCat("records database ", DbPath(), ": ")));
  EXPECT_THAT(s.message(), HasSubstr("full"));
}

TEST_F(RecordsTest, ANewDatabaseIsPrivateWhateverTheUmask) {
  for (const mode_t mask : {mode_t{022}, mode_t{0}, mode_t{0277}}) {
    SCOPED_TRACE(absl::StrCat("umask 0", absl::Hex(mask)));
    const std::string path = PathOf(absl::StrCat("umask-", mask, ".db"));
    Umask scoped(mask);
    auto store = RecordStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->BeginSession(testing::MakeHeader("s1")).ok());
    EXPECT_EQ(ModeOf(path), 0600);
    // SQLite gives the journal files the main file's mode.
    EXPECT_EQ(ModeOf(path + "-wal"), 0600);
    EXPECT_EQ(ModeOf(path + "-shm"), 0600);
  }
}

TEST_F(RecordsTest, AnExistingFileKeepsItsMode) {
  { std::ofstream empty(DbPath()); }
  ASSERT_EQ(chmod(DbPath().c_str(), 0640), 0);
  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(ModeOf(DbPath()), 0640);
}

TEST_F(RecordsTest, ReadingOnlyReadsAndWritesNothing) {
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->BeginSession(testing::MakeHeader("s1")).ok());
  }
  // The last connection closed: no -wal or -shm file is left.
  ASSERT_FALSE(fs::exists(DbPath() + "-wal"));
  ASSERT_EQ(chmod(DbPath().c_str(), 0400), 0);
  const std::string before = Contents(DbPath());
  const auto modified = fs::last_write_time(DbPath());

  auto store = RecordStore::Open(DbPath(), ReadOnly());
  ASSERT_TRUE(store.ok()) << store.status();
  auto listed = (*store)->List(v1::RECORD_KIND_UNSPECIFIED, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  auto session = (*store)->LoadSession("s1");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->status(), v1::RECORD_STATUS_RUNNING);
  // A write is refused, naming the file (root could write a 0400 file: the
  // refusal is the store's own, whoever runs it).
  const absl::Status write = (*store)->BeginSession(testing::MakeHeader("s2"));
  EXPECT_EQ(write.code(), absl::StatusCode::kPermissionDenied) << write;
  EXPECT_THAT(write.message(), HasSubstr(DbPath()));
  store->reset();

  EXPECT_EQ(Contents(DbPath()), before);
  EXPECT_EQ(fs::last_write_time(DbPath()), modified);
  EXPECT_FALSE(fs::exists(DbPath() + "-wal"));
  EXPECT_FALSE(fs::exists(DbPath() + "-shm"));
  EXPECT_EQ(ModeOf(DbPath()), 0400);
}

TEST_F(RecordsTest, ReadingOnlyBesideAWriterSeesItsCommits) {
  auto writer = RecordStore::Open(DbPath());
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->BeginSession(testing::MakeHeader("s1")).ok());
  // The writer's connection is open: its -wal holds commits the main file
  // may not yet have.
  ASSERT_TRUE(fs::exists(DbPath() + "-wal"));
  auto reader = RecordStore::Open(DbPath(), ReadOnly());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE((*writer)->BeginSession(testing::MakeHeader("s2")).ok());
  auto listed = (*reader)->List(v1::RECORD_KIND_SESSION, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->size(), 2u);
}

TEST_F(RecordsTest, ReadingOnlyNeitherCreatesNorMigrates) {
  auto missing = RecordStore::Open(DbPath(), ReadOnly());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr(DbPath()));
  EXPECT_FALSE(fs::exists(DbPath()));

  { ASSERT_TRUE(RecordStore::Open(DbPath()).ok()); }
  RawDb(DbPath()).Exec(
      absl::StrCat("PRAGMA user_version = ", kRecordSchemaVersion - 1));
  auto older = RecordStore::Open(DbPath(), ReadOnly());
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(older.status().message(),
              HasSubstr(absl::StrCat(
                  "has schema version ", kRecordSchemaVersion - 1,
                  ", older than this concert's (", kRecordSchemaVersion, ")")));
  EXPECT_EQ(RawDb(DbPath()).Int("PRAGMA user_version"),
            kRecordSchemaVersion - 1);
}

// --- Finished records whose result was removed ----------------------------

TEST_F(RecordsTest, AConsensusSessionWithoutItsSummaryIsDataLoss) {
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->BeginSession(testing::MakeHeader("s1")).ok());
    v1::SessionSummary done;
    done.set_outcome(v1::SessionSummary::CONSENSUS);
    ASSERT_TRUE((*store)->EndSession("s1", done).ok());
    ASSERT_TRUE((*store)->LoadSession("s1").ok());
  }
  for (const char* tamper : {"UPDATE sessions SET summary = NULL",
                             "UPDATE sessions SET summary = x''"}) {
    SCOPED_TRACE(tamper);
    RawDb(DbPath()).Exec(tamper);
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    auto loaded = (*store)->LoadSession("s1");
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(loaded.status().message(),
                HasSubstr("session s1 is CONSENSUS but its stored summary is "
                          "missing or empty"));
  }
}

TEST_F(RecordsTest, ACompleteExplorationWithAnEmptyResultIsDataLoss) {
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    ExplorationRecord record;
    record.set_id("e1");
    record.set_status(v1::RECORD_STATUS_COMPLETE);
    *record.mutable_inputs()->mutable_scenario() = testing::MakeScenario(6);
    *record.mutable_inputs()->mutable_draft() = testing::MakeDraft(4);
    record.mutable_result()->set_states_explored(16);
    record.mutable_result()->set_consensus_sequences("3");
    ASSERT_TRUE((*store)->SaveExploration(record).ok());
    ASSERT_TRUE((*store)->LoadExploration("e1").ok());
  }
  RawDb(DbPath()).Exec("UPDATE explorations SET result = x''");
  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  auto loaded = (*store)->LoadExploration("e1");
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("exploration e1 is COMPLETE but its stored result is "
                        "missing or empty"));
}

TEST_F(RecordsTest, ACompleteComparisonWithoutItsResultIsDataLoss) {
  {
    auto store = RecordStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.status();
    ComparisonRecord record;
    record.set_id("c1");
    *record.mutable_scenario() = testing::MakeScenario(6);
    *record.mutable_request()->add_drafts() = testing::MakeDraft(3);
    ASSERT_TRUE((*store)->BeginComparison(record).ok());
    v1::Comparison result;
    result.add_rows()->set_draft_id("d");
    ASSERT_TRUE((*store)->FinishComparison("c1", result).ok());
    ASSERT_TRUE((*store)->LoadComparison("c1").ok());
  }
  RawDb(DbPath()).Exec("UPDATE comparisons SET result = NULL");
  auto store = RecordStore::Open(DbPath());
  ASSERT_TRUE(store.ok()) << store.status();
  auto loaded = (*store)->LoadComparison("c1");
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("comparison c1 is COMPLETE but its stored result is "
                        "missing or empty"));
}

}  // namespace
}  // namespace concert::coordinator
