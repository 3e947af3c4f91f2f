// The coordinator's in-process vote source and the party server over gRPC
// give identical answers — votes, utility changes, rationales, conditions
// and deciding rules — under the same perturbation (one spread, or
// per-component sizes) and overlays, for every question of every shipped
// draft: a comparison may use either.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "concert/v1/party.grpc.pb.h"
#include "services/common/draft_index.h"
#include "services/common/server/server.h"
#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/question_table.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/parse.h"

namespace concert {
namespace {

using ::concert::testing::Parse;

// One study: a perturbation and the overlays, as a comparison would send.
struct Study {
  const char* name;
  v1::Perturbation perturbation;
  std::vector<v1::PartyOverlay> overlays;
};

std::vector<Study> Studies(const v1::CharterDraft& draft) {
  v1::Perturbation perturbation;
  perturbation.set_seed(7);
  perturbation.set_spread(0.3);
  // Every overlay applies under every variant and draft: DPRK's rule is in
  // its baseline and each of its variants, and RUS tolerates a proposal of
  // this very draft.
  std::vector<v1::PartyOverlay> overlays = {
      Parse<v1::PartyOverlay>(R"pb(
        party: "DPRK"
        lift_rules: "dprk_survival_before_dismantlement"
      )pb"),
      Parse<v1::PartyOverlay>(R"pb(
        party: "USA"
        positions { dimension: "security_assurance" ideal: 3 salience: 0.7 }
        positions { dimension: "humanitarian" ideal: 2 }
        support_threshold: 0.2
      )pb"),
      Parse<v1::PartyOverlay>(R"pb(party: "CHN" objection_threshold: 0)pb"),
  };
  // Per-component sizes (spread 0), rule conditions included: the stated
  // spread of the project's studies.
  v1::Perturbation components;
  components.set_seed(11);
  components.set_ideal_spread(1);
  components.set_salience_spread(0.2);
  components.set_threshold_spread(0.5);
  components.set_condition_spread(0.5);
  v1::PartyOverlay rus;
  rus.set_party("RUS");
  rus.add_tolerate(draft.proposals(0).id());
  rus.add_tolerate(draft.proposals(draft.proposals_size() - 1).id());
  overlays.push_back(rus);
  return {
      {"none", {}, {}},
      {"perturbation", perturbation, {}},
      {"overlays", {}, overlays},
      {"both", perturbation, overlays},
      {"components", components, {}},
      {"components and overlays", components, overlays},
  };
}

// Every party of the scenario served by its own PartyService on a loopback
// port, as the embedded forum serves them.
class StudiesAgreementTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<v1::Scenario> scenario =
        LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    scenario_ = new v1::Scenario(*std::move(scenario));
    std::vector<std::string> variants;
    for (const auto& v : scenario_->variants()) variants.push_back(v.name());
    parties_ = new std::vector<Served>();
    for (const v1::PartySpec& spec : scenario_->parties()) {
      Served& served = parties_->emplace_back();
      party::PartyServiceOptions options;
      options.scenario_variants = variants;
      served.service = std::make_unique<party::PartyService>(spec, options);
      ServerOptions server_options;
      server_options.component = "party/" + spec.id();
      server_options.grace = std::chrono::milliseconds(100);
      auto server =
          RunningServer::Start(server_options, {served.service.get()});
      ASSERT_TRUE(server.ok()) << server.status();
      served.server = *std::move(server);
      served.stub = v1::Party::NewStub(grpc::CreateChannel(
          served.server->address(), grpc::InsecureChannelCredentials()));
    }
  }
  static void TearDownTestSuite() {
    if (parties_ != nullptr) {
      for (Served& served : *parties_) {
        if (served.server) served.server->Shutdown();
      }
    }
    delete parties_;
    delete scenario_;
    parties_ = nullptr;
    scenario_ = nullptr;
  }

  struct Served {
    std::unique_ptr<party::PartyService> service;
    std::unique_ptr<RunningServer> server;
    std::unique_ptr<v1::Party::Stub> stub;
  };

