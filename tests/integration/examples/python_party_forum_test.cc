// The Python example party in a real forum: its seat in the scenario has an
// address and no interests, the embedded forum dials it beside two built-in
// parties, and its own model decides the outcome — of a session, of an
// exploration (over EvaluateStream), and after it joins a running
// coordinator with --join.
#include <memory>
#include <string>

#include "clients/concert/forum/embedded_forum.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "tests/integration/examples/python_party.h"
#include "tests/support/net/coordinator_calls.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A and B are built in and let everything pass: A supports aid and abstains
// on the rest (no effect on it), B abstains on `cut` (its objection
// threshold is wide). C is the Python party's seat.
v1::Scenario Forum() {
  auto scenario = ParseScenarioFromString(
      R"pb(
        id: "python-seat"
        dimensions { id: "peace" }
        dimensions { id: "aid" }
        parties {
          id: "A"
          name: "Alpha"
          interests {
            positions { dimension: "aid" ideal: 5 salience: 1 }
            support_threshold: 0.1
            objection_threshold: 0.1
          }
        }
        parties {
          id: "B"
          name: "Beta"
          interests {
            positions { dimension: "peace" ideal: 5 salience: 1 }
            support_threshold: 0.1
            objection_threshold: 2
          }
        }
        parties { id: "C" name: "Gamma" }
        rule { kind: CONSENSUS }
      )pb",
      "python-seat");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *scenario : v1::Scenario();
}

// `cut` lowers peace and is tabled before `talks` raises it.
v1::CharterDraft Draft() {
  auto draft = ParseDraftFromString(
      R"pb(
        id: "python-draft"
        stages { id: "S1" }
        stage_order: FREE
        proposals {
          id: "aid"
          stage: "S1"
          effects { dimension: "aid" delta: 1 }
        }
        proposals {
          id: "cut"
          stage: "S1"
          effects { dimension: "peace" delta: -1 }
        }
        proposals {
          id: "talks"
          stage: "S1"
          effects { dimension: "peace" delta: 1 }
        }
        proposals {
          id: "charter"
          stage: "S1"
          prerequisites: "talks"
          effects { dimension: "peace" delta: 1 }
        }
      )pb",
      "python-draft");
  EXPECT_TRUE(draft.ok()) << draft.status();
  return draft.ok() ? *draft : v1::CharterDraft();
}

// C's models differ only in the red line on peace: the dove lets `cut` pass
// once peace would stay at 0 or above (after `talks`); the hawk never lets
// peace fall below 5, so it objects to `cut` whatever is adopted.
std::string Model(const std::string& id, double peace_floor) {
  return R"({"id": ")" + id + R"(", "name": "Gamma in Python",
    "positions": {"peace": {"ideal": 5, "salience": 1}},
    "support_threshold": 0.1, "objection_threshold": 2,
    "red_lines": [{"id": "peace_floor", "dimension": "peace",
                   "below": )" +
         std::to_string(peace_floor) + R"(, "reason": "no backsliding"}]})";
}
const std::string kDove = Model("C", 0);
const std::string kHawk = Model("C", 5);

const v1::CastVote* VoteOf(const v1::Round& round, const std::string& party) {
  for (const auto& vote : round.votes()) {
    if (vote.party() == party) return &vote;
  }
  return nullptr;
}

class PythonPartyForumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = PythonPartyUnavailable(); !why.empty()) {
      GTEST_SKIP() << why;
    }
  }

  // The forum with C dialed at `address`, and a stub of its coordinator.
  void StartForum(const std::string& address) {
    v1::Scenario scenario = Forum();
    scenario.mutable_parties(2)->set_address(address);
    auto forum = cli::EmbeddedForum::Start(scenario);
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = *std::move(forum);
    coordinator_ = CoordinatorStub(forum_->coordinator_address());
  }

  SessionCall RunSession() {
    return concert::testing::RunSession(*coordinator_,
                                        SessionRequest(Draft(), ""));
  }

  std::unique_ptr<cli::EmbeddedForum> forum_;
  std::unique_ptr<v1::Coordinator::Stub> coordinator_;
};

