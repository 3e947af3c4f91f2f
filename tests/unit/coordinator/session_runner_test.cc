#include "services/coordinator/core/session_runner.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/coordinator/core/scripted_vote_source.h"
#include "tests/support/parse.h"

namespace concert::coordinator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using ::concert::testing::Parse;

// Three parties; DPRK is absent under "dprk_out".
v1::Scenario Forum() {
  return Parse<v1::Scenario>(R"pb(
    id: "tiny"
    parties { id: "USA" name: "United States" weight: 2 }
    parties { id: "CHN" name: "China" }
    parties { id: "DPRK" name: "North Korea" }
    rule { kind: CONSENSUS }
    variants { name: "dprk_out" absent_parties: "DPRK" }
    variants { name: "all_in" }
  )pb");
}

// p1, p2 in S1; p3 (requires p1) in S2; draft order p1, p2, p3.
v1::CharterDraft Draft(v1::CharterDraft::StageOrder order) {
  v1::CharterDraft draft = Parse<v1::CharterDraft>(R"pb(
    id: "d"
    title: "Draft"
    stages { id: "S1" }
    stages { id: "S2" }
    proposals { id: "p1" title: "One" stage: "S1" }
    proposals { id: "p2" title: "Two" stage: "S1" }
    proposals { id: "p3" title: "Three" stage: "S2" prerequisites: "p1" }
  )pb");
  draft.set_stage_order(order);
  return draft;
}

constexpr int kUSA = 0, kDPRK = 2;
constexpr int p1 = 0, p2 = 1, p3 = 2;

// Runs a session, recording the events.
struct Outcome {
  absl::StatusOr<v1::Session> session;
  std::vector<v1::SessionEvent> events;
};

Outcome RunWith(const v1::Scenario& scenario, const v1::CharterDraft& draft,
                ScriptedVoteSource& source, SessionOptions options = {}) {
  Outcome run;
  run.session = RunSession(
      scenario, draft, options, source,
      [&run](const v1::SessionEvent& e) { run.events.push_back(e); });
  return run;
}

std::vector<std::string> RoundProposals(const v1::Session& session) {
  std::vector<std::string> out;
  for (const auto& r : session.rounds()) out.push_back(r.proposal());
  return out;
}

ScriptedAnswer Objection(std::string rationale,
                         std::vector<std::string> conditions) {
  ScriptedAnswer a;
  a.vote = v1::VOTE_OBJECT;
  a.utility_change = -1.5;
  a.rationale = std::move(rationale);
  a.conditions = std::move(conditions);
  return a;
}

TEST(SessionRunnerTest, AllSupportReachesConsensusInDraftOrder) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  SessionOptions options;
  options.session_id = "s-1";
  Outcome run =
      RunWith(scenario, Draft(v1::CharterDraft::STRICT), source, options);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;

  EXPECT_EQ(s.started().session_id(), "s-1");
  EXPECT_EQ(s.started().draft_id(), "d");
  EXPECT_EQ(s.started().scenario_id(), "tiny");
  EXPECT_EQ(s.started().proposals(), 3);
  EXPECT_EQ(s.started().rule().kind(), v1::DecisionRule::CONSENSUS);
  ASSERT_EQ(s.started().parties_size(), 3);
  EXPECT_EQ(s.started().parties(0).weight(), 2);
  EXPECT_EQ(s.started().parties(1).weight(), 1);  // 0 read as 1
  EXPECT_EQ(source.table_calls(), 1);

  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_THAT(s.summary().adopted(), ElementsAre("p1", "p2", "p3"));
  EXPECT_THAT(s.summary().blockers(), IsEmpty());
  EXPECT_EQ(s.summary().rounds(), 3);
  EXPECT_EQ(s.summary().passes(), 1);
  ASSERT_EQ(s.rounds_size(), 3);
  for (int i = 0; i < 3; ++i) {
    const v1::Round& r = s.rounds(i);
    EXPECT_EQ(r.number(), i + 1);
    EXPECT_EQ(r.pass(), 1);
    EXPECT_EQ(r.outcome(), v1::Round::ADOPTED);
    EXPECT_EQ(r.explanation(), "passes: no objection");
    ASSERT_EQ(r.votes_size(), 3);
    EXPECT_EQ(r.votes(0).party(), "USA");
    EXPECT_EQ(r.votes(2).party(), "DPRK");
    EXPECT_EQ(r.votes(2).vote(), v1::VOTE_SUPPORT);
    EXPECT_EQ(r.votes(2).attempts(), 1);
    EXPECT_FALSE(r.votes(2).absent());
  }
  EXPECT_EQ(s.rounds(0).title(), "One");
  EXPECT_EQ(s.rounds(2).stage(), "S2");
}

