// A comparison request is refused, with a message naming what is wrong,
// before any party is asked; and the structural diff of two drafts.
#include "services/coordinator/compare/request.h"

#include <string>

#include <gtest/gtest.h>

#include "services/coordinator/compare/diff.h"
#include "tests/unit/compare/shipped_fixture.h"

namespace concert::coordinator {
namespace {

TEST_F(ShippedForum, BadRequestsAreRefusedWithTheirReason) {
  v1::CompareRequest good;
  *good.add_drafts() = Draft("paper-sequence");
  ASSERT_TRUE(ValidateCompareRequest(scenario_, good).ok());
  struct Case {
    const char* why;
    void (*spoil)(v1::CompareRequest&);
    const char* says;
  };
  const Case cases[] = {
      {"no drafts", [](v1::CompareRequest& r) { r.clear_drafts(); },
       "no drafts"},
      {"twice one id",
       [](v1::CompareRequest& r) { *r.add_drafts() = r.drafts(0); }, "same id"},
      {"unknown variant",
       [](v1::CompareRequest& r) { r.add_variants("utopia"); },
       "unknown variant 'utopia'"},
      {"variant twice",
       [](v1::CompareRequest& r) {
         r.add_variants("");
         r.add_variants("");
       },
       "listed twice"},
      {"negative spread", [](v1::CompareRequest& r) { r.set_spread(-1); },
       "spread"},
      {"shard index",
       [](v1::CompareRequest& r) {
         r.mutable_shard()->set_index(4);
         r.mutable_shard()->set_count(3);
       },
       "shard 4/3"},
      {"too many samples",
       [](v1::CompareRequest& r) { r.set_samples(2'000'000); }, "samples"},
      {"what-if without name",
       [](v1::CompareRequest& r) { r.add_what_ifs()->add_overlays(); },
       "no name"},
      {"what-if of a stranger",
       [](v1::CompareRequest& r) {
         v1::WhatIf* w = r.add_what_ifs();
         w->set_name("x");
         w->add_overlays()->set_party("MARS");
       },
       "'MARS' is not in the scenario"},
      {"bad draft",
       [](v1::CompareRequest& r) {
         r.mutable_drafts(0)->mutable_proposals(0)->add_prerequisites("nope");
       },
       "draft 1 'paper-sequence'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    v1::CompareRequest request = good;
    c.spoil(request);
    absl::Status s = ValidateCompareRequest(scenario_, request);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find(c.says), std::string::npos) << s;
  }
}

TEST_F(ShippedForum, TheDiffNamesEveryStructuralChange) {
  const v1::CharterDraft a = Draft("paper-sequence");
  EXPECT_TRUE(IsEmpty(DiffDrafts(a, a)));
  v1::CharterDraft b = a;
  b.mutable_proposals()->DeleteSubrange(b.proposals_size() - 1, 1);
  v1::Proposal* added = b.add_proposals();
  added->set_id("new_one");
  added->set_stage("P1");
  b.mutable_proposals(0)->set_stage("P2");
  b.mutable_proposals(1)->mutable_effects(0)->set_delta(
      a.proposals(1).effects(0).delta() + 1);
  b.set_stage_order(v1::CharterDraft::FREE);
  const v1::DraftDiff d = DiffDrafts(a, b);
  ASSERT_EQ(d.added_size(), 1);
  EXPECT_EQ(d.added(0), "new_one");
  ASSERT_EQ(d.removed_size(), 1);
  EXPECT_EQ(d.removed(0), a.proposals(a.proposals_size() - 1).id());
  ASSERT_EQ(d.moved_size(), 1);
  EXPECT_EQ(d.moved(0).proposal(), a.proposals(0).id());
  EXPECT_EQ(d.moved(0).from_stage(), "P1");
  EXPECT_EQ(d.moved(0).to_stage(), "P2");
  ASSERT_EQ(d.effects_size(), 1);
  EXPECT_EQ(d.effects(0).after() - d.effects(0).before(), 1);
  EXPECT_TRUE(d.stage_order_changed());
  EXPECT_FALSE(IsEmpty(d));
}

}  // namespace
}  // namespace concert::coordinator
