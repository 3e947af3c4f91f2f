// Numbers written for people, in one style wherever they are written: the
// client's reports and the outcome lines the coordinator stores with each
// record (which `concert records list` prints as they were stored). Counts
// with grouped digits at any length; shares as percentages to significant
// figures, never scientific and never rounded to 0% or 100% unless exact.
#ifndef CONCERT_SERVICES_COMMON_NUMBER_TEXT_H_
#define CONCERT_SERVICES_COMMON_NUMBER_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace concert {

// A non-negative decimal count (digits only; leading zeros dropped) with its
// digits grouped by thousands: "11,440", "2,432,902,008,176,640,000". Any
// other string is returned as is.
std::string GroupedCount(absl::string_view decimal);

// A share in [0, 1] as a percentage with three significant digits: "37.5%",
// "0.0337%", "99.99%". "0%" and "100%" only for exactly 0 and 1; "< 0.0001%"
// and "> 99.9999%" at the ends, so no share prints in scientific notation.
std::string ShareText(double share);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_NUMBER_TEXT_H_
