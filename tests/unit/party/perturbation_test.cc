// The perturbation of a party's model: a documented algorithm that parties in
// other languages reproduce, so its draws are pinned by golden numbers (they
// were computed by an independent reimplementation of the header's
// description); a change of algorithm must fail here.
#include "services/party/core/perturbation.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tests/support/parse.h"

namespace concert::party {
namespace {

using ::concert::testing::Parse;
using ::testing::HasSubstr;

v1::InterestModel Model() {
  return Parse<v1::InterestModel>(R"pb(
    positions { dimension: "security_assurance" ideal: 2 salience: 1 }
    positions { dimension: "denuclearization" ideal: -1 salience: 0.5 }
    positions { dimension: "normalization" ideal: 0 salience: 2 }
    support_threshold: 0.5
    objection_threshold: 0.25
    rules {
      id: "r"
      kind: RED_LINE
      covers { tags: "nuclear" }
    }
  )pb");
}

v1::Perturbation Perturbation(std::uint64_t seed, double spread) {
  v1::Perturbation p;
  p.set_seed(seed);
  p.set_spread(spread);
  return p;
}

TEST(PerturbationTest, Fnv1a64IsTheStandardHash) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("RUS"), 0xa028ed19fedb7769ULL);
}

TEST(PerturbationTest, SplitMix64IsTheReferenceStream) {
  // splitmix64's published first output for seed 0.
  EXPECT_EQ(SplitMix64(0).Next(), 0xe220a8397b1dcdafULL);
  SplitMix64 stream(42);
  EXPECT_EQ(stream.Next(), 0xbdd732262feb6e95ULL);
  EXPECT_EQ(stream.Next(), 0x28efe333b266f103ULL);
  EXPECT_EQ(stream.Next(), 0x47526757130f9f52ULL);
}

TEST(PerturbationTest, SignedDrawsStayInMinusOneToOne) {
  SplitMix64 stream(7);
  for (int i = 0; i < 10000; ++i) {
    const double u = stream.NextSigned();
    ASSERT_GE(u, -1.0);
    ASSERT_LT(u, 1.0);
  }
}

// seed 42, spread 0.5, party RUS: every value exactly as the algorithm gives.
TEST(PerturbationTest, GoldenDraws) {
  absl::StatusOr<v1::InterestModel> p =
      Perturb(Model(), Perturbation(42, 0.5), "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->positions_size(), 3);
  EXPECT_EQ(p->positions(0).dimension(), "security_assurance");
  EXPECT_EQ(p->positions(0).ideal(), 0x1.8477610baf4d5p+0);  // 1.51744658...
  EXPECT_EQ(p->positions(0).salience(), 0x1.0a2db59b2375cp+0);
  EXPECT_EQ(p->positions(1).ideal(), -0x1.0566e49355d53p+0);
  EXPECT_EQ(p->positions(1).salience(), 0x1.07fcbb90bb546p-1);
  EXPECT_EQ(p->positions(2).ideal(), 0x1.198f254782a8ep-2);
  EXPECT_EQ(p->positions(2).salience(), 0x1.4901222ba5826p+0);
  EXPECT_EQ(p->support_threshold(), 0x1.3fb094bda9488p-2);
  EXPECT_EQ(p->objection_threshold(), 0x1.9f79072b21cb0p-5);
  // Rules are left alone.
  ASSERT_EQ(p->rules_size(), 1);
  EXPECT_EQ(p->rules(0).id(), "r");
}

TEST(PerturbationTest, AnotherPartyDrawsOtherwise) {
  absl::StatusOr<v1::InterestModel> rus =
      Perturb(Model(), Perturbation(42, 0.5), "RUS");
  absl::StatusOr<v1::InterestModel> usa =
      Perturb(Model(), Perturbation(42, 0.5), "USA");
  ASSERT_TRUE(rus.ok() && usa.ok());
  EXPECT_EQ(usa->positions(0).ideal(), 0x1.02327578c18fap+1);  // 2.01716488...
  EXPECT_EQ(usa->support_threshold(), 0x1.bd02d526331bbp-1);
  EXPECT_NE(rus->positions(0).ideal(), usa->positions(0).ideal());
  EXPECT_NE(rus->SerializeAsString(), usa->SerializeAsString());
}

TEST(PerturbationTest, SameInputsSameModel) {
  absl::StatusOr<v1::InterestModel> a =
      Perturb(Model(), Perturbation(9, 0.3), "JPN");
  absl::StatusOr<v1::InterestModel> b =
      Perturb(Model(), Perturbation(9, 0.3), "JPN");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->SerializeAsString(), b->SerializeAsString());
  absl::StatusOr<v1::InterestModel> other_seed =
      Perturb(Model(), Perturbation(10, 0.3), "JPN");
  ASSERT_TRUE(other_seed.ok());
  EXPECT_NE(a->SerializeAsString(), other_seed->SerializeAsString());
}

