#include "clients/concert/render/records_format.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/text_table.h"
#include "services/common/names.h"
#include "services/coordinator/core/decision_rule.h"

namespace concert::cli {
namespace {

// Header labels are padded to this many columns, as in the transcript.
constexpr int kLabelWidth = 13;

std::string Line(absl::string_view label, absl::string_view value) {
  return absl::StrCat("  ", PadRight(label, kLabelWidth), value, "\n");
}

std::string VariantName(absl::string_view variant) {
  return variant.empty() ? "baseline" : std::string(variant);
}

// "six-party (sha256 1a2b3c4d5e6f)"; the digest is left out when unknown.
std::string WithDigest(absl::string_view id, absl::string_view sha256) {
  std::string text = id.empty() ? "(unnamed)" : std::string(id);
  if (!sha256.empty())
    absl::StrAppend(&text, " (sha256 ", ShortDigest(sha256), ")");
  return text;
}

// "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".
std::string FormatDuration(std::int64_t ms) {
  if (ms < 1000) return absl::StrCat(ms, " ms");
  if (ms < 60'000)
    return absl::StrFormat("%.1f s", static_cast<double>(ms) / 1000);
  const std::int64_t s = ms / 1000;
  if (s < 3600) return absl::StrFormat("%d min %02d s", s / 60, s % 60);
  return absl::StrFormat("%d h %02d min", s / 3600, (s % 3600) / 60);
}

// "12.3 KiB" and the like, for the stored graph.
std::string FormatBytes(std::int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  if (bytes < (1 << 20))
    return absl::StrFormat("%.1f KiB", static_cast<double>(bytes) / 1024);
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
}

std::string VoteWord(const v1::CastVote& vote) {
  if (vote.absent()) return "absent";
  switch (vote.vote()) {
    case v1::VOTE_SUPPORT:
      return "support";
    case v1::VOTE_ABSTAIN:
      return "abstain";
    case v1::VOTE_OBJECT:
      return "object";
    default:
      return "no vote";
  }
}

}  // namespace

std::string FormatUtc(std::int64_t unix_ms) {
  if (unix_ms <= 0) return "-";
  const auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

std::string ShortDigest(absl::string_view sha256) {
  return std::string(sha256.substr(0, 12));
}

std::string RecordsTable(
    const google::protobuf::RepeatedPtrField<v1::RecordSummary>& records) {
  if (records.empty()) return "No records.\n";
  TextTable table(
      {"ID", "KIND", "CREATED (UTC)", "STATUS", "DRAFT", "VARIANT", "OUTCOME"});
  for (const v1::RecordSummary& r : records) {
    table.AddRow({r.id(), std::string(RecordKindName(r.kind())),
                  FormatUtc(r.created_at_ms()),
                  std::string(RecordStatusName(r.status())), r.draft_id(),
                  VariantName(r.variant()), r.outcome()});
  }
  return table.Render();
}

std::string SessionRecordHeader(const v1::SessionRecord& record) {
  std::string text = absl::StrCat("Session record ", record.id(), "\n");
  absl::StrAppend(&text, Line("Status", RecordStatusName(record.status())));
  absl::StrAppend(
      &text,
      Line("Started", absl::StrCat(FormatUtc(record.started_at_ms()), " UTC")));
  if (record.ended_at_ms() > 0) {
    std::string ended = absl::StrCat(FormatUtc(record.ended_at_ms()), " UTC");
    if (record.started_at_ms() > 0 &&
        record.ended_at_ms() >= record.started_at_ms()) {
      absl::StrAppend(
          &ended, " (after ",
          FormatDuration(record.ended_at_ms() - record.started_at_ms()), ")");
    }
    absl::StrAppend(&text, Line("Ended", ended));
  } else {
    absl::StrAppend(&text, Line("Ended", "not ended"));
  }
  absl::StrAppend(
      &text, Line("Scenario", WithDigest(record.inputs().scenario().id(),
                                         record.inputs().scenario_sha256())));
  absl::StrAppend(&text,
                  Line("Draft", WithDigest(record.inputs().draft().id(),
                                           record.inputs().draft_sha256())));
  absl::StrAppend(&text,
                  Line("Variant", VariantName(record.inputs().variant())));
  absl::StrAppend(&text,
                  Line("Rule", coordinator::RuleName(record.inputs().rule())));
  absl::StrAppend(&text,
                  Line("Coordinator", record.coordinator_version().empty()
                                          ? "unknown version"
                                          : record.coordinator_version()));
  text += "\n";
  return text;
}

std::string PartialRoundsText(const v1::SessionRecord& record) {
  if (record.partial_rounds().empty()) return "";
  std::string text =
      "Partial rounds (votes recorded, outcome never recorded: the coordinator "
      "stopped in between):\n";
  for (const v1::PartialRound& round : record.partial_rounds()) {
    std::vector<std::string> votes;
    for (const v1::CastVote& vote : round.votes()) {
      votes.push_back(absl::StrCat(vote.party(), " ", VoteWord(vote)));
    }
    const std::string in =
        votes.empty() ? "no votes in" : absl::StrJoin(votes, ", ");
    absl::StrAppend(&text,
                    WrapHanging(absl::StrCat("  Round ", round.number(), " · ",
                                             round.proposal(), ": "),
                                in, 100, 4));
  }
  text += "\n";
  return text;
}

std::string ExplorationRecordHeader(const v1::ExplorationRecord& record) {
  std::string text = absl::StrCat("Exploration record ", record.id(), "\n");
  absl::StrAppend(&text, Line("Status", RecordStatusName(record.status())));
  absl::StrAppend(
      &text,
      Line("Made", absl::StrCat(FormatUtc(record.created_at_ms()), " UTC")));
  absl::StrAppend(
      &text, Line("Scenario", WithDigest(record.inputs().scenario().id(),
                                         record.inputs().scenario_sha256())));
  absl::StrAppend(&text,
                  Line("Draft", WithDigest(record.inputs().draft().id(),
                                           record.inputs().draft_sha256())));
  absl::StrAppend(&text,
                  Line("Variant", VariantName(record.inputs().variant())));
  absl::StrAppend(&text,
                  Line("Rule", coordinator::RuleName(record.inputs().rule())));
  absl::StrAppend(&text, Line("Strategy", StrategyName(record.strategy())));
  absl::StrAppend(&text,
                  Line("Coordinator", record.coordinator_version().empty()
                                          ? "unknown version"
                                          : record.coordinator_version()));
  absl::StrAppend(
      &text,
      Line("Graph", record.graph_blob_bytes() > 0
                        ? absl::StrCat(FormatBytes(record.graph_blob_bytes()),
                                       " stored (compressed)")
                        : "none stored"));
  text += "\n";
  return text;
}

}  // namespace concert::cli
