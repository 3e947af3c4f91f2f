// ExplorationMarkdown (declared in exploration_report.h): the exploration
// report as GitHub-flavoured Markdown, with the same sections and facts as
// the text report.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/exploration_facts.h"
#include "clients/concert/render/exploration_report.h"
#include "clients/concert/render/markdown_escape.h"
#include "clients/concert/render/report_numbers.h"

namespace concert::cli {
namespace {

// A proposal or party id as inline code (ids hold no backticks; one that
// does is escaped instead).
std::string Code(absl::string_view id) {
  if (id.find('`') != absl::string_view::npos) return MarkdownEscape(id);
  return absl::StrCat("`", id, "`");
}

std::string Codes(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) out.push_back(Code(id));
  return absl::StrJoin(out, ", ");
}

std::string Row(const std::vector<std::string>& cells) {
  return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n");
}

class MarkdownReport {
 public:
  MarkdownReport(const v1::Exploration& x, const DraftLookup& draft,
                 const ExplorationReportOptions& options,
                 const ExplorationFacts& facts)
      : x_(x), draft_(draft), options_(options), f_(facts) {}

  std::string Render() {
    Header();
    Headline();
    Sequences();
    Blockers();
    DeadEnds();
    Vetoes();
    absl::StrAppend(&out_, "\n### Run\n\nExplored ",
                    absl::StrJoin(FooterParts(x_), " · "), ".\n");
    return out_;
  }

 private:
  void Header() {
    const std::string id =
        x_.draft_id().empty() ? draft_.draft().id() : x_.draft_id();
    absl::StrAppend(&out_, "## Exploration of ");
    if (draft_.draft().title().empty()) {
      absl::StrAppend(&out_, Code(id), "\n\n");
    } else {
      absl::StrAppend(&out_, MarkdownEscape(draft_.draft().title()), " (",
                      Code(id), ")\n\n");
    }
    absl::StrAppend(&out_, "| | |\n|---|---|\n");
    absl::StrAppend(&out_, Row({"Scenario", x_.scenario_id().empty()
                                                ? "(unnamed)"
                                                : Code(x_.scenario_id())}));
    absl::StrAppend(&out_, Row({"Variant", MarkdownEscape(f_.variant)}));
    absl::StrAppend(&out_, Row({"Rule", MarkdownEscape(f_.rule)}));
    absl::StrAppend(
        &out_, Row({"Strategy", MarkdownEscape(StrategyLabel(x_.strategy()))}));
    absl::StrAppend(
        &out_,
        Row({"Draft",
             absl::StrCat(
                 CountOf(f_.total, "proposal", "proposals"), " in ",
                 CountOf(draft_.draft().stages_size(), "stage", "stages"))}));
    if (!options_.parties.empty()) {
      absl::StrAppend(&out_, Row({"Parties", Codes(options_.parties)}));
    }
    if (!x_.exploration_id().empty()) {
      absl::StrAppend(&out_, Row({"Record", Code(x_.exploration_id())}));
    }
    if (f_.estimated) {
      absl::StrAppend(&out_, "\n> **ESTIMATES** — ",
                      MarkdownEscape(EstimateText(x_)), "\n");
    }
    if (const std::string memory = MemoryText(x_); !memory.empty()) {
      absl::StrAppend(&out_, "\n> **MEMORY** — ", MarkdownEscape(memory), "\n");
    }
  }

  void Headline() {
    const char* est = f_.estimated ? " (estimated)" : "";
    absl::StrAppend(
        &out_, "\n### Headline numbers\n\n| Measure | Value |\n|---|---|\n");
    absl::StrAppend(&out_, Row({"Admissible sequences",
                                FormatCountWithShort(f_.admissible)}));
    absl::StrAppend(&out_,
                    Row({absl::StrCat("Consensus sequences", est),
                         absl::StrCat(f_.estimated ? "≈ " : "",
                                      FormatCountWithShort(f_.consensus))}));
    std::string share = absl::StrCat("**", FormatShare(f_.share), "**");
    if (f_.estimated) {
      absl::StrAppend(&share, " (95% interval ",
                      FormatShare(x_.estimate().share_low()), " – ",
                      FormatShare(x_.estimate().share_high()), ")");
    }
    absl::StrAppend(&out_, Row({absl::StrCat("Consensus share", est), share}));
    absl::StrAppend(&out_,
                    Row({"Full charter",
                         absl::StrCat(x_.full_charter_reachable() ? "✔ " : "✘ ",
                                      MarkdownEscape(ReachableText(x_, f_)))}));
  }

  // A numbered order of adoption; the stage is named where it changes.
  void SequenceTable(const v1::Sequence& sequence) {
    absl::StrAppend(&out_,
                    "| # | Stage | Proposal | Title |\n|---:|---|---|---|\n");
    std::string stage = "\x01";  // no stage yet
    for (int i = 0; i < sequence.proposals_size(); ++i) {
      const std::string& id = sequence.proposals(i);
      const std::string this_stage = draft_.Stage(id);
      absl::StrAppend(&out_,
                      Row({absl::StrCat(i + 1),
                           this_stage == stage
                               ? ""
                               : MarkdownEscape(draft_.StageLabel(this_stage)),
                           Code(id), MarkdownEscape(draft_.Title(id))}));
      stage = this_stage;
    }
  }

