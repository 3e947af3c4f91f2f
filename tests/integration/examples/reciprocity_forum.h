// The forum the tests of the cpp-reciprocity example party meet in: the
// USA, a built-in model that supports every step, and the DPRK's seat for
// the example party (clients/examples/cpp-reciprocity, dprk.conf), with
// drafts built from (id, tag) pairs, one stage per list.
#ifndef CONCERT_TESTS_INTEGRATION_EXAMPLES_RECIPROCITY_FORUM_H_
#define CONCERT_TESTS_INTEGRATION_EXAMPLES_RECIPROCITY_FORUM_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"

namespace concert::testing {

// Where the example is, in the source tree and in the build tree.
inline std::string ReciprocitySourceDir() {
  return CONCERT_SOURCE_DIR "/clients/examples/cpp-reciprocity";
}
inline std::string ReciprocityConfig() {
  return ReciprocitySourceDir() + "/dprk.conf";
}

// USA and DPRK under consensus; DPRK has no model: its seat is the example
// party's, at `dprk_address` (empty: none yet, it joins).
inline v1::Scenario ReciprocityScenario(const std::string& dprk_address) {
  auto scenario = ParseScenarioFromString(
      R"pb(
        id: "reciprocity"
        dimensions { id: "security" }
        parties {
          id: "USA"
          name: "United States"
          interests {
            positions { dimension: "security" ideal: 10 salience: 1 }
            support_threshold: 0.01
            objection_threshold: 0.01
          }
        }
        parties { id: "DPRK" name: "DPRK" }
        rule { kind: CONSENSUS absent_party: BLOCKS }
      )pb",
      "reciprocity-scenario");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return {};
  scenario->mutable_parties(1)->set_address(dprk_address);
  return *scenario;
}

// One proposal: its id and its tag.
using Step = std::pair<std::string, std::string>;

// A draft with one stage per list of steps (STRICT: a stage opens once the
// one before is complete), or all steps in one stage with FREE order. Every
// step raises security by 1 (the USA supports it).
inline v1::CharterDraft ReciprocityDraft(
    const std::string& id, const std::vector<std::vector<Step>>& stages,
    bool strict = true) {
  v1::CharterDraft draft;
  draft.set_id(id);
  draft.set_title(id);
  draft.set_stage_order(strict ? v1::CharterDraft::STRICT
                               : v1::CharterDraft::FREE);
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const std::string stage = absl::StrCat("S", s + 1);
    draft.add_stages()->set_id(stage);
    for (const auto& [proposal_id, tag] : stages[s]) {
      v1::Proposal* p = draft.add_proposals();
      p->set_id(proposal_id);
      p->set_title(proposal_id);
      p->set_stage(stage);
      p->add_tags(tag);
      v1::Effect* effect = p->add_effects();
      effect->set_dimension("security");
      effect->set_delta(1);
    }
  }
  return draft;
}

// The steps the tests use: two of the other side's, two of the DPRK's own.
inline Step Assurances() { return {"security_assurances", "assurance"}; }
inline Step Normalization() { return {"normalization", "normalization"}; }
inline Step Freeze() { return {"freeze", "freeze"}; }
inline Step Dismantlement() { return {"dismantlement", "nuclear"}; }

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_EXAMPLES_RECIPROCITY_FORUM_H_
