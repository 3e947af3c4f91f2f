// The comparison table as a model: its columns and one row of cells per
// v1::ComparisonRow, worked out once so that the terminal, Markdown, CSV and
// HTML renderings (comparison_*.cc) show the same values and cannot
// disagree. Each cell holds the value for people, a shorter form for the
// terminal, and the value for machines (CSV); each column says which
// renderings show it and how the terminal may give it up when narrow.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_TABLE_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_TABLE_H_

#include <string>
#include <vector>

#include "concert/v1/compare.pb.h"

namespace concert::cli {

struct ComparisonColumn {
  // The CSV header: lowercase, underscores ("consensus_share",
  // "sensitivity_USA").
  std::string id;
  // The header people read ("share", "best sequence").
  std::string header;
  // Shown by the tables for people (terminal, Markdown, HTML), and by CSV.
  bool for_people = true;
  bool for_csv = true;
  // The terminal, when too narrow, drops the column with the highest
  // drop_rank first; 0: never dropped (the columns that say which row it
  // is, and whether the charter is reachable) unless every cell is "—".
  int drop_rank = 0;
  // The narrowest the terminal may cut the column's cells to (with "…").
  int min_width = 4;
};

struct ComparisonCell {
  // For people: grouped counts, percentages, "—" for none.
  std::string text;
  // A shorter form for the terminal ("a → b → … → z (16)"); empty: text.
  std::string brief;
  // For machines: plain digits, fractions, "" for none.
  std::string value;
  // For a terminal column too narrow for the terminal form: a shorter one
  // that still tells rows apart ("cons−1/blocks"); empty: cut instead.
  std::string narrow;

  const std::string& terminal() const { return brief.empty() ? text : brief; }
};

struct ComparisonTable {
  std::vector<ComparisonColumn> columns;
  // One per row of the comparison, in its order; one cell per column.
  std::vector<std::vector<ComparisonCell>> rows;
};

// The table of `comparison`: draft, variant ("baseline" for ""), rule (the
// decision rule with the absent-party rule), what-if ("—" for none),
// admissible and consensus sequences, consensus share, full charter
// reachable (yes/no), largest adoptable set, top blocker and the parties
// behind it, pivotal party, best sequence, robustness (share and 95%
// interval, or why unavailable) and the row's error. For CSV only: the
// pivotal party's sequences, the robustness study's numbers (samples,
// the spread as SpreadText states it, reachable, share, low, high,
// unavailable) and one sensitivity column per
// party ("sensitivity_USA": the share of samples its perturbation alone
// flips), parties in scenario order as the heat maps list them. A row with
// an error has only the cells that say which row it is, and the error.
ComparisonTable BuildComparisonTable(const v1::Comparison& comparison);

// "baseline" for the empty variant, else the variant.
std::string VariantLabel(const std::string& variant);

// The row in words: "paper-sequence · baseline · consensus (absent party
// blocks)", with " · what-if NAME" for a what-if row.
std::string RowLabel(const v1::ComparisonRow& row);

// The row's rule in words: rule_text, or the rule's name when the row
// carries none.
std::string RuleText(const v1::ComparisonRow& row);

// Whether the row has a robustness study to show (samples run, or a reason
// it could not run).
bool HasRobustness(const v1::ComparisonRow& row);

// The robustness cell for people: "62% [55.1%–68.4%]" (share, 95% Wilson
// interval), "unavailable: WHY", or "—" when no study was asked for.
std::string RobustnessText(const v1::Robustness& robustness);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_COMPARISON_TABLE_H_
