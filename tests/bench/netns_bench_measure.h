// The measuring side of concert_netns_bench: what runs inside the
// coordinator's namespace (the bench re-runs itself there with --measure),
// so that it reaches the parties at their 10.231.0.x addresses without
// setns on any gRPC thread. It dials real concert-party processes through
// the product's GrpcVoteSource, times a session round and an exploration
// as concert_bench does (vote_round.cc, explore_case.cc), and prints one
// Record line (bench_record.h) per route for the parent to parse.
//
// A route is one way to the same parties: straight to them, or through a
// relay that holds 0 or 1 ms. Routes are measured interleaved — round by
// round, exploration by exploration — so that what one adds over another
// is measured under the same load of the (shared) machine, not minutes
// apart.
#ifndef CONCERT_TESTS_BENCH_NETNS_BENCH_MEASURE_H_
#define CONCERT_TESTS_BENCH_NETNS_BENCH_MEASURE_H_

#include <string>
#include <utility>
#include <vector>

#include "tests/bench/bench_record.h"

namespace concert::bench {

struct Route {
  std::string name;
  // (party id, address to dial), in the scenario's order.
  std::vector<std::pair<std::string, std::string>> parties;
};

struct MeasureSpec {
  std::string scenario_path;  // the textproto the parties read
  std::string draft_path;     // the draft to explore (N free proposals)
  std::vector<Route> routes;
  int rounds = 0;  // session rounds to time per route; 0: none
  int repeat = 1;  // explorations of the draft per route, each a new id
};

// Connects, warms each route up (explorations of drafts of 2 and 8
// proposals and of the measured draft under another id, through the source
// the measurements then use, as the coordinator's pool hands one out), then
// measures. One record per route, in order, each with "route" and, with
// rounds: rounds, round_{p50,p90}_us (a session round: one question with
// details, unary Evaluate to every party) and stream_{p50,p90}_us (the same
// question without details: the fixed cost of one exploration ask over the
// open streams). Always: n, wall_ms (median of the explorations),
// wall_min_ms, wall_max_ms, and of the median run asks (the explorer's Ask
// calls: its round trips), levels (lattice levels asked), questions
// (questions x parties), states, table_ms, ask_ms; level_ms (comma-
// separated: for each progress report — each level of the lattice walk,
// then of the veto-power walk — the median over the runs of the time since
// the previous one). Or a single record with "error".
std::vector<Record> RunMeasure(const MeasureSpec& spec);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_NETNS_BENCH_MEASURE_H_
