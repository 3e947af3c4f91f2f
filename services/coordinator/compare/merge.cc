#include "services/coordinator/compare/merge.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/coordinator/compare/robustness.h"

namespace concert::coordinator {
namespace {

std::string RowName(const v1::ComparisonRow& row) {
  return absl::StrCat(row.draft_id(), " / ",
                      row.variant().empty() ? "baseline" : row.variant(), " / ",
                      row.rule_text(), row.what_if().empty() ? "" : " / ",
                      row.what_if());
}

// Whether two rows agree on everything a shard does not change.
bool SameRow(v1::ComparisonRow a, v1::ComparisonRow b) {
  a.clear_robustness();
  b.clear_robustness();
  a.mutable_exploration()->clear_elapsed_ms();
  b.mutable_exploration()->clear_elapsed_ms();
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

absl::Status AddRobustness(const v1::Robustness& from, v1::Robustness* to) {
  if (!from.unavailable().empty() || !to->unavailable().empty()) {
    return absl::OkStatus();
  }
  to->set_samples(to->samples() + from.samples());
  to->set_reachable(to->reachable() + from.reachable());
  absl::flat_hash_map<std::string, std::uint64_t> flips;
  for (const v1::PartySensitivity& s : from.sensitivity()) {
    flips[s.party()] = s.flips();
  }
  for (v1::PartySensitivity& s : *to->mutable_sensitivity()) {
    s.set_flips(s.flips() + flips[s.party()]);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Comparison> MergeComparisons(
    std::span<const v1::Comparison> parts) {
  if (parts.empty()) return absl::InvalidArgumentError("nothing to merge");
  v1::Comparison merged = parts[0];
  merged.clear_comparison_id();
  for (std::size_t k = 1; k < parts.size(); ++k) {
    const v1::Comparison& part = parts[k];
    const std::string name = absl::StrCat("part ", k + 1);
    if (part.study_sha256() != merged.study_sha256()) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, " belongs to another study (its digest ",
          part.study_sha256().substr(0, 12), " is not ",
          merged.study_sha256().substr(0, 12),
          "): shards merge only when they compare the same drafts, ",
          "variants, rules, what-ifs, samples, spread (or perturbation ",
          "sizes) and seed"));
    }
    if (part.shard_count() != merged.shard_count()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " was cut into ", part.shard_count(),
                       " shards, not ", merged.shard_count()));
    }
    for (std::uint32_t shard : part.shards()) {
      if (std::find(merged.shards().begin(), merged.shards().end(), shard) !=
          merged.shards().end()) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": shard ", shard, "/", merged.shard_count(),
                         " is given twice"));
      }
      merged.add_shards(shard);
    }
    if (part.rows_size() != merged.rows_size()) {
      return absl::FailedPreconditionError(absl::StrCat(
          name, " has ", part.rows_size(), " rows, not ", merged.rows_size()));
    }
    for (int r = 0; r < part.rows_size(); ++r) {
      v1::ComparisonRow* row = merged.mutable_rows(r);
      if (!SameRow(part.rows(r), *row)) {
        return absl::FailedPreconditionError(
            absl::StrCat(name, " disagrees on row ", RowName(*row),
                         ": the forum changed between the shards' runs"));
      }
      if (absl::Status s = AddRobustness(part.rows(r).robustness(),
                                         row->mutable_robustness());
          !s.ok()) {
        return s;
      }
    }
    merged.set_elapsed_ms(merged.elapsed_ms() + part.elapsed_ms());
  }
  std::sort(merged.mutable_shards()->begin(), merged.mutable_shards()->end());
  for (v1::ComparisonRow& row : *merged.mutable_rows()) {
    if (row.has_robustness()) FinishRobustness(row.mutable_robustness());
  }
  return merged;
}

}  // namespace concert::coordinator