TEST_F(PythonPartyForumTest, ItsRedLineDeadlocksTheSessionWithItAsBlocker) {
  PythonParty party(kHawk);
  ASSERT_TRUE(party.serving()) << party.log();
  StartForum(party.address());

  const SessionCall call = RunSession();
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  const v1::SessionSummary& summary = call.session.summary();
  EXPECT_EQ(summary.outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(summary.adopted(), ElementsAre("aid", "talks", "charter"));
  ASSERT_EQ(summary.blockers_size(), 1);
  EXPECT_EQ(summary.blockers(0).proposal(), "cut");
  EXPECT_THAT(summary.blockers(0).parties(), ElementsAre("C"));
  // The rationale and conditions are the Python model's own words.
  const v1::Round& last = *call.session.rounds().rbegin();
  ASSERT_EQ(last.proposal(), "cut");
  const v1::CastVote* c = VoteOf(last, "C");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->vote(), v1::VOTE_OBJECT);
  EXPECT_THAT(c->rationale(), HasSubstr("red line peace_floor"));
  EXPECT_THAT(c->conditions(), ElementsAre("peace >= 6"));
}

TEST_F(PythonPartyForumTest, APermissiveModelLetsTheSessionReachConsensus) {
  PythonParty party(kDove);
  ASSERT_TRUE(party.serving()) << party.log();
  StartForum(party.address());

  const SessionCall call = RunSession();
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  const v1::SessionSummary& summary = call.session.summary();
  EXPECT_EQ(summary.outcome(), v1::SessionSummary::CONSENSUS);
  // `cut` is deferred once (peace would fall below 0), then passes after
  // `talks`: the order is the Python party's doing.
  EXPECT_THAT(summary.adopted(), ElementsAre("aid", "talks", "charter", "cut"));
  ASSERT_GE(call.session.rounds_size(), 2);
  const v1::Round& deferred = call.session.rounds(1);
  EXPECT_EQ(deferred.proposal(), "cut");
  EXPECT_EQ(deferred.outcome(), v1::Round::DEFERRED);
  EXPECT_THAT(deferred.blocking_parties(), ElementsAre("C"));
  const v1::CastVote* c = VoteOf(deferred, "C");
  ASSERT_NE(c, nullptr);
  EXPECT_THAT(c->conditions(), ElementsAre("peace >= 1"));

  int exit_code = -1;
  const auto answered = party.Stop(&exit_code);
  EXPECT_EQ(exit_code, 0) << party.log();
  ASSERT_TRUE(answered.has_value()) << party.log();
  EXPECT_GE(answered->tables, 1);
  EXPECT_EQ(answered->evaluations, call.session.rounds_size());
}

TEST_F(PythonPartyForumTest, ASessionUnderAVariantItsModelDoesNotListRuns) {
  // The scenario declares a variant the Python model does not list. The
  // party takes it as its baseline (Describe's baseline_for_other_variants),
  // so the coordinator tables it there instead of refusing the session
  // (FAILED_PRECONDITION "C has no model for variant 'storm'").
  PythonParty party(kHawk);
  ASSERT_TRUE(party.serving()) << party.log();
  v1::Scenario scenario = Forum();
  scenario.mutable_parties(2)->set_address(party.address());
  v1::Variant* storm = scenario.add_variants();
  storm->set_name("storm");
  storm->set_description("a variant only the scenario knows");
  auto forum = cli::EmbeddedForum::Start(scenario);
  ASSERT_TRUE(forum.ok()) << forum.status();
  forum_ = *std::move(forum);
  coordinator_ = CoordinatorStub(forum_->coordinator_address());

  const SessionCall call = concert::testing::RunSession(
      *coordinator_, SessionRequest(Draft(), "storm"));
  ASSERT_TRUE(call.status.ok())
      << call.status.error_code() << ": " << call.status.error_message();
  // The hawk's baseline decides, as without the variant.
  const v1::SessionSummary& summary = call.session.summary();
  EXPECT_EQ(summary.outcome(), v1::SessionSummary::DEADLOCK);
  ASSERT_EQ(summary.blockers_size(), 1);
  EXPECT_EQ(summary.blockers(0).proposal(), "cut");
  EXPECT_THAT(summary.blockers(0).parties(), ElementsAre("C"));
}

