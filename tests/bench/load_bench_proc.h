// What concert_load_bench reads of a server process from /proc: its
// resident memory (VmRSS) and thread count (Threads), sampled at the start
// and end of a load, and the growth between two samples.
#ifndef CONCERT_TESTS_BENCH_LOAD_BENCH_PROC_H_
#define CONCERT_TESTS_BENCH_LOAD_BENCH_PROC_H_

#include <optional>

#include <sys/types.h>

namespace concert::bench {

struct ProcessSample {
  long rss_kib = 0;  // VmRSS
  long threads = 0;  // Threads
  // CPU time used so far, user and system (/proc/PID/stat utime + stime),
  // in seconds.
  double cpu_s = 0;
};

// /proc/PID/status's VmRSS and Threads, /proc/PID/stat's CPU time; nullopt when
// the process is gone or the file lacks either.
std::optional<ProcessSample> SampleProcess(pid_t pid);

// (after - before) / before in percent; 0 when before is 0.
double GrowthPercent(long before, long after);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_LOAD_BENCH_PROC_H_
