#include "clients/concert/commands/compare_output.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/render/comparison_report.h"

namespace concert::cli {
namespace {

// The width the text report must fit: its table fits by cutting cells, so
// only a width something states (the terminal's, $COLUMNS) is used; a pipe
// and a file (--out) get the report whole (0: no limit).
int TextWidth(const CompareOutput& output) {
  if (!output.out.empty()) return 0;
  return KnownOutputWidth().value_or(0);
}

absl::StatusOr<std::string> Render(const v1::Comparison& comparison,
                                   std::span<const v1::CharterDraft> drafts,
                                   const CompareOutput& output) {
  ComparisonRenderOptions options;
  options.color = output.color && output.out.empty();
  options.width = TextWidth(output);
  if (output.format == "json") return ComparisonJson(comparison);
  if (output.format == "markdown") return ComparisonMarkdown(comparison);
  if (output.format == "csv") return ComparisonCsv(comparison);
  if (output.format == "html") {
    return ComparisonHtml(comparison, drafts, options);
  }
  return ComparisonText(comparison, options);
}

}  // namespace

absl::Status CheckCompareOutput(const CompareOutput& output) {
  if (output.format != "text" && output.format != "json" &&
      output.format != "markdown" && output.format != "csv" &&
      output.format != "html") {
    return absl::InvalidArgumentError(
        absl::StrCat("--format ", output.format,
                     ": give text, json, markdown, csv or html"));
  }
  if (!output.out.empty()) {
    const std::filesystem::path dir =
        std::filesystem::absolute(output.out).parent_path();
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--out ", output.out, ": directory ", dir.string(),
                       " does not exist"));
    }
  }
  return absl::OkStatus();
}

absl::Status WriteComparison(const v1::Comparison& comparison,
                             std::span<const v1::CharterDraft> drafts,
                             const CompareOutput& output) {
  absl::StatusOr<std::string> text = Render(comparison, drafts, output);
  if (!text.ok()) return text.status();
  if (output.out.empty()) {
    std::cout << *text;
    std::cout.flush();
    return absl::OkStatus();
  }
  const std::string temporary = absl::StrCat(output.out, ".tmp");
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << *text;
    file.close();
    if (!file) {
      std::remove(temporary.c_str());
      return absl::UnavailableError(absl::StrCat("cannot write ", output.out));
    }
  }
  if (std::rename(temporary.c_str(), output.out.c_str()) != 0) {
    std::remove(temporary.c_str());
    return absl::UnavailableError(absl::StrCat("cannot write ", output.out));
  }
  return absl::OkStatus();
}

}  // namespace concert::cli
