#include "clients/concert/render/report_numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/number_text.h"

namespace concert::cli {

std::string NormalizedDecimal(absl::string_view decimal) {
  if (decimal.empty()) return "";
  for (char c : decimal) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  size_t first = decimal.find_first_not_of('0');
  if (first == absl::string_view::npos) return "0";
  return std::string(decimal.substr(first));
}

int CompareDecimal(absl::string_view a, absl::string_view b) {
  const std::string x = NormalizedDecimal(a);
  const std::string y = NormalizedDecimal(b);
  if (x.empty() || y.empty())
    return static_cast<int>(!x.empty()) - static_cast<int>(!y.empty());
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y);
}

long double DecimalRatio(absl::string_view a, absl::string_view b) {
  const std::string x = NormalizedDecimal(a);
  const std::string y = NormalizedDecimal(b);
  if (x.empty() || y.empty()) return 0;
  // Counts stay far below long double's range (64! is about 1.3e89).
  const long double numerator = std::strtold(x.c_str(), nullptr);
  const long double denominator = std::strtold(y.c_str(), nullptr);
  if (denominator == 0) {
    return numerator == 0 ? 0 : std::numeric_limits<long double>::infinity();
  }
  return numerator / denominator;
}

namespace {

// Trailing zeros of a fixed-point number's fraction, and a bare point.
std::string TrimFraction(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// Three significant digits: fixed from 0.0001 to 999, "3.2e6" beyond.
std::string ThreeSignificant(long double value) {
  if (value == 0) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2Le", value);
  // The exponent after rounding decides the form, so that 999.7 becomes
  // "1e3" rather than a four-digit "1000".
  const char* e = std::strchr(buf, 'e');
  if (e == nullptr) return buf;  // inf or nan
  const int exponent = static_cast<int>(std::strtol(e + 1, nullptr, 10));
  if (exponent >= -4 && exponent < 3) {
    std::snprintf(buf, sizeof buf, "%.*Lf", 2 - exponent, value);
    return TrimFraction(buf);
  }
  return absl::StrCat(
      TrimFraction(std::string(buf, static_cast<size_t>(e - buf))), "e",
      exponent);
}

}  // namespace

std::string FormatCount(absl::string_view decimal) {
  // Grouped at any length: one style for every count in a report, whether
  // it has 5 digits or 54.
  return GroupedCount(decimal);
}

std::string FormatCount(std::uint64_t count) {
  return FormatCount(absl::StrCat(count));
}

std::string ShortScientific(absl::string_view decimal) {
  std::string digits = NormalizedDecimal(decimal);
  if (digits.size() <= 3) return digits;
  // Rounded to three significant digits, half up, on the digits themselves:
  // exact for counts of any length.
  int mantissa =
      (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');
  int exponent = static_cast<int>(digits.size()) - 1;
  if (digits[3] >= '5') ++mantissa;
  if (mantissa == 1000) {
    mantissa = 100;
    ++exponent;
  }
  return absl::StrCat(mantissa / 100, ".", mantissa / 10 % 10, mantissa % 10,
                      "e", exponent);
}

std::string FormatCountWithShort(absl::string_view decimal) {
  std::string text = FormatCount(decimal);
  if (NormalizedDecimal(decimal).size() > 9) {
    absl::StrAppend(&text, "  (≈ ", ShortScientific(decimal), ")");
  }
  return text;
}

std::string FormatShare(double share) { return ShareText(share); }

std::string FormatRate(double per_second) {
  if (!(per_second > 0)) return "0";
  static constexpr const char* kUnits[] = {"", "k", "M", "G", "T"};
  double scaled = per_second;
  size_t unit = 0;
  while (scaled >= 999.5 && unit + 1 < std::size(kUnits)) {
    scaled /= 1000;
    ++unit;
  }
  char buf[64];
  if (unit > 0 && scaled < 9.95) {
    std::snprintf(buf, sizeof buf, "%.1f%s", scaled, kUnits[unit]);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f%s", scaled, kUnits[unit]);
  }
  return buf;
}

std::string FormatDuration(std::int64_t ms) {
  if (ms <= 0) return "0 s";
  if (ms < 9950) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000);
    return buf;
  }
  const std::int64_t seconds = (ms + 500) / 1000;
  if (seconds < 60) return absl::StrCat(seconds, " s");
  if (seconds < 3600) {
    return absl::StrCat(seconds / 60, " min ", seconds % 60, " s");
  }
  const std::int64_t minutes = (seconds + 30) / 60;
  return absl::StrCat(minutes / 60, " h ", minutes % 60, " min");
}

std::string FormatFactor(absl::string_view without, absl::string_view actual) {
  const std::string w = NormalizedDecimal(without);
  const std::string a = NormalizedDecimal(actual);
  if (w.empty() || a.empty()) return "";
  if (w == a) return "no change";
  if (a == "0") return "from none";
  return absl::StrCat("×", ThreeSignificant(DecimalRatio(w, a)));
}

}  // namespace concert::cli
