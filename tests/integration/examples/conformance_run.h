// `concert conformance` run against an example party, as its author would
// run it: the real program, its exit code and its one line per check.
#ifndef CONCERT_TESTS_INTEGRATION_EXAMPLES_CONFORMANCE_RUN_H_
#define CONCERT_TESTS_INTEGRATION_EXAMPLES_CONFORMANCE_RUN_H_

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {

// The checks, in the order the program prints them.
inline const std::vector<std::string>& ConformanceChecks() {
  static const std::vector<std::string> kChecks = {
      "health",          "describe",   "table",         "evaluate",
      "evaluate-stream", "set-memory", "lattice-range", "invalid-questions"};
  return kChecks;
}

// `concert conformance ADDRESS --party PARTY` with `more` flags, under a
// deadline generous enough for a loaded machine (a party is never slow on
// purpose here).
inline CommandResult RunConformanceCommand(
    const std::string& address, const std::string& party,
    const std::vector<std::string>& more = {}) {
  std::vector<std::string> argv = {
      ConcertBinary(), "conformance",   address, "--party",
      party,           "--deadline-ms", "30000"};
  argv.insert(argv.end(), more.begin(), more.end());
  return RunCommand(argv);
}

// A passing run: exit 0, and for every check its line, which starts
// "PASS  NAME  " (the detail follows), by check name. A check without such a
// line fails the test; its entry is then empty.
inline std::map<std::string, std::string> PassLines(
    const CommandResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  std::map<std::string, std::string> lines;
  std::istringstream out(result.out);
  for (std::string line; std::getline(out, line);) {
    EXPECT_FALSE(absl::StartsWith(line, "FAIL")) << result.out;
    for (const std::string& name : ConformanceChecks()) {
      if (absl::StartsWith(line, "PASS  " + name + " ")) lines[name] = line;
    }
  }
  for (const std::string& name : ConformanceChecks()) {
    EXPECT_TRUE(lines.count(name)) << "no PASS line for " << name << " in:\n"
                                   << result.out << result.err;
  }
  return lines;
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_EXAMPLES_CONFORMANCE_RUN_H_
