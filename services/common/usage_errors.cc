#include "services/common/usage_errors.h"

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/environment_notes.h"
#include "services/common/suggest.h"

namespace concert {
namespace {

// The subcommand of `app` named `word`, or null.
const CLI::App* Subcommand(const CLI::App& app, const std::string& word) {
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_name().empty() && sub->check_name(word)) return sub;
  }
  return nullptr;
}

// The option named `flag` of `app` or of a command it belongs to (a parent's
// flags are accepted after a subcommand), or null.
const CLI::Option* Option(const CLI::App* app, const std::string& flag) {
  for (; app != nullptr; app = app->get_parent()) {
    if (const CLI::Option* option = app->get_option_no_throw(flag))
      return option;
  }
  return nullptr;
}

// Every "--long" name `app` (and the commands it belongs to) accepts.
std::vector<std::string> LongFlags(const CLI::App* app) {
  std::vector<std::string> flags;
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* option : app->get_options()) {
      for (const std::string& name : option->get_lnames())
        flags.push_back(absl::StrCat("--", name));
    }
  }
  return flags;
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_name().empty()) names.push_back(sub->get_name());
  }
  return names;
}

// The command a hint is about: "" for the program itself, else " run".
std::string Where(const CLI::App* app) {
  std::string path;
  for (; app != nullptr && app->get_parent() != nullptr;
       app = app->get_parent()) {
    path = absl::StrCat(" ", app->get_name(), path);
  }
  return path;
}

}  // namespace

std::vector<std::string> UsageHints(const CLI::App& app, int argc,
                                    char** argv) {
  std::vector<std::string> hints;
  const CLI::App* at = &app;
  bool positional_seen = false;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") break;
    if (absl::StartsWith(word, "-") && word.size() > 1) {
      const std::string flag = word.substr(0, word.find('='));
      if (const CLI::Option* option = Option(at, flag)) {
        // Its value, when given as the next word, is no flag or command.
        if (option->get_expected_min() > 0 && flag.size() == word.size()) ++i;
        continue;
      }
      if (!absl::StartsWith(flag, "--")) continue;  // short flags: too short
      const std::string near = Nearest(flag, LongFlags(at));
      hints.push_back(absl::StrCat(
          "unknown flag '", flag, "'", Where(at).empty() ? "" : " of",
          Where(at),
          near.empty() ? "" : absl::StrCat("; did you mean '", near, "'?")));
      continue;
    }
    if (const CLI::App* sub = Subcommand(*at, word); sub != nullptr) {
      at = sub;
      positional_seen = false;
      continue;
    }
    // A word where a command is required is a command's name, mistyped.
    if (!positional_seen && at->get_require_subcommand_min() > 0) {
      const std::vector<std::string> names = SubcommandNames(*at);
      const std::string near = Nearest(word, names);
      hints.push_back(absl::StrCat(
          "'", word, "' is not a command", Where(at).empty() ? "" : " of",
          Where(at),
          near.empty()
              ? absl::StrCat("; the commands are: ", absl::StrJoin(names, ", "))
              : absl::StrCat("; did you mean '", near, "'?")));
    }
    positional_seen = true;
  }
  return hints;
}

int ReportUsageError(CLI::App& app, const CLI::ParseError& error,
                     absl::string_view program, int argc, char** argv) {
  // CLI11's exit prints help and the version to stdout and returns 0 for
  // them; an error goes to stderr with its own non-zero code, which we
  // replace by the documented one.
  if (app.exit(error) == 0) return 0;
  for (const std::string& hint : UsageHints(app, argc, argv)) {
    std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(program.size()),
                 program.data(), hint.c_str());
  }
  PrintEnvironmentNotes(app, program, error.what(), argc, argv);
  return kUsageExitCode;
}

}  // namespace concert
