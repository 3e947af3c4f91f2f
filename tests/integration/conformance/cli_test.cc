// `concert conformance` as a user runs it: the program itself against a
// served party, with no files (the embedded scenario and draft). Exit 0 and
// a PASS line per check for a sound party; 3 and a FAIL line naming the
// fault for a broken one; 4 when nothing answers; 2 for unusable input.
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/net/child_process.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ConformanceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const v1::Scenario scenario = SixPartyScenario();
    for (const auto& p : scenario.parties()) {
      if (p.id() == "ROK") {
        rok_ = ServedParty::Start(p, VariantNames(scenario));
      }
    }
    ASSERT_NE(rok_, nullptr);
    ASSERT_NE(rok_->server, nullptr);
  }

  CommandResult Conformance(const std::vector<std::string>& more) {
    std::vector<std::string> argv = {
        ConcertBinary(), "conformance",   rok_->address(), "--party",
        "ROK",           "--deadline-ms", "30000"};
    argv.insert(argv.end(), more.begin(), more.end());
    return RunCommand(argv);
  }

  std::unique_ptr<ServedParty> rok_;
};

TEST_F(ConformanceCliTest, ASoundPartyPassesWithExitZero) {
  const CommandResult result = Conformance({});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("PASS  health             SERVING\n"));
  EXPECT_THAT(result.out,
              HasSubstr("PASS  describe           party 'ROK', MEMORY_SET"));
  EXPECT_THAT(result.out, HasSubstr("all 8 checks passed\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("FAIL  ")));
}

TEST_F(ConformanceCliTest, ABrokenPartyFailsWithExitThreeAndAFailLine) {
  rok_->party->set_fault(PartyFault::kUnstableDigest);
  const CommandResult result = Conformance({});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("FAIL  table              the digest is not stable"));
  EXPECT_THAT(result.out, HasSubstr("1 of 8 checks failed: table\n"));
}

TEST_F(ConformanceCliTest, JsonSaysTheSame) {
  rok_->party->set_fault(PartyFault::kWrongPartyId);
  const CommandResult result = Conformance({"--format", "json"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"party\": \"NOT-ROK\""));
  EXPECT_THAT(result.out, HasSubstr("\"passed\": false"));
  EXPECT_THAT(result.out,
              HasSubstr("{\"name\": \"describe\", \"passed\": false, "
                        "\"skipped\": false, \"detail\": \"party_id is "
                        "'NOT-ROK', expected 'ROK'\"}"));
}

TEST_F(ConformanceCliTest, NobodyThereExitsFour) {
  rok_->Stop();
  const CommandResult result = Conformance({});
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("FAIL  health"));
}

TEST_F(ConformanceCliTest, UnusableInputExitsTwo) {
  CommandResult result = Conformance({"--draft", "/nonexistent.textproto"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("concert conformance: "));
  result = RunCommand(
      {ConcertBinary(), "conformance", rok_->address(), "--party", "NOPE"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("no party 'NOPE'"));
  result = RunCommand({ConcertBinary(), "conformance"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
}

TEST_F(ConformanceCliTest, HelpNamesTheChecksAndTheExitCodes) {
  const CommandResult result =
      RunCommand({ConcertBinary(), "conformance", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("invalid-questions"));
  EXPECT_THAT(result.out, HasSubstr("lattice-range"));
  EXPECT_THAT(result.out, HasSubstr("3 some check failed"));
}

}  // namespace
}  // namespace concert::testing
