// Every rule of every party binds somewhere: lifting it (a what-if overlay)
// changes the headline of an exploration of a shipped draft — whether the
// full charter is reachable, how many orders reach consensus, or how far
// the best order gets. A rule that changes nothing would be a switch with
// no effect, and the table below must name a case for every red line and
// concession in the scenario, baseline and variants alike.
#include <cctype>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/scenarios/six_party_sessions.h"

namespace concert::scenario_testing {
namespace {

struct Binding {
  const char* party_rule;  // "PARTY:RULE"
  const char* draft;
  const char* variant;  // "" for the baseline
  const char* why;
};

// Where each rule binds, and why it does there.
const Binding kBindings[] = {
    {"USA:usa_verify_before_opening", "arf-three-stage", "",
     "the transport links wait for the verification protocol"},
    {"USA:usa_peace_after_denuclearization", "paper-sequence", "",
     "with it, the peace regime waits on dismantlement: the circle"},
    {"USA:usa_peace_with_verification", "joint-statement-2005", "us-engagement",
     "the statement's peace regime waits on a protocol it lacks"},
    {"USA:usa_cvid_first", "paper-sequence", "us-pressure",
     "no assurance or normalization before a complete declaration"},
    {"RUS:rus_no_blocs", "bloc-3plus3", "",
     "Russia alone blocks the northern alignment"},
    {"RUS:rus_stake_before_institution", "five-then-dprk", "",
     "Russia blocks the secretariat without a stake of its own"},
    {"JPN:jpn_abductees_before_money", "arf-three-stage", "",
     "the large economic package waits for the Japanese track"},
    {"ROK:rok_denuclearization_and_openness", "arf-three-stage", "",
     "North-South cooperation waits for verification"},
    {"DPRK:dprk_simultaneous_actions", "arf-three-stage", "",
     "without it the DPRK never lets verification pass"},
    {"DPRK:dprk_survival_before_dismantlement", "paper-sequence", "",
     "dismantlement before a peace regime is refused"},
    {"DPRK:dprk_prosperity_changes_calculus", "arf-three-stage", "",
     "prosperity is what makes the baseline DPRK dismantle"},
    {"DPRK:dprk_survival_before_dismantlement", "joint-statement-2005",
     "conservation",
     "the nuclear status cannot be discarded, whatever the "
     "assurances and aid"},
    {"DPRK:dprk_simultaneous_actions", "arf-three-stage", "transformation",
     "verification once the climate is safe"},
    {"DPRK:dprk_survival_before_dismantlement", "joint-statement-2005",
     "transformation",
     "the statement's assurances are too thin to dismantle "
     "on"},
};

std::tuple<bool, std::string, std::uint32_t> Headline(
    const v1::ComparisonRow& row) {
  return {row.exploration().full_charter_reachable(),
          row.exploration().consensus_sequences(),
          row.exploration().largest_adoptable().size()};
}

class RulesBindTest : public ::testing::TestWithParam<Binding> {};

TEST_P(RulesBindTest, LiftingTheRuleChangesTheOutcome) {
  const Binding& b = GetParam();
  SCOPED_TRACE(absl::StrCat(b.party_rule, " on ", b.draft, " / '", b.variant,
                            "': ", b.why));
  const v1::Comparison c =
      Compared(Request({b.draft}, {b.variant}, {b.party_rule}));
  const v1::ComparisonRow with = RowOf(c, b.draft, b.variant);
  const v1::ComparisonRow without =
      RowOf(c, b.draft, b.variant, Lifting(b.party_rule));
  EXPECT_TRUE(with.error().empty()) << with.error();
  EXPECT_TRUE(without.error().empty()) << without.error();
  EXPECT_NE(Headline(with), Headline(without));
}

INSTANTIATE_TEST_SUITE_P(EveryRule, RulesBindTest,
                         ::testing::ValuesIn(kBindings),
                         [](const ::testing::TestParamInfo<Binding>& info) {
                           std::string name =
                               absl::StrCat(info.param.party_rule, "_",
                                            info.param.variant[0] == '\0'
                                                ? "baseline"
                                                : info.param.variant);
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch)))
                               ch = '_';
                           }
                           return name;
                         });

// The table covers every red line and concession of the scenario, in the
// baseline and under each party variant that writes its own version.
TEST(RulesBindCoverageTest, EveryRuleHasABinding) {
  std::set<std::string> covered;
  for (const Binding& b : kBindings) {
    covered.insert(absl::StrCat(b.party_rule, "@", b.variant));
  }
  std::set<std::string> rules;
  const v1::Scenario scenario = Scenario();
  for (const v1::PartySpec& party : scenario.parties()) {
    for (const v1::PartyRule& rule : party.interests().rules()) {
      if (rule.kind() == v1::PartyRule::STATEMENT) continue;
      rules.insert(absl::StrCat(party.id(), ":", rule.id(), "@"));
    }
    for (const v1::PartyVariant& variant : party.variants()) {
      for (const v1::PartyRule& rule : variant.rules()) {
        if (rule.kind() == v1::PartyRule::STATEMENT) continue;
        rules.insert(
            absl::StrCat(party.id(), ":", rule.id(), "@", variant.name()));
      }
    }
  }
  for (const std::string& rule : rules) {
    EXPECT_TRUE(covered.count(rule)) << rule << " has no binding case";
  }
}

}  // namespace
}  // namespace concert::scenario_testing
