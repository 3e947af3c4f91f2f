#include "tests/bench/load_bench_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace concert::bench {
namespace {

std::string Ms(const std::vector<double>& values, double p) {
  return absl::StrFormat("%.1f", Percentile(values, p));
}

double Rate(long n, double seconds) {
  return seconds > 0 ? static_cast<double>(n) / seconds : 0;
}

std::string Mib(const std::optional<ProcessSample>& s) {
  return s ? absl::StrFormat("%.1f", static_cast<double>(s->rss_kib) / 1024)
           : "gone";
}

std::string Threads(const std::optional<ProcessSample>& s) {
  return s ? absl::StrCat(s->threads) : "gone";
}

// "+3.2%" and whether it is within the target.
std::string Growth(long before, long after, bool* within) {
  const double g = GrowthPercent(before, after);
  if (g >= kMaxGrowthPercent) *within = false;
  return absl::StrFormat("%+.1f%%", g);
}

// Rounds per second over the rounds a counted session held: sessions per
// second without the quantum of whole sessions (clients that start
// together finish their k-th sessions together, so a window holds k or
// k+1 sessions per client, ±1/k of the count).
double SessionEquivalents(const LoadResult& r) {
  if (r.sessions == 0 || r.session_rounds == 0) return 0;
  return Rate(r.rounds, r.measured_s) / (static_cast<double>(r.session_rounds) /
                                         static_cast<double>(r.sessions));
}

void PrintThroughput(std::ostream& out, const std::vector<ModeRun>& runs) {
  out << "| mode | window s | sessions | sessions/s | session-equivalents/s | "
         "explorations | "
         "explorations/s | rounds/s | round p50 ms | round p99 ms | "
         "session p50 ms | session p99 ms | explore p50 ms | explore p99 ms | "
         "health p50 / max ms | errors |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const ModeRun& run : runs) {
    const LoadResult& r = run.load;
    out << absl::StrFormat(
        "| %s | %.1f | %d | %.1f | %.1f | %d | %.1f | %.1f | %s | %s | %s | %s "
        "| "
        "%s "
        "| %s | %s / %s%s | %d |\n",
        run.mode, r.measured_s, r.sessions, Rate(r.sessions, r.measured_s),
        SessionEquivalents(r), r.explorations,
        Rate(r.explorations, r.measured_s), Rate(r.rounds, r.measured_s),
        Ms(r.round_ms, 50), Ms(r.round_ms, 99), Ms(r.session_ms, 50),
        Ms(r.session_ms, 99), Ms(r.explore_ms, 50), Ms(r.explore_ms, 99),
        Ms(r.health_ms, 50), Ms(r.health_ms, 100),
        r.health_failures > 0
            ? absl::StrCat(" (", r.health_failures, " failed)")
            : "",
        r.error_total());
  }
}

void PrintErrorsAndOutcomes(std::ostream& out,
                            const std::vector<ModeRun>& runs) {
  for (const ModeRun& run : runs) {
    const LoadResult& r = run.load;
    out << "\n" << run.mode << ": errors by gRPC status code (target 0): ";
    if (r.errors.empty()) out << "none";
    out << "\n";
    for (const auto& [key, n] : r.errors) {
      const auto code = static_cast<grpc::StatusCode>(key.first);
      out << absl::StrFormat("  %d x code %d: %s\n", n, static_cast<int>(code),
                             key.second);
    }
    out << "  session outcomes:";
    for (const auto& [outcome, n] : r.session_outcomes)
      out << " " << outcome << " " << n;
    out << "; absent votes: " << r.absent_votes << "\n";
    // RSS over the window: the coordinator on a line of its own.
    for (std::size_t i = 0; i < run.servers.size() && i < r.rss_trace.size();
         ++i) {
      out << (i == 0   ? "  RSS MiB every 15 s of the window, then at its "
                         "end: coordinator"
              : i == 1 ? "\n    parties: "
                       : "; ")
          << (i == 0 ? "" : run.servers[i]);
      for (long kib : r.rss_trace[i])
        out << absl::StrFormat(" %.1f", static_cast<double>(kib) / 1024);
    }
    out << "\n";
    out << "  load average before / after: " << run.loadavg_before << " / "
        << run.loadavg_after << "\n";
    out << "  servers stopped:";
    for (const auto& line : run.stop.exits) out << " [" << line << "]";
    out << "\n  server log lines at warning or worse: "
        << run.stop.warnings_total << "\n";
    for (const auto& line : run.stop.warnings) out << "    " << line << "\n";
  }
}

