#include "tests/bench/bench_report.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace concert::bench {
namespace {

constexpr double kMiB = 1024.0;  // ru_maxrss is in KiB

// The targets of the brief.
constexpr double kRoundOverFloor = 1.5;
constexpr double kRemoteOverInProcess = 1.5;
constexpr double kN16WallMs = 500;
constexpr double kN20WallMs = 8000;
constexpr double kN20RssMiB = 512;
constexpr double kStrict40WallMs = 1000;

std::string Ms(double ms) {
  if (ms < 10) return absl::StrFormat("%.2f ms", ms);
  if (ms < 1000) return absl::StrFormat("%.0f ms", ms);
  return absl::StrFormat("%.2f s", ms / 1000);
}

std::string Us(double us) { return absl::StrFormat("%.0f µs", us); }

std::string Rate(double per_second) {
  if (per_second >= 1e6) return absl::StrFormat("%.2f M/s", per_second / 1e6);
  if (per_second >= 1e3) return absl::StrFormat("%.1f k/s", per_second / 1e3);
  return absl::StrFormat("%.0f /s", per_second);
}

std::string MiB(double kb) { return absl::StrFormat("%.0f MiB", kb / kMiB); }

// Three decimals near the targets' 1.5x, so that a miss never prints as 1.50x.
std::string Ratio(double r) {
  return r < 10 ? absl::StrFormat("%.3fx", r) : absl::StrFormat("%.1fx", r);
}

// One target of one row.
struct Check {
  std::string target;
  bool pass = false;
  std::string measured;
};

struct Row {
  std::string name, n, forum, source, wall, states, rate, rss;
  std::vector<Check> checks;
  std::string info;  // a result that is not a target (e.g. a ratio)
  // The median sample of a robustness study on the same source.
  std::string sample = "—";
};

// What a case's runs add up to: the median run by wall time, the range, the
// highest peak RSS.
struct Summary {
  Record median;
  double min_wall = 0, max_wall = 0;
  double peak_rss_kb = 0;
  int runs = 0;
  std::string error;
};

Summary Summarize(const CaseRuns& c) {
  Summary s;
  std::vector<const Record*> ok;
  for (const Record& r : c.runs) {
    s.peak_rss_kb = std::max(s.peak_rss_kb, r.Number("peak_rss_kb"));
    if (r.Has("error")) {
      s.error = r.Text("error");
    } else {
      ok.push_back(&r);
    }
  }
  if (ok.empty()) return s;
  std::sort(ok.begin(), ok.end(), [](const Record* a, const Record* b) {
    return a->Number("wall_ms") < b->Number("wall_ms");
  });
  s.median = *ok[ok.size() / 2];
  s.min_wall = ok.front()->Number("wall_ms");
  s.max_wall = ok.back()->Number("wall_ms");
  s.runs = static_cast<int>(ok.size());
  return s;
}

std::string Percentiles(const Record& r, const std::string& prefix) {
  return absl::StrCat("p50 ", Us(r.Number(prefix + "_p50_us")), " / p90 ",
                      Us(r.Number(prefix + "_p90_us")), " / p99 ",
                      Us(r.Number(prefix + "_p99_us")));
}

std::string WallText(const Summary& s) {
  std::string text = Ms(s.median.Number("wall_ms"));
  if (s.runs > 1) {
    absl::StrAppend(&text, " (", Ms(s.min_wall), "–", Ms(s.max_wall), ")");
  }
  return text;
}

void AddRoundRows(const CaseSpec& spec, const Summary& s,
                  std::vector<Row>* rows) {
  const Record& r = s.median;
  const std::string n = absl::StrCat(spec.n);
  const std::string rss = MiB(s.peak_rss_kb);
  const std::string rounds = absl::StrCat(static_cast<int>(r.Number("rounds")));
  rows->push_back(Row{"round-floor",
                      n,
                      ForumName(spec.forum),
                      "grpc x6: Describe, callback API",
                      Percentiles(r, "floor"),
                      "—",
                      "—",
                      rss,
                      {},
                      absl::StrCat(rounds, " rounds")});
  rows->push_back(
      Row{"round-raw",
          n,
          ForumName(spec.forum),
          "grpc x6: Evaluate, callback API",
          Percentiles(r, "raw"),
          "—",
          "—",
          rss,
          {},
          absl::StrCat(Ratio(r.Number("raw_p50_us") / r.Number("floor_p50_us")),
                       " floor")});
  const double ratio = r.Number("round_p50_us") / r.Number("floor_p50_us");
  Row round{"round",
            n,
            ForumName(spec.forum),
            "grpc x6: GrpcVoteSource::Ask",
            Percentiles(r, "round"),
            "—",
            "—",
            rss,
            {},
            ""};
  round.checks.push_back(
      Check{absl::StrCat("p50 <= ", Ratio(kRoundOverFloor), " floor"),
            ratio <= kRoundOverFloor, Ratio(ratio)});
  rows->push_back(std::move(round));
  rows->push_back(Row{
      "round-stream",
      n,
      ForumName(spec.forum),
      "grpc x6: GrpcVoteSource::Ask, no details (EvaluateStream)",
      Percentiles(r, "stream"),
      "—",
      "—",
      rss,
      {},
      absl::StrCat(Ratio(r.Number("stream_p50_us") / r.Number("floor_p50_us")),
                   " floor (fixed cost of one exploration Ask)")});
  rows->push_back(Row{"round-stream-floor",
                      n,
                      ForumName(spec.forum),
                      "grpc x6: one EvaluateStream each, callback API",
                      Percentiles(r, "stream_floor"),
                      "—",
                      "—",
                      rss,
                      {},
                      absl::StrCat(Ratio(r.Number("stream_floor_p50_us") /
                                         r.Number("floor_p50_us")),
                                   " floor")});
}

const Summary* Find(const std::map<std::string, Summary>& all,
                    const std::string& name) {
  auto it = all.find(name);
  return it == all.end() || !it->second.error.empty() || it->second.runs == 0
             ? nullptr
             : &it->second;
}

Row ExploreRow(const CaseSpec& spec, const Summary& s,
               const std::map<std::string, Summary>& all) {
  const Record& r = s.median;
  const double wall = r.Number("wall_ms");
  Row row;
  row.name = spec.name;
  row.n = spec.stages > 0 ? absl::StrCat(spec.n, " (", spec.stages, "x",
                                         spec.per_stage, " strict)")
                          : absl::StrCat(spec.n);
  row.forum = ForumName(spec.forum);
  row.source = absl::StrCat(SourceName(spec.source),
                            spec.source == Source::kGrpc ? " x6" : "",
                            spec.strategy == "lattice" ? "" : ", enumerate",
                            spec.veto_power ? "" : ", no veto power");
  row.wall = WallText(s);
  row.states = absl::StrCat(static_cast<std::uint64_t>(r.Number("states")));
  row.rate = Rate(r.Number("questions") / (wall / 1000.0));
  row.rss = MiB(s.peak_rss_kb);

  const bool agreeable = spec.forum == Forum::kAgreeable;
  const bool grpc = spec.source == Source::kGrpc;
  if (grpc && agreeable && spec.stages == 0 && spec.n == 16) {
    row.checks.push_back(Check{"wall <= 0.5 s", wall <= kN16WallMs, Ms(wall)});
  }
  if (grpc && agreeable && spec.stages == 0 && spec.n == 20) {
    row.checks.push_back(Check{"wall <= 8 s", wall <= kN20WallMs, Ms(wall)});
    row.checks.push_back(Check{"RSS <= 512 MiB",
                               s.peak_rss_kb / kMiB <= kN20RssMiB,
                               MiB(s.peak_rss_kb)});
  }
  if (grpc && spec.stages > 0) {
    row.checks.push_back(
        Check{"wall <= 1 s", wall <= kStrict40WallMs, Ms(wall)});
  }
  if (r.Has("sample_ms")) row.sample = Ms(r.Number("sample_ms"));
  if (grpc && spec.strategy == "lattice") {
    // Against the in-process row of the same draft (which never asks
    // ahead): the ceiling the walk's own questions cost.
    std::string twin = spec.name;
    twin.replace(twin.find("-grpc-"), 6, "-inproc-");
    twin = std::string(
        absl::StripSuffix(absl::StripSuffix(twin, "-noahead"), "-ahead"));
    // The targets cover the free drafts of N = 8, 12, 16 and 20 explored
    // as the product does; for the other rows the ratio is information.
    const bool product =
        spec.stages == 0 && spec.veto_power && spec.n % 4 == 0 &&
        spec.name ==
            absl::StrCat("lattice-grpc-", ForumName(spec.forum), "-", spec.n);
    if (const Summary* local = Find(all, twin)) {
      const Record& in = local->median;
      const double ratio = wall / in.Number("wall_ms");
      const Summary* round = Find(all, "round");
      const double floor_ms =
          round != nullptr ? round->median.Number("floor_p50_us") / 1000 : 0;
      if (product && spec.n == 8 && round != nullptr) {
        // Two round trips (Table, then one Ask of every question) over what
        // the walk costs in process: the floor is this run's.
        const auto allowance = [&](const std::string& what, double remote,
                                   double local_ms) {
          const double limit = local_ms + 2 * floor_ms;
          row.checks.push_back(Check{
              absl::StrCat(what, " <= in-process + 2 x round-floor"),
              remote <= limit, absl::StrCat(Ms(remote), " vs ", Ms(limit))});
        };
        allowance("first", wall, in.Number("wall_ms"));
        if (r.Has("sample_ms") && in.Has("sample_ms")) {
          allowance("per sample", r.Number("sample_ms"),
                    in.Number("sample_ms"));
        }
      } else if (product) {
        row.checks.push_back(Check{
            absl::StrCat("<= ", Ratio(kRemoteOverInProcess), " in-process"),
            ratio <= kRemoteOverInProcess, Ratio(ratio)});
        if (r.Has("sample_ms") && in.Has("sample_ms")) {
          const double per = r.Number("sample_ms") / in.Number("sample_ms");
          row.checks.push_back(
              Check{absl::StrCat("per sample <= ", Ratio(kRemoteOverInProcess),
                                 " in-process"),
                    per <= kRemoteOverInProcess, Ratio(per)});
        }
      } else {
        // Variants (no veto power, strict stages, ask-ahead forced or off,
        // N = 14): the ratio is information.
        row.info = absl::StrCat(Ratio(ratio), " in-process");
      }
    }
  }
  if (spec.strategy == "enumerate") {
    std::string twin = spec.name;
    twin.replace(0, std::string("enumerate").size(), "lattice");
    if (const Summary* lattice = Find(all, twin)) {
      row.info = absl::StrCat(Ratio(wall / lattice->median.Number("wall_ms")),
                              " lattice");
    }
  }
  return row;
}

std::string TableOf(const std::vector<Row>& rows) {
  std::string out =
      "| case | N | forum | source | wall | per sample | states | questions/s "
      "| peak RSS | target | result |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const Row& row : rows) {
    std::vector<std::string> targets, results;
    for (const Check& c : row.checks) {
      targets.push_back(c.target);
      results.push_back(
          absl::StrCat(c.pass ? "PASS" : "MISS", " (", c.measured, ")"));
    }
    if (targets.empty()) targets.push_back("—");
    if (!row.info.empty()) results.push_back(row.info);
    if (results.empty()) results.push_back("—");
    absl::StrAppend(&out, "| ", row.name, " | ", row.n, " | ", row.forum, " | ",
                    row.source, " | ", row.wall, " | ", row.sample, " | ",
                    row.states, " | ", row.rate, " | ", row.rss, " | ",
                    absl::StrJoin(targets, "; "), " | ",
                    absl::StrJoin(results, "; "), " |\n");
  }
  return out;
}

