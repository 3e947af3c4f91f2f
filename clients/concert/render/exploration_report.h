// How `concert explore` prints its result for people: a terminal report and
// the same content as Markdown, plus the one-line progress shown on stderr
// while an exploration runs. (JSON is protobuf's mapping, in format_json.h.)
// Pure formatting over the wire messages: no gRPC, no terminal queries.
//
// The report reads top-down: header (draft, scenario, variant, strategy),
// an ESTIMATES notice when the numbers come from sampling, the headline
// numbers (admissible and consensus sequences, consensus share, whether the
// full charter is reachable), the best sequence, the largest adoptable set
// (only when the full charter is out of reach), blockers, dead ends, veto
// power per party, and a footer with the cost of the run.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_EXPLORATION_REPORT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_EXPLORATION_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::cli {

struct ExplorationReportOptions {
  // Emit ANSI colour and bold (text report only); plain text otherwise.
  bool color = false;
  // Column at which the text report wraps (at least 40 is used).
  int width = 100;
  // The forum's party ids in order. When given, the veto table follows this
  // order (parties the exploration does not mention come last); when empty,
  // the exploration's own order.
  std::vector<std::string> parties;
  // How many blockers and dead ends to list; the rest are counted.
  int max_blockers = 10;
  int max_dead_ends = 3;
};

// Writes the human report of `exploration` (of `draft`, which supplies the
// proposal titles and stages) to `out`. Proposals the draft does not know
// are printed by id alone.
void WriteExplorationText(std::ostream& out, const v1::Exploration& exploration,
                          const v1::CharterDraft& draft,
                          const ExplorationReportOptions& options = {});

// The same report as a string.
std::string ExplorationText(const v1::Exploration& exploration,
                            const v1::CharterDraft& draft,
                            const ExplorationReportOptions& options = {});

// The same content as GitHub-flavoured Markdown (headings and tables), for
// pasting into a report. `options.color` and `options.width` are ignored.
std::string ExplorationMarkdown(const v1::Exploration& exploration,
                                const v1::CharterDraft& draft,
                                const ExplorationReportOptions& options = {});

// One line (no newline) for stderr while an exploration runs, e.g.
// "phase 2/7 veto power of DPRK · level 5/16 · 11,440 states · 2.3M
// questions/s · 1.2 s elapsed · ETA 3 s" (a single phase by its name
// alone). The ETA is "—" until the share done says something. Parts that
// are unknown (no phase, zero levels, zero rate, no time) are left out.
std::string FormatProgress(const v1::ExploreProgress& progress);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_EXPLORATION_REPORT_H_
