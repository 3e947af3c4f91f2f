#include "services/coordinator/records/types.h"

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

namespace {

template <typename Enum, std::size_t N>
absl::StatusOr<Enum> ParseName(const std::pair<Enum, absl::string_view> (&names)[N],
                               absl::string_view name, absl::string_view what) {
  for (const auto& [value, text] : names) {
    if (text == name) return value;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown ", what, " '", name, "'"));
}

template <typename Enum, std::size_t N>
absl::string_view NameOf(const std::pair<Enum, absl::string_view> (&names)[N],
                         Enum value) {
  for (const auto& [v, text] : names) {
    if (v == value) return text;
  }
  return "?";
}

constexpr std::pair<RecordKind, absl::string_view> kKinds[] = {
    {RecordKind::kAny, "any"},
    {RecordKind::kSession, "session"},
    {RecordKind::kExploration, "exploration"},
};

constexpr std::pair<SessionStatus, absl::string_view> kSessionStatuses[] = {
    {SessionStatus::kRunning, "RUNNING"},
    {SessionStatus::kConsensus, "CONSENSUS"},
    {SessionStatus::kDeadlock, "DEADLOCK"},
    {SessionStatus::kSuspended, "SUSPENDED"},
    {SessionStatus::kInterrupted, "INTERRUPTED"},
};

constexpr std::pair<ExplorationStatus, absl::string_view> kExplorationStatuses[] = {
    {ExplorationStatus::kRunning, "RUNNING"},
    {ExplorationStatus::kComplete, "COMPLETE"},
    {ExplorationStatus::kFailed, "FAILED"},
    {ExplorationStatus::kInterrupted, "INTERRUPTED"},
};

}  // namespace

absl::string_view RecordKindName(RecordKind kind) { return NameOf(kKinds, kind); }

absl::string_view SessionStatusName(SessionStatus status) {
  return NameOf(kSessionStatuses, status);
}

absl::string_view ExplorationStatusName(ExplorationStatus status) {
  return NameOf(kExplorationStatuses, status);
}

absl::StatusOr<RecordKind> ParseRecordKind(absl::string_view name) {
  return ParseName(kKinds, name, "record kind");
}

absl::StatusOr<SessionStatus> ParseSessionStatus(absl::string_view name) {
  return ParseName(kSessionStatuses, name, "session status");
}

absl::StatusOr<ExplorationStatus> ParseExplorationStatus(absl::string_view name) {
  return ParseName(kExplorationStatuses, name, "exploration status");
}

}  // namespace concert::coordinator
