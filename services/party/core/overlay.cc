#include "services/party/core/overlay.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert::party {
namespace {

absl::Status Invalid(absl::string_view party_id, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("overlay for ", party_id, ": ", what));
}

// Non-negative and finite, as saliences and thresholds must be.
bool IsWeight(double v) { return std::isfinite(v) && v >= 0; }

absl::Status LiftRules(const v1::PartyOverlay& overlay,
                       absl::string_view party_id, v1::InterestModel* model) {
  std::vector<std::string> known;
  for (const auto& rule : model->rules()) known.push_back(rule.id());
  for (const std::string& id : overlay.lift_rules()) {
    if (std::find(known.begin(), known.end(), id) == known.end()) {
      return Invalid(
          party_id,
          absl::StrCat("lifts unknown rule '", id, "' (its rules: ",
                       known.empty() ? "none" : absl::StrJoin(known, ", "),
                       ")"));
    }
  }
  auto* rules = model->mutable_rules();
  rules->erase(std::remove_if(rules->begin(), rules->end(),
                              [&](const v1::PartyRule& rule) {
                                const auto& lift = overlay.lift_rules();
                                return std::find(lift.begin(), lift.end(),
                                                 rule.id()) != lift.end();
                              }),
               rules->end());
  return absl::OkStatus();
}

absl::Status ChangePositions(const v1::PartyOverlay& overlay,
                             absl::string_view party_id,
                             v1::InterestModel* model) {
  for (const v1::PositionChange& change : overlay.positions()) {
    if (change.dimension().empty()) {
      return Invalid(party_id, "a position change names no dimension");
    }
    if (change.has_ideal() && !std::isfinite(change.ideal())) {
      return Invalid(party_id, absl::StrCat("ideal on '", change.dimension(),
                                            "' is not finite"));
    }
    if (change.has_salience() && !IsWeight(change.salience())) {
      return Invalid(party_id, absl::StrCat("salience on '", change.dimension(),
                                            "' must be finite and >= 0, got ",
                                            change.salience()));
    }
    auto* positions = model->mutable_positions();
    auto it = std::find_if(positions->begin(), positions->end(),
                           [&](const v1::Position& p) {
                             return p.dimension() == change.dimension();
                           });
    v1::Position* position = nullptr;
    if (it != positions->end()) {
      position = &*it;
    } else {
      position = positions->Add();
      position->set_dimension(change.dimension());
    }
    if (change.has_ideal()) position->set_ideal(change.ideal());
    if (change.has_salience()) position->set_salience(change.salience());
  }
  return absl::OkStatus();
}

}  // namespace

bool IsEmptyOverlay(const v1::PartyOverlay& overlay) {
  return overlay.ByteSizeLong() == 0;
}

absl::StatusOr<OverlaidModel> ApplyOverlay(v1::InterestModel model,
                                           const v1::PartyOverlay& overlay,
                                           absl::string_view party_id) {
  OverlaidModel out;
  if (IsEmptyOverlay(overlay)) {
    out.model = std::move(model);
    return out;
  }
  if (overlay.party() != party_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("an overlay naming party '", overlay.party(),
                     "' was handed to party ", party_id));
  }
  if (absl::Status s = LiftRules(overlay, party_id, &model); !s.ok()) return s;
  if (absl::Status s = ChangePositions(overlay, party_id, &model); !s.ok()) {
    return s;
  }
  if (overlay.has_support_threshold()) {
    if (!IsWeight(overlay.support_threshold())) {
      return Invalid(party_id,
                     absl::StrCat("support threshold must be finite and >= 0, "
                                  "got ",
                                  overlay.support_threshold()));
    }
    model.set_support_threshold(overlay.support_threshold());
  }
  if (overlay.has_objection_threshold()) {
    if (!IsWeight(overlay.objection_threshold())) {
      return Invalid(party_id,
                     absl::StrCat("objection threshold must be finite and >= "
                                  "0, got ",
                                  overlay.objection_threshold()));
    }
    model.set_objection_threshold(overlay.objection_threshold());
  }
  out.model = std::move(model);
  out.tolerated.assign(overlay.tolerate().begin(), overlay.tolerate().end());
  return out;
}

}  // namespace concert::party
