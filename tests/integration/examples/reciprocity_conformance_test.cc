// The cpp-reciprocity example party passes `concert conformance` — the real
// program, against the party process in the DPRK's seat of the six-party
// scenario (dprk.conf), with the embedded scenario and draft. Its votes
// depend on the order (MEMORY_HISTORY), so set-memory is skipped, and the
// stream is asked with each question's order of adoption.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/examples/conformance_run.h"
#include "tests/integration/examples/reciprocity_forum.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ReciprocityConformanceTest, TheDprkSeatPassesEveryCheck) {
  ChildProcess party(
      {CPP_RECIPROCITY, "--config", ReciprocityConfig(), "--grace-ms", "100"});
  const std::string address = ServedAddress(party);
  ASSERT_FALSE(address.empty()) << party.stderr_text();

  auto lines = PassLines(RunConformanceCommand(address, "DPRK"));
  EXPECT_THAT(lines["health"], HasSubstr("SERVING"));
  EXPECT_THAT(lines["describe"],
              HasSubstr("party 'DPRK', MEMORY_HISTORY, 3 variants"));
  // It serves the variants dprk.conf lists, and refuses any other.
  EXPECT_THAT(lines["table"],
              HasSubstr("variant 'conformance-no-such-variant' refused "
                        "(INVALID_ARGUMENT)"));
  EXPECT_THAT(lines["evaluate-stream"], Not(HasSubstr("not implemented")));
  EXPECT_THAT(lines["set-memory"], HasSubstr("skipped"));
  EXPECT_THAT(lines["set-memory"], HasSubstr("MEMORY_HISTORY"));
}

}  // namespace
}  // namespace concert::testing
