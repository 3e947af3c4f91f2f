#include "services/coordinator/core/decision_rule.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "concert/v1/party.pb.h"

namespace concert::coordinator {
namespace {

constexpr double kEpsilon = 1e-9;
constexpr double kDefaultThreshold = 2.0 / 3.0;
constexpr int kPartyLimit = 64;

constexpr std::uint64_t PartyBit(int i) { return std::uint64_t{1} << i; }

// "DPRK, RUS" for the parties in `mask`.
std::string Names(std::uint64_t mask, std::span<const std::string> ids) {
  std::string out;
  for (; mask != 0; mask &= mask - 1) {
    const int i = std::countr_zero(mask);
    if (!out.empty()) out += ", ";
    if (i < static_cast<int>(ids.size())) {
      out += ids[i];
    } else {
      absl::StrAppend(&out, "#", i);
    }
  }
  return out;
}

// "DPRK abstains" / "DPRK, RUS abstain".
std::string Verb(std::uint64_t mask, std::span<const std::string> ids,
                 absl::string_view singular, absl::string_view plural) {
  return absl::StrCat(Names(mask, ids), " ",
                      std::popcount(mask) == 1 ? singular : plural);
}

// " (a; b)" or "" for no notes.
std::string Parenthesised(const std::vector<std::string>& notes) {
  if (notes.empty()) return "";
  return absl::StrCat(" (", absl::StrJoin(notes, "; "), ")");
}

}  // namespace

// Everything a rule needs from one round's votes, as masks over parties.
struct DecisionRule::Tally {
  std::uint64_t support = 0;
  std::uint64_t abstain = 0;  // abstentions actually cast
  std::uint64_t object = 0;
  std::uint64_t absent = 0;
  double support_weight = 0;
  double object_weight = 0;
  double abstain_weight = 0;  // includes absent parties under ABSTAINS
  double denominator = 0;     // qualified majority only
  bool passes = false;
  std::uint64_t blocking = 0;
};

DecisionRule::DecisionRule(const v1::DecisionRule& rule,
                           std::vector<double> weights)
    : rule_(rule), weights_(std::move(weights)) {
  kind_ = rule.kind() == v1::DecisionRule::KIND_UNSPECIFIED
              ? v1::DecisionRule::CONSENSUS
              : rule.kind();
  absent_blocks_ = rule.absent_party() != v1::DecisionRule::ABSTAINS;
  abstentions_counted_ = rule.abstentions() == v1::DecisionRule::COUNTED;
  const double t = rule.threshold();
  threshold_ = (t > 0 && t <= 1) ? t : kDefaultThreshold;
}

double DecisionRule::weight(int i) const {
  if (i >= static_cast<int>(weights_.size()) || weights_[i] == 0) return 1;
  return weights_[i];
}

DecisionRule::Tally DecisionRule::Count(std::span<const std::uint8_t> votes,
                                        std::uint64_t concerned) const {
  Tally t;
  const int n = std::min<int>(static_cast<int>(votes.size()), kPartyLimit);
  for (int i = 0; i < n; ++i) {
    switch (votes[i]) {
      case v1::VOTE_SUPPORT:
        t.support |= PartyBit(i);
        t.support_weight += weight(i);
        break;
      case v1::VOTE_ABSTAIN:
        t.abstain |= PartyBit(i);
        t.abstain_weight += weight(i);
        break;
      case v1::VOTE_OBJECT:
        t.object |= PartyBit(i);
        t.object_weight += weight(i);
        break;
      default:
        t.absent |= PartyBit(i);
        if (!absent_blocks_) t.abstain_weight += weight(i);
        break;
    }
  }
  const std::uint64_t absent_blocking = absent_blocks_ ? t.absent : 0;

  switch (kind_) {
    case v1::DecisionRule::UNANIMITY:
      // Parties absent under ABSTAINS are not present, so not required.
      t.blocking = t.abstain | t.object | absent_blocking;
      t.passes = t.blocking == 0 && t.support != 0;
      break;
    case v1::DecisionRule::CONSENSUS_MINUS_ONE: {
      const std::uint64_t concerned_objectors = t.object & concerned;
      t.blocking = (t.object & ~concerned) | absent_blocking;
      if (std::popcount(concerned_objectors) >= 2) {
        t.blocking |= concerned_objectors;
      }
      // One concerned objection plus any other objection is two objections:
      // the other objector blocks, so the rule fails through it.
      t.passes = t.blocking == 0;
      break;
    }
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      t.denominator = t.support_weight + t.object_weight +
                      (abstentions_counted_ ? t.abstain_weight : 0);
      const bool share_ok =
          t.denominator > 0 &&
          t.support_weight / t.denominator >= threshold_ - kEpsilon;
      t.blocking = absent_blocking;
      if (!share_ok && t.denominator > 0) {
        t.blocking |= t.object;
        if (abstentions_counted_) {
          t.blocking |= t.abstain | (absent_blocks_ ? 0 : t.absent);
        }
      }
      t.passes = share_ok && absent_blocking == 0;
      break;
    }
    default:  // CONSENSUS
      t.blocking = t.object | absent_blocking;
      t.passes = t.blocking == 0;
      break;
  }
  return t;
}

