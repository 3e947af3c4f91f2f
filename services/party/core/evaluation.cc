// The explained vote: the same decision as CompiledModel::Vote, told in words.
// Speed matters less here (sessions and detailed questions), clarity more.
#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/party/core/interest_model.h"

namespace concert::party {
namespace {

// A signed number as people write it: "+2.4", "-1.25", "+3".
std::string Signed(double v) {
  if (v != 0 && std::fabs(v) < 0.01) return absl::StrFormat("%+.2g", v);
  std::string s = absl::StrFormat("%+.2f", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "+0";
  return s;
}

// "security_assurance (+2.4), normalization (+1)": the largest shares first.
std::string Movers(const std::vector<std::pair<double, std::string>>& shares) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < shares.size() && i < 2; ++i) {
    parts.push_back(
        absl::StrCat(shares[i].second, " (", Signed(shares[i].first), ")"));
  }
  if (shares.size() > 2)
    parts.push_back(absl::StrCat(shares.size() - 2, " more"));
  return absl::StrJoin(parts, ", ");
}

std::string RuleName(const v1::PartyRule& rule) {
  std::string name = absl::StrCat(
      rule.kind() == v1::PartyRule::RED_LINE ? "red line " : "concession ",
      rule.id());
  if (!rule.reason().empty()) absl::StrAppend(&name, ": ", rule.reason());
  return name;
}

// Where a utility change stands against the thresholds UtilityVote applies,
// named for the vote they gave: "at least the +0.5 it takes to support",
// "below the -1 at which it objects", and for an abstention "short of the
// +0.5 it takes to support" (with the objection threshold too unless
// `brief`).
std::string AgainstThresholds(v1::Vote vote, double support, double objection,
                              bool brief) {
  switch (vote) {
    case v1::VOTE_SUPPORT:
      return absl::StrCat("at least the ", Signed(support),
                          " it takes to support");
    case v1::VOTE_OBJECT:
      return absl::StrCat("below the ", Signed(-objection),
                          " at which it objects");
    default:
      return absl::StrCat(
          "short of the ", Signed(support), " it takes to support",
          brief ? ""
                : absl::StrCat(", not below the ", Signed(-objection),
                               " at which it objects"));
  }
}

void AddUnique(std::string part, std::vector<std::string>* out) {
  if (std::find(out->begin(), out->end(), part) == out->end()) {
    out->push_back(std::move(part));
  }
}

}  // namespace

void CompiledModel::UnmetParts(int rule, const double* x, ProposalSet adopted,
                               std::vector<std::string>* out) const {
  const v1::Condition& condition = source_rules_[rule].condition();
  for (const auto& t : condition.thresholds()) {
    const bool at_least = t.comparison() == v1::Threshold::AT_LEAST;
    const double v =
        x[std::find(dimensions_.begin(), dimensions_.end(), t.dimension()) -
          dimensions_.begin()];
    const bool holds =
        at_least ? v >= t.value() - kTolerance : v <= t.value() + kTolerance;
    if (!holds) {
      AddUnique(absl::StrCat(t.dimension(), at_least ? " >= " : " <= ",
                             absl::StrFormat("%g", t.value())),
                out);
    }
  }
  for (const auto& id : condition.adopted()) {
    const int p = index_.Find(id);
    if (p < 0) {
      AddUnique(absl::StrCat("adopt ", id, " (not in this draft)"), out);
    } else if (!Contains(adopted, p)) {
      AddUnique(absl::StrCat("adopt ", id), out);
    }
  }
}

std::string CompiledModel::UtilityRationale(v1::Vote vote, double du,
                                            const double* contributions) const {
  std::vector<std::pair<double, std::string>> gains, losses;
  for (size_t d = 0; d < dimensions_.size(); ++d) {
    if (contributions[d] > 0)
      gains.emplace_back(contributions[d], dimensions_[d]);
    if (contributions[d] < 0)
      losses.emplace_back(contributions[d], dimensions_[d]);
  }
  if (gains.empty() && losses.empty()) {
    return absl::StrCat("no effect on the party's interests (utility change ",
                        Signed(du), ", ",
                        AgainstThresholds(vote, support_threshold_,
                                          objection_threshold_, /*brief=*/true),
                        ")");
  }
  std::sort(gains.begin(), gains.end(), std::greater<>());
  std::sort(losses.begin(), losses.end());
  if (vote == v1::VOTE_SUPPORT && !gains.empty()) {
    if (losses.empty()) return absl::StrCat("gains on ", Movers(gains));
    return absl::StrCat("gains on ", Movers(gains), " outweigh ",
                        Movers(losses));
  }
  if (vote == v1::VOTE_OBJECT && !losses.empty()) {
    if (gains.empty()) return absl::StrCat("losses on ", Movers(losses));
    return absl::StrCat("losses on ", Movers(losses), " outweigh ",
                        Movers(gains));
  }
  std::vector<std::string> parts;
  if (!gains.empty()) parts.push_back(absl::StrCat("gains on ", Movers(gains)));
  if (!losses.empty())
    parts.push_back(absl::StrCat("losses on ", Movers(losses)));
  return absl::StrCat("utility change ", Signed(du), ", ",
                      AgainstThresholds(vote, support_threshold_,
                                        objection_threshold_, /*brief=*/false),
                      ": ", absl::StrJoin(parts, "; "));
}

