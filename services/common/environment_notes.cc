#include "services/common/environment_notes.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <CLI/CLI.hpp>

namespace concert {
namespace {

// Whether the command line gives `flag` ("--db FILE" or "--db=FILE").
bool OnCommandLine(int argc, char** argv, const std::string& flag) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strncmp(arg, flag.c_str(), flag.size()) == 0 &&
        (arg[flag.size()] == '\0' || arg[flag.size()] == '=')) {
      return true;
    }
  }
  return false;
}

}  // namespace

void PrintEnvironmentNotes(const CLI::App& app, absl::string_view program,
                           const std::string& error, int argc, char** argv) {
  for (const CLI::Option* option : app.get_options()) {
    const std::string& name = option->get_envname();
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    const std::string flag = option->get_name();
    if (value == nullptr || *value == '\0' ||
        error.find(flag) == std::string::npos ||
        OnCommandLine(argc, argv, flag)) {
      continue;
    }
    std::fprintf(stderr, "%.*s: %s came from the environment: %s=%s\n",
                 static_cast<int>(program.size()), program.data(), flag.c_str(),
                 name.c_str(), value);
  }
  for (const CLI::App* sub : app.get_subcommands()) {
    PrintEnvironmentNotes(*sub, program, error, argc, argv);
  }
}

}  // namespace concert
