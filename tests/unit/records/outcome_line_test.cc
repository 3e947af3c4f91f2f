// The outcome line a record keeps (what `concert records list` prints)
// writes numbers in the reports' style.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/coordinator/records/outcome.h"

namespace concert::coordinator {
namespace {

using ::testing::HasSubstr;

TEST(ExplorationOutcomeLineTest, SmallSharesAndLongCountsReadAsInReports) {
  v1::Exploration result;
  result.set_full_charter_reachable(true);
  result.set_consensus_sequences("819831867758400");
  result.set_admissible_sequences("2432902008176640000");
  result.set_consensus_share(0.000337);
  const std::string line =
      ExplorationOutcomeLine(result, v1::RECORD_STATUS_COMPLETE, 20);
  EXPECT_THAT(line, HasSubstr("819,831,867,758,400 of "
                              "2,432,902,008,176,640,000"));
  EXPECT_THAT(line, HasSubstr("(0.0337%)"));
}

TEST(ExplorationOutcomeLineTest, EstimatesNeverScientific) {
  v1::Exploration result;
  v1::Estimate* e = result.mutable_estimate();
  e->set_share(0.5);
  e->set_share_low(4.3e-19);
  e->set_share_high(0.75);
  e->set_samples(2000);
  const std::string line =
      ExplorationOutcomeLine(result, v1::RECORD_STATUS_COMPLETE, 20);
  EXPECT_THAT(line, HasSubstr("50% (95% CI < 0.0001% to 75%)"));
  EXPECT_THAT(line, HasSubstr("2,000 samples"));
}

}  // namespace
}  // namespace concert::coordinator
