// The record database between processes, with the real programs: a second
// coordinator opened on a database while the first runs a session leaves
// that session alone; a second coordinator on a port already served fails
// to start; the `records` commands read a database the user cannot write
// and write nothing to it; a full disk ends a session INTERRUPTED (or
// RUNNING under a dead owner) with exit 7 and the way to resume it; files
// are created private under umask 022; a tampered COMPLETE record is shown
// as damaged, exit 7.
//
// A session is held mid-way by an in-test party that keeps one round
// waiting (TestParty::HoldEvaluate), so nothing here sleeps.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/file_probe.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

constexpr int kHeldRound = 5;

// The id in a "concert session ID …" line.
std::string SessionIdIn(const std::string& line) {
  const std::string id = line.substr(line.find("session-"));
  return id.substr(0, id.find_first_of(" \n"));
}

// The umask for one scope (children inherit it).
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(umask(mask)) {}
  ~Umask() { umask(old_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t old_;
};

class RecordsFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    scenario_path_ = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(
        ServeInTestParties(&scenario_, &parties_, scenario_path_));
    db_ = dir_.File("records.db");
  }

  void TearDown() override {
    for (auto& p : parties_) p->party->Release();
  }

  TestParty& dprk() { return *parties_[5]->party; }

  // `concert ARGS... --db DB` on the embedded forum of the built-in
  // scenario (no in-test party involved).
  std::vector<std::string> Concert(const std::vector<std::string>& args,
                                   const std::string& db = "") {
    std::vector<std::string> argv = {ConcertBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--db", db.empty() ? db_ : db});
    return argv;
  }

  std::unique_ptr<coordinator::RecordStore> Store() {
    auto store = coordinator::RecordStore::Open(db_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  std::string scenario_path_;
  std::string db_;
};

TEST_F(RecordsFilesTest, ASecondCoordinatorLeavesTheFirstOnesSessionAlone) {
  CoordinatorProcess first = CoordinatorProcess::Start(scenario_path_, db_);
  ASSERT_NE(first.process, nullptr);
  dprk().HoldEvaluate(kHeldRound);
  ChildProcess client({ConcertBinary(), "run",
                       ShippedDraftPath("paper-sequence"), "--variant",
                       "transformation", "--coordinator", first.address});
  const auto header = client.WaitForOutputLine("concert session ");
  ASSERT_TRUE(header.has_value()) << client.stderr_text();
  const std::string id = SessionIdIn(*header);
  ASSERT_TRUE(dprk().WaitUntilHolding());

  // A second coordinator on the same database, while the session is held:
  // its start-up takes over only records whose owner died.
  CoordinatorProcess second = CoordinatorProcess::Start(scenario_path_, db_);
  ASSERT_NE(second.process, nullptr);
  EXPECT_THAT(second.process->stderr_text(), Not(HasSubstr(id)));
  EXPECT_EQ(Store()->LoadSession(id)->status(), v1::RECORD_STATUS_RUNNING);
  // Nor does a second one on the first one's port start: it fails at once
  // in one line saying why, and the first keeps serving.
  const CommandResult clash =
      RunCommand({CoordinatorBinary(), "--listen", first.address, "--scenario",
                  scenario_path_, "--db", db_});
  EXPECT_NE(clash.exit_code, 0);
  EXPECT_THAT(clash.err,
              HasSubstr(absl::StrCat("cannot listen on ", first.address,
                                     ": Address already in use")));
  EXPECT_THAT(clash.err, Not(HasSubstr("serving on")));

  dprk().Release();
  EXPECT_EQ(client.Wait(), 0) << client.stderr_text();
  const auto finished = Store()->LoadSession(id);
  ASSERT_TRUE(finished.ok()) << finished.status();
  EXPECT_EQ(finished->status(), v1::RECORD_STATUS_CONSENSUS);
  EXPECT_EQ(finished->session().rounds_size(), 20);
}

TEST_F(RecordsFilesTest, RecordsCommandsReadWithoutWriting) {
  const CommandResult run =
      RunCommand(Concert({"run", ShippedDraftPath("paper-sequence")}));
  ASSERT_EQ(run.exit_code, 3) << run.err;  // the baseline deadlocks
  const auto listed = Store()->List(v1::RECORD_KIND_SESSION, 0);
  ASSERT_TRUE(listed.ok() && listed->size() == 1u);
  const std::string id = (*listed)[0].id();
  ASSERT_FALSE(fs::exists(db_ + "-wal"));

  // The database belongs to someone else's account, read-only, in a folder
  // nobody may write: when the test runs as root, the commands run as
  // nobody (root may write any file; SQLite's read-only opening is tested
  // for root too below).
  const bool as_nobody = geteuid() == 0 && fs::exists("/usr/bin/setpriv");
  std::vector<std::string> prefix;
  if (as_nobody) {
    prefix = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
              "--clear-groups"};
    ASSERT_EQ(chown(dir_.path().c_str(), 65534, 65534), 0);
    ASSERT_EQ(chown(db_.c_str(), 65534, 65534), 0);
  }
  ASSERT_EQ(chmod(db_.c_str(), 0400), 0);
  ASSERT_EQ(chmod(dir_.path().c_str(), 0500), 0);
  const std::string before = Contents(db_);
  const auto modified = fs::last_write_time(db_);

  for (const bool drop : {as_nobody, false}) {
    SCOPED_TRACE(drop ? "as nobody" : "as this user");
    const auto command = [&](const std::vector<std::string>& args) {
      std::vector<std::string> argv =
          drop ? prefix : std::vector<std::string>{};
      for (const std::string& a : Concert(args)) argv.push_back(a);
      return RunCommand(argv);
    };
    const CommandResult list = command({"records", "list"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    EXPECT_THAT(list.out, HasSubstr(id));
    const CommandResult show = command({"records", "show", id});
    EXPECT_EQ(show.exit_code, 0) << show.err;
    EXPECT_THAT(show.out, HasSubstr("DEADLOCK"));
    EXPECT_EQ(Contents(db_), before);
    EXPECT_EQ(fs::last_write_time(db_), modified);
    EXPECT_FALSE(fs::exists(db_ + "-wal"));
    EXPECT_FALSE(fs::exists(db_ + "-shm"));
  }
  ASSERT_EQ(chmod(dir_.path().c_str(), 0700), 0);

  // No database: nothing recorded yet, and reading creates none.
  const std::string none = dir_.File("none.db");
  const CommandResult empty = RunCommand(Concert({"records", "list"}, none));
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_THAT(empty.out, HasSubstr("No records."));
  EXPECT_FALSE(fs::exists(none));
}

TEST_F(RecordsFilesTest, AFullDiskEndsTheSessionResumableWithExit7) {
  const std::vector<std::string> run = {"run",
                                        ShippedDraftPath("paper-sequence")};
  // Two sessions measure how many pages one takes; the next one gets fewer:
  // from one page more than the file has, a page more at each try, until
  // its record begins and a later write finds the disk full. A try whose
  // header does not fit records nothing (one transaction) and says so.
  std::int64_t pages[3] = {0, 0, 0};
  for (int i = 1; i <= 2; ++i) {
    ASSERT_EQ(RunCommand(Concert(run)).exit_code, 3);
    auto db = coordinator::SqliteDb::Open(db_, {});
    ASSERT_TRUE(db.ok()) << db.status();
    pages[i] = *(*db)->QueryInt("PRAGMA page_count");
  }
  const std::int64_t per_session = pages[2] - pages[1];
  ASSERT_GT(per_session, 2);
  CommandResult failed;
  for (std::int64_t extra = 1; extra < per_session; ++extra) {
    std::vector<std::string> full = {
        "/usr/bin/env",
        absl::StrCat("CONCERT_TEST_DB_MAX_PAGES=", pages[2] + extra)};
    for (const std::string& a : Concert(run)) full.push_back(a);
    failed = RunCommand(full);
    ASSERT_EQ(failed.exit_code, 7)
        << "with " << extra << " pages more: " << failed.err;
    EXPECT_THAT(failed.err, HasSubstr(absl::StrCat("records database ", db_)));
    EXPECT_THAT(failed.err, HasSubstr("database or disk is full"));
    EXPECT_THAT(failed.err, HasSubstr("free space"));
    if (failed.err.find("nothing was recorded") == std::string::npos) break;
  }
  ASSERT_THAT(failed.err, HasSubstr("`concert resume session-"));
  const std::string resume_hint =
      failed.err.substr(failed.err.find("`concert resume ") + 16);
  const std::string id = resume_hint.substr(0, resume_hint.find('`'));

  // Not RUNNING under a live process: INTERRUPTED, or (when marking it
  // failed too) RUNNING under the process that has now exited.
  auto store = Store();
  ASSERT_NE(store, nullptr);
  const auto left = store->LoadSession(id);
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_GT(left->session().rounds_size(), 0);
  if (left->status() == v1::RECORD_STATUS_RUNNING) {
    auto stale = store->MarkStaleSessionsInterrupted();
    ASSERT_TRUE(stale.ok()) << stale.status();
    EXPECT_THAT(*stale, ::testing::Contains(id));
  } else {
    EXPECT_EQ(left->status(), v1::RECORD_STATUS_INTERRUPTED);
  }
  store.reset();

  // With room again, the session resumes to the outcome of a whole run.
  const CommandResult resumed = RunCommand(Concert({"resume", id}));
  EXPECT_EQ(resumed.exit_code, 3) << resumed.err;
  EXPECT_EQ(Store()->LoadSession(id)->status(), v1::RECORD_STATUS_DEADLOCK);
}

TEST_F(RecordsFilesTest, FilesArePrivateUnderUmask022) {
  Umask scoped(022);
  const std::string home = dir_.File("home");
  ASSERT_TRUE(fs::create_directory(home));
  fs::permissions(home, fs::perms(0755));
  // The default database, in folders concert creates.
  const CommandResult run = RunCommand(
      {"/usr/bin/env", "-u", "CONCERT_DB", "-u", "XDG_DATA_HOME",
       absl::StrCat("HOME=", home), ConcertBinary(), "explore",
       ShippedDraftPath("paper-sequence"), "--graph", dir_.File("g.dot")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ModeOf(home), 0755);  // not concert's
  for (const char* level :
       {"/.local", "/.local/share", "/.local/share/concert"})
    EXPECT_EQ(ModeOf(home + level), 0700) << level;
  EXPECT_EQ(ModeOf(home + "/.local/share/concert/concert.db"), 0600);
  EXPECT_EQ(ModeOf(dir_.File("g.dot")), 0600);

  // An existing file keeps its mode.
  { std::ofstream mine(dir_.File("mine.dot")); }
  ASSERT_EQ(chmod(dir_.File("mine.dot").c_str(), 0644), 0);
  ASSERT_EQ(RunCommand(Concert({"explore", ShippedDraftPath("paper-sequence"),
                                "--graph", dir_.File("mine.dot")}))
                .exit_code,
            0);
  EXPECT_EQ(ModeOf(dir_.File("mine.dot")), 0644);
  EXPECT_EQ(ModeOf(db_), 0600);
}

TEST_F(RecordsFilesTest, ATamperedCompleteRecordIsShownAsDamaged) {
  const CommandResult explored =
      RunCommand(Concert({"explore", ShippedDraftPath("paper-sequence")}));
  ASSERT_EQ(explored.exit_code, 0) << explored.err;
  const auto listed = Store()->List(v1::RECORD_KIND_EXPLORATION, 0);
  ASSERT_TRUE(listed.ok() && listed->size() == 1u);
  const std::string id = (*listed)[0].id();
  {
    auto db = coordinator::SqliteDb::Open(db_, {});
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->Exec("UPDATE explorations SET result = x''").ok());
  }
  const CommandResult show = RunCommand(Concert({"records", "show", id}));
  EXPECT_EQ(show.exit_code, 7) << show.out;
  EXPECT_THAT(show.err,
              HasSubstr(absl::StrCat("exploration ", id,
                                     " is COMPLETE but its stored result is "
                                     "missing or empty")));
  EXPECT_THAT(show.out, Not(HasSubstr("at most 0 of")));
}

}  // namespace
}  // namespace concert::testing
