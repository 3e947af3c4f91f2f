// The CSV of a comparison (comparison_report.h): the table's columns for
// machines, one line per row.
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_table.h"

namespace concert::cli {
namespace {

// RFC 4180: a field with a comma, a quote or a line break is quoted, its
// quotes doubled.
std::string Field(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(text);
  }
  std::string out = R"(")";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void Line(const std::vector<std::string>& fields, std::string* out) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    absl::StrAppend(out, Field(fields[i]));
  }
  absl::StrAppend(out, "\r\n");
}

}  // namespace

std::string ComparisonCsv(const v1::Comparison& comparison) {
  const ComparisonTable table = BuildComparisonTable(comparison);
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].for_csv) columns.push_back(c);
  }
  std::string out;
  std::vector<std::string> fields;
  fields.reserve(columns.size());
  for (std::size_t c : columns) fields.push_back(table.columns[c].id);
  Line(fields, &out);
  for (const auto& row : table.rows) {
    fields.clear();
    for (std::size_t c : columns) fields.push_back(row[c].value);
    Line(fields, &out);
  }
  return out;
}

}  // namespace concert::cli
