// The utility part of the interest model: du, the thresholds, the state, the
// utility rationale and compile-time validation.
#include "services/party/core/interest_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// security_assurance: ideal 10, salience 2; denuclearization: ideal 0,
// salience 1. Support at du >= 0.5, object at du < -0.5.
v1::InterestModel Model() {
  return Parse<v1::InterestModel>(R"pb(
    positions { dimension: "security_assurance" ideal: 10 salience: 2 }
    positions { dimension: "denuclearization" ideal: 0 salience: 1 }
    support_threshold: 0.5
    objection_threshold: 0.5
  )pb");
}

v1::CharterDraft Draft() {
  return Parse<v1::CharterDraft>(R"pb(
    id: "d"
    stages { id: "S1" }
    stage_order: FREE
    proposals {
      id: "assure"
      stage: "S1"
      effects { dimension: "security_assurance" delta: 2 }
    }
    proposals {
      id: "denuc"
      stage: "S1"
      effects { dimension: "denuclearization" delta: 3 }
    }
    proposals {
      id: "mixed"
      stage: "S1"
      effects { dimension: "security_assurance" delta: 1 }
      effects { dimension: "denuclearization" delta: 1 }
    }
    proposals {
      id: "small"
      stage: "S1"
      effects { dimension: "denuclearization" delta: 0.4 }
    }
    proposals {
      id: "edge_support"
      stage: "S1"
      effects { dimension: "security_assurance" delta: 0.25 }
    }
    proposals {
      id: "edge_object"
      stage: "S1"
      effects { dimension: "denuclearization" delta: 0.5 }
    }
    proposals {
      id: "elsewhere"
      stage: "S1"
      effects { dimension: "humanitarian" delta: 5 }
    }
  )pb");
}

CompiledModel Compiled(const std::vector<v1::DimensionValue>& initial = {}) {
  absl::StatusOr<CompiledModel> m =
      CompiledModel::Compile(Model(), Draft(), initial);
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

int Index(const CompiledModel& m, const char* id) { return m.index().Find(id); }

TEST(InterestModelTest, UtilityChangeIsExact) {
  const CompiledModel m = Compiled();
  // 2 * (|0 - 10| - |2 - 10|) = 4.
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "assure")).utility_change, 4.0);
  // 1 * (|0| - |3|) = -3.
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "denuc")).utility_change, -3.0);
  // 2 * 1 - 1 * 1 = 1.
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "mixed")).utility_change, 1.0);
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "small")).utility_change, -0.4);
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "elsewhere")).utility_change, 0.0);
}

TEST(InterestModelTest, VoteFollowsThresholds) {
  const CompiledModel m = Compiled();
  EXPECT_EQ(m.Vote(0, Index(m, "assure")), v1::VOTE_SUPPORT);
  EXPECT_EQ(m.Vote(0, Index(m, "denuc")), v1::VOTE_OBJECT);
  EXPECT_EQ(m.Vote(0, Index(m, "mixed")), v1::VOTE_SUPPORT);
  EXPECT_EQ(m.Vote(0, Index(m, "small")), v1::VOTE_ABSTAIN);
  EXPECT_EQ(m.Vote(0, Index(m, "elsewhere")), v1::VOTE_ABSTAIN);
}

TEST(InterestModelTest, ThresholdBoundaries) {
  const CompiledModel m = Compiled();
  // du == support_threshold supports; du == -objection_threshold abstains.
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "edge_support")).utility_change, 0.5);
  EXPECT_EQ(m.Vote(0, Index(m, "edge_support")), v1::VOTE_SUPPORT);
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "edge_object")).utility_change, -0.5);
  EXPECT_EQ(m.Vote(0, Index(m, "edge_object")), v1::VOTE_ABSTAIN);
}

