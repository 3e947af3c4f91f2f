#include "services/common/names.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert {
namespace {

// One enum's names: value, short name; and the wire's own name of a value
// (e.g. EXPLORE_STRATEGY_SAMPLE), which parsing accepts too.
template <typename Enum, std::size_t N>
struct NameTable {
  std::pair<Enum, absl::string_view> names[N];
  std::string (*wire_name)(Enum);
  absl::string_view what;

  absl::string_view NameOf(Enum value) const {
    for (const auto& [v, name] : names) {
      if (v == value) return name;
    }
    return "?";
  }

  absl::StatusOr<Enum> Parse(absl::string_view text, Enum empty) const {
    if (text.empty()) return empty;
    for (const auto& [v, name] : names) {
      if (absl::EqualsIgnoreCase(text, name) ||
          absl::EqualsIgnoreCase(text, wire_name(v))) {
        return v;
      }
    }
    std::vector<std::string> accepted;
    for (const auto& [v, name] : names) {
      if (v != Enum{}) accepted.emplace_back(name);
    }
    return absl::InvalidArgumentError(
        absl::StrCat("unknown ", what, " '", text,
                     "'; expected one of: ", absl::StrJoin(accepted, ", ")));
  }
};

constexpr NameTable<v1::ExploreStrategy, 4> kStrategies{
    {{v1::EXPLORE_STRATEGY_UNSPECIFIED, "auto"},
     {v1::EXPLORE_STRATEGY_LATTICE, "lattice"},
     {v1::EXPLORE_STRATEGY_ENUMERATE, "enumerate"},
     {v1::EXPLORE_STRATEGY_SAMPLE, "sample"}},
    [](v1::ExploreStrategy v) { return v1::ExploreStrategy_Name(v); },
    "strategy"};

constexpr NameTable<v1::RecordKind, 4> kKinds{
    {{v1::RECORD_KIND_UNSPECIFIED, "any"},
     {v1::RECORD_KIND_SESSION, "session"},
     {v1::RECORD_KIND_EXPLORATION, "exploration"},
     {v1::RECORD_KIND_COMPARISON, "comparison"}},
    [](v1::RecordKind v) { return v1::RecordKind_Name(v); },
    "record kind"};

constexpr NameTable<v1::RecordStatus, 8> kStatuses{
    {{v1::RECORD_STATUS_UNSPECIFIED, "UNSPECIFIED"},
     {v1::RECORD_STATUS_RUNNING, "RUNNING"},
     {v1::RECORD_STATUS_CONSENSUS, "CONSENSUS"},
     {v1::RECORD_STATUS_DEADLOCK, "DEADLOCK"},
     {v1::RECORD_STATUS_SUSPENDED, "SUSPENDED"},
     {v1::RECORD_STATUS_INTERRUPTED, "INTERRUPTED"},
     {v1::RECORD_STATUS_COMPLETE, "COMPLETE"},
     {v1::RECORD_STATUS_FAILED, "FAILED"}},
    [](v1::RecordStatus v) { return v1::RecordStatus_Name(v); },
    "record status"};

constexpr NameTable<v1::Vote, 4> kVotes{
    {{v1::VOTE_UNSPECIFIED, "UNSPECIFIED"},
     {v1::VOTE_SUPPORT, "SUPPORT"},
     {v1::VOTE_ABSTAIN, "ABSTAIN"},
     {v1::VOTE_OBJECT, "OBJECT"}},
    [](v1::Vote v) { return v1::Vote_Name(v); },
    "vote"};

}  // namespace

absl::string_view VoteName(v1::Vote vote) { return kVotes.NameOf(vote); }

absl::string_view StrategyName(v1::ExploreStrategy strategy) {
  return kStrategies.NameOf(strategy);
}

absl::StatusOr<v1::ExploreStrategy> ParseStrategy(absl::string_view name) {
  return kStrategies.Parse(name, v1::EXPLORE_STRATEGY_UNSPECIFIED);
}

absl::string_view RecordKindName(v1::RecordKind kind) {
  return kKinds.NameOf(kind);
}

absl::StatusOr<v1::RecordKind> ParseRecordKind(absl::string_view name) {
  return kKinds.Parse(name, v1::RECORD_KIND_UNSPECIFIED);
}

absl::string_view RecordStatusName(v1::RecordStatus status) {
  return kStatuses.NameOf(status);
}

absl::StatusOr<v1::RecordStatus> ParseRecordStatus(absl::string_view name) {
  absl::StatusOr<v1::RecordStatus> status =
      kStatuses.Parse(name, v1::RECORD_STATUS_UNSPECIFIED);
  if (status.ok() && *status == v1::RECORD_STATUS_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown record status '", name, "'"));
  }
  return status;
}

}  // namespace concert
