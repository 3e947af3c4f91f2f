#include "clients/concert/render/exploration_facts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/report_numbers.h"
#include "clients/concert/render/rule_text.h"
#include "services/common/names.h"

namespace concert::cli {

DraftLookup::DraftLookup(const v1::CharterDraft& draft) : draft_(draft) {
  for (const v1::Proposal& p : draft.proposals()) proposals_[p.id()] = &p;
  for (const v1::Stage& s : draft.stages()) stage_titles_[s.id()] = s.title();
}

std::string DraftLookup::Title(const std::string& id) const {
  auto it = proposals_.find(id);
  return it == proposals_.end() ? "" : it->second->title();
}

std::string DraftLookup::Stage(const std::string& id) const {
  auto it = proposals_.find(id);
  return it == proposals_.end() ? "" : it->second->stage();
}

std::string DraftLookup::StageLabel(const std::string& stage) const {
  auto it = stage_titles_.find(stage);
  if (it == stage_titles_.end() || it->second.empty()) return stage;
  return absl::StrCat(stage, " · ", it->second);
}

ExplorationFacts WorkOutFacts(const v1::Exploration& x,
                              const v1::CharterDraft& draft,
                              const ExplorationReportOptions& options) {
  ExplorationFacts f;
  f.estimated = x.has_estimate();
  f.admissible = x.admissible_sequences();
  f.consensus = x.consensus_sequences();
  if (f.estimated && f.consensus.empty())
    f.consensus = x.estimate().consensus_sequences();
  f.share = x.consensus_share();
  if (f.estimated && f.share == 0) f.share = x.estimate().share();
  // A share left unset while the counts say otherwise: work it out.
  if (f.share == 0 && CompareDecimal(f.consensus, "0") > 0) {
    f.share = static_cast<double>(DecimalRatio(f.consensus, f.admissible));
  }
  f.total = draft.proposals_size();
  f.variant = x.variant().empty() ? "baseline" : x.variant();
  f.rule = RuleTextIfKnown(x.has_rule(), x.rule());

  if (!x.full_charter_reachable()) {
    const auto& in = x.largest_adoptable().sequence().proposals();
    for (const v1::Proposal& p : draft.proposals()) {
      if (std::find(in.begin(), in.end(), p.id()) == in.end()) {
        f.never_adopted.push_back(p.id());
      }
    }
  }

  for (const std::string& party : options.parties) {
    for (const v1::VetoPower& v : x.veto_power()) {
      if (v.party() == party) f.vetoes.push_back(&v);
    }
  }
  for (const v1::VetoPower& v : x.veto_power()) {
    if (std::find(f.vetoes.begin(), f.vetoes.end(), &v) == f.vetoes.end()) {
      f.vetoes.push_back(&v);
    }
  }
  // The actual count is common to all, so the largest count without a
  // party's objections is also the largest factor.
  if (!NormalizedDecimal(f.consensus).empty()) {
    std::string best = f.consensus;
    for (size_t i = 0; i < f.vetoes.size(); ++i) {
      const std::string& without = f.vetoes[i]->consensus_sequences_without();
      if (NormalizedDecimal(without).empty()) continue;
      if (CompareDecimal(without, f.consensus) == 0) {
        f.powerless.push_back(f.vetoes[i]->party());
      }
      if (CompareDecimal(without, best) > 0) {
        best = without;
        f.most_pivotal = static_cast<int>(i);
      }
    }
  }
  f.dead_end_count = std::max<uint64_t>(
      x.dead_end_count(), static_cast<uint64_t>(x.dead_ends_size()));
  return f;
}

std::string StrategyLabel(v1::ExploreStrategy strategy) {
  if (strategy == v1::EXPLORE_STRATEGY_UNSPECIFIED) return "(unspecified)";
  return std::string(StrategyName(strategy));
}

std::string CountOf(uint64_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(FormatCount(absl::StrCat(n)), " ", n == 1 ? one : many);
}

std::string ReachableText(const v1::Exploration& x, const ExplorationFacts& f) {
  if (x.full_charter_reachable()) {
    return f.estimated ? "reachable — a sampled sequence reached consensus"
                       : "reachable";
  }
  if (f.estimated) {
    return absl::StrCat("not reached by any of the ",
                        CountOf(x.estimate().samples(), "sampled sequence",
                                "sampled sequences"));
  }
  return absl::StrCat("out of reach — at most ", x.largest_adoptable().size(),
                      " of ", f.total, " proposals can be adopted");
}

std::string EstimateText(const v1::Exploration& x) {
  const v1::Estimate& e = x.estimate();
  return absl::StrCat(
      "the consensus numbers are estimated from ",
      CountOf(e.samples(), "sampled sequence", "sampled sequences"),
      ", of which ", FormatCount(absl::StrCat(e.consensus_samples())),
      " reached consensus; 95% interval of the share ",
      FormatShare(e.share_low()), " – ", FormatShare(e.share_high()), "; seed ",
      e.seed(), ". Admissible sequences are counted exactly.");
}

std::string MemoryText(const v1::Exploration& x) {
  if (x.history_parties().empty()) return "";
  const auto& all = x.history_parties();
  const auto& unset = x.memory_unset_parties();
  std::vector<std::string> declared;
  for (const std::string& id : all) {
    if (std::find(unset.begin(), unset.end(), id) == unset.end()) {
      declared.push_back(id);
    }
  }
  std::string out;
  if (!declared.empty()) {
    absl::StrAppend(&out, absl::StrJoin(declared, ", "),
                    declared.size() == 1 ? " says its" : " say their",
                    " votes may depend on the order of adoption "
                    "(MEMORY_HISTORY). ");
  }
  if (!unset.empty()) {
    absl::StrAppend(
        &out, absl::StrJoin(unset, ", "),
        unset.size() == 1 ? " leaves" : " leave",
        " Describe.memory unset, which is read as MEMORY_HISTORY; a party "
        "whose votes depend only on the adopted set should declare "
        "MEMORY_SET, and every order would be counted exactly. ");
  }
  absl::StrAppend(&out, x.strategy() == v1::EXPLORE_STRATEGY_SAMPLE
                            ? "So the orders were sampled."
                            : "So every order was followed with its history.");
  return out;
}

std::vector<std::string> FooterParts(const v1::Exploration& x) {
  std::vector<std::string> parts = {
      CountOf(x.states_explored(), "state", "states"),
      CountOf(x.questions_asked(), "question", "questions"),
      absl::StrCat(FormatCount(absl::StrCat(x.elapsed_ms())), " ms")};
  if (x.elapsed_ms() > 0) {
    parts.push_back(
        absl::StrCat(FormatRate(static_cast<double>(x.questions_asked()) *
                                1000.0 / static_cast<double>(x.elapsed_ms())),
                     " questions/s"));
  }
  return parts;
}

std::string FailedText(const v1::BlockerStat& b) {
  std::string text = absl::StrCat(FormatCount(absl::StrCat(b.failures())), "/",
                                  FormatCount(absl::StrCat(b.tabled())));
  if (b.tabled() > 0) {
    absl::StrAppend(&text, " (",
                    FormatShare(static_cast<double>(b.failures()) /
                                static_cast<double>(b.tabled())),
                    ")");
  }
  return text;
}

}  // namespace concert::cli
