// JSON reports compared for what they say, not when or where they were
// made: the record ids, timings, latencies and attempt counts that differ
// between two runs of the same thing are dropped before comparing.
#ifndef CONCERT_TESTS_DISTRIBUTED_COMPARABLE_JSON_H_
#define CONCERT_TESTS_DISTRIBUTED_COMPARABLE_JSON_H_

#include <string>

namespace concert::testing {

// How JSON report `b` differs from `a` once the run-specific fields (ids,
// elapsed_ms, latency_us, attempts, …) are removed at every depth: empty
// when they agree, else the differences field by field (or which one is
// not JSON).
std::string JsonDifference(const std::string& a, const std::string& b);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_DISTRIBUTED_COMPARABLE_JSON_H_
