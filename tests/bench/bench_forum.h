// Synthetic forums for the benchmark, built in code so that their size is a
// parameter: six parties over five dimensions, and drafts of N proposals.
//
//   agreeable  every party's ideal lies far above every dimension and every
//              effect is positive, so every party supports every proposal in
//              every state: every set is reachable (2^N states under FREE
//              stage order), the lattice's worst case.
//   random     ideals, saliences and thresholds drawn from a fixed seed, plus
//              one red line and one concession, so that some steps fail and
//              the lattice thins out as states overshoot ideals.
//
// Proposal i is the same in every draft size (it depends on i and the seed
// only), so the draft of 12 proposals is a prefix of the draft of 16.
#ifndef CONCERT_TESTS_BENCH_BENCH_FORUM_H_
#define CONCERT_TESTS_BENCH_BENCH_FORUM_H_

#include <cstdint>
#include <string>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::bench {

enum class Forum { kAgreeable, kRandom };

// "agreeable" / "random".
const char* ForumName(Forum forum);
// Parses a forum name; false when unknown.
bool ParseForum(const std::string& name, Forum* forum);

// The six-party scenario of `forum` (CONSENSUS rule, no variants).
v1::Scenario MakeScenario(Forum forum);

// N proposals in one stage under FREE stage order, no prerequisites.
v1::CharterDraft MakeFreeDraft(Forum forum, int n);

// stages x per_stage proposals under STRICT stage order, no prerequisites:
// (per_stage!)^stages admissible orders, but only stages * 2^per_stage sets.
v1::CharterDraft MakeStrictDraft(Forum forum, int stages, int per_stage);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_BENCH_FORUM_H_
