// Built with -ffp-contract=off (see CMakeLists.txt): a fused multiply-add
// would round `ideal + spread * u` once instead of twice, and the draws
// would then differ from the documented algorithm on machines whose
// compilers fuse by default.
#include "services/party/core/perturbation.h"

#include <algorithm>
#include <cmath>

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

absl::Status CheckPerturbation(const v1::Perturbation& perturbation) {
  const double spread = perturbation.spread();
  if (!std::isfinite(spread) || spread < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "perturbation spread must be finite and >= 0, got ", spread));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::InterestModel> Perturb(v1::InterestModel model,
                                          const v1::Perturbation& perturbation,
                                          absl::string_view party_id) {
  if (absl::Status s = CheckPerturbation(perturbation); !s.ok()) return s;
  const double spread = perturbation.spread();
  if (spread == 0) return model;

  SplitMix64 draws(perturbation.seed() ^ Fnv1a64(party_id));
  for (v1::Position& position : *model.mutable_positions()) {
    position.set_ideal(position.ideal() + spread * draws.NextSigned());
    position.set_salience(
        std::max(0.0, position.salience() * (1 + spread * draws.NextSigned())));
  }
  model.set_support_threshold(
      std::max(0.0, model.support_threshold() + spread * draws.NextSigned()));
  model.set_objection_threshold(
      std::max(0.0, model.objection_threshold() + spread * draws.NextSigned()));
  return model;
}

}  // namespace concert::party
