// The objection heat map of the comparison page (comparison_html_parts.h):
// an HTML table coloured by inline styles, readable without a script.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/concert/render/comparison_html_parts.h"
#include "clients/concert/render/report_numbers.h"

namespace concert::cli {
namespace {

// White (no objection) to dark red (always), linearly in RGB.
std::string Colour(double share) {
  const double s = std::clamp(share, 0.0, 1.0);
  const auto mix = [s](int from, int to) {
    return static_cast<int>(std::lround(from + (to - from) * s));
  };
  return absl::StrFormat("#%02x%02x%02x", mix(255, 165), mix(255, 15),
                         mix(255, 21));
}

// The percentage in a cell: whole numbers, but never "0" for a party that
// objected, nor "100" for one that did not always ("<1", ">99").
std::string CellPercent(std::uint64_t objections, std::uint64_t tabled) {
  if (objections == 0) return "";
  if (objections >= tabled) return "100";
  const double percent =
      100.0 * static_cast<double>(objections) / static_cast<double>(tabled);
  if (percent < 0.5) return "&lt;1";
  if (percent >= 99.5) return "&gt;99";
  return absl::StrCat(std::lround(percent));
}

}  // namespace

std::string HeatMapTable(const v1::ObjectionHeat& heat,
                         const std::string& caption) {
  const int parties = heat.parties_size();
  const int proposals = heat.proposals_size();
  std::string out =
      absl::StrCat("<table class=\"heat-map\">\n<caption>", HtmlEscape(caption),
                   "</caption>\n<thead><tr>", R"(<th scope="col">party</th>)");
  for (const std::string& p : heat.proposals()) {
    absl::StrAppend(&out, R"(<th scope="col" class="proposal"><span>)",
                    HtmlEscape(p), "</span></th>");
  }
  absl::StrAppend(&out, "</tr></thead>\n<tbody>\n");
  for (int i = 0; i < parties; ++i) {
    const std::string& party = heat.parties(i);
    absl::StrAppend(&out, R"(<tr><th scope="row">)", HtmlEscape(party),
                    "</th>");
    for (int p = 0; p < proposals; ++p) {
      const std::uint64_t tabled = p < heat.tabled_size() ? heat.tabled(p) : 0;
      const int at = i * proposals + p;
      const std::uint64_t objections =
          at < heat.objections_size() ? heat.objections(at) : 0;
      const std::string& proposal = heat.proposals(p);
      if (tabled == 0) {
        absl::StrAppend(&out, R"(<td class="untabled" title=")",
                        HtmlEscape(absl::StrCat(proposal, " was never tabled")),
                        R"("></td>)");
        continue;
      }
      const double share =
          static_cast<double>(objections) / static_cast<double>(tabled);
      const std::string tip =
          absl::StrCat(party, " objects to ", proposal, " in ",
                       FormatCount(objections), " of ", FormatCount(tabled),
                       " sets where it was tabled (", FormatShare(share), ")");
      absl::StrAppend(&out, R"(<td style="background:)", Colour(share),
                      share > 0.55 ? ";color:#fff" : "", R"(" title=")",
                      HtmlEscape(tip), R"(">)", CellPercent(objections, tabled),
                      "</td>");
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n");
  return out;
}

}  // namespace concert::cli
