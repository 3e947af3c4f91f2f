// `concert profile`: placeholder, being written (issue 8).
#include "clients/concert/commands/command_set.h"

namespace concert::cli {

void AddProfileCommand(CLI::App& app, CommandSet& commands) {
  (void)app;
  (void)commands;
}

}  // namespace concert::cli
