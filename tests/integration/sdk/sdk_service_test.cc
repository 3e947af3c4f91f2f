// A party served by the SDK answers concert.v1.Party as party.proto's
// contract says: Describe, Table (digest, cache, variants, Prepare),
// Evaluate's status codes and EvaluateStream's packed batches, with the
// party's own class seeing only decoded questions.
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/sdk/serve.h"
#include "concert/v1/party.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "services/party/rpc/draft_cache.h"
#include "tests/integration/sdk/test_sdk_party.h"
#include "tests/support/net/grpc_probe.h"
#include "tests/support/parse.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// Three proposals: talks (plain), aid ("object"), charter ("abstain"), and
// two that misbehave: mute ("no-vote") and crash ("throws").
v1::CharterDraft EchoDraft(const std::string& id = "echo-draft") {
  auto draft = ParseDraftFromString(
      R"pb(
        stages { id: "S1" }
        stage_order: FREE
        proposals { id: "talks" stage: "S1" }
        proposals { id: "aid" stage: "S1" tags: "object" }
        proposals { id: "charter" stage: "S1" tags: "abstain" }
        proposals { id: "mute" stage: "S1" tags: "no-vote" }
        proposals { id: "crash" stage: "S1" tags: "throws" }
      )pb",
      "echo-draft");
  EXPECT_TRUE(draft.ok()) << draft.status();
  v1::CharterDraft d = draft.ok() ? *draft : v1::CharterDraft();
  d.set_id(id);
  return d;
}

v1::TableRequest EchoTable(const std::string& id = "echo-draft",
                           const std::string& variant = "") {
  v1::TableRequest request;
  *request.mutable_draft() = EchoDraft(id);
  request.set_variant(variant);
  return request;
}

