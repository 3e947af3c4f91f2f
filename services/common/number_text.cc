#include "services/common/number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "absl/strings/ascii.h"

namespace concert {
namespace {

// Trailing zeros of a fixed-point number's fraction, and a bare point.
std::string TrimFraction(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string GroupedCount(absl::string_view decimal) {
  if (decimal.empty() ||
      !std::all_of(decimal.begin(), decimal.end(), absl::ascii_isdigit)) {
    return std::string(decimal);
  }
  const std::size_t first =
      std::min(decimal.find_first_not_of('0'), decimal.size() - 1);
  const absl::string_view digits = decimal.substr(first);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string ShareText(double share) {
  if (!(share > 0)) return "0%";
  if (share >= 1) return "100%";
  const double percent = share * 100;
  // Never scientific, never rounded to an end: a share too small (or too
  // near everything) for four decimals says which side it is on.
  if (percent < 1e-4) return "< 0.0001%";
  if (percent > 100 - 1e-4) return "> 99.9999%";
  // Three significant digits, and more while they would round a share that
  // is neither nothing nor everything to 0% or 100% (at most four decimals,
  // which the bounds above make enough).
  char buf[64];
  int decimals =
      std::max(0, 2 - static_cast<int>(std::floor(std::log10(percent))));
  std::string text;
  for (;; ++decimals) {
    std::snprintf(buf, sizeof buf, "%.*f", decimals, percent);
    text = TrimFraction(buf);
    if ((text != "0" && text != "100") || decimals >= 4) break;
  }
  return text + "%";
}

}  // namespace concert
