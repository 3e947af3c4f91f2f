// The one conversion of a party's answer into the vote a session reports and
// records (v1::CastVote). The session runner and the ledger both use it, so
// what a client sees and what the record holds cannot disagree.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_CAST_VOTE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_CAST_VOTE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "concert/v1/party.pb.h"
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

// A party's answer to a one-question Evaluate call that returned OK, taken
// as the coordinator takes it: when the vote is castable, `answers` is
// answered with that one vote and its details; else it is not answered and
// `answers->error` says why ("party P answered an invalid vote (7)"; a
// utility change that is NaN or infinite is as invalid).
// Returns whether it was answered. (The gRPC source checks the call's
// status first; this is what it does with a response.)
bool TakeEvaluateResponse(const std::string& party_id,
                          const v1::EvaluateResponse& response,
                          PartyAnswers* answers);

// One batch's result checked against the batch it answers: `size`
// questions, details asked for or not. When it is one castable vote per
// question (and one detail per question when asked, each with a finite
// utility change), copies the votes into
// votes[0 .. size) and, when asked, moves the details into
// details[0 .. size), and returns "". Else returns the fault in words the
// party's author can act on, prefixed with `who` ("party P"), naming batch
// `batch`; `votes` and `details` may then be partly written. (A result with
// `error` set is the party's refusal, not an answer: the caller handles it
// first.)
std::string TakeBatchResult(const std::string& who, std::size_t batch,
                            std::size_t size, bool details,
                            v1::EvaluateBatchResult& result,
                            std::uint8_t* votes, VoteDetail* details_out);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_CAST_VOTE_H_
