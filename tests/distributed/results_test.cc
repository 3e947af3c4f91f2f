// The forum spread over hosts answers as the embedded forum does: a
// session, an exploration and a comparison held across the network —
// coordinator, six parties and client each on a host of its own, the
// parties having joined by themselves — give the results the embedded
// forum gives on one machine, field for field (ids and timings aside).
#include "gtest/gtest.h"
#include "tests/distributed/comparable_json.h"
#include "tests/distributed/distributed_fixture.h"

namespace concert::testing {
namespace {

class ResultsAcrossHostsTest : public DistributedTest {};

TEST_F(ResultsAcrossHostsTest, SessionExplorationAndComparisonEqualEmbedded) {
  ASSERT_TRUE(forum_->StartCoordinator());
  ASSERT_TRUE(forum_->StartParties());

  std::vector<std::string> drafts;
  for (const char* name :
       {"paper-sequence", "arf-three-stage", "action-for-action-2007",
        "bloc-3plus3", "denuclearization-first"}) {
    drafts.push_back(ShippedDraftPath(name));
  }
  std::vector<std::string> compare = {"compare"};
  compare.insert(compare.end(), drafts.begin(), drafts.end());
  compare.insert(compare.end(), {"--samples", "12", "--format", "json"});

  const std::vector<std::vector<std::string>> cases = {
      kSessionArgs,
      {"explore", ShippedDraftPath("arf-three-stage"), "--variant",
       "transformation", "--format", "json"},
      {"explore", ShippedDraftPath("paper-sequence"), "--variant",
       "conservation", "--format", "json"},
      compare};
  for (const auto& args : cases) {
    SCOPED_TRACE(args[0] + " " + args[1]);
    const CommandResult hosted = forum_->Concert(args);
    const CommandResult embedded =
        EmbeddedConcert(args, dir_.File("embedded.db"));
    EXPECT_EQ(hosted.exit_code, embedded.exit_code) << hosted.err << "\n---\n"
                                                    << embedded.err;
    EXPECT_EQ(JsonDifference(embedded.out, hosted.out), "");
  }

  // The coordinator recorded the session with every party's vote.
  const CommandResult session = forum_->Concert(kSessionArgs);
  ASSERT_EQ(session.exit_code, 0) << session.err;
  ExpectEveryVote(SessionRecordOf(SessionIdIn(session.out)), 20);
}

}  // namespace
}  // namespace concert::testing
