#include "tests/bench/netns_bench_report.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace concert::bench {
namespace {

// One measurement of a record: the round's keys ("round_p50_us", ...) or
// an exploration's (wall_ms, wall_min_ms, wall_max_ms), in one unit.
struct Measure {
  std::string label;
  std::string center;  // key of the p50 / median
  std::string spread;  // key of the p90, or "" for an exploration's range
  const char* unit;
};

std::string Number(double v) {
  if (v < 10) return absl::StrFormat("%.2f", v);
  return v < 100 ? absl::StrFormat("%.1f", v) : absl::StrFormat("%.0f", v);
}

std::string Signed(double v, const char* unit) {
  return absl::StrCat(v < 0 ? "−" : "+", Number(v < 0 ? -v : v), " ", unit);
}

// A figure's cells: value, spread, x loopback, added over the base, the
// round trips that addition is worth.
std::string Cells(const Measure& m, const Record& r, const Record* loopback,
                  const Record* base, const ConfigResult& config,
                  const std::string& base_name) {
  const double v = r.Number(m.center);
  std::string spread = m.spread.empty()
                           ? absl::StrCat(Number(r.Number("wall_min_ms")), "–",
                                          Number(r.Number("wall_max_ms")))
                           : Number(r.Number(m.spread));
  std::string ratio = "—";
  if (loopback != nullptr && loopback->Number(m.center) > 0) {
    ratio = absl::StrFormat("%.2fx", v / loopback->Number(m.center));
  }
  std::string added = "—", trips = "—";
  if (base != nullptr && base->Has(m.center)) {
    const double diff = v - base->Number(m.center);
    added = absl::StrCat(Signed(diff, m.unit), " over ", base_name);
    if (config.added_rtt_ms > 0) {
      const double rtt = std::string(m.unit) == "µs"
                             ? config.added_rtt_ms * 1000
                             : config.added_rtt_ms;
      trips = absl::StrFormat("%.1f", diff / rtt);
    }
  }
  return absl::StrCat(Number(v), " | ", spread, " | ", ratio, " | ", added,
                      " | ", trips);
}

const Record* Find(const ConfigResult& config, const std::string& name) {
  for (const auto& [case_name, record] : config.cases) {
    if (case_name == name && !record.Has("error")) return &record;
  }
  return nullptr;
}

std::vector<double> LevelTimes(const Record& r) {
  std::vector<double> times;
  for (auto field :
       absl::StrSplit(r.Text("level_ms"), ',', absl::SkipEmpty())) {
    double ms = 0;
    times.push_back(absl::SimpleAtod(field, &ms) ? ms : 0);
  }
  return times;
}

// One line per progress report of one exploration (the lattice walk's
// levels, then the veto-power walk's): its time at the base and with the
// latency, and the difference in round trips.
std::string LevelLines(const std::string& title, const Record& base,
                       const Record& with, double rtt_ms) {
  const std::vector<double> before = LevelTimes(base), after = LevelTimes(with);
  std::string out =
      absl::StrCat(title,
                   " (per level, lattice walk then veto-power walk: ms at the "
                   "base -> ms with the latency, added round trips):\n");
  for (std::size_t k = 0; k < std::max(before.size(), after.size()); ++k) {
    const double b = k < before.size() ? before[k] : 0;
    const double a = k < after.size() ? after[k] : 0;
    absl::StrAppendFormat(&out, "  %2d  %7.2f -> %7.2f  %+6.1f\n",
                          static_cast<int>(k), b, a, (a - b) / rtt_ms);
  }
  return out;
}

}  // namespace

NetnsReport BuildNetnsReport(const std::vector<ConfigResult>& results) {
  NetnsReport report;
  report.table =
      "| configuration | measurement | p50 / median | p90 / range | "
      "x loopback | added | added round trips | asks | levels | questions | "
      "target |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  const ConfigResult* loopback = results.empty() ? nullptr : &results[0];
  for (const ConfigResult& config : results) {
    const ConfigResult* base =
        config.base >= 0 ? &results[static_cast<std::size_t>(config.base)]
                         : nullptr;
    const std::string base_name = base != nullptr ? base->name : "";
    for (std::size_t c = 0; c < config.cases.size(); ++c) {
      const auto& [name, record] = config.cases[c];
      const auto row_start = absl::StrCat("| ", config.name, " | ");
      if (record.Has("error")) {
        absl::StrAppend(&report.table, row_start, name,
                        " | failed: ", record.Text("error"), " |||||||||\n");
        continue;
      }
      const Record* at_loopback =
          loopback != nullptr ? Find(*loopback, name) : nullptr;
      const Record* at_base = base != nullptr ? Find(*base, name) : nullptr;
      if (record.Has("round_p50_us")) {
        // The session round and the exploration's least ask, in µs.
        for (const Measure& m :
             {Measure{"session round (µs)", "round_p50_us", "round_p90_us",
                      "µs"},
              Measure{"one-question stream ask (µs)", "stream_p50_us",
                      "stream_p90_us", "µs"}}) {
          absl::StrAppend(
              &report.table, row_start, m.label, " | ",
              Cells(m, record, at_loopback, at_base, config, base_name),
              " | 1 | — | — | — |\n");
        }
      }
      const Measure wall{absl::StrCat(name, " exploration (ms)"), "wall_ms", "",
                         "ms"};
      const double asks = record.Number("asks");
      std::string verdict = "—";
      if (config.added_rtt_ms > 0 && at_base != nullptr) {
        // Issue 10's target: the latency costs a round trip per ask (the
        // explorer asks per level, or per chunk of one), never per question.
        const double added =
            record.Number("wall_ms") - at_base->Number("wall_ms");
        const double limit = asks * config.added_rtt_ms;
        const bool pass = added <= limit;
        ++(pass ? report.passed : report.missed);
        verdict =
            absl::StrFormat("%s (≤ %.0f ms)", pass ? "PASS" : "MISS", limit);
        absl::StrAppend(
            &report.verdicts, pass ? "PASS  " : "MISS  ", name, " at ",
            config.name, ": ", Signed(added, "ms"), " over ", base_name, " = ",
            absl::StrFormat("%.1f", added / config.added_rtt_ms),
            " added round trips of ", Number(config.added_rtt_ms), " ms, for ",
            record.Text("asks"), " asks over ", record.Text("levels"),
            " levels and ", record.Text("questions"),
            " questions (limit: asks x round trip = ",
            absl::StrFormat("%.0f", limit), " ms)\n");
        absl::StrAppend(
            &report.levels,
            LevelLines(absl::StrCat(name, ", ", base_name, " -> ", config.name),
                       *at_base, record, config.added_rtt_ms));
      }
      absl::StrAppend(
          &report.table, row_start, wall.label, " | ",
          Cells(wall, record, at_loopback, at_base, config, base_name), " | ",
          record.Text("asks"), " | ", record.Text("levels"), " | ",
          record.Text("questions"), " | ", verdict, " |\n");
    }
  }
  return report;
}

}  // namespace concert::bench
