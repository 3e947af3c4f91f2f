#include "services/coordinator/records/outcome.h"

#include <algorithm>
#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/names.h"
#include "services/common/number_text.h"

namespace concert::coordinator {

namespace {

// At most this many blockers are named in one line.
constexpr int kNamedBlockers = 3;

std::string AdoptedOf(const v1::SessionSummary& summary, int proposals) {
  if (proposals <= 0) return absl::StrCat(summary.adopted_size(), " adopted");
  return absl::StrCat(summary.adopted_size(), " of ", proposals, " adopted");
}

std::string BlockedList(const v1::SessionSummary& summary) {
  std::vector<std::string> named;
  for (const v1::Blocker& blocker : summary.blockers()) {
    if (static_cast<int>(named.size()) == kNamedBlockers) break;
    if (blocker.parties().empty()) {
      named.push_back(blocker.proposal());
    } else {
      named.push_back(absl::StrCat(blocker.proposal(), " (",
                                   absl::StrJoin(blocker.parties(), ", "),
                                   ")"));
    }
  }
  std::string line = absl::StrJoin(named, ", ");
  if (summary.blockers_size() > kNamedBlockers) {
    absl::StrAppend(&line, ", +", summary.blockers_size() - kNamedBlockers,
                    " more");
  }
  return line;
}

// "1 draft", "3 drafts".
std::string Count(int n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// At most this many characters of an error go into a listing's line.
constexpr std::size_t kErrorInLine = 100;

}  // namespace

absl::StatusOr<v1::RecordStatus> StatusOfSummary(
    const v1::SessionSummary& summary) {
  switch (summary.outcome()) {
    case v1::SessionSummary::CONSENSUS:
      return v1::RECORD_STATUS_CONSENSUS;
    case v1::SessionSummary::DEADLOCK:
      return v1::RECORD_STATUS_DEADLOCK;
    case v1::SessionSummary::SUSPENDED:
      return v1::RECORD_STATUS_SUSPENDED;
    case v1::SessionSummary::INTERRUPTED:
      return v1::RECORD_STATUS_INTERRUPTED;
    default:
      return absl::InvalidArgumentError(
          "a session summary must name its outcome (CONSENSUS, DEADLOCK, "
          "SUSPENDED or INTERRUPTED)");
  }
}

std::string SessionOutcomeLine(const v1::SessionSummary& summary,
                               int proposals) {
  switch (summary.outcome()) {
    case v1::SessionSummary::CONSENSUS:
      return absl::StrCat(
          "consensus: all ", proposals > 0 ? proposals : summary.adopted_size(),
          " proposals adopted in ", summary.rounds(), " rounds");
    case v1::SessionSummary::DEADLOCK: {
      std::string line =
          absl::StrCat("deadlock: ", AdoptedOf(summary, proposals));
      if (!summary.blockers().empty()) {
        absl::StrAppend(&line, "; blocked: ", BlockedList(summary));
      }
      return line;
    }
    case v1::SessionSummary::SUSPENDED: {
      std::string line =
          absl::StrCat("suspended: ", AdoptedOf(summary, proposals));
      if (!summary.missing_parties().empty()) {
        absl::StrAppend(&line, "; unreachable: ",
                        absl::StrJoin(summary.missing_parties(), ", "));
      }
      return line;
    }
    case v1::SessionSummary::INTERRUPTED:
      return absl::StrCat("interrupted after ", summary.rounds(),
                          " rounds: ", AdoptedOf(summary, proposals));
    default:
      return "running";
  }
}

std::string ExplorationOutcomeLine(const v1::Exploration& result,
                                   v1::RecordStatus status, int proposals) {
  if (status != v1::RECORD_STATUS_COMPLETE) {
    return absl::AsciiStrToLower(RecordStatusName(status));
  }
  if (result.has_estimate()) {
    const v1::Estimate& e = result.estimate();
    return absl::StrCat("estimated consensus share ", ShareText(e.share()),
                        " (95% CI ", ShareText(e.share_low()), " to ",
                        ShareText(e.share_high()), ") from ",
                        GroupedCount(absl::StrCat(e.samples())), " samples");
  }
  if (result.full_charter_reachable()) {
    return absl::StrCat(
        "full charter reachable: ", GroupedCount(result.consensus_sequences()),
        " of ", GroupedCount(result.admissible_sequences()),
        " sequences reach consensus (", ShareText(result.consensus_share()),
        ")");
  }
  std::string line =
      absl::StrCat("full charter out of reach: largest adoptable set ",
                   result.largest_adoptable().size());
  if (proposals > 0) absl::StrAppend(&line, " of ", proposals);
  return line;
}

std::string ComparisonOutcomeLine(const v1::CompareRequest& request,
                                  const v1::Comparison& result,
                                  v1::RecordStatus status,
                                  absl::string_view error) {
  if (status == v1::RECORD_STATUS_FAILED) {
    absl::string_view first = error.substr(0, error.find('\n'));
    std::string line = "failed";
    if (!first.empty()) {
      absl::StrAppend(&line, ": ", first.substr(0, kErrorInLine));
      if (first.size() > kErrorInLine) line += "...";
    }
    return line;
  }
  if (status != v1::RECORD_STATUS_COMPLETE) {
    return absl::AsciiStrToLower(RecordStatusName(status));
  }
  std::string line = absl::StrCat(
      Count(request.drafts_size(), "draft", "drafts"), " x ",
      Count(std::max(request.variants_size(), 1), "variant", "variants"), " x ",
      Count(std::max(request.rules_size(), 1), "rule", "rules"));
  if (!request.what_ifs().empty()) {
    absl::StrAppend(&line, ", ",
                    Count(request.what_ifs_size(), "what-if", "what-ifs"));
  }
  int reachable = 0;
  int failed = 0;
  for (const v1::ComparisonRow& row : result.rows()) {
    if (!row.error().empty()) {
      ++failed;
    } else if (row.exploration().full_charter_reachable()) {
      ++reachable;
    }
  }
  absl::StrAppend(&line, "; full charter reachable in ", reachable, " of ",
                  Count(result.rows_size(), "row", "rows"));
  if (failed > 0) {
    absl::StrAppend(&line, "; ", Count(failed, "row", "rows"), " failed");
  }
  return line;
}

}  // namespace concert::coordinator
