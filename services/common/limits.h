// The fixed limits of what concert reads: sizes of files, counts of the
// objects in scenarios and drafts, lengths of strings, the range of numbers.
// One place, so that `concert check`, the CLI, the coordinator and every
// party refuse the same inputs with the same words (validation_values.cc
// applies them), and docs/security.md can list them.
//
// These are limits of the design (a set of parties or proposals is one
// 64-bit word) or generous bounds no real forum comes near; they are not
// flags. The limits an operator tunes (exploration budgets, message sizes,
// streams) are server flags: see services/common/server/server_limits.h.
#ifndef CONCERT_SERVICES_COMMON_LIMITS_H_
#define CONCERT_SERVICES_COMMON_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace concert {

// Parties of a scenario: the decision rule counts them in one 64-bit mask.
inline constexpr int kMaxParties = 64;
// Proposals of a draft: a set of adopted proposals is one 64-bit word.
inline constexpr int kMaxProposals = 64;
// Stages of a draft: each holds at least one proposal.
inline constexpr int kMaxStages = kMaxProposals;
// Dimensions of a scenario, and the values, positions or effects that name
// them.
inline constexpr int kMaxDimensions = 256;
// Rules of one party's interest model (or of one of its variants).
inline constexpr int kMaxRules = 1024;
// Variants of a scenario or of one party.
inline constexpr int kMaxVariants = 256;
// Any other list in a scenario, draft or profile (tags, concerns,
// prerequisites, a rule's proposals…).
inline constexpr int kMaxListItems = 1024;

// Strings, in bytes of UTF-8. Ids and the names that refer to them
// (dimension, stage, prerequisites…) are short and on one line; titles,
// names and addresses are one line; descriptions, proposal texts and
// reasons may run to several paragraphs.
inline constexpr std::size_t kMaxIdBytes = 128;
inline constexpr std::size_t kMaxLineBytes = 1024;
inline constexpr std::size_t kMaxTextBytes = std::size_t{16} << 10;

// Every number in a scenario, draft or profile is finite and within this
// magnitude: scales, weights, thresholds and effects are small numbers, and
// a bound keeps sums and squares of them finite too.
inline constexpr double kMaxMagnitude = 1e6;

// A scenario, draft, profile or certificate file; anything larger is not one
// (a textproto of the largest draft and scenario the limits allow is a few
// MiB).
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{16} << 20;

// Questions in one EvaluateBatch a party answers: a lattice range is at most
// kMaxLatticeWalk (1 Mi) questions, and the coordinator's batches of sets are
// far smaller. With details (a rationale per question, for sessions) far
// fewer: each detail is a message of its own.
inline constexpr std::uint64_t kMaxBatchQuestions = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kMaxDetailedQuestions = std::uint64_t{1} << 16;

// The largest request any concert server accepts (a compare request of the
// most drafts the limits allow stays well below), and the largest message
// it sends (a record with its consensus graph can be large).
inline constexpr int kMaxReceiveMessageBytes = 64 << 20;
inline constexpr int kMaxSendMessageBytes = 256 << 20;

// A comparison shard in JSON (`concert compare --merge`): a comparison of
// many drafts and variants, so far larger than a draft, but still bounded.
inline constexpr std::size_t kMaxShardFileBytes = std::size_t{256} << 20;

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_LIMITS_H_
