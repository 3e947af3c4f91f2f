#include "clients/concert/render/comparison_table.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/comparison_sections.h"
#include "clients/concert/render/report_numbers.h"
#include "services/coordinator/core/decision_rule.h"

namespace concert::cli {

std::string VariantLabel(const std::string& variant) {
  return variant.empty() ? "baseline" : variant;
}

std::string RuleText(const v1::ComparisonRow& row) {
  return row.rule_text().empty() ? coordinator::RuleName(row.rule())
                                 : row.rule_text();
}

std::string RowLabel(const v1::ComparisonRow& row) {
  std::string label = absl::StrCat(
      row.draft_id(), " · ", VariantLabel(row.variant()), " · ", RuleText(row));
  if (!row.what_if().empty())
    absl::StrAppend(&label, " · what-if ", row.what_if());
  return label;
}

bool HasRobustness(const v1::ComparisonRow& row) {
  return row.has_robustness() && (row.robustness().samples() > 0 ||
                                  !row.robustness().unavailable().empty());
}

std::string RobustnessText(const v1::Robustness& robustness) {
  if (!robustness.unavailable().empty()) {
    return absl::StrCat("unavailable: ", robustness.unavailable());
  }
  if (robustness.samples() == 0) return "—";
  return absl::StrCat(FormatShare(robustness.share()), " [",
                      FormatShare(robustness.share_low()), "–",
                      FormatShare(robustness.share_high()), "]");
}

namespace {

// Shares and fractions for machines: enough digits to tell samples apart,
// no exponent a spreadsheet might misread below 1e-4.
std::string Fraction(double x) { return absl::StrFormat("%.10g", x); }

ComparisonCell Cell(std::string text, std::string value) {
  ComparisonCell cell;
  cell.text = std::move(text);
  cell.value = std::move(value);
  return cell;
}

ComparisonCell Same(std::string text) {
  ComparisonCell cell;
  cell.value = text;
  cell.text = std::move(text);
  return cell;
}

// "—" for people, "" for machines.
ComparisonCell None() { return Cell("—", ""); }

ComparisonCell OrNone(const std::string& text) {
  return text.empty() ? None() : Same(text);
}

// A decimal count: grouped for people, its short form in the terminal when
// it is long, the digits for machines. An estimate is marked "≈".
ComparisonCell Count(const std::string& decimal, bool estimated) {
  ComparisonCell cell;
  if (decimal.empty()) return None();
  const std::string mark = estimated ? "≈" : "";
  cell.text = absl::StrCat(mark, FormatCount(decimal));
  const std::string digits = NormalizedDecimal(decimal);
  cell.value = digits.empty() ? decimal : digits;
  if (digits.size() > 9)
    cell.brief = absl::StrCat(mark, ShortScientific(decimal));
  return cell;
}

// The best sequence: every step for people, the first two and the last in
// the terminal when it is longer than four (the first and the length when
// the column is narrow), space-separated ids for machines.
ComparisonCell SequenceCell(const v1::Sequence& sequence) {
  const auto& ids = sequence.proposals();
  if (ids.empty()) return None();
  ComparisonCell cell;
  cell.text = absl::StrJoin(ids, " → ");
  cell.value = absl::StrJoin(ids, " ");
  if (ids.size() > 4) {
    cell.brief = absl::StrCat(ids[0], " → ", ids[1], " → … → ",
                              ids[ids.size() - 1], " (", ids.size(), ")");
  }
  if (ids.size() > 1) {
    cell.narrow = absl::StrCat(ids[0], " → … (", ids.size(), ")");
  }
  return cell;
}

// The parties in the order the sensitivity columns list them: each row's
// heat map (scenario order) first, then any party only a study names.
std::vector<std::string> SensitivityParties(const v1::Comparison& comparison) {
  std::vector<std::string> parties;
  const auto add = [&parties](const std::string& party) {
    for (const std::string& p : parties) {
      if (p == party) return;
    }
    parties.push_back(party);
  };
  bool any_study = false;
  for (const v1::ComparisonRow& row : comparison.rows()) {
    any_study = any_study || row.robustness().sensitivity_size() > 0;
  }
  if (!any_study) return parties;
  for (const v1::ComparisonRow& row : comparison.rows()) {
    for (const std::string& party : row.heat().parties()) add(party);
  }
  for (const v1::ComparisonRow& row : comparison.rows()) {
    for (const v1::PartySensitivity& s : row.robustness().sensitivity()) {
      add(s.party());
    }
  }
  return parties;
}

// The rule in a few characters: "consensus/blocks", "cons−1/abstains",
// "unanimity/blocks", "QM 0.67/blocks".
std::string RuleBrief(const v1::DecisionRule& rule) {
  std::string kind;
  switch (rule.kind()) {
    case v1::DecisionRule::UNANIMITY:
      kind = "unanimity";
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_ONE:
      kind = "cons−1";
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_TWO:
      kind = "cons−2";
      break;
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      const double t = rule.threshold();
      kind = absl::StrFormat("QM %.2g", t > 0 && t <= 1 ? t : 2.0 / 3);
      break;
    }
    default:
      kind = "consensus";
  }
  return absl::StrCat(kind, "/",
                      rule.absent_party() == v1::DecisionRule::ABSTAINS
                          ? "abstains"
                          : "blocks");
}

ComparisonColumn Column(std::string id, std::string header, int drop_rank,
                        int min_width) {
  return ComparisonColumn{.id = std::move(id),
                          .header = std::move(header),
                          .drop_rank = drop_rank,
                          .min_width = min_width};
}

ComparisonColumn PeopleOnly(ComparisonColumn column) {
  column.for_csv = false;
  return column;
}

ComparisonColumn CsvOnly(const std::string& id) {
  ComparisonColumn column = Column(id, id, 0, 4);
  column.for_people = false;
  return column;
}

}  // namespace

