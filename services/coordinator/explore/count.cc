#include "services/coordinator/explore/count.h"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <vector>

namespace concert::coordinator {

std::string ToDecimal(const Count& c) {
  // Chunks of 18 digits. (Count::str() would do, but trips a false
  // -Wrestrict in GCC 12's std::string.)
  if (c <= 0) return "0";
  const Count chunk(1'000'000'000'000'000'000ull);
  std::vector<std::uint64_t> chunks;
  for (Count rest = c; rest > 0;) {
    Count quotient, remainder;
    boost::multiprecision::divide_qr(rest, chunk, quotient, remainder);
    chunks.push_back(remainder.convert_to<std::uint64_t>());
    rest = std::move(quotient);
  }
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "%" PRIu64, chunks.back());
  std::string out = buffer;
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    std::snprintf(buffer, sizeof(buffer), "%018" PRIu64, chunks[i]);
    out += buffer;
  }
  return out;
}

double CountRatio(const Count& num, const Count& den) {
  if (den == 0) return 0;
  return num.convert_to<double>() / den.convert_to<double>();
}

const Count& Factorial(int n) {
  static const std::array<Count, 65> table = [] {
    std::array<Count, 65> t;
    t[0] = 1;
    for (int i = 1; i <= 64; ++i) t[i] = t[i - 1] * i;
    return t;
  }();
  return table[n];
}

}  // namespace concert::coordinator