  void Sequences() {
    const v1::Sequence& best = x_.best_sequence();
    const char* what = f_.estimated ? "Best sampled sequence" : "Best sequence";
    if (best.proposals().empty()) {
      absl::StrAppend(
          &out_, "\n### ", what,
          "\n\nNone: no consensus sequence adopts every proposal.\n");
    } else {
      absl::StrAppend(
          &out_, "\n### ", what, " (",
          CountOf(best.support_votes(), "support vote", "support votes"),
          ")\n\n");
      SequenceTable(best);
    }
    if (x_.full_charter_reachable()) return;
    const v1::LargestAdoptable& largest = x_.largest_adoptable();
    absl::StrAppend(&out_, "\n### Largest adoptable set (", largest.size(),
                    " of ", f_.total,
                    " proposals)\n\nFor instance in this order:\n\n");
    SequenceTable(largest.sequence());
    if (!f_.never_adopted.empty()) {
      absl::StrAppend(&out_, "\nNever adopted: ", Codes(f_.never_adopted),
                      ".\n");
    }
  }

  void Blockers() {
    absl::StrAppend(&out_, "\n### Blockers\n\n");
    if (x_.blockers().empty()) {
      absl::StrAppend(&out_,
                      "None: every proposal passes wherever it is tabled.\n");
      return;
    }
    const int shown =
        std::min(x_.blockers_size(), std::max(options_.max_blockers, 1));
    absl::StrAppend(
        &out_,
        "| Proposal | Failed/tabled | Objecting parties |\n|---|---:|---|\n");
    for (int i = 0; i < shown; ++i) {
      const v1::BlockerStat& b = x_.blockers(i);
      std::string proposal = Code(b.proposal());
      const std::string title = draft_.Title(b.proposal());
      if (!title.empty())
        absl::StrAppend(&proposal, " ", MarkdownEscape(title));
      std::vector<std::string> objections;
      for (const v1::Objection& o : b.objections()) {
        std::string line = absl::StrCat(Code(o.party()), " ×",
                                        FormatCount(absl::StrCat(o.count())));
        if (!o.rationale().empty())
          absl::StrAppend(&line, ": ", MarkdownEscape(o.rationale()));
        objections.push_back(std::move(line));
      }
      absl::StrAppend(&out_, Row({proposal, FailedText(b),
                                  absl::StrJoin(objections, "<br>")}));
    }
    if (x_.blockers_size() > shown) {
      absl::StrAppend(&out_, "\n… and ",
                      CountOf(x_.blockers_size() - shown, "more proposal",
                              "more proposals"),
                      ".\n");
    }
  }

  void DeadEnds() {
    absl::StrAppend(&out_, "\n### Dead ends\n\n");
    if (f_.dead_end_count == 0) {
      absl::StrAppend(
          &out_,
          f_.estimated
              ? "Not determined by sampling.\n"
              : "None: every reachable set has a next step that passes.\n");
      return;
    }
    const int shown =
        std::min<int>(x_.dead_ends_size(), std::max(options_.max_dead_ends, 1));
    absl::StrAppend(&out_, CountOf(f_.dead_end_count, "set", "sets"),
                    " from which nothing passes");
    if (shown > 0 && static_cast<uint64_t>(shown) < f_.dead_end_count) {
      absl::StrAppend(&out_, "; the first ", shown);
    }
    absl::StrAppend(&out_, ".\n");
    if (shown == 0) return;
    absl::StrAppend(&out_,
                    "\n| # | Adopted | Failing candidates |\n|---:|---|---|\n");
    for (int i = 0; i < shown; ++i) {
      const v1::DeadEnd& d = x_.dead_ends(i);
      const std::vector<std::string> adopted(d.adopted().begin(),
                                             d.adopted().end());
      const std::vector<std::string> failing(d.failing().begin(),
                                             d.failing().end());
      absl::StrAppend(&out_,
                      Row({absl::StrCat(i + 1),
                           adopted.empty() ? "(nothing)" : Codes(adopted),
                           Codes(failing)}));
    }
  }

  void Vetoes() {
    if (f_.vetoes.empty()) return;
    absl::StrAppend(
        &out_, "\n### Veto power", f_.estimated ? " (estimated)" : "",
        "\n\nConsensus sequences if a party's objections were set aside.\n\n",
        "| Party | vs. actual | Consensus sequences without its objections |\n",
        "|---|---|---|\n");
    for (size_t i = 0; i < f_.vetoes.size(); ++i) {
      const v1::VetoPower& v = *f_.vetoes[i];
      std::string factor =
          FormatFactor(v.consensus_sequences_without(), f_.consensus);
      if (static_cast<int>(i) == f_.most_pivotal) {
        factor = absl::StrCat("**", factor, "** (most pivotal)");
      }
      absl::StrAppend(
          &out_, Row({Code(v.party()), factor,
                      FormatCountWithShort(v.consensus_sequences_without())}));
    }
    if (!f_.powerless.empty()) {
      absl::StrAppend(&out_, "\nSetting aside the objections of ",
                      Codes(f_.powerless), " changes nothing.\n");
    }
  }

  const v1::Exploration& x_;
  const DraftLookup& draft_;
  const ExplorationReportOptions& options_;
  const ExplorationFacts& f_;
  std::string out_;
};

}  // namespace

std::string ExplorationMarkdown(const v1::Exploration& exploration,
                                const v1::CharterDraft& draft,
                                const ExplorationReportOptions& options) {
  const DraftLookup lookup(draft);
  const ExplorationFacts facts = WorkOutFacts(exploration, draft, options);
  return MarkdownReport(exploration, lookup, options, facts).Render();
}

}  // namespace concert::cli