// Minor page faults of the first exploration, and of a sample (median):
// first touches of memory, which some VMs make ~100x dearer than bare metal
// (docs/performance.md, "A first exploration where a first touch of memory
// costs 10 µs").
std::string Faults(const Record& r) {
  if (!r.Has("faults")) return "—";
  std::string out = absl::StrCat(static_cast<std::int64_t>(r.Number("faults")));
  if (r.Has("sample_faults")) {
    absl::StrAppend(&out, " / ",
                    static_cast<std::int64_t>(r.Number("sample_faults")));
  }
  return out;
}

std::string BreakdownRow(const CaseSpec& spec, const Summary& s) {
  const Record& r = s.median;
  const double wall = r.Number("wall_ms");
  const double table = r.Number("table_ms");
  const double ask = r.Number("ask_ms");
  const double rest = std::max(0.0, wall - table - ask);
  const auto share = [wall](double ms) {
    return absl::StrFormat("%s (%.0f%%)", Ms(ms),
                           wall > 0 ? 100 * ms / wall : 0);
  };
  return absl::StrCat(
      "| ", spec.name, " | ", Ms(wall), " | ", share(table), " | ", share(ask),
      " | ", share(rest), " | ",
      static_cast<std::int64_t>(r.Number("ask_calls")), " | ",
      Ms(r.Number("cpu_ms")),
      absl::StrFormat(" (%.2f)", wall > 0 ? r.Number("cpu_ms") / wall : 0),
      " | ",
      r.Has("sample_ms") ? absl::StrCat(Ms(r.Number("sample_ms")), " (",
                                        Ms(r.Number("sample_table_ms")), ", ",
                                        Ms(r.Number("sample_ask_ms")), ")")
                         : "—",
      " | ",
      r.Has("warm_wall_ms")
          ? absl::StrCat(Ms(r.Number("warm_wall_ms")), " (Table ",
                         Ms(r.Number("warm_table_ms")), ", Ask ",
                         Ms(r.Number("warm_ask_ms")), ")")
          : "—",
      " | ", r.Has("fresh_wall_ms") ? Ms(r.Number("fresh_wall_ms")) : "—",
      " | ", Faults(r), " | ", MiB(r.Number("base_rss_kb")), " → ",
      MiB(r.Number("cold_peak_rss_kb")), " → ", MiB(s.peak_rss_kb), " | ",
      r.Text("consensus"), " / ", r.Text("admissible"), " |\n");
}

}  // namespace

