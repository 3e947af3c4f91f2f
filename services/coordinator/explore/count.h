// Exact sequence counts for the explorer.
//
// The number of orders of adoption of an N-proposal draft is the number of
// linear extensions of its prerequisite order: up to N! (64! ~ 1.3e89), far
// beyond 2^64 and even beyond unsigned __int128 (34! > 2^128). Counts are
// therefore boost::multiprecision::cpp_int — header-only, exact, and small
// values live inline without a heap allocation, which keeps the lattice walk
// fast. Counts leave the explorer as decimal strings (the proto's choice).
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_COUNT_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_COUNT_H_

#include <string>

#include <boost/multiprecision/cpp_int.hpp>

namespace concert::coordinator {

using Count = boost::multiprecision::cpp_int;

// Decimal digits of `c` (non-negative).
std::string ToDecimal(const Count& c);

// num / den as a double; 0 when den is 0. Exact up to double rounding even
// when both exceed the double range of integers.
double CountRatio(const Count& num, const Count& den);

// n! for 0 <= n <= 64.
const Count& Factorial(int n);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_COUNT_H_