class SdkServiceTest : public ::testing::Test {
 protected:
  void Serve(sdk::ServeOptions options = {}) {
    auto running = sdk::RunningParty::Start(party_, options);
    ASSERT_TRUE(running.ok()) << running.status();
    running_ = *std::move(running);
    channel_ = grpc::CreateChannel(running_->address(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::Party::NewStub(channel_);
  }
  void SetUp() override { Serve(); }

  grpc::Status Table(const v1::TableRequest& request, std::string* digest) {
    grpc::ClientContext ctx;
    v1::TableResponse response;
    grpc::Status status = stub_->Table(&ctx, request, &response);
    *digest = response.draft_digest();
    return status;
  }
  std::string Tabled(const v1::TableRequest& request = EchoTable()) {
    std::string digest;
    const grpc::Status status = Table(request, &digest);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return digest;
  }
  grpc::Status Evaluate(const v1::EvaluateRequest& request,
                        v1::EvaluateResponse* response) {
    grpc::ClientContext ctx;
    return stub_->Evaluate(&ctx, request, response);
  }
  static v1::EvaluateRequest Question(const std::string& digest,
                                      std::vector<std::string> adopted,
                                      const std::string& proposal) {
    v1::EvaluateRequest request;
    request.set_draft_digest(digest);
    for (auto& a : adopted) request.add_adopted(a);
    request.set_proposal(proposal);
    return request;
  }
  // Sends `batches` on one stream and returns every result, in order.
  std::vector<v1::EvaluateBatchResult> Stream(
      const std::vector<v1::EvaluateBatch>& batches) {
    grpc::ClientContext ctx;
    auto stream = stub_->EvaluateStream(&ctx);
    std::vector<v1::EvaluateBatchResult> results;
    for (const auto& batch : batches) {
      EXPECT_TRUE(stream->Write(batch));
      v1::EvaluateBatchResult result;
      EXPECT_TRUE(stream->Read(&result));
      results.push_back(result);
    }
    stream->WritesDone();
    v1::EvaluateBatchResult extra;
    EXPECT_FALSE(stream->Read(&extra)) << "a result no batch asked for";
    const grpc::Status status = stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return results;
  }
  // A batch about `digest`: question i asks proposals[i] after sets[i].
  static v1::EvaluateBatch Batch(std::uint64_t id, const std::string& digest,
                                 std::vector<std::uint64_t> sets,
                                 std::vector<std::uint32_t> proposals,
                                 bool details = false) {
    v1::EvaluateBatch batch;
    batch.set_request_id(id);
    batch.set_draft_digest(digest);
    batch.set_set_words(1);
    for (auto s : sets) batch.add_sets(s);
    for (auto p : proposals) batch.add_proposals(p);
    batch.set_details(details);
    return batch;
  }

  EchoParty party_;
  std::unique_ptr<sdk::RunningParty> running_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Party::Stub> stub_;
};

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

TEST_F(SdkServiceTest, StreamAnswersEachBatchOnceWithOneVotePerQuestion) {
  const std::string digest = Tabled();
  // talks=0, aid=1, charter=2: by set only, then with details.
  auto results = Stream({Batch(7, digest, {0b000, 0b101, 0b001}, {1, 1, 2}),
                         Batch(8, digest, {0b101, 0b000}, {1, 2}, true)});
  ASSERT_THAT(results, SizeIs(2));
  EXPECT_EQ(results[0].request_id(), 7U);
  EXPECT_TRUE(results[0].error().empty()) << results[0].error();
  EXPECT_THAT(results[0].votes(),
              ElementsAre(v1::VOTE_OBJECT, v1::VOTE_OBJECT, v1::VOTE_ABSTAIN));
  EXPECT_THAT(results[0].details(), SizeIs(0));
  EXPECT_EQ(results[1].request_id(), 8U);
  EXPECT_THAT(results[1].votes(),
              ElementsAre(v1::VOTE_OBJECT, v1::VOTE_ABSTAIN));
  ASSERT_THAT(results[1].details(), SizeIs(2));
  EXPECT_EQ(results[1].details(0).vote(), v1::VOTE_OBJECT);
  // Asked by set: the party is told the order is not known, and gets the
  // set in draft order.
  EXPECT_EQ(results[1].details(0).rationale(), "order: talks,charter (set)");
  EXPECT_THAT(results[1].details(0).conditions(), ElementsAre("adopt talks"));
  EXPECT_EQ(results[1].details(1).rationale(), "order:  (set)");
}

// A party whose votes depend on the set only is sent ranges of the lattice
// order; the SDK walks the order and asks the party each question, so the
// answers are those of the same questions sent one by one.
TEST_F(SdkServiceTest, ASetPartyAnswersRangesOfTheLatticeOrder) {
  {
    grpc::ClientContext ctx;
    v1::DescribeResponse history;
    ASSERT_TRUE(stub_->Describe(&ctx, {}, &history).ok());
    EXPECT_FALSE(history.answers_lattice()) << "a HISTORY party";
  }
  running_.reset();
  party_.set_memory(v1::MEMORY_SET);
  Serve();
  grpc::ClientContext ctx;
  v1::DescribeResponse described;
  ASSERT_TRUE(stub_->Describe(&ctx, {}, &described).ok());
  EXPECT_TRUE(described.answers_lattice());

  const std::string digest = Tabled();
  // The order starts with the empty set's candidates: talks, aid, charter.
  v1::EvaluateBatch range = Batch(1, digest, {}, {}, /*details=*/true);
  range.set_lattice_first(0);
  range.set_lattice_count(3);
  v1::EvaluateBatch past_mute = range;  // ({}, mute) gives no vote
  past_mute.set_request_id(2);
  past_mute.set_lattice_count(5);
  v1::EvaluateBatch too_far = range;
  too_far.set_request_id(3);
  too_far.set_lattice_first(std::uint64_t{1} << 21);
  auto results = Stream({range, Batch(1, digest, {0, 0, 0}, {0, 1, 2}, true),
                         past_mute, too_far});
  ASSERT_THAT(results, SizeIs(4));
  EXPECT_TRUE(results[0].error().empty()) << results[0].error();
  EXPECT_THAT(results[0].votes(),
              ElementsAre(v1::VOTE_SUPPORT, v1::VOTE_OBJECT, v1::VOTE_ABSTAIN));
  EXPECT_EQ(results[0].SerializeAsString(), results[1].SerializeAsString());
  EXPECT_THAT(results[2].error(), HasSubstr("question 3"));
  EXPECT_THAT(results[2].votes(), SizeIs(0));
  EXPECT_THAT(results[3].error(), HasSubstr("ask by set instead"));
}

TEST_F(SdkServiceTest, StreamDecodesHistories) {
  const std::string digest = Tabled();
  v1::EvaluateBatch batch =
      Batch(3, digest, {0b101, 0b101, 0}, {1, 1, 0}, true);
  for (std::uint32_t h : {2U, 0U, 0U, 2U}) batch.add_history(h);
  for (std::uint32_t n : {2U, 2U, 0U}) batch.add_history_lengths(n);
  auto results = Stream({batch});
  ASSERT_THAT(results, SizeIs(1));
  ASSERT_TRUE(results[0].error().empty()) << results[0].error();
  ASSERT_THAT(results[0].details(), SizeIs(3));
  EXPECT_EQ(results[0].details(0).rationale(), "order: charter,talks");
  EXPECT_EQ(results[0].details(1).rationale(), "order: talks,charter");
  EXPECT_EQ(results[0].details(2).rationale(), "order: ");
}

TEST_F(SdkServiceTest, StreamReportsMalformedBatchesAndGoesOn) {
  const std::string digest = Tabled();
  std::vector<v1::EvaluateBatch> batches;
  std::vector<std::string> expected;
  const auto add = [&](v1::EvaluateBatch b, const std::string& message) {
    b.set_request_id(batches.size() + 1);
    batches.push_back(std::move(b));
    expected.push_back(message);
  };
  add(Batch(0, "ab12", {0}, {0}), "digest");
  v1::EvaluateBatch words = Batch(0, digest, {0}, {0});
  words.set_set_words(2);
  add(words, "set_words must be 1");
  add(Batch(0, digest, {0, 0}, {0}), "sets has 2 words for 1 proposals");
  add(Batch(0, digest, {0}, {9}), "out of range");
  add(Batch(0, digest, {0b1000000}, {0}), "beyond the draft");
  add(Batch(0, digest, {0b1}, {0}), "already in its set");
  v1::EvaluateBatch lengths = Batch(0, digest, {0b1}, {1});
  lengths.add_history(0);
  add(lengths, "history is set without history_lengths");
  v1::EvaluateBatch other = Batch(0, digest, {0b1}, {1});
  other.add_history(2);
  other.add_history_lengths(1);
  add(other, "does not hold the proposals of its set");
  v1::EvaluateBatch total = Batch(0, digest, {0b1}, {1});
  total.add_history(0);
  total.add_history_lengths(2);
  add(total, "add up to 2");
  add(Batch(0, digest, {0, 0}, {0, 3}), "question 1: the party gave no vote");
  add(Batch(0, digest, {0}, {4}, true), "echo cannot take this");
  add(Batch(0, digest, {0}, {0}), "");  // the stream still answers
  auto results = Stream(batches);
  ASSERT_EQ(results.size(), batches.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(expected[i]);
    EXPECT_EQ(results[i].request_id(), batches[i].request_id());
    if (expected[i].empty()) {
      EXPECT_TRUE(results[i].error().empty()) << results[i].error();
      EXPECT_THAT(results[i].votes(), ElementsAre(v1::VOTE_SUPPORT));
    } else {
      EXPECT_THAT(results[i].error(), HasSubstr(expected[i]));
      EXPECT_THAT(results[i].votes(), SizeIs(0));
      EXPECT_THAT(results[i].details(), SizeIs(0));
    }
  }
}

TEST_F(SdkServiceTest, StreamTablesTheDraftItCarries) {
  v1::EvaluateBatch batch =
      Batch(1, sdk::Draft::Digest(EchoTable("carried")), {0}, {2});
  *batch.mutable_table() = EchoTable("carried");
  auto results = Stream({batch, Batch(2, batch.draft_digest(), {0}, {0})});
  ASSERT_THAT(results, SizeIs(2));
  EXPECT_THAT(results[0].votes(), ElementsAre(v1::VOTE_ABSTAIN));
  EXPECT_THAT(results[1].votes(), ElementsAre(v1::VOTE_SUPPORT));
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
