#include "tests/support/comparison_fixture.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/draft_index.h"
#include "services/common/text_format_loader.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::testing {
namespace {

v1::DecisionRule Rule(v1::DecisionRule::Kind kind) {
  v1::DecisionRule rule;
  rule.set_kind(kind);
  rule.set_absent_party(v1::DecisionRule::BLOCKS);
  return rule;
}

void SetRule(const v1::DecisionRule& rule, v1::ComparisonRow* row) {
  *row->mutable_rule() = rule;
  row->set_rule_text(coordinator::RuleName(rule));
}

// The 95% Wilson score interval of k successes in n, as the study reports.
void SetShare(std::uint64_t samples, std::uint64_t reachable,
              v1::Robustness* r) {
  r->set_samples(samples);
  r->set_reachable(reachable);
  const double n = static_cast<double>(samples);
  const double p = static_cast<double>(reachable) / n;
  const double z = 1.959963984540054;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half =
      z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  r->set_share(p);
  r->set_share_low(std::max(0.0, centre - half));
  r->set_share_high(std::min(1.0, centre + half));
}

void AddSensitivity(const std::string& party, std::uint64_t flips,
                    v1::Robustness* r) {
  v1::PartySensitivity* s = r->add_sensitivity();
  s->set_party(party);
  s->set_flips(flips);
  s->set_share(r->samples() == 0 ? 0
                                 : static_cast<double>(flips) /
                                       static_cast<double>(r->samples()));
}

}  // namespace

