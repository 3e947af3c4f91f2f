#include "tests/scenarios/six_party_sessions.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/text_format_loader.h"
#include "services/coordinator/compare/compare.h"
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

std::string Lifting(const std::string& party_rule) {
  return absl::StrCat("without ", party_rule);
}

v1::CompareRequest Request(const std::vector<std::string>& drafts,
                           const std::vector<std::string>& variants,
                           const std::vector<std::string>& lifted) {
  v1::CompareRequest request;
  for (const std::string& name : drafts) *request.add_drafts() = Draft(name);
  for (const std::string& variant : variants) request.add_variants(variant);
  for (const std::string& party_rule : lifted) {
    const std::vector<std::string> parts =
        absl::StrSplit(party_rule, absl::MaxSplits(':', 1));
    EXPECT_EQ(parts.size(), 2u) << party_rule;
    if (parts.size() != 2) continue;
    v1::WhatIf* what_if = request.add_what_ifs();
    what_if->set_name(Lifting(party_rule));
    v1::PartyOverlay* overlay = what_if->add_overlays();
    overlay->set_party(parts[0]);
    overlay->add_lift_rules(parts[1]);
  }
  return request;
}

v1::Comparison Compared(const v1::CompareRequest& request) {
  const v1::Scenario scenario = Scenario();
  coordinator::InProcessVoteSource source(scenario);
  absl::StatusOr<v1::Comparison> comparison =
      coordinator::Compare(scenario, request, source);
  EXPECT_TRUE(comparison.ok()) << comparison.status();
  return comparison.ok() ? *comparison : v1::Comparison();
}

v1::ComparisonRow RowOf(const v1::Comparison& comparison,
                        const std::string& draft, const std::string& variant,
                        const std::string& what_if) {
  for (const v1::ComparisonRow& row : comparison.rows()) {
    if (row.draft_id() == draft && row.variant() == variant &&
        row.what_if() == what_if) {
      return row;
    }
  }
  ADD_FAILURE() << "no row " << draft << " / '" << variant << "' / '" << what_if
                << "'";
  return v1::ComparisonRow();
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
