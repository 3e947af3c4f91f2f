// The one spelling of each wire enum that people type and read.
#include "services/common/names.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace concert {
namespace {

using ::testing::HasSubstr;

TEST(NamesTest, StrategiesRoundTripAndAcceptTheWireName) {
  for (v1::ExploreStrategy s :
       {v1::EXPLORE_STRATEGY_UNSPECIFIED, v1::EXPLORE_STRATEGY_LATTICE,
        v1::EXPLORE_STRATEGY_ENUMERATE, v1::EXPLORE_STRATEGY_SAMPLE}) {
    EXPECT_EQ(*ParseStrategy(StrategyName(s)), s) << StrategyName(s);
    EXPECT_EQ(*ParseStrategy(v1::ExploreStrategy_Name(s)), s);
  }
  EXPECT_EQ(StrategyName(v1::EXPLORE_STRATEGY_SAMPLE), "sample");
  EXPECT_EQ(*ParseStrategy("Enumerate"), v1::EXPLORE_STRATEGY_ENUMERATE);
  EXPECT_EQ(*ParseStrategy(""), v1::EXPLORE_STRATEGY_UNSPECIFIED);
  EXPECT_EQ(*ParseStrategy("auto"), v1::EXPLORE_STRATEGY_UNSPECIFIED);
  const auto bogus = ParseStrategy("bogus");
  ASSERT_EQ(bogus.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bogus.status().message(),
              HasSubstr("lattice, enumerate, sample"));
}

TEST(NamesTest, RecordKindsRoundTrip) {
  for (v1::RecordKind k :
       {v1::RECORD_KIND_UNSPECIFIED, v1::RECORD_KIND_SESSION,
        v1::RECORD_KIND_EXPLORATION, v1::RECORD_KIND_COMPARISON}) {
    EXPECT_EQ(*ParseRecordKind(RecordKindName(k)), k);
  }
  EXPECT_EQ(RecordKindName(v1::RECORD_KIND_SESSION), "session");
  EXPECT_EQ(RecordKindName(v1::RECORD_KIND_COMPARISON), "comparison");
  EXPECT_EQ(*ParseRecordKind(""), v1::RECORD_KIND_UNSPECIFIED);
  EXPECT_EQ(ParseRecordKind("sessions").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NamesTest, EveryRecordStatusHasOneName) {
  for (int i = v1::RecordStatus_MIN; i <= v1::RecordStatus_MAX; ++i) {
    const auto status = static_cast<v1::RecordStatus>(i);
    if (status == v1::RECORD_STATUS_UNSPECIFIED) continue;
    const absl::string_view name = RecordStatusName(status);
    EXPECT_NE(name, "?") << i;
    EXPECT_EQ(*ParseRecordStatus(name), status) << name;
    // The database's spelling is the wire's without its prefix.
    EXPECT_EQ(v1::RecordStatus_Name(status),
              absl::StrCat("RECORD_STATUS_", name));
  }
  EXPECT_EQ(ParseRecordStatus("UNSPECIFIED").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace concert
