// Two analyses over a stored consensus graph, answered without asking any
// party: the best consensus sequences, and whether a given order of
// adoption reaches consensus (and where it fails if not).
//
// The graph (v1::ConsensusGraph) holds the reachable sets as nodes and only
// the passing steps as edges, with their tallies. Proposal indices on edges
// are positions in `draft`; the empty set and the full draft are the start
// and the goal.
#ifndef CONCERT_SERVICES_COORDINATOR_RECORDS_SEQUENCES_H_
#define CONCERT_SERVICES_COORDINATOR_RECORDS_SEQUENCES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace concert::coordinator {

// Up to `limit` consensus sequences (paths from the empty set to the full
// draft), best first: most SUPPORT votes along the path; ties in draft order
// (the lexicographically smallest sequence of draft positions first). Each
// carries its support_votes. Empty when the graph does not reach the full
// draft. Cost: one pass over the graph for the best remaining support from
// every node, then a best-first walk that expands O(limit × N) prefixes.
// INVALID_ARGUMENT for limit <= 0, a draft DraftIndex rejects, or a graph
// with out-of-range indices, duplicate sets or a cycle.
absl::StatusOr<std::vector<v1::Sequence>> ConsensusSequences(
    const v1::ConsensusGraph& graph, const v1::CharterDraft& draft, int limit);

// What CheckSequence found.
struct SequenceCheck {
  enum class Verdict {
    // Every step passes and the whole draft is adopted.
    kConsensus,
    // Every step passes but proposals remain unadopted: the order was a
    // prefix. `completable` and `most_after` say how far it can go on.
    kIncomplete,
    // A step names no proposal of the draft.
    kUnknownProposal,
    // A step names a proposal already adopted.
    kRepeated,
    // A step may not be tabled yet: prerequisites or (STRICT) stage order.
    kInadmissible,
    // A step is admissible but no passing edge leaves the set: the decision
    // rule fails there.
    kFailsRule,
  };
  Verdict verdict = Verdict::kConsensus;
  bool consensus() const { return verdict == Verdict::kConsensus; }
  // 1-based number of the failing step (0 when no step fails).
  int step = 0;
  // The failing step's proposal id (as given).
  std::string proposal;
  // One line, e.g. "fails the decision rule at step 3 (proposal P4)".
  std::string reason;
  // kInadmissible: the unadopted prerequisites, or "stage S1 incomplete".
  std::vector<std::string> waiting_on;
  // kFailsRule: the parties the exploration's blockers name for the
  // proposal (objections anywhere in the lattice, most frequent first);
  // empty when the blockers do not list it.
  std::vector<std::string> parties;
  // Steps that passed, and the SUPPORT votes cast along them.
  int steps_passed = 0;
  std::int64_t support_votes = 0;
  // kIncomplete: whether some consensus path leads on from where the order
  // stops to the full draft, and the most proposals any path from there
  // adopts in all (the prefix's own steps included).
  bool completable = false;
  int most_after = 0;
};

// Follows `order` (proposal ids) from the empty set through `graph`.
// `blockers` (an exploration's result.blockers) names the objecting
// parties of a failing step. Errors as ConsensusSequences (graph and draft);
// also INVALID_ARGUMENT when the graph has no empty-set node.
absl::StatusOr<SequenceCheck> CheckSequence(
    const v1::ConsensusGraph& graph, const v1::CharterDraft& draft,
    const std::vector<std::string>& order,
    const google::protobuf::RepeatedPtrField<v1::BlockerStat>& blockers);

// The same over a stored exploration: its graph and its blockers.
absl::StatusOr<SequenceCheck> CheckSequence(
    const v1::Exploration& result, const v1::CharterDraft& draft,
    const std::vector<std::string>& order);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RECORDS_SEQUENCES_H_
