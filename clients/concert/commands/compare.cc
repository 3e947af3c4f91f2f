// `concert compare`: several drafts side by side under the forum's variants
// and decision rules, with what-ifs, a robustness study and the smallest
// concessions; and `concert compare merge` for a study run in shards.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/compare_output.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/replay.h"
#include "clients/concert/commands/rule_flags.h"
#include "clients/concert/forum/compare_calls.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/render/records_compare.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/bounded_file.h"
#include "services/common/limits.h"
#include "services/common/valid_files.h"
#include "services/coordinator/compare/merge.h"

namespace concert::cli {
namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<std::vector<std::string>> ParseVariants(
    const std::string& flag, const v1::Scenario& scenario) {
  std::vector<std::string> out;
  if (flag == "all") {
    out.emplace_back();
    for (const v1::Variant& v : scenario.variants()) out.push_back(v.name());
    return out;
  }
  for (absl::string_view name : absl::StrSplit(flag, ',', absl::SkipEmpty())) {
    name = absl::StripAsciiWhitespace(name);
    out.emplace_back(name == "baseline" ? "" : name);
  }
  if (out.empty()) return Invalid("--variants names no variant");
  return out;
}

absl::StatusOr<std::vector<v1::DecisionRule>> ParseRules(
    const CompareFlags& flags, const v1::Scenario& scenario) {
  std::vector<std::string> names;
  for (absl::string_view name :
       absl::StrSplit(flags.rules, ',', absl::SkipEmpty())) {
    names.emplace_back(absl::StripAsciiWhitespace(name));
  }
  if (names.empty()) names.push_back(flags.rule.rule);
  std::vector<v1::DecisionRule> out;
  for (const std::string& name : names) {
    absl::StatusOr<v1::DecisionRule> rule =
        RuleFromFlags(scenario, name, flags.rule.threshold, flags.rule.absent);
    if (!rule.ok()) {
      return Invalid(
          absl::StrCat("--rules ", name, ": ", rule.status().message()));
    }
    out.push_back(*rule);
  }
  return out;
}

absl::StatusOr<v1::Shard> ParseShard(const std::string& flag) {
  v1::Shard shard;
  if (flag.empty()) return shard;
  const std::pair<std::string, std::string> parts =
      absl::StrSplit(flag, absl::MaxSplits('/', 1));
  std::uint32_t index = 0, count = 0;
  if (!absl::SimpleAtoi(parts.first, &index) ||
      !absl::SimpleAtoi(parts.second, &count) || count == 0 || index == 0 ||
      index > count) {
    return Invalid(absl::StrCat("--shard ", flag,
                                ": write I/N with 1 <= I <= N, e.g. 2/8"));
  }
  shard.set_index(index);
  shard.set_count(count);
  return shard;
}

// What --spread says: one size for ideals, saliences and thresholds (as
// CompareRequest.spread), or the sizes of named components.
struct SpreadFlag {
  double spread = 0;
  // Set when components were named; the components not named are 0.
  std::optional<v1::Perturbation> components;
};

constexpr char kSpreadComponents[] = "ideal, salience, threshold and condition";

// A size: a finite number >= 0; `what` names it in the error.
absl::StatusOr<double> ParseSize(absl::string_view text,
                                 const std::string& what) {
  double size = 0;
  if (!absl::SimpleAtod(text, &size)) {
    return Invalid(absl::StrCat(what, ": '", text, "' is not a number"));
  }
  if (!std::isfinite(size) || size < 0) {
    return Invalid(absl::StrCat(
        what, ": a size must be a finite number >= 0, not ", text));
  }
  return size;
}

// "0.5", or "ideal=1,salience=0.2,threshold=0.5,condition=0.5" (any of the
// four, each at most once).
absl::StatusOr<SpreadFlag> ParseSpread(const std::string& flag) {
  const std::string what = absl::StrCat("--spread ", flag);
  SpreadFlag out;
  if (flag.find('=') == std::string::npos) {
    absl::StatusOr<double> size =
        ParseSize(absl::StripAsciiWhitespace(flag), what);
    if (!size.ok()) {
      return Invalid(absl::StrCat(
          size.status().message(),
          "; give one number, or components NAME=SIZE separated by commas (",
          kSpreadComponents, ")"));
    }
    out.spread = *size;
    return out;
  }
  v1::Perturbation sizes;
  // Every component is stated, so the record says what was not perturbed.
  sizes.set_ideal_spread(0);
  sizes.set_salience_spread(0);
  sizes.set_threshold_spread(0);
  absl::flat_hash_set<std::string> seen;
  for (absl::string_view item : absl::StrSplit(flag, ',')) {
    const std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    const std::string name(absl::StripAsciiWhitespace(parts.first));
    if (item.find('=') == absl::string_view::npos || name.empty()) {
      return Invalid(absl::StrCat(what, ": write each component as NAME=SIZE (",
                                  kSpreadComponents, "), not '", item, "'"));
    }
    void (v1::Perturbation::*set)(double) = nullptr;
    if (name == "ideal") {
      set = &v1::Perturbation::set_ideal_spread;
    } else if (name == "salience") {
      set = &v1::Perturbation::set_salience_spread;
    } else if (name == "threshold") {
      set = &v1::Perturbation::set_threshold_spread;
    } else if (name == "condition") {
      set = &v1::Perturbation::set_condition_spread;
    } else {
      return Invalid(absl::StrCat(what, ": unknown component '", name,
                                  "'; the components are ", kSpreadComponents));
    }
    if (!seen.insert(name).second) {
      return Invalid(absl::StrCat(what, ": ", name, " is given twice"));
    }
    absl::StatusOr<double> size =
        ParseSize(absl::StripAsciiWhitespace(parts.second),
                  absl::StrCat(what, ": ", name));
    if (!size.ok()) return size.status();
    (sizes.*set)(*size);
  }
  out.components = sizes;
  return out;
}

// The request the flags describe, checked against the forum's scenario.
absl::StatusOr<v1::CompareRequest> RequestOf(
    const CompareFlags& flags, const SpreadFlag& spread,
    const v1::Scenario& scenario, std::vector<v1::CharterDraft>* drafts) {
  v1::CompareRequest request;
  for (const std::string& path : flags.drafts) {
    absl::StatusOr<v1::CharterDraft> draft = LoadValidDraft(path, scenario);
    if (!draft.ok()) return draft.status();
    drafts->push_back(*draft);
    *request.add_drafts() = *std::move(draft);
  }
  absl::StatusOr<std::vector<std::string>> variants =
      ParseVariants(flags.variants, scenario);
  if (!variants.ok()) return variants.status();
  for (const std::string& v : *variants) request.add_variants(v);
  absl::StatusOr<std::vector<v1::DecisionRule>> rules =
      ParseRules(flags, scenario);
  if (!rules.ok()) return rules.status();
  for (const v1::DecisionRule& r : *rules) *request.add_rules() = r;
  request.set_samples(flags.samples);
  request.set_spread(spread.spread);
  if (spread.components) *request.mutable_perturbation() = *spread.components;
  request.set_seed(flags.seed);
  absl::StatusOr<v1::Shard> shard = ParseShard(flags.shard);
  if (!shard.ok()) return shard.status();
  *request.mutable_shard() = *shard;
  absl::StatusOr<std::vector<v1::WhatIf>> what_ifs =
      ParseWhatIfs(flags.what_if, scenario);
  if (!what_ifs.ok()) return what_ifs.status();
  for (v1::WhatIf& w : *what_ifs) *request.add_what_ifs() = std::move(w);
  request.set_concessions(flags.concessions);
  request.set_concession_exact_size(flags.concession_size);
  request.set_concession_budget(flags.concession_budget);
  request.set_include_graphs(flags.format == "html");
  return request;
}

CompareOutput OutputOf(const CompareFlags& flags) {
  return CompareOutput{flags.format, flags.out, flags.color};
}

absl::StatusOr<v1::Comparison> ReadComparison(const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadBoundedFile(path, kMaxShardFileBytes, "a comparison shard");
  if (!text.ok()) return text.status();
  v1::Comparison comparison;
  if (const auto s =
          google::protobuf::util::JsonStringToMessage(*text, &comparison);
      !s.ok()) {
    return Invalid(absl::StrCat(
        path, ": not a comparison in JSON (write shards with --format json): ",
        s.message().as_string()));
  }
  return comparison;
}

// `concert compare --replay ID`: the recorded request again, over the
// record's own parties (or the given coordinator), and whether it agrees.
int ReplayComparison(const CompareFlags& flags) {
  const auto fail = [](const absl::Status& s) {
    return ReportFailure("compare", s);
  };
  const CompareOutput output = OutputOf(flags);
  if (auto s = CheckCompareOutput(output); !s.ok()) return fail(s);
  auto replay =
      OpenComparisonReplay(flags.forum, flags.replay, flags.format == "html");
  if (!replay.ok()) return fail(replay.status());
  grpc::ClientContext context;
  auto reader =
      replay->connection->coordinator().Compare(&context, replay->request);
  auto result = CollectComparison(*reader, flags.progress);
  if (!result.ok()) return fail(result.status());
  const ReplayVerdict verdict =
      CompareComparisonReplay(replay->record, *result);
  const std::vector<v1::CharterDraft> drafts(replay->request.drafts().begin(),
                                             replay->request.drafts().end());
  if (auto s = WriteComparison(*result, drafts, output); !s.ok()) {
    return fail(s);
  }
  // After a text report on stdout, the verdict follows it; otherwise stdout
  // holds one document and the verdict goes to stderr.
  if (flags.out.empty() && flags.format == "text") {
    std::printf("\n%s\n", verdict.line.c_str());
  } else {
    std::fprintf(stderr, "%s\n", verdict.line.c_str());
  }
  return verdict.matches ? 0 : kExitReplayDiffers;
}

}  // namespace

