// How a conformance report is printed (pure): aligned PASS/FAIL lines, a
// summary naming the failed checks, and JSON that escapes what a party put
// in its messages.
#include "clients/concert/conformance/report_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace concert::conformance {
namespace {

using ::testing::HasSubstr;

ConformanceReport Report(std::vector<CheckResult> checks) {
  ConformanceReport report;
  report.address = "127.0.0.1:7001";
  report.party = "ROK";
  report.checks = std::move(checks);
  return report;
}

TEST(ReportFormatTest, OneAlignedLinePerCheckThenASummary) {
  const ConformanceReport report =
      Report({Pass("health", "SERVING"),
              Skip("set-memory", "skipped: the party declares MEMORY_HISTORY"),
              Pass("invalid-questions", "refused")});
  EXPECT_EQ(FormatText(report),
            "PASS  health             SERVING\n"
            "PASS  set-memory         skipped: the party declares "
            "MEMORY_HISTORY\n"
            "PASS  invalid-questions  refused\n"
            "all 3 checks passed (1 skipped)\n");
  EXPECT_TRUE(report.passed());
}

TEST(ReportFormatTest, TheSummaryNamesTheFailedChecks) {
  const ConformanceReport report =
      Report({Pass("health", "SERVING"), Fail("table", "no digest"),
              Fail("set-memory", "order matters")});
  const std::string text = FormatText(report);
  EXPECT_THAT(text, HasSubstr("FAIL  table              no digest\n"));
  EXPECT_THAT(text, HasSubstr("2 of 3 checks failed: table, set-memory\n"));
  EXPECT_FALSE(report.passed());
  EXPECT_EQ(report.failed(), (std::vector<std::string>{"table", "set-memory"}));
}

TEST(ReportFormatTest, JsonEscapesWhatThePartySaid) {
  const ConformanceReport report =
      Report({Fail("describe", "party_id is 'a\"b\\c\n\x01'")});
  EXPECT_EQ(FormatJson(report),
            "{\n"
            "  \"address\": \"127.0.0.1:7001\",\n"
            "  \"party\": \"ROK\",\n"
            "  \"passed\": false,\n"
            "  \"unreachable\": false,\n"
            "  \"checks\": [\n"
            "    {\"name\": \"describe\", \"passed\": false, \"skipped\": "
            "false, \"detail\": \"party_id is 'a\\\"b\\\\c\\n\\u0001'\"}\n"
            "  ]\n"
            "}\n");
  EXPECT_THAT(FormatJson(Report({})), HasSubstr("\"checks\": []\n"));
}

}  // namespace
}  // namespace concert::conformance
