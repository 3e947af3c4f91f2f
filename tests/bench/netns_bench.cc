// concert_netns_bench: the vote round and an N = 16 exploration across
// hosts — network namespaces on a private bridge (tests/support/net/
// hosts.h) — with and without 1 ms of latency per link, against the same
// processes on one host's loopback (issue 10; docs/performance.md).
//
// Every party is a real concert-party process reading the synthetic bench
// scenario (bench_forum.h) from a file the harness writes. The measuring
// side is this binary run again inside a namespace (--measure, with one
// --route per way to the parties), so that it reaches the parties'
// addresses without setns on a gRPC thread; it prints its figures as
// Record lines, which the parent parses (netns_bench_run.cc). The
// configurations, each with fresh party processes per forum:
//   loopback   parties and measurer on one host, 127.0.0.1
//   hosts      each party on its own host, the measurer on another; beside
//              it, interleaved over the same processes, a delay relay in
//              front of each party holding nothing (what the relay itself
//              costs) and one holding D ms each way (+2D ms a round trip)
//   netem      when the kernel has it: D ms on every host's link instead
// The exit code is 0 when every configuration ran (or when hosts cannot be
// built here: not root, no namespaces — it says so), whatever the target.
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "tests/bench/netns_bench_measure.h"
#include "tests/bench/netns_bench_run.h"

namespace concert::bench {
namespace {

constexpr char kUsage[] =
    R"(usage: concert_netns_bench [--quick] [--rounds R] [--repeat K]
                           [--delay-ms D] [--n N] [--verbose]

Measures a session round (p50, p90) and N-proposal explorations of the
agreeable and random bench forums over real concert-party processes on
network-namespace hosts: all on one host's loopback; each party on a host
of its own; the same behind a delay relay holding nothing; and with D ms
added to every link (a relay holding D ms each way in front of each party,
and netem on every link when the kernel has it). Prints one table, and
whether each exploration's added wall time stays within its asks x the
added round trip (issue 10's target: round trips per level, not per
question).

Needs root (network namespaces); without, it says why and exits 0.

  --quick       30 rounds, one exploration per case, N = 12 (the ctest
                netns-bench-smoke)
  --rounds R    session rounds timed per configuration (default 200)
  --repeat K    explorations per case; the median is shown (default 3)
  --delay-ms D  latency per link, each way (default 1)
  --n N         proposals of the explored drafts (default 16)
  --verbose     also the time of each level of each exploration judged, at
                the base and with the latency
)";

struct Flags {
  bool quick = false;
  RunOptions run;
  // Internal: measure here (inside a namespace) and print the records.
  bool measure = false;
  MeasureSpec spec;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  bool rounds_set = false, repeat_set = false, n_set = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    const auto number = [&](int* out, int least, int most) {
      std::string v;
      return value(&v) && absl::SimpleAtoi(v, out) && *out >= least &&
             *out <= most;
    };
    std::string v;
    if (arg == "--quick") {
      flags->quick = true;
    } else if (arg == "--verbose") {
      flags->run.verbose = true;
    } else if (arg == "--rounds") {
      if (!number(&flags->run.rounds, 0, 1000000)) return false;
      rounds_set = true;
    } else if (arg == "--repeat") {
      if (!number(&flags->run.repeat, 1, 1000)) return false;
      repeat_set = true;
    } else if (arg == "--delay-ms") {
      if (!number(&flags->run.delay_ms, 0, 1000)) return false;
    } else if (arg == "--n") {
      // 20 at most: the bench's drafts; 2 at least: a warm-up needs two.
      if (!number(&flags->run.n, 2, 20)) return false;
      n_set = true;
    } else if (arg == "--measure") {
      flags->measure = true;
    } else if (arg == "--scenario") {
      if (!value(&flags->spec.scenario_path)) return false;
    } else if (arg == "--draft") {
      if (!value(&flags->spec.draft_path)) return false;
    } else if (arg == "--route") {
      if (!value(&v)) return false;
      flags->spec.routes.push_back(Route{v, {}});
    } else if (arg == "--party") {
      // ID=ADDR, of the last --route
      if (!value(&v) || flags->spec.routes.empty()) return false;
      const auto eq = v.find('=');
      if (eq == std::string::npos) return false;
      flags->spec.routes.back().parties.emplace_back(v.substr(0, eq),
                                                     v.substr(eq + 1));
    } else {
      return false;
    }
  }
  if (flags->quick) {
    if (!rounds_set) flags->run.rounds = 30;
    if (!repeat_set) flags->run.repeat = 1;
    if (!n_set) flags->run.n = 12;
  }
  flags->spec.rounds = flags->run.rounds;
  flags->spec.repeat = flags->run.repeat;
  return true;
}

int Main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << kUsage;
      return 0;
    }
  }
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::cerr << kUsage;
    return 2;
  }
  if (!flags.measure) return RunNetnsBench(flags.run);
  bool failed = false;
  for (const Record& record : RunMeasure(flags.spec)) {
    std::cout << record.Serialize() << "\n";
    failed = failed || record.Has("error");
  }
  std::cout.flush();
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace concert::bench

int main(int argc, char** argv) { return concert::bench::Main(argc, argv); }
