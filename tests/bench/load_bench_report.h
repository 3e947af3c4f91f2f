// concert_load_bench's output: one table of throughput, latency and errors
// per mode (TLS, plaintext), the servers' memory and threads against the
// growth target, and TLS's cost against plaintext.
#ifndef CONCERT_TESTS_BENCH_LOAD_BENCH_REPORT_H_
#define CONCERT_TESTS_BENCH_LOAD_BENCH_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "tests/bench/load_bench_clients.h"
#include "tests/bench/load_bench_forum.h"

namespace concert::bench {

// One mode's run: its name ("tls", "plaintext"), the servers sampled, what
// the clients measured, and how the servers stopped.
struct ModeRun {
  std::string mode;
  std::vector<std::string> servers;  // names, as sampled
  LoadResult load;
  StopReport stop;
  // /proc/loadavg's 1/5/15-minute averages before and after the run: what
  // else the machine was doing.
  std::string loadavg_before, loadavg_after;
};

// The growth target: RSS and threads, end against start.
inline constexpr double kMaxGrowthPercent = 10.0;

// Prints every table of `runs` (which ran with `options`, described by
// `mix`).
void PrintReport(std::ostream& out, const LoadOptions& options,
                 const std::string& mix, const std::vector<ModeRun>& runs);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_LOAD_BENCH_REPORT_H_
