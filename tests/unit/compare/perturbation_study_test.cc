// A robustness study with per-component sizes: every sample tables the
// request's perturbation template under the sample's own seed, the result
// records the template, bad sizes are refused before any party is asked,
// and the study digest covers the sizes so that shards of different
// spreads never merge.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/digest.h"
#include "services/coordinator/compare/merge.h"
#include "services/coordinator/compare/request.h"
#include "services/coordinator/compare/robustness.h"
#include "services/coordinator/core/public_scenario.h"
#include "tests/support/forwarding_vote_source.h"
#include "tests/unit/compare/shipped_fixture.h"

namespace concert::coordinator {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

// Keeps the perturbation of every Table that carries one (the samples).
class PerturbationsTabled : public testing::ForwardingVoteSource {
 public:
  using ForwardingVoteSource::ForwardingVoteSource;
  absl::Status Table(const TableContext& context) override {
    if (context.perturbation.ByteSizeLong() > 0) {
      tabled.push_back(context.perturbation);
    }
    return inner().Table(context);
  }
  std::vector<v1::Perturbation> tabled;
};

// ideals +-1, saliences +-20%, thresholds +-0.5, conditions +-0.5.
v1::Perturbation Components() {
  v1::Perturbation p;
  p.set_ideal_spread(1);
  p.set_salience_spread(0.2);
  p.set_threshold_spread(0.5);
  p.set_condition_spread(0.5);
  return p;
}

class PerturbationStudy : public ShippedForum {
 protected:
  v1::CompareRequest Study(std::uint64_t samples) const {
    v1::CompareRequest request;
    *request.add_drafts() = Draft("paper-sequence");
    request.add_variants("");
    request.set_samples(samples);
    request.set_seed(3);
    return request;
  }

  absl::StatusOr<v1::Comparison> RunRecording(
      const v1::CompareRequest& request,
      std::vector<v1::Perturbation>* tabled) {
    InProcessVoteSource inner(scenario_);
    PerturbationsTabled source(inner);
    absl::StatusOr<v1::Comparison> c = Compare(scenario_, request, source);
    *tabled = source.tabled;
    return c;
  }
};

TEST_F(PerturbationStudy, EverySampleTablesTheTemplateUnderItsOwnSeed) {
  v1::CompareRequest request = Study(5);
  request.set_spread(0.3);  // replaced by the template
  *request.mutable_perturbation() = Components();
  request.mutable_perturbation()->set_seed(777);  // ignored
  std::vector<v1::Perturbation> tabled;
  absl::StatusOr<v1::Comparison> c = RunRecording(request, &tabled);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(tabled.size(), 5u);
  for (std::uint64_t k = 0; k < tabled.size(); ++k) {
    v1::Perturbation expected = Components();
    expected.set_seed(SampleSeed(3, k));
    EXPECT_TRUE(MessageDifferencer::Equals(tabled[k], expected))
        << k << ": " << tabled[k].ShortDebugString();
  }
  // The result records the sizes (not the ignored seed) beside the spread
  // as the request gave it.
  EXPECT_TRUE(MessageDifferencer::Equals(c->perturbation(), Components()))
      << c->perturbation().ShortDebugString();
  EXPECT_EQ(c->spread(), 0.3);
  EXPECT_EQ(c->rows(0).robustness().samples(), 5u);
}

// Without a template the samples table exactly what they tabled before
// templates existed — seed and spread, nothing else — and the result has
// no perturbation.
TEST_F(PerturbationStudy, WithoutATemplateEachSampleTablesTheSpread) {
  v1::CompareRequest request = Study(3);
  request.set_spread(0.4);
  std::vector<v1::Perturbation> tabled;
  absl::StatusOr<v1::Comparison> c = RunRecording(request, &tabled);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(tabled.size(), 3u);
  for (std::uint64_t k = 0; k < tabled.size(); ++k) {
    v1::Perturbation expected;
    expected.set_seed(SampleSeed(3, k));
    expected.set_spread(0.4);
    EXPECT_EQ(tabled[k].SerializeAsString(), expected.SerializeAsString())
        << k << ": " << tabled[k].ShortDebugString();
  }
  EXPECT_FALSE(c->has_perturbation());
  EXPECT_EQ(c->spread(), 0.4);
}

TEST_F(PerturbationStudy, StudyPerturbationIsTheTemplateOrTheSpread) {
  v1::CompareRequest request = Study(1);
  request.set_spread(0.25);
  v1::Perturbation spread_only;
  spread_only.set_spread(0.25);
  EXPECT_TRUE(
      MessageDifferencer::Equals(StudyPerturbation(request), spread_only));
  *request.mutable_perturbation() = Components();
  request.mutable_perturbation()->set_seed(9);
  EXPECT_TRUE(
      MessageDifferencer::Equals(StudyPerturbation(request), Components()));
}

TEST_F(PerturbationStudy, BadSizesAreRefusedBeforeAnyPartyIsAsked) {
  struct Case {
    void (v1::Perturbation::*set)(double);
    double size;
    const char* says;
  };
  const Case cases[] = {
      {&v1::Perturbation::set_ideal_spread, -1,
       "perturbation ideal_spread must be finite and >= 0, got -1"},
      {&v1::Perturbation::set_salience_spread,
       std::numeric_limits<double>::quiet_NaN(),
       "perturbation salience_spread must be finite and >= 0"},
      {&v1::Perturbation::set_threshold_spread,
       std::numeric_limits<double>::infinity(),
       "perturbation threshold_spread must be finite and >= 0"},
      {&v1::Perturbation::set_condition_spread, -0.5,
       "perturbation condition_spread must be finite and >= 0, got -0.5"},
      {&v1::Perturbation::set_spread, -2,
       "perturbation spread must be finite and >= 0, got -2"},
  };
  for (const Case& c : cases) {
    v1::CompareRequest request = Study(4);
    *request.mutable_perturbation() = Components();
    (request.mutable_perturbation()->*c.set)(c.size);
    SCOPED_TRACE(request.perturbation().ShortDebugString());
    absl::Status s = ValidateCompareRequest(scenario_, request);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr(c.says));
    std::vector<v1::Perturbation> tabled;
    absl::StatusOr<v1::Comparison> result = RunRecording(request, &tabled);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(tabled.empty());
  }
}

