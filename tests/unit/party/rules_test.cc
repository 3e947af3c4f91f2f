// The rules of the interest model: red lines, concessions, their coverage,
// their order, the rationale naming them and the conditions they report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/party/core/interest_model.h"
#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Proposals over security_assurance (sa), denuclearization (dn) and
// normalization (nm); the party likes all three up (ideal 10, salience 1),
// so utility alone supports every move up and objects to every move down.
v1::CharterDraft Draft() {
  return Parse<v1::CharterDraft>(R"pb(
    id: "d"
    stages { id: "S1" }
    stage_order: FREE
    proposals {
      id: "assure1"
      stage: "S1"
      effects { dimension: "sa" delta: 2 }
    }
    proposals {
      id: "assure2"
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
      effects { dimension: "dn" delta: 3 }
    }
    proposals {
      id: "small_denuc"
      stage: "S1"
      effects { dimension: "dn" delta: 1 }
    }
    proposals {
      id: "cut1"
      stage: "S1"
      effects { dimension: "nm" delta: -1 }
    }
    proposals {
      id: "cut2"
      stage: "S1"
      effects { dimension: "nm" delta: -2 }
    }
    proposals {
      id: "cut3"
      stage: "S1"
      effects { dimension: "nm" delta: -3 }
    }
    proposals {
      id: "normalize"
      stage: "S1"
      effects { dimension: "nm" delta: 1 }
    }
  )pb");
}

CompiledModel Compile(const std::string& rules) {
  v1::InterestModel model = Parse<v1::InterestModel>(R"pb(
    positions { dimension: "sa" ideal: 10 salience: 1 }
    positions { dimension: "dn" ideal: 10 salience: 1 }
    positions { dimension: "nm" ideal: 10 salience: 1 }
    support_threshold: 0.5
    objection_threshold: 0.5
  )pb");
  model.MergeFrom(Parse<v1::InterestModel>(rules));
  absl::StatusOr<CompiledModel> m =
      CompiledModel::Compile(model, Draft(), std::vector<v1::DimensionValue>{});
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

class Rules : public ::testing::Test {
 protected:
  int I(const char* id) const { return index_.Find(id); }
  ProposalSet Set(std::initializer_list<const char*> ids) const {
    ProposalSet s = 0;
    for (const char* id : ids) s |= Bit(index_.Find(id));
    return s;
  }
  DraftIndex index_ = *DraftIndex::Build(Draft());
};

TEST_F(Rules, RedLineObjectsUntilItsConditionHolds) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "no_denuc_first"
      kind: RED_LINE
      reason: "no disarmament before assurance"
      covers { moves { dimension: "dn" direction: UP } }
      condition {
        thresholds { dimension: "sa" comparison: AT_LEAST value: 4 }
        adopted: "verif"
      }
    }
  )pb");
  Evaluation e = m.Evaluate(0, I("denuc"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_DOUBLE_EQ(e.utility_change, 3.0);  // utility alone would support
  EXPECT_EQ(e.rationale,
            "red line no_denuc_first: no disarmament before assurance");
  EXPECT_THAT(e.conditions, ElementsAre("sa >= 4", "adopt verif"));

  // sa = 2: still below; sa = 4 and verif missing: only verif is left.
  EXPECT_THAT(m.Evaluate(Set({"assure1"}), I("denuc")).conditions,
              ElementsAre("sa >= 4", "adopt verif"));
  e = m.Evaluate(Set({"assure1", "assure2"}), I("denuc"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.conditions, ElementsAre("adopt verif"));

  const ProposalSet ready = Set({"assure1", "assure2", "verif"});
  EXPECT_EQ(m.Vote(ready, I("denuc")), v1::VOTE_SUPPORT);
  e = m.Evaluate(ready, I("denuc"));
  EXPECT_EQ(e.vote, v1::VOTE_SUPPORT);
  EXPECT_THAT(e.conditions, IsEmpty());
  // Uncovered proposals are left to utility.
  EXPECT_EQ(m.Vote(0, I("assure1")), v1::VOTE_SUPPORT);
}

TEST_F(Rules, AtMostThreshold) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "cap"
      kind: RED_LINE
      covers { proposals: "denuc" }
      condition { thresholds { dimension: "sa" comparison: AT_MOST value: 2 } }
    }
  )pb");
  EXPECT_EQ(m.Vote(Set({"assure1"}), I("denuc")),
            v1::VOTE_SUPPORT);  // sa = 2 <= 2
  EXPECT_EQ(m.Vote(Set({"assure1", "assure2"}), I("denuc")), v1::VOTE_OBJECT);
  EXPECT_THAT(m.Evaluate(Set({"assure1", "assure2"}), I("denuc")).conditions,
              ElementsAre("sa <= 2"));
}

