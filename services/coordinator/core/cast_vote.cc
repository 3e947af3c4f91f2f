#include "services/coordinator/core/cast_vote.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace concert::coordinator {

bool IsCastableVote(int vote) {
  return vote == v1::VOTE_SUPPORT || vote == v1::VOTE_ABSTAIN ||
         vote == v1::VOTE_OBJECT;
}

bool CopyCastableVotes(std::span<const int> votes, std::uint8_t* out) {
  static_assert(v1::VOTE_SUPPORT == 1 && v1::VOTE_ABSTAIN == 2 &&
                v1::VOTE_OBJECT == 3);
  // Castable votes are 1, 2 and 3: v - 1 below 3 as unsigned (0 and
  // negatives wrap past it).
  unsigned bad = 0;
  for (std::size_t k = 0; k < votes.size(); ++k) {
    const auto v = static_cast<unsigned>(votes[k]);
    bad |= static_cast<unsigned>(v - 1u >= 3u);
    out[k] = static_cast<std::uint8_t>(v);
  }
  return bad == 0;
}

v1::CastVote CastVoteOf(const std::string& party_id,
                        const PartyAnswers& answers) {
  v1::CastVote cast;
  cast.set_party(party_id);
  cast.set_attempts(answers.attempts);
  cast.set_latency_us(answers.latency_us);
  cast.set_replayed(answers.replayed);
  std::string failure;
  if (!answers.answered || answers.votes.size() != 1) {
    failure = answers.error.empty() ? "no answer" : answers.error;
  } else if (!IsCastableVote(answers.votes[0])) {
    failure = absl::StrCat("invalid vote ", answers.votes[0]);
  }
  if (!failure.empty()) {
    cast.set_absent(true);
    cast.set_rationale(absl::StrCat("unreachable: ", failure));
    return cast;
  }
  cast.set_vote(static_cast<v1::Vote>(answers.votes[0]));
  if (answers.details.size() == 1) {
    const VoteDetail& detail = answers.details[0];
    cast.set_utility_change(detail.utility_change);
    cast.set_rationale(detail.rationale);
    for (const auto& c : detail.conditions) cast.add_conditions(c);
    cast.set_statement(detail.statement);
  }
  return cast;
}

bool TakeEvaluateResponse(const std::string& party_id,
                          const v1::EvaluateResponse& response,
                          PartyAnswers* answers) {
  answers->answered = false;
  if (!IsCastableVote(response.vote())) {
    answers->error =
        absl::StrCat("party ", party_id, " answered an invalid vote (",
                     static_cast<int>(response.vote()), ")");
    return false;
  }
  // A NaN reached the record as NULL and failed the session there with a
  // raw SQL error (tests/fuzz/regressions/fuzz_party_answers/); infinities
  // mean nothing either.
  if (!std::isfinite(response.utility_change())) {
    answers->error = absl::StrCat(
        "party ", party_id, " answered a utility change that is not a number (",
        response.utility_change(), ")");
    return false;
  }
  if (absl::Status bad = CheckPeerMessage(
          response, absl::StrCat("party ", party_id, "'s answer"));
      !bad.ok()) {
    answers->error = std::string(bad.message());
    return false;
  }
  answers->answered = true;
  answers->error.clear();
  answers->votes.assign(1, static_cast<std::uint8_t>(response.vote()));
  VoteDetail d;
  d.utility_change = response.utility_change();
  d.rationale = response.rationale();
  d.conditions.assign(response.conditions().begin(),
                      response.conditions().end());
  d.rule = response.rule();
  d.statement = response.statement();
  answers->details.clear();
  answers->details.push_back(std::move(d));
  return true;
}

std::string TakeBatchResult(const std::string& who, std::size_t batch,
                            std::size_t size, bool details,
                            v1::EvaluateBatchResult& result,
                            std::uint8_t* votes, VoteDetail* details_out) {
  if (static_cast<std::size_t>(result.votes_size()) != size) {
    return absl::StrCat(who, " answered batch ", batch, " with ",
                        result.votes_size(), " votes for its ", size,
                        " questions (one vote per question, in order)");
  }
  if (details && static_cast<std::size_t>(result.details_size()) != size) {
    return absl::StrCat(who, " answered batch ", batch, " with ",
                        result.details_size(), " details for its ", size,
                        " questions (details were asked for: one per "
                        "question)");
  }
  if (!CopyCastableVotes(std::span<const int>(result.votes().data(), size),
                         votes)) {
    return absl::StrCat(who, " answered an invalid vote");
  }
  if (details) {
    // Rationales and statements reach transcripts and records, utilities
    // the records' columns: each answer is checked as any peer's message
    // (finite numbers, text without control characters) before one is kept.
    for (std::size_t k = 0; k < size; ++k) {
      if (absl::Status bad =
              CheckPeerMessage(result.details(static_cast<int>(k)),
                               absl::StrCat(who, "'s answer in batch ", batch));
          !bad.ok()) {
        return std::string(bad.message());
      }
    }
    for (std::size_t k = 0; k < size; ++k) {
      v1::EvaluateResponse& d = *result.mutable_details(static_cast<int>(k));
      VoteDetail& detail = details_out[k];
      detail.utility_change = d.utility_change();
      detail.rationale = std::move(*d.mutable_rationale());
      detail.conditions.assign(d.conditions().begin(), d.conditions().end());
      detail.rule = std::move(*d.mutable_rule());
      detail.statement = std::move(*d.mutable_statement());
    }
  }
  return "";
}

}  // namespace concert::coordinator
