// The cpp-reciprocity example party (clients/examples/cpp-reciprocity) in
// the DPRK's seat: it gives a step of its own only in return for a step of
// the other side adopted since its last one. Sessions show the direction of
// the effect (assurance first passes, dismantlement first deadlocks on the
// DPRK) and that the order, not the set, decides; explorations sample
// orders, as they must for a MEMORY_HISTORY party, and estimate with
// intervals.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/examples/reciprocity_forum.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The example party as a process, and an embedded forum that dials it.
struct ReciprocityForum {
  static ReciprocityForum Start(const std::string& config) {
    ReciprocityForum forum;
    forum.party = std::make_unique<ChildProcess>(std::vector<std::string>{
        CPP_RECIPROCITY, "--config", config, "--grace-ms", "100"});
    forum.address = ServedAddress(*forum.party);
    if (forum.address.empty()) return forum;
    auto embedded =
        cli::EmbeddedForum::Start(ReciprocityScenario(forum.address));
    EXPECT_TRUE(embedded.ok()) << embedded.status();
    if (!embedded.ok()) return forum;
    forum.embedded = *std::move(embedded);
    forum.stub = CoordinatorStub(forum.embedded->coordinator_address());
    return forum;
  }
  v1::Session Session(const v1::CharterDraft& draft) const {
    const SessionCall call = RunSession(*stub, SessionRequest(draft, ""));
    EXPECT_TRUE(call.status.ok()) << call.status.error_message();
    return call.session;
  }
  v1::Exploration Explore(const v1::CharterDraft& draft) const {
    v1::ExploreRequest request;
    *request.mutable_draft() = draft;
    request.set_samples(2000);
    request.set_seed(7);
    const ExploreCall call = concert::testing::Explore(*stub, request);
    EXPECT_TRUE(call.status.ok()) << call.status.error_message();
    return call.result;
  }

  std::unique_ptr<ChildProcess> party;
  std::string address;
  std::unique_ptr<cli::EmbeddedForum> embedded;
  std::unique_ptr<v1::Coordinator::Stub> stub;
};

// The DPRK's vote on the round that tabled `proposal` last.
const v1::CastVote& DprkVoteOn(const v1::Session& session,
                               const std::string& proposal) {
  static const v1::CastVote kNone;
  const v1::CastVote* found = &kNone;
  for (const auto& round : session.rounds()) {
    if (round.proposal() != proposal) continue;
    for (const auto& vote : round.votes()) {
      if (vote.party() == "DPRK") found = &vote;
    }
  }
  return *found;
}

class ReciprocityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    forum_ = ReciprocityForum::Start(ReciprocityConfig());
    ASSERT_NE(forum_.stub, nullptr);
  }
  ReciprocityForum forum_;
};

