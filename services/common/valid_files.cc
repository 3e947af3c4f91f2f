#include "services/common/valid_files.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/problem.h"
#include "services/common/text_format_loader.h"
#include "services/common/validation.h"

namespace concert {
namespace {

absl::Status Invalid(const std::vector<Problem>& problems) {
  return absl::InvalidArgumentError(ProblemsToString(problems));
}

}  // namespace

absl::StatusOr<v1::Scenario> LoadValidScenario(const std::string& path) {
  auto loaded = LoadWithLocations<v1::Scenario>(path);
  if (!loaded.ok()) return loaded.status();
  auto problems = ValidateScenario(loaded->message, &loaded->locations);
  if (!problems.empty()) return Invalid(problems);
  return std::move(loaded->message);
}

absl::StatusOr<v1::CharterDraft> LoadValidDraft(const std::string& path,
                                                const v1::Scenario& scenario) {
  auto loaded = LoadWithLocations<v1::CharterDraft>(path);
  if (!loaded.ok()) return loaded.status();
  auto problems = ValidateDraft(loaded->message, &loaded->locations);
  for (auto& p : ValidateDraftAgainstScenario(loaded->message, scenario,
                                              &loaded->locations)) {
    problems.push_back(std::move(p));
  }
  if (!problems.empty()) return Invalid(problems);
  return std::move(loaded->message);
}

}  // namespace concert