TEST_F(Rules, EmptyConditionNeverHolds) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "never"
      kind: RED_LINE
      reason: "off the table"
      covers { tags: "nuclear" }
    }
  )pb");
  const ProposalSet all = index_.all() & ~Bit(I("denuc"));
  EXPECT_EQ(m.Vote(all, I("denuc")), v1::VOTE_OBJECT);
  const Evaluation e = m.Evaluate(all, I("denuc"));
  EXPECT_EQ(e.rationale, "red line never: off the table");
  EXPECT_THAT(e.conditions, IsEmpty());  // nothing would help
}

TEST_F(Rules, CoverageById) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { proposals: "assure2" proposals: "not_in_draft" }
    }
  )pb");
  EXPECT_EQ(m.Vote(0, I("assure1")), v1::VOTE_SUPPORT);
  EXPECT_EQ(m.Vote(0, I("assure2")), v1::VOTE_OBJECT);
}

TEST_F(Rules, CoverageByTag) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { tags: "nuclear" }
    }
  )pb");
  EXPECT_EQ(m.Vote(0, I("denuc")), v1::VOTE_OBJECT);
  EXPECT_EQ(m.Vote(0, I("small_denuc")),
            v1::VOTE_SUPPORT);  // same move, no tag
}

TEST_F(Rules, CoverageByMoveHonoursAtLeast) {
  const CompiledModel down2 = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { moves { dimension: "nm" direction: DOWN at_least: 2 } }
    }
  )pb");
  // Utility objects to every cut; a covered one is decided by the red line.
  EXPECT_THAT(down2.Evaluate(0, I("cut1")).rationale,
              HasSubstr("losses on nm"));
  EXPECT_EQ(down2.Evaluate(0, I("cut2")).rationale, "red line r");
  EXPECT_EQ(down2.Evaluate(0, I("cut3")).rationale, "red line r");
  EXPECT_THAT(down2.Evaluate(0, I("normalize")).rationale,
              HasSubstr("gains on nm"));

  const CompiledModel any_up = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { moves { dimension: "dn" direction: UP } }
    }
  )pb");
  EXPECT_EQ(any_up.Vote(0, I("small_denuc")), v1::VOTE_OBJECT);
  EXPECT_EQ(any_up.Vote(0, I("denuc")), v1::VOTE_OBJECT);
  EXPECT_EQ(any_up.Vote(0, I("assure1")), v1::VOTE_SUPPORT);

  const CompiledModel up2 = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { moves { dimension: "dn" direction: UP at_least: 2 } }
    }
  )pb");
  EXPECT_EQ(up2.Vote(0, I("small_denuc")), v1::VOTE_SUPPORT);
  EXPECT_EQ(up2.Vote(0, I("denuc")), v1::VOTE_OBJECT);
}

