// What-ifs and the smallest concession, checked against explorations of
// edited copies of the scenario: an overlay must do exactly what editing
// the party's profile would, and a concession must unlock the charter
// while every smaller part of it does not.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/unit/compare/shipped_fixture.h"

namespace concert::coordinator {
namespace {

v1::PartySpec* PartyOf(v1::Scenario& scenario, const std::string& id) {
  for (v1::PartySpec& p : *scenario.mutable_parties()) {
    if (p.id() == id) return &p;
  }
  ADD_FAILURE() << "no party " << id;
  return scenario.mutable_parties(0);
}

// The scenario with `move` written into the party's baseline profile: a
// lifted rule removed, a conceded proposal covered by a concession whose
// condition always holds.
void Edit(v1::Scenario& scenario, const v1::ConcessionMove& move) {
  v1::InterestModel* model =
      PartyOf(scenario, move.party())->mutable_interests();
  if (!move.lift_rule().empty()) {
    auto* rules = model->mutable_rules();
    const int before = rules->size();
    for (int i = 0; i < rules->size(); ++i) {
      if (rules->Get(i).id() == move.lift_rule()) {
        rules->DeleteSubrange(i, 1);
        break;
      }
    }
    EXPECT_EQ(rules->size(), before - 1) << move.lift_rule();
    return;
  }
  v1::PartyRule* rule = model->add_rules();
  rule->set_id(absl::StrCat("edited_tolerate_", move.tolerate()));
  rule->set_kind(v1::PartyRule::CONCESSION);
  rule->mutable_covers()->add_proposals(move.tolerate());
  v1::Threshold* always = rule->mutable_condition()->add_thresholds();
  always->set_dimension(scenario.dimensions(0).id());
  always->set_comparison(v1::Threshold::AT_LEAST);
  always->set_value(-1e12);
}

std::string Essentials(v1::Exploration e) {
  e.clear_elapsed_ms();
  e.clear_questions_asked();
  e.clear_graph();
  return e.DebugString();
}

TEST_F(ShippedForum, AWhatIfEqualsAnExplorationOfAnEditedScenario) {
  struct Case {
    const char* draft;
    const char* party;
    const char* rule;
  };
  for (const Case& k :
       {Case{"paper-sequence", "USA", "usa_peace_after_denuclearization"},
        Case{"arf-three-stage", "RUS", "rus_stake_before_institution"}}) {
    SCOPED_TRACE(absl::StrCat(k.draft, " without ", k.party, ":", k.rule));
    const v1::CharterDraft draft = Draft(k.draft);
    v1::CompareRequest request;
    *request.add_drafts() = draft;
    v1::WhatIf* what_if = request.add_what_ifs();
    what_if->set_name("lifted");
    v1::PartyOverlay* overlay = what_if->add_overlays();
    overlay->set_party(k.party);
    overlay->add_lift_rules(k.rule);
    absl::StatusOr<v1::Comparison> c = Run(request);
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_EQ(c->rows_size(), 2);
    EXPECT_EQ(c->rows(0).what_if(), "");
    EXPECT_EQ(c->rows(1).what_if(), "lifted");
    ASSERT_EQ(c->rows(1).error(), "");

    v1::Scenario edited = scenario_;
    v1::ConcessionMove move;
    move.set_party(k.party);
    move.set_lift_rule(k.rule);
    Edit(edited, move);
    absl::StatusOr<v1::Exploration> expected = ExploreIn(edited, draft, "");
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_EQ(Essentials(c->rows(1).exploration()), Essentials(*expected));
    absl::StatusOr<v1::Exploration> unmodified =
        ExploreIn(scenario_, draft, "");
    ASSERT_TRUE(unmodified.ok());
    EXPECT_EQ(Essentials(c->rows(0).exploration()), Essentials(*unmodified));
  }
}

TEST_F(ShippedForum, TheSmallestConcessionUnlocksAndNoPartOfItDoes) {
  int verified = 0;
  for (const char* name : {"paper-sequence", "action-for-action-2007",
                           "joint-statement-2005", "denuclearization-first"}) {
    SCOPED_TRACE(name);
    const v1::CharterDraft draft = Draft(name);
    v1::CompareRequest request;
    *request.add_drafts() = draft;
    request.set_concessions(true);
    absl::StatusOr<v1::Comparison> c = Run(request);
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_FALSE(c->rows(0).exploration().full_charter_reachable());
    ASSERT_EQ(c->concessions_size(), 1);
    const v1::ConcessionSearch& search = c->concessions(0);
    ASSERT_GT(search.smallest_size(), 0) << search.note();
    for (const v1::Concession& concession : search.smallest()) {
      SCOPED_TRACE(concession.ShortDebugString());
      v1::Scenario all = scenario_;
      for (const v1::ConcessionMove& m : concession.moves()) Edit(all, m);
      absl::StatusOr<v1::Exploration> unlocked = ExploreIn(all, draft, "");
      ASSERT_TRUE(unlocked.ok()) << unlocked.status();
      EXPECT_TRUE(unlocked->full_charter_reachable());
      for (int keep = 0; keep < concession.moves_size(); ++keep) {
        v1::Scenario partial = scenario_;
        for (int m = 0; m < concession.moves_size(); ++m) {
          if (m != keep) Edit(partial, concession.moves(m));
        }
        absl::StatusOr<v1::Exploration> locked = ExploreIn(partial, draft, "");
        ASSERT_TRUE(locked.ok()) << locked.status();
        EXPECT_FALSE(locked->full_charter_reachable())
            << "still unlocked with "
            << concession.moves(keep).ShortDebugString() << " kept";
      }
      ++verified;
    }
  }
  EXPECT_GE(verified, 4);
}

TEST_F(ShippedForum, AnAbsentPartyThatBlocksLeavesNothingToConcede) {
  v1::CompareRequest request;
  *request.add_drafts() = Draft("paper-sequence");
  request.add_variants("five-party");
  request.set_concessions(true);
  absl::StatusOr<v1::Comparison> c = Run(request);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->concessions_size(), 1);
  EXPECT_TRUE(c->concessions(0).smallest().empty());
  EXPECT_NE(c->concessions(0).note().find("absent"), std::string::npos)
      << c->concessions(0).note();
}

}  // namespace
}  // namespace concert::coordinator
