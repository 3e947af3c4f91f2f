// A VoteSource over the built-in interest model of each party of a scenario,
// in this process, with no network. It serves unit tests and is the
// performance baseline of exploration (the ceiling the gRPC path is measured
// against) — never the product's path to the parties.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_IN_PROCESS_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_IN_PROCESS_VOTE_SOURCE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "concert/v1/scenario.pb.h"
#include "services/coordinator/core/vote_source.h"
#include "services/party/core/interest_model.h"

namespace concert::coordinator {

class InProcessVoteSource : public VoteSource {
 public:
  struct Options {
    // Threads answering one batch (the calling thread included). 1 answers
    // on the caller's thread only.
    int threads = 2;
    // Batches of fewer party-questions than this are answered on the
    // caller's thread: starting a thread costs more than they do.
    std::int64_t parallel_min_work = 8192;
  };

  // Parties of `scenario`, in scenario order, each with its own built-in
  // interest model (PartySpec.interests and its variants).
  explicit InProcessVoteSource(v1::Scenario scenario);
  InProcessVoteSource(v1::Scenario scenario, Options options);

  int party_count() const override { return scenario_.parties_size(); }
  const std::string& party_id(int i) const override {
    return scenario_.parties(i).id();
  }
  // The built-in model votes by set.
  v1::Memory party_memory(int) const override { return v1::MEMORY_SET; }

  // Compiles every party's model under the context's variant (a scenario
  // variant the party has no profile for leaves it at its baseline), its own
  // overlay and the context's perturbation against the draft and initial
  // state — exactly as party::PartyService tables it (party::CompileTabled),
  // so both give the same votes. A party whose model does not compile (or
  // whose overlay cannot be applied) is unreachable afterwards; the call
  // fails with that party's error only when no party compiles.
  // INVALID_ARGUMENT when the context has no draft, or an overlay names no
  // party of the scenario or the same party as another.
  absl::Status Table(const TableContext& context) override;

  // Answers by the compiled models; history is ignored (SET memory).
  // FAILED_PRECONDITION before a successful Table; INVALID_ARGUMENT when a
  // question names a proposal outside the tabled draft. Big batches are
  // split across Options::threads threads by question ranges. Safe to call
  // from one thread at a time.
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;

 private:
  // Answers questions [begin, end) for every party in `parties` into `out`
  // (already sized).
  void AnswerRange(std::span<const Question> questions, std::size_t begin,
                   std::size_t end, bool details, std::span<const int> parties,
                   std::vector<PartyAnswers>* out) const;

  v1::Scenario scenario_;
  Options options_;
  int proposals_ = -1;  // size of the tabled draft; -1 before Table
  std::vector<std::optional<party::CompiledModel>> models_;
  std::vector<std::string> errors_;  // per party, why it has no model
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_IN_PROCESS_VOTE_SOURCE_H_
