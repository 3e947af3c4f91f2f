// The evaluate-stream check: the bulk path explorations use. Several batches
// go out at once under distinct request ids (one above 2^32, to catch ids
// narrowed on the way), some asking for details; the answers are matched by
// id, as the coordinator matches them, and held against the Evaluate votes
// for the same questions.
#include <array>
#include <map>

#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"

namespace concert::conformance {
namespace {

// Distinct, out of order, and one that does not fit 32 bits.
constexpr std::array<std::uint64_t, 4> kRequestIds = {
    7, (std::uint64_t{1} << 33) + 5, 3, 424242};

struct PlannedBatch {
  std::vector<std::size_t> questions;  // indices into the check's questions
  bool details = false;
  bool answered = false;
};

// Checks one result against its batch; problems go to `problems`.
void CheckResultOf(const v1::EvaluateBatchResult& result,
                   const PlannedBatch& batch, const DraftIndex& index,
                   const std::vector<Question>& questions,
                   const std::vector<int>& evaluate_votes,
                   ProblemList* problems) {
  const std::string name = absl::StrCat("batch ", result.request_id());
  const int size = static_cast<int>(batch.questions.size());
  if (!result.error().empty()) {
    problems->Add(absl::StrCat(name, " refused: ", result.error()));
    return;
  }
  if (result.votes_size() != size) {
    problems->Add(absl::StrCat(name, " answered with ", result.votes_size(),
                               " votes for its ", size,
                               " questions (one vote per question, in order)"));
    return;
  }
  if (batch.details && result.details_size() != size) {
    problems->Add(absl::StrCat(name, " answered with ", result.details_size(),
                               " details for its ", size,
                               " questions (details were asked for: one per "
                               "question)"));
  }
  if (!batch.details && result.details_size() != 0) {
    problems->Add(absl::StrCat(name, " answered with ", result.details_size(),
                               " details, which were not asked for"));
  }
  for (int i = 0; i < size; ++i) {
    const std::size_t q = batch.questions[i];
    const std::string where = absl::StrCat(
        name, " question ", i, " (", QuestionText(questions[q], index), ")");
    const int vote = result.votes(i);
    if (!IsValidVote(vote)) {
      problems->Add(absl::StrCat(where, ": ", VoteText(vote)));
      continue;
    }
    if (batch.details && i < result.details_size() &&
        result.details(i).vote() != vote) {
      problems->Add(absl::StrCat(where, ": details say ",
                                 VoteText(result.details(i).vote()),
                                 ", votes say ", VoteText(vote)));
    }
    if (evaluate_votes[q] != 0 && evaluate_votes[q] != vote) {
      problems->Add(absl::StrCat(where, ": the stream says ", VoteText(vote),
                                 ", Evaluate said ",
                                 VoteText(evaluate_votes[q])));
    }
  }
}

}  // namespace

CheckResult CheckEvaluateStream(PartyClient& client, const DraftIndex& index,
                                const std::string& digest,
                                const std::vector<Question>& questions,
                                const std::vector<int>& evaluate_votes,
                                bool with_history, StreamSupport* support) {
  *support = StreamSupport::kFaulty;
  // The questions dealt round-robin into the batches; every other batch
  // asks for details.
  const std::size_t count = std::min(kRequestIds.size(), questions.size());
  std::map<std::uint64_t, PlannedBatch> planned;
  for (std::size_t b = 0; b < count; ++b) {
    planned[kRequestIds[b]].details = b % 2 == 0;
  }
  for (std::size_t q = 0; q < questions.size(); ++q) {
    planned[kRequestIds[q % count]].questions.push_back(q);
  }
  std::vector<v1::EvaluateBatch> batches;
  for (std::size_t b = 0; b < count; ++b) {
    const PlannedBatch& plan = planned[kRequestIds[b]];
    std::vector<Question> asked;
    for (std::size_t q : plan.questions) asked.push_back(questions[q]);
    batches.push_back(
        BatchFor(asked, kRequestIds[b], digest, plan.details, with_history));
  }

  const StreamExchange exchange = client.EvaluateStream(batches);
  if (exchange.status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
      exchange.results.empty()) {
    *support = StreamSupport::kUnimplemented;
    return Pass(kEvaluateStream,
                "not implemented: the coordinator falls back to Evaluate "
                "(slower)");
  }

  ProblemList problems;
  for (const v1::EvaluateBatchResult& result : exchange.results) {
    auto it = planned.find(result.request_id());
    if (it == planned.end()) {
      problems.Add(absl::StrCat("answered request id ", result.request_id(),
                                ", which was never sent"));
      continue;
    }
    if (it->second.answered) {
      problems.Add(
          absl::StrCat("answered batch ", result.request_id(), " twice"));
      continue;
    }
    it->second.answered = true;
    CheckResultOf(result, it->second, index, questions, evaluate_votes,
                  &problems);
  }
  int unanswered = 0;
  for (const auto& [id, plan] : planned) {
    if (!plan.answered) ++unanswered;
  }
  if (!exchange.status.ok()) {
    problems.Add(absl::StrCat(
        "the stream ended with ", StatusText(exchange.status), " after ",
        exchange.elapsed.count(), " ms (deadline ", client.deadline().count(),
        " ms), ", unanswered, " of ", count, " batches unanswered"));
  } else if (unanswered > 0) {
    problems.Add(absl::StrCat("the party closed the stream with ", unanswered,
                              " of ", count, " batches unanswered"));
  }
  if (!problems.empty()) return Fail(kEvaluateStream, problems.Summary());
  *support = StreamSupport::kConforming;
  return Pass(kEvaluateStream,
              absl::StrCat(count, " batches of ", questions.size(),
                           " questions (", (count + 1) / 2,
                           " with details) sent at once, each answered once "
                           "under its own id, votes agree with Evaluate, in ",
                           exchange.elapsed.count(), " ms"));
}

}  // namespace concert::conformance
