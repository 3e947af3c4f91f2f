// Interpretative statements: a STATEMENT rule joins a decision with a
// reservation on the record and never changes the vote itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/party/core/interest_model.h"
#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::IsEmpty;

// The party wants sa and dn up (ideal 10); it objects to verif (nm down by
// one unit of a salience-1 dimension: du -1 < -0.5) unless sa >= 2.
v1::CharterDraft Draft() {
  return Parse<v1::CharterDraft>(R"pb(
    id: "d"
    stages { id: "S1" }
    stage_order: FREE
    proposals {
      id: "assure"
      stage: "S1"
      effects { dimension: "sa" delta: 2 }
    }
    proposals {
      id: "verif"
      stage: "S1"
      tags: "verification"
      effects { dimension: "nm" delta: -1 }
    }
    proposals {
      id: "denuc"
      stage: "S1"
      tags: "nuclear"
      effects { dimension: "dn" delta: 1 }
    }
  )pb");
}

v1::InterestModel Base() {
  return Parse<v1::InterestModel>(R"pb(
    positions { dimension: "sa" ideal: 10 salience: 1 }
    positions { dimension: "dn" ideal: 10 salience: 1 }
    positions { dimension: "nm" ideal: 10 salience: 1 }
    support_threshold: 0.5
    objection_threshold: 0.5
    rules {
      id: "verify_once_assured"
      kind: CONCESSION
      covers { tags: "verification" }
      condition { thresholds { dimension: "sa" comparison: AT_LEAST value: 2 } }
      reason: "accepts verification once assured"
    }
  )pb");
}

// Base() plus three statements: two unconditional ones on the nuclear step
// and one on verification while sa >= 2 (the state in which the concession
// lets the party abstain instead of objecting).
v1::InterestModel WithStatements() {
  v1::InterestModel model = Base();
  model.MergeFrom(Parse<v1::InterestModel>(R"pb(
    rules {
      id: "nuclear_reading"
      kind: STATEMENT
      covers { tags: "nuclear" }
      reason: "joins on the understanding that the peninsula as a whole is meant"
    }
    rules {
      id: "verification_reading"
      kind: STATEMENT
      covers { tags: "verification" }
      condition { thresholds { dimension: "sa" comparison: AT_LEAST value: 2 } }
      reason: "verification is read as reciprocal"
    }
    rules {
      id: "also_nuclear"
      kind: STATEMENT
      covers { proposals: "denuc" }
      reason: "the step does not prejudge a peace regime"
    }
  )pb"));
  return model;
}

CompiledModel Compile(const v1::InterestModel& model) {
  absl::StatusOr<CompiledModel> m =
      CompiledModel::Compile(model, Draft(), std::vector<v1::DimensionValue>{});
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

TEST(StatementTest, AStatementJoinsAVoteThatDoesNotObject) {
  const CompiledModel m = Compile(WithStatements());
  const int denuc = m.index().Find("denuc");
  const Evaluation e = m.Evaluate(0, denuc);
  EXPECT_EQ(e.vote, v1::VOTE_SUPPORT);
  // Both statements covering the proposal, in rule order.
  EXPECT_EQ(e.statement,
            "joins on the understanding that the peninsula as a whole is "
            "meant; the step does not prejudge a peace regime");
  // The statement is not the deciding rule: the utility decided.
  EXPECT_THAT(e.rule, IsEmpty());
}

TEST(StatementTest, AConditionalStatementIsMadeOnlyWhileItsConditionHolds) {
  const CompiledModel m = Compile(WithStatements());
  const int verif = m.index().Find("verif");
  const ProposalSet assured = Bit(m.index().Find("assure"));
  // Before assurance the party objects: an objection carries no statement.
  Evaluation e = m.Evaluate(0, verif);
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.statement, IsEmpty());
  // Once assured it abstains (the concession) and says how it reads the step.
  e = m.Evaluate(assured, verif);
  EXPECT_EQ(e.vote, v1::VOTE_ABSTAIN);
  EXPECT_EQ(e.rule, "verify_once_assured");
  EXPECT_EQ(e.statement, "verification is read as reciprocal");
}

TEST(StatementTest, StatementsNeverChangeAVote) {
  const CompiledModel plain = Compile(Base());
  const CompiledModel stated = Compile(WithStatements());
  const int n = plain.index().size();
  for (ProposalSet adopted = 0; adopted < (ProposalSet{1} << n); ++adopted) {
    for (int p = 0; p < n; ++p) {
      if (adopted & Bit(p)) continue;
      EXPECT_EQ(stated.Vote(adopted, p), plain.Vote(adopted, p))
          << "set " << adopted << " proposal " << p;
      const Evaluation a = plain.Evaluate(adopted, p);
      const Evaluation b = stated.Evaluate(adopted, p);
      EXPECT_EQ(b.vote, a.vote);
      EXPECT_EQ(b.rule, a.rule);
      EXPECT_EQ(b.rationale, a.rationale);
      EXPECT_EQ(b.conditions, a.conditions);
      EXPECT_THAT(a.statement, IsEmpty());
    }
  }
}

TEST(StatementTest, AStatementOnAnObjectedProposalIsNotRecorded) {
  v1::InterestModel model = WithStatements();
  // Make the party object to denuc outright.
  model.mutable_positions(1)->set_ideal(0);
  const CompiledModel m = Compile(model);
  const Evaluation e = m.Evaluate(0, m.index().Find("denuc"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.statement, IsEmpty());
}

}  // namespace
}  // namespace concert::party
