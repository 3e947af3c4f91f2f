// What-if overlays on a party's model (lift a rule, move a position, change a
// threshold, tolerate a proposal), the rule that decided a vote, and the
// order in which the tabled model is made: variant, overlay, perturbation.
#include "services/party/core/overlay.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "services/party/core/interest_model.h"
#include "services/party/core/perturbation.h"
#include "services/party/core/tabled_model.h"
#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Wants security assurance (sa), dislikes denuclearization (dn) a little;
// will not dismantle before assurance reaches 2 and verification exists;
// takes sanctions once dismantlement is adopted.
v1::InterestModel Model() {
  return Parse<v1::InterestModel>(R"pb(
    positions { dimension: "sa" ideal: 10 salience: 2 }
    positions { dimension: "dn" ideal: 0 salience: 0.5 }
    support_threshold: 0.5
    objection_threshold: 0.5
    rules {
      id: "no_denuc_first"
      kind: RED_LINE
      reason: "no disarmament before assurance"
      covers { tags: "nuclear" }
      condition {
        thresholds { dimension: "sa" comparison: AT_LEAST value: 2 }
        adopted: "verif"
      }
    }
    rules {
      id: "sanctions_after_dismantle"
      kind: CONCESSION
      covers { proposals: "sanction" }
      condition { adopted: "dismantle" }
    }
  )pb");
}

v1::CharterDraft Draft() {
  return Parse<v1::CharterDraft>(R"pb(
    id: "d"
    stages { id: "S" }
    stage_order: FREE
    proposals {
      id: "assure"
      stage: "S"
      effects { dimension: "sa" delta: 2 }
    }
    proposals {
      id: "verif"
      stage: "S"
      effects { dimension: "dn" delta: 0.5 }
    }
    proposals {
      id: "dismantle"
      stage: "S"
      tags: "nuclear"
      effects { dimension: "dn" delta: 2 }
      effects { dimension: "sa" delta: 1 }
    }
    proposals {
      id: "sanction"
      stage: "S"
      effects { dimension: "sa" delta: -1 }
    }
    proposals {
      id: "trade"
      stage: "S"
      effects { dimension: "ec" delta: 1 }
    }
  )pb");
}

constexpr int kAssure = 0, kVerif = 1, kDismantle = 2, kSanction = 3,
              kTrade = 4;

CompiledModel Tabled(const std::string& overlay_text,
                     const v1::Perturbation& perturbation = {}) {
  v1::PartyOverlay overlay = Parse<v1::PartyOverlay>(overlay_text);
  absl::StatusOr<CompiledModel> m =
      CompileTabled(Model(), "DPRK", Draft(), {}, overlay, perturbation);
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

absl::Status TableError(const std::string& overlay_text) {
  return CompileTabled(Model(), "DPRK", Draft(), {},
                       Parse<v1::PartyOverlay>(overlay_text), {})
      .status();
}

TEST(RuleTest, RedLineObjectionNamesTheRule) {
  const CompiledModel m = Tabled("");
  const Evaluation e = m.Evaluate(0, kDismantle);
  EXPECT_EQ(e.vote, v1::VOTE_OBJECT);
  EXPECT_EQ(e.rule, "no_denuc_first");
  v1::EvaluateResponse response;
  ToProto(e, &response);
  EXPECT_EQ(response.rule(), "no_denuc_first");
}

TEST(RuleTest, ConcessionThatAbstainsNamesTheRule) {
  const CompiledModel m = Tabled("");
  const Evaluation e = m.Evaluate(Bit(kDismantle), kSanction);
  EXPECT_EQ(e.vote, v1::VOTE_ABSTAIN);
  EXPECT_EQ(e.rule, "sanctions_after_dismantle");
}

TEST(RuleTest, UtilityDecisionsNameNoRule) {
  const CompiledModel m = Tabled("");
  EXPECT_EQ(m.Evaluate(0, kAssure).vote, v1::VOTE_SUPPORT);
  EXPECT_EQ(m.Evaluate(0, kAssure).rule, "");
  EXPECT_EQ(m.Evaluate(0, kVerif).vote, v1::VOTE_ABSTAIN);
  EXPECT_EQ(m.Evaluate(0, kVerif).rule, "");
  // The utility objects and the concession does not hold yet.
  EXPECT_EQ(m.Evaluate(0, kSanction).vote, v1::VOTE_OBJECT);
  EXPECT_EQ(m.Evaluate(0, kSanction).rule, "");
  // The red line's condition holds: the utility decides again.
  const ProposalSet ready = Bit(kAssure) | Bit(kVerif);
  EXPECT_EQ(m.Evaluate(ready, kDismantle).vote, v1::VOTE_SUPPORT);
  EXPECT_EQ(m.Evaluate(ready, kDismantle).rule, "");
}

TEST(OverlayTest, EmptyOverlayChangesNothing) {
  const v1::PartyOverlay empty;
  EXPECT_TRUE(IsEmptyOverlay(empty));
  absl::StatusOr<OverlaidModel> out = ApplyOverlay(Model(), empty, "DPRK");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->model.SerializeAsString(), Model().SerializeAsString());
  EXPECT_THAT(out->tolerated, IsEmpty());
  // Naming the party and nothing else changes nothing either.
  out = ApplyOverlay(Model(), Parse<v1::PartyOverlay>(R"pb(party: "DPRK")pb"),
                     "DPRK");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->model.SerializeAsString(), Model().SerializeAsString());
}

