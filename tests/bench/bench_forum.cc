#include "tests/bench/bench_forum.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace concert::bench {
namespace {

constexpr int kDimensions = 5;
constexpr std::array<const char*, 6> kParties = {"USA", "CHN", "RUS",
                                                 "JPN", "ROK", "DPRK"};
constexpr std::uint64_t kSeed = 0x5eed'c0'ce'47;

// splitmix64: a tiny generator whose sequence is the same on every standard
// library (std::uniform_real_distribution is not), so the random forum is the
// same forum everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi).
  double Uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(Next() >> 11) * 0x1.0p-53;
  }
  int Below(int n) {
    return static_cast<int>(Next() % static_cast<std::uint64_t>(n));
  }

 private:
  std::uint64_t state_;
};

std::string Dim(int d) { return absl::StrCat("d", d); }

void AddPosition(v1::InterestModel* model, int d, double ideal,
                 double salience) {
  v1::Position* p = model->add_positions();
  p->set_dimension(Dim(d));
  p->set_ideal(ideal);
  p->set_salience(salience);
}

// Proposal i of a draft, identical in every draft size.
void FillProposal(Forum forum, int i, const std::string& stage,
                  v1::Proposal* p) {
  p->set_id(absl::StrCat("p", i));
  p->set_title(absl::StrCat("Proposal ", i));
  p->set_stage(stage);
  Rng rng(kSeed ^
          (0x1000u + static_cast<std::uint64_t>(i)) * 0x9e3779b97f4a7c15ULL);
  const int first = rng.Below(kDimensions);
  const int second = (first + 1 + rng.Below(kDimensions - 1)) % kDimensions;
  const bool two = rng.Below(2) == 0;
  if (forum == Forum::kAgreeable) {
    // Up, and every ideal is far above: every party gains from every step.
    v1::Effect* e = p->add_effects();
    e->set_dimension(Dim(first));
    e->set_delta(1.0);
    if (two) {
      e = p->add_effects();
      e->set_dimension(Dim(second));
      e->set_delta(0.5);
    }
    return;
  }
  v1::Effect* e = p->add_effects();
  e->set_dimension(Dim(first));
  e->set_delta(rng.Uniform(0.4, 1.6));
  if (two) {
    e = p->add_effects();
    e->set_dimension(Dim(second));
    // Now and then a trade: one dimension up, another down.
    e->set_delta(rng.Below(5) == 0 ? -rng.Uniform(0.3, 1.0)
                                   : rng.Uniform(0.3, 1.2));
  }
  if (i % 4 == 3) p->add_tags("nuclear");
  p->add_concerns(kParties[static_cast<std::size_t>(i) % kParties.size()]);
}

}  // namespace

const char* ForumName(Forum forum) {
  return forum == Forum::kAgreeable ? "agreeable" : "random";
}

bool ParseForum(const std::string& name, Forum* forum) {
  if (name == "agreeable") {
    *forum = Forum::kAgreeable;
    return true;
  }
  if (name == "random") {
    *forum = Forum::kRandom;
    return true;
  }
  return false;
}

v1::Scenario MakeScenario(Forum forum) {
  v1::Scenario s;
  s.set_id(absl::StrCat("bench-", ForumName(forum)));
  s.set_title(absl::StrCat("Synthetic ", ForumName(forum), " forum"));
  for (int d = 0; d < kDimensions; ++d) s.add_dimensions()->set_id(Dim(d));
  s.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  Rng rng(kSeed);
  for (const char* id : kParties) {
    v1::PartySpec* party = s.add_parties();
    party->set_id(id);
    party->set_name(id);
    party->set_weight(1);
    v1::InterestModel* model = party->mutable_interests();
    if (forum == Forum::kAgreeable) {
      for (int d = 0; d < kDimensions; ++d) AddPosition(model, d, 1e6, 1.0);
      model->set_support_threshold(0.0);
      model->set_objection_threshold(0.1);
      continue;
    }
    for (int d = 0; d < kDimensions; ++d) {
      AddPosition(model, d, rng.Uniform(1.5, 9.0), rng.Uniform(0.2, 1.0));
    }
    model->set_support_threshold(rng.Uniform(0.0, 0.2));
    model->set_objection_threshold(rng.Uniform(0.1, 0.6));
  }
  if (forum == Forum::kRandom) {
    // DPRK: no nuclear step before d0 (security assurance) reaches 2.
    v1::PartyRule* red = s.mutable_parties(5)->mutable_interests()->add_rules();
    red->set_id("security_first");
    red->set_kind(v1::PartyRule::RED_LINE);
    red->mutable_covers()->add_tags("nuclear");
    v1::Threshold* t = red->mutable_condition()->add_thresholds();
    t->set_dimension("d0");
    t->set_comparison(v1::Threshold::AT_LEAST);
    t->set_value(2.0);
    red->set_reason("no nuclear step before security assurance");
    // USA: tolerates a cut of d3 once d1 has reached 3.
    v1::PartyRule* give =
        s.mutable_parties(0)->mutable_interests()->add_rules();
    give->set_id("tolerate_d3_cut");
    give->set_kind(v1::PartyRule::CONCESSION);
    v1::DimensionMove* move = give->mutable_covers()->add_moves();
    move->set_dimension("d3");
    move->set_direction(v1::DimensionMove::DOWN);
    t = give->mutable_condition()->add_thresholds();
    t->set_dimension("d1");
    t->set_comparison(v1::Threshold::AT_LEAST);
    t->set_value(3.0);
    give->set_reason("a cut is acceptable once d1 is secured");
  }
  return s;
}

v1::CharterDraft MakeFreeDraft(Forum forum, int n) {
  v1::CharterDraft draft;
  draft.set_id(absl::StrCat("bench-free-", ForumName(forum), "-", n));
  draft.set_title(absl::StrCat(n, " free proposals"));
  draft.set_stage_order(v1::CharterDraft::FREE);
  draft.add_stages()->set_id("S1");
  for (int i = 0; i < n; ++i)
    FillProposal(forum, i, "S1", draft.add_proposals());
  return draft;
}

v1::CharterDraft MakeStrictDraft(Forum forum, int stages, int per_stage) {
  v1::CharterDraft draft;
  draft.set_id(absl::StrCat("bench-strict-", ForumName(forum), "-", stages, "x",
                            per_stage));
  draft.set_title(absl::StrCat(stages, " strict stages of ", per_stage));
  draft.set_stage_order(v1::CharterDraft::STRICT);
  for (int s = 0; s < stages; ++s)
    draft.add_stages()->set_id(absl::StrCat("S", s + 1));
  for (int i = 0; i < stages * per_stage; ++i) {
    FillProposal(forum, i, absl::StrCat("S", i / per_stage + 1),
                 draft.add_proposals());
  }
  return draft;
}

}  // namespace concert::bench
