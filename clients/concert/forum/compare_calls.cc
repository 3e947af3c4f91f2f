#include "clients/concert/forum/compare_calls.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {
namespace {

std::string Seconds(std::int64_t ms) {
  return ms < 10'000 ? absl::StrFormat("%.1f s", ms / 1000.0)
                     : absl::StrFormat("%d s", ms / 1000);
}

}  // namespace

std::string FormatCompareProgress(const v1::CompareProgress& p) {
  std::string line = absl::StrFormat(
      "%-11s %llu/%llu", p.phase(), static_cast<unsigned long long>(p.done()),
      static_cast<unsigned long long>(p.total()));
  if (p.total() > 0) {
    absl::StrAppend(
        &line, absl::StrFormat("  %3d%%",
                               static_cast<int>(100 * p.done() / p.total())));
  }
  absl::StrAppend(&line, "  elapsed ", Seconds(p.elapsed_ms()));
  if (p.eta_ms() > 0) absl::StrAppend(&line, "  ETA ", Seconds(p.eta_ms()));
  if (!p.item().empty()) absl::StrAppend(&line, "  ", p.item());
  return line;
}

absl::StatusOr<v1::Comparison> CollectComparison(
    grpc::ClientReader<v1::CompareEvent>& reader, bool progress) {
  const bool terminal = isatty(STDERR_FILENO);
  v1::Comparison result;
  bool have_result = false;
  v1::CompareEvent event;
  while (reader.Read(&event)) {
    if (event.has_progress() && progress) {
      std::fprintf(stderr, terminal ? "\r\033[K%s" : "%s\n",
                   FormatCompareProgress(event.progress()).c_str());
      std::fflush(stderr);
    }
    if (event.has_result()) {
      result = std::move(*event.mutable_result());
      have_result = true;
    }
  }
  if (progress && terminal) std::fputs("\r\033[K", stderr);
  if (const grpc::Status status = reader.Finish(); !status.ok()) {
    return FromGrpc(status);
  }
  if (!have_result) {
    return absl::InternalError("the coordinator sent no result");
  }
  return result;
}

}  // namespace concert::cli
