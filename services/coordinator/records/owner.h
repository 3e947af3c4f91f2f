// The process that runs a record while it is RUNNING — a session, an
// exploration or a comparison — kept with the record so that any process
// opening the database (a standalone coordinator starting, `concert resume`)
// can tell a record whose owner died (killed mid-session: it stays RUNNING
// for ever) from one a live process is still writing, and take over only
// the former.
//
// A process is named by what survives pid reuse and reboots: the kernel's
// boot id, the pid namespace (containers number their processes from 1
// each), the pid, and the process's start time in clock ticks since boot.
// It is alive when all four match a process running now. Anything this
// machine cannot check — another boot, another pid namespace, a record from
// before owners were kept — counts as dead, which is what every RUNNING
// record counted as before: the database is one coordinator's (or one
// embedded forum's) at a time, on one machine.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_OWNER_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_OWNER_H_

#include <cstdint>
#include <string>

namespace concert::coordinator {

struct RecordOwner {
  std::string boot_id;  // /proc/sys/kernel/random/boot_id
  std::string pid_ns;   // /proc/self/ns/pid, e.g. "pid:[4026531836]"
  std::int64_t pid = 0;
  std::int64_t start_ticks = 0;  // field 22 of /proc/PID/stat
};

// This process (read once per process, then kept).
RecordOwner ThisProcess();

// Whether `owner` is a process running now (see above).
bool IsRunning(const RecordOwner& owner);

// For people: "process 4242 on this machine", or why it cannot be checked.
std::string Describe(const RecordOwner& owner);

// The start time of process `pid` (its /proc/PID/stat field 22), or -1 when
// there is no such process. Exposed for tests.
std::int64_t StartTicksOf(std::int64_t pid);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_OWNER_H_
