#include "clients/concert/render/graph_frame.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/rule_text.h"

namespace concert::coordinator {

std::string DotQuote(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";  // DOT's line break in a label
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string HtmlLabelEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> WrapWords(absl::string_view s, int width,
                                   int max_lines) {
  std::vector<std::string> lines;
  std::string line;
  bool cut = false;
  const auto flush = [&] {
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
  };
  for (absl::string_view word : absl::StrSplit(s, ' ', absl::SkipEmpty())) {
    while (static_cast<int>(word.size()) > width) {  // a word too long
      flush();
      lines.emplace_back(word.substr(0, width));
      word.remove_prefix(width);
    }
    if (!line.empty() &&
        static_cast<int>(line.size() + 1 + word.size()) > width) {
      flush();
    }
    if (!line.empty()) line.push_back(' ');
    absl::StrAppend(&line, word);
  }
  flush();
  if (static_cast<int>(lines.size()) > max_lines) {
    lines.resize(std::max(max_lines, 1));
    cut = true;
  }
  if (cut) {
    std::string& last = lines.back();
    if (static_cast<int>(last.size()) >= width) last.resize(width - 1);
    last += "…";
  }
  return lines;
}

std::string Headline(const v1::Exploration& e, int proposals) {
  const bool estimate = e.has_estimate();
  std::string headline;
  if (e.full_charter_reachable()) {
    headline = absl::StrCat("full charter reachable (", e.consensus_sequences(),
                            " of ", e.admissible_sequences(),
                            " orders reach consensus)");
  } else if (e.largest_adoptable().size() == 0 && proposals > 0) {
    headline = "nothing adoptable: every proposal fails at the start";
  } else {
    headline = absl::StrCat("full charter out of reach: at most ",
                            e.largest_adoptable().size(), " of ", proposals,
                            " proposals adoptable");
  }
  if (estimate) absl::StrAppend(&headline, " (estimate from sampled orders)");
  return headline;
}

std::string TitleAttributes(const v1::Exploration& e,
                            const v1::CharterDraft& draft,
                            absl::string_view kind) {
  const std::string name = draft.title().empty() ? draft.id() : draft.title();
  const std::string variant = e.variant().empty() ? "baseline" : e.variant();
  const std::string rule = e.has_rule()
                               ? absl::StrCat("rule: ", cli::RuleText(e.rule()))
                               : "rule not recorded";
  std::string label = absl::StrCat(
      "<<FONT POINT-SIZE=\"16\"><B>", HtmlLabelEscape(name), "</B></FONT>",
      draft.title().empty()
          ? ""
          : absl::StrCat(" <FONT POINT-SIZE=\"11\">(",
                         HtmlLabelEscape(draft.id()), ")</FONT>"),
      "<BR/><FONT POINT-SIZE=\"11\">variant: ", HtmlLabelEscape(variant), " · ",
      HtmlLabelEscape(rule), "</FONT><BR/><B>",
      HtmlLabelEscape(Headline(e, draft.proposals_size())),
      R"(</B><BR/><FONT POINT-SIZE="9" COLOR="gray35">)", HtmlLabelEscape(kind),
      "</FONT>>");
  return absl::StrCat("label=", label,
                      ";\nlabelloc=t;\nlabeljust=l;\nfontname=\"Helvetica\";\n"
                      "fontsize=12;\n");
}

std::string LegendCluster(const std::vector<LegendEntry>& entries) {
  std::string rows;
  for (const LegendEntry& entry : entries) {
    absl::StrAppend(&rows, "<TR><TD ALIGN=\"LEFT\">", entry.sample,
                    "</TD><TD ALIGN=\"LEFT\">", HtmlLabelEscape(entry.meaning),
                    "</TD></TR>");
  }
  return absl::StrCat(
      "subgraph cluster_legend {\nlabel=\"Legend\";\nid=\"legend-box\";\n"
      "style=\"rounded\";\ncolor=gray60;\nfontsize=11;\n"
      "legend [id=\"legend\", shape=plain, fontsize=9, label=<<TABLE "
      "BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">",
      rows, "</TABLE>>];\n}\n");
}

}  // namespace concert::coordinator