TEST(PerturbationTest, SpreadZeroIsTheIdentityBitForBit) {
  v1::InterestModel model = Model();
  // Values a draw would change even at spread 0: a negative threshold (the
  // clamp) and a negative zero (0 + 0 * u is +0).
  model.set_objection_threshold(-0.5);
  model.mutable_positions(2)->set_ideal(-0.0);
  for (const v1::Perturbation& p :
       {Perturbation(42, 0), Perturbation(0, 0), v1::Perturbation()}) {
    absl::StatusOr<v1::InterestModel> out = Perturb(model, p, "RUS");
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(out->SerializeAsString(), model.SerializeAsString());
    EXPECT_TRUE(std::signbit(out->positions(2).ideal()));
  }
}

TEST(PerturbationTest, ClampsSalienceAndThresholdsAtZero) {
  // A spread of 10 moves saliences by factors in [-9, 11) and thresholds by
  // up to 10: many draws fall below 0, none may stay there.
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    absl::StatusOr<v1::InterestModel> p =
        Perturb(Model(), Perturbation(seed, 10), "DPRK");
    ASSERT_TRUE(p.ok());
    for (const auto& position : p->positions()) {
      EXPECT_GE(position.salience(), 0);
    }
    EXPECT_GE(p->support_threshold(), 0);
    EXPECT_GE(p->objection_threshold(), 0);
  }
}

TEST(PerturbationTest, RefusesNegativeOrNonFiniteSpread) {
  for (const double spread : {-0.1, std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN()}) {
    absl::StatusOr<v1::InterestModel> p =
        Perturb(Model(), Perturbation(1, spread), "RUS");
    ASSERT_FALSE(p.ok()) << spread;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(p.status().message(), HasSubstr("spread"));
  }
}

// The model above with rule conditions: two thresholds in the first rule,
// one in the second, one rule without a condition between them.
v1::InterestModel ModelWithConditions() {
  v1::InterestModel model = Model();
  model.clear_rules();
  *model.add_rules() = Parse<v1::PartyRule>(R"pb(
    id: "a"
    kind: RED_LINE
    covers { tags: "nuclear" }
    condition {
      thresholds { dimension: "normalization" comparison: AT_LEAST value: 3 }
      thresholds { dimension: "denuclearization" comparison: AT_MOST value: -1 }
    }
  )pb");
  *model.add_rules() = Parse<v1::PartyRule>(R"pb(
    id: "b"
    kind: STATEMENT
    covers { tags: "x" }
    reason: "why"
  )pb");
  *model.add_rules() = Parse<v1::PartyRule>(R"pb(
    id: "c"
    kind: CONCESSION
    covers { tags: "y" }
    condition {
      thresholds {
        dimension: "security_assurance"
        comparison: AT_LEAST
        value: 0.5
      }
    }
  )pb");
  return model;
}