TEST(SessionRunnerTest, EventsStreamInOrderAndMatchTheSession) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetVotes(kDPRK, [](int, ProposalSet, int proposal) {
    return proposal == p2 ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT;
  });
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::FREE), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;
  ASSERT_EQ(run.events.size(), static_cast<size_t>(s.rounds_size() + 2));
  using google::protobuf::util::MessageDifferencer;
  ASSERT_TRUE(run.events.front().has_started());
  EXPECT_TRUE(
      MessageDifferencer::Equals(run.events.front().started(), s.started()));
  for (int i = 0; i < s.rounds_size(); ++i) {
    ASSERT_TRUE(run.events[i + 1].has_round());
    EXPECT_TRUE(
        MessageDifferencer::Equals(run.events[i + 1].round(), s.rounds(i)));
  }
  ASSERT_TRUE(run.events.back().has_summary());
  EXPECT_TRUE(
      MessageDifferencer::Equals(run.events.back().summary(), s.summary()));
}

TEST(SessionRunnerTest, ObjectionLiftedByLaterAdoptionIsRetabled) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  // DPRK objects to p1 until p2 is adopted.
  source.SetAnswers(kDPRK, [](int, ProposalSet adopted, int proposal) {
    if (proposal == p1 && !Contains(adopted, p2)) {
      return Objection("no p1 before p2", {"adopt p2"});
    }
    return ScriptedAnswer{};
  });
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::FREE), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;

  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_THAT(s.summary().adopted(), ElementsAre("p2", "p1", "p3"));
  EXPECT_THAT(RoundProposals(s), ElementsAre("p1", "p2", "p1", "p3"));
  EXPECT_EQ(s.summary().passes(), 2);

  const v1::Round& deferred = s.rounds(0);
  EXPECT_EQ(deferred.outcome(), v1::Round::DEFERRED);
  EXPECT_THAT(deferred.blocking_parties(), ElementsAre("DPRK"));
  EXPECT_THAT(deferred.conditions(), ElementsAre("adopt p2"));
  EXPECT_EQ(deferred.explanation(), "fails: objection from DPRK");
  EXPECT_EQ(deferred.votes(kDPRK).vote(), v1::VOTE_OBJECT);
  EXPECT_EQ(deferred.votes(kDPRK).utility_change(), -1.5);
  EXPECT_EQ(deferred.votes(kDPRK).rationale(), "no p1 before p2");
  EXPECT_THAT(deferred.votes(kDPRK).conditions(), ElementsAre("adopt p2"));

  EXPECT_EQ(s.rounds(2).pass(), 2);
  EXPECT_EQ(s.rounds(2).outcome(), v1::Round::ADOPTED);
  EXPECT_EQ(s.rounds(3).proposal(), "p3");
}

TEST(SessionRunnerTest, DeadlockNamesBlockersConditionsAndWaits) {
  v1::Scenario scenario = Forum();
  v1::CharterDraft draft = Draft(v1::CharterDraft::FREE);
  *draft.add_proposals() =
      Parse<v1::Proposal>(R"pb(id: "p4" stage: "S2" prerequisites: "p3")pb");
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetAnswers(kDPRK, [](int, ProposalSet, int proposal) {
    if (proposal == p3) {
      return Objection("too early", {"security_assurance >= 4", "adopt p9"});
    }
    return ScriptedAnswer{};
  });
  source.SetAnswers(kUSA, [](int, ProposalSet, int proposal) {
    if (proposal == p3) return Objection("not yet", {"adopt p9"});
    return ScriptedAnswer{};
  });
  Outcome run = RunWith(scenario, draft, source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;

  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(s.summary().adopted(), ElementsAre("p1", "p2"));
  // p3 was tabled once, after p1; nothing changed after it failed.
  EXPECT_THAT(RoundProposals(s), ElementsAre("p1", "p2", "p3"));
  EXPECT_EQ(s.summary().passes(), 1);
  EXPECT_THAT(s.rounds(2).blocking_parties(), ElementsAre("USA", "DPRK"));
  EXPECT_THAT(s.rounds(2).conditions(),
              ElementsAre("adopt p9", "security_assurance >= 4"));

  ASSERT_EQ(s.summary().blockers_size(), 2);
  const v1::Blocker& b3 = s.summary().blockers(0);
  EXPECT_EQ(b3.proposal(), "p3");
  EXPECT_THAT(b3.parties(), ElementsAre("USA", "DPRK"));
  EXPECT_THAT(b3.rationales(), ElementsAre("USA: not yet", "DPRK: too early"));
  EXPECT_THAT(b3.conditions(),
              ElementsAre("adopt p9", "security_assurance >= 4"));
  EXPECT_THAT(b3.waiting_on(), IsEmpty());
  const v1::Blocker& b4 = s.summary().blockers(1);
  EXPECT_EQ(b4.proposal(), "p4");
  EXPECT_THAT(b4.parties(), IsEmpty());
  EXPECT_THAT(b4.waiting_on(), ElementsAre("p3"));
}

TEST(SessionRunnerTest, StrictStagesNeverOpenTheNextStageWhileOneIsStuck) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetVotes(kDPRK, [](int, ProposalSet, int proposal) {
    return proposal == p2 ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT;
  });
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::STRICT), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;

  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(s.summary().adopted(), ElementsAre("p1"));
  EXPECT_THAT(RoundProposals(s), ElementsAre("p1", "p2"));
  ASSERT_EQ(s.summary().blockers_size(), 2);
  EXPECT_EQ(s.summary().blockers(0).proposal(), "p2");
  EXPECT_THAT(s.summary().blockers(0).parties(), ElementsAre("DPRK"));
  // An empty rationale is replaced by the vote's name.
  EXPECT_THAT(s.summary().blockers(0).rationales(),
              ElementsAre("DPRK: OBJECT"));
  EXPECT_EQ(s.summary().blockers(1).proposal(), "p3");
  EXPECT_THAT(s.summary().blockers(1).waiting_on(),
              ElementsAre("stage S1 incomplete"));
}

