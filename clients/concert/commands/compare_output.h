// Writing a comparison where and how the user asked: a terminal table
// fitted to the terminal's width, JSON, Markdown, CSV or a self-contained
// HTML page, to stdout or a file.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_COMPARE_OUTPUT_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_COMPARE_OUTPUT_H_

#include <span>
#include <string>

#include "absl/status/status.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/compare.pb.h"

namespace concert::cli {

struct CompareOutput {
  // text | json | markdown | csv | html
  std::string format = "text";
  // A file to write; empty: stdout.
  std::string out;
  bool color = false;
};

// INVALID_ARGUMENT for an unknown format, or an --out file whose directory
// does not exist — checked before any work is done.
absl::Status CheckCompareOutput(const CompareOutput& output);

// Renders `comparison` (HTML draws each draft's graph from `drafts`) and
// writes it; the file is written whole or not at all (a temporary file
// renamed into place).
absl::Status WriteComparison(const v1::Comparison& comparison,
                             std::span<const v1::CharterDraft> drafts,
                             const CompareOutput& output);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_COMPARE_OUTPUT_H_
