// The work behind `concert check FILE...`: load every file, tell scenarios,
// drafts and party profiles apart, validate each, and cross-check the drafts
// and profiles against the scenarios — reporting every problem of every file
// in one pass.
#ifndef CONCERT_SERVICES_COMMON_FILE_CHECK_H_
#define CONCERT_SERVICES_COMMON_FILE_CHECK_H_

#include <string>
#include <vector>

#include "services/common/problem.h"
#include "services/common/text_format_loader.h"

namespace concert {

// The outcome for one file.
struct FileReport {
  std::string path;
  // What the file was read as; kUnknown when it could not be told (or read).
  FileKind kind = FileKind::kUnknown;
  // Unreadable file, syntax errors, validation and cross-check problems.
  std::vector<Problem> problems;

  bool ok() const { return problems.empty(); }
};

// The outcome of one check.
struct CheckReport {
  // One per path, in the order given.
  std::vector<FileReport> files;
  // Remarks that are not problems of a file, e.g. which scenario the drafts
  // and profiles were cross-checked against, or that they could not be.
  std::vector<std::string> notes;

  // True when no file has a problem.
  bool ok() const;
  // Every problem of every file, as Problem::ToString(), in file order.
  std::vector<std::string> ProblemStrings() const;
};

// Checks `paths`. Each file is read as the kind its header names, else the
// kind its content parses as (when it parses as none, the kind whose parse
// got furthest). Drafts and profiles are cross-checked against every scenario
// among `paths` that parses, or — when there is none — against the scenario
// at `default_scenario_path` when that file exists (empty: no default); a
// note says which, or that they were not cross-checked (profiles are then
// checked on their own: ValidateProfile without a scenario).
CheckReport CheckFiles(const std::vector<std::string>& paths,
                       const std::string& default_scenario_path);

// The report for a terminal: every problem on its own line, then one line a
// file ("path: ok (draft)" or "path: 2 problems (profile)"), then the notes.
std::string FormatCheckReport(const CheckReport& report);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_FILE_CHECK_H_
