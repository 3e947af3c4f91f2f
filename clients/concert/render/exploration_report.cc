#include "clients/concert/render/exploration_report.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/exploration_facts.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/report_numbers.h"

namespace concert::cli {

namespace {

constexpr int kLabelWidth = 22;

// Lays out a table whose cells hold several lines each: every column but
// the last padded to its width, two spaces between columns, trailing spaces
// trimmed.
std::string Columns(const std::vector<std::vector<std::string>>& cells,
                    const std::vector<int>& widths, absl::string_view indent) {
  size_t rows = 0;
  for (const auto& cell : cells) rows = std::max(rows, cell.size());
  std::string out;
  for (size_t r = 0; r < rows; ++r) {
    std::string line(indent);
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string text = r < cells[c].size() ? cells[c][r] : "";
      absl::StrAppend(&line, c + 1 < cells.size()
                                 ? PadRight(text, widths[c]) + "  "
                                 : text);
    }
    absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(line), "\n");
  }
  return out;
}

class TextReport {
 public:
  TextReport(const v1::Exploration& x, const DraftLookup& draft,
             const ExplorationReportOptions& options,
             const ExplorationFacts& facts)
      : x_(x),
        draft_(draft),
        options_(options),
        f_(facts),
        width_(std::max(options.width, 40)),
        color_(options.color) {}

  std::string Render() {
    Header();
    Headline();
    Sequences();
    Blockers();
    DeadEnds();
    Vetoes();
    std::vector<std::string> lines =
        WrapList(FooterParts(x_), " · ", width_ - 9);
    for (std::string& line : lines) line = Dim(line);
    absl::StrAppend(&out_, "\n", IndentLines(Dim("Explored "), lines));
    return out_;
  }

 private:
  std::string Bold(absl::string_view s) const {
    return Styled(s, Style::kBold, color_);
  }
  std::string Dim(absl::string_view s) const {
    return Styled(s, Style::kDim, color_);
  }

  // `text` wrapped after `prefix`, each line in `style`.
  std::string Wrapped(absl::string_view prefix, absl::string_view text,
                      Style style) const {
    std::vector<std::string> lines = Wrap(text, width_ - DisplayWidth(prefix));
    for (std::string& line : lines) line = Styled(line, style, color_);
    return IndentLines(prefix, lines);
  }

