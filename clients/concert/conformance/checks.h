// The conformance checks, one function each, in the order `concert
// conformance` runs them. Each asks the party through a PartyClient (every
// call under the client's deadline) and returns one CheckResult; the later
// checks take what the earlier ones learned (the Describe answer, the
// digest, the Evaluate votes) as arguments, so each can be run on its own.
// The contract they check is the one stated in proto/concert/v1/party.proto.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_CHECKS_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "clients/concert/conformance/check_result.h"
#include "clients/concert/conformance/party_client.h"
#include "clients/concert/conformance/questions.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/draft_index.h"

namespace concert::conformance {

// The checks' names, as printed.
inline constexpr char kHealth[] = "health";
inline constexpr char kDescribe[] = "describe";
inline constexpr char kTable[] = "table";
inline constexpr char kEvaluate[] = "evaluate";
inline constexpr char kEvaluateStream[] = "evaluate-stream";
inline constexpr char kSetMemory[] = "set-memory";
inline constexpr char kLatticeRange[] = "lattice-range";
inline constexpr char kInvalidQuestions[] = "invalid-questions";

// Whether a vote number is one a party may send: SUPPORT, ABSTAIN, OBJECT.
bool IsValidVote(int vote);
// "SUPPORT", or "vote 7 (not SUPPORT, ABSTAIN or OBJECT)".
std::string VoteText(int vote);

// grpc.health.v1 Check of the whole server answers SERVING.
CheckResult CheckHealth(PartyClient& client);

// Describe answers with a non-empty party id — `expected_party` when that is
// not empty, else one of the scenario's parties — a version, `memory` set
// (MEMORY_UNSPECIFIED is read as MEMORY_HISTORY), and only variants the
// scenario declares. `described` receives the answer when there is one.
CheckResult CheckDescribe(PartyClient& client, const v1::Scenario& scenario,
                          const std::string& expected_party,
                          std::optional<v1::DescribeResponse>* described);

// Table answers a non-empty digest, and the same digest when the same
// request is tabled again. Tabled under `unserved_variant` (a variant the
// party does not list in Describe, see UnservedVariant), the request is
// refused with INVALID_ARGUMENT — or answered with a digest when Describe
// set baseline_for_other_variants. That part is not asked when `described`
// is nullopt (Describe did not answer). `digest` receives the first digest
// (empty when Table failed).
CheckResult CheckTable(PartyClient& client, const v1::TableRequest& request,
                       const std::optional<v1::DescribeResponse>& described,
                       const std::string& unserved_variant,
                       std::string* digest);

// Every question is answered by Evaluate with SUPPORT, ABSTAIN or OBJECT.
// `votes` receives the vote number per question (0 where none came back).
CheckResult CheckEvaluate(PartyClient& client, const DraftIndex& index,
                          const std::string& digest,
                          const std::vector<Question>& questions,
                          std::vector<int>* votes);

// What the evaluate-stream check learned of the party's stream.
enum class StreamSupport {
  kConforming,     // every batch answered as the contract says
  kUnimplemented,  // UNIMPLEMENTED: the coordinator asks with Evaluate
  kFaulty,         // anything else
};

// The questions in several batches written at once, under distinct request
// ids, some with details: each batch answered once under its own id, one
// valid vote per question (and one detail per question, with the same vote,
// when asked), within the deadline, agreeing with `evaluate_votes` (the
// Evaluate check's votes; 0 entries are not compared). `with_history` sends
// each question's order of adoption, as the coordinator does for parties
// whose votes may depend on it. UNIMPLEMENTED passes with a note.
CheckResult CheckEvaluateStream(PartyClient& client, const DraftIndex& index,
                                const std::string& digest,
                                const std::vector<Question>& questions,
                                const std::vector<int>& evaluate_votes,
                                bool with_history, StreamSupport* support);

// For a party that declares MEMORY_SET: the same set adopted in different
// admissible orders gets the same votes (asked with Evaluate). Skipped for
// any other memory (`memory` nullopt: Describe did not answer).
CheckResult CheckSetMemory(PartyClient& client, const DraftIndex& index,
                           const std::string& digest,
                           std::optional<v1::Memory> memory);

// For a party whose Describe sets answers_lattice and MEMORY_SET, and whose
// stream passed evaluate-stream (`support`): the first few hundred questions
// of the draft's lattice order (services/common/lattice_order.h), sent as a
// few ranges (EvaluateBatch.lattice_first / lattice_count) and once by set
// on one stream, get lattice_count valid votes per range, equal to the votes
// by set; a range past the lattice's end (asked when the lattice has fewer
// than kMaxLatticeWalk questions) gets `error` and no votes; a range after
// it is still answered. Skipped, with a note, for any other party.
CheckResult CheckLatticeRange(
    PartyClient& client, const DraftIndex& index, const std::string& digest,
    const std::optional<v1::DescribeResponse>& described,
    StreamSupport support);

// Questions a party cannot take get refused, not answered: an unknown digest
// (FAILED_PRECONDITION, or a stream result whose error mentions "digest"),
// an unknown proposal or adopted id (INVALID_ARGUMENT), and over the stream
// an index out of range, a set beyond the draft, set_words the party does
// not support, sets and proposals of different lengths (a result with
// `error`, no votes). The party must still answer afterwards. The stream
// cases are asked only of a stream that passed evaluate-stream (`support`).
CheckResult CheckInvalidQuestions(PartyClient& client, const DraftIndex& index,
                                  const std::string& digest,
                                  StreamSupport support);

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_CHECKS_H_