TEST_F(Rules, ConcessionTurnsObjectionIntoAbstention) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "tolerate_verif"
      kind: CONCESSION
      reason: "verification once normalized"
      covers { tags: "verification" }
      condition { adopted: "normalize" }
    }
  )pb");
  Evaluation e = m.Evaluate(0, I("verif"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_DOUBLE_EQ(e.utility_change, -1.0);
  EXPECT_THAT(e.rationale, HasSubstr("losses on nm (-1)"));
  EXPECT_THAT(e.conditions, ElementsAre("adopt normalize"));

  e = m.Evaluate(Set({"normalize"}), I("verif"));
  EXPECT_EQ(e.vote, v1::VOTE_ABSTAIN);
  EXPECT_THAT(
      e.rationale,
      HasSubstr("concession tolerate_verif: verification once normalized"));
  EXPECT_THAT(e.conditions, IsEmpty());
  // A concession never lowers a vote.
  const CompiledModel on_support = Compile(R"pb(
    rules {
      id: "c"
      kind: CONCESSION
      covers { proposals: "assure1" }
      condition { adopted: "normalize" }
    }
  )pb");
  EXPECT_EQ(on_support.Vote(Set({"normalize"}), I("assure1")),
            v1::VOTE_SUPPORT);
}

TEST_F(Rules, RulesApplyInOrder) {
  // A red line after a concession has the last word...
  const CompiledModel red_last = Compile(R"pb(
    rules {
      id: "c"
      kind: CONCESSION
      covers { proposals: "verif" }
      condition { adopted: "normalize" }
    }
    rules {
      id: "r"
      kind: RED_LINE
      covers { proposals: "verif" }
      condition { adopted: "assure1" }
    }
  )pb");
  EXPECT_EQ(red_last.Vote(Set({"normalize"}), I("verif")), v1::VOTE_OBJECT);
  EXPECT_EQ(red_last.Evaluate(Set({"normalize"}), I("verif")).rationale,
            "red line r");
  EXPECT_THAT(red_last.Evaluate(Set({"normalize"}), I("verif")).conditions,
              ElementsAre("adopt assure1"));
  EXPECT_EQ(red_last.Vote(Set({"normalize", "assure1"}), I("verif")),
            v1::VOTE_ABSTAIN);

  // ...and a concession after a red line softens it.
  const CompiledModel concession_last = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { proposals: "assure1" }
      condition { adopted: "verif" }
    }
    rules {
      id: "c"
      kind: CONCESSION
      covers { proposals: "assure1" }
      condition { adopted: "normalize" }
    }
  )pb");
  EXPECT_EQ(concession_last.Vote(0, I("assure1")), v1::VOTE_OBJECT);
  EXPECT_EQ(concession_last.Vote(Set({"normalize"}), I("assure1")),
            v1::VOTE_ABSTAIN);
  EXPECT_EQ(concession_last.Vote(Set({"verif"}), I("assure1")),
            v1::VOTE_SUPPORT);
}

TEST_F(Rules, ConditionsOfSeveralObjectionsAddUp) {
  // A utility objection (verif lowers nm) and a red line: lifting the vote
  // needs the covering concession's condition and the red line's.
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "c"
      kind: CONCESSION
      covers { proposals: "verif" }
      condition { adopted: "normalize" }
    }
    rules {
      id: "r"
      kind: RED_LINE
      covers { proposals: "verif" }
      condition { thresholds { dimension: "sa" comparison: AT_LEAST value: 2 } }
    }
  )pb");
  Evaluation e = m.Evaluate(0, I("verif"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_EQ(e.rationale, "red line r");
  EXPECT_THAT(e.conditions, ElementsAre("sa >= 2", "adopt normalize"));

  e = m.Evaluate(Set({"assure1"}), I("verif"));  // the red line is satisfied
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.rationale, HasSubstr("losses on nm"));
  EXPECT_THAT(e.conditions, ElementsAre("adopt normalize"));

  e = m.Evaluate(Set({"normalize"}), I("verif"));  // the concession holds
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.conditions, ElementsAre("sa >= 2"));

  EXPECT_EQ(m.Vote(Set({"normalize", "assure1"}), I("verif")),
            v1::VOTE_ABSTAIN);
}

TEST_F(Rules, ConditionNamingAProposalOutsideTheDraftNeverHolds) {
  const CompiledModel m = Compile(R"pb(
    rules {
      id: "r"
      kind: RED_LINE
      covers { proposals: "denuc" }
      condition { adopted: "peace_treaty" }
    }
  )pb");
  const Evaluation e = m.Evaluate(index_.all() & ~Bit(I("denuc")), I("denuc"));
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_THAT(e.conditions,
              ElementsAre("adopt peace_treaty (not in this draft)"));
}

}  // namespace
}  // namespace concert::party
