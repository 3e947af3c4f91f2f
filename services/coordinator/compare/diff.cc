#include "services/coordinator/compare/diff.h"

#include <map>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"

namespace concert::coordinator {
namespace {

using ProposalById = absl::flat_hash_map<std::string, const v1::Proposal*>;

ProposalById ById(const v1::CharterDraft& draft) {
  ProposalById out;
  for (const v1::Proposal& p : draft.proposals()) out.emplace(p.id(), &p);
  return out;
}

// Effects as dimension -> summed delta: a draft may list one dimension twice.
std::map<std::string, double> EffectsOf(const v1::Proposal& p) {
  std::map<std::string, double> out;
  for (const v1::Effect& e : p.effects()) out[e.dimension()] += e.delta();
  return out;
}

void DiffPrerequisites(const v1::Proposal& a, const v1::Proposal& b,
                       v1::DraftDiff* diff) {
  const std::set<std::string> before(a.prerequisites().begin(),
                                     a.prerequisites().end());
  const std::set<std::string> after(b.prerequisites().begin(),
                                    b.prerequisites().end());
  if (before == after) return;
  v1::PrerequisiteChange* change = diff->add_prerequisites();
  change->set_proposal(a.id());
  for (const std::string& id : after) {
    if (!before.contains(id)) change->add_added(id);
  }
  for (const std::string& id : before) {
    if (!after.contains(id)) change->add_removed(id);
  }
}

void DiffEffects(const v1::Proposal& a, const v1::Proposal& b,
                 v1::DraftDiff* diff) {
  const std::map<std::string, double> before = EffectsOf(a);
  const std::map<std::string, double> after = EffectsOf(b);
  std::set<std::string> dimensions;
  for (const auto& [d, _] : before) dimensions.insert(d);
  for (const auto& [d, _] : after) dimensions.insert(d);
  for (const std::string& d : dimensions) {
    const auto x = before.find(d);
    const auto y = after.find(d);
    const double from = x == before.end() ? 0 : x->second;
    const double to = y == after.end() ? 0 : y->second;
    if (from == to) continue;
    v1::EffectChange* change = diff->add_effects();
    change->set_proposal(a.id());
    change->set_dimension(d);
    change->set_before(from);
    change->set_after(to);
  }
}

void DiffStages(const v1::CharterDraft& base, const v1::CharterDraft& other,
                v1::DraftDiff* diff) {
  std::set<std::string> before;
  std::set<std::string> after;
  for (const v1::Stage& s : base.stages()) before.insert(s.id());
  for (const v1::Stage& s : other.stages()) after.insert(s.id());
  for (const v1::Stage& s : other.stages()) {
    if (!before.contains(s.id())) diff->add_stages_added(s.id());
  }
  for (const v1::Stage& s : base.stages()) {
    if (!after.contains(s.id())) diff->add_stages_removed(s.id());
  }
  diff->set_stage_order_changed(base.stage_order() != other.stage_order());
}

}  // namespace

v1::DraftDiff DiffDrafts(const v1::CharterDraft& base,
                         const v1::CharterDraft& other) {
  v1::DraftDiff diff;
  diff.set_base_draft(base.id());
  diff.set_other_draft(other.id());
  const ProposalById in_base = ById(base);
  const ProposalById in_other = ById(other);
  for (const v1::Proposal& p : other.proposals()) {
    if (!in_base.contains(p.id())) diff.add_added(p.id());
  }
  for (const v1::Proposal& a : base.proposals()) {
    const auto it = in_other.find(a.id());
    if (it == in_other.end()) {
      diff.add_removed(a.id());
      continue;
    }
    const v1::Proposal& b = *it->second;
    if (a.stage() != b.stage()) {
      v1::StageMove* move = diff.add_moved();
      move->set_proposal(a.id());
      move->set_from_stage(a.stage());
      move->set_to_stage(b.stage());
    }
    DiffPrerequisites(a, b, &diff);
    DiffEffects(a, b, &diff);
  }
  DiffStages(base, other, &diff);
  return diff;
}

bool IsEmpty(const v1::DraftDiff& diff) {
  return diff.added().empty() && diff.removed().empty() &&
         diff.moved().empty() && diff.prerequisites().empty() &&
         diff.effects().empty() && diff.stages_added().empty() &&
         diff.stages_removed().empty() && !diff.stage_order_changed();
}

}  // namespace concert::coordinator