  // Party i's answers to every question over gRPC: Table with its own
  // overlay, then one detailed batch on EvaluateStream.
  static v1::EvaluateBatchResult AskOverGrpc(
      int i, const coordinator::TableContext& context,
      const std::vector<coordinator::Question>& questions) {
    const std::string& id = scenario_->parties(i).id();
    v1::TableRequest request;
    *request.mutable_draft() = *context.draft;
    request.set_variant(context.variant);
    for (const auto& v : context.initial_state) {
      *request.add_initial_state() = v;
    }
    if (context.perturbation.ByteSizeLong() != 0) {
      *request.mutable_perturbation() = context.perturbation;
    }
    for (const v1::PartyOverlay& overlay : context.overlays) {
      if (overlay.party() == id) *request.mutable_overlay() = overlay;
    }
    Served& served = (*parties_)[i];
    grpc::ClientContext table_context;
    v1::TableResponse receipt;
    const grpc::Status tabled =
        served.stub->Table(&table_context, request, &receipt);
    EXPECT_TRUE(tabled.ok()) << id << ": " << tabled.error_message();

    v1::EvaluateBatch batch;
    batch.set_request_id(1);
    batch.set_draft_digest(receipt.draft_digest());
    batch.set_set_words(1);
    batch.set_details(true);
    for (const coordinator::Question& q : questions) {
      batch.add_sets(q.adopted);
      batch.add_proposals(q.proposal);
    }
    grpc::ClientContext stream_context;
    auto stream = served.stub->EvaluateStream(&stream_context);
    v1::EvaluateBatchResult result;
    EXPECT_TRUE(stream->Write(batch));
    EXPECT_TRUE(stream->WritesDone());
    EXPECT_TRUE(stream->Read(&result));
    EXPECT_TRUE(stream->Finish().ok());
    EXPECT_EQ(result.error(), "") << id;
    return result;
  }

  static v1::Scenario* scenario_;
  static std::vector<Served>* parties_;
};

v1::Scenario* StudiesAgreementTest::scenario_ = nullptr;
std::vector<StudiesAgreementTest::Served>* StudiesAgreementTest::parties_ =
    nullptr;