ComparisonTable BuildComparisonTable(const v1::Comparison& comparison) {
  const std::vector<std::string> parties = SensitivityParties(comparison);
  const std::string spread = SpreadText(comparison);
  ComparisonTable table;
  // The order here is the order of the cells below.
  table.columns = {
      Column("draft", "draft", 0, 8),
      Column("variant", "variant", 0, 7),
      Column("rule", "rule", 0, 13),
      Column("what_if", "what-if", 0, 8),
      Column("admissible_sequences", "admissible", 10, 5),
      Column("consensus_sequences", "consensus", 6, 5),
      Column("consensus_share", "share", 3, 4),
      Column("full_charter_reachable", "full", 0, 3),
      Column("largest_adoptable", "largest", 8, 3),
      Column("top_blocker", "top blocker", 4, 6),
      Column("top_blocker_parties", "blocked by", 9, 5),
      Column("pivotal_party", "pivotal", 7, 4),
      CsvOnly("pivotal_sequences_without"),
      Column("best_sequence", "best sequence", 5, 8),
      // CSV has the study's numbers in columns of their own.
      PeopleOnly(Column("robustness", "robustness", 2, 6)),
      CsvOnly("robustness_samples"),
      CsvOnly("robustness_spread"),
      CsvOnly("robustness_reachable"),
      CsvOnly("robustness_share"),
      CsvOnly("robustness_low"),
      CsvOnly("robustness_high"),
      CsvOnly("robustness_unavailable"),
  };
  for (const std::string& party : parties) {
    table.columns.push_back(CsvOnly(absl::StrCat("sensitivity_", party)));
  }
  // The last to go: a terminal that drops it lists the errors below.
  table.columns.push_back(Column("error", "error", 1, 8));

  for (const v1::ComparisonRow& row : comparison.rows()) {
    std::vector<ComparisonCell> cells;
    cells.reserve(table.columns.size());
    cells.push_back(Same(row.draft_id()));
    cells.push_back(Same(VariantLabel(row.variant())));
    cells.push_back(Same(RuleText(row)));
    cells.back().narrow = RuleBrief(row.rule());
    cells.push_back(OrNone(row.what_if()));
    if (!row.error().empty()) {
      // Nothing was computed: blank cells, not zeros that read as results.
      cells.resize(table.columns.size() - 1);
      cells.push_back(Same(row.error()));
      table.rows.push_back(std::move(cells));
      continue;
    }
    const v1::Exploration& x = row.exploration();
    const bool estimated = x.has_estimate();
    cells.push_back(Count(x.admissible_sequences(), false));
    cells.push_back(
        Count(estimated && !x.estimate().consensus_sequences().empty()
                  ? x.estimate().consensus_sequences()
                  : x.consensus_sequences(),
              estimated));
    const double share = estimated ? x.estimate().share() : x.consensus_share();
    cells.push_back(Cell(FormatShare(share), Fraction(share)));
    cells.push_back(Same(x.full_charter_reachable() ? "yes" : "no"));
    // The largest adoptable set is the whole draft when the full charter is
    // reachable (the best sequence adopts every proposal).
    const int largest = x.full_charter_reachable()
                            ? x.best_sequence().proposals_size()
                            : x.largest_adoptable().size();
    cells.push_back(Same(absl::StrCat(largest)));
    cells.push_back(OrNone(row.top_blocker()));
    cells.push_back(OrNone(absl::StrJoin(row.top_blocker_parties(), ", ")));
    ComparisonCell pivotal = OrNone(row.pivotal_party());
    if (!row.pivotal_party().empty()) {
      const std::string factor = FormatFactor(row.pivotal_sequences_without(),
                                              x.consensus_sequences());
      if (!factor.empty()) {
        pivotal.text = absl::StrCat(row.pivotal_party(), " (", factor, ")");
        pivotal.brief = row.pivotal_party();
      }
    }
    cells.push_back(std::move(pivotal));
    cells.push_back(Same(NormalizedDecimal(row.pivotal_sequences_without())));
    cells.push_back(SequenceCell(x.best_sequence()));
    const v1::Robustness& r = row.robustness();
    cells.push_back(Cell(RobustnessText(r), ""));
    if (r.samples() > 0) {
      cells.push_back(Same(absl::StrCat(r.samples())));
      cells.push_back(Same(spread));
      cells.push_back(Same(absl::StrCat(r.reachable())));
      cells.push_back(Same(Fraction(r.share())));
      cells.push_back(Same(Fraction(r.share_low())));
      cells.push_back(Same(Fraction(r.share_high())));
    } else {
      cells.resize(cells.size() + 6);
    }
    cells.push_back(Same(r.unavailable()));
    for (const std::string& party : parties) {
      ComparisonCell cell;
      for (const v1::PartySensitivity& s : r.sensitivity()) {
        if (s.party() == party) {
          cell =
              Cell(absl::StrCat(FormatShare(s.share()), " (", s.flips(), ")"),
                   Fraction(s.share()));
        }
      }
      cells.push_back(std::move(cell));
    }
    cells.push_back(ComparisonCell{});
    table.rows.push_back(std::move(cells));
  }
  return table;
}

}  // namespace concert::cli