TEST_F(PythonPartyForumTest, AnExplorationCountsOrdersOverItsStream) {
  PythonParty party(kDove);
  ASSERT_TRUE(party.serving()) << party.log();
  StartForum(party.address());

  const ExploreCall call = Explore(*coordinator_, Draft(), "");
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  const v1::Exploration& result = call.result;
  // The party claims MEMORY_SET: the lattice, exact counts.
  EXPECT_EQ(result.strategy(), v1::EXPLORE_STRATEGY_LATTICE);
  // 4!/2 orders put talks before charter; C passes `cut` only once `talks`
  // is in, so talks must come before cut too: 8 of the 12.
  EXPECT_EQ(result.admissible_sequences(), "12");
  EXPECT_EQ(result.consensus_sequences(), "8");
  EXPECT_TRUE(result.full_charter_reachable());
  bool c_found = false;
  for (const auto& veto : result.veto_power()) {
    if (veto.party() != "C") continue;
    c_found = true;
    EXPECT_EQ(veto.consensus_sequences_without(), "12");
  }
  EXPECT_TRUE(c_found);

  int exit_code = -1;
  const auto answered = party.Stop(&exit_code);
  EXPECT_EQ(exit_code, 0) << party.log();
  ASSERT_TRUE(answered.has_value()) << party.log();
  // Every question of the lattice reached it in a batch: its share of the
  // questions asked (counted once per party, three parties).
  EXPECT_GT(answered->batches, 0);
  EXPECT_EQ(3 * static_cast<std::uint64_t>(answered->questions),
            result.questions_asked());
}

TEST_F(PythonPartyForumTest, AHawkishModelLeavesNoConsensusOrder) {
  PythonParty party(kHawk);
  ASSERT_TRUE(party.serving()) << party.log();
  StartForum(party.address());

  const ExploreCall call = Explore(*coordinator_, Draft(), "");
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.result.consensus_sequences(), "0");
  EXPECT_FALSE(call.result.full_charter_reachable());
  EXPECT_EQ(call.result.largest_adoptable().size(), 3);
}

TEST_F(PythonPartyForumTest, JoinsARunningCoordinatorAndVotesInItsSeat) {
  // The seat names an address where nothing answers until the party joins.
  StartForum("127.0.0.1:1");
  PythonParty party(kHawk, {"--join", forum_->coordinator_address()});
  ASSERT_TRUE(party.serving()) << party.log();
  ASSERT_TRUE(party.process().WaitForLine("registered with").has_value())
      << party.log();

  const SessionCall call = RunSession();
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::DEADLOCK);
  ASSERT_EQ(call.session.summary().blockers_size(), 1);
  EXPECT_THAT(call.session.summary().blockers(0).parties(), ElementsAre("C"));
}

TEST_F(PythonPartyForumTest, ASeatTheScenarioLacksIsRefused) {
  StartForum("127.0.0.1:1");
  PythonParty party(Model("Z", 0), {"--join", forum_->coordinator_address()});
  ASSERT_TRUE(party.serving()) << party.log();
  EXPECT_EQ(party.process().Wait(), 3) << party.log();
  EXPECT_THAT(party.log(), HasSubstr("refused"));
  EXPECT_THAT(party.log(), HasSubstr("NOT_FOUND"));
}

TEST_F(PythonPartyForumTest, AnAddressServingAnotherPartyIsRefused) {
  StartForum("127.0.0.1:1");
  // C advertises built-in A's address: the coordinator finds A there.
  PythonParty party(kDove, {"--join", forum_->coordinator_address(),
                            "--advertise", forum_->party_addresses()[0]});
  ASSERT_TRUE(party.serving()) << party.log();
  EXPECT_EQ(party.process().Wait(), 3) << party.log();
  EXPECT_THAT(party.log(), HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(party.log(), HasSubstr("'A'"));
}

}  // namespace
}  // namespace concert::testing
