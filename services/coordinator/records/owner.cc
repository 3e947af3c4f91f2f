#include "services/coordinator/records/owner.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"

namespace concert::coordinator {
namespace {

ABSL_CONST_INIT absl::Mutex this_process_mu(absl::kConstInit);
// Never freed: read by any thread until the process ends.
RecordOwner* this_process ABSL_GUARDED_BY(this_process_mu) = nullptr;

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return std::string(absl::StripAsciiWhitespace(line));
}

std::string PidNamespace() {
  std::error_code error;
  const std::filesystem::path link =
      std::filesystem::read_symlink("/proc/self/ns/pid", error);
  return error ? std::string() : link.string();
}

}  // namespace

std::int64_t StartTicksOf(std::int64_t pid) {
  if (pid <= 0) return -1;
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::stringstream text;
  text << in.rdbuf();
  const std::string stat = text.str();
  // "PID (COMM) STATE PPID ..." — COMM may hold spaces and parentheses, so
  // the fields are counted from the last ')': STATE is field 3, start time
  // field 22.
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  const std::vector<absl::string_view> fields = absl::StrSplit(
      absl::string_view(stat).substr(close + 1), ' ', absl::SkipEmpty());
  std::int64_t ticks = 0;
  if (fields.size() < 20 || !absl::SimpleAtoi(fields[19], &ticks)) return -1;
  return ticks;
}

RecordOwner ThisProcess() {
  // Kept, and read again in a forked child: it is another process, and a
  // record it begins is its own and dies with it.
  const auto pid = static_cast<std::int64_t>(getpid());
  absl::MutexLock lock(&this_process_mu);
  if (this_process == nullptr) this_process = new RecordOwner;
  if (this_process->pid != pid) {
    this_process->boot_id = FirstLine("/proc/sys/kernel/random/boot_id");
    this_process->pid_ns = PidNamespace();
    this_process->pid = pid;
    this_process->start_ticks = StartTicksOf(pid);
  }
  return *this_process;
}

bool IsRunning(const RecordOwner& owner) {
  const RecordOwner self = ThisProcess();
  if (owner.boot_id.empty() || owner.boot_id != self.boot_id ||
      owner.pid_ns.empty() || owner.pid_ns != self.pid_ns) {
    return false;
  }
  return owner.pid > 0 && owner.start_ticks >= 0 &&
         StartTicksOf(owner.pid) == owner.start_ticks;
}

std::string Describe(const RecordOwner& owner) {
  const RecordOwner self = ThisProcess();
  if (owner.boot_id.empty()) return "an unrecorded process";
  if (owner.boot_id != self.boot_id) {
    return absl::StrCat("process ", owner.pid, " of another boot or machine");
  }
  if (owner.pid_ns != self.pid_ns) {
    return absl::StrCat("process ", owner.pid,
                        " of another pid namespace (container)");
  }
  return absl::StrCat("process ", owner.pid, " on this machine");
}

}  // namespace concert::coordinator
