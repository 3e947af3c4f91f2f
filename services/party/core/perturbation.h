// A party-private perturbation of an interest model, for robustness studies
// (v1::Perturbation in a TableRequest). Pure; no gRPC.
//
// The draw is a fixed algorithm, so that the same (model, perturbation,
// party id) gives the same perturbed model in every process, on every
// machine, after any restart — and so that a party written in another
// language can reproduce the built-in party's draws exactly:
//
//   0. The sizes: each component's own field when it is set, else `spread`:
//        I = ideal_spread     if set, else spread
//        S = salience_spread  if set, else spread
//        T = threshold_spread if set, else spread
//        C = condition_spread (unset reads 0: rules as written)
//      Every size must be finite and >= 0 (`spread` too, even when every
//      component overrides it); anything else is refused.
//   1. h = FNV-1a 64 over the bytes of the party id (UTF-8, no terminator):
//        h = 0xcbf29ce484222325
//        for each byte b: h = (h XOR b) * 0x100000001b3   (mod 2^64)
//   2. state = seed XOR h (all 64-bit unsigned).
//   3. Each draw is the next splitmix64 output:
//        state = state + 0x9e3779b97f4a7c15                (mod 2^64)
//        z = state
//        z = (z XOR (z >> 30)) * 0xbf58476d1ce4e5b9         (mod 2^64)
//        z = (z XOR (z >> 27)) * 0x94d049bb133111eb         (mod 2^64)
//        x = z XOR (z >> 31)
//      turned into a uniform u in [-1, 1) as
//        u = ((x >> 11) * 2^-53) * 2 - 1
//      (IEEE-754 doubles; x >> 11 converts exactly).
//   4. Draws are taken in this order, one u per line, each value rounded
//      to a double after every operation (no fused multiply-add):
//        for each position of the model, in model order:
//          ideal    = ideal + I * u
//          salience = max(0, salience * (1 + S * u))
//        support_threshold   = max(0, support_threshold + T * u)
//        objection_threshold = max(0, objection_threshold + T * u)
//      then, only when C > 0, for each rule of the model in model order,
//      for each threshold of its condition in order:
//          value = value + C * u                 (no clamp)
//      Nothing else is perturbed (proposal moves' `at_least` included).
//   5. A component whose size is 0 is left exactly as it is — no change,
//      not even the clamp at 0 — but its draws are still taken (and thrown
//      away), so that setting one component to 0 does not shift the draws
//      of the others. Only the condition draws are skipped when C is 0,
//      which is why a perturbation with only `spread` draws exactly as it
//      did before components existed.
//
// Every size 0 (or an unset perturbation) returns the model unchanged, bit
// for bit: no draw is made and no value is clamped. The model is the one
// the party votes with after any what-if overlay (tabled_model.h): rules an
// overlay lifts are not there, so they take no condition draws.
#ifndef CONCERT_SERVICES_PARTY_CORE_PERTURBATION_H_
#define CONCERT_SERVICES_PARTY_CORE_PERTURBATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::party {

// FNV-1a, 64 bits, over the bytes of `bytes` (step 1 above). Written out
// because absl::Hash is seeded per process and so not stable across them.
std::uint64_t Fnv1a64(absl::string_view bytes);

// The splitmix64 stream of step 3.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  // The next 64-bit output.
  std::uint64_t Next();
  // The next output as a uniform double in [-1, 1).
  double NextSigned();

 private:
  std::uint64_t state_;
};

// The sizes of step 0.
struct PerturbationSizes {
  double ideal = 0;
  double salience = 0;
  double threshold = 0;
  double condition = 0;

  // Whether every size is 0: the perturbation changes nothing.
  bool none() const {
    return ideal == 0 && salience == 0 && threshold == 0 && condition == 0;
  }
};

// The sizes `perturbation` gives each component (step 0). Not checked: see
// CheckPerturbation.
PerturbationSizes SizesOf(const v1::Perturbation& perturbation);

// OK, or INVALID_ARGUMENT naming the first field (spread, ideal_spread,
// salience_spread, threshold_spread, condition_spread) that is negative or
// not finite: "perturbation ideal_spread must be finite and >= 0, got -1".
// The one check of a perturbation's sizes: the party server, the SDK and
// the coordinator's comparison requests all call it.
absl::Status CheckPerturbation(const v1::Perturbation& perturbation);

// `model` perturbed as described above, for the party `party_id`.
// INVALID_ARGUMENT as CheckPerturbation.
absl::StatusOr<v1::InterestModel> Perturb(v1::InterestModel model,
                                          const v1::Perturbation& perturbation,
                                          absl::string_view party_id);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_CORE_PERTURBATION_H_
