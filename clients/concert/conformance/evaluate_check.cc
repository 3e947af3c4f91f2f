// The evaluate check: the unary question the sessions ask, one per round.
// Every question gets one of the three votes, within the deadline; anything
// else makes the party absent from that round.
#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"
#include "services/common/names.h"

namespace concert::conformance {

bool IsValidVote(int vote) {
  return vote == v1::VOTE_SUPPORT || vote == v1::VOTE_ABSTAIN ||
         vote == v1::VOTE_OBJECT;
}

std::string VoteText(int vote) {
  if (IsValidVote(vote)) {
    return std::string(VoteName(static_cast<v1::Vote>(vote)));
  }
  return absl::StrCat("vote ", vote, " (not SUPPORT, ABSTAIN or OBJECT)");
}

CheckResult CheckEvaluate(PartyClient& client, const DraftIndex& index,
                          const std::string& digest,
                          const std::vector<Question>& questions,
                          std::vector<int>* votes) {
  votes->assign(questions.size(), 0);
  ProblemList problems;
  std::array<int, 4> tally = {0, 0, 0, 0};
  auto slowest = std::chrono::milliseconds(0);
  NoAnswerStreak streak;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const v1::EvaluateRequest request =
        EvaluateRequestFor(questions[q], index, digest);
    v1::EvaluateResponse response;
    const auto began = std::chrono::steady_clock::now();
    const grpc::Status status = client.Evaluate(request, &response);
    slowest =
        std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - began));
    const std::string text = QuestionText(questions[q], index);
    if (!status.ok()) {
      problems.Add(absl::StrCat(text, ": ", StatusText(status)));
      if (streak.GiveUp(status)) {
        problems.Add(NoAnswerStreak::kStopped);
        break;
      }
      continue;
    }
    streak.GiveUp(status);
    if (!IsValidVote(response.vote())) {
      problems.Add(absl::StrCat(text, ": ", VoteText(response.vote())));
      continue;
    }
    (*votes)[q] = response.vote();
    ++tally[response.vote()];
  }
  if (!problems.empty()) {
    return Fail(kEvaluate,
                absl::StrCat(problems.count(), " of ", questions.size(),
                             " questions: ", problems.Summary()));
  }
  return Pass(kEvaluate,
              absl::StrCat(questions.size(), " questions answered (",
                           tally[v1::VOTE_SUPPORT], " SUPPORT, ",
                           tally[v1::VOTE_ABSTAIN], " ABSTAIN, ",
                           tally[v1::VOTE_OBJECT], " OBJECT), slowest ",
                           slowest.count(), " ms"));
}

}  // namespace concert::conformance
