// A tiny party on the SDK for its tests: its answers say what it was asked,
// so that a test sees what the SDK decoded, and chosen proposals make it
// misbehave the ways a party written by a user might.
#ifndef CONCERT_TESTS_INTEGRATION_SDK_TEST_SDK_PARTY_H_
#define CONCERT_TESTS_INTEGRATION_SDK_TEST_SDK_PARTY_H_

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "concert/sdk/party.h"

namespace concert::testing {

// Votes by tag: "object" objects (condition "adopt talks"), "abstain"
// abstains with a statement, "no-vote" gives VOTE_UNSPECIFIED, "throws" throws;
// anything else is supported. The rationale is "order: a,b" — the adopted ids
// as the SDK passed them — with " (set)" when the order was not known. The
// utility change is the number of adopted proposals. Drafts with id "refused"
// are refused by Prepare.
//
// Studies: "red-line" objects under its rule "echo_red_line" unless an
// overlay lifts that rule (then it supports); a tolerated proposal gets an
// abstention instead of an objection; an overlay lifting any other rule is
// refused by Prepare; a perturbation with spread > 0 appends
// " [seed S, spread X]" to every rationale. Overlays are applied only after
// set_applies_overlays(true).
class EchoParty final : public sdk::Party {
 public:
  explicit EchoParty(std::string id = "C",
                     v1::Memory memory = v1::MEMORY_HISTORY)
      : id_(std::move(id)), memory_(memory) {}

  sdk::Description Describe() const override {
    return {.id = id_,
            .name = "Echo",
            .version = version_,
            .memory = memory_,
            .variants = {"v1"},
            .any_variant_as_baseline = any_variant_,
            .applies_overlays = applies_overlays_};
  }

  absl::Status Prepare(sdk::Draft& draft) const override {
    ++prepared_;
    if (draft.charter().id() == "refused") {
      return absl::FailedPreconditionError("echo takes no refused drafts");
    }
    for (const std::string& rule : draft.overlay().lift_rules()) {
      if (rule != kRedLine) {
        return absl::InvalidArgumentError(
            absl::StrCat("echo has no rule '", rule, "'"));
      }
    }
    draft.Attach<std::string>(
        std::make_shared<const std::string>(draft.charter().id()));
    return absl::OkStatus();
  }

  sdk::Answer Evaluate(const sdk::Question& q) const override {
    const sdk::Draft& draft = q.draft();
    std::string order;
    for (const int i : q.adopted()) {
      absl::StrAppend(&order, order.empty() ? "" : ",", draft.proposal(i).id());
    }
    std::string rationale =
        absl::StrCat("order: ", order, q.order_known() ? "" : " (set)");
    const int p = q.proposal_index();
    sdk::Answer answer = sdk::Answer::Support(rationale);
    if (draft.HasTag(p, "object")) {
      answer = sdk::Answer::Object(rationale, {"adopt talks"});
    } else if (draft.HasTag(p, "abstain")) {
      answer = sdk::Answer::Abstain(rationale);
      answer.statement = "abstains on the understanding that it is heard";
    } else if (draft.HasTag(p, "no-vote")) {
      answer.vote = v1::VOTE_UNSPECIFIED;
    } else if (draft.HasTag(p, "throws")) {
      throw std::runtime_error("echo cannot take this");
    } else if (draft.HasTag(p, "red-line") && !Lifted(draft)) {
      answer = sdk::Answer::Object(rationale);
      answer.rule = kRedLine;
    }
    const auto& tolerated = draft.overlay().tolerate();
    if (answer.vote == v1::VOTE_OBJECT &&
        std::find(tolerated.begin(), tolerated.end(), q.proposal().id()) !=
            tolerated.end()) {
      answer = sdk::Answer::Abstain(
          absl::StrCat("concedes ", q.proposal().id(), " (what-if)"));
    }
    if (draft.perturbation().spread() > 0) {
      absl::StrAppend(&answer.rationale, " [seed ", draft.perturbation().seed(),
                      ", spread ", draft.perturbation().spread(), "]");
    }
    if (draft.Attached<std::string>() == nullptr) {
      answer.rationale = "not prepared";
    }
    answer.utility_change = static_cast<double>(q.adopted().size());
    return answer;
  }

  int prepared() const { return prepared_; }
  void set_version(std::string version) { version_ = std::move(version); }
  void set_any_variant(bool any) { any_variant_ = any; }
  void set_applies_overlays(bool applies) { applies_overlays_ = applies; }
  void set_memory(v1::Memory memory) { memory_ = memory; }

  static constexpr char kRedLine[] = "echo_red_line";

 private:
  static bool Lifted(const sdk::Draft& draft) {
    const auto& lifted = draft.overlay().lift_rules();
    return std::find(lifted.begin(), lifted.end(), kRedLine) != lifted.end();
  }

  std::string id_;
  v1::Memory memory_;
  std::string version_;
  bool any_variant_ = false;
  bool applies_overlays_ = false;
  mutable std::atomic<int> prepared_{0};
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_SDK_TEST_SDK_PARTY_H_
