// The comparison of the shipped drafts with the built-in parties in
// process, each answer checked against an independent computation: the
// explorer's enumeration, an exploration of an edited copy of the scenario,
// the unperturbed forum, the unsharded study.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/coordinator/compare/merge.h"
#include "tests/unit/compare/shipped_fixture.h"

namespace concert::coordinator {
namespace {

const v1::ComparisonRow* FindRow(const v1::Comparison& c,
                                 const std::string& draft,
                                 const std::string& variant,
                                 const std::string& what_if = "") {
  for (const v1::ComparisonRow& row : c.rows()) {
    if (row.draft_id() == draft && row.variant() == variant &&
        row.what_if() == what_if) {
      return &row;
    }
  }
  return nullptr;
}

TEST_F(ShippedForum, DiffShowsTheOnePrerequisiteAndCountsFollowIt) {
  const v1::CharterDraft a = Draft("paper-sequence");
  v1::CharterDraft b = a;
  b.set_id("paper-sequence-formal-first");
  for (v1::Proposal& p : *b.mutable_proposals()) {
    if (p.id() == "normalization_tracks") {
      p.add_prerequisites("trilateral_formal");
    }
  }
  v1::CompareRequest request;
  *request.add_drafts() = a;
  *request.add_drafts() = b;
  request.add_variants("transformation");
  absl::StatusOr<v1::Comparison> c = Run(request);
  ASSERT_TRUE(c.ok()) << c.status();

  ASSERT_EQ(c->diffs_size(), 1);
  const v1::DraftDiff& diff = c->diffs(0);
  EXPECT_EQ(diff.base_draft(), "paper-sequence");
  EXPECT_EQ(diff.other_draft(), "paper-sequence-formal-first");
  ASSERT_EQ(diff.prerequisites_size(), 1);
  EXPECT_EQ(diff.prerequisites(0).proposal(), "normalization_tracks");
  ASSERT_EQ(diff.prerequisites(0).added_size(), 1);
  EXPECT_EQ(diff.prerequisites(0).added(0), "trilateral_formal");
  EXPECT_TRUE(diff.prerequisites(0).removed().empty());
  EXPECT_TRUE(diff.added().empty() && diff.removed().empty() &&
              diff.moved().empty() && diff.effects().empty());

  // The counts against the reference enumeration of every order.
  for (const v1::CharterDraft* draft :
       {&a, static_cast<const v1::CharterDraft*>(&b)}) {
    SCOPED_TRACE(draft->id());
    absl::StatusOr<v1::Exploration> reference = ExploreIn(
        scenario_, *draft, "transformation", v1::EXPLORE_STRATEGY_ENUMERATE);
    ASSERT_TRUE(reference.ok()) << reference.status();
    const v1::ComparisonRow* row = FindRow(*c, draft->id(), "transformation");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->exploration().admissible_sequences(),
              reference->admissible_sequences());
    EXPECT_EQ(row->exploration().consensus_sequences(),
              reference->consensus_sequences());
    EXPECT_EQ(row->exploration().full_charter_reachable(),
              reference->full_charter_reachable());
  }
  const v1::Exploration& ea =
      FindRow(*c, a.id(), "transformation")->exploration();
  const v1::Exploration& eb =
      FindRow(*c, b.id(), "transformation")->exploration();
  EXPECT_NE(ea.admissible_sequences(), eb.admissible_sequences());
  EXPECT_NE(ea.consensus_sequences(), eb.consensus_sequences());
}

TEST_F(ShippedForum, SpreadZeroEqualsTheUnperturbedForum) {
  v1::CompareRequest request;
  *request.add_drafts() = Draft("paper-sequence");
  *request.add_drafts() = Draft("arf-three-stage");
  request.add_variants("");
  request.add_variants("transformation");
  request.set_samples(12);
  request.set_spread(0);
  request.set_seed(5);
  absl::StatusOr<v1::Comparison> c = Run(request);
  ASSERT_TRUE(c.ok()) << c.status();
  int reachable_rows = 0;
  for (const v1::ComparisonRow& row : c->rows()) {
    SCOPED_TRACE(absl::StrCat(row.draft_id(), " / ", row.variant()));
    const bool full = row.exploration().full_charter_reachable();
    reachable_rows += full;
    EXPECT_EQ(row.robustness().samples(), 12u);
    EXPECT_EQ(row.robustness().reachable(), full ? 12u : 0u);
    EXPECT_EQ(row.robustness().share(), full ? 1.0 : 0.0);
    // The interval's outer bound is exact at 0 and at every sample.
    if (full) {
      EXPECT_EQ(row.robustness().share_high(), 1.0);
    } else {
      EXPECT_EQ(row.robustness().share_low(), 0.0);
    }
    EXPECT_EQ(row.robustness().sensitivity_size(), 6);
    for (const v1::PartySensitivity& s : row.robustness().sensitivity()) {
      EXPECT_EQ(s.flips(), 0u) << s.party();
    }
  }
  EXPECT_GT(reachable_rows, 0);
  EXPECT_LT(reachable_rows, c->rows_size());
}

TEST_F(ShippedForum, AFixedSeedReproducesAndShardsMergeExactly) {
  v1::CompareRequest request;
  *request.add_drafts() = Draft("paper-sequence");
  *request.add_drafts() = Draft("arf-three-stage");
  request.add_variants("");
  request.add_variants("transformation");
  request.set_samples(30);
  request.set_spread(0.5);
  request.set_seed(11);
  absl::StatusOr<v1::Comparison> whole = Run(request);
  absl::StatusOr<v1::Comparison> again = Run(request);
  ASSERT_TRUE(whole.ok()) << whole.status();
  ASSERT_TRUE(again.ok()) << again.status();

  std::vector<v1::Comparison> shards;
  for (std::uint32_t i : {2, 1, 3}) {
    v1::CompareRequest part = request;
    part.mutable_shard()->set_index(i);
    part.mutable_shard()->set_count(3);
    absl::StatusOr<v1::Comparison> c = Run(part);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->study_sha256(), whole->study_sha256());
    EXPECT_EQ(c->rows(0).robustness().samples(), 10u);
    shards.push_back(*c);
  }
  absl::StatusOr<v1::Comparison> merged = MergeComparisons(shards);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->shard_count(), 3u);
  EXPECT_EQ(merged->shards_size(), 3);

  int uncertain = 0;
  for (int r = 0; r < whole->rows_size(); ++r) {
    const v1::Robustness& w = whole->rows(r).robustness();
    SCOPED_TRACE(whole->rows(r).draft_id() + " / " + whole->rows(r).variant());
    EXPECT_EQ(w.DebugString(), again->rows(r).robustness().DebugString());
    EXPECT_EQ(w.DebugString(), merged->rows(r).robustness().DebugString());
    EXPECT_EQ(w.samples(), 30u);
    EXPECT_LE(w.share_low(), w.share());
    EXPECT_GE(w.share_high(), w.share());
    uncertain += w.reachable() > 0 && w.reachable() < w.samples();
  }
  // The perturbation matters somewhere, or this test would prove nothing.
  EXPECT_GT(uncertain, 0);
}

TEST_F(ShippedForum, MergeRefusesShardsOfAnotherStudyOrTwiceTheSame) {
  v1::CompareRequest request;
  *request.add_drafts() = Draft("paper-sequence");
  request.set_samples(4);
  request.set_spread(0.5);
  request.mutable_shard()->set_index(1);
  request.mutable_shard()->set_count(2);
  absl::StatusOr<v1::Comparison> one = Run(request);
  request.set_seed(99);
  absl::StatusOr<v1::Comparison> other = Run(request);
  ASSERT_TRUE(one.ok() && other.ok());
  const std::vector<v1::Comparison> twice = {*one, *one};
  EXPECT_EQ(MergeComparisons(twice).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::vector<v1::Comparison> mixed = {*one, *other};
  absl::Status s = MergeComparisons(mixed).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("another study"), std::string::npos) << s;
}

}  // namespace
}  // namespace concert::coordinator
