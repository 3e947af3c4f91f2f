// An exploration's progress as one line (FormatProgress): apart from the
// report, since it is printed while the work runs, not after.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/exploration_report.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/report_numbers.h"

namespace concert::cli {

namespace {

// What is left, from the share done so far at the pace so far; "—" until
// that says something (a second in, 1% done), and "< 1 s" at the end.
std::string EtaText(const v1::ExploreProgress& progress) {
  const double done = progress.fraction_done();
  const auto elapsed = static_cast<double>(progress.elapsed_ms());
  if (done >= 1) return "0 s";
  if (done < 0.01 || elapsed < 1000) return "—";
  const double left_ms = elapsed * (1 - done) / done;
  if (left_ms < 1000) return "< 1 s";
  // Whole seconds at least: a tenth of a second of an estimate is noise.
  const std::int64_t seconds = std::llround(left_ms / 1000);
  if (seconds < 60) return absl::StrCat(seconds, " s");
  return FormatDuration(seconds * 1000);
}

}  // namespace

std::string FormatProgress(const v1::ExploreProgress& progress) {
  std::vector<std::string> parts;
  // The phase first: a walk that starts again at level 0 says why.
  if (!progress.phase().empty()) {
    parts.push_back(progress.phases() > 1
                        ? absl::StrCat("phase ", progress.phase_number(), "/",
                                       progress.phases(), " ", progress.phase())
                        : progress.phase());
  }
  if (progress.levels() > 0) {
    parts.push_back(
        absl::StrCat("level ", progress.level(), "/", progress.levels()));
  }
  parts.push_back(absl::StrCat(FormatCount(progress.states()),
                               progress.states() == 1 ? " state" : " states"));
  if (progress.questions_per_second() > 0) {
    parts.push_back(absl::StrCat(FormatRate(progress.questions_per_second()),
                                 " questions/s"));
  }
  if (progress.elapsed_ms() > 0) {
    parts.push_back(
        absl::StrCat(FormatDuration(progress.elapsed_ms()), " elapsed"));
    parts.push_back(absl::StrCat("ETA ", EtaText(progress)));
  }
  return absl::StrJoin(parts, " · ");
}

}  // namespace concert::cli