  void Section(absl::string_view title, absl::string_view note) {
    absl::StrAppend(&out_, "\n", Bold(title));
    if (note.empty()) {
      absl::StrAppend(&out_, "\n");
      return;
    }
    // A note too long for the line wraps under itself.
    const int indent = DisplayWidth(title) + 3;
    const std::vector<std::string> lines = Wrap(note, width_ - indent);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      absl::StrAppend(
          &out_,
          i == 0 ? Dim(absl::StrCat(" · ", lines[i]))
                 : absl::StrCat(std::string(indent, ' '), Dim(lines[i])),
          "\n");
    }
  }

  // "  Label                 value"; the value keeps its spacing when it
  // fits on the line, and wraps under itself when it does not.
  void Fact(absl::string_view label, absl::string_view value) {
    const std::string prefix = absl::StrCat("  ", PadRight(label, kLabelWidth));
    if (DisplayWidth(prefix) + DisplayWidth(value) <= width_) {
      absl::StrAppend(&out_, prefix, value, "\n");
    } else {
      absl::StrAppend(&out_,
                      WrapHanging(prefix, value, width_, kLabelWidth + 2));
    }
  }

  void Header() {
    std::string title = absl::StrCat(
        "Exploration of ",
        x_.draft_id().empty() ? draft_.draft().id() : x_.draft_id());
    const std::string& draft_title = draft_.draft().title();
    if (!draft_title.empty()) absl::StrAppend(&title, " — ", draft_title);
    for (const std::string& line : Wrap(title, width_)) {
      absl::StrAppend(&out_, Bold(line), "\n");
    }
    Fact("Scenario",
         absl::StrCat(x_.scenario_id().empty() ? "(unnamed)" : x_.scenario_id(),
                      " · variant ", f_.variant));
    // Named, so that `--rule unanimity` does not read as the default rule
    // with other numbers.
    Fact("Rule", f_.rule);
    std::string strategy = StrategyLabel(x_.strategy());
    absl::StrAppend(&strategy, " · ",
                    CountOf(f_.total, "proposal", "proposals"), " in ",
                    CountOf(draft_.draft().stages_size(), "stage", "stages"));
    if (!x_.exploration_id().empty())
      absl::StrAppend(&strategy, " · record ", x_.exploration_id());
    Fact("Strategy", strategy);
    if (!options_.parties.empty())
      Fact("Parties", absl::StrJoin(options_.parties, ", "));
    if (f_.estimated) {
      absl::StrAppend(&out_, "\n");
      const std::string label = Styled("ESTIMATES", Style::kYellow, color_);
      absl::StrAppend(&out_, WrapHanging(absl::StrCat("  ", Bold(label), " — "),
                                         EstimateText(x_), width_, 4));
    }
    if (const std::string memory = MemoryText(x_); !memory.empty()) {
      absl::StrAppend(&out_, "\n");
      const std::string label = Styled("MEMORY", Style::kYellow, color_);
      absl::StrAppend(&out_, WrapHanging(absl::StrCat("  ", Bold(label), " — "),
                                         memory, width_, 4));
    }
  }

  // A count, exact and grouped, with its short form where it helps (a
  // long count): beside it when both fit the line, else on the next line,
  // whole, under the count.
  void CountFact(absl::string_view label, const std::string& decimal,
                 absl::string_view before = "", absl::string_view after = "") {
    const std::string joined =
        absl::StrCat(before, FormatCountWithShort(decimal), after);
    if (DisplayWidth(joined) + kLabelWidth + 2 <= width_ ||
        FormatCountWithShort(decimal) == FormatCount(decimal)) {
      Fact(label, joined);
      return;
    }
    Fact(label, absl::StrCat(before, FormatCount(decimal)));
    Fact("", absl::StrCat("(≈ ", ShortScientific(decimal), ")", after));
  }

  void Headline() {
    absl::StrAppend(&out_, "\n");
    CountFact("Admissible sequences", f_.admissible);
    if (f_.estimated) {
      CountFact("Consensus sequences", f_.consensus, "≈ ", "  (estimated)");
    } else {
      CountFact("Consensus sequences", f_.consensus);
    }
    std::string share = Bold(FormatShare(f_.share));
    if (f_.estimated) {
      absl::StrAppend(&share, "  (estimated; 95% interval ",
                      FormatShare(x_.estimate().share_low()), " – ",
                      FormatShare(x_.estimate().share_high()), ")");
    }
    Fact("Consensus share", share);
    const bool ok = x_.full_charter_reachable();
    Fact("Full charter",
         absl::StrCat(
             Styled(ok ? "✔" : "✘", ok ? Style::kGreen : Style::kRed, color_),
             " ", ReachableText(x_, f_)));
  }

  // A numbered order of adoption, with a marker line where the stage changes.
  void SequenceList(const v1::Sequence& sequence) {
    int id_width = 0;
    for (const std::string& id : sequence.proposals()) {
      id_width = std::max(id_width, DisplayWidth(id));
    }
    id_width = std::min(id_width, 30);
    const int number_width =
        static_cast<int>(absl::StrCat(sequence.proposals_size()).size());
    std::string stage = "\x01";  // no stage yet
    for (int i = 0; i < sequence.proposals_size(); ++i) {
      const std::string& id = sequence.proposals(i);
      const std::string this_stage = draft_.Stage(id);
      if (this_stage != stage && !this_stage.empty()) {
        for (const std::string& line :
             Wrap(draft_.StageLabel(this_stage), width_ - 4)) {
          absl::StrAppend(&out_, "  ", Styled(line, Style::kCyan, color_),
                          "\n");
        }
      }
      stage = this_stage;
      std::string number = absl::StrCat(i + 1);
      number.insert(0, number_width - number.size(), ' ');
      const std::string prefix =
          absl::StrCat("    ", number, "  ", PadRight(id, id_width), "  ");
      std::vector<std::string> lines =
          Wrap(draft_.Title(id), width_ - DisplayWidth(prefix));
      if (lines.empty()) lines.emplace_back();
      absl::StrAppend(
          &out_, absl::StripTrailingAsciiWhitespace(IndentLines(prefix, lines)),
          "\n");
    }
  }

  void Sequences() {
    const v1::Sequence& best = x_.best_sequence();
    const char* what = f_.estimated ? "Best sampled sequence" : "Best sequence";
    if (best.proposals().empty()) {
      Section(what, "none: no consensus sequence adopts every proposal");
    } else {
      Section(what, absl::StrCat(CountOf(best.support_votes(), "support vote",
                                         "support votes"),
                                 " along the way"));
      SequenceList(best);
    }
    if (x_.full_charter_reachable()) return;
    const v1::LargestAdoptable& largest = x_.largest_adoptable();
    Section("Largest adoptable set",
            absl::StrCat(largest.size(), " of ", f_.total,
                         " proposals, for instance in this order"));
    SequenceList(largest.sequence());
    if (!f_.never_adopted.empty()) {
      absl::StrAppend(
          &out_, IndentLines("  Never adopted  ",
                             WrapList(f_.never_adopted, ", ", width_ - 17)));
    }
  }

  void Blockers() {
    if (x_.blockers().empty()) {
      Section("Blockers", "none: every proposal passes wherever it is tabled");
      return;
    }
    Section("Blockers",
            "proposals that fail where they are tabled, and who objects");
    const int shown =
        std::min(x_.blockers_size(), std::max(options_.max_blockers, 1));
    int id_width = DisplayWidth("Proposal");
    int failed_width = DisplayWidth("Failed/tabled");
    const int title_cap = std::clamp(width_ / 4 - 2, 12, 24);
    int party_width = 0;
    int count_width = 0;
    for (int i = 0; i < shown; ++i) {
      const v1::BlockerStat& b = x_.blockers(i);
      // Titles go under the id, wrapped to the column, which they may widen.
      id_width = std::max(
          {id_width, DisplayWidth(b.proposal()),
           std::min(DisplayWidth(draft_.Title(b.proposal())), title_cap)});
      failed_width = std::max(failed_width, DisplayWidth(FailedText(b)));
      for (const v1::Objection& o : b.objections()) {
        party_width = std::max(party_width, DisplayWidth(o.party()));
        count_width = std::max(count_width,
                               DisplayWidth(absl::StrCat(
                                   "×", FormatCount(absl::StrCat(o.count())))));
      }
    }
    id_width = std::min(id_width, 28);
    const std::vector<int> widths = {id_width, failed_width};
    // Beside the proposal when there is room for a rationale's longest
    // words (a red line's id); on a narrow terminal, under it, indented.
    const int beside = width_ - 2 - id_width - failed_width - 4;
    const bool stacked = beside < 44;
    const int objection_width = stacked ? width_ - 4 : beside;
    // Stacked, the objections need no heading: they are indented under
    // their proposal.
    std::vector<std::vector<std::string>> heading = {{Dim("Proposal")},
                                                     {Dim("Failed/tabled")}};
    if (!stacked) heading.push_back({Dim("Objecting parties")});
    absl::StrAppend(&out_, Columns(heading, widths, "  "));
    if (stacked) absl::StrAppend(&out_, "    ", Dim("Objecting parties"), "\n");
    for (int i = 0; i < shown; ++i) {
      const v1::BlockerStat& b = x_.blockers(i);
      std::vector<std::string> left = {b.proposal()};
      for (const std::string& line :
           Wrap(draft_.Title(b.proposal()), id_width)) {
        left.push_back(Dim(line));
      }
      std::vector<std::string> right;
      for (const v1::Objection& o : b.objections()) {
        const std::string head = absl::StrCat(
            PadRight(o.party(), party_width), " ",
            PadRight(absl::StrCat("×", FormatCount(absl::StrCat(o.count()))),
                     count_width),
            "  ");
        const int hang = DisplayWidth(head);
        std::vector<std::string> lines =
            Wrap(o.rationale(), objection_width - hang);
        if (lines.empty()) lines.emplace_back();
        for (size_t l = 0; l < lines.size(); ++l) {
          right.push_back(
              absl::StrCat(l == 0 ? head : std::string(hang, ' '), lines[l]));
        }
      }
      if (stacked) {
        absl::StrAppend(&out_, Columns({left, {FailedText(b)}}, widths, "  "));
        for (const std::string& line : right) {
          absl::StrAppend(&out_, "    ", line, "\n");
        }
        continue;
      }
      absl::StrAppend(&out_,
                      Columns({left, {FailedText(b)}, right}, widths, "  "));
    }
    if (x_.blockers_size() > shown) {
      absl::StrAppend(
          &out_,
          Dim(absl::StrCat("  … and ",
                           CountOf(x_.blockers_size() - shown, "more proposal",
                                   "more proposals"))),
          "\n");
    }
  }

  void DeadEnds() {
    if (f_.dead_end_count == 0) {
      Section("Dead ends",
              f_.estimated
                  ? "not determined by sampling"
                  : "none: every reachable set has a next step that passes");
      return;
    }
    const int shown =
        std::min<int>(x_.dead_ends_size(), std::max(options_.max_dead_ends, 1));
    std::string note = absl::StrCat(CountOf(f_.dead_end_count, "set", "sets"),
                                    " from which nothing passes");
    if (shown > 0 && static_cast<uint64_t>(shown) < f_.dead_end_count) {
      absl::StrAppend(&note, "; the first ", shown);
    }
    Section("Dead ends", note);
    for (int i = 0; i < shown; ++i) {
      const v1::DeadEnd& d = x_.dead_ends(i);
      std::vector<std::string> adopted(d.adopted().begin(), d.adopted().end());
      std::vector<std::string> failing(d.failing().begin(), d.failing().end());
      if (adopted.empty()) adopted.emplace_back("(nothing)");
      const std::string number = PadRight(absl::StrCat("  ", i + 1, "."), 6);
      absl::StrAppend(&out_, IndentLines(absl::StrCat(number, "adopted  "),
                                         WrapList(adopted, ", ", width_ - 15)));
      absl::StrAppend(
          &out_, IndentLines(absl::StrCat(std::string(6, ' '), "failing  "),
                             WrapList(failing, ", ", width_ - 15)));
    }
  }

  void Vetoes() {
    if (f_.vetoes.empty()) return;
    Section(f_.estimated ? "Veto power (estimated)" : "Veto power",
            "consensus sequences if a party's objections were set aside");
    std::vector<std::string> parties = {Dim("Party")};
    std::vector<std::string> factors = {Dim("vs. actual")};
    std::vector<std::string> counts = {
        Dim("Consensus sequences without its objections")};
    for (size_t i = 0; i < f_.vetoes.size(); ++i) {
      const v1::VetoPower& v = *f_.vetoes[i];
      parties.push_back(v.party());
      std::string factor =
          FormatFactor(v.consensus_sequences_without(), f_.consensus);
      if (factor == "no change") {
        factor = Dim(factor);
      } else if (static_cast<int>(i) == f_.most_pivotal) {
        factor = Styled(factor, Style::kRed, color_);
      }
      factors.push_back(factor);
      std::string count = FormatCountWithShort(v.consensus_sequences_without());
      if (static_cast<int>(i) == f_.most_pivotal)
        absl::StrAppend(&count, "  ◀ most pivotal");
      counts.push_back(count);
    }
    int party_width = 0, factor_width = 0;
    for (const auto& p : parties)
      party_width = std::max(party_width, DisplayWidth(p));
    for (const auto& p : factors)
      factor_width = std::max(factor_width, DisplayWidth(p));
    // The last column's heading wraps under itself on a narrow terminal.
    const int count_room = width_ - 2 - party_width - 2 - factor_width - 2;
    for (size_t r = 0; r < parties.size(); ++r) {
      std::vector<std::string> count = {counts[r]};
      if (r == 0) {
        count.clear();
        for (const std::string& line :
             Wrap("Consensus sequences without its objections", count_room)) {
          count.push_back(Dim(line));
        }
      }
      absl::StrAppend(&out_, Columns({{parties[r]}, {factors[r]}, count},
                                     {party_width, factor_width}, "  "));
    }
    if (!f_.powerless.empty()) {
      absl::StrAppend(&out_,
                      Wrapped("  ",
                              absl::StrCat("Setting aside the objections of ",
                                           absl::StrJoin(f_.powerless, ", "),
                                           " changes nothing."),
                              Style::kDim));
    }
  }

  const v1::Exploration& x_;
  const DraftLookup& draft_;
  const ExplorationReportOptions& options_;
  const ExplorationFacts& f_;
  const int width_;
  const bool color_;
  std::string out_;
};

}  // namespace

void WriteExplorationText(std::ostream& out, const v1::Exploration& exploration,
                          const v1::CharterDraft& draft,
                          const ExplorationReportOptions& options) {
  out << ExplorationText(exploration, draft, options) << std::flush;
}

std::string ExplorationText(const v1::Exploration& exploration,
                            const v1::CharterDraft& draft,
                            const ExplorationReportOptions& options) {
  const DraftLookup lookup(draft);
  const ExplorationFacts facts = WorkOutFacts(exploration, draft, options);
  return TextReport(exploration, lookup, options, facts).Render();
}

}  // namespace concert::cli
