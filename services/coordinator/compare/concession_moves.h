// The moves of a concession search (concession.h): what each objecting
// party could concede, learnt from the reasons it gave for its objections.
// Internal to the search.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_CONCESSION_MOVES_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_CONCESSION_MOVES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/v1/compare.pb.h"
#include "services/coordinator/compare/concession.h"

namespace concert::coordinator {

// A search considers at most this many moves (a move set is one word).
inline constexpr int kMaxMoves = 64;

struct ConcessionMoves {
  // Most frequent objections first; at most kMaxMoves.
  std::vector<v1::ConcessionMove> moves;
  // Party index of each move.
  std::vector<int> party;
  // Per party index: the mask of its moves.
  std::vector<std::uint64_t> of_party;
  // Moves found beyond kMaxMoves, dropped (the rarest).
  int dropped = 0;
};

// Asks every party that objects on a failing question (under input.forum
// and the baseline columns) for the details of those objections, at most
// input.max_detailed_questions per party, and turns each into a move:
// lift the rule it names, or concede the proposal when it names none.
absl::StatusOr<ConcessionMoves> CollectMoves(const ConcessionInput& input);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_CONCESSION_MOVES_H_
