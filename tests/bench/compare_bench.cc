// concert_compare_bench: what a comparison costs. Every shipped draft under
// every variant of the shipped six-party scenario, with a robustness study of
// 0, 50 and 200 samples, over six real party servers on loopback ports (the
// embedded forum's path: GrpcVoteSource over real sockets) and, for
// reference, over the built-in models in process. Prints one table with the
// targets (PASS/MISS); it is a harness, not a test.
//
// Targets (issue 9): all shipped drafts x all variants x 200 samples <= 10 s
// over gRPC; memory flat across samples (the peak RSS after the 200-sample
// study is within 16 MiB of the peak after the 50-sample one).
//
//   concert_compare_bench [--quick]     (--quick: 10 samples, no targets)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/valid_files.h"
#include "services/coordinator/compare/compare.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "tests/bench/loopback_forum.h"

namespace concert::bench {
namespace {

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct Row {
  std::string name;
  std::uint64_t samples = 0;
  double wall_ms = 0;
  int rows = 0;
  std::uint64_t sample_forums = 0;  // drafts x variants x samples
  long peak_rss_kb = 0;
  std::string error;
};

Row Run(const std::string& name, const v1::Scenario& scenario,
        const v1::CompareRequest& request, coordinator::VoteSource& source) {
  Row row;
  row.name = name;
  row.samples = request.samples();
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<v1::Comparison> result =
      coordinator::Compare(scenario, request, source);
  row.wall_ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
  row.peak_rss_kb = PeakRssKb();
  if (!result.ok()) {
    row.error = result.status().ToString();
    return row;
  }
  row.rows = result->rows_size();
  // A row that failed (a party refusing its variant, say) is cheap: timing
  // it would pass the target on work never done. Any such row fails the
  // case, naming the first.
  for (const v1::ComparisonRow& r : result->rows()) {
    const std::string& why =
        r.error().empty() ? r.robustness().unavailable() : r.error();
    if (!why.empty()) {
      row.error = absl::StrCat(r.draft_id(), " (", r.variant(), "): ", why);
      return row;
    }
  }
  row.sample_forums = static_cast<std::uint64_t>(request.drafts_size()) *
                      request.variants_size() * request.samples();
  return row;
}

int Main(bool quick) {
  absl::StatusOr<v1::Scenario> scenario =
      LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", scenario.status().ToString().c_str());
    return 1;
  }
  v1::CompareRequest base;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(
           CONCERT_SOURCE_DIR "/scenarios/drafts")) {
    paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    absl::StatusOr<v1::CharterDraft> draft = LoadValidDraft(path, *scenario);
    if (!draft.ok()) {
      std::fprintf(stderr, "%s\n", draft.status().ToString().c_str());
      return 1;
    }
    *base.add_drafts() = *draft;
  }
  base.add_variants("");
  for (const v1::Variant& v : scenario->variants()) base.add_variants(v.name());
  base.set_spread(0.5);
  base.set_seed(1);

  absl::StatusOr<std::unique_ptr<LoopbackForum>> forum =
      LoopbackForum::Start(*scenario);
  if (!forum.ok()) {
    std::fprintf(stderr, "%s\n", forum.status().ToString().c_str());
    return 1;
  }
  coordinator::GrpcVoteSource grpc((*forum)->endpoints());
  coordinator::InProcessVoteSource in_process(*scenario);

  std::vector<Row> rows;
  const std::vector<std::uint64_t> samples =
      quick ? std::vector<std::uint64_t>{0, 10}
            : std::vector<std::uint64_t>{0, 50, 200};
  for (std::uint64_t n : samples) {
    v1::CompareRequest request = base;
    request.set_samples(n);
    rows.push_back(Run(absl::StrFormat("compare-grpc-shipped-%d", n), *scenario,
                       request, grpc));
  }
  v1::CompareRequest last = base;
  last.set_samples(samples.back());
  rows.push_back(
      Run(absl::StrFormat("compare-inproc-shipped-%d", samples.back()),
          *scenario, last, in_process));

  std::printf(
      "%d drafts x %d variants (baseline and every variant), spread "
      "0.5, seed 1\n\n",
      base.drafts_size(), base.variants_size());
  std::printf("%-28s %8s %6s %10s %14s %12s\n", "case", "samples", "rows",
              "wall ms", "ms/sample-forum", "peak RSS MiB");
  int failed = 0;
  for (const Row& r : rows) {
    if (!r.error.empty()) {
      std::printf("%-28s ERROR %s\n", r.name.c_str(), r.error.c_str());
      ++failed;
      continue;
    }
    const double per = r.sample_forums == 0 ? 0 : r.wall_ms / r.sample_forums;
    std::printf("%-28s %8llu %6d %10.0f %14.3f %12.1f\n", r.name.c_str(),
                static_cast<unsigned long long>(r.samples), r.rows, r.wall_ms,
                per, r.peak_rss_kb / 1024.0);
  }
  if (quick || failed > 0) return failed > 0 ? 1 : 0;

  const Row& fifty = rows[1];
  const Row& full = rows[2];
  std::printf("\ntargets\n");
  std::printf(
      "  %s  all drafts x variants x 200 samples over gRPC <= 10 s "
      "(%.2f s)\n",
      full.wall_ms <= 10'000 ? "PASS" : "MISS", full.wall_ms / 1000);
  const long growth_kb = full.peak_rss_kb - fifty.peak_rss_kb;
  std::printf(
      "  %s  memory flat across samples: peak RSS after 200 samples "
      "within 16 MiB of after 50 (+%.1f MiB)\n",
      growth_kb <= 16 * 1024 ? "PASS" : "MISS", growth_kb / 1024.0);
  return 0;
}

}  // namespace
}  // namespace concert::bench

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  return concert::bench::Main(quick);
}
