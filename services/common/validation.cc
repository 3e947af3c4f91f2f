#include "services/common/validation.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "services/common/draft_index.h"
#include "services/common/prerequisite_graph.h"

namespace concert {

namespace {

using Path = std::vector<FieldStep>;
using IdSet = absl::flat_hash_set<std::string>;

Path Sub(Path path, std::string field, int index = -1) {
  path.push_back(FieldStep{std::move(field), index});
  return path;
}

// "proposal 'x'", or "proposal #3" (1-based) when the id is empty.
std::string Named(absl::string_view kind, const std::string& id, int index) {
  if (id.empty()) return absl::StrCat(kind, " #", index + 1);
  return absl::StrCat(kind, " '", id, "'");
}

// Also catches NaN, which no weight or threshold may be.
bool Negative(double x) { return !(x >= 0); }

// Collects problems, placing each at the line of the object its path names.
class Reporter {
 public:
  explicit Reporter(const SourceLocations* locations) : locations_(locations) {}

  int Line(const Path& path) const {
    return locations_ == nullptr ? 0 : locations_->Line(path);
  }

  void Add(const Path& path, std::string object, std::string message) {
    Problem problem;
    if (locations_ != nullptr) problem.file = locations_->file();
    problem.line = Line(path);
    problem.object = std::move(object);
    problem.message = std::move(message);
    problems_.push_back(std::move(problem));
  }

  std::vector<Problem> Take() { return std::move(problems_); }

 private:
  const SourceLocations* locations_;
  std::vector<Problem> problems_;
};

// Reports empty and duplicate keys of the repeated field `field` under
// `parent`; `key_of` reads an element's key (its id or name). Returns the
// keys seen.
template <typename Repeated, typename KeyOf>
IdSet CheckKeys(const Repeated& items, KeyOf key_of, absl::string_view kind,
                absl::string_view key_word, const std::string& owner,
                const Path& parent, const std::string& field, Reporter* out) {
  absl::flat_hash_map<std::string, int> first;
  for (int i = 0; i < items.size(); ++i) {
    const std::string& key = key_of(items.Get(i));
    const Path path = Sub(parent, field, i);
    const std::string object = absl::StrCat(owner, Named(kind, key, i));
    if (key.empty()) {
      out->Add(path, object, absl::StrCat("has an empty ", key_word));
      continue;
    }
    auto [it, inserted] = first.try_emplace(key, i);
    if (inserted) continue;
    const int first_line = out->Line(Sub(parent, field, it->second));
    out->Add(path, object,
             first_line > 0
                 ? absl::StrCat("duplicate ", key_word,
                                " (first declared at line ", first_line, ")")
                 : absl::StrCat("duplicate ", key_word));
  }
  IdSet keys;
  for (const auto& [key, index] : first) keys.insert(key);
  return keys;
}

const std::string& IdOf(const auto& item) { return item.id(); }
const std::string& NameOf(const auto& item) { return item.name(); }

// Reports a reference to a dimension: one that names none always, one the
// scenario does not declare only when the scenario is known (`known` is
// null for a profile checked on its own). `what` names the referring object:
// "position", "threshold", "move"...
void CheckDimension(const IdSet* known, const std::string& dimension,
                    const Path& path, const std::string& object,
                    absl::string_view what, Reporter* out) {
  if (dimension.empty()) {
    out->Add(path, object, absl::StrCat(what, " names no dimension"));
  } else if (known != nullptr && !known->contains(dimension)) {
    out->Add(path, object,
             absl::StrCat(what, " on unknown dimension '", dimension, "'"));
  }
}

// The checks of one party, shared by scenarios (a party under
// parties[i]) and profiles (the party is the whole message). The scenario's
// dimensions and variants may be unknown (null): a profile checked without a
// scenario skips the checks that need them.
class PartyChecker {
 public:
  PartyChecker(const IdSet* dimensions, const IdSet* variants, Reporter* out)
      : dimensions_(dimensions), variants_(variants), out_(out) {}