v1::Comparison SmallComparison() {
  v1::Comparison c;
  c.set_comparison_id("comparison-20250101-000000-abcdef");
  c.set_scenario_id("mini");
  c.add_draft_ids("alpha");
  c.add_draft_ids("beta");
  c.set_samples(200);
  c.set_spread(0.1);
  c.set_seed(7);
  c.set_shard_count(1);
  c.add_shards(1);
  c.set_study_sha256("0f1e2d3c");
  const std::string hostile = "<P&1>";
  const std::string party_b = "B";
  const std::string what_if = "q\"uote, <b>&amp;";
  const v1::DecisionRule consensus = Rule(v1::DecisionRule::CONSENSUS);

  // alpha, baseline: out of reach, with a study and a heat map.
  v1::ComparisonRow* row = c.add_rows();
  row->set_draft_id("alpha");
  SetRule(consensus, row);
  v1::Exploration* x = row->mutable_exploration();
  x->set_draft_id("alpha");
  x->set_scenario_id("mini");
  x->set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  x->set_admissible_sequences("1307674368000");
  x->set_consensus_sequences("30");
  x->set_consensus_share(30.0 / 1307674368000.0);
  x->set_full_charter_reachable(false);
  for (int i = 1; i <= 5; ++i) {
    x->mutable_largest_adoptable()->mutable_sequence()->add_proposals(
        absl::StrCat("confidence_building_measure_", i));
  }
  x->mutable_largest_adoptable()->set_size(5);
  *x->mutable_best_sequence() = x->largest_adoptable().sequence();
  row->set_top_blocker("p4");
  row->add_top_blocker_parties(party_b);
  row->add_top_blocker_parties(hostile);
  row->set_pivotal_party("B");
  row->set_pivotal_sequences_without("90");
  v1::Robustness* r = row->mutable_robustness();
  SetShare(200, 50, r);
  AddSensitivity("A", 10, r);
  AddSensitivity("B", 30, r);
  AddSensitivity(hostile, 0, r);
  v1::ObjectionHeat* heat = row->mutable_heat();
  for (const char* p : {"A", "B"}) heat->add_parties(p);
  heat->add_parties(hostile);
  for (const char* p : {"p1", "p2", "p3", "p4"}) heat->add_proposals(p);
  for (std::uint64_t t : {4, 3, 0, 2}) heat->add_tabled(t);
  for (std::uint64_t o : {0, 1, 0, 2, /*B*/ 4, 0, 0, 1, /*<P&1>*/ 0, 3, 0, 0}) {
    heat->add_objections(o);
  }

  // alpha, baseline, what-if: reachable.
  row = c.add_rows();
  row->set_draft_id("alpha");
  row->set_what_if(what_if);
  SetRule(consensus, row);
  x = row->mutable_exploration();
  x->set_admissible_sequences("1307674368000");
  x->set_consensus_sequences("1200");
  x->set_consensus_share(1200.0 / 1307674368000.0);
  x->set_full_charter_reachable(true);
  for (const char* p : {"p1", "p2", "p3", "p4", "p5", "p6"}) {
    x->mutable_best_sequence()->add_proposals(p);
  }

  // alpha under variant v1 and consensus minus one: no study possible.
  row = c.add_rows();
  row->set_draft_id("alpha");
  row->set_variant("v1");
  SetRule(Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE), row);
  x = row->mutable_exploration();
  x->set_admissible_sequences("720");
  x->set_consensus_sequences("0");
  x->set_full_charter_reachable(false);
  row->mutable_robustness()->set_unavailable(
      "a party has HISTORY memory; the study needs set-memory parties");

  // beta: failed.
  row = c.add_rows();
  row->set_draft_id("beta");
  SetRule(consensus, row);
  row->set_error("party B unreachable: connection refused, retried 3 times");

  v1::DraftDiff* diff = c.add_diffs();
  diff->set_base_draft("alpha");
  diff->set_other_draft("beta");
  diff->add_added("p7");
  diff->add_removed("p2");
  v1::StageMove* move = diff->add_moved();
  move->set_proposal("p3");
  move->set_from_stage("S1");
  move->set_to_stage("S2");
  v1::PrerequisiteChange* pre = diff->add_prerequisites();
  pre->set_proposal("p4");
  pre->add_added("p1");
  pre->add_removed("p2");
  v1::EffectChange* effect = diff->add_effects();
  effect->set_proposal("p5");
  effect->set_dimension("security");
  effect->set_before(1);
  effect->set_after(0.5);
  diff->add_stages_added("S3");
  diff->set_stage_order_changed(true);

  v1::ConcessionSearch* search = c.add_concessions();
  search->set_draft_id("alpha");
  *search->mutable_rule() = consensus;
  v1::Concession* concession = search->add_smallest();
  v1::ConcessionMove* m = concession->add_moves();
  m->set_party(party_b);
  m->set_lift_rule("r1");
  m->set_condition("adopt p1");
  m = concession->add_moves();
  m->set_party(hostile);
  m->set_tolerate("p4");
  concession->add_parties(party_b);
  concession->add_parties(hostile);
  search->set_exact(true);
  search->set_candidate_moves(12);
  search->set_tried(78);
  search->set_note("found at size 2");
  return c;
}

