#include "tests/scenarios/six_party_sessions.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "services/common/text_format_loader.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/core/session_runner.h"

namespace concert::scenario_testing {

std::string ScenarioPath() {
  return std::string(CONCERT_SOURCE_DIR) + "/scenarios/six-party.textproto";
}

std::string DraftPath(const std::string& name) {
  return std::string(CONCERT_SOURCE_DIR) + "/scenarios/drafts/" + name +
         ".textproto";
}

v1::Scenario Scenario() {
  absl::StatusOr<v1::Scenario> scenario = LoadScenario(ScenarioPath());
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *scenario : v1::Scenario();
}

v1::CharterDraft Draft(const std::string& name) {
  absl::StatusOr<v1::CharterDraft> draft = LoadDraft(DraftPath(name));
  EXPECT_TRUE(draft.ok()) << draft.status();
  return draft.ok() ? *draft : v1::CharterDraft();
}

v1::Session RunDraftUnder(const v1::CharterDraft& draft,
                          const std::string& variant,
                          const v1::DecisionRule& rule) {
  v1::Scenario scenario = Scenario();
  coordinator::SessionOptions options;
  options.variant = variant;
  options.rule = rule;
  coordinator::InProcessVoteSource source(scenario);
  absl::StatusOr<v1::Session> session = coordinator::RunSession(
      scenario, draft, options, source, [](const v1::SessionEvent&) {});
  EXPECT_TRUE(session.ok()) << session.status();
  return session.ok() ? *session : v1::Session();
}

v1::Session RunDraft(const v1::CharterDraft& draft, const std::string& variant,
                     v1::DecisionRule::AbsentParty absent) {
  v1::DecisionRule rule;  // KIND_UNSPECIFIED: the scenario's
  if (absent != v1::DecisionRule::ABSENT_PARTY_UNSPECIFIED) {
    rule = Scenario().rule();
    rule.set_absent_party(absent);
  }
  return RunDraftUnder(draft, variant, rule);
}

v1::Session RunDraft(const std::string& draft, const std::string& variant,
                     v1::DecisionRule::AbsentParty absent) {
  return RunDraft(Draft(draft), variant, absent);
}

std::vector<std::string> Adopted(const v1::Session& session) {
  return {session.summary().adopted().begin(),
          session.summary().adopted().end()};
}

bool IsAdopted(const v1::Session& session, const std::string& id) {
  const std::vector<std::string> adopted = Adopted(session);
  return std::find(adopted.begin(), adopted.end(), id) != adopted.end();
}

int AdoptionIndex(const v1::Session& session, const std::string& id) {
  const std::vector<std::string> adopted = Adopted(session);
  auto it = std::find(adopted.begin(), adopted.end(), id);
  return it == adopted.end() ? -1 : static_cast<int>(it - adopted.begin());
}

v1::Blocker BlockerOf(const v1::Session& session, const std::string& id) {
  for (const v1::Blocker& b : session.summary().blockers()) {
    if (b.proposal() == id) return b;
  }
  return v1::Blocker();
}

std::vector<std::string> BlockingParties(const v1::Session& session,
                                         const std::string& id) {
  v1::Blocker b = BlockerOf(session, id);
  return {b.parties().begin(), b.parties().end()};
}

std::vector<std::string> AllBlockingParties(const v1::Session& session) {
  std::vector<std::string> parties;
  for (const v1::Blocker& b : session.summary().blockers()) {
    for (const std::string& p : b.parties()) {
      if (std::find(parties.begin(), parties.end(), p) == parties.end()) {
        parties.push_back(p);
      }
    }
  }
  return parties;
}

const v1::CastVote* LastVote(const v1::Session& session,
                             const std::string& proposal,
                             const std::string& party) {
  const v1::CastVote* found = nullptr;
  for (const v1::Round& round : session.rounds()) {
    if (round.proposal() != proposal) continue;
    for (const v1::CastVote& vote : round.votes()) {
      if (vote.party() == party) found = &vote;
    }
  }
  return found;
}

const v1::Round* LastRound(const v1::Session& session,
                           const std::string& proposal) {
  const v1::Round* found = nullptr;
  for (const v1::Round& round : session.rounds()) {
    if (round.proposal() == proposal) found = &round;
  }
  return found;
}

}  // namespace concert::scenario_testing
