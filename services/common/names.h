// The names people type and read for the wire's enums, in one place: the
// command line (`--strategy sample`, `records list --kind session`), the
// reports, and the record database's text columns all use these, so a
// value has one spelling everywhere. Parsing accepts the wire's own enum
// name too (EXPLORE_STRATEGY_SAMPLE), case-insensitively.
#ifndef CONCERT_SERVICES_COMMON_NAMES_H_
#define CONCERT_SERVICES_COMMON_NAMES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/explore.pb.h"
#include "concert/v1/party.pb.h"
#include "concert/v1/records.pb.h"

namespace concert {

// "SUPPORT", "ABSTAIN", "OBJECT"; "UNSPECIFIED" (no vote).
absl::string_view VoteName(v1::Vote vote);

// "lattice", "enumerate", "sample"; "auto" for UNSPECIFIED (the coordinator
// chooses).
absl::string_view StrategyName(v1::ExploreStrategy strategy);
// The inverse; "" is "auto". INVALID_ARGUMENT naming the accepted values.
absl::StatusOr<v1::ExploreStrategy> ParseStrategy(absl::string_view name);

// "session", "exploration", "comparison"; "any" for UNSPECIFIED.
absl::string_view RecordKindName(v1::RecordKind kind);
// The inverse; "" is "any". INVALID_ARGUMENT naming the accepted values.
absl::StatusOr<v1::RecordKind> ParseRecordKind(absl::string_view name);

// "RUNNING", "CONSENSUS", "DEADLOCK", "SUSPENDED", "INTERRUPTED",
// "COMPLETE", "FAILED"; "UNSPECIFIED".
absl::string_view RecordStatusName(v1::RecordStatus status);
// The inverse. INVALID_ARGUMENT naming the accepted values.
absl::StatusOr<v1::RecordStatus> ParseRecordStatus(absl::string_view name);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_NAMES_H_
