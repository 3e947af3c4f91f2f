#include "services/common/variant_name.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/text_format.h"

namespace concert {
namespace {

using ::testing::HasSubstr;

v1::Scenario TwoVariants() {
  v1::Scenario scenario;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(id: "s"
           variants { name: "conservation" }
           variants { name: "five-party" })pb",
      &scenario));
  return scenario;
}

TEST(VariantNameTest, BaselineAndEmptyAreTheScenarioAsWritten) {
  EXPECT_TRUE(IsBaselineVariant(""));
  EXPECT_TRUE(IsBaselineVariant("baseline"));
  EXPECT_FALSE(IsBaselineVariant("conservation"));
  EXPECT_EQ(CanonicalVariant("baseline"), "");
  EXPECT_EQ(CanonicalVariant("conservation"), "conservation");
  auto found = FindScenarioVariant(TwoVariants(), "baseline");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, nullptr);
}

TEST(VariantNameTest, FindsANamedVariant) {
  const v1::Scenario scenario = TwoVariants();
  auto found = FindScenarioVariant(scenario, "five-party");
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_NE(*found, nullptr);
  EXPECT_EQ((*found)->name(), "five-party");
}

TEST(VariantNameTest, AnUnknownOneListsTheValidOnesAndTheNearest) {
  auto found = FindScenarioVariant(TwoVariants(), "conservaton");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(found.status().message());
  EXPECT_THAT(message, HasSubstr("unknown variant 'conservaton'"));
  EXPECT_THAT(message, HasSubstr("did you mean 'conservation'?"));
  EXPECT_THAT(message,
              HasSubstr("valid variants: baseline, conservation, five-party"));
}

}  // namespace
}  // namespace concert
