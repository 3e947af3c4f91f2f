// The Python example party (clients/examples/python-party/party.py) as a
// test starts it: a real /usr/bin/python3 process on port 0, its address
// read from the line it prints when serving, its model written to a file of
// its own, and what it answered read from the line it prints when stopped.
#ifndef CONCERT_TESTS_INTEGRATION_EXAMPLES_PYTHON_PARTY_H_
#define CONCERT_TESTS_INTEGRATION_EXAMPLES_PYTHON_PARTY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/net/child_process.h"

namespace concert::testing {

// Why the Python party cannot run here (no /usr/bin/python3, or no grpc
// module for it), or empty when it can. Tests skip with this reason.
std::string PythonPartyUnavailable();

// What the party says it answered when it stops.
struct Answered {
  int tables = -1;
  int evaluations = -1;
  int batches = -1;
  int questions = -1;
};

class PythonParty {
 public:
  // Writes `model_json` to a temporary file and starts party.py with it,
  // listening on 127.0.0.1:0, followed by `extra` flags. Waits for the
  // "serving on" line; check serving().
  explicit PythonParty(const std::string& model_json,
                       const std::vector<std::string>& extra = {});
  ~PythonParty();
  PythonParty(const PythonParty&) = delete;
  PythonParty& operator=(const PythonParty&) = delete;

  bool serving() const { return !address_.empty(); }
  // "127.0.0.1:PORT", from the serving line.
  const std::string& address() const { return address_; }
  ChildProcess& process() { return *process_; }
  // Everything it printed on stderr so far (for failure messages).
  std::string log() const { return process_->stderr_text(); }

  // SIGTERM, then waits for it to exit; its exit code in `exit_code`. The
  // counts are from its "stopped:" line, nullopt when it printed none.
  std::optional<Answered> Stop(int* exit_code);

 private:
  std::string model_path_;
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_EXAMPLES_PYTHON_PARTY_H_
