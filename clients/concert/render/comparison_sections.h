// What the sections after the comparison table say — the study, the
// robustness per row, the structural diffs, the concession searches — in
// plain sentences and lists, worked out once so that the terminal, Markdown
// and HTML renderings say the same things; each escapes and lays them out in
// its own way.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_SECTIONS_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_SECTIONS_H_

#include <string>
#include <vector>

#include "concert/v1/compare.pb.h"
#include "concert/v1/party.pb.h"

namespace concert::cli {

// "Comparison comparison-… of scenario six-party: 2 drafts, 8 rows" (the id
// only when there is one).
std::string ComparisonTitle(const v1::Comparison& comparison);

// The robustness study in a line: "Robustness: 200 perturbed forums per
// row, spread 0.1, seed 7 (shard 2 of 4)", the spread as SpreadText says
// it; empty when no samples were asked.
std::string StudyText(const v1::Comparison& comparison);

// How big a study's perturbation is, in the one wording every report and
// record view uses: "spread 0.1" for one size; with per-component sizes
// (`components`, the study's perturbation template, when not null) "ideals
// ±1, saliences ±20%, thresholds ±0.5, conditions ±0.5" — each component's
// own size or else the template's spread, those of size 0 left out
// ("spread 0" when every one is 0).
std::string SpreadText(double spread, const v1::Perturbation* components);

// SpreadText of a comparison's result: its perturbation when it has one.
std::string SpreadText(const v1::Comparison& comparison);

struct RobustnessFacts {
  // RowLabel of the row.
  std::string row;
  // "62% of 200 perturbed forums keep the full charter reachable (95%
  // interval 55.1%–68.4%)", or "unavailable: WHY".
  std::string summary;
  // Per party, most sensitive first: "USA 12% (24 flips)".
  std::vector<std::string> sensitivity;
};

// One per row that has a study (HasRobustness), in row order.
std::vector<RobustnessFacts> RobustnessSection(
    const v1::Comparison& comparison);

struct DiffItem {
  // "added", "removed", "moved", "prerequisites", "effects", "stages
  // added", "stages removed", "stage order".
  std::string label;
  // Plain text: proposal ids, "p3: S1 → S2", "p2: +p1 −p4",
  // "p5 security: +1 → +0.5", "STRICT ≠ FREE".
  std::vector<std::string> items;
};

struct DiffFacts {
  // "arf-three-stage against paper-sequence".
  std::string title;
  // Only the kinds of difference there are; empty when none.
  std::vector<DiffItem> items;
};

std::vector<DiffFacts> DiffSection(const v1::Comparison& comparison);

struct ConcessionFacts {
  // The row searched (RowLabel of the matching unmodified row, else its
  // draft, variant and rule).
  std::string row;
  // "smallest: 2 moves, exact — 120 sets tried of 34 candidate moves", or
  // "none found (best-first) — …".
  std::string summary;
  struct Option {
    // "USA, RUS": who would have to concede.
    std::string parties;
    // "USA lifts rule r1 (adopt verif)", "RUS tolerates p3".
    std::vector<std::string> moves;
  };
  std::vector<Option> options;
  // Why the search stopped.
  std::string note;
};

std::vector<ConcessionFacts> ConcessionSection(
    const v1::Comparison& comparison);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_SECTIONS_H_
