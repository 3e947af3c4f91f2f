// concert_bench: the benchmark of concert's vote and exploration paths.
//
//   concert_bench              every case, one table (see docs/performance.md)
//   concert_bench --quick      a small subset (the bench-smoke test)
//   concert_bench --case NAME  only the named case(s) (repeatable, or a
//                              comma-separated list; --list shows the names)
//   concert_bench --repeat R   R runs of each case (round-robin over the
//                              cases); rows show the median run
//   concert_bench --verbose    per-level timings and blockers of each
//                              exploration, on stderr
//   concert_bench --warm       explore each draft a second time on the same
//                              forum (parties have it cached) and show that
//                              time too; peak RSS then covers both runs
//
// Each run of a case is a child process (this binary re-executed with
// --run-case NAME), so that the peak RSS read from wait4 is that case's own.
// The exit code is 0 when every case ran, whatever the targets say: targets
// are the benchmark's output, not a test.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tests/bench/bench_cases.h"
#include "tests/bench/bench_report.h"

namespace concert::bench {
namespace {

struct Flags {
  bool quick = false;
  bool verbose = false;
  bool warm = false;
  bool list = false;
  int repeat = 1;
  std::vector<std::string> cases;
  std::string run_case;  // internal: run this case here and print its record
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--quick") {
      flags->quick = true;
    } else if (arg == "--verbose") {
      flags->verbose = true;
    } else if (arg == "--warm") {
      flags->warm = true;
    } else if (arg == "--list") {
      flags->list = true;
    } else if (arg == "--case") {
      if (!value(&v)) return false;
      for (auto name : absl::StrSplit(v, ',', absl::SkipEmpty())) {
        flags->cases.emplace_back(name);
      }
    } else if (arg == "--repeat") {
      if (!value(&v) || !absl::SimpleAtoi(v, &flags->repeat) ||
          flags->repeat < 1) {
        return false;
      }
    } else if (arg == "--run-case") {
      if (!value(&flags->run_case)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// The first three fields of /proc/loadavg (1, 5, 15 minutes).
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// Runs one case in a child process; its record, with the child's peak RSS.
Record RunChild(const std::string& self, const CaseSpec& spec,
                const Flags& flags) {
  std::vector<std::string> args = {self, "--run-case", spec.name};
  if (flags.quick) args.push_back("--quick");
  if (flags.verbose) args.push_back("--verbose");
  if (flags.warm) args.push_back("--warm");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  Record failed;
  int out[2];
  if (pipe(out) != 0) {
    failed.Set("error", "pipe failed");
    return failed;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    failed.Set("error", "fork failed");
    return failed;
  }
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execv(self.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string output;
  char buffer[4096];
  ssize_t got;
  while ((got = read(out[0], buffer, sizeof buffer)) > 0)
    output.append(buffer, got);
  close(out[0]);
  int status = 0;
  struct rusage usage = {};
  wait4(pid, &status, 0, &usage);

  Record record = failed;
  bool found = false;
  for (auto line : absl::StrSplit(output, '\n')) {
    if (auto parsed = Record::Parse(std::string(line))) {
      record = *parsed;
      found = true;
    }
  }
  if (!found) {
    record.Set("error", WIFEXITED(status)
                            ? "the case printed no result (exit " +
                                  std::to_string(WEXITSTATUS(status)) + ")"
                            : "the case died (signal " +
                                  std::to_string(WTERMSIG(status)) + ")");
  }
  record.Set("peak_rss_kb", static_cast<double>(usage.ru_maxrss));
  return record;
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::cerr << "usage: concert_bench [--quick] [--case NAME[,NAME...]] "
                 "[--repeat R] [--verbose] [--warm] [--list]\n";
    return 2;
  }
  // Quiet servers: their start/stop lines would drown the table.
  setenv("CONCERT_LOG", "warn", /*overwrite=*/0);
  const std::vector<CaseSpec> all = AllCases();

  if (!flags.run_case.empty()) {
    for (const CaseSpec& spec : all) {
      if (spec.name != flags.run_case) continue;
      const Record record =
          RunCase(spec, RunFlags{flags.quick, flags.verbose, flags.warm});
      std::cout << record.Serialize() << std::endl;
      return record.Has("error") ? 1 : 0;
    }
    std::cerr << "unknown case " << flags.run_case << "\n";
    return 2;
  }
  if (flags.list) {
    for (const CaseSpec& spec : all) {
      std::cout << spec.name << (spec.quick ? "  (quick)" : "") << "\n";
    }
    return 0;
  }

  std::vector<CaseSpec> selected;
  for (const CaseSpec& spec : all) {
    bool wanted = flags.cases.empty() ? (!flags.quick || spec.quick) : false;
    for (const std::string& name : flags.cases)
      wanted = wanted || name == spec.name;
    if (wanted) selected.push_back(spec);
  }
  for (const std::string& name : flags.cases) {
    bool known = false;
    for (const CaseSpec& spec : all) known = known || spec.name == name;
    if (!known) {
      std::cerr << "unknown case " << name << " (see --list)\n";
      return 2;
    }
  }

  const std::string self = "/proc/self/exe";
  // The machine is shared: say how busy it was around the measurements.
  std::cout << "load average at start: " << LoadAverage() << "\n";
  std::vector<CaseRuns> results;
  for (const CaseSpec& spec : selected) results.push_back(CaseRuns{spec, {}});
  bool all_ran = true;
  // Round-robin over the cases, so that a busy spell of the shared machine
  // spreads over every case rather than falling on one case's runs.
  for (int r = 0; r < flags.repeat; ++r) {
    for (CaseRuns& runs : results) {
      const CaseSpec& spec = runs.spec;
      std::fprintf(stderr, "%-32s run %d/%d ... ", spec.name.c_str(), r + 1,
                   flags.repeat);
      const auto began = std::chrono::steady_clock::now();
      Record record = RunChild(self, spec, flags);
      const double s = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - began)
                           .count();
      if (record.Has("error")) {
        all_ran = false;
        std::fprintf(stderr, "FAILED: %s\n", record.Text("error").c_str());
      } else {
        std::fprintf(stderr, "%.1f s (child), peak RSS %.0f MiB\n", s,
                     record.Number("peak_rss_kb") / 1024);
      }
      runs.runs.push_back(std::move(record));
    }
  }

  std::cout << "load average at end:   " << LoadAverage() << "\n";
  const Report report = BuildReport(results);
  std::cout << "\n" << report.table << "\n";
  if (report.breakdown.find("\n|", report.breakdown.find("|---")) !=
      std::string::npos) {
    std::cout << "Where the time goes (median run):\n\n"
              << report.breakdown << "\n";
  }
  std::cout << "Targets: " << report.passed << " passed, " << report.missed
            << " missed\n"
            << report.verdicts;
  return all_ran ? 0 : 1;
}

}  // namespace
}  // namespace concert::bench

int main(int argc, char** argv) { return concert::bench::Main(argc, argv); }
