// The benchmark's output: one markdown table of every case against its
// target (PASS/MISS per row), a second table of where an exploration's time
// goes, and the list of targets met and missed. Targets live here, in the
// benchmark's output, never in tests.
#ifndef CONCERT_TESTS_BENCH_BENCH_REPORT_H_
#define CONCERT_TESTS_BENCH_BENCH_REPORT_H_

#include <string>
#include <vector>

#include "tests/bench/bench_cases.h"
#include "tests/bench/bench_record.h"

namespace concert::bench {

// Every run of one case. Each record carries what the child measured plus
// peak_rss_kb (the child's ru_maxrss, from wait4).
struct CaseRuns {
  CaseSpec spec;
  std::vector<Record> runs;
};

struct Report {
  std::string table;      // case | N | forum | source | wall | ... | result
  std::string breakdown;  // where the time of each exploration goes
  std::string verdicts;   // one line per target: PASS/MISS, case, detail
  int passed = 0;
  int missed = 0;
};

// Builds the report. With several runs per case, a row shows the run of
// median wall time (and the range), and the highest peak RSS of all runs.
Report BuildReport(const std::vector<CaseRuns>& cases);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_BENCH_REPORT_H_