TEST(SessionRunnerTest, FreeOrderTablesLaterStagesByPrerequisitesOnly) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetVotes(kDPRK, [](int, ProposalSet, int proposal) {
    return proposal == p2 ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT;
  });
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::FREE), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(s.summary().adopted(), ElementsAre("p1", "p3"));
  // p2 is re-tabled after p3's adoption, and fails again.
  EXPECT_THAT(RoundProposals(s), ElementsAre("p1", "p2", "p3", "p2"));
  EXPECT_EQ(s.summary().passes(), 2);
  ASSERT_EQ(s.summary().blockers_size(), 1);
  EXPECT_THAT(s.summary().blockers(0).waiting_on(), IsEmpty());
}

TEST(SessionRunnerTest, UnreachablePartySuspendsTheSession) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetUnreachable(kDPRK, true);
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::STRICT), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::SUSPENDED);
  EXPECT_THAT(s.summary().missing_parties(), ElementsAre("DPRK"));
  ASSERT_EQ(s.rounds_size(), 1);
  EXPECT_EQ(s.rounds(0).outcome(), v1::Round::DEFERRED);
  EXPECT_THAT(s.rounds(0).blocking_parties(), ElementsAre("DPRK"));
  EXPECT_TRUE(s.rounds(0).votes(kDPRK).absent());
  EXPECT_THAT(s.rounds(0).votes(kDPRK).rationale(), HasSubstr("unreachable"));
  EXPECT_EQ(s.summary().blockers_size(), 3);
  EXPECT_EQ(run.events.size(), 3u);
}

TEST(SessionRunnerTest, UnreachablePartyAbstainsWhenConfigured) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetUnreachable(kDPRK, true);
  SessionOptions options;
  options.rule.set_kind(v1::DecisionRule::CONSENSUS);
  options.rule.set_absent_party(v1::DecisionRule::ABSTAINS);
  Outcome run =
      RunWith(scenario, Draft(v1::CharterDraft::STRICT), source, options);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  EXPECT_EQ(run.session->summary().outcome(), v1::SessionSummary::CONSENSUS);
  // Still reported as missing.
  EXPECT_THAT(run.session->summary().missing_parties(), ElementsAre("DPRK"));
  EXPECT_EQ(run.session->started().rule().absent_party(),
            v1::DecisionRule::ABSTAINS);
}

TEST(SessionRunnerTest, VariantAbsentPartyBlocksByDefault) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  SessionOptions options;
  options.variant = "dprk_out";
  Outcome run =
      RunWith(scenario, Draft(v1::CharterDraft::FREE), source, options);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  const v1::Session& s = *run.session;

  EXPECT_EQ(source.tabled_variant(), "dprk_out");
  EXPECT_EQ(source.questions_asked(kDPRK), 0);
  EXPECT_TRUE(s.started().parties(kDPRK).absent());
  EXPECT_EQ(s.started().variant(), "dprk_out");
  // Absence by variant is a deadlock, not a suspension.
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::DEADLOCK);
  EXPECT_THAT(s.summary().missing_parties(), IsEmpty());
  EXPECT_THAT(s.summary().adopted(), IsEmpty());
  EXPECT_THAT(RoundProposals(s), ElementsAre("p1", "p2"));
  for (const auto& r : s.rounds()) {
    EXPECT_THAT(r.blocking_parties(), ElementsAre("DPRK"));
    EXPECT_TRUE(r.votes(kDPRK).absent());
    EXPECT_EQ(r.votes(kDPRK).vote(), v1::VOTE_UNSPECIFIED);
  }
  EXPECT_THAT(s.summary().blockers(0).rationales(),
              ElementsAre("DPRK: absent under variant 'dprk_out'"));
  EXPECT_THAT(s.summary().blockers(2).waiting_on(), ElementsAre("p1"));
}

