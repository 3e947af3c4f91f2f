#include "services/coordinator/core/cast_vote.h"

#include "absl/strings/str_cat.h"

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

}  // namespace concert::coordinator
