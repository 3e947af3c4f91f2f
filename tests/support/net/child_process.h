// A real child process for tests: spawned with posix_spawn, its stdout and
// stderr captured through pipes, signalled and reaped. Servers started this
// way listen on port 0; WaitForLine() reads their start-up log line to learn
// the port, so nothing in a test sleeps.
#ifndef CONCERT_TESTS_SUPPORT_NET_CHILD_PROCESS_H_
#define CONCERT_TESTS_SUPPORT_NET_CHILD_PROCESS_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace concert::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` (a path) with `argv`. Check running() for success.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // SIGKILLs and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return pid_ > 0 && !exited_; }
  pid_t pid() const { return pid_; }

  // Reads stderr until a line containing `needle` arrives (returns it) or
  // the stream ends or `timeout` passes (returns nullopt). Lines read are
  // kept in stderr_text().
  std::optional<std::string> WaitForLine(
      const std::string& needle,
      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // The same for stdout (kept in stdout_text()).
  std::optional<std::string> WaitForOutputLine(
      const std::string& needle,
      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Sends a signal.
  void Signal(int signo);
  // Waits for the child to exit, reading the rest of its output; returns its
  // exit code, or 128 + signal when a signal ended it.
  int Wait();

  const std::string& stdout_text() const { return out_; }
  const std::string& stderr_text() const { return err_; }

 private:
  // Reads whatever is available from both pipes within `timeout`; false when
  // both are closed.
  bool Pump(std::chrono::milliseconds timeout);
  // WaitFor(Output)Line on one stream: its text, pipe and scan position.
  std::optional<std::string> WaitIn(const std::string& text, const int& fd,
                                    size_t& scanned, const std::string& needle,
                                    std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::string out_, err_;
  size_t err_scanned_ = 0;
  size_t out_scanned_ = 0;
};

// Runs a command to completion; its exit code and output.
struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};
CommandResult RunCommand(const std::vector<std::string>& argv);

// "127.0.0.1:PORT" from a RunningServer log line "... serving on ADDR".
std::string AddressFromLogLine(const std::string& line);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_CHILD_PROCESS_H_