TEST(SessionRunnerTest, VariantAbsentPartyAbstainsWhenConfigured) {
  v1::Scenario scenario = Forum();
  scenario.mutable_rule()->set_absent_party(v1::DecisionRule::ABSTAINS);
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  SessionOptions options;
  options.variant = "dprk_out";
  Outcome run =
      RunWith(scenario, Draft(v1::CharterDraft::FREE), source, options);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  EXPECT_EQ(run.session->summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_EQ(source.questions_asked(kDPRK), 0);
  EXPECT_THAT(run.session->rounds(0).explanation(),
              HasSubstr("DPRK absent, counted as abstaining"));
}

TEST(SessionRunnerTest, RuleOverrideReplacesTheScenarioRule) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  source.SetVotes(kDPRK, [](int, ProposalSet, int) { return v1::VOTE_OBJECT; });
  SessionOptions options;
  options.rule.set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  options.rule.set_threshold(0.5);
  Outcome run =
      RunWith(scenario, Draft(v1::CharterDraft::STRICT), source, options);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  EXPECT_EQ(run.session->started().rule().kind(),
            v1::DecisionRule::QUALIFIED_MAJORITY);
  EXPECT_EQ(run.session->summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_EQ(run.session->rounds(0).explanation(),
            "passes: support 75% of the voting weight (3.0 of 4.0), 50% "
            "needed");
}

TEST(SessionRunnerTest, UnknownVariantIsInvalidArgument) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  SessionOptions options;
  options.variant = "collapse";
  Outcome run =
      RunWith(scenario, Draft(v1::CharterDraft::STRICT), source, options);
  EXPECT_EQ(run.session.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(run.session.status().message(), HasSubstr("collapse"));
  EXPECT_THAT(run.events, IsEmpty());
  EXPECT_EQ(source.table_calls(), 0);
}

TEST(SessionRunnerTest, SourceMustMatchTheScenario) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source({"USA", "DPRK", "CHN"});
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::STRICT), source);
  EXPECT_EQ(run.session.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SessionRunnerTest, EmptyDraftIsConsensusWithoutRounds) {
  const v1::Scenario scenario = Forum();
  ScriptedVoteSource source = ScriptedVoteSource::ForScenario(scenario);
  Outcome run = RunWith(scenario, v1::CharterDraft(), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  EXPECT_EQ(run.session->summary().outcome(), v1::SessionSummary::CONSENSUS);
  EXPECT_EQ(run.session->summary().rounds(), 0);
  EXPECT_EQ(run.events.size(), 2u);
}

TEST(SessionRunnerTest, HistoryIsTheAdoptionOrder) {
  const v1::Scenario scenario = Forum();
  // Records the history of every question through a custom source.
  class HistorySource : public ScriptedVoteSource {
   public:
    using ScriptedVoteSource::ScriptedVoteSource;
    absl::Status Ask(std::span<const Question> questions, bool details,
                     std::uint64_t ask,
                     std::vector<PartyAnswers>* out) override {
      for (const auto& q : questions) {
        histories.emplace_back(q.history.begin(), q.history.end());
        EXPECT_TRUE(details);
      }
      return ScriptedVoteSource::Ask(questions, details, ask, out);
    }
    std::vector<std::vector<std::uint32_t>> histories;
  };
  HistorySource source({"USA", "CHN", "DPRK"});
  source.SetVotes(kDPRK, [](int, ProposalSet adopted, int proposal) {
    return proposal == p1 && !Contains(adopted, p2) ? v1::VOTE_OBJECT
                                                    : v1::VOTE_SUPPORT;
  });
  Outcome run = RunWith(scenario, Draft(v1::CharterDraft::FREE), source);
  ASSERT_TRUE(run.session.ok()) << run.session.status();
  ASSERT_EQ(source.histories.size(), 4u);
  EXPECT_THAT(source.histories[0], IsEmpty());
  EXPECT_THAT(source.histories[1], IsEmpty());
  EXPECT_THAT(source.histories[2], ElementsAre(1u));
  EXPECT_THAT(source.histories[3], ElementsAre(1u, 0u));
}

}  // namespace
}  // namespace concert::coordinator
