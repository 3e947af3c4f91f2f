// One exploration of a synthetic draft, timed end to end (Explore() as the
// coordinator calls it, tabling included) with either six loopback party
// servers behind a GrpcVoteSource or the in-process ceiling.
#ifndef CONCERT_TESTS_BENCH_EXPLORE_CASE_H_
#define CONCERT_TESTS_BENCH_EXPLORE_CASE_H_

#include "tests/bench/bench_cases.h"
#include "tests/bench/bench_record.h"

namespace concert::bench {

// Fills wall_ms, explorer_ms (Exploration.elapsed_ms), states, questions
// (Exploration.questions_asked: questions x parties), table_ms, ask_ms,
// ask_calls, reports, cpu_ms (CPU time of every thread of the process,
// party servers included, during the exploration), base_rss_kb (the process's
// RSS just before exploring), cold_peak_rss_kb (its peak right after),
// consensus, admissible, full; or error. With spec.samples, then explores
// that many times more on the same source, each time tabled with a new
// perturbation, and fills sample_ms, sample_table_ms, sample_ask_ms (medians).
// With `warm`, then explores again on
// the same forum (parties have the draft cached, servers are warm) and fills
// warm_wall_ms, warm_ask_ms, warm_table_ms (the process's peak RSS then covers
// both runs). With `verbose`, prints one line per progress report (level,
// states, questions, time) and the blockers on stderr.
Record RunExploreCase(const CaseSpec& spec, bool verbose, bool warm);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_EXPLORE_CASE_H_
