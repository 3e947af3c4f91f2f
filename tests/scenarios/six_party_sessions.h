// Sessions of the shipped six-party scenario, held in process with the
// built-in interest models, and what the scenario tests read off them.
#ifndef CONCERT_TESTS_SCENARIOS_SIX_PARTY_SESSIONS_H_
#define CONCERT_TESTS_SCENARIOS_SIX_PARTY_SESSIONS_H_

#include <string>
#include <vector>

#include "concert/v1/charter.pb.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"

namespace concert::scenario_testing {

// Every shipped draft.
inline const char* const kDrafts[] = {
    "arf-three-stage",          "paper-sequence",
    "denuclearization-first",   "us-proposal-2004",
    "joint-statement-2005",     "action-for-action-2007",
    "working-group-principles", "peace-regime-track",
    "helsinki-template",        "osce-without-russian-projects",
    "five-then-dprk",           "bloc-3plus3"};
// The scenario's variants in which all six sit ("" is the baseline).
inline const char* const kVariants[] = {"",
                                        "conservation",
                                        "transformation",
                                        "us-engagement",
                                        "us-pressure",
                                        "rok-engagement"};

std::string ScenarioPath();
std::string DraftPath(const std::string& name);
// The shipped files (test failures when they do not load).
v1::Scenario Scenario();
v1::CharterDraft Draft(const std::string& name);

// One session of `draft` under `variant` ("" = baseline); `absent`
// overrides how an absent party counts when not UNSPECIFIED.
v1::Session RunDraft(const v1::CharterDraft& draft, const std::string& variant,
                     v1::DecisionRule::AbsentParty absent =
                         v1::DecisionRule::ABSENT_PARTY_UNSPECIFIED);
v1::Session RunDraft(const std::string& draft, const std::string& variant,
                     v1::DecisionRule::AbsentParty absent =
                         v1::DecisionRule::ABSENT_PARTY_UNSPECIFIED);
// The same under `rule` in place of the scenario's.
v1::Session RunDraftUnder(const v1::CharterDraft& draft,
                          const std::string& variant,
                          const v1::DecisionRule& rule);

// A comparison of the shipped scenario in process: `drafts` by name under
// `variants`; each what-if lifts the rules it names ("PARTY:RULE", one
// what-if per entry).
v1::CompareRequest Request(const std::vector<std::string>& drafts,
                           const std::vector<std::string>& variants,
                           const std::vector<std::string>& lifted = {});
v1::Comparison Compared(const v1::CompareRequest& request);
// The row of `draft` under `variant` and what-if `what_if` ("" for the
// unmodified row); a test failure and an empty row when there is none.
v1::ComparisonRow RowOf(const v1::Comparison& comparison,
                        const std::string& draft, const std::string& variant,
                        const std::string& what_if = "");
// The what-if name Request gives to lifting "PARTY:RULE".
std::string Lifting(const std::string& party_rule);

std::vector<std::string> Adopted(const v1::Session& session);
bool IsAdopted(const v1::Session& session, const std::string& id);
// 0-based place of `id` in the order of adoption; -1 when not adopted.
int AdoptionIndex(const v1::Session& session, const std::string& id);
// The summary's blocker entry for `id`; an empty one when there is none.
v1::Blocker BlockerOf(const v1::Session& session, const std::string& id);
std::vector<std::string> BlockingParties(const v1::Session& session,
                                         const std::string& id);
// Every party named as a blocker of any proposal.
std::vector<std::string> AllBlockingParties(const v1::Session& session);
// The vote of `party` in the last round that tabled `proposal`; null when
// it was never tabled.
const v1::CastVote* LastVote(const v1::Session& session,
                             const std::string& proposal,
                             const std::string& party);
// The last round that tabled `proposal`; null when none did.
const v1::Round* LastRound(const v1::Session& session,
                           const std::string& proposal);

}  // namespace concert::scenario_testing

#endif  // CONCERT_TESTS_SCENARIOS_SIX_PARTY_SESSIONS_H_
