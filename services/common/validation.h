// Validation of scenarios, charter drafts and party profiles. Each function
// reports every problem it finds at once — never only the first — each
// naming the object at fault and, when the message came from a file, the
// file and line.
//
// What is checked:
//  - ids: empty or duplicate ids of dimensions, parties, rules within a
//    party (and within a party's variant), variants, stages, proposals;
//  - references: to unknown dimensions (initial state, positions, rule
//    thresholds and moves, and — against a scenario — proposal effects),
//    proposals (prerequisites), stages, parties (variant absent_parties, and
//    — against a scenario — proposal concerns), variants (a party variant
//    naming a variant the scenario does not declare), baseline rules (a
//    variant's remove_rules);
//  - structure: prerequisite cycles (printed "a -> b -> c -> a"); under
//    STRICT stage order (the default), a proposal requiring one of a later
//    stage; empty drafts and scenarios; more than kMaxProposals proposals;
//  - values: negative salience, thresholds or party weight; a qualified
//    majority without a threshold in (0, 1]; unspecified rule kinds,
//    threshold comparisons and move directions; rules covering nothing;
//    a dimension set twice in the initial state or given two positions.
// Proposal ids in party rules (coverage, condition.adopted) are not checked:
// a party's rules span many drafts.
#ifndef CONCERT_SERVICES_COMMON_VALIDATION_H_
#define CONCERT_SERVICES_COMMON_VALIDATION_H_

#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/problem.h"
#include "services/common/text_format_loader.h"

namespace concert {

// Problems every message can have, whatever its kind: numbers that are not
// finite (NaN, infinities, 1e400) or, in scenarios, drafts and profiles,
// beyond kMaxMagnitude; enum fields holding undeclared values; strings that
// are not UTF-8, hold control characters or exceed their length; lists of
// scenarios, drafts and profiles beyond their counts (services/common/
// limits.h). Validate* below include these; servers run them on requests
// and answers too.
std::vector<Problem> ValidateValues(const google::protobuf::Message& message,
                                    const SourceLocations* locations = nullptr);

// ValidateValues for a message from a peer — a request, a party's answer:
// OK, or INVALID_ARGUMENT opening with `what` ("the request", "party DPRK's
// answer") and listing the problems (the first 20 of them).
absl::Status CheckPeerMessage(const google::protobuf::Message& message,
                              absl::string_view what);

// Problems of a scenario on its own. `locations` (may be null) gives the file
// and lines; without it problems carry neither.
std::vector<Problem> ValidateScenario(
    const v1::Scenario& scenario, const SourceLocations* locations = nullptr);

// Problems of a decision rule given on its own (a request's or a flag's, in
// place of the scenario's): a qualified majority's threshold must be in
// (0, 1], and ValidateValues' checks.
std::vector<Problem> ValidateDecisionRule(const v1::DecisionRule& rule);

// Problems of a charter draft on its own.
std::vector<Problem> ValidateDraft(const v1::CharterDraft& draft,
                                   const SourceLocations* locations = nullptr);
// ValidateDraft without ValidateValues' checks: for a draft inside a
// message whose values were checked already (CheckPeerMessage reaches every
// nested draft), so that a party tabling a draft walks its values once,
// not twice — the walk is by reflection, and a robustness study tables the
// draft once per sample.
std::vector<Problem> ValidateDraftStructure(const v1::CharterDraft& draft);

// Problems of a party profile: one party's part of a scenario, a PartySpec
// on its own (what `concert-party --profile` serves). The scenario's party
// checks (weight, positions, thresholds, rules, the party's variants and
// their remove_rules) with the profile's own paths, so `locations` (the
// profile file's) place each problem on the profile's lines; plus: the
// profile must have an id and an interest model. With `scenario` (may be
// null), references are checked against it too — positions, thresholds and
// moves on dimensions it does not declare, variants it does not declare —
// and the id must be one of its parties; without it those checks are
// skipped.
std::vector<Problem> ValidateProfile(
    const v1::PartySpec& profile, const v1::Scenario* scenario,
    const SourceLocations* locations = nullptr);

// Problems of a draft when used with `scenario`: effects on dimensions and
// concerns of parties the scenario does not declare. Does not repeat
// ValidateDraft's checks. `draft_locations` are the draft's.
std::vector<Problem> ValidateDraftAgainstScenario(
    const v1::CharterDraft& draft, const v1::Scenario& scenario,
    const SourceLocations* draft_locations = nullptr);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_VALIDATION_H_
