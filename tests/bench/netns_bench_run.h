// The parent side of concert_netns_bench: builds the hosts, writes the
// forums' files, starts the parties for each configuration, runs the
// measurer (this binary again, --measure) inside a namespace, and prints
// the table (netns_bench_report.h).
#ifndef CONCERT_TESTS_BENCH_NETNS_BENCH_RUN_H_
#define CONCERT_TESTS_BENCH_NETNS_BENCH_RUN_H_

namespace concert::bench {

struct RunOptions {
  int rounds = 200;  // session rounds per configuration
  int repeat = 3;    // explorations per case and configuration
  int delay_ms = 1;  // latency per link, each way
  int n = 16;        // proposals of the explored drafts
  bool verbose = false;
};

// Runs every configuration and prints the table; 0 when every one ran, or
// when hosts cannot be built here (it says why), whatever the target says.
int RunNetnsBench(const RunOptions& options);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_NETNS_BENCH_RUN_H_
