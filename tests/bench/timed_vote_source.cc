#include "tests/bench/timed_vote_source.h"

#include <chrono>

namespace concert::bench {
namespace {

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

absl::Status TimedVoteSource::Table(const coordinator::TableContext& context) {
  const auto start = std::chrono::steady_clock::now();
  coordinator::TableContext perturbed = context;
  perturbed.perturbation = perturbation_;
  absl::Status status = inner_.Table(perturbed);
  times_.table_ms += MsSince(start);
  return status;
}

absl::Status TimedVoteSource::Ask(
    std::span<const coordinator::Question> questions, bool details,
    std::uint64_t ask, std::vector<coordinator::PartyAnswers>* out) {
  return Clocked(questions.size(),
                 [&] { return inner_.Ask(questions, details, ask, out); });
}

absl::Status TimedVoteSource::AskLattice(
    const coordinator::LatticePrefix& questions, std::uint64_t ask,
    std::vector<coordinator::PartyAnswers>* out,
    const coordinator::LatticeProgress& progress) {
  return Clocked(questions.size(), [&] {
    return inner_.AskLattice(questions, ask, out, progress);
  });
}

absl::Status TimedVoteSource::Clocked(std::size_t questions,
                                      absl::FunctionRef<absl::Status()> call) {
  const auto start = std::chrono::steady_clock::now();
  absl::Status status = call();
  times_.ask_ms += MsSince(start);
  ++times_.ask_calls;
  times_.questions += static_cast<std::int64_t>(questions);
  return status;
}

}  // namespace concert::bench
