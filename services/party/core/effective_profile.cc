#include "services/party/core/effective_profile.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/variant_name.h"

namespace concert::party {
namespace {

const v1::PartyVariant* FindVariant(const v1::PartySpec& party,
                                    absl::string_view name) {
  for (const auto& v : party.variants()) {
    if (v.name() == name) return &v;
  }
  return nullptr;
}

// Positions replace the baseline's position on the same dimension; a
// dimension the baseline does not weigh is added.
void ApplyPositions(const v1::PartyVariant& variant, v1::InterestModel* model) {
  for (const auto& position : variant.positions()) {
    auto* positions = model->mutable_positions();
    auto same = std::find_if(positions->begin(), positions->end(),
                             [&](const v1::Position& p) {
                               return p.dimension() == position.dimension();
                             });
    if (same != positions->end()) {
      *same = position;
    } else {
      *positions->Add() = position;
    }
  }
}

// Removals apply to the baseline first, so a variant may drop a rule and add
// a different one under the same id.
absl::Status ApplyRules(const v1::PartySpec& party,
                        const v1::PartyVariant& variant,
                        v1::InterestModel* model) {
  auto* rules = model->mutable_rules();
  for (const auto& id : variant.remove_rules()) {
    auto it =
        std::find_if(rules->begin(), rules->end(),
                     [&](const v1::PartyRule& r) { return r.id() == id; });
    if (it == rules->end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("variant '", variant.name(), "' of party ", party.id(),
                       " removes unknown rule '", id, "'"));
    }
    rules->erase(it);
  }
  for (const auto& rule : variant.rules()) {
    auto it = std::find_if(
        rules->begin(), rules->end(),
        [&](const v1::PartyRule& r) { return r.id() == rule.id(); });
    if (it != rules->end()) {
      *it = rule;
    } else {
      *rules->Add() = rule;
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> ScenarioVariants(const v1::Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& v : scenario.variants()) names.push_back(v.name());
  return names;
}

std::vector<std::string> KnownVariants(
    const v1::PartySpec& party,
    absl::Span<const std::string> baseline_variants) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (!name.empty() &&
        std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  };
  for (const auto& v : party.variants()) add(v.name());
  for (const auto& name : baseline_variants) add(name);
  return names;
}

absl::StatusOr<v1::InterestModel> EffectiveModel(
    const v1::PartySpec& party, absl::string_view variant,
    absl::Span<const std::string> baseline_variants) {
  v1::InterestModel model = party.interests();
  if (IsBaselineVariant(variant)) return model;

  const v1::PartyVariant* change = FindVariant(party, variant);
  if (change == nullptr) {
    const bool declared =
        std::find(baseline_variants.begin(), baseline_variants.end(),
                  variant) != baseline_variants.end();
    if (declared) return model;
    const std::vector<std::string> known =
        KnownVariants(party, baseline_variants);
    return absl::NotFoundError(absl::StrCat(
        "party ", party.id(), ": ", UnknownVariantMessage(variant, known)));
  }

  ApplyPositions(*change, &model);
  if (absl::Status s = ApplyRules(party, *change, &model); !s.ok()) return s;
  if (change->has_support_threshold()) {
    model.set_support_threshold(change->support_threshold());
  }
  if (change->has_objection_threshold()) {
    model.set_objection_threshold(change->objection_threshold());
  }
  return model;
}

}  // namespace concert::party
