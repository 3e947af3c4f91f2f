// The exploration of a charter draft (DESIGN.md, "Exploration"): which of
// its orders of adoption reach consensus at every step — counted exactly,
// for every order, without enumerating the orders.
//
// Three strategies fill the same v1::Exploration:
//   "lattice"   (default for SET-memory parties) walks the lattice of adopted
//               sets level by level from the empty set, asking all questions
//               of a level in one batch; exact.
//   "enumerate" walks every order one by one (a depth-first search); exact,
//               exponential in the draft's size: the reference for tests and
//               benchmarks.
//   "sample"    (default when a present party has HISTORY memory, whose votes
//               may depend on the order, which breaks the lattice) samples
//               orders uniformly among the admissible ones and estimates.
//
// Whatever the strategy, admissible_sequences (the orders the draft allows,
// votes aside) is exact: counted by sequence_count.h (enumeration
// counts the orders it walks). Counts are decimal
// strings of exact big integers (count.h).
//
// The explorer reaches parties only through VoteSource::Table and
// VoteSource::Ask; it never speaks gRPC itself.
#ifndef CONCERT_SERVICES_COORDINATOR_EXPLORE_EXPLORER_H_
#define CONCERT_SERVICES_COORDINATOR_EXPLORE_EXPLORER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

// What is explored. The pointers must outlive the call.
struct ExploreInput {
  const v1::Scenario* scenario = nullptr;
  const v1::CharterDraft* draft = nullptr;
  // Name of one of scenario->variants, or empty for the baseline. The
  // variant's absent parties are not asked; their votes count as absent and
  // the decision rule decides what that means.
  std::string variant;
  // Overrides the scenario's decision rule unless its kind is
  // KIND_UNSPECIFIED.
  v1::DecisionRule rule;
};

struct ExploreOptions {
  // UNSPECIFIED: lattice, or sample when a present party has MEMORY_HISTORY.
  // LATTICE fails (FAILED_PRECONDITION) when a present party has
  // MEMORY_HISTORY; ENUMERATE walks every order one by one (the reference;
  // small drafts only); SAMPLE samples orders uniformly, even for
  // MEMORY_SET parties.
  v1::ExploreStrategy strategy = v1::EXPLORE_STRATEGY_UNSPECIFIED;

  // Budget. Before the explored states (sets kept in memory) would pass
  // max_states, or their estimated memory max_memory_bytes, the exploration
  // stops with RESOURCE_EXHAUSTED naming the level reached and suggesting
  // sampling. The budget bounds states, not proposals: a 40-proposal draft
  // in four strict stages of ten holds ~4 * 2^10 states.
  std::uint64_t max_states = 4'000'000;
  std::uint64_t max_memory_bytes = std::uint64_t{1} << 30;
  // Enumerate only: complete orders walked before RESOURCE_EXHAUSTED.
  std::uint64_t max_sequences = 20'000'000;

  // Questions per VoteSource::Ask call; a level with more is asked in
  // chunks, which bounds the memory of answers in flight.
  std::size_t max_questions_per_ask = std::size_t{1} << 18;

  // Lattice only: when every (set, candidate) question the draft admits
  // numbers at most this many, ask them all in the walk's first Ask — one
  // round trip instead of one per level — and answer the walk from those
  // (explore/prefetch_vote_source.h). 0: never. The default is where asking
  // the extra questions of a sparse lattice still costs less than the round
  // trips saved (docs/performance.md). The result is the same either way,
  // questions_asked included (the questions the walk needed).
  std::uint64_t ask_ahead_max_questions = 32768;
  // Over a source that answers progressively, a table of at least this many
  // questions is asked ahead under the walk, on a thread of its own (below,
  // a thread costs more than the overlap saves).
  std::uint64_t ask_ahead_overlap_min_questions = 4096;

  // Sampling: sequences drawn and the seed of the generator.
  std::uint64_t samples = 2000;
  std::uint64_t seed = 1;

  // Fill Exploration.graph (lattice only). A big lattice makes a big
  // message: ~10 bytes per node and per edge.
  bool include_graph = false;
  // Compute Exploration.veto_power (each party's world, its objections set
  // aside, walked alongside the lattice: its extra sets are asked with the
  // level's own questions).
  bool veto_power = true;
  // How many dead ends to list (dead_end_count counts them all).
  int max_dead_ends = 20;
};

// Called after each level (and each chunk of a big level); returning false
// cancels the exploration (CANCELLED).
using ProgressFn = std::function<bool(const v1::ExploreProgress&)>;

// Explores `input` with the parties behind `source`, whose parties must be
// the scenario's, in scenario order (FAILED_PRECONDITION otherwise, as for a
// session: core/forum_context.h resolves the forum for both). Tables the
// draft first. Errors: INVALID_ARGUMENT (bad input, unknown variant or
// absent party, more than 64 proposals or parties), UNAVAILABLE (a present
// party did not answer; the message names it and how far the exploration got),
// RESOURCE_EXHAUSTED (the budget), FAILED_PRECONDITION (lattice forced with
// HISTORY parties), CANCELLED (by `progress`), and INVALID_ARGUMENT naming a
// prerequisite cycle. Fills every field of v1::Exploration but exploration_id
// (the record store's) and estimate (sampling only); lattice.h, enumerate.h and
// sampler.h say what each strategy fills. Questions go to VoteSource::Ask
// without details, each (set, proposal) — or (order so far, proposal) for
// HISTORY parties — once per party; blockers' rationales come from one small
// detailed Ask per objecting party.
absl::StatusOr<v1::Exploration> Explore(const ExploreInput& input,
                                        const ExploreOptions& options,
                                        VoteSource& source,
                                        const ProgressFn& progress = nullptr);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_EXPLORE_EXPLORER_H_
