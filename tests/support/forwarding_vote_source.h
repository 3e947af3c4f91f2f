// A vote source that hands everything to another: the base of the tests'
// wrappers, which override Ask (or Table) to count, hold or fail what passes
// through, and forward the rest without repeating it.
#ifndef CONCERT_TESTS_SUPPORT_FORWARDING_VOTE_SOURCE_H_
#define CONCERT_TESTS_SUPPORT_FORWARDING_VOTE_SOURCE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator::testing {

class ForwardingVoteSource : public VoteSource {
 public:
  // `inner` must outlive this source.
  explicit ForwardingVoteSource(VoteSource& inner) : inner_(inner) {}

  int party_count() const override { return inner_.party_count(); }
  const std::string& party_id(int i) const override {
    return inner_.party_id(i);
  }
  v1::Memory party_memory(int i) const override {
    return inner_.party_memory(i);
  }
  absl::Status Table(const TableContext& context) override {
    return inner_.Table(context);
  }
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    return inner_.Ask(questions, details, ask, out);
  }
  absl::Status AskLattice(const LatticePrefix& questions, std::uint64_t ask,
                          std::vector<PartyAnswers>* out,
                          const LatticeProgress& progress) override {
    return inner_.AskLattice(questions, ask, out, progress);
  }
  bool answers_progressively() const override {
    return inner_.answers_progressively();
  }

 protected:
  VoteSource& inner() { return inner_; }

 private:
  VoteSource& inner_;
};

}  // namespace concert::coordinator::testing

#endif  // CONCERT_TESTS_SUPPORT_FORWARDING_VOTE_SOURCE_H_
