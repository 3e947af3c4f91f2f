// RenderSvg (graphviz.h): Graphviz `dot` as a child process with a time
// limit. Its input, output and errors go through temporary files that are
// unlinked as soon as they are opened (O_TMPFILE where the file system has
// it), so no /tmp/concert-dot-* file outlives this process, even one killed
// mid-render; files rather than pipes, so a big graph cannot deadlock two
// processes each waiting for the other to read.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

#include <sys/syscall.h>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/concert/render/graphviz.h"

extern char** environ;

namespace concert::coordinator {
namespace {

// A file descriptor closed on destruction.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

// A temporary file with no name: nothing to clean up, whatever happens.
int AnonymousFile() {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // No O_TMPFILE here: a named file, unlinked at once.
  std::string path = absl::StrCat(dir, "/concert-dot-XXXXXX");
  fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) unlink(path.c_str());
  return fd;
}

bool WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return lseek(fd, 0, SEEK_SET) == 0;
}

std::string ReadAll(int fd) {
  std::string out;
  if (lseek(fd, 0, SEEK_SET) != 0) return out;
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

// Waits for `pid` to end until `deadline`: true with its status when it
// did, false (still running) when the deadline came first.
bool WaitUntil(pid_t pid, absl::Time deadline, int* wstatus) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    const Fd owned(pidfd);
    for (;;) {
      const std::int64_t left =
          absl::ToInt64Milliseconds(deadline - absl::Now());
      pollfd ready{pidfd, POLLIN, 0};
      const int n = poll(&ready, 1,
                         static_cast<int>(std::clamp<std::int64_t>(
                             left, 0, std::int64_t{1} << 30)));
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) return false;
      break;
    }
  } else {
    // A kernel without pidfd_open (before 5.3): look every few ms.
    for (;;) {
      const pid_t done = waitpid(pid, wstatus, WNOHANG);
      if (done == pid) return true;
      if (done < 0 && errno != EINTR) return true;
      if (absl::Now() >= deadline) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
  }
  while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR) {
  }
  return true;
}

std::string Seconds(absl::Duration d) {
  return absl::StrCat(absl::ToDoubleSeconds(d), " s");
}

}  // namespace

absl::StatusOr<std::string> RenderSvg(const std::string& dot,
                                      const SvgOptions& options) {
  const std::string& program = options.program;
  const Fd input(AnonymousFile()), output(AnonymousFile()),
      errors(AnonymousFile());
  if (!input.ok() || !output.ok() || !errors.ok()) {
    return absl::InternalError(absl::StrCat(
        "cannot create temporary files for Graphviz: ", std::strerror(errno)));
  }
  if (!WriteAll(input.get(), dot)) {
    return absl::InternalError("cannot write the DOT text for Graphviz");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors.get(), STDERR_FILENO);
  std::string arg0 = program, arg1 = "-Tsvg";
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid = 0;
  const absl::Time deadline = absl::Now() + options.timeout;
  const int rc =
      posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Graphviz '", program,
        "' was not found on PATH; install Graphviz (e.g. apt-get install "
        "graphviz) to render the graph as SVG, or write it as .dot"));
  }
  if (rc != 0) {
    return absl::InternalError(
        absl::StrCat("cannot run '", program, "': ", std::strerror(rc)));
  }
  int wstatus = 0;
  if (!WaitUntil(pid, deadline, &wstatus)) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    return absl::DeadlineExceededError(absl::StrCat(
        "Graphviz '", program, "' took more than ", Seconds(options.timeout),
        " to draw ", options.subject,
        " and was stopped; write the graph as FILE.dot instead (and render "
        "it yourself, e.g. with `dot -Tsvg`), or draw less: the "
        "proposal-level graph (--graph-kind proposals), or a smaller "
        "--graph-max-nodes"));
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127) {
      return absl::FailedPreconditionError(absl::StrCat(
          "Graphviz '", program, "' could not be run; install Graphviz"));
    }
    const std::string why =
        WIFEXITED(wstatus)
            ? ReadAll(errors.get())
            : absl::StrCat("killed by signal ", WTERMSIG(wstatus));
    return absl::InternalError(
        absl::StrCat("'", program, " -Tsvg' failed: ", why));
  }
  return ReadAll(output.get());
}

absl::StatusOr<std::string> RenderSvg(const std::string& dot,
                                      const std::string& program) {
  SvgOptions options;
  options.program = program;
  return RenderSvg(dot, options);
}

}  // namespace concert::coordinator
