#include "services/coordinator/records/path.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace concert::coordinator {

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// Creates the missing levels of `dir`, each 0700 whatever the umask: the
// records in it hold the parties' private models. Levels that exist keep
// their mode.
absl::Status CreatePrivateDirectories(const std::filesystem::path& dir) {
  std::error_code error;
  if (dir.empty() || std::filesystem::is_directory(dir, error)) {
    return absl::OkStatus();
  }
  if (absl::Status s = CreatePrivateDirectories(dir.parent_path()); !s.ok()) {
    return s;
  }
  if (mkdir(dir.c_str(), S_IRWXU) != 0) {
    if (errno == EEXIST) return absl::OkStatus();  // made meanwhile
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the record directory ", dir.string(), ": ",
                     std::strerror(errno)));
  }
  // mkdir's mode is subject to the umask.
  (void)chmod(dir.c_str(), S_IRWXU);
  return absl::OkStatus();
}

absl::StatusOr<std::string> InDirectory(const std::filesystem::path& dir) {
  if (absl::Status s = CreatePrivateDirectories(dir); !s.ok()) return s;
  return (dir / "concert.db").string();
}

}  // namespace

absl::StatusOr<std::string> DefaultDatabasePath(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (std::string db = Env("CONCERT_DB"); !db.empty()) return db;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and to be ignored.
  if (std::string xdg = Env("XDG_DATA_HOME"); !xdg.empty() && xdg[0] == '/') {
    return InDirectory(std::filesystem::path(xdg) / "concert");
  }
  std::string home = Env("HOME");
  if (home.empty()) {
    return absl::FailedPreconditionError(
        "no record database location: pass --db FILE or set CONCERT_DB "
        "(HOME is not set)");
  }
  return InDirectory(std::filesystem::path(home) / ".local" / "share" /
                     "concert");
}

std::string NewRecordId(absl::string_view kind) {
  // One generator per thread: absl::BitGen is not thread-safe.
  thread_local absl::BitGen bits;
  return absl::StrCat(
      kind, "-",
      absl::FormatTime("%Y%m%d-%H%M%S", absl::Now(), absl::UTCTimeZone()), "-",
      absl::StrFormat("%06x", absl::Uniform<std::uint32_t>(bits, 0, 1u << 24)));
}

std::string FormatRecordTime(std::int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(unix_ms),
                          absl::UTCTimeZone());
}

}  // namespace concert::coordinator
