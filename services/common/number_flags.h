// Numbers on command lines, checked the same way by every program: CLI11
// alone reads "nan" and "1e400" into a double as they are, and "-5" into an
// unsigned integer as 18446744073709551611. These validators refuse such
// values before they reach a request, naming the flag, the value and the
// range.
#ifndef CONCERT_SERVICES_COMMON_NUMBER_FLAGS_H_
#define CONCERT_SERVICES_COMMON_NUMBER_FLAGS_H_

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace concert {

// A whole number written in decimal digits only (no sign, no exponent),
// from `min` to `max`.
CLI::Validator WholeNumber(std::uint64_t min, std::uint64_t max);

// A finite number from `min` to `max`; when `min_excluded`, `min` itself is
// refused too (a share in (0, 1]).
CLI::Validator FiniteNumber(double min, double max, bool min_excluded = false);

// `text` as a finite double (for numbers inside a flag's own syntax, such as
// --spread ideal=0.5). INVALID_ARGUMENT naming `text` when it is not a number
// or not finite.
absl::StatusOr<double> ParseFiniteNumber(absl::string_view text);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_NUMBER_FLAGS_H_
