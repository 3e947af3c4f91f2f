// What concert_netns_bench prints: one markdown table of every
// configuration's measurements, each beside the loopback baseline and the
// configuration it adds to, then the verdict of issue 10's target — an
// exploration's wall time grows by no more than the added round trips per
// level (per ask), not per question.
#ifndef CONCERT_TESTS_BENCH_NETNS_BENCH_REPORT_H_
#define CONCERT_TESTS_BENCH_NETNS_BENCH_REPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "tests/bench/bench_record.h"

namespace concert::bench {

struct ConfigResult {
  std::string name;  // "loopback", "hosts", "hosts + relay 0 ms", ...
  // The configuration this one adds to (its index; -1: none) and the round
  // trip time it adds on top of it (2 x the per-link delay; 0: none).
  int base = -1;
  double added_rtt_ms = 0;
  // (case name, what the measurer printed), e.g. ("agreeable-16", record):
  // the first case's record carries the session-round figures too.
  std::vector<std::pair<std::string, Record>> cases;
};

struct NetnsReport {
  std::string table;     // markdown
  std::string verdicts;  // one line per exploration judged, PASS/MISS
  // Per judged exploration, the time of each level (each progress report:
  // the lattice walk's levels, then the veto-power walk's) at the base and
  // with the latency, and what the latency added: where the round trips go.
  std::string levels;
  int passed = 0;
  int missed = 0;
};

// results[0] is the loopback baseline.
NetnsReport BuildNetnsReport(const std::vector<ConfigResult>& results);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_NETNS_BENCH_REPORT_H_