int CompareCommand(const CompareFlags& flags) {
  if (!flags.replay.empty()) return ReplayComparison(flags);
  const auto fail = [](const absl::Status& s) {
    return ReportFailure("compare", s);
  };
  const CompareOutput output = OutputOf(flags);
  if (auto s = CheckCompareOutput(output); !s.ok()) return fail(s);
  // Before the forum starts: a typo in the sizes costs no party a start.
  auto spread = ParseSpread(flags.spread);
  if (!spread.ok()) return fail(spread.status());
  auto forum = OpenForum(flags.forum, "compare");
  if (!forum.ok()) return fail(forum.status());
  std::vector<v1::CharterDraft> drafts;
  auto request = RequestOf(flags, *spread, forum->scenario, &drafts);
  if (!request.ok()) return fail(request.status());
  grpc::ClientContext context;
  auto reader = forum->connection->coordinator().Compare(&context, *request);
  auto result = CollectComparison(*reader, flags.progress);
  if (!result.ok()) return fail(result.status());
  if (auto s = WriteComparison(*result, drafts, output); !s.ok()) {
    return fail(s);
  }
  if (!flags.out.empty()) {
    std::fprintf(stderr, "concert compare: wrote %s (%s, record %s)\n",
                 flags.out.c_str(), flags.format.c_str(),
                 result->comparison_id().c_str());
  }
  return 0;
}

int CompareMergeCommand(const std::vector<std::string>& files,
                        const std::string& format, const std::string& out) {
  const auto fail = [](const absl::Status& s) {
    return ReportFailure("compare merge", s);
  };
  const CompareOutput output{format, out, false};
  if (auto s = CheckCompareOutput(output); !s.ok()) return fail(s);
  std::vector<v1::Comparison> parts;
  for (const std::string& path : files) {
    auto part = ReadComparison(path);
    if (!part.ok()) return fail(part.status());
    parts.push_back(*std::move(part));
  }
  auto merged = coordinator::MergeComparisons(parts);
  if (!merged.ok()) return fail(merged.status());
  if (merged->shards_size() < static_cast<int>(merged->shard_count())) {
    std::fprintf(stderr,
                 "concert compare merge: note: %d of %u shards merged; the "
                 "study is incomplete\n",
                 merged->shards_size(), merged->shard_count());
  }
  if (auto s = WriteComparison(*merged, {}, output); !s.ok()) return fail(s);
  return 0;
}

}  // namespace concert::cli