TEST(OverlayTest, LiftingTheRedLineLiftsTheObjection) {
  const CompiledModel m =
      Tabled(R"pb(party: "DPRK" lift_rules: "no_denuc_first")pb");
  const Evaluation e = m.Evaluate(0, kDismantle);
  EXPECT_EQ(e.vote, v1::VOTE_SUPPORT);  // du = 2 * 1 - 0.5 * 2 = 1
  EXPECT_EQ(e.rule, "");
  // The other rule stays.
  EXPECT_EQ(m.Evaluate(Bit(kDismantle), kSanction).vote, v1::VOTE_ABSTAIN);
}

TEST(OverlayTest, LiftingAConcessionRestoresTheObjection) {
  const CompiledModel m =
      Tabled(R"pb(party: "DPRK" lift_rules: "sanctions_after_dismantle")pb");
  EXPECT_EQ(m.Evaluate(Bit(kDismantle), kSanction).vote, v1::VOTE_OBJECT);
}

TEST(OverlayTest, ToleratedProposalsGetAtWorstAnAbstention) {
  const CompiledModel m = Tabled(
      R"pb(party: "DPRK"
           tolerate: "sanction"
           tolerate: "dismantle"
           tolerate: "assure")pb");
  // An objection by utility, and one by red line, become abstentions.
  const Evaluation sanction = m.Evaluate(0, kSanction);
  EXPECT_EQ(sanction.vote, v1::VOTE_ABSTAIN);
  EXPECT_THAT(sanction.rationale, HasSubstr("concedes sanction (what-if)"));
  EXPECT_THAT(sanction.conditions, IsEmpty());
  EXPECT_EQ(sanction.rule, "");
  EXPECT_EQ(m.Vote(0, kSanction), v1::VOTE_ABSTAIN);
  const Evaluation dismantle = m.Evaluate(0, kDismantle);
  EXPECT_EQ(dismantle.vote, v1::VOTE_ABSTAIN);
  EXPECT_THAT(dismantle.rationale,
              HasSubstr("concedes dismantle (what-if); would object: red line "
                        "no_denuc_first"));
  EXPECT_EQ(m.Vote(0, kDismantle), v1::VOTE_ABSTAIN);
  // Support stays support: "at worst".
  EXPECT_EQ(m.Evaluate(0, kAssure).vote, v1::VOTE_SUPPORT);
  EXPECT_EQ(m.Vote(0, kAssure), v1::VOTE_SUPPORT);
}

