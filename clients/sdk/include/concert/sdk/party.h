// The C++ party SDK: what a party written on it implements.
//
// A party is one class derived from concert::sdk::Party: it says who it is
// (Describe) and answers questions (Evaluate) — "would you accept this
// proposal, now that these were adopted, in this order?" — and may prepare
// once per tabled draft (Prepare). Everything else concert.v1.Party asks of
// a party (digests, the tabled-draft cache, status codes, the packed batches
// of EvaluateStream, health, reflection, joining a coordinator, shutdown) is
// the SDK's: see concert/sdk/serve.h.
//
// Every type here can be built without a server, so a party's votes can be
// unit-tested directly: Draft::Make a draft, construct a Question, call
// Evaluate.
#ifndef CONCERT_SDK_PARTY_H_
#define CONCERT_SDK_PARTY_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::sdk {

// Who the party is (concert.v1.DescribeResponse).
struct Description {
  // The party's id: the one its seat has in the coordinator's scenario.
  std::string id;
  // Human name.
  std::string name;
  // Implementation name and version, e.g. "reciprocity 1.0" (empty: the
  // SDK's own, "concert-sdk VERSION").
  std::string version;
  // What the votes depend on: MEMORY_SET (only the adopted set) or
  // MEMORY_HISTORY (also the order of adoption; explorations then sample
  // orders). Must be set: the SDK refuses to start with MEMORY_UNSPECIFIED.
  v1::Memory memory = v1::MEMORY_UNSPECIFIED;
  // Scenario variants the party serves besides the baseline. Tabling a draft
  // under any other variant is refused (INVALID_ARGUMENT) by the SDK, and
  // the coordinator holds no session under it, unless
  // `any_variant_as_baseline` is set.
  std::vector<std::string> variants;
  // Whether the party takes every variant, answering as under the baseline
  // where `variants` does not list it (Describe's
  // baseline_for_other_variants): for a party whose votes do not change
  // with the scenario's variants. Question::draft's variant says which.
  bool any_variant_as_baseline = false;
  // Whether the party applies what-if overlays (Draft::overlay()). The
  // contract asks a party to apply an overlay or refuse it, never to answer
  // as if none were asked: unless this is set, the SDK refuses every draft
  // tabled with an overlay (Table answers INVALID_ARGUMENT), so a what-if
  // study never reads a party's unchanged votes as its answer.
  bool applies_overlays = false;
};

// A tabled draft, read-only: the charter draft, the variant and the initial
// state, with the proposals by index (their position in the draft, which is
// how batches name them) and by id. Shared by every question about it.
class Draft {
 public:
  // The most proposals a draft may hold (an adopted set is one 64-bit word).
  static constexpr int kMaxProposals = 64;

  // Indexes `request`. INVALID_ARGUMENT for more than kMaxProposals
  // proposals, or an empty or duplicate proposal id.
  static absl::StatusOr<std::shared_ptr<Draft>> Make(v1::TableRequest request);

  // The stable digest naming (draft, variant, initial state): hex SHA-256 of
  // the request's deterministic serialization, as concert-party computes it.
  static std::string Digest(const v1::TableRequest& request);

  const v1::CharterDraft& charter() const { return request_.draft(); }
  // The variant in force (empty: the baseline).
  const std::string& variant() const { return request_.variant(); }
  const std::string& digest() const { return digest_; }
  const v1::TableRequest& request() const { return request_; }

  // Robustness studies: the perturbation the draft was tabled with (seed,
  // spread and the per-component sizes that replace it: ideals, saliences,
  // thresholds, rule conditions; every size 0 when none). A party may
  // perturb its own model by it — drawn from the seed and its own id, the
  // same way every time; the built-in party's algorithm is in
  // docs/writing-a-party.md — or ignore it, and then simply shows no
  // sensitivity in robustness studies. The SDK has refused a negative or
  // non-finite size.
  const v1::Perturbation& perturbation() const {
    return request_.perturbation();
  }
  // What-if studies: this party's overlay (rules lifted, proposals
  // tolerated, positions and thresholds changed), or an empty one. Served
  // only to a party that sets Description::applies_overlays; the SDK has
  // checked that the overlay names this party. Prepare should refuse (any
  // non-OK status) an overlay the party cannot apply, e.g. a rule it does
  // not have; a party that applies it should name the rule that decided a
  // vote in Answer::rule, so that lifting it can be asked about.
  const v1::PartyOverlay& overlay() const { return request_.overlay(); }
  // Whether an overlay that changes anything was tabled.
  bool has_overlay() const { return request_.overlay().ByteSizeLong() != 0; }

  // The dimension's value before any proposal is adopted (0 when unlisted).
  double InitialValue(std::string_view dimension) const;

