// A party-private perturbation of an interest model, for robustness studies
// (v1::Perturbation in a TableRequest). Pure; no gRPC.
//
// The draw is a fixed algorithm, so that the same (model, seed, spread,
// party id) gives the same perturbed model in every process, on every
// machine, after any restart — and so that a party written in another
// language can reproduce the built-in party's draws exactly:
//
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
//   4. Draws are taken in this order, each value rounded to a double after
//      every operation (no fused multiply-add):
//        for each position of the model, in model order:
//          ideal    = ideal + spread * u
//          salience = max(0, salience * (1 + spread * u))
//        support_threshold   = max(0, support_threshold + spread * u)
//        objection_threshold = max(0, objection_threshold + spread * u)
//      Rules are not perturbed.
//
// Spread 0 (or an unset perturbation) returns the model unchanged, bit for
// bit: no draw is made and no value is clamped.
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

// OK, or INVALID_ARGUMENT when the spread is negative or not finite.
absl::Status CheckPerturbation(const v1::Perturbation& perturbation);

// `model` perturbed as described above, for the party `party_id`.
// INVALID_ARGUMENT as CheckPerturbation.
absl::StatusOr<v1::InterestModel> Perturb(v1::InterestModel model,
                                          const v1::Perturbation& perturbation,
                                          absl::string_view party_id);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_CORE_PERTURBATION_H_