TEST(InterestModelTest, StateStartsAtInitialAndAddsAdoptedEffects) {
  v1::DimensionValue start;
  start.set_dimension("security_assurance");
  start.set_value(9);
  const CompiledModel m = Compiled({start});
  // From 9, +2 overshoots the ideal 10: 2 * (|9 - 10| - |11 - 10|) = 0.
  EXPECT_DOUBLE_EQ(m.Evaluate(0, Index(m, "assure")).utility_change, 0.0);
  EXPECT_EQ(m.Vote(0, Index(m, "assure")), v1::VOTE_ABSTAIN);

  const CompiledModel fresh = Compiled();
  const ProposalSet adopted =
      Bit(Index(fresh, "assure")) | Bit(Index(fresh, "denuc"));
  const std::vector<double> x = fresh.State(adopted);
  ASSERT_EQ(fresh.dimensions(), (std::vector<std::string>{"security_assurance",
                                                          "denuclearization"}));
  EXPECT_DOUBLE_EQ(x[0], 2);
  EXPECT_DOUBLE_EQ(x[1], 3);
  // Further denuclearization costs as much at 3 as at 0: 1 * (3 - 3.4).
  EXPECT_NEAR(fresh.Evaluate(adopted, Index(fresh, "small")).utility_change,
              -0.4, 1e-12);
  // Beyond the ideal, more assurance is a loss: from 10, 2 * (0 - 2) = -4.
  v1::DimensionValue at_ideal = start;
  at_ideal.set_value(10);
  const CompiledModel sated = Compiled({at_ideal});
  EXPECT_DOUBLE_EQ(sated.Evaluate(0, Index(sated, "assure")).utility_change,
                   -4.0);
  EXPECT_EQ(sated.Vote(0, Index(sated, "assure")), v1::VOTE_OBJECT);
}

TEST(InterestModelTest, UtilityRationaleNamesTheDimensions) {
  const CompiledModel m = Compiled();
  EXPECT_EQ(m.Evaluate(0, Index(m, "mixed")).rationale,
            "gains on security_assurance (+2) outweigh denuclearization (-1)");
  EXPECT_EQ(m.Evaluate(0, Index(m, "assure")).rationale,
            "gains on security_assurance (+4)");
  EXPECT_EQ(m.Evaluate(0, Index(m, "denuc")).rationale,
            "losses on denuclearization (-3)");
  // An abstention says, in words, where the utility change falls between
  // the two thresholds (no "du").
  EXPECT_EQ(m.Evaluate(0, Index(m, "small")).rationale,
            "utility change -0.4, short of the +0.5 it takes to support, not "
            "below the -0.5 at which it objects: losses on denuclearization "
            "(-0.4)");
  EXPECT_EQ(m.Evaluate(0, Index(m, "elsewhere")).rationale,
            "no effect on the party's interests (utility change +0, short of "
            "the +0.5 it takes to support)");
}

TEST(InterestModelTest, UtilityObjectionWithoutConcessionHasNoConditions) {
  const CompiledModel m = Compiled();
  const Evaluation e = m.Evaluate(0, Index(m, "denuc"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.conditions, IsEmpty());
}

TEST(InterestModelTest, ToProtoCopiesEverything) {
  Evaluation e{v1::VOTE_OBJECT,  -1.5,
               "because",        {"adopt a", "x >= 1"},
               "no_denuc_first", "on the understanding that"};
  v1::EvaluateResponse r;
  ToProto(e, &r);
  EXPECT_EQ(r.vote(), v1::VOTE_OBJECT);
  EXPECT_DOUBLE_EQ(r.utility_change(), -1.5);
  EXPECT_EQ(r.rationale(), "because");
  ASSERT_EQ(r.conditions_size(), 2);
  EXPECT_EQ(r.conditions(1), "x >= 1");
  EXPECT_EQ(r.rule(), "no_denuc_first");
  EXPECT_EQ(r.statement(), "on the understanding that");
}

TEST(InterestModelTest, RejectsMalformedModels) {
  const v1::CharterDraft draft = Draft();
  auto compile = [&](const char* text) {
    return CompiledModel::Compile(Parse<v1::InterestModel>(text), draft,
                                  std::vector<v1::DimensionValue>{})
        .status();
  };
  EXPECT_EQ(compile(R"pb(positions { dimension: "a" salience: -1 })pb").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compile(R"pb(positions { dimension: "a" }
                         positions { dimension: "a" })pb")
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compile(R"pb(rules { id: "r" })pb").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compile(R"pb(rules { id: "r" kind: RED_LINE }
                         rules { id: "r" kind: CONCESSION })pb")
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compile(R"pb(rules {
                           id: "r"
                           kind: RED_LINE
                           condition { thresholds { dimension: "a" value: 1 } }
                         })pb")
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compile(R"pb(rules {
                           id: "r"
                           kind: RED_LINE
                           covers { moves { dimension: "a" } }
                         })pb")
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(InterestModelTest, RejectsADraftTheIndexRejects) {
  const v1::CharterDraft bad = Parse<v1::CharterDraft>(R"pb(
    stages { id: "S1" }
    proposals { id: "a" stage: "S1" }
    proposals { id: "a" stage: "S1" }
  )pb");
  absl::StatusOr<CompiledModel> m =
      CompiledModel::Compile(Model(), bad, std::vector<v1::DimensionValue>{});
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr("duplicate proposal id"));
}

}  // namespace
}  // namespace concert::party
