// Where a bad value came from. Every program reads its options from CONCERT_*
// variables too (CLI11's envname, a flag winning), but CLI11 names an option
// by its flag in a parse error even when the value came from the
// environment — "--retries: Value -1 not in range" when the command line
// has no --retries at all. These notes name the variable as well.
#ifndef CONCERT_SERVICES_COMMON_ENVIRONMENT_NOTES_H_
#define CONCERT_SERVICES_COMMON_ENVIRONMENT_NOTES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace CLI {
class App;
}  // namespace CLI

namespace concert {

// For a parse error `error` of `app` (its subcommands included): prints
// "PROGRAM: FLAG came from the environment: NAME=VALUE" on stderr for each
// option the error names whose variable is set and whose flag is not on the
// command line (then the variable was what CLI11 read).
void PrintEnvironmentNotes(const CLI::App& app, absl::string_view program,
                           const std::string& error, int argc, char** argv);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_ENVIRONMENT_NOTES_H_
