// Whether a replay (`concert run --replay ID`, `concert explore --replay
// ID`, `concert compare --replay ID`) reproduced its record. Pure
// comparison of wire messages; the replay itself is in replay.h.
//
// What must match:
//   session      the outcome, and the adopted proposals in the same order;
//   exploration  the admissible and consensus sequence counts (compared as
//                numbers), whether the full charter is reachable, and the
//                best sequence (same proposals in the same order);
//   comparison   the same rows (draft, variant, rule, what-if), and in each
//                whether it failed, its admissible and consensus sequence
//                counts, whether the full charter is reachable, and its
//                robustness study's samples and reachable count (a study is
//                deterministic given its seed).
// Timings, record ids, rationales and vote latencies may differ freely.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_COMPARE_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_COMPARE_H_

#include <string>

#include "concert/v1/compare.pb.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/records.pb.h"
#include "concert/v1/session.pb.h"

namespace concert::cli {

struct ReplayVerdict {
  bool matches = false;
  // One line (no newline) for the end of the output, e.g.
  // "Replay matches record session-…: CONSENSUS, the same 12 proposals
  // adopted in the same order." or
  // "Replay differs from record session-…: outcome DEADLOCK (recorded
  // CONSENSUS); adopted order differs at step 3: P5 (recorded P4)."
  std::string line;
};

// Compares a replayed session with the recorded one (`recorded.session()`:
// its summary's outcome and adopted list). A record that never ended has
// no outcome to match: the replay then differs unless it has none either.
ReplayVerdict CompareSessionReplay(const v1::SessionRecord& recorded,
                                   const v1::Session& replayed);

// Compares a replayed exploration with the recorded one
// (`recorded.result()`).
ReplayVerdict CompareExplorationReplay(const v1::ExplorationRecord& recorded,
                                       const v1::Exploration& replayed);

// What to send to run a recorded comparison again: the request as recorded
// (drafts, variants, rules, samples, spread and perturbation sizes, seed,
// shard, what-ifs, concession search), with include_graphs as the caller
// wants. A request that left the rules to the scenario gets the recorded
// scenario's rule (CONSENSUS when it names none), so a coordinator whose
// scenario has another rule still compares under the recorded one.
v1::CompareRequest ComparisonReplayRequest(const v1::ComparisonRecord& record,
                                           bool include_graphs);

// Compares a replayed comparison with the recorded one (`recorded.result()`).
// A record without a result (RUNNING, FAILED, INTERRUPTED) has nothing to
// match: the replay then differs, and the line says why.
ReplayVerdict CompareComparisonReplay(const v1::ComparisonRecord& recorded,
                                      const v1::Comparison& replayed);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_COMPARE_H_
