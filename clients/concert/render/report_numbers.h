// Numbers in the client's reports, for people: exact decimal counts that may
// exceed 2^64 (the explorer sends them as strings), their short scientific
// form, shares as percentages, rates and factors. Pure functions.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_REPORT_NUMBERS_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_REPORT_NUMBERS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace concert::cli {

// A non-negative decimal count for reading, exact and grouped by thousands
// at any length: "11,440", "2,432,902,008,176,640,000" — one style for
// every count a report prints (FormatCountWithShort adds the short form
// where a long count needs it). Leading zeros are dropped; an empty or
// non-numeric string is returned as is.
std::string FormatCount(absl::string_view decimal);
// The same for a count held as an integer (states, questions, rounds).
std::string FormatCount(std::uint64_t count);

// A decimal count in short scientific form with three significant digits,
// rounded half up: "3.96e53" for a 54-digit count. Counts below 1000 are
// returned as plain digits ("999"). Empty for an empty or non-numeric string.
std::string ShortScientific(absl::string_view decimal);

// FormatCount, followed by "  (≈ 3.96e53)" when the count has more than
// nine digits.
std::string FormatCountWithShort(absl::string_view decimal);

// A share in [0, 1] as a percentage with three significant digits, never
// in scientific notation and never rounded to the ends: "0%" and "100%"
// only for exactly 0 and 1; "37.5%", "0.0337%", "0.0012%", "99.99%" (not
// "100%"); "< 0.0001%" below 0.0001% and "> 99.9999%" above 99.9999%.
std::string FormatShare(double share);

// A rate for people, in k/M/G/T with one decimal below ten of a unit:
// "950", "9.5k", "12k", "2.3M", "1.1G"; "0" for zero or less.
std::string FormatRate(double per_second);

// A duration for people: "0.4 s", "1.2 s", "45 s", "3 min 20 s",
// "2 h 5 min"; "0 s" for zero or less.
std::string FormatDuration(std::int64_t ms);

// How much more a count is than another, both decimal: "×1.5", "×240",
// "×3.2e6"; "no change" when equal; "from none" when `actual` is zero and
// `without` is not. Empty when either is not a number.
std::string FormatFactor(absl::string_view without, absl::string_view actual);

// `decimal` without leading zeros ("0" for zero); empty when it is not a
// non-negative decimal number (digits only).
std::string NormalizedDecimal(absl::string_view decimal);

// Compares two non-negative decimals numerically (leading zeros ignored):
// negative, zero or positive as a < b, a == b, a > b. A string that is not a
// number compares below every number.
int CompareDecimal(absl::string_view a, absl::string_view b);

// The ratio of two non-negative decimals, as a long double (inf when `b` is
// zero and `a` is not; 0 when either is not a number).
long double DecimalRatio(absl::string_view a, absl::string_view b);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_REPORT_NUMBERS_H_
