// Validation of one party: inside a scenario, or on its own as a profile.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/validation.h"
#include "services/common/validation_kit.h"
#include "services/common/variant_name.h"

namespace concert {
namespace validation {
namespace {

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
    if (variant.name() == kBaselineVariant) {
      out_->Add(Sub(path, "name"), object, kBaselineVariantNameTaken);
    } else if (variants_ != nullptr && !variant.name().empty() &&
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
    switch (rule.kind()) {
      case v1::PartyRule::RED_LINE:
      case v1::PartyRule::CONCESSION:
        break;
      case v1::PartyRule::STATEMENT:
        if (rule.reason().empty()) {
          out_->Add(Sub(path, "reason"), object,
                    "is a STATEMENT without text: its `reason` is the "
                    "statement the party makes");
        }
        break;
      case v1::PartyRule::KIND_UNSPECIFIED:
        out_->Add(Sub(path, "kind"), object,
                  "has no kind (RED_LINE, CONCESSION or STATEMENT)");
        break;
      default:  // an undeclared number: CheckValues reports it
        break;
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

}  // namespace

void CheckParty(const v1::PartySpec& party, const Path& root,
                const std::string& object, const IdSet* dimensions,
                const IdSet* variants, Reporter* out) {
  PartyChecker(dimensions, variants, out).Check(party, root, object);
}

}  // namespace validation

using validation::CheckParty;
using validation::IdSet;
using validation::Named;
using validation::Reporter;

std::vector<Problem> ValidateProfile(const v1::PartySpec& profile,
                                     const v1::Scenario* scenario,
                                     const SourceLocations* locations) {
  Reporter out(locations);
  CheckValues(profile, &out);
  const std::string object =
      profile.id().empty() ? "profile" : Named("party", profile.id(), 0);
  if (profile.id().empty())
    out.Add({}, object, "has no party id (id: \"...\")");
  if (!profile.has_interests()) {
    out.Add({}, object, "has no interest model (interests { ... })");
  }
  if (scenario == nullptr) {
    CheckParty(profile, {}, object, nullptr, nullptr, &out);
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
  CheckParty(profile, {}, object, &dimensions, &variants, &out);
  return out.Take();
}

}  // namespace concert
