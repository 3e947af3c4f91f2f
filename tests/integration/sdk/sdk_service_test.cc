// A party served by the SDK answers concert.v1.Party as party.proto's
// contract says: Describe, Table (digest, cache, variants, Prepare),
// Evaluate's status codes and studies, with the party's own class seeing
// only decoded questions (its stream: sdk_stream_test.cc).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "concert/sdk/serve.h"
#include "concert/v1/party.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "services/party/rpc/draft_cache.h"
#include "tests/integration/sdk/sdk_service_fixture.h"
#include "tests/integration/sdk/test_sdk_party.h"
#include "tests/support/net/grpc_probe.h"
#include "tests/support/parse.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST_F(SdkServiceTest, DescribesThePartyAsItDescribesItself) {
  grpc::ClientContext ctx;
  v1::DescribeResponse response;
  ASSERT_TRUE(stub_->Describe(&ctx, {}, &response).ok());
  EXPECT_EQ(response.party_id(), "C");
  EXPECT_EQ(response.name(), "Echo");
  EXPECT_THAT(response.version(), HasSubstr("concert-sdk "));
  EXPECT_EQ(response.memory(), v1::MEMORY_HISTORY);
  EXPECT_THAT(response.variants(), ElementsAre("v1"));
}

TEST_F(SdkServiceTest, ServesHealthAndReflection) {
  auto health = HealthStatus(running_->address());
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, "SERVING");
  auto services = ReflectedServices(running_->address());
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_THAT(*services, ::testing::Contains("concert.v1.Party"));
}

TEST_F(SdkServiceTest, TableDigestIsStableAndPreparesOnce) {
  const std::string first = Tabled();
  EXPECT_EQ(first.size(), 64U);
  EXPECT_EQ(Tabled(), first);
  EXPECT_EQ(party_.prepared(), 1);
  // The digest concert-party gives the same request: one name per draft,
  // whichever implementation a replica runs.
  EXPECT_EQ(first, party::TableDigest(EchoTable()));
  EXPECT_EQ(first, sdk::Draft::Digest(EchoTable()));
  const std::string v1 = Tabled(EchoTable("echo-draft", "v1"));
  EXPECT_NE(v1, first);
  EXPECT_EQ(party_.prepared(), 2);
}

TEST_F(SdkServiceTest, APartyMayTakeEveryVariantAsItsBaseline) {
  running_.reset();
  party_.set_any_variant(true);
  Serve();
  grpc::ClientContext ctx;
  v1::DescribeResponse response;
  ASSERT_TRUE(stub_->Describe(&ctx, {}, &response).ok());
  EXPECT_TRUE(response.baseline_for_other_variants());
  std::string digest;
  const grpc::Status status = Table(EchoTable("echo-draft", "v2"), &digest);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(digest.empty());
}

TEST_F(SdkServiceTest, TableRefusesUndeclaredVariantsAndRefusedDrafts) {
  std::string digest;
  grpc::Status status = Table(EchoTable("echo-draft", "v2"), &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("does not serve variant 'v2'"));
  EXPECT_EQ(party_.prepared(), 0) << "the SDK refuses before Prepare";

  status = Table(EchoTable("refused"), &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("echo takes no refused drafts"));

  v1::TableRequest twice = EchoTable();
  *twice.mutable_draft()->add_proposals() = twice.draft().proposals(0);
  status = Table(twice, &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("'talks' repeats"));
}

