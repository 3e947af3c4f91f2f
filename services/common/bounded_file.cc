#include "services/common/bounded_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/stat.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace concert {
namespace {

const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

absl::Status OpenError(const std::string& path, int error) {
  const std::string message =
      absl::StrCat("cannot read '", path, "': ", std::strerror(error));
  if (error == ENOENT || error == ENOTDIR) return absl::NotFoundError(message);
  if (error == EACCES || error == EPERM)
    return absl::PermissionDeniedError(message);
  return absl::InvalidArgumentError(message);
}

// Closes the descriptor however the read ends.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string ByteSizeText(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    return absl::StrCat(bytes >> 20, " MiB");
  if (bytes >= (std::size_t{1} << 10) && bytes % (std::size_t{1} << 10) == 0)
    return absl::StrCat(bytes >> 10, " KiB");
  return absl::StrCat(bytes, " bytes");
}

absl::StatusOr<std::string> ReadBoundedFile(const std::string& path,
                                            std::size_t max_bytes,
                                            absl::string_view what) {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for
  // one; the type check below refuses it before any read.
  const Descriptor fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return OpenError(path, errno);
  struct stat info = {};
  if (fstat(fd.get(), &info) != 0) return OpenError(path, errno);
  if (!S_ISREG(info.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read '", path, "': it is ", KindOf(info.st_mode),
                     ", not a regular file"));
  }
  const auto too_large = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot read '", path, "': it is larger than ", ByteSizeText(max_bytes),
        ", the most ", what, " may hold"));
  };
  if (static_cast<std::size_t>(info.st_size) > max_bytes) return too_large();
  // The size may change while it is read (a file still being written): read
  // until the end, but never past the limit.
  std::string text;
  text.resize(static_cast<std::size_t>(info.st_size));
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (text.size() > max_bytes) return too_large();
      text.resize(std::min(max_bytes + 1, text.size() * 2 + 4096));
    }
    const ssize_t n = read(fd.get(), text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return OpenError(path, errno);
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > max_bytes) return too_large();
  text.resize(used);
  return text;
}

}  // namespace concert