  // `root` is the party's path in its message; `object` names it.
  void Check(const v1::PartySpec& party, const Path& root,
             const std::string& object) {
    if (Negative(party.weight())) {
      out_->Add(Sub(root, "weight"), object,
                absl::StrCat("negative weight ", party.weight()));
    }
    const v1::InterestModel& interests = party.interests();
    const Path model = Sub(root, "interests");
    CheckPositions(interests.positions(), model, object);
    CheckThreshold("support_threshold", interests.support_threshold(), model,
                   object);
    CheckThreshold("objection_threshold", interests.objection_threshold(),
                   model, object);
    const IdSet rules = CheckRules(interests.rules(), model, object);

    CheckKeys(party.variants(), NameOf<v1::PartyVariant>, "variant", "name",
              object + " ", root, "variants", out_);
    for (int v = 0; v < party.variants_size(); ++v) {
      CheckPartyVariant(party.variants(v), Sub(root, "variants", v), object, v,
                        rules);
    }
  }

 private:
  void CheckPartyVariant(const v1::PartyVariant& variant, const Path& path,
                         const std::string& party, int index,
                         const IdSet& rules) {
    const std::string object =
        absl::StrCat(party, " ", Named("variant", variant.name(), index));
    if (variants_ != nullptr && !variant.name().empty() &&
        !variants_->contains(variant.name())) {
      out_->Add(path, object, "names a variant the scenario does not declare");
    }
    CheckPositions(variant.positions(), path, object);
    CheckRules(variant.rules(), path, object);
    for (int i = 0; i < variant.remove_rules_size(); ++i) {
      if (rules.contains(variant.remove_rules(i))) continue;
      out_->Add(
          Sub(path, "remove_rules", i), object,
          absl::StrCat("removes unknown rule '", variant.remove_rules(i), "'"));
    }
    if (variant.has_support_threshold()) {
      CheckThreshold("support_threshold", variant.support_threshold(), path,
                     object);
    }
    if (variant.has_objection_threshold()) {
      CheckThreshold("objection_threshold", variant.objection_threshold(), path,
                     object);
    }
  }

  void CheckThreshold(absl::string_view name, double value, const Path& path,
                      const std::string& object) {
    if (Negative(value)) {
      out_->Add(Sub(path, std::string(name)), object,
                absl::StrCat("negative ", name, " ", value));
    }
  }

  // Positions of an interest model or a variant (`owner` holds them).
  void CheckPositions(
      const google::protobuf::RepeatedPtrField<v1::Position>& positions,
      const Path& owner_path, const std::string& owner) {
    IdSet seen;
    for (int i = 0; i < positions.size(); ++i) {
      const v1::Position& position = positions.Get(i);
      const Path path = Sub(owner_path, "positions", i);
      CheckDimension(dimensions_, position.dimension(), path, owner, "position",
                     out_);
      if (Negative(position.salience())) {
        out_->Add(path, owner,
                  absl::StrCat("negative salience ", position.salience(),
                               " on dimension '", position.dimension(), "'"));
      }
      if (!position.dimension().empty() &&
          !seen.insert(position.dimension()).second) {
        out_->Add(path, owner,
                  absl::StrCat("two positions on dimension '",
                               position.dimension(), "'"));
      }
    }
  }

  // Rules of an interest model or a variant; returns their ids.
  IdSet CheckRules(
      const google::protobuf::RepeatedPtrField<v1::PartyRule>& rules,
      const Path& owner_path, const std::string& owner) {
    IdSet ids = CheckKeys(rules, IdOf<v1::PartyRule>, "rule", "id", owner + " ",
                          owner_path, "rules", out_);
    for (int i = 0; i < rules.size(); ++i) {
      CheckRule(rules.Get(i), Sub(owner_path, "rules", i),
                absl::StrCat(owner, " ", Named("rule", rules.Get(i).id(), i)));
    }
    return ids;
  }