  // Number of proposals.
  int size() const { return charter().proposals_size(); }
  // Proposal `index` (0 <= index < size()).
  const v1::Proposal& proposal(int index) const {
    return charter().proposals(index);
  }
  // Position of the proposal with this id, or -1.
  int IndexOf(std::string_view id) const;
  // Whether proposal `index` carries `tag`.
  bool HasTag(int index, std::string_view tag) const;

  // Per-draft state a party computed in Prepare, kept with the draft for
  // as long as the SDK keeps the draft. One object per draft; its type is
  // checked on the way out.
  template <typename T>
  void Attach(std::shared_ptr<const T> state) {
    state_type_ = &typeid(T);
    state_ = std::move(state);
  }
  // The state attached by Prepare, or null (none, or not a T).
  template <typename T>
  const T* Attached() const {
    if (state_type_ == nullptr || *state_type_ != typeid(T)) return nullptr;
    return static_cast<const T*>(state_.get());
  }

 private:
  Draft() = default;

  v1::TableRequest request_;
  std::string digest_;
  absl::flat_hash_map<std::string, int> index_;
  const std::type_info* state_type_ = nullptr;
  std::shared_ptr<const void> state_;
};

// One question: would the party accept proposal() now that adopted() are?
class Question {
 public:
  // `adopted` holds proposal indices in order of adoption (or in draft order
  // when `order_known` is false) and must outlive the question; no index may
  // repeat or equal `proposal`.
  Question(const Draft& draft, int proposal, std::span<const int> adopted,
           bool order_known = true);

  const Draft& draft() const { return *draft_; }
  // The proposal being voted on.
  int proposal_index() const { return proposal_; }
  const v1::Proposal& proposal() const { return draft_->proposal(proposal_); }

  // The proposals adopted so far, as indices into the draft, in order of
  // adoption — unless order_known() is false: the caller asked by set only
  // (it does for MEMORY_SET parties), and they come in draft order.
  std::span<const int> adopted() const { return adopted_; }
  bool order_known() const { return order_known_; }
  // The adopted proposals as a set: bit i stands for proposal i.
  std::uint64_t adopted_set() const { return set_; }
  bool IsAdopted(int index) const {
    return index >= 0 && index < Draft::kMaxProposals && ((set_ >> index) & 1U);
  }
  bool IsAdopted(std::string_view id) const {
    return IsAdopted(draft_->IndexOf(id));
  }

 private:
  const Draft* draft_;
  int proposal_;
  std::span<const int> adopted_;
  bool order_known_;
  std::uint64_t set_ = 0;
};

// A party's answer to one question.
struct Answer {
  // VOTE_SUPPORT, VOTE_ABSTAIN or VOTE_OBJECT. Anything else is no answer:
  // the SDK reports the question as failed (INTERNAL, or a batch `error`)
  // rather than send a vote the party did not give.
  v1::Vote vote = v1::VOTE_UNSPECIFIED;
  // One line naming what decided the vote.
  std::string rationale;
  // For an objection: what would lift it, e.g. "adopt security_assurances
  // first".
  std::vector<std::string> conditions;
  // The party's change of utility if the proposal is adopted (optional).
  double utility_change = 0;
  // Id of the party's own rule that decided the vote, if it has rules: the
  // red line that objects, the concession that abstains instead. Empty when
  // no rule did. Comparisons name it as the rule to lift to unlock a
  // charter. (Braced so that an Answer written as {vote, rationale,
  // conditions, utility} still compiles without a warning.)
  std::string rule{};
  // An interpretative statement with a vote that does not object: the party
  // joins the decision on the understanding it sets out, and the record
  // keeps it beside the vote (OSCE practice). Empty for none.
  std::string statement{};

  static Answer Support(std::string rationale);
  static Answer Abstain(std::string rationale);
  static Answer Object(std::string rationale,
                       std::vector<std::string> conditions = {});
};

// The class a party implements. The SDK calls Evaluate and Vote from several
// gRPC threads at once, hence const: keep per-draft state in the Draft
// (Prepare + Attach), and guard anything else you mutate.
class Party {
 public:
  virtual ~Party() = default;

  // Who the party is; called once, when serving starts.
  virtual Description Describe() const = 0;

  // Called once per tabled draft (per digest, while the SDK keeps it), before
  // any question about it: precompute what the answers need and Attach it.
  // A non-OK status refuses the draft: Table answers INVALID_ARGUMENT with
  // its message. The SDK has already refused a variant the party does not
  // declare.
  virtual absl::Status Prepare(Draft& draft) const;

  // The full answer: vote, rationale, conditions (and utility change).
  virtual Answer Evaluate(const Question& question) const = 0;

  // The vote alone, for explorations' batches asked without details; the
  // default is Evaluate(question).vote. Override only to make it cheaper —
  // it must give the same vote.
  virtual v1::Vote Vote(const Question& question) const;
};

}  // namespace concert::sdk

#endif  // CONCERT_SDK_PARTY_H_
