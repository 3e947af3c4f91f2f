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

// Parses the file at `path` as a T (a `wanted` file). When it does not
// parse but is plainly the other kind of file, one line says so and where
// it belongs instead of the parser's complaints about the first field it
// did not expect.
template <typename T>
absl::StatusOr<Loaded<T>> LoadAs(const std::string& path, FileKind wanted) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  auto loaded = ParseWithLocations<T>(*text, path);
  if (loaded.ok()) return loaded;
  const FileKind kind = DetectKindFromString(*text);
  if (kind == FileKind::kDraft && wanted == FileKind::kScenario) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": this file is a charter draft, not a scenario; give it as the "
        "draft (e.g. `concert run ",
        path, "`), and a scenario with --scenario"));
  }
  if (kind == FileKind::kScenario && wanted == FileKind::kDraft) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": this file is a scenario, not a charter draft; give it "
                     "with --scenario ",
                     path, " and a draft as the argument"));
  }
  if (kind == FileKind::kProfile) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": this file is a party profile, not a ", FileKindName(wanted),
        "; serve it with `concert-party --profile ", path, "`"));
  }
  return loaded.status();
}

}  // namespace

absl::StatusOr<v1::Scenario> LoadValidScenario(const std::string& path) {
  auto loaded = LoadAs<v1::Scenario>(path, FileKind::kScenario);
  if (!loaded.ok()) return loaded.status();
  auto problems = ValidateScenario(loaded->message, &loaded->locations);
  if (!problems.empty()) return Invalid(problems);
  return std::move(loaded->message);
}

absl::StatusOr<v1::CharterDraft> LoadValidDraft(const std::string& path,
                                                const v1::Scenario& scenario) {
  auto loaded = LoadAs<v1::CharterDraft>(path, FileKind::kDraft);
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
