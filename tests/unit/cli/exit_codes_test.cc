#include "clients/concert/commands/exit_codes.h"

#include "gtest/gtest.h"

namespace concert::cli {
namespace {

TEST(ExitCodeTest, MapsOutcomes) {
  EXPECT_EQ(ExitCodeFor(v1::SessionSummary::CONSENSUS), 0);
  EXPECT_EQ(ExitCodeFor(v1::SessionSummary::DEADLOCK), 3);
  EXPECT_EQ(ExitCodeFor(v1::SessionSummary::SUSPENDED), 4);
  EXPECT_EQ(ExitCodeFor(v1::SessionSummary::INTERRUPTED), 4);
  EXPECT_EQ(ExitCodeFor(v1::SessionSummary::OUTCOME_UNSPECIFIED), 1);
}

TEST(ExitCodeTest, MapsStatuses) {
  EXPECT_EQ(ExitCodeForStatus(absl::OkStatus()), 0);
  EXPECT_EQ(ExitCodeForStatus(absl::InvalidArgumentError("x")), 2);
  EXPECT_EQ(ExitCodeForStatus(absl::NotFoundError("x")), 2);
  EXPECT_EQ(ExitCodeForStatus(absl::UnavailableError("x")), 4);
  EXPECT_EQ(ExitCodeForStatus(absl::DeadlineExceededError("x")), 4);
  EXPECT_EQ(ExitCodeForStatus(absl::ResourceExhaustedError("x")), 5);
  EXPECT_EQ(ExitCodeForStatus(absl::AbortedError("x")), 7);
  EXPECT_EQ(ExitCodeForStatus(absl::DataLossError("x")), 7);
  EXPECT_EQ(ExitCodeForStatus(absl::InternalError("x")), 1);
}

}  // namespace
}  // namespace concert::cli