TEST_F(ReciprocityTest, AssuranceFirstReachesConsensus) {
  const v1::Session session = forum_.Session(
      ReciprocityDraft("assurance-first", {{Assurances()}, {Dismantlement()}}));
  EXPECT_EQ(session.summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_THAT(session.summary().adopted(),
              ElementsAre("security_assurances", "dismantlement"));
  const v1::CastVote& vote = DprkVoteOn(session, "dismantlement");
  EXPECT_EQ(vote.vote(), v1::VOTE_SUPPORT);
  EXPECT_THAT(vote.rationale(), HasSubstr("answers security_assurances"));
}

TEST_F(ReciprocityTest, DismantlementFirstDeadlocksOnTheDprk) {
  const v1::Session session = forum_.Session(ReciprocityDraft(
      "dismantlement-first", {{Dismantlement()}, {Assurances()}}));
  EXPECT_EQ(session.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(session.summary().adopted(), ElementsAre());
  const v1::Blocker* blocker = nullptr;
  for (const auto& b : session.summary().blockers()) {
    if (b.proposal() == "dismantlement") blocker = &b;
  }
  ASSERT_NE(blocker, nullptr);
  EXPECT_THAT(blocker->parties(), ElementsAre("DPRK"));
  EXPECT_THAT(blocker->conditions(),
              ElementsAre("adopt one of security_assurances first"));
}

TEST_F(ReciprocityTest, TheOrderNotTheSetDecides) {
  // Interleaved: each concession answers the step just before it.
  const v1::Session interleaved = forum_.Session(ReciprocityDraft(
      "interleaved",
      {{Assurances()}, {Freeze()}, {Normalization()}, {Dismantlement()}}));
  EXPECT_EQ(interleaved.summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_THAT(interleaved.summary().adopted(),
              ElementsAre("security_assurances", "freeze", "normalization",
                          "dismantlement"));
  // The other side's steps first: the freeze uses up the last of them, so
  // dismantlement is asked after the same three proposals — in another
  // order — and refused.
  const v1::Session bunched = forum_.Session(ReciprocityDraft(
      "bunched",
      {{Assurances(), Normalization()}, {Freeze(), Dismantlement()}}));
  EXPECT_EQ(bunched.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(bunched.summary().adopted(),
              ElementsAre("security_assurances", "normalization", "freeze"));
  const v1::CastVote& refused = DprkVoteOn(bunched, "dismantlement");
  EXPECT_EQ(refused.vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(refused.rationale(), HasSubstr("nothing in return since freeze"));
  EXPECT_EQ(DprkVoteOn(interleaved, "dismantlement").vote(), v1::VOTE_SUPPORT);
}

// Four steps in any order: 24 orders, of which the 4 that alternate the
// other side's step and the DPRK's (other, own, other, own) pass.
v1::CharterDraft FreeDraft() {
  return ReciprocityDraft(
      "free", {{Assurances(), Normalization(), Freeze(), Dismantlement()}},
      /*strict=*/false);
}

TEST_F(ReciprocityTest, ExplorationSamplesOrdersAndEstimates) {
  const v1::Exploration result = forum_.Explore(FreeDraft());
  EXPECT_EQ(result.strategy(), v1::EXPLORE_STRATEGY_SAMPLE)
      << "a MEMORY_HISTORY party makes the coordinator sample orders";
  EXPECT_EQ(result.admissible_sequences(), "24");
  ASSERT_TRUE(result.has_estimate());
  const v1::Estimate& estimate = result.estimate();
  EXPECT_EQ(estimate.samples(), 2000U);
  EXPECT_EQ(estimate.seed(), 7U);
  EXPECT_GT(estimate.consensus_samples(), 0U);
  EXPECT_LE(estimate.share_low(), estimate.share());
  EXPECT_LE(estimate.share(), estimate.share_high());
  // The true share is 4/24; the interval (seeded, so fixed) holds it.
  EXPECT_LE(estimate.share_low(), 1.0 / 6);
  EXPECT_GE(estimate.share_high(), 1.0 / 6);
  EXPECT_TRUE(result.full_charter_reachable());
}

TEST_F(ReciprocityTest, ReciprocityOpensOrdersThatRefusalCloses) {
  const v1::Exploration reciprocal = forum_.Explore(FreeDraft());
  // The same party told that nothing is the other side's: it refuses its
  // own concessions whatever comes first.
  TempDir dir;
  const std::string refusing = dir.File("refusing.conf");
  {
    std::ofstream out(refusing);
    out << "id DPRK\nown tag nuclear\nown tag freeze\n";
  }
  const ReciprocityForum refusal = ReciprocityForum::Start(refusing);
  ASSERT_NE(refusal.stub, nullptr);
  const v1::Exploration refused = refusal.Explore(FreeDraft());
  EXPECT_EQ(refused.strategy(), v1::EXPLORE_STRATEGY_SAMPLE);
  EXPECT_EQ(refused.estimate().consensus_samples(), 0U);
  EXPECT_FALSE(refused.full_charter_reachable());
  EXPECT_GT(reciprocal.estimate().share_low(), refused.estimate().share_high());
}

TEST(ReciprocityConfigTest, AConfigItCannotReadStopsItWithTheLine) {
  TempDir dir;
  const std::string config = dir.File("bad.conf");
  {
    std::ofstream out(config);
    out << "id DPRK\nown colour red\n";
  }
  const CommandResult result =
      RunCommand({CPP_RECIPROCITY, "--config", config});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("bad.conf:2: expected 'tag NAME' or 'id "
                                    "PROPOSAL', got 'colour'"));
}

}  // namespace
}  // namespace concert::testing
