#include "tests/support/forums.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace concert::coordinator::testing {

v1::Scenario MakeScenario(int parties, v1::DecisionRule::Kind kind) {
  v1::Scenario scenario;
  scenario.set_id("test-scenario");
  scenario.set_title("A test scenario");
  for (int i = 0; i < parties; ++i) {
    v1::PartySpec* p = scenario.add_parties();
    p->set_id(absl::StrCat("P", i));
    p->set_name(absl::StrCat("Party ", i));
    p->set_weight(1);
  }
  scenario.mutable_rule()->set_kind(kind);
  return scenario;
}

v1::CharterDraft MakeDraft(int n, bool strict, const std::vector<int>& stage_of,
                           const std::vector<std::vector<int>>& prerequisites) {
  v1::CharterDraft draft;
  draft.set_id("test-draft");
  draft.set_title("A test draft");
  draft.set_stage_order(strict ? v1::CharterDraft::STRICT
                               : v1::CharterDraft::FREE);
  int stages = 1;
  for (int s : stage_of) stages = std::max(stages, s + 1);
  for (int s = 0; s < stages; ++s)
    draft.add_stages()->set_id(absl::StrCat("s", s));
  for (int i = 0; i < n; ++i) {
    v1::Proposal* p = draft.add_proposals();
    p->set_id(absl::StrCat("p", i));
    p->set_title(absl::StrCat("Proposal ", i));
    p->set_stage(absl::StrCat("s", stage_of.empty() ? 0 : stage_of[i]));
    if (i < static_cast<int>(prerequisites.size())) {
      for (int r : prerequisites[i]) p->add_prerequisites(absl::StrCat("p", r));
    }
  }
  return draft;
}

DraftIndex IndexOf(const v1::CharterDraft& draft) {
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  EXPECT_TRUE(index.ok()) << index.status();
  if (!index.ok()) return *DraftIndex::Build(v1::CharterDraft());
  return *std::move(index);
}

}  // namespace concert::coordinator::testing
