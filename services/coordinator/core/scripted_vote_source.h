// A test double for VoteSource: each party's answers come from a function of
// (party index, adopted set, proposal index), or the party is unreachable.
// Used by the session runner's and the explorer's tests; no network, no
// interest model. Not thread-safe: one caller at a time.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_SCRIPTED_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_SCRIPTED_VOTE_SOURCE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

// A scripted answer with its reasons (what a detailed answer carries).
struct ScriptedAnswer {
  v1::Vote vote = v1::VOTE_SUPPORT;
  double utility_change = 0;
  std::string rationale;
  std::vector<std::string> conditions;
  // The rule that decided the vote (empty: the utility).
  std::string rule;
};

class ScriptedVoteSource : public VoteSource {
 public:
  // Votes only; details then carry an empty rationale and no conditions.
  using VoteFn =
      std::function<v1::Vote(int party, ProposalSet adopted, int proposal)>;
  // Votes with their reasons.
  using AnswerFn = std::function<ScriptedAnswer(int party, ProposalSet adopted,
                                                int proposal)>;

  // Parties with these ids, in this order; every party supports everything
  // until scripted otherwise.
  explicit ScriptedVoteSource(std::vector<std::string> party_ids);
  // The parties of a scenario, in scenario order.
  static ScriptedVoteSource ForScenario(const v1::Scenario& scenario);

  // Index of a party id, or -1.
  int Find(absl::string_view id) const;

  // Replaces party i's script. The functions are called from Ask() on the
  // caller's thread, one party after another.
  void SetVotes(int party, VoteFn votes);
  void SetAnswers(int party, AnswerFn answers);
  // An unreachable party fails every Ask (answered = false) and Table.
  void SetUnreachable(int party, bool unreachable);
  void SetMemory(int party, v1::Memory memory);

  // VoteSource.
  int party_count() const override { return static_cast<int>(parties_.size()); }
  const std::string& party_id(int i) const override { return parties_[i].id; }
  v1::Memory party_memory(int i) const override { return parties_[i].memory; }
  // Records the context; fails (UNAVAILABLE) only when every party is
  // unreachable, and (INVALID_ARGUMENT) when the context has no draft.
  absl::Status Table(const TableContext& context) override;
  // Answers by script. INVALID_ARGUMENT when a question names a proposal
  // outside the tabled draft (checked only once a draft is tabled).
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;

  // What the double has seen, for assertions.
  int table_calls() const { return table_calls_; }
  const std::string& tabled_variant() const { return tabled_variant_; }
  int ask_calls() const { return ask_calls_; }
  // Questions put to party i so far (over all Ask calls).
  std::int64_t questions_asked(int party) const;

 private:
  struct Party {
    std::string id;
    AnswerFn answers;
    bool unreachable = false;
    v1::Memory memory = v1::MEMORY_SET;
    std::int64_t questions = 0;
  };

  std::vector<Party> parties_;
  int table_calls_ = 0;
  std::string tabled_variant_;
  std::optional<int> tabled_proposals_;
  int ask_calls_ = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_SCRIPTED_VOTE_SOURCE_H_
