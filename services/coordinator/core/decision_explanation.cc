// DecisionRule::Decide: a round's outcome in one line a reader can check
// against the votes — who blocked, who abstained or was absent, and which
// procedure or exemption applied.
#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/coordinator/core/decision_tally.h"

namespace concert::coordinator {
namespace {

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

// A share as a percentage with one decimal ("62.5%", "75%": a ".0" is
// dropped), and more where needed to tell it apart from `other` the way the
// rule does: the two read alike only when they are equal (within the
// rule's epsilon), so that a failing share never reads as the threshold it
// missed ("66.66%" against "66.67%").
std::string Percent(double share, double other) {
  const bool equal = std::abs(share - other) <= kDecisionEpsilon;
  const auto text_of = [](double value, int decimals) {
    std::string text = absl::StrFormat("%.*f", decimals, value * 100);
    if (decimals == 1 && absl::EndsWith(text, ".0"))
      text.resize(text.size() - 2);
    return text;
  };
  std::string text;
  for (int decimals = 1; decimals <= 6; ++decimals) {
    text = text_of(share, decimals);
    if ((text == text_of(other, decimals)) == equal) break;
  }
  return absl::StrCat(text, "%");
}

// A weight with one decimal, or two when it has them: "2.0", "1.25".
std::string Weight(double weight) {
  std::string text = absl::StrFormat("%.2f", weight);
  if (text.back() == '0') text.pop_back();
  return text;
}

}  // namespace

Decision DecisionRule::Decide(std::span<const std::uint8_t> votes,
                              const ProposalScope& scope,
                              std::span<const std::string> party_ids) const {
  const Tally t = Count(votes, scope);
  Decision d;
  d.passes = t.passes;
  for (std::uint64_t m = t.blocking; m != 0; m &= m - 1) {
    d.blocking.push_back(std::countr_zero(m));
  }
  const auto names = [&](std::uint64_t mask) { return Names(mask, party_ids); };

  // Notes shared by the rules: who abstained, who was absent, who does not
  // decide this proposal.
  std::vector<std::string> notes;
  if (t.abstain != 0)
    notes.push_back(Verb(t.abstain, party_ids, "abstains", "abstain"));
  std::string absent_blocks_part;
  if (t.absent != 0) {
    if (absent_blocks_ && !scope.silence) {
      absent_blocks_part =
          absl::StrCat(names(t.absent), " absent (absent party blocks)");
    } else {
      notes.push_back(absl::StrCat(names(t.absent), " absent, counted as ",
                                   scope.silence ? "silent" : "abstaining"));
    }
  }
  if (t.not_deciding != 0) {
    notes.push_back(
        absl::StrCat(names(t.not_deciding), " not deciding: decided by ",
                     names(scope.deciding & ~t.not_deciding), " only"));
  }
  std::vector<std::string> failures;  // reasons, joined with "; "

  if (scope.silence) {
    d.explanation =
        t.passes ? absl::StrCat(
                       "passes under the silence procedure: silence not "
                       "broken",
                       Parenthesised(notes))
                 : absl::StrCat(
                       "fails under the silence procedure: silence broken "
                       "by objection from ",
                       names(t.object));
    return d;
  }

  switch (kind_) {
    case v1::DecisionRule::UNANIMITY: {
      if (t.passes) {
        d.explanation = absl::StrCat("passes: every deciding party supports",
                                     Parenthesised(notes));
        return d;
      }
      std::vector<std::string> without;
      for (std::uint64_t m = t.abstain | t.object | t.absent; m != 0;
           m &= m - 1) {
        const int i = std::countr_zero(m);
        const char* why = (t.object & PartyMask(i))    ? " (objects)"
                          : (t.abstain & PartyMask(i)) ? " (abstains)"
                          : absent_blocks_ ? " (absent; absent party blocks)"
                                           : " (absent, counted as abstaining)";
        without.push_back(absl::StrCat(names(PartyMask(i)), why));
      }
      failures.push_back(
          without.empty()
              ? std::string("no party supports")
              : absl::StrCat("no support from ", absl::StrJoin(without, ", ")));
      break;
    }
    case v1::DecisionRule::QUALIFIED_MAJORITY: {
      std::string share;
      if (t.denominator <= 0) {
        share = absl::StrCat("no weight voted for or against (all abstain), ",
                             Percent(threshold_, threshold_), " needed");
      } else {
        // Both as shares, so that they compare at a glance; the weights in
        // brackets, so that the share can be checked against the votes.
        const double support = t.support_weight / t.denominator;
        share = absl::StrCat(
            "support ", Percent(support, threshold_), " of the voting weight (",
            Weight(t.support_weight), " of ", Weight(t.denominator), "), ",
            Percent(threshold_, support), " needed");
      }
      if (t.passes) {
        d.explanation = absl::StrCat("passes: ", share);
        return d;
      }
      if (!absent_blocks_part.empty()) failures.push_back(absent_blocks_part);
      const bool share_ok =
          t.denominator > 0 &&
          t.support_weight / t.denominator >= threshold_ - kDecisionEpsilon;
      if (!share_ok) failures.push_back(share);
      break;
    }
    default: {  // CONSENSUS, CONSENSUS_MINUS_ONE, CONSENSUS_MINUS_TWO
      const std::uint64_t exempt_objectors = t.object & scope.exempt;
      const bool conciliation = scope.exempt_limit >= 2;
      if (t.passes) {
        if (exempt_objectors != 0) {
          d.explanation =
              conciliation
                  ? absl::StrCat("passes: only ", names(exempt_objectors),
                                 " object, states the proposal directs to "
                                 "conciliation (consensus minus two)")
                  : absl::StrCat("passes: only ", names(exempt_objectors),
                                 " objects, the state whose violations the "
                                 "proposal answers (consensus minus one)");
        } else {
          d.explanation =
              absl::StrCat("passes: no objection", Parenthesised(notes));
        }
        return d;
      }
      const std::uint64_t blocking_objectors = t.blocking & t.object;
      if (blocking_objectors != 0) {
        std::string part =
            absl::StrCat("objection from ", names(blocking_objectors));
        if (exempt_objectors != 0 &&
            (blocking_objectors & exempt_objectors) == 0) {
          absl::StrAppend(&part, " (", names(exempt_objectors), "'s ",
                          conciliation ? "objections" : "objection",
                          " alone would not block)");
        }
        failures.push_back(std::move(part));
      }
      if (!absent_blocks_part.empty()) failures.push_back(absent_blocks_part);
      break;
    }
  }
  d.explanation = absl::StrCat("fails: ", absl::StrJoin(failures, "; "));
  return d;
}

}  // namespace concert::coordinator