void PrintServers(std::ostream& out, const std::vector<ModeRun>& runs) {
  out << "\n| mode | server | RSS MiB start | peak | end | growth | "
         "threads start | peak | end | growth | CPU % of a core in the window "
         "| "
         "growth < "
      << kMaxGrowthPercent
      << "% |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const ModeRun& run : runs) {
    const LoadResult& r = run.load;
    for (std::size_t i = 0; i < run.servers.size(); ++i) {
      const auto& s = r.start[i];
      const auto& e = r.end[i];
      const bool sampled = s.has_value() && e.has_value();
      bool within = sampled;
      const std::string rss =
          sampled ? Growth(s->rss_kib, e->rss_kib, &within) : "-";
      const std::string threads =
          sampled ? Growth(s->threads, e->threads, &within) : "-";
      out << absl::StrFormat(
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
          run.mode, run.servers[i], Mib(s), Mib(r.peak[i]), Mib(e), rss,
          Threads(s), Threads(r.peak[i]), Threads(e), threads,
          r.cpu_percent[i] < 0 ? std::string("-")
                               : absl::StrFormat("%.0f", r.cpu_percent[i]),
          within ? "PASS" : "MISS");
    }
  }
}

void PrintTlsCost(std::ostream& out, const std::vector<ModeRun>& runs) {
  const ModeRun* tls = nullptr;
  const ModeRun* plain = nullptr;
  for (const ModeRun& run : runs) {
    if (run.mode == "tls") tls = &run;
    if (run.mode == "plaintext") plain = &run;
  }
  if (tls == nullptr || plain == nullptr) return;
  const LoadResult& t = tls->load;
  const LoadResult& p = plain->load;
  const auto ratio = [](double a, double b) {
    return b > 0 ? absl::StrFormat("%.2fx", a / b) : std::string("-");
  };
  out << "\nTLS against plaintext: session-equivalents/s "
      << ratio(SessionEquivalents(t), SessionEquivalents(p)) << ", rounds/s "
      << ratio(Rate(t.rounds, t.measured_s), Rate(p.rounds, p.measured_s))
      << ", sessions/s "
      << ratio(Rate(t.sessions, t.measured_s), Rate(p.sessions, p.measured_s))
      << ", explorations/s "
      << ratio(Rate(t.explorations, t.measured_s),
               Rate(p.explorations, p.measured_s))
      << ", round p50 "
      << ratio(Percentile(t.round_ms, 50), Percentile(p.round_ms, 50))
      << ", round p99 "
      << ratio(Percentile(t.round_ms, 99), Percentile(p.round_ms, 99))
      << ", session p50 "
      << ratio(Percentile(t.session_ms, 50), Percentile(p.session_ms, 50))
      << "\n";
}

}  // namespace

void PrintReport(std::ostream& out, const LoadOptions& options,
                 const std::string& mix, const std::vector<ModeRun>& runs) {
  out << absl::StrFormat(
      "concert_load_bench: %d clients (a thread and a channel each) for %d s "
      "against one concert-coordinator and six concert-party processes on "
      "127.0.0.1\nmix: %s\nround latency: per round event of a RunSession "
      "stream, the time since the stream's previous event as the client "
      "receives it (the first round: since `started`)\nRSS/threads: "
      "/proc/PID/status VmRSS and Threads; start = idle after every "
      "client's warm-up (sessions and explorations for the warm-up's "
      "seconds, at least one of each), peak = the most "
      "seen in samples every 0.5 s under load, end = idle once every client "
      "has finished; growth = end against start\n\n",
      options.clients, options.seconds, mix);
  PrintThroughput(out, runs);
  PrintErrorsAndOutcomes(out, runs);
  PrintServers(out, runs);
  PrintTlsCost(out, runs);
}

}  // namespace concert::bench
