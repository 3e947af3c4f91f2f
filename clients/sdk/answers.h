// How the SDK turns a party's answers into the wire's, checking the
// questions on the way in and the answers on the way out: a question the
// party cannot take is refused, and an answer that is not a vote is never
// sent as one.
#ifndef CONCERT_CLIENTS_SDK_ANSWERS_H_
#define CONCERT_CLIENTS_SDK_ANSWERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/sdk/party.h"
#include "concert/v1/party.pb.h"

namespace concert::sdk::internal {

// Whether `vote` is one a party may give (SUPPORT, ABSTAIN, OBJECT).
bool IsVote(int vote);

// The message for a digest the party does not know; says "digest", as the
// contract asks, so that the coordinator tables the draft again.
std::string UnknownDigest(const std::string& digest);

// One unary question (EvaluateRequest) about `draft`: INVALID_ARGUMENT for
// an unknown proposal or adopted id, an id adopted twice or a proposal
// already adopted; INTERNAL when the party gives no vote or throws.
absl::StatusOr<v1::EvaluateResponse> AnswerOne(
    const Party& party, const Draft& draft, const v1::EvaluateRequest& request);

// Answers one batch about `draft` (null: the batch's digest is unknown) into
// `result`, whose request_id the caller sets: exactly one vote per question
// in question order, and one EvaluateResponse each when `details` is set.
// A malformed batch (unknown digest, set_words other than 1, sets, proposals
// or history of lengths that disagree, an index out of range, a proposal in
// its own set, a history that is not its set), a party that gives no vote or
// throws: `error` set, no votes, no details.
void AnswerBatch(const Party& party, const Draft* draft,
                 const v1::EvaluateBatch& batch,
                 v1::EvaluateBatchResult* result);

}  // namespace concert::sdk::internal

#endif  // CONCERT_CLIENTS_SDK_ANSWERS_H_