  void CheckRule(const v1::PartyRule& rule, const Path& path,
                 const std::string& object) {
    if (rule.kind() == v1::PartyRule::KIND_UNSPECIFIED) {
      out_->Add(Sub(path, "kind"), object,
                "has no kind (RED_LINE or CONCESSION)");
    }
    const v1::Coverage& covers = rule.covers();
    if (covers.proposals().empty() && covers.tags().empty() &&
        covers.moves().empty()) {
      out_->Add(path, object, "covers no proposals (give ids, tags or moves)");
    }
    for (int i = 0; i < covers.moves_size(); ++i) {
      const v1::DimensionMove& move = covers.moves(i);
      const Path at = Sub(Sub(path, "covers"), "moves", i);
      CheckDimension(dimensions_, move.dimension(), at, object, "move", out_);
      if (move.direction() == v1::DimensionMove::DIRECTION_UNSPECIFIED) {
        out_->Add(at, object,
                  absl::StrCat("move of dimension '", move.dimension(),
                               "' has no direction (UP or DOWN)"));
      }
    }
    const v1::Condition& condition = rule.condition();
    for (int i = 0; i < condition.thresholds_size(); ++i) {
      const v1::Threshold& threshold = condition.thresholds(i);
      const Path at = Sub(Sub(path, "condition"), "thresholds", i);
      CheckDimension(dimensions_, threshold.dimension(), at, object,
                     "threshold", out_);
      if (threshold.comparison() == v1::Threshold::COMPARISON_UNSPECIFIED) {
        out_->Add(
            at, object,
            absl::StrCat("threshold on dimension '", threshold.dimension(),
                         "' has no comparison (AT_LEAST or AT_MOST)"));
      }
    }
  }

  const IdSet* dimensions_;
  const IdSet* variants_;
  Reporter* out_;
};

class ScenarioChecker {
 public:
  ScenarioChecker(const v1::Scenario& scenario, Reporter* out)
      : scenario_(scenario), out_(out) {}

  void Run() {
    const std::string self = scenario_.id().empty()
                                 ? "scenario"
                                 : Named("scenario", scenario_.id(), 0);
    if (scenario_.dimensions().empty())
      out_->Add({}, self, "declares no dimensions");
    if (scenario_.parties().empty()) out_->Add({}, self, "declares no parties");

    dimensions_ = CheckKeys(scenario_.dimensions(), IdOf<v1::Dimension>,
                            "dimension", "id", "", {}, "dimensions", out_);
    parties_ = CheckKeys(scenario_.parties(), IdOf<v1::PartySpec>, "party",
                         "id", "", {}, "parties", out_);
    variants_ = CheckKeys(scenario_.variants(), NameOf<v1::Variant>, "variant",
                          "name", "", {}, "variants", out_);

    CheckInitialState();
    PartyChecker parties(&dimensions_, &variants_, out_);
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      const v1::PartySpec& party = scenario_.parties(i);
      parties.Check(party, {{"parties", i}}, Named("party", party.id(), i));
    }
    CheckDecisionRule();
    for (int i = 0; i < scenario_.variants_size(); ++i) CheckVariant(i);
  }

 private:
  void CheckInitialState() {
    IdSet set;
    for (int i = 0; i < scenario_.initial_state_size(); ++i) {
      const v1::DimensionValue& value = scenario_.initial_state(i);
      const Path path = {{"initial_state", i}};
      CheckDimension(&dimensions_, value.dimension(), path, "initial state",
                     "initial value", out_);
      if (!value.dimension().empty() && !set.insert(value.dimension()).second) {
        out_->Add(
            path, "initial state",
            absl::StrCat("sets dimension '", value.dimension(), "' twice"));
      }
    }
  }

  void CheckDecisionRule() {
    const v1::DecisionRule& rule = scenario_.rule();
    if (rule.kind() != v1::DecisionRule::QUALIFIED_MAJORITY) return;
    const double threshold = rule.threshold();
    if (threshold == 0) {
      out_->Add({{"rule"}}, "decision rule",
                "QUALIFIED_MAJORITY needs a threshold in (0, 1]");
    } else if (!(threshold > 0 && threshold <= 1)) {
      out_->Add({{"rule"}, {"threshold"}}, "decision rule",
                absl::StrCat("threshold ", threshold, " is outside (0, 1]"));
    }
  }

