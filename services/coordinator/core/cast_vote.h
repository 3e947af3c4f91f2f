// The one conversion of a party's answer into the vote a session reports and
// records (v1::CastVote). The session runner and the ledger both use it, so
// what a client sees and what the record holds cannot disagree.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_CAST_VOTE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_CAST_VOTE_H_

#include <cstdint>
#include <span>
#include <string>

#include "concert/v1/session.pb.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

// Party `party_id`'s answer to a one-question ask: the vote with its utility
// change, rationale and conditions (when details came), attempts and
// latency. A party that did not answer — no answer after the retries, not
// exactly one vote, or a vote that is not VOTE_SUPPORT, VOTE_ABSTAIN or
// VOTE_OBJECT — is absent, its vote VOTE_UNSPECIFIED and its rationale
// "unreachable: " and what went wrong.
v1::CastVote CastVoteOf(const std::string& party_id,
                        const PartyAnswers& answers);

// Whether `vote` is one a party may cast: VOTE_SUPPORT, VOTE_ABSTAIN or
// VOTE_OBJECT.
bool IsCastableVote(int vote);

// Copies a batch's votes into one byte each and says whether every one is
// castable (IsCastableVote). One pass without a call or a branch per vote:
// a lattice ask's results are tens of thousands of votes a party.
bool CopyCastableVotes(std::span<const int> votes, std::uint8_t* out);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_CAST_VOTE_H_