// GoldenDraws' values (seed 42, spread 0.5, party RUS), positions then
// thresholds, for the tests below that must leave them where they were.
void ExpectGoldenSalienceAndThresholds(const v1::InterestModel& p) {
  ASSERT_EQ(p.positions_size(), 3);
  EXPECT_EQ(p.positions(0).salience(), 0x1.0a2db59b2375cp+0);
  EXPECT_EQ(p.positions(1).salience(), 0x1.07fcbb90bb546p-1);
  EXPECT_EQ(p.positions(2).salience(), 0x1.4901222ba5826p+0);
  EXPECT_EQ(p.support_threshold(), 0x1.3fb094bda9488p-2);
  EXPECT_EQ(p.objection_threshold(), 0x1.9f79072b21cb0p-5);
}

void ExpectGoldenIdeals(const v1::InterestModel& p) {
  ASSERT_EQ(p.positions_size(), 3);
  EXPECT_EQ(p.positions(0).ideal(), 0x1.8477610baf4d5p+0);
  EXPECT_EQ(p.positions(1).ideal(), -0x1.0566e49355d53p+0);
  EXPECT_EQ(p.positions(2).ideal(), 0x1.198f254782a8ep-2);
}

// The behaviour before per-component sizes, pinned: a perturbation with
// only `spread` (condition_spread unset) draws what it always drew, leaves
// rule conditions as written, and equals one that sets every component to
// the same size.
TEST(PerturbationTest, SpreadAloneDrawsAsBeforeComponents) {
  const v1::InterestModel model = ModelWithConditions();
  absl::StatusOr<v1::InterestModel> p =
      Perturb(model, Perturbation(42, 0.5), "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  ExpectGoldenIdeals(*p);
  ExpectGoldenSalienceAndThresholds(*p);
  EXPECT_EQ(p->rules(0).condition().SerializeAsString(),
            model.rules(0).condition().SerializeAsString());
  EXPECT_EQ(p->rules(2).condition().SerializeAsString(),
            model.rules(2).condition().SerializeAsString());
  EXPECT_FALSE(p->rules(1).has_condition());

  v1::Perturbation explicit_sizes = Perturbation(42, 0.5);
  explicit_sizes.set_ideal_spread(0.5);
  explicit_sizes.set_salience_spread(0.5);
  explicit_sizes.set_threshold_spread(0.5);
  explicit_sizes.set_condition_spread(0);
  absl::StatusOr<v1::InterestModel> q = Perturb(model, explicit_sizes, "RUS");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->SerializeAsString(), p->SerializeAsString());
}