namespace {

std::string ShippedPath(const std::string& relative) {
  return absl::StrCat(CONCERT_SOURCE_DIR, "/", relative);
}

bool DecimalGreater(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a > b;
}

// The row's headline from its exploration, as the comparison core fills it.
void FillHeadline(v1::ComparisonRow* row) {
  const v1::Exploration& x = row->exploration();
  if (!x.blockers().empty()) {
    row->set_top_blocker(x.blockers(0).proposal());
    for (const v1::Objection& o : x.blockers(0).objections()) {
      row->add_top_blocker_parties(o.party());
    }
  }
  const v1::VetoPower* pivotal = nullptr;
  for (const v1::VetoPower& v : x.veto_power()) {
    const std::string& best = pivotal == nullptr
                                  ? x.consensus_sequences()
                                  : pivotal->consensus_sequences_without();
    if (DecimalGreater(v.consensus_sequences_without(), best)) pivotal = &v;
  }
  if (pivotal != nullptr) {
    row->set_pivotal_party(pivotal->party());
    row->set_pivotal_sequences_without(pivotal->consensus_sequences_without());
  }
}

// The objection heat map over the sets the exploration reached: every
// admissible question of those sets asked of every party.
v1::ObjectionHeat Heat(const v1::Scenario& scenario,
                       const v1::CharterDraft& draft,
                       const v1::Exploration& exploration,
                       coordinator::InProcessVoteSource& source,
                       const coordinator::TableContext& context) {
  v1::ObjectionHeat heat;
  auto index = DraftIndex::Build(draft);
  if (!index.ok()) {
    ADD_FAILURE() << index.status();
    return heat;
  }
  auto table = coordinator::QuestionTable::Build(*index, 1 << 22);
  if (!table.ok()) {
    ADD_FAILURE() << table.status();
    return heat;
  }
  if (absl::Status s = source.Table(context); !s.ok()) {
    ADD_FAILURE() << s;
    return heat;
  }
  std::vector<coordinator::PartyAnswers> answers;
  const std::uint64_t everyone =
      (std::uint64_t{1} << scenario.parties_size()) - 1;
  if (absl::Status s =
          source.Ask(table->questions(), false, everyone, &answers);
      !s.ok()) {
    ADD_FAILURE() << s;
    return heat;
  }
  const int n = draft.proposals_size();
  const int parties = scenario.parties_size();
  for (const v1::PartySpec& p : scenario.parties()) heat.add_parties(p.id());
  for (const v1::Proposal& p : draft.proposals()) heat.add_proposals(p.id());
  heat.mutable_tabled()->Resize(n, 0);
  heat.mutable_objections()->Resize(parties * n, 0);
  for (const std::uint64_t node : exploration.graph().nodes()) {
    const std::uint32_t set = table->Find(node);
    if (set == coordinator::QuestionTable::kNone) continue;
    for (std::uint64_t q = table->first_question(set);
         q < table->first_question(set + 1); ++q) {
      const int p = static_cast<int>(table->questions()[q].proposal);
      heat.set_tabled(p, heat.tabled(p) + 1);
      for (int i = 0; i < parties; ++i) {
        const auto& votes = answers[static_cast<std::size_t>(i)].votes;
        if (q < votes.size() && votes[q] == v1::VOTE_OBJECT) {
          heat.set_objections(i * n + p, heat.objections(i * n + p) + 1);
        }
      }
    }
  }
  return heat;
}

// Added, removed and moved proposals and stages: enough of a diff to draw.
v1::DraftDiff Diff(const v1::CharterDraft& base,
                   const v1::CharterDraft& other) {
  v1::DraftDiff diff;
  diff.set_base_draft(base.id());
  diff.set_other_draft(other.id());
  const auto stage_of = [](const v1::CharterDraft& d, const std::string& id) {
    for (const v1::Proposal& p : d.proposals()) {
      if (p.id() == id) return std::optional<std::string>(p.stage());
    }
    return std::optional<std::string>();
  };
  for (const v1::Proposal& p : other.proposals()) {
    if (!stage_of(base, p.id())) diff.add_added(p.id());
  }
  for (const v1::Proposal& p : base.proposals()) {
    const std::optional<std::string> stage = stage_of(other, p.id());
    if (!stage) {
      diff.add_removed(p.id());
    } else if (*stage != p.stage()) {
      v1::StageMove* move = diff.add_moved();
      move->set_proposal(p.id());
      move->set_from_stage(p.stage());
      move->set_to_stage(*stage);
    }
  }
  std::set<std::string> before, after;
  for (const v1::Stage& s : base.stages()) before.insert(s.id());
  for (const v1::Stage& s : other.stages()) after.insert(s.id());
  for (const std::string& s : after) {
    if (!before.contains(s)) diff.add_stages_added(s);
  }
  for (const std::string& s : before) {
    if (!after.contains(s)) diff.add_stages_removed(s);
  }
  diff.set_stage_order_changed(base.stage_order() != other.stage_order());
  return diff;
}

}  // namespace

