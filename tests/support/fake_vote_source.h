// Test helpers for the explorer: a
// vote source whose parties answer from a function of (party, adopted set,
// proposal, order so far) and which records every question it is asked.
#ifndef CONCERT_TESTS_SUPPORT_FAKE_VOTE_SOURCE_H_
#define CONCERT_TESTS_SUPPORT_FAKE_VOTE_SOURCE_H_

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/coordinator/core/vote_source.h"
#include "tests/support/forums.h"

namespace concert::coordinator::testing {

class FakeVoteSource : public VoteSource {
 public:
  using VoteFn =
      std::function<v1::Vote(int party, ProposalSet adopted, int proposal,
                             std::span<const std::uint32_t> history)>;

  // Parties "P0".."P{parties-1}"; all support everything until SetVotes.
  explicit FakeVoteSource(int parties);

  void SetVotes(VoteFn votes) { votes_ = std::move(votes); }
  void SetMemory(int party, v1::Memory memory) { memory_[party] = memory; }
  void SetUnreachable(int party) { unreachable_[party] = true; }
  // The party answers votes but not requests for details.
  void SetDetailsUnreachable(int party) { details_unreachable_[party] = true; }

  int party_count() const override { return static_cast<int>(ids_.size()); }
  const std::string& party_id(int i) const override { return ids_[i]; }
  v1::Memory party_memory(int i) const override { return memory_[i]; }
  absl::Status Table(const TableContext& context) override;
  // Votes by script; details carry the rationale "P<i> on p<j> after <set>".
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;

  // Questions asked without details, per party.
  std::int64_t asked(int party) const { return asked_[party]; }
  // The most times one (party, set, proposal, history) was asked without
  // details.
  int max_repeats() const { return max_repeats_; }
  // Ask calls with details, and their questions.
  int detail_calls() const { return detail_calls_; }
  std::int64_t detail_questions() const { return detail_questions_; }
  int ask_calls() const { return ask_calls_; }
  int table_calls() const { return table_calls_; }

 private:
  std::vector<std::string> ids_;
  std::vector<v1::Memory> memory_;
  std::vector<bool> unreachable_;
  std::vector<bool> details_unreachable_;
  VoteFn votes_;
  std::vector<std::int64_t> asked_;
  absl::flat_hash_map<std::string, int> seen_;
  int max_repeats_ = 0;
  int detail_calls_ = 0;
  std::int64_t detail_questions_ = 0;
  int ask_calls_ = 0;
  int table_calls_ = 0;
};

// Random acyclic prerequisites over n proposals: a random order of the
// proposals, and each later one requires each earlier one with probability p
// (so prerequisites point both ways in draft order).
std::vector<std::vector<int>> RandomPrerequisites(int n, double p,
                                                  std::mt19937& random);

// A deterministic pseudo-random number from its arguments.
std::uint64_t Mix(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
                  std::uint64_t d = 0);

}  // namespace concert::coordinator::testing

#endif  // CONCERT_TESTS_SUPPORT_FAKE_VOTE_SOURCE_H_