// seed 42, party RUS, ideals +-1, saliences +-20%, thresholds +-0.5,
// conditions +-0.5, `spread` 0: every value as the algorithm gives (golden
// numbers from the independent reimplementation).
TEST(PerturbationTest, GoldenComponentDraws) {
  v1::Perturbation sizes = Perturbation(42, 0);
  sizes.set_ideal_spread(1);
  sizes.set_salience_spread(0.2);
  sizes.set_threshold_spread(0.5);
  sizes.set_condition_spread(0.5);
  absl::StatusOr<v1::InterestModel> p =
      Perturb(ModelWithConditions(), sizes, "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->positions(0).ideal(), 0x1.08eec2175e9aap+0);
  EXPECT_EQ(p->positions(0).salience(), 0x1.041248a474958p+0);
  EXPECT_EQ(p->positions(1).ideal(), -0x1.0acdc926abaa6p+0);
  EXPECT_EQ(p->positions(1).salience(), 0x1.0331e4a04aee9p-1);
  EXPECT_EQ(p->positions(2).ideal(), 0x1.198f254782a8ep-1);
  EXPECT_EQ(p->positions(2).salience(), 0x1.b6cd40de42342p+0);
  // Thresholds at 0.5 as in GoldenDraws: the same draws, the same values.
  EXPECT_EQ(p->support_threshold(), 0x1.3fb094bda9488p-2);
  EXPECT_EQ(p->objection_threshold(), 0x1.9f79072b21cb0p-5);
  ASSERT_EQ(p->rules(0).condition().thresholds_size(), 2);
  EXPECT_EQ(p->rules(0).condition().thresholds(0).value(),
            0x1.b50842c6e5630p+1);
  EXPECT_EQ(p->rules(0).condition().thresholds(1).value(),
            -0x1.4ecb5dd63ea38p+0);
  EXPECT_FALSE(p->rules(1).has_condition());
  EXPECT_EQ(p->rules(2).condition().thresholds(0).value(),
            0x1.4a51205c11e50p-4);
  // Only the values move: dimensions and comparisons stay.
  EXPECT_EQ(p->rules(0).condition().thresholds(0).dimension(), "normalization");
  EXPECT_EQ(p->rules(0).condition().thresholds(1).comparison(),
            v1::Threshold::AT_MOST);
}

TEST(PerturbationTest, AComponentOverridesSpreadForItselfOnly) {
  v1::Perturbation sizes = Perturbation(42, 0.5);
  sizes.set_ideal_spread(1);
  absl::StatusOr<v1::InterestModel> p = Perturb(Model(), sizes, "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  // Ideals move twice as far as at spread 0.5 (the same draws, exact in
  // binary: 2 + 1 * u against 2 + 0.5 * u), the rest as at spread 0.5.
  EXPECT_EQ(p->positions(0).ideal(), 0x1.08eec2175e9aap+0);
  EXPECT_EQ(p->positions(2).ideal(), 0x1.198f254782a8ep-1);
  ExpectGoldenSalienceAndThresholds(*p);
}

// A component at 0 is left as it is — not even clamped — and its draws are
// still taken, so the other components draw what they would have drawn.
TEST(PerturbationTest, AZeroComponentChangesNothingButConsumesItsDraws) {
  v1::InterestModel model = Model();
  model.set_objection_threshold(-0.5);  // a clamp would raise it to 0
  model.mutable_positions(2)->set_ideal(-0.0);

  v1::Perturbation no_ideals = Perturbation(42, 0.5);
  no_ideals.set_ideal_spread(0);
  absl::StatusOr<v1::InterestModel> p = Perturb(Model(), no_ideals, "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p->positions(i).ideal(), Model().positions(i).ideal()) << i;
  }
  ExpectGoldenSalienceAndThresholds(*p);

  v1::Perturbation no_saliences = Perturbation(42, 0.5);
  no_saliences.set_salience_spread(0);
  p = Perturb(Model(), no_saliences, "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  ExpectGoldenIdeals(*p);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p->positions(i).salience(), Model().positions(i).salience());
  }
  EXPECT_EQ(p->support_threshold(), 0x1.3fb094bda9488p-2);

  v1::Perturbation no_thresholds = Perturbation(42, 0.5);
  no_thresholds.set_threshold_spread(0);
  p = Perturb(model, no_thresholds, "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->support_threshold(), 0.5);
  EXPECT_EQ(p->objection_threshold(), -0.5);
  EXPECT_EQ(p->positions(0).ideal(), 0x1.8477610baf4d5p+0);
  EXPECT_EQ(p->positions(2).salience(), 0x1.4901222ba5826p+0);
}

// Condition draws come after every other draw: they leave the other
// components' values alone, and follow the same stream whatever the other
// sizes are (even 0).
TEST(PerturbationTest, ConditionDrawsComeAfterTheOthers) {
  const v1::InterestModel model = ModelWithConditions();
  v1::Perturbation with_conditions = Perturbation(42, 0.5);
  with_conditions.set_condition_spread(0.5);
  absl::StatusOr<v1::InterestModel> p = Perturb(model, with_conditions, "RUS");
  ASSERT_TRUE(p.ok()) << p.status();
  ExpectGoldenIdeals(*p);
  ExpectGoldenSalienceAndThresholds(*p);

  // The stream itself: 3 positions take 6 draws, the thresholds 2; the
  // conditions the 9th, 10th and 11th, in rule then threshold order.
  SplitMix64 stream(42 ^ Fnv1a64("RUS"));
  for (int i = 0; i < 8; ++i) stream.NextSigned();
  const double u9 = stream.NextSigned();
  const double u10 = stream.NextSigned();
  const double u11 = stream.NextSigned();
  EXPECT_EQ(p->rules(0).condition().thresholds(0).value(), 3 + 0.5 * u9);
  EXPECT_EQ(p->rules(0).condition().thresholds(1).value(), -1 + 0.5 * u10);
  EXPECT_EQ(p->rules(2).condition().thresholds(0).value(), 0.5 + 0.5 * u11);
  EXPECT_FALSE(p->rules(1).has_condition());

  // Conditions alone: every other value exactly as written, the condition
  // values as above.
  v1::Perturbation conditions_only = Perturbation(42, 0);
  conditions_only.set_condition_spread(0.5);
  absl::StatusOr<v1::InterestModel> q = Perturb(model, conditions_only, "RUS");
  ASSERT_TRUE(q.ok()) << q.status();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(q->positions(i).SerializeAsString(),
              model.positions(i).SerializeAsString());
  }
  EXPECT_EQ(q->support_threshold(), model.support_threshold());
  EXPECT_EQ(q->objection_threshold(), model.objection_threshold());
  EXPECT_EQ(q->rules(0).SerializeAsString(), p->rules(0).SerializeAsString());
  EXPECT_EQ(q->rules(2).SerializeAsString(), p->rules(2).SerializeAsString());
}

TEST(PerturbationTest, EverySizeZeroIsTheIdentity) {
  v1::InterestModel model = ModelWithConditions();
  model.set_objection_threshold(-0.5);
  v1::Perturbation zeros = Perturbation(42, 0.5);  // overridden everywhere
  zeros.set_ideal_spread(0);
  zeros.set_salience_spread(0);
  zeros.set_threshold_spread(0);
  zeros.set_condition_spread(0);
  absl::StatusOr<v1::InterestModel> out = Perturb(model, zeros, "RUS");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->SerializeAsString(), model.SerializeAsString());
}

TEST(PerturbationTest, SizesOfFallsBackToSpread) {
  v1::Perturbation p = Perturbation(1, 0.3);
  p.set_salience_spread(0.2);
  p.set_condition_spread(0.7);
  const PerturbationSizes sizes = SizesOf(p);
  EXPECT_EQ(sizes.ideal, 0.3);
  EXPECT_EQ(sizes.salience, 0.2);
  EXPECT_EQ(sizes.threshold, 0.3);
  EXPECT_EQ(sizes.condition, 0.7);
  EXPECT_FALSE(sizes.none());
  EXPECT_TRUE(SizesOf(v1::Perturbation()).none());
}

TEST(PerturbationTest, RefusesANegativeOrNonFiniteComponentNamingIt) {
  using Setter = void (v1::Perturbation::*)(double);
  const std::pair<const char*, Setter> fields[] = {
      {"ideal_spread", &v1::Perturbation::set_ideal_spread},
      {"salience_spread", &v1::Perturbation::set_salience_spread},
      {"threshold_spread", &v1::Perturbation::set_threshold_spread},
      {"condition_spread", &v1::Perturbation::set_condition_spread},
  };
  for (const auto& [name, set] : fields) {
    for (const double size : {-0.1, std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN()}) {
      v1::Perturbation p = Perturbation(1, 0.5);
      (p.*set)(size);
      absl::Status status = CheckPerturbation(p);
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
          << name << " " << size;
      EXPECT_THAT(status.message(),
                  HasSubstr(absl::StrCat("perturbation ", name,
                                         " must be finite and >= 0")));
      absl::StatusOr<v1::InterestModel> out = Perturb(Model(), p, "RUS");
      EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  // `spread` is checked even when every component overrides it.
  v1::Perturbation p = Perturbation(1, -1);
  p.set_ideal_spread(0.1);
  p.set_salience_spread(0.1);
  p.set_threshold_spread(0.1);
  EXPECT_THAT(CheckPerturbation(p).message(),
              HasSubstr("perturbation spread must be finite and >= 0"));
  // Zero is a size.
  v1::Perturbation zero = Perturbation(1, 0);
  zero.set_ideal_spread(0);
  zero.set_condition_spread(0);
  EXPECT_TRUE(CheckPerturbation(zero).ok());
}

}  // namespace
}  // namespace concert::party