RealisticComparison SixPartyComparison(const std::vector<std::string>& drafts) {
  RealisticComparison out;
  auto scenario = LoadScenario(ShippedPath("scenarios/six-party.textproto"));
  if (!scenario.ok()) {
    ADD_FAILURE() << scenario.status();
    return out;
  }
  out.scenario = *scenario;
  for (const std::string& name : drafts) {
    auto draft = LoadDraft(
        ShippedPath(absl::StrCat("scenarios/drafts/", name, ".textproto")));
    if (!draft.ok()) {
      ADD_FAILURE() << draft.status();
      return out;
    }
    out.drafts.push_back(*draft);
  }
  v1::Comparison& c = out.comparison;
  c.set_comparison_id("comparison-six-party-fixture");
  c.set_scenario_id(out.scenario.id());
  c.set_samples(100);
  c.set_spread(0.15);
  c.set_seed(42);
  c.set_shard_count(1);
  c.add_shards(1);

  coordinator::InProcessVoteSource source(out.scenario);
  const v1::DecisionRule scenario_rule = out.scenario.rule();
  const v1::DecisionRule minus_one =
      Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE);
  struct Forum {
    std::string variant;
    v1::DecisionRule rule;
  };
  const std::vector<Forum> forums = {
      {"", scenario_rule}, {"", minus_one}, {"transformation", scenario_rule}};
  for (const v1::CharterDraft& draft : out.drafts) {
    c.add_draft_ids(draft.id());
    for (std::size_t f = 0; f < forums.size(); ++f) {
      const Forum& forum = forums[f];
      // The first forum is the unmodified baseline under the scenario's rule.
      const bool baseline = f == 0;
      v1::ComparisonRow* row = c.add_rows();
      row->set_draft_id(draft.id());
      row->set_variant(forum.variant);
      SetRule(forum.rule, row);
      coordinator::ExploreOptions options;
      options.include_graph = true;
      auto x = coordinator::Explore(
          {&out.scenario, &draft, forum.variant, forum.rule}, options, source);
      if (!x.ok()) {
        row->set_error(std::string(x.status().message()));
        continue;
      }
      *row->mutable_exploration() = *x;
      FillHeadline(row);
      coordinator::TableContext context;
      context.draft = &draft;
      context.variant = forum.variant;
      context.initial_state.assign(out.scenario.initial_state().begin(),
                                   out.scenario.initial_state().end());
      *row->mutable_heat() = Heat(out.scenario, draft, *x, source, context);
      if (!baseline) {
        // Only the unmodified baseline row keeps its graph, as the
        // comparison sends it (the others' would only weigh the JSON).
        row->mutable_exploration()->clear_graph();
        continue;
      }
      v1::Robustness* r = row->mutable_robustness();
      SetShare(100, x->full_charter_reachable() ? 83 : 12, r);
      int i = 0;
      for (const v1::PartySpec& p : out.scenario.parties()) {
        AddSensitivity(p.id(), static_cast<std::uint64_t>((i++ * 7) % 20), r);
      }
      if (!x->full_charter_reachable() && !row->top_blocker().empty()) {
        v1::ConcessionSearch* search = c.add_concessions();
        search->set_draft_id(draft.id());
        *search->mutable_rule() = forum.rule;
        v1::Concession* concession = search->add_smallest();
        for (const std::string& party : row->top_blocker_parties()) {
          v1::ConcessionMove* m = concession->add_moves();
          m->set_party(party);
          m->set_tolerate(row->top_blocker());
          concession->add_parties(party);
        }
        search->set_exact(true);
        search->set_candidate_moves(9);
        search->set_tried(45);
        search->set_note("found at the smallest size tried");
      }
    }
  }
  for (std::size_t i = 1; i < out.drafts.size(); ++i) {
    *c.add_diffs() = Diff(out.drafts[0], out.drafts[i]);
  }
  return out;
}

}  // namespace concert::testing
