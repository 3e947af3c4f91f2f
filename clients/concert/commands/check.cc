// `concert check FILE...`: every problem of every file, at once.
#include <cstdio>
#include <filesystem>

#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/render/transcript.h"
#include "services/common/file_check.h"

namespace concert::cli {

int CheckCommand(const std::vector<std::string>& files, const std::string& scenario) {
  std::vector<std::string> paths = files;
  // Drafts are checked against the scenario given with --scenario, or the
  // shipped six-party scenario when run from the repository.
  std::string fallback = "scenarios/six-party.textproto";
  if (!scenario.empty()) {
    paths.push_back(scenario);
    fallback.clear();
  } else if (!std::filesystem::exists(fallback)) {
    fallback.clear();
  }
  const CheckReport report = CheckFiles(paths, fallback);
  std::fputs(FormatCheckReport(report).c_str(), stdout);
  std::fputs("\n", stdout);
  return report.ok() ? 0 : kExitUsage;
}

}  // namespace concert::cli
