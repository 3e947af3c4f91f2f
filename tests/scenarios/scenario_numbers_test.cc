// The numbers of the shipped scenario and drafts carry their reasons: every
// ideal point, salience, threshold, weight, condition value and effect has a
// comment beside it or on the line above, citing a source or saying that it
// is a modelling choice. And every party's saliences add up to the same
// budget of attention (10), in the baseline and under each variant, so that
// a utility change means the same to every party.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "services/common/text_format_loader.h"
#include "tests/scenarios/six_party_sessions.h"

namespace concert::scenario_testing {
namespace {

// Whether `line` sets one of the model's numbers: a field of its own line
// (`salience: 2`) or an effect (`effects { ... delta: 1 }`).
bool SetsANumber(absl::string_view line) {
  static const char* const kFields[] = {"ideal:",
                                        "salience:",
                                        "value:",
                                        "at_least:",
                                        "weight:",
                                        "support_threshold:",
                                        "objection_threshold:",
                                        "threshold:"};
  line = absl::StripLeadingAsciiWhitespace(line);
  if (absl::StartsWith(line, "#")) return false;
  if (absl::StrContains(line, "delta:")) return true;
  for (const char* field : kFields) {
    if (absl::StartsWith(line, field)) return true;
  }
  return false;
}

// Lines of `path` that set a number without a reason: no comment on the
// line itself, and the line above is not a comment either.
std::vector<std::string> NumbersWithoutReasons(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return {"unreadable"};
  std::vector<std::string> lines = absl::StrSplit(*text, '\n');
  std::vector<std::string> bare;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!SetsANumber(line)) continue;
    if (absl::StrContains(line, "#")) continue;
    if (i > 0 && absl::StartsWith(
                     absl::StripLeadingAsciiWhitespace(lines[i - 1]), "#")) {
      continue;
    }
    bare.push_back(absl::StrCat(path.substr(path.rfind('/') + 1), ":", i + 1,
                                ": ", absl::StripAsciiWhitespace(line)));
  }
  return bare;
}

TEST(ScenarioNumbersTest, EveryNumberOfTheScenarioCarriesItsReason) {
  EXPECT_THAT(NumbersWithoutReasons(ScenarioPath()), ::testing::IsEmpty());
}

TEST(ScenarioNumbersTest, EveryEffectOfEveryDraftCarriesItsReason) {
  for (const char* draft : kDrafts) {
    EXPECT_THAT(NumbersWithoutReasons(DraftPath(draft)), ::testing::IsEmpty());
  }
}

// The check itself: a planted bare number is found, a commented one is not.
TEST(ScenarioNumbersTest, TheCheckFindsABareNumber) {
  const std::string path = ::testing::TempDir() + "/numbers.textproto";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "positions {\n  dimension: \"x\"\n  ideal: 3  # why\n  salience: 2\n}\n"
        "# one step\neffects { dimension: \"x\" delta: 1 }\n"
        "effects { dimension: \"y\" delta: 0.5 }\n",
        f);
    std::fclose(f);
  }
  EXPECT_THAT(
      NumbersWithoutReasons(path),
      ::testing::ElementsAre("numbers.textproto:4: salience: 2",
                             "numbers.textproto:8: effects { dimension: "
                             "\"y\" delta: 0.5 }"));
}

// Effective saliences of `party` under `variant` ("" = baseline): the
// variant's positions replace the baseline's for the same dimension.
double SalienceTotal(const v1::PartySpec& party, const std::string& variant) {
  std::map<std::string, double> salience;
  for (const v1::Position& p : party.interests().positions()) {
    salience[p.dimension()] = p.salience();
  }
  for (const v1::PartyVariant& v : party.variants()) {
    if (v.name() != variant) continue;
    for (const v1::Position& p : v.positions()) {
      salience[p.dimension()] = p.salience();
    }
  }
  double total = 0;
  for (const auto& [dimension, s] : salience) total += s;
  return total;
}

TEST(ScenarioNumbersTest, SaliencesAddUpToTenForEveryPartyAndVariant) {
  const v1::Scenario scenario = Scenario();
  for (const v1::PartySpec& party : scenario.parties()) {
    EXPECT_NEAR(SalienceTotal(party, ""), 10, 1e-9) << party.id();
    for (const v1::PartyVariant& v : party.variants()) {
      EXPECT_NEAR(SalienceTotal(party, v.name()), 10, 1e-9)
          << party.id() << " under " << v.name();
    }
    // The common thresholds: one utility scale for all six.
    EXPECT_EQ(party.interests().support_threshold(), 0.5) << party.id();
    EXPECT_EQ(party.interests().objection_threshold(), 1.0) << party.id();
  }
}

}  // namespace
}  // namespace concert::scenario_testing