TEST(OverlayTest, VoteAndEvaluateAgreeUnderAnOverlay) {
  const CompiledModel m = Tabled(
      R"pb(party: "DPRK"
           tolerate: "dismantle"
           positions { dimension: "ec" ideal: 3 salience: 1 }
           objection_threshold: 0.1)pb");
  const int n = m.index().size();
  for (ProposalSet s = 0; s < (ProposalSet{1} << n); ++s) {
    for (int p = 0; p < n; ++p) {
      if (Contains(s, p)) continue;
      EXPECT_EQ(m.Vote(s, p), m.Evaluate(s, p).vote) << s << " " << p;
    }
  }
}

TEST(OverlayTest, PositionsReplaceIdealAndSalience) {
  // No salience on sa: assurance is worth nothing, so no support.
  EXPECT_EQ(Tabled(R"pb(party: "DPRK"
                        positions { dimension: "sa" salience: 0 })pb")
                .Evaluate(0, kAssure)
                .vote,
            v1::VOTE_ABSTAIN);
  // An ideal of 10 on dn with salience 2: verification is now wanted.
  const CompiledModel m =
      Tabled(R"pb(party: "DPRK"
                  positions { dimension: "dn" ideal: 10 salience: 2 })pb");
  EXPECT_EQ(m.Evaluate(0, kVerif).vote, v1::VOTE_SUPPORT);
  EXPECT_DOUBLE_EQ(m.Evaluate(0, kVerif).utility_change, 1.0);
  // Only the ideal: the salience stays 0.5.
  EXPECT_DOUBLE_EQ(Tabled(R"pb(party: "DPRK"
                               positions { dimension: "dn" ideal: 10 })pb")
                       .Evaluate(0, kVerif)
                       .utility_change,
                   0.25);
}

TEST(OverlayTest, ANewPositionIsAdded) {
  EXPECT_EQ(Tabled("").Evaluate(0, kTrade).vote, v1::VOTE_ABSTAIN);
  const CompiledModel m =
      Tabled(R"pb(party: "DPRK"
                  positions { dimension: "ec" ideal: 5 salience: 1 })pb");
  EXPECT_EQ(m.Evaluate(0, kTrade).vote, v1::VOTE_SUPPORT);
  // Without a salience, a new position weighs nothing.
  absl::StatusOr<OverlaidModel> out =
      ApplyOverlay(Model(), Parse<v1::PartyOverlay>(R"pb(
                     party: "DPRK"
                     positions { dimension: "ec" ideal: 5 })pb"),
                   "DPRK");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->model.positions_size(), 3);
  EXPECT_EQ(out->model.positions(2).dimension(), "ec");
  EXPECT_EQ(out->model.positions(2).ideal(), 5);
  EXPECT_EQ(out->model.positions(2).salience(), 0);
}

TEST(OverlayTest, ThresholdsAreReplaced) {
  const CompiledModel m = Tabled(R"pb(party: "DPRK"
                                      support_threshold: 5
                                      objection_threshold: 3)pb");
  EXPECT_EQ(m.Evaluate(0, kAssure).vote, v1::VOTE_ABSTAIN);    // du 4 < 5
  EXPECT_EQ(m.Evaluate(0, kSanction).vote, v1::VOTE_ABSTAIN);  // -2 >= -3
  // 0 is a threshold too (set, not absent).
  EXPECT_EQ(Tabled(R"pb(party: "DPRK" objection_threshold: 0)pb")
                .Evaluate(0, kVerif)
                .vote,
            v1::VOTE_OBJECT);  // du -0.25 < 0
}