TEST_F(SdkServiceTest, EvaluatePassesTheAdoptionOrder) {
  const std::string digest = Tabled();
  v1::EvaluateResponse response;
  ASSERT_TRUE(
      Evaluate(Question(digest, {"charter", "talks"}, "aid"), &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
  EXPECT_EQ(response.rationale(), "order: charter,talks");
  EXPECT_THAT(response.conditions(), ElementsAre("adopt talks"));
  EXPECT_EQ(response.utility_change(), 2);
  ASSERT_TRUE(Evaluate(Question(digest, {}, "charter"), &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_ABSTAIN);
  EXPECT_EQ(response.rationale(), "order: ");
  // The answer's interpretative statement goes on the wire with the vote.
  EXPECT_EQ(response.statement(),
            "abstains on the understanding that it is heard");
}

TEST_F(SdkServiceTest, EvaluateStatusCodes) {
  const std::string digest = Tabled();
  v1::EvaluateResponse response;
  grpc::Status status = Evaluate(Question("ab12", {}, "talks"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("digest"));

  status = Evaluate(Question(digest, {}, "nowhere"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("unknown proposal 'nowhere'"));
  status = Evaluate(Question(digest, {"nowhere"}, "talks"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("unknown adopted"));
  status = Evaluate(Question(digest, {"aid", "aid"}, "talks"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("adopted twice"));
  status = Evaluate(Question(digest, {"talks"}, "talks"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("already adopted"));

  // A party that gives no vote, or throws, is never made to have voted.
  status = Evaluate(Question(digest, {}, "mute"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), HasSubstr("no vote"));
  status = Evaluate(Question(digest, {}, "crash"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), HasSubstr("echo cannot take this"));
}

TEST_F(SdkServiceTest, EvaluateCarryingTheTableAnswersAnUnknownDigest) {
  // A replica that never saw Table.
  v1::EvaluateRequest request =
      Question(sdk::Draft::Digest(EchoTable()), {"talks"}, "charter");
  *request.mutable_table() = EchoTable();
  v1::EvaluateResponse response;
  const grpc::Status status = Evaluate(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.vote(), v1::VOTE_ABSTAIN);
  EXPECT_EQ(party_.prepared(), 1);
}

TEST_F(SdkServiceTest, LeastRecentlyUsedDraftsAreDropped) {
  running_.reset();
  sdk::ServeOptions options;
  options.cache_capacity = 2;
  Serve(options);
  const std::string a = Tabled(EchoTable("a"));
  const std::string b = Tabled(EchoTable("b"));
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(Question(a, {}, "talks"), &response).ok());  // a used
  const std::string c = Tabled(EchoTable("c"));                     // drops b
  EXPECT_TRUE(Evaluate(Question(a, {}, "talks"), &response).ok());
  EXPECT_TRUE(Evaluate(Question(c, {}, "talks"), &response).ok());
  EXPECT_EQ(Evaluate(Question(b, {}, "talks"), &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// The echo draft with "guard", a proposal under the echo's red line, and
// the studies asked of it.
v1::TableRequest StudyTable(const std::string& overlay = "",
                            double spread = 0) {
  v1::TableRequest request = EchoTable("study");
  v1::Proposal* guard = request.mutable_draft()->add_proposals();
  guard->set_id("guard");
  guard->set_stage("S1");
  guard->add_tags("red-line");
  if (!overlay.empty()) {
    *request.mutable_overlay() = Parse<v1::PartyOverlay>(overlay);
  }
  if (spread != 0) {
    request.mutable_perturbation()->set_seed(42);
    request.mutable_perturbation()->set_spread(spread);
  }
  return request;
}

TEST_F(SdkServiceTest, APartySeesThePerturbationItWasTabledWith) {
  const std::string plain = Tabled(StudyTable());
  const std::string perturbed = Tabled(StudyTable("", 0.5));
  EXPECT_NE(perturbed, plain);  // the digest covers the whole request
  EXPECT_EQ(perturbed, party::TableDigest(StudyTable("", 0.5)));
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(Question(perturbed, {}, "talks"), &response).ok());
  EXPECT_EQ(response.rationale(), "order:  [seed 42, spread 0.5]");
  ASSERT_TRUE(Evaluate(Question(plain, {}, "talks"), &response).ok());
  EXPECT_EQ(response.rationale(), "order: ");

  std::string digest;
  const grpc::Status status = Table(StudyTable("", -1), &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("spread"));
}

// Every size of a perturbation is checked, as the built-in party checks it
// (one function), and the refusal names the field.
TEST_F(SdkServiceTest, APerturbationWithABadComponentIsRefusedByName) {
  using Setter = void (v1::Perturbation::*)(double);
  const std::pair<Setter, const char*> cases[] = {
      {&v1::Perturbation::set_ideal_spread, "ideal_spread"},
      {&v1::Perturbation::set_salience_spread, "salience_spread"},
      {&v1::Perturbation::set_threshold_spread, "threshold_spread"},
      {&v1::Perturbation::set_condition_spread, "condition_spread"},
  };
  for (const auto& [set, field] : cases) {
    v1::TableRequest request = StudyTable("", 0.5);
    (request.mutable_perturbation()->*set)(-0.5);
    std::string digest;
    const grpc::Status status = Table(request, &digest);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(status.error_message(),
                HasSubstr(absl::StrCat("perturbation ", field,
                                       " must be finite and >= 0, got -0.5")));
  }
  // Sizes of 0 are sizes: a study of conditions alone is tabled.
  v1::TableRequest conditions_only = StudyTable("", 0.5);
  conditions_only.mutable_perturbation()->set_spread(0);
  conditions_only.mutable_perturbation()->set_condition_spread(0.5);
  std::string digest;
  EXPECT_TRUE(Table(conditions_only, &digest).ok());
}

TEST_F(SdkServiceTest, TheRuleOfAnAnswerGoesOnTheWire) {
  const std::string digest = Tabled(StudyTable());
  v1::EvaluateResponse response;
  ASSERT_TRUE(Evaluate(Question(digest, {}, "guard"), &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_OBJECT);
  EXPECT_EQ(response.rule(), "echo_red_line");
  ASSERT_TRUE(Evaluate(Question(digest, {}, "aid"), &response).ok());
  EXPECT_EQ(response.rule(), "");
  auto results = Stream({Batch(1, digest, {0, 0}, {5, 0}, true)});
  ASSERT_THAT(results, SizeIs(1));
  ASSERT_EQ(results[0].details_size(), 2) << results[0].error();
  EXPECT_EQ(results[0].details(0).rule(), "echo_red_line");
  EXPECT_EQ(results[0].details(1).rule(), "");
}

TEST_F(SdkServiceTest, OverlaysAreRefusedUnlessThePartyAppliesThem) {
  std::string digest;
  const grpc::Status status = Table(
      StudyTable(R"pb(party: "C" lift_rules: "echo_red_line")pb"), &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("party C does not apply what-if overlays"));
  EXPECT_EQ(party_.prepared(), 0) << "the SDK refuses before Prepare";
  // An empty overlay is no overlay.
  v1::TableRequest empty = StudyTable();
  empty.mutable_overlay();
  EXPECT_TRUE(Table(empty, &digest).ok());
}

TEST_F(SdkServiceTest, APartyThatAppliesOverlaysSeesItsOwn) {
  running_.reset();
  party_.set_applies_overlays(true);
  Serve();
  v1::EvaluateResponse response;
  const std::string lifted =
      Tabled(StudyTable(R"pb(party: "C" lift_rules: "echo_red_line")pb"));
  ASSERT_TRUE(Evaluate(Question(lifted, {}, "guard"), &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_SUPPORT);
  EXPECT_EQ(response.rule(), "");

  const std::string tolerant =
      Tabled(StudyTable(R"pb(party: "C" tolerate: "aid")pb"));
  ASSERT_TRUE(Evaluate(Question(tolerant, {}, "aid"), &response).ok());
  EXPECT_EQ(response.vote(), v1::VOTE_ABSTAIN);
  EXPECT_EQ(response.rationale(), "concedes aid (what-if)");

  // Another party's overlay (the SDK), a rule the party lacks (Prepare).
  std::string digest;
  grpc::Status status =
      Table(StudyTable(R"pb(party: "D" tolerate: "aid")pb"), &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("an overlay naming party 'D' was handed to party C"));
  status = Table(StudyTable(R"pb(party: "C" lift_rules: "nope")pb"), &digest);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("echo has no rule 'nope'"));
}

TEST(SdkStartTest, RefusesADescriptionWithoutIdOrMemory) {
  EchoParty nameless("");
  auto running = sdk::RunningParty::Start(nameless, {});
  EXPECT_EQ(running.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(running.status().message(), HasSubstr("no id"));
  EchoParty forgetful("C", v1::MEMORY_UNSPECIFIED);
  running = sdk::RunningParty::Start(forgetful, {});
  EXPECT_EQ(running.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(running.status().message(), HasSubstr("MEMORY_HISTORY"));
}

// A party's votes can be tested without a server.
TEST(SdkDraftTest, QuestionsWithoutAServer) {
  auto draft = sdk::Draft::Make(EchoTable());
  ASSERT_TRUE(draft.ok()) << draft.status();
  EchoParty party;
  ASSERT_TRUE(party.Prepare(**draft).ok());
  EXPECT_EQ((*draft)->IndexOf("charter"), 2);
  EXPECT_EQ((*draft)->IndexOf("nowhere"), -1);
  const std::vector<int> adopted = {2, 0};
  const sdk::Question question(**draft, 1, adopted);
  EXPECT_TRUE(question.IsAdopted("talks"));
  EXPECT_FALSE(question.IsAdopted("aid"));
  EXPECT_EQ(question.adopted_set(), 0b101U);
  const sdk::Answer answer = party.Evaluate(question);
  EXPECT_EQ(answer.vote, v1::VOTE_OBJECT);
  EXPECT_EQ(answer.rationale, "order: charter,talks");
  EXPECT_EQ(party.Vote(question), v1::VOTE_OBJECT);
}

}  // namespace
}  // namespace concert::testing
