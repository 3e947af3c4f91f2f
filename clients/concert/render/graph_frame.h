// What both pictures of an exploration share (the proposal-level graph and
// the state lattice): a title that says which draft, variant and decision
// rule were explored and what came of it, a legend, and DOT's quoting. A
// picture passed around without its command line still says what it shows.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_GRAPH_FRAME_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_GRAPH_FRAME_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::coordinator {

// `s` as a DOT string in double quotes.
std::string DotQuote(absl::string_view s);
// `s` escaped for a DOT HTML-like label (<, >, &, ").
std::string HtmlLabelEscape(absl::string_view s);
// `s` cut into lines of at most `width` characters at spaces (a longer word
// is cut), at most `max_lines` of them, the last ending in "…" when text was
// left out.
std::vector<std::string> WrapWords(absl::string_view s, int width,
                                   int max_lines);

// The outcome in a few words: "full charter reachable (12 of 720 orders)",
// "at most 5 of 8 proposals adoptable", "nothing adoptable: every proposal
// fails at the start"; with "(estimate)" after sampling.
std::string Headline(const v1::Exploration& exploration, int proposals);

// DOT graph attributes (one per line, ending in ';') that put the title on
// top: the draft's title and id, the variant ("baseline" when empty), the
// decision rule ("rule not recorded" for an old record), the headline, and
// `kind` ("proposal-level graph", "state lattice").
std::string TitleAttributes(const v1::Exploration& exploration,
                            const v1::CharterDraft& draft,
                            absl::string_view kind);

// One legend entry: a sample (HTML-like label text, already escaped) and
// what it means.
struct LegendEntry {
  std::string sample;
  std::string meaning;
};

// A DOT cluster "cluster_legend" titled "Legend" holding one plain node
// (id "legend") with a table of `entries`.
std::string LegendCluster(const std::vector<LegendEntry>& entries);

}  // namespace concert::coordinator

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_GRAPH_FRAME_H_