TEST_F(StudiesAgreementTest, SameAnswersOverEveryQuestionOfEveryShippedDraft) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(
           CONCERT_SOURCE_DIR "/scenarios/drafts")) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  ASSERT_GE(files.size(), 5u);
  std::sort(files.begin(), files.end());

  // Votes that a study changed, per study: each study must change some.
  std::map<std::string, long> changed;
  long compared = 0;
  for (const auto& file : files) {
    absl::StatusOr<v1::CharterDraft> draft =
        LoadValidDraft(file.string(), *scenario_);
    ASSERT_TRUE(draft.ok()) << draft.status();
    absl::StatusOr<DraftIndex> index = DraftIndex::Build(*draft);
    ASSERT_TRUE(index.ok()) << index.status();
    absl::StatusOr<coordinator::QuestionTable> table =
        coordinator::QuestionTable::Build(*index, 1 << 20);
    ASSERT_TRUE(table.ok()) << table.status();
    const std::vector<coordinator::Question>& questions = table->questions();
    ASSERT_FALSE(questions.empty());

    for (const char* variant : {"", "conservation", "transformation"}) {
      std::vector<std::uint8_t> baseline_votes;
      for (const Study& study : Studies(*draft)) {
        SCOPED_TRACE(file.filename().string() + " variant '" + variant +
                     "' study " + study.name);
        coordinator::TableContext context;
        context.draft = &*draft;
        context.variant = variant;
        context.initial_state.assign(scenario_->initial_state().begin(),
                                     scenario_->initial_state().end());
        context.perturbation = study.perturbation;
        context.overlays = study.overlays;

        coordinator::InProcessVoteSource source(*scenario_);
        ASSERT_TRUE(source.Table(context).ok());
        std::vector<coordinator::PartyAnswers> local;
        ASSERT_TRUE(
            source.Ask(questions, true, ~std::uint64_t{0}, &local).ok());

        std::vector<std::uint8_t> all_votes;
        for (int i = 0; i < scenario_->parties_size(); ++i) {
          const std::string& id = scenario_->parties(i).id();
          ASSERT_TRUE(local[i].answered) << id << ": " << local[i].error;
          const v1::EvaluateBatchResult remote =
              AskOverGrpc(i, context, questions);
          ASSERT_EQ(remote.votes_size(), static_cast<int>(questions.size()));
          ASSERT_EQ(remote.details_size(), static_cast<int>(questions.size()));
          for (size_t q = 0; q < questions.size(); ++q) {
            const v1::EvaluateResponse& r = remote.details(static_cast<int>(q));
            const coordinator::VoteDetail& d = local[i].details[q];
            ASSERT_EQ(local[i].votes[q], remote.votes(static_cast<int>(q)))
                << id << " question " << q;
            ASSERT_EQ(r.vote(), remote.votes(static_cast<int>(q)));
            // Bit for bit: both sum in the same order over the same model.
            ASSERT_EQ(d.utility_change, r.utility_change()) << id << " " << q;
            ASSERT_EQ(d.rationale, r.rationale()) << id << " " << q;
            ASSERT_THAT(d.conditions,
                        ::testing::ElementsAreArray(r.conditions()))
                << id << " " << q;
            ASSERT_EQ(d.rule, r.rule()) << id << " " << q;
            all_votes.push_back(local[i].votes[q]);
            ++compared;
          }
        }
        if (baseline_votes.empty()) {
          baseline_votes = all_votes;
        } else {
          for (size_t k = 0; k < all_votes.size(); ++k) {
            if (all_votes[k] != baseline_votes[k]) ++changed[study.name];
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 10000);
  EXPECT_GT(changed["perturbation"], 0);
  EXPECT_GT(changed["overlays"], 0);
  EXPECT_GT(changed["both"], 0);
}

TEST_F(StudiesAgreementTest, RedLineObjectionsNameTheirRule) {
  absl::StatusOr<v1::CharterDraft> draft = LoadValidDraft(
      CONCERT_SOURCE_DIR "/scenarios/drafts/denuclearization-first.textproto",
      *scenario_);
  ASSERT_TRUE(draft.ok()) << draft.status();
  coordinator::TableContext context;
  context.draft = &*draft;
  coordinator::InProcessVoteSource source(*scenario_);
  ASSERT_TRUE(source.Table(context).ok());
  std::vector<coordinator::Question> questions;
  for (int p = 0; p < draft->proposals_size(); ++p) {
    questions.push_back({0, static_cast<std::uint32_t>(p), {}, 0});
  }
  std::vector<coordinator::PartyAnswers> answers;
  ASSERT_TRUE(source.Ask(questions, true, ~std::uint64_t{0}, &answers).ok());
  int named = 0;
  for (const auto& party : answers) {
    for (const auto& detail : party.details) {
      if (detail.rationale.rfind("red line ", 0) == 0) {
        EXPECT_FALSE(detail.rule.empty()) << detail.rationale;
        EXPECT_EQ(detail.rationale.substr(9, detail.rule.size()), detail.rule);
        ++named;
      }
    }
  }
  EXPECT_GT(named, 0);
}

TEST_F(StudiesAgreementTest, AnOverlayNamingNoPartyIsInvalid) {
  absl::StatusOr<v1::CharterDraft> draft = LoadValidDraft(
      CONCERT_SOURCE_DIR "/scenarios/drafts/bloc-3plus3.textproto", *scenario_);
  ASSERT_TRUE(draft.ok()) << draft.status();
  coordinator::TableContext context;
  context.draft = &*draft;
  context.overlays.push_back(
      Parse<v1::PartyOverlay>(R"pb(party: "XYZ" support_threshold: 1)pb"));
  coordinator::InProcessVoteSource source(*scenario_);
  const absl::Status status = source.Table(context);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("'XYZ'"));
  // Nothing is tabled after it.
  std::vector<coordinator::PartyAnswers> answers;
  const coordinator::Question question{0, 0, {}, 0};
  EXPECT_EQ(source.Ask({&question, 1}, false, 1, &answers).code(),
            absl::StatusCode::kFailedPrecondition);

  // Two overlays for one party are refused too.
  context.overlays = {
      Parse<v1::PartyOverlay>(R"pb(party: "USA" support_threshold: 1)pb"),
      Parse<v1::PartyOverlay>(R"pb(party: "USA" support_threshold: 2)pb")};
  EXPECT_EQ(source.Table(context).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StudiesAgreementTest, ABadOverlayLeavesOnlyItsPartyUnreachable) {
  // As over gRPC, where that party refuses Table: the others still answer.
  absl::StatusOr<v1::CharterDraft> draft = LoadValidDraft(
      CONCERT_SOURCE_DIR "/scenarios/drafts/bloc-3plus3.textproto", *scenario_);
  ASSERT_TRUE(draft.ok()) << draft.status();
  coordinator::TableContext context;
  context.draft = &*draft;
  context.overlays.push_back(
      Parse<v1::PartyOverlay>(R"pb(party: "JPN" lift_rules: "nope")pb"));
  coordinator::InProcessVoteSource source(*scenario_);
  ASSERT_TRUE(source.Table(context).ok());
  std::vector<coordinator::PartyAnswers> answers;
  const coordinator::Question question{0, 0, {}, 0};
  ASSERT_TRUE(
      source.Ask({&question, 1}, false, ~std::uint64_t{0}, &answers).ok());
  for (int i = 0; i < scenario_->parties_size(); ++i) {
    const bool jpn = scenario_->parties(i).id() == "JPN";
    EXPECT_EQ(answers[i].answered, !jpn) << scenario_->parties(i).id();
    if (jpn) {
      EXPECT_THAT(answers[i].error,
                  ::testing::HasSubstr("lifts unknown rule 'nope'"));
    }
  }
}

}  // namespace
}  // namespace concert
