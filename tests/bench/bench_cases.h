// The benchmark's cases: what each measures, and how to run one in this
// process. The harness (bench_main.cc) runs every case in its own child
// process so that each case's peak RSS is its own.
#ifndef CONCERT_TESTS_BENCH_BENCH_CASES_H_
#define CONCERT_TESTS_BENCH_BENCH_CASES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tests/bench/bench_forum.h"
#include "tests/bench/bench_record.h"

namespace concert::bench {

enum class CaseKind {
  kVoteRound,  // one session round over gRPC against the bare fan-out floor
  kExplore,    // one exploration
};

enum class Source { kGrpc, kInProcess };

struct CaseSpec {
  std::string name;
  CaseKind kind = CaseKind::kExplore;
  Forum forum = Forum::kAgreeable;
  Source source = Source::kGrpc;
  // Explore: "lattice" or "enumerate".
  std::string strategy = "lattice";
  // Free drafts: n proposals. Strict drafts: stages x per_stage.
  int n = 0;
  int stages = 0;
  int per_stage = 0;
  // ExploreOptions::veto_power (the product's default is on).
  bool veto_power = true;
  // ExploreOptions::ask_ahead_max_questions; -1: the product's default over
  // gRPC, 0 (never) in process, where there is no round trip to save and
  // the rows are the ceiling the walk's own questions cost.
  std::int64_t ask_ahead = -1;
  // After the first exploration, this many more on the same source, each
  // tabled with a new perturbation: what one sample of a robustness study
  // costs once the streams are open (median reported).
  int samples = 0;
  // Part of the --quick subset.
  bool quick = false;
};

// "grpc" / "in-process".
const char* SourceName(Source source);

// Every case, in table order.
std::vector<CaseSpec> AllCases();

struct RunFlags {
  bool quick = false;    // fewer vote rounds
  bool verbose = false;  // per-level timings on stderr
  bool warm = false;     // explore a second time on the same forum
};

// Runs `spec` in this process and returns what it measured: always "case";
// "error" when it failed; for explorations wall_ms, states, questions,
// ask_ms, table_ms, ask_calls, base_rss_kb, consensus, full (and sample_ms,
// sample_table_ms, sample_ask_ms with samples); for the vote round the round
// and floor percentiles in microseconds.
Record RunCase(const CaseSpec& spec, const RunFlags& flags);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_BENCH_CASES_H_
