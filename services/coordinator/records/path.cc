#include "services/coordinator/records/path.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

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

absl::StatusOr<std::string> InDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the record directory ", dir.string(), ": ",
                     error.message()));
  }
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