bool DecisionRule::Passes(std::span<const std::uint8_t> votes,
                          std::uint64_t concerned) const {
  return Count(votes, concerned).passes;
}

Decision DecisionRule::Decide(std::span<const std::uint8_t> votes,
                              std::uint64_t concerned,
                              std::span<const std::string> party_ids) const {
  const Tally t = Count(votes, concerned);
  Decision d;
  d.passes = t.passes;
  for (std::uint64_t m = t.blocking; m != 0; m &= m - 1) {
    d.blocking.push_back(std::countr_zero(m));
  }

  // Notes shared by the rules: who abstained, who was absent.
  std::vector<std::string> notes;
  if (t.abstain != 0)
    notes.push_back(Verb(t.abstain, party_ids, "abstains", "abstain"));
  std::string absent_blocks_part;
  if (t.absent != 0) {
    if (absent_blocks_) {
      absent_blocks_part = absl::StrCat(Names(t.absent, party_ids),
                                        " absent (absent party blocks)");
    } else {
      notes.push_back(absl::StrCat(Names(t.absent, party_ids),
                                   " absent, counted as abstaining"));
    }
  }
  std::vector<std::string> failures;  // reasons, joined with "; "

  switch (kind_) {
    case v1::DecisionRule::UNANIMITY: {
      if (t.passes) {
        d.explanation = "passes: every party present supports";
        if (t.absent != 0) {
          notes = {
              absl::StrCat(Names(t.absent, party_ids), " absent, not counted")};
          d.explanation += Parenthesised(notes);
        }
        return d;
      }
      std::vector<std::string> without;
      for (std::uint64_t m = t.abstain | t.object; m != 0; m &= m - 1) {
        const int i = std::countr_zero(m);
        without.push_back(absl::StrCat(
            Names(PartyBit(i), party_ids),
            (t.object & PartyBit(i)) ? " (objects)" : " (abstains)"));
      }
      if (!without.empty()) {
        failures.push_back(
            absl::StrCat("no support from ", absl::StrJoin(without, ", ")));
      }
      if (!absent_blocks_part.empty()) failures.push_back(absent_blocks_part);
      if (failures.empty()) failures.emplace_back("no party supports");
      break;
    }
    case v1::DecisionRule::CONSENSUS_MINUS_ONE: {
      const std::uint64_t concerned_objectors = t.object & concerned;
      if (t.passes) {
        if (t.object != 0) {
          d.explanation = absl::StrCat(
              "passes: only ", Names(t.object, party_ids),
              " objects, and the proposal concerns it (consensus minus one)");
        } else {
          d.explanation =
              absl::StrCat("passes: no objection", Parenthesised(notes));
        }
        return d;
      }
      const std::uint64_t blocking_objectors = t.blocking & t.object;
      if (blocking_objectors != 0) {
        std::string part = absl::StrCat("objection from ",
                                        Names(blocking_objectors, party_ids));
        if (std::popcount(concerned_objectors) == 1) {
          absl::StrAppend(&part, " (", Names(concerned_objectors, party_ids),
                          "'s objection alone would not block)");
        }
        failures.push_back(std::move(part));
      }
      if (!absent_blocks_part.empty()) failures.push_back(absent_blocks_part);
      break;
    }
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      const std::string needed = absl::StrFormat("%.2f needed", threshold_);
      std::string share;
      if (t.denominator <= 0) {
        share = absl::StrCat("no weight voted for or against (all abstain), ",
                             needed);
      } else {
        share = absl::StrFormat("%.1f of %.1f weight supports, %s",
                                t.support_weight, t.denominator, needed);
      }
      if (t.passes) {
        d.explanation = absl::StrCat("passes: ", share);
        return d;
      }
      if (!absent_blocks_part.empty()) failures.push_back(absent_blocks_part);
      const bool share_ok =
          t.denominator > 0 &&
          t.support_weight / t.denominator >= threshold_ - kEpsilon;
      if (!share_ok) failures.push_back(share);
      break;
    }
    default: {  // CONSENSUS
      if (t.passes) {
        d.explanation =
            absl::StrCat("passes: no objection", Parenthesised(notes));
        return d;
      }
      if (t.object != 0) {
        failures.push_back(
            absl::StrCat("objection from ", Names(t.object, party_ids)));
      }
      if (!absent_blocks_part.empty()) failures.push_back(absent_blocks_part);
      break;
    }
  }
  d.explanation = absl::StrCat("fails: ", absl::StrJoin(failures, "; "));
  return d;
}

