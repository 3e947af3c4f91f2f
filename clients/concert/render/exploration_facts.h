// What the exploration report says, worked out once from the wire messages
// so that the text and Markdown renderings (exploration_report.cc,
// exploration_markdown.cc) say the same things. Internal to those two.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_EXPLORATION_FACTS_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_EXPLORATION_FACTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/concert/render/exploration_report.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"

namespace concert::cli {

// The draft's proposals and stages by id. Holds a reference to `draft`.
class DraftLookup {
 public:
  explicit DraftLookup(const v1::CharterDraft& draft);

  const v1::CharterDraft& draft() const { return draft_; }
  // The proposal's title and stage id; empty for an unknown proposal.
  std::string Title(const std::string& id) const;
  std::string Stage(const std::string& id) const;
  // "S1 · Confidence building", or the stage id alone when it has no title.
  std::string StageLabel(const std::string& stage) const;

 private:
  const v1::CharterDraft& draft_;
  std::map<std::string, const v1::Proposal*> proposals_;
  std::map<std::string, std::string> stage_titles_;
};

struct ExplorationFacts {
  // The numbers come from sampling (Exploration.estimate is set).
  bool estimated = false;
  // Decimal counts as sent (consensus: the estimate's when sampled).
  std::string admissible;
  std::string consensus;
  // The consensus share; worked out from the counts if the message left it 0.
  double share = 0;
  // Proposals in the draft.
  int total = 0;
  // The variant in force, "baseline" when none.
  std::string variant;
  // The decision rule every step was judged by, in words (rule_text.h):
  // "consensus (absent party blocks)"; "not recorded" for an exploration
  // that predates Exploration.rule.
  std::string rule;
  // When the full charter is out of reach: the draft's proposals outside
  // the largest adoptable set, in draft order.
  std::vector<std::string> never_adopted;
  // Veto entries in print order (options.parties first), the index of the
  // most pivotal one (largest count without its objections, when above the
  // actual count; -1 if none), and the parties whose objections change
  // nothing.
  std::vector<const v1::VetoPower*> vetoes;
  int most_pivotal = -1;
  std::vector<std::string> powerless;
  // Dead ends in all (dead_ends may be truncated).
  uint64_t dead_end_count = 0;
};

ExplorationFacts WorkOutFacts(const v1::Exploration& exploration,
                              const v1::CharterDraft& draft,
                              const ExplorationReportOptions& options);

// The strategy as reports name it: "lattice", "enumerate", "sample", or
// "(unspecified)".
std::string StrategyLabel(v1::ExploreStrategy strategy);

// "3 states", "1 state", with the count grouped.
std::string CountOf(uint64_t n, absl::string_view one, absl::string_view many);

// Whether the full charter is reachable, in words (without a ✔/✘ mark):
// "reachable", "out of reach — at most 12 of 16 proposals can be adopted",
// or the sampled equivalents.
std::string ReachableText(const v1::Exploration& exploration,
                          const ExplorationFacts& facts);

// The sentence that says the numbers are estimates: samples, consensus
// samples, the 95% interval and the seed. Only when `estimate` is set.
std::string EstimateText(const v1::Exploration& exploration);

// Why the exploration had to treat some parties' votes as order-dependent:
// which parties have HISTORY memory, and which of them only because they
// left Describe.memory unset. Empty when every present party said SET.
std::string MemoryText(const v1::Exploration& exploration);

// The cost of the run, as the parts of "Explored 11,440 states · 2,345,678
// questions · 532 ms · 4.4M questions/s" after "Explored " (the rate only
// when time was measured).
std::vector<std::string> FooterParts(const v1::Exploration& exploration);

// A blocker's failures over times tabled, with the share: "120/140 (85.7%)".
std::string FailedText(const v1::BlockerStat& blocker);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_EXPLORATION_FACTS_H_