TEST_F(PerturbationStudy, TheDigestCoversTheSizesButNotTheTemplateSeed) {
  v1::CompareRequest spread = Study(8);
  spread.set_spread(0.5);
  v1::CompareRequest components = spread;
  *components.mutable_perturbation() = Components();
  v1::CompareRequest other_seed = components;
  other_seed.mutable_perturbation()->set_seed(12345);
  v1::CompareRequest other_ideals = components;
  other_ideals.mutable_perturbation()->set_ideal_spread(2);
  v1::CompareRequest other_conditions = components;
  other_conditions.mutable_perturbation()->set_condition_spread(0);
  v1::CompareRequest other_spread = spread;
  other_spread.set_spread(0.25);

  const std::string d = StudyDigest(scenario_, components);
  EXPECT_EQ(StudyDigest(scenario_, other_seed), d);
  EXPECT_NE(StudyDigest(scenario_, spread), d);
  EXPECT_NE(StudyDigest(scenario_, other_ideals), d);
  EXPECT_NE(StudyDigest(scenario_, other_conditions), d);
  EXPECT_NE(StudyDigest(scenario_, other_spread),
            StudyDigest(scenario_, spread));

  // A request without a template is digested as before templates existed
  // (its scenario and its bytes, shard and include_graphs left out), so a
  // study recorded then still merges with shards run now.
  v1::CompareRequest sharded = spread;
  sharded.mutable_shard()->set_index(2);
  sharded.mutable_shard()->set_count(4);
  sharded.set_include_graphs(true);
  EXPECT_EQ(
      StudyDigest(scenario_, sharded),
      Sha256Hex(absl::StrCat(SerializeDeterministic(PublicScenario(scenario_)),
                             "\n", SerializeDeterministic(spread))));
}

TEST_F(PerturbationStudy, ShardsOfOneSizeMergeExactlyAndNotWithAnother) {
  v1::CompareRequest request = Study(12);
  *request.mutable_perturbation() = Components();
  absl::StatusOr<v1::Comparison> whole = Run(request);
  ASSERT_TRUE(whole.ok()) << whole.status();
  std::vector<v1::Comparison> shards;
  for (std::uint32_t i : {1, 2, 3}) {
    v1::CompareRequest part = request;
    part.mutable_shard()->set_index(i);
    part.mutable_shard()->set_count(3);
    absl::StatusOr<v1::Comparison> c = Run(part);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->study_sha256(), whole->study_sha256());
    shards.push_back(*c);
  }
  absl::StatusOr<v1::Comparison> merged = MergeComparisons(shards);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_TRUE(MessageDifferencer::Equals(merged->perturbation(), Components()));
  for (int r = 0; r < whole->rows_size(); ++r) {
    EXPECT_EQ(merged->rows(r).robustness().DebugString(),
              whole->rows(r).robustness().DebugString());
  }

  // Shard 3 of a study with other sizes is another study.
  v1::CompareRequest other = request;
  other.mutable_perturbation()->set_threshold_spread(0.25);
  other.mutable_shard()->set_index(3);
  other.mutable_shard()->set_count(3);
  absl::StatusOr<v1::Comparison> foreign = Run(other);
  ASSERT_TRUE(foreign.ok()) << foreign.status();
  const std::vector<v1::Comparison> mixed = {shards[0], shards[1], *foreign};
  absl::Status s = MergeComparisons(mixed).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("another study"));
}

// A template whose every size is 0 replaces the request's spread and leaves
// every party's model as it is: every sample is the unperturbed forum.
TEST_F(PerturbationStudy, EverySizeZeroIsTheUnperturbedForum) {
  v1::CompareRequest request = Study(6);
  request.set_spread(0.5);  // replaced: the template's sizes are all 0
  v1::Perturbation zeros;
  zeros.set_ideal_spread(0);
  zeros.set_salience_spread(0);
  zeros.set_threshold_spread(0);
  *request.mutable_perturbation() = zeros;
  absl::StatusOr<v1::Comparison> c = Run(request);
  ASSERT_TRUE(c.ok()) << c.status();
  for (const v1::ComparisonRow& row : c->rows()) {
    const bool full = row.exploration().full_charter_reachable();
    EXPECT_EQ(row.robustness().reachable(), full ? 6u : 0u);
    for (const v1::PartySensitivity& s : row.robustness().sensitivity()) {
      EXPECT_EQ(s.flips(), 0u) << s.party();
    }
  }
}

}  // namespace
}  // namespace concert::coordinator
