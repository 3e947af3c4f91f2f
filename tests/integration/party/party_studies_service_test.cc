// The Party service tables studies: a perturbation is another digest and
// other votes, an overlay changes the votes and the deciding rule is named,
// and malformed studies are refused.
#include <cstdint>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/party/core/tabled_model.h"
#include "tests/integration/party/party_service_fixture.h"

namespace concert::party::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Robustness and what-if studies: the TableRequest's perturbation and
// overlay make another model, under another digest.
grpc::Status TableWith(v1::Party::Stub& stub, const v1::TableRequest& request,
                       std::string* digest) {
  grpc::ClientContext context;
  v1::TableResponse response;
  const grpc::Status status = stub.Table(&context, request, &response);
  *digest = response.draft_digest();
  return status;
}

v1::TableRequest Perturbed(std::uint64_t seed, double spread) {
  v1::TableRequest request = TableRequest();
  request.mutable_perturbation()->set_seed(seed);
  request.mutable_perturbation()->set_spread(spread);
  return request;
}

// Spread 0.5 with one component's size replaced.
v1::TableRequest PerturbedWith(void (v1::Perturbation::*set)(double),
                               double size) {
  v1::TableRequest request = Perturbed(1, 0.5);
  (request.mutable_perturbation()->*set)(size);
  return request;
}

v1::TableRequest Overlaid(const std::string& overlay) {
  v1::TableRequest request = TableRequest();
  *request.mutable_overlay() = Parse<v1::PartyOverlay>(overlay);
  return request;
}

TEST_F(PartyServiceTest, APerturbationIsAnotherDigestAndOtherVotes) {
  const std::string plain = Table();
  std::string perturbed, again, other_seed;
  ASSERT_TRUE(TableWith(*stub_, Perturbed(42, 0.5), &perturbed).ok());
  ASSERT_TRUE(TableWith(*stub_, Perturbed(42, 0.5), &again).ok());
  ASSERT_TRUE(TableWith(*stub_, Perturbed(43, 0.5), &other_seed).ok());
  EXPECT_NE(perturbed, plain);
  EXPECT_EQ(again, perturbed);
  EXPECT_NE(other_seed, perturbed);

  // The party votes with its own model perturbed for its own id.
  const v1::TableRequest request = Perturbed(42, 0.5);
  const std::vector<v1::DimensionValue> initial_state(
      request.initial_state().begin(), request.initial_state().end());
  absl::StatusOr<CompiledModel> expected =
      CompileTabled(Dprk().interests(), "DPRK", request.draft(), initial_state,
                    v1::PartyOverlay(), request.perturbation());
  ASSERT_TRUE(expected.ok()) << expected.status();
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(perturbed, {}, "assure", &response).ok());
  v1::EvaluateResponse want;
  ToProto(expected->Evaluate(0, 0), &want);
  EXPECT_EQ(response.SerializeAsString(), want.SerializeAsString());
  EXPECT_NE(response.utility_change(), 4.0);  // unperturbed: 2 * 2

  // Spread 0 is the model itself (under a digest of its own).
  std::string zero;
  ASSERT_TRUE(TableWith(*stub_, Perturbed(42, 0), &zero).ok());
  ASSERT_TRUE(Evaluate(zero, {}, "assure", &response).ok());
  EXPECT_DOUBLE_EQ(response.utility_change(), 4.0);
}

TEST_F(PartyServiceTest, AnOverlayChangesTheVotesAndTheRuleIsNamed) {
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(Table(), {"verif"}, "dismantle", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
  EXPECT_EQ(response.rule(), "no_denuc_first");
  ASSERT_TRUE(Evaluate(Table(), {}, "assure", &response).ok());
  EXPECT_EQ(response.rule(), "");  // the utility decided

  std::string lifted;
  ASSERT_TRUE(TableWith(
                  *stub_, Overlaid(R"pb(party: "DPRK"
                                        lift_rules: "no_denuc_first")pb"),
                  &lifted)
                  .ok());
  EXPECT_NE(lifted, Table());
  ASSERT_TRUE(Evaluate(lifted, {"verif"}, "dismantle", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_SUPPORT);
  EXPECT_EQ(response.rule(), "");

  std::string tolerant;
  ASSERT_TRUE(TableWith(*stub_, Overlaid(R"pb(party: "DPRK"
                                              tolerate: "dismantle")pb"),
                        &tolerant)
                  .ok());
  ASSERT_TRUE(Evaluate(tolerant, {"verif"}, "dismantle", &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_ABSTAIN);
  EXPECT_THAT(response.rationale(), HasSubstr("concedes dismantle (what-if)"));
  EXPECT_THAT(response.conditions(), ::testing::IsEmpty());
}

TEST_F(PartyServiceTest, BadStudiesAreInvalidArgument) {
  struct Case {
    v1::TableRequest request;
    const char* message;
  };
  const Case cases[] = {
      {Overlaid(R"pb(party: "RUS" lift_rules: "no_denuc_first")pb"),
       "an overlay naming party 'RUS' was handed to party DPRK"},
      {Overlaid(R"pb(party: "DPRK" lift_rules: "nope")pb"),
       "lifts unknown rule 'nope' (its rules: no_denuc_first)"},
      {Overlaid(R"pb(party: "DPRK" tolerate: "nope")pb"),
       "tolerates unknown proposal 'nope'"},
      {Overlaid(
           R"pb(party: "DPRK"
                positions { dimension: "denuclearization" salience: -1 })pb"),
       "salience on 'denuclearization' must be finite and >= 0"},
      {Perturbed(1, -0.5), "spread must be finite and >= 0"},
      {PerturbedWith(&v1::Perturbation::set_ideal_spread, -1),
       "perturbation ideal_spread must be finite and >= 0, got -1"},
      {PerturbedWith(&v1::Perturbation::set_salience_spread,
                     std::numeric_limits<double>::quiet_NaN()),
       "the tabled request: perturbation.salience_spread: is nan; every "
       "number must be finite"},
      {PerturbedWith(&v1::Perturbation::set_threshold_spread,
                     std::numeric_limits<double>::infinity()),
       "the tabled request: perturbation.threshold_spread: is infinite"},
      {PerturbedWith(&v1::Perturbation::set_condition_spread, -0.25),
       "perturbation condition_spread must be finite and >= 0, got -0.25"},
  };
  for (const Case& c : cases) {
    std::string digest;
    const grpc::Status status = TableWith(*stub_, c.request, &digest);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.message;
    EXPECT_THAT(status.error_message(), HasSubstr(c.message));
    EXPECT_EQ(status.error_message().find('\n'), std::string::npos);
  }
  EXPECT_EQ(service_.cache().size(), 0u);

  // A question that carries a bad table is refused the same way.
  v1::EvaluateRequest request;
  request.set_draft_digest("feed");
  request.set_proposal("assure");
  *request.mutable_table() = cases[0].request;
  grpc::ClientContext context;
  v1::EvaluateResponse response;
  const grpc::Status status = stub_->Evaluate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("'RUS'"));
}

}  // namespace
}  // namespace concert::party::testing
