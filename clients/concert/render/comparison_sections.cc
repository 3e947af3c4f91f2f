#include "clients/concert/render/comparison_sections.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/comparison_table.h"
#include "clients/concert/render/report_numbers.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/party/core/perturbation.h"

namespace concert::cli {
namespace {

std::string Plural(std::uint64_t n, const char* one, const char* many) {
  return absl::StrCat(FormatCount(absl::StrCat(n)), " ", n == 1 ? one : many);
}

// An effect's delta with its sign ("+1", "−0.5", "0").
std::string Delta(double delta) {
  if (delta == 0) return "0";
  std::string text = absl::StrFormat("%g", std::abs(delta));
  return absl::StrCat(delta > 0 ? "+" : "−", text);
}

std::string Move(const v1::ConcessionMove& move) {
  std::string text =
      move.lift_rule().empty()
          ? absl::StrCat(move.party(), " tolerates ", move.tolerate())
          : absl::StrCat(move.party(), " lifts rule ", move.lift_rule());
  if (!move.condition().empty()) {
    absl::StrAppend(&text, " (", move.condition(), ")");
  }
  return text;
}

// The label of the row a search was made for: the unmodified row of its
// draft, variant and rule.
std::string SearchedRow(const v1::Comparison& comparison,
                        const v1::ConcessionSearch& search) {
  const std::string rule = search.rule().SerializeAsString();
  for (const v1::ComparisonRow& row : comparison.rows()) {
    if (row.what_if().empty() && row.draft_id() == search.draft_id() &&
        row.variant() == search.variant() &&
        row.rule().SerializeAsString() == rule) {
      return RowLabel(row);
    }
  }
  return absl::StrCat(search.draft_id(), " · ", VariantLabel(search.variant()),
                      " · ", coordinator::RuleName(search.rule()));
}

}  // namespace

std::string ComparisonTitle(const v1::Comparison& comparison) {
  std::string title = "Comparison";
  if (!comparison.comparison_id().empty()) {
    absl::StrAppend(&title, " ", comparison.comparison_id());
  }
  if (!comparison.scenario_id().empty()) {
    absl::StrAppend(&title, " of scenario ", comparison.scenario_id());
  }
  absl::StrAppend(
      &title, ": ",
      Plural(static_cast<std::uint64_t>(comparison.draft_ids_size()), "draft",
             "drafts"),
      ", ",
      Plural(static_cast<std::uint64_t>(comparison.rows_size()), "row",
             "rows"));
  return title;
}

std::string SpreadText(double spread, const v1::Perturbation* components) {
  if (components == nullptr) return absl::StrFormat("spread %g", spread);
  const party::PerturbationSizes sizes = party::SizesOf(*components);
  std::vector<std::string> parts;
  if (sizes.ideal != 0) {
    parts.push_back(absl::StrFormat("ideals ±%g", sizes.ideal));
  }
  if (sizes.salience != 0) {
    parts.push_back(absl::StrFormat("saliences ±%g%%", sizes.salience * 100));
  }
  if (sizes.threshold != 0) {
    parts.push_back(absl::StrFormat("thresholds ±%g", sizes.threshold));
  }
  if (sizes.condition != 0) {
    parts.push_back(absl::StrFormat("conditions ±%g", sizes.condition));
  }
  if (parts.empty()) return "spread 0";
  return absl::StrJoin(parts, ", ");
}

std::string SpreadText(const v1::Comparison& comparison) {
  return SpreadText(comparison.spread(), comparison.has_perturbation()
                                             ? &comparison.perturbation()
                                             : nullptr);
}

std::string StudyText(const v1::Comparison& comparison) {
  if (comparison.samples() == 0) return "";
  std::string text = absl::StrCat(
      "Robustness: ",
      Plural(comparison.samples(), "perturbed forum", "perturbed forums"),
      " per row, ", SpreadText(comparison), ", seed ", comparison.seed());
  if (comparison.shard_count() > 1) {
    std::vector<std::string> shards;
    for (std::uint32_t s : comparison.shards())
      shards.push_back(absl::StrCat(s));
    absl::StrAppend(
        &text, " (", comparison.shards_size() == 1 ? "shard " : "shards ",
        absl::StrJoin(shards, ", "), " of ", comparison.shard_count(), ")");
  }
  return text;
}

std::vector<RobustnessFacts> RobustnessSection(
    const v1::Comparison& comparison) {
  std::vector<RobustnessFacts> out;
  for (const v1::ComparisonRow& row : comparison.rows()) {
    if (!HasRobustness(row)) continue;
    const v1::Robustness& r = row.robustness();
    RobustnessFacts facts;
    facts.row = RowLabel(row);
    if (!r.unavailable().empty()) {
      facts.summary = absl::StrCat("unavailable: ", r.unavailable());
      out.push_back(std::move(facts));
      continue;
    }
    facts.summary = absl::StrCat(
        FormatShare(r.share()), " of ",
        Plural(r.samples(), "perturbed forum keeps", "perturbed forums keep"),
        " the full charter reachable (",
        FormatCount(absl::StrCat(r.reachable())), "; 95% interval ",
        FormatShare(r.share_low()), "–", FormatShare(r.share_high()), ")");
    std::vector<const v1::PartySensitivity*> parties;
    for (const v1::PartySensitivity& s : r.sensitivity()) parties.push_back(&s);
    std::stable_sort(
        parties.begin(), parties.end(),
        [](const v1::PartySensitivity* a, const v1::PartySensitivity* b) {
          return a->flips() > b->flips();
        });
    for (const v1::PartySensitivity* s : parties) {
      facts.sensitivity.push_back(
          absl::StrCat(s->party(), " ", FormatShare(s->share()), " (",
                       Plural(s->flips(), "flip", "flips"), ")"));
    }
    out.push_back(std::move(facts));
  }
  return out;
}

std::vector<DiffFacts> DiffSection(const v1::Comparison& comparison) {
  std::vector<DiffFacts> out;
  for (const v1::DraftDiff& diff : comparison.diffs()) {
    DiffFacts facts;
    facts.title =
        absl::StrCat(diff.other_draft(), " against ", diff.base_draft());
    const auto add = [&facts](const char* label,
                              std::vector<std::string> items) {
      if (!items.empty()) {
        DiffItem item;
        item.label = label;
        item.items = std::move(items);
        facts.items.push_back(std::move(item));
      }
    };
    add("added", {diff.added().begin(), diff.added().end()});
    add("removed", {diff.removed().begin(), diff.removed().end()});
    std::vector<std::string> moved;
    for (const v1::StageMove& m : diff.moved()) {
      moved.push_back(absl::StrCat(m.proposal(), ": ", m.from_stage(), " → ",
                                   m.to_stage()));
    }
    add("moved", std::move(moved));
    std::vector<std::string> prerequisites;
    for (const v1::PrerequisiteChange& c : diff.prerequisites()) {
      std::vector<std::string> changes;
      for (const std::string& id : c.added()) changes.push_back("+" + id);
      for (const std::string& id : c.removed()) {
        changes.push_back(absl::StrCat("−", id));
      }
      prerequisites.push_back(
          absl::StrCat(c.proposal(), ": ", absl::StrJoin(changes, " ")));
    }
    add("prerequisites", std::move(prerequisites));
    std::vector<std::string> effects;
    for (const v1::EffectChange& e : diff.effects()) {
      effects.push_back(absl::StrCat(e.proposal(), " ", e.dimension(), ": ",
                                     Delta(e.before()), " → ",
                                     Delta(e.after())));
    }
    add("effects", std::move(effects));
    add("stages added",
        {diff.stages_added().begin(), diff.stages_added().end()});
    add("stages removed",
        {diff.stages_removed().begin(), diff.stages_removed().end()});
    if (diff.stage_order_changed()) add("stage order", {"changed"});
    out.push_back(std::move(facts));
  }
  return out;
}

std::vector<ConcessionFacts> ConcessionSection(
    const v1::Comparison& comparison) {
  std::vector<ConcessionFacts> out;
  for (const v1::ConcessionSearch& search : comparison.concessions()) {
    ConcessionFacts facts;
    facts.row = SearchedRow(comparison, search);
    const std::string effort = absl::StrCat(
        Plural(search.tried(), "move set", "move sets"), " tried of ",
        Plural(search.candidate_moves(), "candidate move", "candidate moves"));
    if (search.smallest().empty()) {
      facts.summary =
          absl::StrCat("no concession found",
                       search.exact() ? "" : " (best-first)", " — ", effort);
    } else {
      const auto size =
          static_cast<std::uint64_t>(search.smallest(0).moves_size());
      facts.summary = absl::StrCat(
          "smallest: ", Plural(size, "move", "moves"), ", ",
          search.exact() ? "exact (none smaller among the candidate moves)"
                         : "best-first (a smaller one may exist)",
          " — ", effort);
    }
    for (const v1::Concession& c : search.smallest()) {
      ConcessionFacts::Option option;
      option.parties = absl::StrJoin(c.parties(), ", ");
      for (const v1::ConcessionMove& m : c.moves()) {
        option.moves.push_back(Move(m));
      }
      facts.options.push_back(std::move(option));
    }
    facts.note = search.note();
    out.push_back(std::move(facts));
  }
  return out;
}

}  // namespace concert::cli
