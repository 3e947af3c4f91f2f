#include "clients/concert/conformance/report_format.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/concert/conformance/checks.h"

namespace concert::conformance {
namespace {

// The longest check name, so that every detail starts in one column.
constexpr int kNameWidth = sizeof(kInvalidQuestions) - 1;

// `text` as a JSON string literal (RFC 8259: quote, backslash and control
// characters escaped; UTF-8 passes through).
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

const char* Bool(bool b) { return b ? "true" : "false"; }

}  // namespace

std::string CheckLine(const CheckResult& check) {
  return absl::StrFormat("%s  %-*s  %s", check.passed ? "PASS" : "FAIL",
                         std::max<int>(kNameWidth, check.name.size()),
                         check.name, check.detail);
}

std::string FormatText(const ConformanceReport& report) {
  std::string out;
  int skipped = 0;
  for (const CheckResult& check : report.checks) {
    absl::StrAppend(&out, CheckLine(check), "\n");
    if (check.skipped) ++skipped;
  }
  const std::vector<std::string> failed = report.failed();
  const auto total = report.checks.size();
  if (failed.empty()) {
    absl::StrAppend(&out, "all ", total, " checks passed");
    if (skipped > 0) absl::StrAppend(&out, " (", skipped, " skipped)");
    absl::StrAppend(&out, "\n");
  } else {
    absl::StrAppend(&out, failed.size(), " of ", total,
                    " checks failed: ", absl::StrJoin(failed, ", "), "\n");
  }
  return out;
}

std::string FormatJson(const ConformanceReport& report) {
  std::string out = "{\n";
  absl::StrAppend(&out, "  \"address\": ", JsonString(report.address), ",\n");
  absl::StrAppend(&out, "  \"party\": ", JsonString(report.party), ",\n");
  absl::StrAppend(&out, "  \"passed\": ", Bool(report.passed()), ",\n");
  absl::StrAppend(&out, "  \"unreachable\": ", Bool(report.unreachable), ",\n");
  absl::StrAppend(&out, "  \"checks\": [");
  for (std::size_t i = 0; i < report.checks.size(); ++i) {
    const CheckResult& c = report.checks[i];
    absl::StrAppend(
        &out, i == 0 ? "\n" : ",\n", "    {\"name\": ", JsonString(c.name),
        ", \"passed\": ", Bool(c.passed), ", \"skipped\": ", Bool(c.skipped),
        ", \"detail\": ", JsonString(c.detail), "}");
  }
  absl::StrAppend(&out, report.checks.empty() ? "]\n" : "\n  ]\n", "}\n");
  return out;
}

}  // namespace concert::conformance