std::string CompiledModel::StatementsOn(int proposal, const double* x,
                                        ProposalSet adopted) const {
  std::vector<std::string> statements;
  for (size_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    if (!rule.statement || !Contains(rule.covers, proposal)) continue;
    // A statement without condition is always made; with one, while it
    // holds.
    const v1::Condition& condition = source_rules_[r].condition();
    const bool unconditional =
        condition.thresholds().empty() && condition.adopted().empty();
    if (unconditional || Holds(rule, x, adopted)) {
      AddUnique(source_rules_[r].reason(), &statements);
    }
  }
  return absl::StrJoin(statements, "; ");
}

Evaluation CompiledModel::Evaluate(ProposalSet adopted, int proposal) const {
  adopted &= index_.all();
  const size_t dims = dimensions_.size();
  std::vector<double> x(dims), contributions(dims, 0.0);
  StateInto(adopted, x.data());

  Evaluation out;
  out.utility_change = UtilityChange(x.data(), proposal, contributions.data());
  out.vote = UtilityVote(out.utility_change);

  // Replay the rules as Vote() does, remembering which objections are in
  // force: the utility's own, and the red lines that fired since the last
  // concession lifted the vote.
  bool utility_objects = out.vote == v1::VOTE_OBJECT;
  std::vector<int> red_lines;
  int concession = -1;
  for (int r : RulesOf(proposal)) {
    const Rule& rule = rules_[r];
    if (rule.red_line) {
      if (!Holds(rule, x.data(), adopted)) {
        out.vote = v1::VOTE_OBJECT;
        red_lines.push_back(r);
      }
    } else if (out.vote == v1::VOTE_OBJECT && Holds(rule, x.data(), adopted)) {
      out.vote = v1::VOTE_ABSTAIN;
      utility_objects = false;
      red_lines.clear();
      concession = r;
    }
  }

  if (!red_lines.empty()) {
    out.rule = source_rules_[red_lines.front()].id();
    out.rationale = RuleName(source_rules_[red_lines.front()]);
    for (size_t i = 1; i < red_lines.size(); ++i) {
      absl::StrAppend(&out.rationale, "; also red line ",
                      source_rules_[red_lines[i]].id());
    }
  } else if (concession >= 0 && out.vote == v1::VOTE_ABSTAIN) {
    out.rule = source_rules_[concession].id();
    out.rationale =
        absl::StrCat(RuleName(source_rules_[concession]),
                     " (utility alone would object: utility "
                     "change ",
                     Signed(out.utility_change), ", ",
                     AgainstThresholds(v1::VOTE_OBJECT, support_threshold_,
                                       objection_threshold_,
                                       /*brief=*/true),
                     ")");
  } else {
    out.rationale =
        UtilityRationale(out.vote, out.utility_change, contributions.data());
  }
  if (out.vote == v1::VOTE_OBJECT && Contains(tolerated_, proposal)) {
    // A what-if concession overrides whatever objected; the rationale keeps
    // what would have, so that a report can say what was conceded.
    out.vote = v1::VOTE_ABSTAIN;
    out.rationale = absl::StrCat("concedes ", index_.id(proposal),
                                 " (what-if); would object: ", out.rationale);
    out.rule.clear();
  }
  if (out.vote != v1::VOTE_OBJECT) {
    out.statement = StatementsOn(proposal, x.data(), adopted);
    return out;
  }

  // What would lift the objection. Every objection in force must be lifted;
  // when one cannot be (a red line without condition, a utility objection no
  // concession covers), nothing would help and the list stays empty.
  bool liftable = true;
  std::vector<std::string> conditions;
  for (int r : red_lines) {
    if (rules_[r].never_holds &&
        source_rules_[r].condition().adopted().empty()) {
      liftable = false;
    }
    UnmetParts(r, x.data(), adopted, &conditions);
  }
  if (utility_objects) {
    int lifter = -1;
    for (int r : RulesOf(proposal)) {
      if (!rules_[r].red_line && !rules_[r].never_holds) {
        lifter = r;
        break;
      }
    }
    if (lifter < 0) {
      liftable = false;
    } else {
      UnmetParts(lifter, x.data(), adopted, &conditions);
    }
  }
  if (liftable) out.conditions = std::move(conditions);
  return out;
}

}  // namespace concert::party
