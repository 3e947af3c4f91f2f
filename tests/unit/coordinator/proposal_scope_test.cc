// How ResolveForum applies the rule to each proposal: an exemption only
// where the rule recognises the proposal's procedure (the Prague rule for
// violation measures, the Stockholm rule for directed conciliation), never
// merely because a proposal concerns a party; decided_by and the silence
// procedure whatever the rule.
#include "gtest/gtest.h"
#include "services/coordinator/core/forum_context.h"
#include "tests/support/forums.h"

namespace concert::coordinator {
namespace {

constexpr std::uint64_t Bit(int i) { return std::uint64_t{1} << i; }

// The scope of proposal 0, made a `procedure` concerning P1 (and P2 for a
// conciliation), under `kind`.
ProposalScope ScopeUnder(v1::DecisionRule::Kind kind,
                         v1::Proposal::Procedure procedure) {
  v1::CharterDraft draft = testing::MakeDraft(2);
  v1::Proposal* p = draft.mutable_proposals(0);
  p->set_procedure(procedure);
  p->add_concerns("P1");
  if (procedure == v1::Proposal::DIRECTED_CONCILIATION) p->add_concerns("P2");
  absl::StatusOr<ForumContext> forum =
      ResolveForum(testing::MakeScenario(4, kind), draft, "", {});
  EXPECT_TRUE(forum.ok()) << forum.status();
  return forum.ok() ? forum->scopes[0] : ProposalScope();
}

TEST(ProposalScopeTest, ConcernsAloneExemptNobody) {
  for (auto kind : {v1::DecisionRule::CONSENSUS_MINUS_ONE,
                    v1::DecisionRule::CONSENSUS_MINUS_TWO}) {
    const ProposalScope scope =
        ScopeUnder(kind, v1::Proposal::PROCEDURE_UNSPECIFIED);
    EXPECT_EQ(scope.exempt, 0u);
    EXPECT_EQ(scope.deciding & 0xf, 0xfu);
    EXPECT_FALSE(scope.silence);
  }
}

TEST(ProposalScopeTest, ViolationMeasureUnderConsensusMinusOneOrTwo) {
  for (auto kind : {v1::DecisionRule::CONSENSUS_MINUS_ONE,
                    v1::DecisionRule::CONSENSUS_MINUS_TWO}) {
    const ProposalScope scope =
        ScopeUnder(kind, v1::Proposal::VIOLATION_MEASURE);
    EXPECT_EQ(scope.exempt, Bit(1));
    EXPECT_EQ(scope.exempt_limit, 1);
  }
  // Plain consensus and unanimity know no such exemption.
  for (auto kind : {v1::DecisionRule::CONSENSUS, v1::DecisionRule::UNANIMITY}) {
    EXPECT_EQ(ScopeUnder(kind, v1::Proposal::VIOLATION_MEASURE).exempt, 0u);
  }
}

TEST(ProposalScopeTest, DirectedConciliationUnderConsensusMinusTwoOnly) {
  const ProposalScope two = ScopeUnder(v1::DecisionRule::CONSENSUS_MINUS_TWO,
                                       v1::Proposal::DIRECTED_CONCILIATION);
  EXPECT_EQ(two.exempt, Bit(1) | Bit(2));
  EXPECT_EQ(two.exempt_limit, 2);
  EXPECT_EQ(ScopeUnder(v1::DecisionRule::CONSENSUS_MINUS_ONE,
                       v1::Proposal::DIRECTED_CONCILIATION)
                .exempt,
            0u);
}

TEST(ProposalScopeTest, SilenceAndDecidedByWhateverTheRule) {
  EXPECT_TRUE(
      ScopeUnder(v1::DecisionRule::UNANIMITY, v1::Proposal::SILENCE).silence);
  v1::CharterDraft draft = testing::MakeDraft(2);
  draft.mutable_proposals(1)->add_decided_by("P0");
  draft.mutable_proposals(1)->add_decided_by("P3");
  absl::StatusOr<ForumContext> forum =
      ResolveForum(testing::MakeScenario(4), draft, "", {});
  ASSERT_TRUE(forum.ok()) << forum.status();
  EXPECT_EQ(forum->scopes[1].deciding, Bit(0) | Bit(3));
  EXPECT_EQ(forum->scopes[0].deciding, 0xfu);
}

}  // namespace
}  // namespace concert::coordinator
