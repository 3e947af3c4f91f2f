// The compiled model against a direct reading of the design, on random
// drafts and models: the fast Vote(), Evaluate() and the reference agree.
#include <bit>
#include <cmath>
#include <map>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/party/core/interest_model.h"

namespace concert::party {
namespace {

const char* const kDims[] = {"a", "b", "c", "d", "e"};
const char* const kTags[] = {"t1", "t2", "t3"};

// Halves keep every sum exact, so boundary cases (du == threshold, x == v)
// come up often and compare exactly.
double Half(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng) * 0.5;
}
int Pick(std::mt19937& rng, int n) {
  return std::uniform_int_distribution<int>(0, n - 1)(rng);
}

v1::CharterDraft RandomDraft(std::mt19937& rng, int n) {
  v1::CharterDraft draft;
  draft.add_stages()->set_id("S");
  draft.set_stage_order(v1::CharterDraft::FREE);
  for (int i = 0; i < n; ++i) {
    v1::Proposal* p = draft.add_proposals();
    p->set_id(absl::StrCat("p", i));
    p->set_stage("S");
    for (int k = 1 + Pick(rng, 3); k > 0; --k) {
      v1::Effect* e = p->add_effects();
      e->set_dimension(kDims[Pick(rng, 5)]);
      e->set_delta(Half(rng, -4, 4));
    }
    if (Pick(rng, 2)) p->add_tags(kTags[Pick(rng, 3)]);
  }
  return draft;
}

v1::InterestModel RandomModel(std::mt19937& rng, int n) {
  v1::InterestModel m;
  for (int d = 0; d < 4; ++d) {
    if (d > 0 && Pick(rng, 3) == 0) continue;
    v1::Position* p = m.add_positions();
    p->set_dimension(kDims[d]);
    p->set_ideal(Half(rng, -6, 6));
    p->set_salience(Half(rng, 0, 4));
  }
  m.set_support_threshold(Half(rng, 0, 2));
  m.set_objection_threshold(Half(rng, 0, 2));
  for (int r = Pick(rng, 6); r > 0; --r) {
    v1::PartyRule* rule = m.add_rules();
    rule->set_id(absl::StrCat("r", r));
    rule->set_kind(Pick(rng, 2) ? v1::PartyRule::RED_LINE
                                : v1::PartyRule::CONCESSION);
    for (int k = Pick(rng, 3); k > 0; --k)
      rule->mutable_covers()->add_proposals(absl::StrCat("p", Pick(rng, n)));
    if (Pick(rng, 2)) rule->mutable_covers()->add_tags(kTags[Pick(rng, 3)]);
    if (Pick(rng, 2)) {
      v1::DimensionMove* move = rule->mutable_covers()->add_moves();
      move->set_dimension(kDims[Pick(rng, 5)]);
      move->set_direction(Pick(rng, 2) ? v1::DimensionMove::UP
                                       : v1::DimensionMove::DOWN);
      move->set_at_least(Half(rng, 0, 3));
    }
    for (int k = Pick(rng, 3); k > 0; --k) {
      v1::Threshold* t = rule->mutable_condition()->add_thresholds();
      t->set_dimension(kDims[Pick(rng, 5)]);
      t->set_comparison(Pick(rng, 2) ? v1::Threshold::AT_LEAST
                                     : v1::Threshold::AT_MOST);
      t->set_value(Half(rng, -4, 4));
    }
    for (int k = Pick(rng, 3); k > 0; --k) {
      // Now and then a proposal outside the draft.
      rule->mutable_condition()->add_adopted(
          absl::StrCat("p", Pick(rng, n + 2)));
    }
  }
  return m;
}

// The design, read literally over the protos.
class Reference {
 public:
  Reference(const v1::InterestModel& m, const v1::CharterDraft& d,
            const std::vector<v1::DimensionValue>& x0)
      : model_(m), draft_(d), x0_(x0) {}