TEST(OverlayTest, Errors) {
  struct Case {
    const char* overlay;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"pb(party: "RUS" lift_rules: "no_denuc_first")pb",
            "an overlay naming party 'RUS' was handed to party DPRK"},
           {R"pb(lift_rules: "no_denuc_first")pb",
            "an overlay naming party '' was handed to party DPRK"},
           {R"pb(party: "DPRK" lift_rules: "nope")pb",
            "overlay for DPRK: lifts unknown rule 'nope' (its rules: "
            "no_denuc_first, sanctions_after_dismantle)"},
           {R"pb(party: "DPRK" tolerate: "nope")pb",
            "overlay for DPRK: tolerates unknown proposal 'nope' (not in "
            "draft 'd')"},
           {R"pb(party: "DPRK"
                 positions { dimension: "sa" salience: -1 })pb",
            "salience on 'sa' must be finite and >= 0"},
           {R"pb(party: "DPRK"
                 positions { dimension: "sa" salience: inf })pb",
            "salience on 'sa' must be finite and >= 0"},
           {R"pb(party: "DPRK"
                 positions { dimension: "sa" ideal: nan })pb",
            "ideal on 'sa' is not finite"},
           {R"pb(party: "DPRK"
                 positions { ideal: 1 })pb",
            "names no dimension"},
           {R"pb(party: "DPRK" support_threshold: -0.1)pb",
            "support threshold must be finite and >= 0"},
           {R"pb(party: "DPRK" objection_threshold: inf)pb",
            "objection threshold must be finite and >= 0"},
       }) {
    const absl::Status status = TableError(c.overlay);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.overlay;
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << c.overlay;
    EXPECT_EQ(std::string(status.message()).find('\n'), std::string::npos);
  }
}

TEST(OverlayTest, CompileRefusesAnUnknownToleratedProposal) {
  const std::string tolerated[] = {"nope"};
  absl::StatusOr<CompiledModel> m = CompiledModel::Compile(
      Model(), Draft(), std::vector<v1::DimensionValue>{}, tolerated);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr("'nope'"));
}

TEST(TabledModelTest, OverlayComesBeforeThePerturbation) {
  // The overlay's new position is perturbed with the others: the tabled
  // model is Perturb(ApplyOverlay(model)).
  const char* overlay_text =
      R"pb(party: "DPRK"
           positions { dimension: "ec" ideal: 5 salience: 1 }
           support_threshold: 1)pb";
  v1::Perturbation perturbation;
  perturbation.set_seed(42);
  perturbation.set_spread(0.5);
  const CompiledModel tabled = Tabled(overlay_text, perturbation);

  absl::StatusOr<OverlaidModel> overlaid =
      ApplyOverlay(Model(), Parse<v1::PartyOverlay>(overlay_text), "DPRK");
  ASSERT_TRUE(overlaid.ok());
  absl::StatusOr<v1::InterestModel> perturbed =
      Perturb(overlaid->model, perturbation, "DPRK");
  ASSERT_TRUE(perturbed.ok());
  absl::StatusOr<CompiledModel> manual = CompiledModel::Compile(
      *perturbed, Draft(), std::vector<v1::DimensionValue>{});
  ASSERT_TRUE(manual.ok());
  for (int p = 0; p < tabled.index().size(); ++p) {
    const Evaluation a = tabled.Evaluate(0, p);
    const Evaluation b = manual->Evaluate(0, p);
    EXPECT_EQ(a.vote, b.vote) << p;
    EXPECT_EQ(a.utility_change, b.utility_change) << p;
    EXPECT_EQ(a.rationale, b.rationale) << p;
  }
  // And the perturbation did change something.
  EXPECT_NE(tabled.Evaluate(0, kTrade).utility_change,
            Tabled(overlay_text).Evaluate(0, kTrade).utility_change);
}

TEST(TabledModelTest, BadPerturbationIsInvalid) {
  v1::Perturbation perturbation;
  perturbation.set_spread(-1);
  const absl::Status status =
      CompileTabled(Model(), "DPRK", Draft(), {}, {}, perturbation).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("spread"));
}

}  // namespace
}  // namespace concert::party
