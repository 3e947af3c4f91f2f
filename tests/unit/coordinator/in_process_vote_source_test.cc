#include "services/coordinator/core/in_process_vote_source.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/coordinator/core/session_runner.h"
#include "tests/support/parse.h"

namespace concert::coordinator {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using ::concert::testing::Parse;

// Both parties want more trust; B draws a red line at p2 before p1.
v1::Scenario TinyForum() {
  return Parse<v1::Scenario>(R"pb(
    id: "tiny"
    dimensions { id: "trust" }
    parties {
      id: "A"
      interests {
        positions { dimension: "trust" ideal: 5 salience: 1 }
        support_threshold: 0.1
        objection_threshold: 0.1
      }
    }
    parties {
      id: "B"
      interests {
        positions { dimension: "trust" ideal: 5 salience: 1 }
        support_threshold: 0.1
        objection_threshold: 0.1
        rules {
          id: "p1_first"
          kind: RED_LINE
          covers { proposals: "p2" }
          condition { adopted: "p1" }
          reason: "p1 comes first"
        }
      }
    }
    rule { kind: CONSENSUS }
  )pb");
}

// p2 is on the agenda before p1.
v1::CharterDraft TinyDraft() {
  return Parse<v1::CharterDraft>(R"pb(
    id: "tiny-draft"
    stage_order: FREE
    stages { id: "S1" }
    proposals {
      id: "p2"
      stage: "S1"
      effects { dimension: "trust" delta: 1 }
    }
    proposals {
      id: "p1"
      stage: "S1"
      effects { dimension: "trust" delta: 1 }
    }
  )pb");
}

TEST(InProcessVoteSourceTest, RunsASessionOverTheBuiltInModels) {
  const v1::Scenario scenario = TinyForum();
  const v1::CharterDraft draft = TinyDraft();
  InProcessVoteSource source(scenario);
  EXPECT_EQ(source.party_count(), 2);
  EXPECT_EQ(source.party_id(1), "B");
  EXPECT_EQ(source.party_memory(0), v1::MEMORY_SET);

  absl::StatusOr<v1::Session> session =
      RunSession(scenario, draft, SessionOptions{}, source, nullptr);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_THAT(session->summary().adopted(), ElementsAre("p1", "p2"));

  const v1::Round& first = session->rounds(0);
  EXPECT_EQ(first.proposal(), "p2");
  EXPECT_EQ(first.outcome(), v1::Round::DEFERRED);
  EXPECT_THAT(first.blocking_parties(), ElementsAre("B"));
  EXPECT_THAT(first.conditions(), Contains("adopt p1"));
  EXPECT_THAT(first.votes(1).rationale(), HasSubstr("p1_first"));
  EXPECT_EQ(first.votes(0).vote(), v1::VOTE_SUPPORT);
  EXPECT_DOUBLE_EQ(first.votes(0).utility_change(), 1.0);
}

// Every (set, proposal) question of a 10-proposal draft, answered on one
// thread and on two, agrees with the models' detailed answers.
TEST(InProcessVoteSourceTest, BigBatchesAgreeAcrossThreads) {
  v1::Scenario scenario = TinyForum();
  v1::CharterDraft draft;
  draft.set_stage_order(v1::CharterDraft::FREE);
  draft.add_stages()->set_id("S1");
  for (int i = 0; i < 10; ++i) {
    v1::Proposal* p = draft.add_proposals();
    p->set_id(i == 0 ? "p1" : i == 1 ? "p2" : "q" + std::to_string(i));
    p->set_stage("S1");
    v1::Effect* e = p->add_effects();
    e->set_dimension("trust");
    e->set_delta(i % 3 == 0 ? -2.0 : 1.5);
  }
  std::vector<Question> questions;
  for (ProposalSet s = 0; s < (ProposalSet{1} << 10); ++s) {
    for (std::uint32_t p = 0; p < 10; ++p) {
      if (!concert::Contains(s, p)) questions.push_back(Question{s, p, {}});
    }
  }
  TableContext context;
  context.draft = &draft;

  InProcessVoteSource one(scenario, {.threads = 1});
  InProcessVoteSource two(scenario, {.threads = 2, .parallel_min_work = 1});
  ASSERT_TRUE(one.Table(context).ok());
  ASSERT_TRUE(two.Table(context).ok());
  std::vector<PartyAnswers> serial, parallel, detailed;
  ASSERT_TRUE(one.Ask(questions, false, 0b11, &serial).ok());
  ASSERT_TRUE(two.Ask(questions, false, 0b11, &parallel).ok());
  ASSERT_TRUE(two.Ask(questions, true, 0b11, &detailed).ok());
  for (int party = 0; party < 2; ++party) {
    ASSERT_TRUE(parallel[party].answered);
    EXPECT_EQ(serial[party].votes, parallel[party].votes);
    EXPECT_EQ(serial[party].votes, detailed[party].votes);
    ASSERT_EQ(detailed[party].details.size(), questions.size());
    EXPECT_FALSE(detailed[party].details.back().rationale.empty());
  }
  // Both votes occur: the check is not vacuous.
  EXPECT_THAT(serial[1].votes, Contains(std::uint8_t{v1::VOTE_OBJECT}));
  EXPECT_THAT(serial[1].votes, Contains(std::uint8_t{v1::VOTE_SUPPORT}));
}

TEST(InProcessVoteSourceTest, AsksOnlyTheMaskedParties) {
  const v1::Scenario scenario = TinyForum();
  const v1::CharterDraft draft = TinyDraft();
  InProcessVoteSource source(scenario);
  TableContext context;
  context.draft = &draft;
  ASSERT_TRUE(source.Table(context).ok());
  const Question q{0, 1, {}};
  std::vector<PartyAnswers> out;
  ASSERT_TRUE(
      source.Ask(std::span<const Question>(&q, 1), false, 0b10, &out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[0].answered);
  EXPECT_TRUE(out[1].answered);
  EXPECT_THAT(out[1].votes, ElementsAre(std::uint8_t{v1::VOTE_SUPPORT}));
}

TEST(InProcessVoteSourceTest, RejectsMisuse) {
  const v1::Scenario scenario = TinyForum();
  const v1::CharterDraft draft = TinyDraft();
  InProcessVoteSource source(scenario);
  const Question q{0, 5, {}};
  std::vector<PartyAnswers> out;
  EXPECT_EQ(
      source.Ask(std::span<const Question>(&q, 1), false, 0b11, &out).code(),
      absl::StatusCode::kFailedPrecondition);
  TableContext context;
  EXPECT_EQ(source.Table(context).code(), absl::StatusCode::kInvalidArgument);
  context.draft = &draft;
  ASSERT_TRUE(source.Table(context).ok());
  EXPECT_EQ(
      source.Ask(std::span<const Question>(&q, 1), false, 0b11, &out).code(),
      absl::StatusCode::kInvalidArgument);
  // A variant nobody knows: no party can take the draft.
  context.variant = "nowhere";
  EXPECT_EQ(source.Table(context).code(), absl::StatusCode::kNotFound);
  const Question valid{0, 1, {}};
  EXPECT_EQ(source.Ask(std::span<const Question>(&valid, 1), false, 0b11, &out)
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace concert::coordinator
