// How every program (concert, concert-coordinator, concert-party) answers a
// command line it cannot parse: CLI11's own message, then a hint naming the
// subcommand or flag a mistyped one was likely meant to be ("did you mean
// 'run'?"), then where an environment variable supplied a bad value — and
// always the documented exit code 2, never CLI11's internal codes (106 for
// an unknown flag).
#ifndef CONCERT_SERVICES_COMMON_USAGE_ERRORS_H_
#define CONCERT_SERVICES_COMMON_USAGE_ERRORS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace concert {

// The exit code of every program for a command line it refuses.
inline constexpr int kUsageExitCode = 2;

// For each word of the command line that names no subcommand or flag where
// it stands, a line such as "'rnu' is not a command; did you mean 'run'?" or
// "unknown flag '--varient'; did you mean '--variant'?" (an unknown command
// with no near name lists the commands instead). Empty when every word is
// known.
std::vector<std::string> UsageHints(const CLI::App& app, int argc, char** argv);

// Handles a parse error of `app`: --help and --version print and return 0;
// any other error prints CLI11's message, the hints above and the
// environment notes (environment_notes.h), each line prefixed by
// "PROGRAM: ", and returns kUsageExitCode.
int ReportUsageError(CLI::App& app, const CLI::ParseError& error,
                     absl::string_view program, int argc, char** argv);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_USAGE_ERRORS_H_