absl::StatusOr<v1::DecisionRule::Kind> ParseRuleKind(absl::string_view name) {
  std::string key =
      absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
  if (key == "consensus") return v1::DecisionRule::CONSENSUS;
  if (key == "unanimity") return v1::DecisionRule::UNANIMITY;
  if (key == "consensus-minus-one")
    return v1::DecisionRule::CONSENSUS_MINUS_ONE;
  if (key == "qualified-majority") return v1::DecisionRule::QUALIFIED_MAJORITY;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown decision rule '", name,
                   "'; expected consensus, unanimity, consensus-minus-one or "
                   "qualified-majority"));
}

namespace {

// "2/3" for thresholds that are simple fractions, else "0.70".
std::string ThresholdName(double t) {
  for (int q = 2; q <= 12; ++q) {
    const double p = std::round(t * q);
    if (std::abs(t * q - p) < 1e-6) {
      return absl::StrCat(static_cast<int>(p), "/", q);
    }
  }
  return absl::StrFormat("%.2f", t);
}

}  // namespace

std::string RuleName(const v1::DecisionRule& rule) {
  const std::string absent = rule.absent_party() == v1::DecisionRule::ABSTAINS
                                 ? "absent party abstains"
                                 : "absent party blocks";
  switch (rule.kind()) {
    case v1::DecisionRule::UNANIMITY:
      return absl::StrCat("unanimity (", absent, ")");
    case v1::DecisionRule::CONSENSUS_MINUS_ONE:
      return absl::StrCat("consensus minus one (", absent, ")");
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      const double t = rule.threshold();
      return absl::StrCat(
          "qualified majority ",
          ThresholdName((t > 0 && t <= 1) ? t : kDefaultThreshold), " (",
          rule.abstentions() == v1::DecisionRule::COUNTED
              ? "abstentions counted"
              : "abstentions excluded",
          ", ", absent, ")");
    }
    default:
      return absl::StrCat("consensus (", absent, ")");
  }
}

}  // namespace concert::coordinator
