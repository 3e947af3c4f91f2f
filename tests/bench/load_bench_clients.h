// The clients of concert_load_bench: N threads in the bench's process, each
// with a channel (and connection) of its own to the coordinator, each
// looping RunSession on one draft and, every k-th iteration, a small
// Explore; what they measured, with samples of the servers' memory and
// threads taken while the load runs and once it has stopped.
#ifndef CONCERT_TESTS_BENCH_LOAD_BENCH_CLIENTS_H_
#define CONCERT_TESTS_BENCH_LOAD_BENCH_CLIENTS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/v1/charter.pb.h"
#include "tests/bench/load_bench_proc.h"

namespace concert::bench {

struct LoadOptions {
  int clients = 64;
  int seconds = 60;
  // Unmeasured load before the start sample: a server's memory grows with
  // the calls it runs at once (threads, allocator arenas) and then levels
  // off; growth is measured from the plateau, so that it shows what the
  // load leaves behind, not what it needs while it runs.
  int warmup_seconds = 15;
  // Every client runs an Explore after every `explore_every`-th session,
  // client i offset by i so that the explorations spread over time.
  int explore_every = 4;
  v1::CharterDraft session_draft;
  v1::CharterDraft explore_draft;
  std::uint64_t explore_max_states = 20000;
  std::uint64_t explore_max_memory_bytes = 64ull << 20;
  // Deadline of each call: a stalled server shows as DEADLINE_EXCEEDED,
  // not as a bench that never ends.
  int call_timeout_s = 120;
};

// The server processes sampled: (name, pid).
using ServerPids = std::vector<std::pair<std::string, pid_t>>;

struct LoadResult {
  double measured_s = 0;  // the measured window's length
  long sessions = 0;      // completed within the window
  long explorations = 0;
  long rounds = 0;
  long session_rounds = 0;  // the rounds the counted sessions held
  // Round latency (ms): for each round event of a session, the time since
  // the previous event of the same stream (`started` for the first round).
  std::vector<double> round_ms;
  std::vector<double> session_ms;  // a RunSession call, start to end
  std::vector<double> explore_ms;  // an Explore call, start to end
  // Health/Check of the coordinator every 0.5 s while loaded (ms), over a
  // channel of its own; failures counted apart.
  std::vector<double> health_ms;
  long health_failures = 0;
  // Outcomes of the measured sessions (CONSENSUS, DEADLOCK, SUSPENDED, …)
  // and votes marked absent (a party not reached in time).
  std::map<std::string, long> session_outcomes;
  long absent_votes = 0;
  // Every failed call of the run (warm-up and the calls still running at
  // the end included): (gRPC status code, message) → count.
  std::map<std::pair<int, std::string>, long> errors;
  long error_total() const;
  // Per server (in the ServerPids' order): idle after the warm-up (every
  // client waiting to start), the most seen while loaded (sampled every
  // 0.5 s; RSS and threads each at its own maximum), and idle again once
  // every client has finished (nullopt when the process was gone). Both
  // ends idle: a thread count under load says how many calls were in
  // flight at that instant, not what the server kept.
  std::vector<std::optional<ProcessSample>> start, peak, end;
  // Per server: RSS (KiB) every 15 s of the window, then at its end; a
  // leak climbs steadily, a cache levels off.
  std::vector<std::vector<long>> rss_trace;
  // Per server: CPU time used in the window over its length, in % of one
  // core (-1 when the process was gone).
  std::vector<double> cpu_percent;
};

// Runs the load against `address` with `credentials` (every client's
// channel presents them): a warm-up (every client one session and one
// exploration), then `seconds` measured.
LoadResult RunLoad(const LoadOptions& options, const std::string& address,
                   const std::shared_ptr<grpc::ChannelCredentials>& credentials,
                   const ServerPids& servers);

// The nearest-rank percentile `p` (0..100) of `values`; 0 when empty.
double Percentile(std::vector<double> values, double p);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_LOAD_BENCH_CLIENTS_H_