Report BuildReport(const std::vector<CaseRuns>& cases) {
  std::map<std::string, Summary> all;
  for (const CaseRuns& c : cases) all[c.spec.name] = Summarize(c);

  std::vector<Row> rows;
  Report report;
  report.breakdown =
      "| case | wall (cold) | Table (parties) | Ask (parties + transport) | "
      "explorer (the rest) | Ask calls | CPU (cores busy) | per sample (Table, "
      "Ask) | warm wall (--warm) | fresh source | page faults (cold / per "
      "sample) | RSS before → after cold run → peak | consensus / admissible "
      "sequences |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const CaseRuns& c : cases) {
    const Summary& s = all[c.spec.name];
    if (!s.error.empty() || s.runs == 0) {
      Row failed;
      failed.name = c.spec.name;
      failed.n = absl::StrCat(c.spec.n);
      failed.forum = ForumName(c.spec.forum);
      failed.source = SourceName(c.spec.source);
      failed.wall = failed.states = failed.rate = failed.rss = "—";
      failed.checks.push_back(
          Check{"runs", false, s.error.empty() ? "no result" : s.error});
      rows.push_back(std::move(failed));
      continue;
    }
    if (c.spec.kind == CaseKind::kVoteRound) {
      AddRoundRows(c.spec, s, &rows);
    } else {
      rows.push_back(ExploreRow(c.spec, s, all));
      absl::StrAppend(&report.breakdown, BreakdownRow(c.spec, s));
    }
  }
  report.table = TableOf(rows);
  for (const Row& row : rows) {
    for (const Check& c : row.checks) {
      (c.pass ? report.passed : report.missed) += 1;
      absl::StrAppend(&report.verdicts, c.pass ? "PASS  " : "MISS  ", row.name,
                      ": ", c.target, " — measured ", c.measured, "\n");
    }
  }
  return report;
}

}  // namespace concert::bench
