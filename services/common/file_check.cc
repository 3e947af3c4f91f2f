#include "services/common/file_check.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/validation.h"

namespace concert {

namespace {

// One checked file and what it parsed as (at most one of the two is set).
struct CheckedFile {
  FileReport report;
  std::optional<Loaded<v1::Scenario>> scenario;
  std::optional<Loaded<v1::CharterDraft>> draft;
};

template <typename T>
std::vector<Problem> ParseInto(const std::string& text, const std::string& path,
                               std::optional<Loaded<T>>* out) {
  Loaded<T> loaded;
  std::vector<Problem> errors =
      ParseTextProto(text, path, &loaded.message, &loaded.locations);
  if (errors.empty()) *out = std::move(loaded);
  return errors;
}

// Where a failed parse stopped: its last reported position.
std::pair<int, int> Reach(const std::vector<Problem>& errors) {
  std::pair<int, int> reach{0, 0};
  for (const Problem& e : errors) reach = std::max(reach, {e.line, e.column});
  return reach;
}

void Append(std::vector<Problem> more, std::vector<Problem>* problems) {
  for (Problem& p : more) problems->push_back(std::move(p));
}

// Reads, parses and validates one file on its own.
CheckedFile CheckOne(const std::string& path) {
  CheckedFile file;
  file.report.path = path;
  std::vector<Problem>& problems = file.report.problems;
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    // The message already names the path.
    problems.push_back(
        Problem{"", 0, 0, "", std::string(text.status().message())});
    return file;
  }

  // As DetectKindFromString, but keeping the parses and their errors.
  FileKind kind = KindFromHeader(*text);
  std::vector<Problem> as_scenario;
  std::vector<Problem> as_draft;
  if (kind != FileKind::kDraft)
    as_scenario = ParseInto(*text, path, &file.scenario);
  if (kind != FileKind::kScenario)
    as_draft = ParseInto(*text, path, &file.draft);
  if (kind == FileKind::kUnknown) {
    if (as_scenario.empty() && as_draft.empty()) {
      file.scenario.reset();
      file.draft.reset();
      problems.push_back(
          Problem{path, 0, 0, "",
                  "cannot tell a scenario from a draft; start the file with "
                  "'# proto-message: concert.v1.Scenario' or "
                  "'# proto-message: concert.v1.CharterDraft'"});
      return file;
    }
    // When neither parses, the attempt that got further is the likelier kind.
    if (as_scenario.empty() ||
        (!as_draft.empty() && Reach(as_scenario) >= Reach(as_draft))) {
      kind = FileKind::kScenario;
    } else {
      kind = FileKind::kDraft;
    }
  }
  file.report.kind = kind;
  if (kind == FileKind::kScenario) {
    problems = std::move(as_scenario);
    if (file.scenario) {
      Append(
          ValidateScenario(file.scenario->message, &file.scenario->locations),
          &problems);
    }
  } else {
    problems = std::move(as_draft);
    if (file.draft) {
      Append(ValidateDraft(file.draft->message, &file.draft->locations),
             &problems);
    }
  }
  return file;
}

}  // namespace

bool CheckReport::ok() const {
  return std::all_of(files.begin(), files.end(),
                     [](const FileReport& f) { return f.ok(); });
}

std::vector<std::string> CheckReport::ProblemStrings() const {
  std::vector<std::string> out;
  for (const FileReport& file : files) {
    for (const Problem& p : file.problems) out.push_back(p.ToString());
  }
  return out;
}

CheckReport CheckFiles(const std::vector<std::string>& paths,
                       const std::string& default_scenario_path) {
  std::vector<CheckedFile> files;
  files.reserve(paths.size());
  for (const std::string& path : paths) files.push_back(CheckOne(path));

  CheckReport report;
  std::vector<const v1::Scenario*> scenarios;
  std::vector<std::string> scenario_paths;
  bool any_draft = false;
  for (const CheckedFile& f : files) {
    if (f.scenario) {
      scenarios.push_back(&f.scenario->message);
      scenario_paths.push_back(f.report.path);
    }
    any_draft = any_draft || f.draft.has_value();
  }

  std::optional<Loaded<v1::Scenario>> fallback;
  if (any_draft && scenarios.empty()) {
    std::error_code ec;
    if (default_scenario_path.empty() ||
        !std::filesystem::exists(default_scenario_path, ec)) {
      report.notes.emplace_back(
          "no scenario given: drafts were not cross-checked");
    } else if (auto loaded =
                   LoadWithLocations<v1::Scenario>(default_scenario_path);
               !loaded.ok()) {
      report.notes.push_back(absl::StrCat("default scenario '",
                                          default_scenario_path,
                                          "' does not load: drafts were not "
                                          "cross-checked\n",
                                          loaded.status().message()));
    } else {
      fallback = std::move(*loaded);
      scenarios.push_back(&fallback->message);
      scenario_paths.push_back(default_scenario_path);
    }
  }
  if (any_draft && !scenarios.empty()) {
    report.notes.push_back(absl::StrCat("drafts cross-checked against ",
                                        absl::StrJoin(scenario_paths, ", ")));
  }

  for (CheckedFile& f : files) {
    if (f.draft) {
      for (const v1::Scenario* scenario : scenarios) {
        Append(ValidateDraftAgainstScenario(f.draft->message, *scenario,
                                            &f.draft->locations),
               &f.report.problems);
      }
    }
    report.files.push_back(std::move(f.report));
  }
  return report;
}

std::string FormatCheckReport(const CheckReport& report) {
  std::string out;
  for (const std::string& problem : report.ProblemStrings()) {
    absl::StrAppend(&out, problem, "\n");
  }
  for (const FileReport& file : report.files) {
    const int n = static_cast<int>(file.problems.size());
    absl::StrAppend(
        &out, file.path, ": ",
        n == 0 ? "ok" : absl::StrCat(n, n == 1 ? " problem" : " problems"));
    if (file.kind != FileKind::kUnknown) {
      absl::StrAppend(&out, " (", FileKindName(file.kind), ")");
    }
    absl::StrAppend(&out, "\n");
  }
  for (const std::string& note : report.notes)
    absl::StrAppend(&out, "note: ", note, "\n");
  return out;
}

}  // namespace concert
