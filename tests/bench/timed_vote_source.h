// A VoteSource that forwards to another and clocks every call, so that an
// exploration's wall time splits into time spent waiting for the parties
// (Table, Ask: transport plus the parties' work) and time spent in the
// explorer itself (everything else). It can also table every draft with a
// perturbation, as a robustness study's sample does (Explore() tables
// without one).
#ifndef CONCERT_TESTS_BENCH_TIMED_VOTE_SOURCE_H_
#define CONCERT_TESTS_BENCH_TIMED_VOTE_SOURCE_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::bench {

struct SourceTimes {
  double table_ms = 0;
  double ask_ms = 0;
  std::int64_t ask_calls = 0;
  std::int64_t questions = 0;  // questions passed to Ask (not x parties)
};

class TimedVoteSource : public coordinator::VoteSource {
 public:
  // `inner` must outlive this source.
  explicit TimedVoteSource(coordinator::VoteSource& inner) : inner_(inner) {}

  int party_count() const override { return inner_.party_count(); }
  const std::string& party_id(int i) const override {
    return inner_.party_id(i);
  }
  v1::Memory party_memory(int i) const override {
    return inner_.party_memory(i);
  }
  absl::Status Table(const coordinator::TableContext& context) override;
  absl::Status Ask(std::span<const coordinator::Question> questions,
                   bool details, std::uint64_t ask,
                   std::vector<coordinator::PartyAnswers>* out) override;
  // Clocked from call to return: with a progressive source the explorer
  // runs it on another thread, so this time overlaps the explorer's.
  absl::Status AskLattice(
      const coordinator::LatticePrefix& questions, std::uint64_t ask,
      std::vector<coordinator::PartyAnswers>* out,
      const coordinator::LatticeProgress& progress) override;
  bool answers_progressively() const override {
    return inner_.answers_progressively();
  }

  const SourceTimes& times() const { return times_; }
  // Tables from now on with `perturbation` (the default message: none).
  void set_perturbation(const v1::Perturbation& perturbation) {
    perturbation_ = perturbation;
  }

 private:
  // Runs one ask of `questions` questions, adding its time to times_.
  absl::Status Clocked(std::size_t questions,
                       absl::FunctionRef<absl::Status()> call);

  coordinator::VoteSource& inner_;
  SourceTimes times_;
  v1::Perturbation perturbation_;
};

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_TIMED_VOTE_SOURCE_H_
