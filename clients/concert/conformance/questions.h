// The questions the conformance checks ask, chosen from the draft alone (no
// gRPC here): every proposal on the empty adoption, proposals after prefixes
// of an admissible order, the same sets reached in different admissible
// orders, and the requests and batches that carry them.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_QUESTIONS_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_QUESTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "concert/v1/charter.pb.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/draft_index.h"

namespace concert::conformance {

// One question: would the party accept proposal `proposal` after the
// proposals `adopted`, adopted in that order? Indices into the draft.
struct Question {
  std::vector<int> adopted;
  int proposal = 0;
};

// "p after {a,b}", as a party author would read it in a log.
std::string QuestionText(const Question& question, const DraftIndex& index);

// The set of the question's adopted proposals.
ProposalSet AdoptedSet(const Question& question);

// Every proposal on the empty adoption, then up to three of the proposals
// open after a few prefixes (1, 2, a quarter, half, three quarters, all but
// one) of an admissible order.
std::vector<Question> ConformanceQuestions(const DraftIndex& index);

// How OrderWithin chooses among the proposals open at each step.
enum class Pick { kLowest, kHighest, kShuffled };

// An admissible order (each proposal open when adopted, per
// DraftIndex::Candidates) adopting exactly `target`; nullopt when none is
// found this way. kShuffled picks with a generator seeded by `seed`.
std::optional<std::vector<int>> OrderWithin(const DraftIndex& index,
                                            ProposalSet target, Pick pick,
                                            std::uint32_t seed = 0);

// One adopted set, reached by several different admissible orders, and the
// proposals to ask about after it.
struct SetProbe {
  ProposalSet set = 0;
  std::vector<std::vector<int>> orders;  // at least two, all different
  std::vector<int> proposals;
};

// Up to `max_sets` probes spread over the draft; empty when the draft
// admits one order only for every prefix tried.
std::vector<SetProbe> SetMemoryProbes(const DraftIndex& index, int max_sets);

// The Table request of the checks: the draft under the baseline, in the
// scenario's initial state.
v1::TableRequest BaselineTableRequest(const v1::Scenario& scenario,
                                      const v1::CharterDraft& draft);

// A variant name that neither the scenario declares nor the party lists in
// Describe ("conformance-no-such-variant", numbered when that is taken): the
// table check tables under it to see how the party treats a variant it does
// not serve.
std::string UnservedVariant(const v1::Scenario& scenario,
                            const v1::DescribeResponse& described);

// The Evaluate request for `question` about the draft tabled as `digest`.
// It carries no `table`: the checks tabled the draft themselves, so the
// party must know the digest.
v1::EvaluateRequest EvaluateRequestFor(const Question& question,
                                       const DraftIndex& index,
                                       const std::string& digest);

// A one-word-set batch asking `questions` (with each question's order of
// adoption in `history` when `with_history`).
v1::EvaluateBatch BatchFor(const std::vector<Question>& questions,
                           std::uint64_t request_id, const std::string& digest,
                           bool details, bool with_history);

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_QUESTIONS_H_