  void CheckVariant(int index) {
    const v1::Variant& variant = scenario_.variants(index);
    const Path path = {{"variants", index}};
    for (int i = 0; i < variant.absent_parties_size(); ++i) {
      if (parties_.contains(variant.absent_parties(i))) continue;
      out_->Add(Sub(path, "absent_parties", i),
                Named("variant", variant.name(), index),
                absl::StrCat("absent party '", variant.absent_parties(i),
                             "' is not a party of the scenario"));
    }
  }

  const v1::Scenario& scenario_;
  Reporter* out_;
  IdSet dimensions_;
  IdSet parties_;
  IdSet variants_;
};

class DraftChecker {
 public:
  DraftChecker(const v1::CharterDraft& draft, Reporter* out)
      : draft_(draft), out_(out) {}

  void Run() {
    const std::string self =
        draft_.id().empty() ? "draft" : Named("draft", draft_.id(), 0);
    if (draft_.stages().empty()) out_->Add({}, self, "declares no stages");
    if (draft_.proposals().empty())
      out_->Add({}, self, "declares no proposals");
    if (draft_.proposals_size() > kMaxProposals) {
      out_->Add(
          {}, self,
          absl::StrCat("has ", draft_.proposals_size(), " proposals; at most ",
                       kMaxProposals, " are supported"));
    }

    CheckKeys(draft_.stages(), IdOf<v1::Stage>, "stage", "id", "", {}, "stages",
              out_);
    CheckKeys(draft_.proposals(), IdOf<v1::Proposal>, "proposal", "id", "", {},
              "proposals", out_);
    // First occurrences win, as in DraftIndex and PrerequisiteGraph.
    for (int s = 0; s < draft_.stages_size(); ++s) {
      stage_ordinal_.try_emplace(draft_.stages(s).id(), s);
    }
    for (int p = 0; p < draft_.proposals_size(); ++p) {
      proposal_index_.try_emplace(draft_.proposals(p).id(), p);
    }

    for (int p = 0; p < draft_.proposals_size(); ++p) CheckProposal(p);
    CheckCycles();
  }

 private:
  bool strict() const { return draft_.stage_order() != v1::CharterDraft::FREE; }

  void CheckProposal(int index) {
    const v1::Proposal& proposal = draft_.proposals(index);
    const Path path = {{"proposals", index}};
    const std::string object = Named("proposal", proposal.id(), index);
    auto stage = stage_ordinal_.find(proposal.stage());
    if (proposal.stage().empty()) {
      out_->Add(path, object, "names no stage");
    } else if (stage == stage_ordinal_.end()) {
      out_->Add(Sub(path, "stage"), object,
                absl::StrCat("in unknown stage '", proposal.stage(), "'"));
    }
    for (int i = 0; i < proposal.prerequisites_size(); ++i) {
      const std::string& required = proposal.prerequisites(i);
      const Path at = Sub(path, "prerequisites", i);
      auto other = proposal_index_.find(required);
      if (other == proposal_index_.end()) {
        out_->Add(at, object,
                  absl::StrCat("requires unknown proposal '", required, "'"));
        continue;
      }
      if (!strict() || stage == stage_ordinal_.end()) continue;
      const std::string& required_stage =
          draft_.proposals(other->second).stage();
      auto later = stage_ordinal_.find(required_stage);
      if (later != stage_ordinal_.end() && later->second > stage->second) {
        out_->Add(at, object,
                  absl::StrCat("requires '", required, "' of later stage '",
                               required_stage, "' (stage order is STRICT)"));
      }
    }
  }

