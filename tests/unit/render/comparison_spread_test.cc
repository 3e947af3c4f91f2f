// How a study's perturbation is stated: one function (SpreadText) says
// "spread 0.1" or "ideals ±1, saliences ±20%, thresholds ±0.5, conditions
// ±0.5", and the terminal, Markdown, HTML and CSV reports all say it so.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/concert/render/comparison_report.h"
#include "clients/concert/render/comparison_sections.h"
#include "tests/support/comparison_fixture.h"

namespace concert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kStated[] =
    "ideals ±1, saliences ±20%, thresholds ±0.5, conditions ±0.5";

v1::Perturbation Components() {
  v1::Perturbation p;
  p.set_ideal_spread(1);
  p.set_salience_spread(0.2);
  p.set_threshold_spread(0.5);
  p.set_condition_spread(0.5);
  return p;
}

TEST(SpreadText, OneNumberAsBefore) {
  EXPECT_EQ(SpreadText(0.1, nullptr), "spread 0.1");
  EXPECT_EQ(SpreadText(0, nullptr), "spread 0");
  v1::Comparison c = testing::SmallComparison();
  EXPECT_EQ(SpreadText(c), "spread 0.1");
}

TEST(SpreadText, ComponentsByName) {
  const v1::Perturbation p = Components();
  EXPECT_EQ(SpreadText(0, &p), kStated);
  v1::Comparison c = testing::SmallComparison();
  *c.mutable_perturbation() = p;
  EXPECT_EQ(SpreadText(c), kStated);
}

TEST(SpreadText, UnsetComponentsTakeTheSpreadAndZerosAreLeftOut) {
  v1::Perturbation p;
  p.set_spread(0.3);
  EXPECT_EQ(SpreadText(0.3, &p),
            "ideals ±0.3, saliences ±30%, thresholds ±0.3");
  p.set_salience_spread(0);
  p.set_condition_spread(0.25);
  EXPECT_EQ(SpreadText(0.3, &p),
            "ideals ±0.3, thresholds ±0.3, conditions ±0.25");
  v1::Perturbation zeros;
  zeros.set_ideal_spread(0);
  EXPECT_EQ(SpreadText(0.5, &zeros), "spread 0");
}

TEST(SpreadText, EveryReportStatesTheComponents) {
  v1::Comparison c = testing::SmallComparison();
  *c.mutable_perturbation() = Components();
  const std::string study =
      std::string("Robustness: 200 perturbed forums per row, ") + kStated +
      ", seed 7";
  EXPECT_EQ(StudyText(c), study);
  EXPECT_THAT(ComparisonText(c), HasSubstr(study));
  EXPECT_THAT(ComparisonMarkdown(c), HasSubstr(study));
  absl::StatusOr<std::string> html = ComparisonHtml(c, {});
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr(study));
  // CSV: a column of its own on every row that has samples (the comma-
  // separated statement quoted as one field).
  const std::string csv = ComparisonCsv(c);
  EXPECT_THAT(csv, HasSubstr(",robustness_spread,"));
  EXPECT_THAT(csv, HasSubstr(std::string("\"") + kStated + "\""));
  for (const std::string& report :
       {ComparisonText(c), ComparisonMarkdown(c), *html, csv}) {
    EXPECT_THAT(report, Not(HasSubstr("spread 0.1")));
  }
}

TEST(SpreadText, WithoutComponentsTheReportsSayAsBefore) {
  const v1::Comparison c = testing::SmallComparison();
  const std::string study =
      "Robustness: 200 perturbed forums per row, spread 0.1, seed 7";
  EXPECT_THAT(ComparisonText(c), HasSubstr(study));
  EXPECT_THAT(ComparisonMarkdown(c), HasSubstr(study));
  absl::StatusOr<std::string> html = ComparisonHtml(c, {});
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr(study));
  EXPECT_THAT(ComparisonCsv(c), HasSubstr(",spread 0.1,"));
}

}  // namespace
}  // namespace concert::cli
