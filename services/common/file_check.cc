#include "services/common/file_check.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/validation.h"

namespace concert {

namespace {

// One checked file and what it parsed as (at most one of the three is set).
struct CheckedFile {
  FileReport report;
  std::optional<Loaded<v1::Scenario>> scenario;
  std::optional<Loaded<v1::CharterDraft>> draft;
  std::optional<Loaded<v1::PartySpec>> profile;
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

// Parses `text` as `kind` into the matching member of `file`; the errors.
std::vector<Problem> ParseAs(FileKind kind, const std::string& text,
                             CheckedFile* file) {
  const std::string& path = file->report.path;
  switch (kind) {
    case FileKind::kScenario:
      return ParseInto(text, path, &file->scenario);
    case FileKind::kDraft:
      return ParseInto(text, path, &file->draft);
    case FileKind::kProfile:
      return ParseInto(text, path, &file->profile);
    case FileKind::kUnknown:
      break;
  }
  return {};
}

// Keeps only the parse of `kind`.
void KeepOnly(FileKind kind, CheckedFile* file) {
  if (kind != FileKind::kScenario) file->scenario.reset();
  if (kind != FileKind::kDraft) file->draft.reset();
  if (kind != FileKind::kProfile) file->profile.reset();
}

// Reads, parses and validates one file on its own. A profile's validation
// waits for CheckFiles, which knows whether there is a scenario to check it
// against.
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
  const std::vector<FileKind> candidates = KindsFromHeader(*text);
  std::vector<std::vector<Problem>> errors;
  std::vector<FileKind> parsed;
  for (FileKind kind : candidates) {
    errors.push_back(ParseAs(kind, *text, &file));
    if (errors.back().empty()) parsed.push_back(kind);
  }
  FileKind kind = FileKind::kUnknown;
  std::vector<Problem>* kind_errors = nullptr;
  if (parsed.size() == 1) {
    kind = parsed.front();
  } else if (KindFromHeader(*text) != FileKind::kUnknown) {
    // The header decides: what it names first.
    kind = candidates.front();
  } else if (parsed.empty()) {
    // When none parses, the attempt that got furthest is the likelier kind
    // (ties go to the earlier kind: scenario, draft, profile).
    std::size_t likeliest = 0;
    for (std::size_t i = 1; i < errors.size(); ++i) {
      if (Reach(errors[i]) > Reach(errors[likeliest])) likeliest = i;
    }
    kind = candidates[likeliest];
  } else {
    KeepOnly(FileKind::kUnknown, &file);
    problems.push_back(Problem{
        path, 0, 0, "",
        "cannot tell a scenario, a draft and a profile apart; start the "
        "file with '# proto-message: concert.v1.Scenario', "
        "'# proto-message: concert.v1.CharterDraft' or "
        "'# proto-message: concert.v1.PartySpec'"});
    return file;
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i] == kind) kind_errors = &errors[i];
  }
  KeepOnly(kind, &file);
  file.report.kind = kind;
  problems = std::move(*kind_errors);
  if (file.scenario) {
    Append(ValidateScenario(file.scenario->message, &file.scenario->locations),
           &problems);
  } else if (file.draft) {
    Append(ValidateDraft(file.draft->message, &file.draft->locations),
           &problems);
  }
  return file;
}

// "drafts", "profiles" or "drafts and profiles": what a note is about.
std::string CrossChecked(bool drafts, bool profiles) {
  if (drafts && profiles) return "drafts and profiles";
  return drafts ? "drafts" : "profiles";
}

// A profile's problems: on its own when there is no scenario; else against
// each scenario, a problem that several scenarios share reported once.
void AppendProfileProblems(const Loaded<v1::PartySpec>& profile,
                           const std::vector<const v1::Scenario*>& scenarios,
                           FileReport* report) {
  if (scenarios.empty()) {
    Append(ValidateProfile(profile.message, nullptr, &profile.locations),
           &report->problems);
    return;
  }
  absl::flat_hash_set<std::string> seen;
  for (const v1::Scenario* scenario : scenarios) {
    for (Problem& p :
         ValidateProfile(profile.message, scenario, &profile.locations)) {
      if (seen.insert(p.ToString()).second)
        report->problems.push_back(std::move(p));
    }
  }
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
  bool any_profile = false;
  for (const CheckedFile& f : files) {
    if (f.scenario) {
      scenarios.push_back(&f.scenario->message);
      scenario_paths.push_back(f.report.path);
    }
    any_draft = any_draft || f.draft.has_value();
    any_profile = any_profile || f.profile.has_value();
  }
  const bool any_dependent = any_draft || any_profile;
  const std::string what = CrossChecked(any_draft, any_profile);

  std::optional<Loaded<v1::Scenario>> fallback;
  if (any_dependent && scenarios.empty()) {
    std::error_code ec;
    if (default_scenario_path.empty() ||
        !std::filesystem::exists(default_scenario_path, ec)) {
      report.notes.push_back(
          absl::StrCat("no scenario given: ", what, " were not cross-checked"));
    } else if (auto loaded =
                   LoadWithLocations<v1::Scenario>(default_scenario_path);
               !loaded.ok()) {
      report.notes.push_back(absl::StrCat(
          "default scenario '", default_scenario_path, "' does not load: ",
          what, " were not cross-checked\n", loaded.status().message()));
    } else {
      fallback = std::move(*loaded);
      scenarios.push_back(&fallback->message);
      scenario_paths.push_back(default_scenario_path);
    }
  }
  if (any_dependent && !scenarios.empty()) {
    report.notes.push_back(absl::StrCat(what, " cross-checked against ",
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
    if (f.profile) AppendProfileProblems(*f.profile, scenarios, &f.report);
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