  std::map<std::string, double> State(ProposalSet s) const {
    std::map<std::string, double> x;
    for (const auto& v : x0_) x[v.dimension()] = v.value();
    for (int i = 0; i < draft_.proposals_size(); ++i) {
      if (!Contains(s, i)) continue;
      for (const auto& e : draft_.proposals(i).effects())
        x[e.dimension()] += e.delta();
    }
    return x;
  }
  double Utility(std::map<std::string, double> x) const {
    double u = 0;
    for (const auto& p : model_.positions())
      u -= p.salience() * std::fabs(x[p.dimension()] - p.ideal());
    return u;
  }
  double Du(ProposalSet s, int i) const {
    std::map<std::string, double> x = State(s), y = x;
    for (const auto& e : draft_.proposals(i).effects())
      y[e.dimension()] += e.delta();
    return Utility(y) - Utility(x);
  }
  bool Covered(const v1::PartyRule& r, const v1::Proposal& p) const {
    for (const auto& id : r.covers().proposals())
      if (id == p.id()) return true;
    for (const auto& t : r.covers().tags())
      for (const auto& own : p.tags())
        if (t == own) return true;
    for (const auto& m : r.covers().moves()) {
      double delta = 0;
      for (const auto& e : p.effects())
        if (e.dimension() == m.dimension()) delta += e.delta();
      if (m.direction() == v1::DimensionMove::DOWN) delta = -delta;
      if (delta > 0 && (m.at_least() == 0 || delta >= m.at_least()))
        return true;
    }
    return false;
  }
  bool Holds(const v1::Condition& c, ProposalSet s) const {
    if (c.thresholds().empty() && c.adopted().empty()) return false;
    std::map<std::string, double> x = State(s);
    for (const auto& t : c.thresholds()) {
      const double v = x[t.dimension()];
      if (t.comparison() == v1::Threshold::AT_LEAST ? v < t.value()
                                                    : v > t.value())
        return false;
    }
    for (const auto& id : c.adopted()) {
      int found = -1;
      for (int i = 0; i < draft_.proposals_size(); ++i)
        if (draft_.proposals(i).id() == id) found = i;
      if (found < 0 || !Contains(s, found)) return false;
    }
    return true;
  }
  v1::Vote Vote(ProposalSet s, int i) const {
    const double du = Du(s, i);
    v1::Vote v = du >= model_.support_threshold()     ? v1::VOTE_SUPPORT
                 : du < -model_.objection_threshold() ? v1::VOTE_OBJECT
                                                      : v1::VOTE_ABSTAIN;
    for (const auto& r : model_.rules()) {
      if (!Covered(r, draft_.proposals(i))) continue;
      if (r.kind() == v1::PartyRule::RED_LINE) {
        if (!Holds(r.condition(), s)) v = v1::VOTE_OBJECT;
      } else if (v == v1::VOTE_OBJECT && Holds(r.condition(), s)) {
        v = v1::VOTE_ABSTAIN;
      }
    }
    return v;
  }

 private:
  const v1::InterestModel& model_;
  const v1::CharterDraft& draft_;
  const std::vector<v1::DimensionValue>& x0_;
};

TEST(ModelAgreementTest, VoteEvaluateAndReferenceAgreeOnRandomSets) {
  std::mt19937 rng(20240611);
  int objections = 0, supports = 0, abstentions = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const int n = 6 + Pick(rng, 20);
    const v1::CharterDraft draft = RandomDraft(rng, n);
    const v1::InterestModel model = RandomModel(rng, n);
    std::vector<v1::DimensionValue> x0(2);
    x0[0].set_dimension("a");
    x0[0].set_value(Half(rng, -2, 2));
    x0[1].set_dimension("e");
    x0[1].set_value(Half(rng, -2, 2));
    absl::StatusOr<CompiledModel> compiled =
        CompiledModel::Compile(model, draft, x0);
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    const Reference reference(model, draft, x0);

    for (int q = 0; q < 150; ++q) {
      const int p = Pick(rng, n);
      const ProposalSet s = (std::uniform_int_distribution<ProposalSet>()(rng) &
                             compiled->index().all()) &
                            ~Bit(p);
      const v1::Vote fast = compiled->Vote(s, p);
      const Evaluation e = compiled->Evaluate(s, p);
      ASSERT_EQ(fast, e.vote)
          << "trial " << trial << " set " << s << " proposal " << p;
      ASSERT_EQ(fast, reference.Vote(s, p))
          << "trial " << trial << " set " << s << " proposal " << p << "\n"
          << model.DebugString();
      ASSERT_DOUBLE_EQ(e.utility_change, reference.Du(s, p));
      // VoteEach: one state for every proposal outside the set, each vote
      // Vote's exactly.
      const ProposalSet others = compiled->index().all() & ~s;
      v1::Vote each[kMaxProposals];
      ASSERT_EQ(compiled->VoteEach(s, others, each), std::popcount(others));
      int k = 0;
      for (ProposalSet rest = others; rest != 0; rest &= rest - 1, ++k) {
        ASSERT_EQ(each[k], compiled->Vote(s, std::countr_zero(rest)))
            << "trial " << trial << " set " << s << " VoteEach " << k;
      }
      ASSERT_FALSE(e.rationale.empty());
      if (e.vote != v1::VOTE_OBJECT) {
        ASSERT_TRUE(e.conditions.empty());
      }
      objections += fast == v1::VOTE_OBJECT;
      supports += fast == v1::VOTE_SUPPORT;
      abstentions += fast == v1::VOTE_ABSTAIN;
    }
  }
  // The random models exercise every outcome.
  EXPECT_GT(objections, 100);
  EXPECT_GT(supports, 100);
  EXPECT_GT(abstentions, 100);
}

