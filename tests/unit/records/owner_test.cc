// Each RUNNING record names the process that runs it, so a process opening
// the database takes over only what a dead process left: a session a live
// process still writes is neither marked INTERRUPTED nor resumed under it.
#include "services/coordinator/records/owner.h"

#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/coordinator/records/record_store.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using testing::MakeHeader;
using testing::MakeRound;
using testing::RawDb;
using testing::RecordsTest;
using testing::RunInProcessThatDies;

TEST(RecordOwnerTest, ThisProcessRunsAndADeadOrForeignOneDoesNot) {
  const RecordOwner self = ThisProcess();
  EXPECT_EQ(self.pid, static_cast<std::int64_t>(getpid()));
  EXPECT_EQ(self.boot_id.size(), 36u) << self.boot_id;  // a UUID
  EXPECT_GT(self.start_ticks, 0);
  EXPECT_TRUE(IsRunning(self));
  EXPECT_EQ(Describe(self),
            "process " + std::to_string(self.pid) + " on this machine");

  // A child that has exited (and been reaped) is no longer running: it
  // sends its identity back through a pipe before it exits.
  RecordOwner child;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(RunInProcessThatDies([&] {
              const RecordOwner me = ThisProcess();
              return write(fds[1], &me.start_ticks, sizeof me.start_ticks) ==
                         sizeof me.start_ticks &&
                     write(fds[1], &me.pid, sizeof me.pid) == sizeof me.pid;
            }),
            0);
  ASSERT_EQ(read(fds[0], &child.start_ticks, sizeof child.start_ticks),
            static_cast<ssize_t>(sizeof child.start_ticks));
  ASSERT_EQ(read(fds[0], &child.pid, sizeof child.pid),
            static_cast<ssize_t>(sizeof child.pid));
  close(fds[0]);
  close(fds[1]);
  child.boot_id = self.boot_id;
  child.pid_ns = self.pid_ns;
  EXPECT_NE(child.pid, self.pid);
  EXPECT_FALSE(IsRunning(child));

  // A pid reused by another process: its start time differs.
  RecordOwner reused = self;
  reused.start_ticks = self.start_ticks + 1;
  EXPECT_FALSE(IsRunning(reused));
  // Another boot, another pid namespace, nothing recorded.
  RecordOwner rebooted = self;
  rebooted.boot_id = "00000000-0000-0000-0000-000000000000";
  EXPECT_FALSE(IsRunning(rebooted));
  EXPECT_EQ(Describe(rebooted), "process " + std::to_string(self.pid) +
                                    " of another boot or machine");
  RecordOwner contained = self;
  contained.pid_ns = "pid:[1]";
  EXPECT_FALSE(IsRunning(contained));
  EXPECT_FALSE(IsRunning(RecordOwner{}));
  EXPECT_EQ(Describe(RecordOwner{}), "an unrecorded process");
}

TEST(RecordOwnerTest, StartTicksReadPastACommandNameWithSpacesAndParens) {
  // This process's own stat line parses; a pid that cannot exist does not.
  EXPECT_GT(StartTicksOf(getpid()), 0);
  EXPECT_EQ(StartTicksOf(0), -1);
  EXPECT_EQ(StartTicksOf(-5), -1);
  EXPECT_EQ(StartTicksOf(std::int64_t{1} << 40), -1);
}

TEST_F(RecordsTest, ALiveOwnersSessionIsLeftAloneAndADeadOnesIsTakenOver) {
  auto opened = RecordStore::Open(DbPath());
  ASSERT_TRUE(opened.ok()) << opened.status();
  RecordStore& store = **opened;
  // This (live) process runs "live"; a process that died ran "orphan".
  ASSERT_TRUE(store.BeginSession(MakeHeader("live")).ok());
  ASSERT_EQ(
      RunInProcessThatDies([&] {
        auto other = RecordStore::Open(DbPath());
        return other.ok() &&
               (*other)->BeginSession(MakeHeader("orphan")).ok() &&
               (*other)->RecordRound("orphan", MakeRound(1, "p0", 6)).ok();
      }),
      0);

  // Resuming the live one is refused, naming its process; nothing changes.
  const absl::Status live = store.ResumeSession("live");
  EXPECT_EQ(live.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(live.message().find("is RUNNING in process " +
                                std::to_string(getpid()) + " on this machine"),
            std::string::npos)
      << live.message();

  // The dead owner's session is taken over by `concert resume` directly
  // (no coordinator had marked it): RUNNING under this process, its round
  // kept.
  ASSERT_TRUE(store.ResumeSession("orphan").ok());
  {
    RawDb raw(DbPath());
    EXPECT_EQ(raw.Text("SELECT status FROM sessions WHERE id = 'orphan'"),
              "RUNNING");
    EXPECT_EQ(raw.Int("SELECT owner_pid FROM sessions WHERE id = 'orphan'"),
              static_cast<std::int64_t>(getpid()));
    EXPECT_EQ(raw.Int("SELECT count(*) FROM rounds WHERE session_id = "
                      "'orphan'"),
              1);
  }
  // Now both are this live process's: a coordinator starting beside it
  // marks neither.
  auto stale = store.MarkStaleSessionsInterrupted();
  ASSERT_TRUE(stale.ok()) << stale.status();
  EXPECT_TRUE(stale->empty());
}

}  // namespace
}  // namespace concert::coordinator
