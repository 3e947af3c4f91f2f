// The perturbation of a party's model: a documented algorithm that parties in
// other languages reproduce, so its draws are pinned by golden numbers (they
// were computed by an independent reimplementation of the header's
// description); a change of algorithm must fail here.
#include "services/party/core/perturbation.h"

#include <cmath>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
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

}  // namespace
}  // namespace concert::party