// VoteEach fills the state three ways by the model's number of dimensions
// (row by row up to 32, by the dimensions read up to 64, all of them
// beyond); each must vote as Vote does, with sums that are not exact in
// binary (tenths) and bits set past the draft's proposals.
TEST(ModelAgreementTest, VoteEachAgreesWithVoteForEveryWayOfFillingTheState) {
  std::mt19937 rng(20261130);
  for (const int dims : {3, 31, 40, 70}) {
    const int n = 14;
    v1::CharterDraft draft;
    draft.add_stages()->set_id("S");
    draft.set_stage_order(v1::CharterDraft::FREE);
    const auto dim = [](int d) { return absl::StrCat("d", d); };
    for (int i = 0; i < n; ++i) {
      v1::Proposal* p = draft.add_proposals();
      p->set_id(absl::StrCat("p", i));
      p->set_stage("S");
      for (int k = 1 + Pick(rng, 3); k > 0; --k) {
        v1::Effect* e = p->add_effects();
        e->set_dimension(dim(Pick(rng, dims)));
        e->set_delta(Pick(rng, 61) * 0.1 - 3.0);
      }
    }
    v1::InterestModel model;
    for (int d = 0; d < dims; ++d) {
      v1::Position* p = model.add_positions();
      p->set_dimension(dim(d));
      p->set_ideal(Pick(rng, 41) * 0.1 - 2.0);
      p->set_salience(Pick(rng, 10) * 0.1);
    }
    model.set_support_threshold(0.1);
    model.set_objection_threshold(0.3);
    v1::PartyRule* rule = model.add_rules();
    rule->set_id("red");
    rule->set_kind(v1::PartyRule::RED_LINE);
    rule->mutable_covers()->add_proposals("p3");
    v1::Threshold* t = rule->mutable_condition()->add_thresholds();
    t->set_dimension(dim(dims - 1));
    t->set_comparison(v1::Threshold::AT_LEAST);
    t->set_value(0.3);
    std::vector<v1::DimensionValue> x0(dims);
    for (int d = 0; d < dims; ++d) {
      x0[d].set_dimension(dim(d));
      x0[d].set_value(Pick(rng, 31) * 0.1 - 1.5);
    }
    absl::StatusOr<CompiledModel> compiled =
        CompiledModel::Compile(model, draft, x0);
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    ASSERT_EQ(static_cast<int>(compiled->dimensions().size()), dims);
    for (int q = 0; q < 400; ++q) {
      const ProposalSet s = std::uniform_int_distribution<ProposalSet>()(rng);
      const ProposalSet others = compiled->index().all() & ~s;
      v1::Vote each[kMaxProposals];
      const int count = compiled->VoteEach(s, others, each);
      ASSERT_EQ(count, std::popcount(others));
      int k = 0;
      for (ProposalSet rest = others; rest != 0; rest &= rest - 1, ++k) {
        ASSERT_EQ(each[k], compiled->Vote(s, std::countr_zero(rest)))
            << dims << " dimensions, set " << s << ", vote " << k;
      }
    }
  }
}

}  // namespace
}  // namespace concert::party
