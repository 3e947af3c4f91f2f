// The smallest concession that unlocks a charter: for a forum whose full
// charter is out of reach, the smallest sets of moves — a party lifting one
// of its red lines, or conceding one proposal — after which some order
// adopts every proposal.
//
// The moves come from what the parties said when they objected: every
// (party, question) objection over the draft's admissible questions is asked
// again with details, once, and its EvaluateResponse.rule names the rule to
// lift (a party that names none is offered "concede this proposal" instead),
// with its conditions ("adopt verif_mechanism") kept for the report. A move
// set is tried by tabling the draft with each conceding party's overlay
// (PartyOverlay: lift_rules, tolerate) and asking only those parties again;
// a party's column under each of its own move subsets is kept, so a move set
// costs at most one round trip per party whose subset is new.
//
// The search tries every set of 1, 2, … up to `exact_size` moves (most
// frequent objections first) and stops at the first size that unlocks the
// charter, reporting every set of that size: exact, so no smaller set
// exists among the moves. Beyond `exact_size` it is best-first (the sets
// that let the forum adopt most come first), within `budget` tries, and
// each set found is shrunk while a move can be dropped; it then reports
// the smallest it found and says that the search was not exhaustive.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_CONCESSION_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_CONCESSION_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "services/coordinator/compare/vote_columns.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

struct ConcessionInput {
  VoteSource* source = nullptr;
  const QuestionTable* table = nullptr;
  // The draft, variant and initial state (no perturbation, no overlays).
  TableContext context;
  const ForumContext* forum = nullptr;
  // Every present party's column under `context`.
  const std::vector<VoteColumn>* baseline = nullptr;
  // Sizes tried exhaustively, and move sets tried in all.
  std::uint32_t exact_size = 3;
  std::uint32_t budget = 2000;
  // Detailed questions asked per party to learn the moves.
  std::uint64_t max_detailed_questions = 20000;
};

// Called after each try with the tries done; returning false cancels.
using TryTick = std::function<bool(std::uint64_t tried)>;

// Searches; the result names the draft's id and the variant, and the rule
// of the forum. UNAVAILABLE when a party fails to answer.
absl::StatusOr<v1::ConcessionSearch> SearchConcession(
    const ConcessionInput& input, const TryTick& tick = nullptr);

// The overlays that apply `moves`: one PartyOverlay per conceding party.
std::vector<v1::PartyOverlay> OverlaysOf(
    const google::protobuf::RepeatedPtrField<v1::ConcessionMove>& moves);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_CONCESSION_H_
