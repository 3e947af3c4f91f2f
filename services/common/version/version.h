// The version every program reports: the project's (CMake's project
// VERSION, the one the SDK and the services' Describe report) and the git
// commit the build was made from, when the build knew it.
#ifndef CONCERT_SERVICES_COMMON_VERSION_VERSION_H_
#define CONCERT_SERVICES_COMMON_VERSION_VERSION_H_

#include <string>

#include "absl/strings/string_view.h"

namespace CLI {
class App;
}  // namespace CLI

namespace concert {

// "0.1.0".
const char* ProjectVersion();

// The short commit, with "+dirty" for a tree with uncommitted changes; ""
// when the build was not made from a git checkout.
const char* BuildCommit();

// "PROGRAM 0.1.0 (commit 0123456789ab)", or without the parenthesis when
// the commit is unknown.
std::string VersionLine(absl::string_view program);

// Adds --version to `app`, printing VersionLine(program) on stdout. CLI11
// throws CLI::CallForVersion for it; app.exit() prints it and returns 0.
void AddVersionFlag(CLI::App& app, absl::string_view program);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_VERSION_VERSION_H_
