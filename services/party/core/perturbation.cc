// Built with -ffp-contract=off (see CMakeLists.txt): a fused multiply-add
// would round `ideal + spread * u` once instead of twice, and the draws
// would then differ from the documented algorithm on machines whose
// compilers fuse by default.
#include "services/party/core/perturbation.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace concert::party {

std::uint64_t Fnv1a64(absl::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t SplitMix64::Next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::NextSigned() {
  return (static_cast<double>(Next() >> 11) * 0x1.0p-53) * 2 - 1;
}

PerturbationSizes SizesOf(const v1::Perturbation& perturbation) {
  const double spread = perturbation.spread();
  PerturbationSizes sizes;
  sizes.ideal =
      perturbation.has_ideal_spread() ? perturbation.ideal_spread() : spread;
  sizes.salience = perturbation.has_salience_spread()
                       ? perturbation.salience_spread()
                       : spread;
  sizes.threshold = perturbation.has_threshold_spread()
                        ? perturbation.threshold_spread()
                        : spread;
  sizes.condition = perturbation.condition_spread();
  return sizes;
}

absl::Status CheckPerturbation(const v1::Perturbation& perturbation) {
  const std::pair<const char*, double> sizes[] = {
      {"spread", perturbation.spread()},
      {"ideal_spread", perturbation.ideal_spread()},
      {"salience_spread", perturbation.salience_spread()},
      {"threshold_spread", perturbation.threshold_spread()},
      {"condition_spread", perturbation.condition_spread()},
  };
  for (const auto& [field, size] : sizes) {
    if (!std::isfinite(size) || size < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "perturbation ", field, " must be finite and >= 0, got ", size));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::InterestModel> Perturb(v1::InterestModel model,
                                          const v1::Perturbation& perturbation,
                                          absl::string_view party_id) {
  if (absl::Status s = CheckPerturbation(perturbation); !s.ok()) return s;
  const PerturbationSizes sizes = SizesOf(perturbation);
  if (sizes.none()) return model;

  // Every draw is taken whether or not its size is 0 (step 5), so that one
  // component at 0 leaves the others' draws where they were.
  SplitMix64 draws(perturbation.seed() ^ Fnv1a64(party_id));
  for (v1::Position& position : *model.mutable_positions()) {
    const double u_ideal = draws.NextSigned();
    const double u_salience = draws.NextSigned();
    if (sizes.ideal != 0) {
      position.set_ideal(position.ideal() + sizes.ideal * u_ideal);
    }
    if (sizes.salience != 0) {
      position.set_salience(std::max(
          0.0, position.salience() * (1 + sizes.salience * u_salience)));
    }
  }
  const double u_support = draws.NextSigned();
  const double u_objection = draws.NextSigned();
  if (sizes.threshold != 0) {
    model.set_support_threshold(
        std::max(0.0, model.support_threshold() + sizes.threshold * u_support));
    model.set_objection_threshold(std::max(
        0.0, model.objection_threshold() + sizes.threshold * u_objection));
  }
  // After every other draw, and only when asked for: a perturbation without
  // condition_spread draws exactly as before rules could be perturbed.
  if (sizes.condition > 0) {
    for (v1::PartyRule& rule : *model.mutable_rules()) {
      // A rule without a condition keeps it unset (mutable_condition would
      // add an empty one).
      if (!rule.has_condition()) continue;
      for (v1::Threshold& threshold :
           *rule.mutable_condition()->mutable_thresholds()) {
        threshold.set_value(threshold.value() +
                            sizes.condition * draws.NextSigned());
      }
    }
  }
  return model;
}

}  // namespace concert::party