  void CheckCycles() {
    const PrerequisiteGraph graph(draft_);
    for (const std::vector<std::string>& cycle : graph.FindCycles()) {
      const int first = graph.Find(cycle.front());
      out_->Add({{"proposals", first}}, Named("proposal", cycle.front(), first),
                absl::StrCat("prerequisite cycle ", FormatCycle(cycle)));
    }
  }

  const v1::CharterDraft& draft_;
  Reporter* out_;
  absl::flat_hash_map<std::string, int> stage_ordinal_;
  absl::flat_hash_map<std::string, int> proposal_index_;
};

}  // namespace

std::vector<Problem> ValidateScenario(const v1::Scenario& scenario,
                                      const SourceLocations* locations) {
  Reporter out(locations);
  ScenarioChecker(scenario, &out).Run();
  return out.Take();
}

std::vector<Problem> ValidateDraft(const v1::CharterDraft& draft,
                                   const SourceLocations* locations) {
  Reporter out(locations);
  DraftChecker(draft, &out).Run();
  return out.Take();
}

std::vector<Problem> ValidateProfile(const v1::PartySpec& profile,
                                     const v1::Scenario* scenario,
                                     const SourceLocations* locations) {
  Reporter out(locations);
  const std::string object =
      profile.id().empty() ? "profile" : Named("party", profile.id(), 0);
  if (profile.id().empty())
    out.Add({}, object, "has no party id (id: \"...\")");
  if (!profile.has_interests()) {
    out.Add({}, object, "has no interest model (interests { ... })");
  }
  if (scenario == nullptr) {
    PartyChecker(nullptr, nullptr, &out).Check(profile, {}, object);
    return out.Take();
  }

  IdSet dimensions;
  for (const v1::Dimension& d : scenario->dimensions())
    dimensions.insert(d.id());
  IdSet variants;
  for (const v1::Variant& v : scenario->variants()) variants.insert(v.name());
  std::vector<std::string> parties;
  for (const v1::PartySpec& p : scenario->parties()) parties.push_back(p.id());
  if (!profile.id().empty() && std::find(parties.begin(), parties.end(),
                                         profile.id()) == parties.end()) {
    const std::string which =
        scenario->id().empty()
            ? "the scenario"
            : absl::StrCat("scenario '", scenario->id(), "'");
    out.Add({{"id"}}, object,
            absl::StrCat("is not a party of ", which,
                         " (its parties: ", absl::StrJoin(parties, ", "), ")"));
  }
  PartyChecker(&dimensions, &variants, &out).Check(profile, {}, object);
  return out.Take();
}

std::vector<Problem> ValidateDraftAgainstScenario(
    const v1::CharterDraft& draft, const v1::Scenario& scenario,
    const SourceLocations* draft_locations) {
  IdSet dimensions;
  for (const v1::Dimension& d : scenario.dimensions())
    dimensions.insert(d.id());
  IdSet parties;
  for (const v1::PartySpec& p : scenario.parties()) parties.insert(p.id());
  const std::string which =
      scenario.id().empty() ? "the scenario"
                            : absl::StrCat("scenario '", scenario.id(), "'");

  Reporter out(draft_locations);
  for (int i = 0; i < draft.proposals_size(); ++i) {
    const v1::Proposal& proposal = draft.proposals(i);
    const Path path = {{"proposals", i}};
    const std::string object = Named("proposal", proposal.id(), i);
    for (int j = 0; j < proposal.effects_size(); ++j) {
      const std::string& dimension = proposal.effects(j).dimension();
      if (dimensions.contains(dimension)) continue;
      out.Add(Sub(path, "effects", j), object,
              absl::StrCat("effect on dimension '", dimension, "', which ",
                           which, " does not declare"));
    }
    for (int j = 0; j < proposal.concerns_size(); ++j) {
      const std::string& party = proposal.concerns(j);
      if (parties.contains(party)) continue;
      out.Add(Sub(path, "concerns", j), object,
              absl::StrCat("concerns party '", party, "', which ", which,
                           " does not declare"));
    }
  }
  return out.Take();
}

}  // namespace concert
