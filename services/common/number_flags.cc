#include "services/common/number_flags.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace concert {

CLI::Validator WholeNumber(std::uint64_t min, std::uint64_t max) {
  const std::string range = absl::StrCat("from ", min, " to ", max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const bool digits =
            !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
              return absl::ascii_isdigit(static_cast<unsigned char>(c));
            });
        if (!digits || !absl::SimpleAtoi(text, &value) || value < min ||
            value > max) {
          return absl::StrCat("'", text, "' is not a whole number ", range);
        }
        return "";
      },
      absl::StrCat("whole number ", range));
}

CLI::Validator FiniteNumber(double min, double max, bool min_excluded) {
  const std::string range =
      absl::StrCat(min_excluded ? "in (" : "in [", min, ", ", max, "]");
  return CLI::Validator(
      [min, max, min_excluded, range](std::string& text) -> std::string {
        absl::StatusOr<double> value = ParseFiniteNumber(text);
        if (!value.ok() || *value < min || *value > max ||
            (min_excluded && *value == min)) {
          return absl::StrCat("'", text, "' is not a number ", range);
        }
        return "";
      },
      absl::StrCat("number ", range));
}

absl::StatusOr<double> ParseFiniteNumber(absl::string_view text) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a finite number"));
  }
  return value;
}

}  // namespace concert
