#include "tests/support/net/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>

#include <sys/wait.h>

extern char** environ;

namespace concert::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0)
    pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

ChildProcess::~ChildProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

bool ChildProcess::Pump(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  const int open = (out_fd_ >= 0) + (err_fd_ >= 0);
  if (open == 0) return false;
  if (poll(fds, 2, static_cast<int>(timeout.count())) <= 0) return true;
  char buffer[4096];
  int* fd_of[2] = {&out_fd_, &err_fd_};
  std::string* text_of[2] = {&out_, &err_};
  for (int k = 0; k < 2; ++k) {
    if (*fd_of[k] < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
      continue;
    const ssize_t n = read(*fd_of[k], buffer, sizeof buffer);
    if (n > 0) {
      text_of[k]->append(buffer, n);
    } else if (n == 0 || errno != EINTR) {
      close(*fd_of[k]);
      *fd_of[k] = -1;
    }
  }
  return true;
}

std::optional<std::string> ChildProcess::WaitForLine(
    const std::string& needle, std::chrono::milliseconds timeout) {
  return WaitIn(err_, err_fd_, err_scanned_, needle, timeout);
}

std::optional<std::string> ChildProcess::WaitForOutputLine(
    const std::string& needle, std::chrono::milliseconds timeout) {
  return WaitIn(out_, out_fd_, out_scanned_, needle, timeout);
}

std::optional<std::string> ChildProcess::WaitIn(
    const std::string& text, const int& fd, size_t& scanned,
    const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    size_t end;
    while ((end = text.find('\n', scanned)) != std::string::npos) {
      std::string line = text.substr(scanned, end - scanned);
      scanned = end + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !Pump(left)) return std::nullopt;
    if (fd < 0 && text.find('\n', scanned) == std::string::npos)
      return std::nullopt;
  }
}

void ChildProcess::Signal(int signo) {
  if (running()) kill(pid_, signo);
}

int ChildProcess::Wait() {
  if (pid_ <= 0) return -1;
  while (Pump(std::chrono::milliseconds(1000))) {
  }
  if (!exited_) {
    while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    exited_ = true;
  }
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
  return -1;
}

CommandResult RunCommand(const std::vector<std::string>& argv) {
  ChildProcess child(argv);
  CommandResult result;
  result.exit_code = child.Wait();
  result.out = child.stdout_text();
  result.err = child.stderr_text();
  return result;
}

std::string AddressFromLogLine(const std::string& line) {
  const std::string marker = "serving on ";
  const auto at = line.find(marker);
  if (at == std::string::npos) return "";
  std::string address = line.substr(at + marker.size());
  while (!address.empty() && (address.back() == '\r' || address.back() == ' '))
    address.pop_back();
  return address;
}

}  // namespace concert::testing
