#include "services/coordinator/compare/compare.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/draft_index.h"
#include "services/coordinator/compare/column_vote_source.h"
#include "services/coordinator/compare/concession.h"
#include "services/coordinator/compare/diff.h"
#include "services/coordinator/compare/progress.h"
#include "services/coordinator/compare/robustness.h"
#include "services/coordinator/compare/row.h"
#include "services/coordinator/compare/vote_columns.h"
#include "services/coordinator/core/decision_rule.h"
#include "services/coordinator/core/forum_context.h"

namespace concert::coordinator {
namespace {

// One draft under one variant: its questions, the forum under each rule,
// and every present party's votes.
struct Forum {
  const v1::CharterDraft* draft = nullptr;
  std::string variant;
  TableContext context;
  std::unique_ptr<QuestionTable> table;
  std::vector<ForumContext> forums;  // per rule
  std::vector<VoteColumn> columns;
  // Why the votes are not in columns (a big draft, HISTORY parties), or
  // why the forum failed altogether.
  std::string no_columns;
  std::string error;
  std::string label() const {
    return absl::StrCat(draft->id(), " / ",
                        variant.empty() ? "baseline" : variant);
  }
};

// A what-if's overlays for one draft: a conceded proposal the draft does not
// have is left out (one what-if serves several drafts, and a party refuses
// to table an overlay naming a proposal it cannot find).
std::vector<v1::PartyOverlay> OverlaysForDraft(const v1::WhatIf& what_if,
                                               const v1::CharterDraft& draft) {
  std::vector<v1::PartyOverlay> out;
  for (v1::PartyOverlay overlay : what_if.overlays()) {
    auto* tolerate = overlay.mutable_tolerate();
    tolerate->erase(std::remove_if(tolerate->begin(), tolerate->end(),
                                   [&](const std::string& id) {
                                     return std::none_of(
                                         draft.proposals().begin(),
                                         draft.proposals().end(),
                                         [&](const v1::Proposal& p) {
                                           return p.id() == id;
                                         });
                                   }),
                    tolerate->end());
    out.push_back(std::move(overlay));
  }
  return out;
}

class Comparer {
 public:
  Comparer(const v1::Scenario& scenario, const v1::CompareRequest& request,
           VoteSource& source, const CompareOptions& options,
           const CompareProgressFn& progress)
      : scenario_(scenario),
        request_(request),
        source_(source),
        options_(options),
        progress_(progress, options.progress_interval_ms),
        variants_(VariantsOf(request)),
        rules_(RulesOf(scenario, request)) {}

  absl::StatusOr<v1::Comparison> Run();

 private:
  int RowIndex(int forum, int rule, int what_if) const {
    return (forum * static_cast<int>(rules_.size()) + rule) *
               (request_.what_ifs_size() + 1) +
           what_if;
  }
  void Prepare(Forum& forum);
  void ExploreRows(int f, int what_if, const std::vector<VoteColumn>& columns,
                   std::vector<v1::PartyOverlay> overlays);
  absl::Status ExplorePhase();
  absl::Status RobustnessPhase();
  absl::Status ConcessionPhase();
  void FailForum(int f, const std::string& error);

  const v1::Scenario& scenario_;
  const v1::CompareRequest& request_;
  VoteSource& source_;
  const CompareOptions& options_;
  CompareProgress progress_;
  std::vector<std::string> variants_;
  std::vector<v1::DecisionRule> rules_;
  std::vector<Forum> forums_;
  v1::Comparison result_;
};

void Comparer::Prepare(Forum& forum) {
  forum.context.draft = forum.draft;
  forum.context.variant = forum.variant;
  forum.context.initial_state.assign(scenario_.initial_state().begin(),
                                     scenario_.initial_state().end());
  for (const v1::DecisionRule& rule : rules_) {
    absl::StatusOr<ForumContext> resolved =
        ResolveForum(scenario_, *forum.draft, forum.variant, rule);
    if (!resolved.ok()) {
      forum.error = std::string(resolved.status().message());
      return;
    }
    forum.forums.push_back(*std::move(resolved));
  }
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(*forum.draft);
  if (!index.ok()) {
    forum.error = std::string(index.status().message());
    return;
  }
  absl::StatusOr<QuestionTable> table =
      QuestionTable::Build(*index, options_.max_questions);
  if (!table.ok()) {
    forum.no_columns = absl::StrCat("too many admissible questions to ask ",
                                    "ahead (", table.status().message(), ")");
    return;
  }
  if (absl::Status s = source_.Table(forum.context); !s.ok()) {
    forum.error = std::string(s.message());
    return;
  }
  const std::uint64_t present = forum.forums.front().present;
  std::vector<std::string> history;
  for (int i = 0; i < source_.party_count(); ++i) {
    if (((present >> i) & 1u) && source_.party_memory(i) != v1::MEMORY_SET) {
      history.push_back(source_.party_id(i));
    }
  }
  if (!history.empty()) {
    forum.no_columns =
        absl::StrCat("the votes of ", absl::StrJoin(history, ", "),
                     " may depend on the order of adoption (memory not SET)");
    return;
  }
  if (absl::Status s = AskColumns(source_, *table, present, &forum.columns);
      !s.ok()) {
    forum.error = std::string(s.message());
    return;
  }
  forum.table = std::make_unique<QuestionTable>(*std::move(table));
}

void Comparer::ExploreRows(int f, int what_if,
                           const std::vector<VoteColumn>& columns,
                           std::vector<v1::PartyOverlay> overlays) {
  Forum& forum = forums_[f];
  ColumnVoteSource source(source_, forum.table.get(), columns,
                          std::move(overlays));
  ExploreOptions options = options_.explore;
  options.include_graph = true;
  options.veto_power = true;
  std::vector<std::string> parties;
  for (const v1::PartySpec& p : scenario_.parties()) parties.push_back(p.id());
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    v1::ComparisonRow& row =
        *result_.mutable_rows(RowIndex(f, static_cast<int>(r), what_if));
    ExploreInput input;
    input.scenario = &scenario_;
    input.draft = forum.draft;
    input.variant = forum.variant;
    input.rule = rules_[r];
    absl::StatusOr<v1::Exploration> exploration =
        Explore(input, options, source);
    if (!exploration.ok()) {
      row.set_error(std::string(exploration.status().message()));
      continue;
    }
    if (forum.table != nullptr) {
      *row.mutable_heat() =
          HeatOf(*exploration, *forum.draft, parties, *forum.table, columns);
    }
    if (!request_.include_graphs()) exploration->clear_graph();
    FillHeadline(*std::move(exploration), &row);
  }
}

void Comparer::FailForum(int f, const std::string& error) {
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    for (int w = 0; w <= request_.what_ifs_size(); ++w) {
      result_.mutable_rows(RowIndex(f, static_cast<int>(r), w))
          ->set_error(error);
    }
  }
}

absl::Status Comparer::ExplorePhase() {
  const int what_ifs = request_.what_ifs_size();
  progress_.Begin("explore", forums_.size() * (what_ifs + 1));
  std::uint64_t done = 0;
  for (std::size_t f = 0; f < forums_.size(); ++f) {
    Forum& forum = forums_[f];
    if (!progress_.Update(done, forum.label())) {
      return absl::CancelledError("the comparison was cancelled");
    }
    Prepare(forum);
    if (!forum.error.empty()) {
      FailForum(static_cast<int>(f), forum.error);
      done += what_ifs + 1;
      continue;
    }
    ExploreRows(static_cast<int>(f), 0, forum.columns, {});
    ++done;
    for (int w = 0; w < what_ifs; ++w) {
      const v1::WhatIf& what_if = request_.what_ifs(w);
      std::vector<v1::PartyOverlay> overlays =
          OverlaysForDraft(what_if, *forum.draft);
      std::vector<VoteColumn> columns = forum.columns;
      if (forum.table != nullptr) {
        std::uint64_t changed = 0;
        for (int i = 0; i < source_.party_count(); ++i) {
          for (const v1::PartyOverlay& o : overlays) {
            if (o.party() == source_.party_id(i)) changed |= Bit(i);
          }
        }
        changed &= forum.forums.front().present;
        TableContext context = forum.context;
        context.overlays = overlays;
        if (absl::Status s = changed == 0
                                 ? absl::OkStatus()
                                 : FetchColumns(source_, context, *forum.table,
                                                changed, &columns);
            !s.ok()) {
          for (std::size_t r = 0; r < rules_.size(); ++r) {
            result_
                .mutable_rows(
                    RowIndex(static_cast<int>(f), static_cast<int>(r), w + 1))
                ->set_error(std::string(s.message()));
          }
          ++done;
          continue;
        }
      }
      ExploreRows(static_cast<int>(f), w + 1, columns, std::move(overlays));
      ++done;
      if (!progress_.Update(done, forum.label())) {
        return absl::CancelledError("the comparison was cancelled");
      }
    }
  }
  progress_.Update(done, "");
  return absl::OkStatus();
}

absl::Status Comparer::RobustnessPhase() {
  if (request_.samples() == 0) return absl::OkStatus();
  const std::uint64_t per_forum =
      SamplesInShard(request_.samples(), request_.shard());
  progress_.Begin("robustness", per_forum * forums_.size());
  std::uint64_t before = 0;
  for (std::size_t f = 0; f < forums_.size(); ++f) {
    Forum& forum = forums_[f];
    std::vector<v1::Robustness> results(rules_.size());
    if (!forum.error.empty()) {
      for (v1::Robustness& r : results) r.set_unavailable(forum.error);
    } else if (forum.table == nullptr) {
      for (v1::Robustness& r : results) r.set_unavailable(forum.no_columns);
    } else {
      RobustnessInput input;
      input.source = &source_;
      input.table = forum.table.get();
      input.context = forum.context;
      input.baseline = &forum.columns;
      input.samples = request_.samples();
      input.seed = request_.seed();
      input.perturbation = StudyPerturbation(request_);
      input.shard = request_.shard();
      for (const ForumContext& c : forum.forums) input.forums.push_back(&c);
      const std::string label = forum.label();
      absl::StatusOr<std::vector<v1::Robustness>> study =
          RunRobustness(input, [&](std::uint64_t done) {
            return progress_.Update(before + done, label);
          });
      if (!study.ok()) return study.status();
      results = *std::move(study);
    }
    for (std::size_t r = 0; r < rules_.size(); ++r) {
      *result_
           .mutable_rows(RowIndex(static_cast<int>(f), static_cast<int>(r), 0))
           ->mutable_robustness() = std::move(results[r]);
    }
    before += per_forum;
  }
  progress_.Update(before, "");
  return absl::OkStatus();
}

absl::Status Comparer::ConcessionPhase() {
  if (!request_.concessions()) return absl::OkStatus();
  std::vector<std::pair<int, int>> searches;  // (forum, rule)
  for (std::size_t f = 0; f < forums_.size(); ++f) {
    for (std::size_t r = 0; r < rules_.size(); ++r) {
      const v1::ComparisonRow& row =
          result_.rows(RowIndex(static_cast<int>(f), static_cast<int>(r), 0));
      if (row.error().empty() && !row.exploration().full_charter_reachable()) {
        searches.emplace_back(f, r);
      }
    }
  }
  progress_.Begin("concessions", searches.size());
  std::uint64_t done = 0;
  for (const auto& [f, r] : searches) {
    Forum& forum = forums_[f];
    v1::ConcessionSearch search;
    if (forum.table == nullptr) {
      search.set_draft_id(forum.draft->id());
      search.set_variant(forum.variant);
      *search.mutable_rule() = rules_[r];
      search.set_note(absl::StrCat("not searched: ", forum.no_columns));
    } else {
      ConcessionInput input;
      input.source = &source_;
      input.table = forum.table.get();
      input.context = forum.context;
      input.forum = &forum.forums[r];
      input.baseline = &forum.columns;
      if (request_.concession_exact_size() > 0) {
        input.exact_size = request_.concession_exact_size();
      }
      if (request_.concession_budget() > 0) {
        input.budget = request_.concession_budget();
      }
      const std::string label = forum.label();
      absl::StatusOr<v1::ConcessionSearch> found = SearchConcession(
          input, [&](std::uint64_t) { return progress_.Update(done, label); });
      if (!found.ok()) return found.status();
      search = *std::move(found);
    }
    *result_.add_concessions() = std::move(search);
    ++done;
  }
  progress_.Update(done, "");
  return absl::OkStatus();
}

absl::StatusOr<v1::Comparison> Comparer::Run() {
  const auto start = std::chrono::steady_clock::now();
  if (absl::Status s =
          ValidateCompareRequest(scenario_, request_, options_.limits);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckSourceParties(scenario_, source_); !s.ok()) {
    return s;
  }
  result_.set_scenario_id(scenario_.id());
  for (const v1::CharterDraft& d : request_.drafts()) {
    result_.add_draft_ids(d.id());
    for (const std::string& v : variants_) {
      Forum& forum = forums_.emplace_back();
      forum.draft = &d;
      forum.variant = v;
    }
  }
  for (const Forum& forum : forums_) {
    for (const v1::DecisionRule& rule : rules_) {
      for (int w = 0; w <= request_.what_ifs_size(); ++w) {
        v1::ComparisonRow* row = result_.add_rows();
        row->set_draft_id(forum.draft->id());
        row->set_variant(forum.variant);
        if (w > 0) row->set_what_if(request_.what_ifs(w - 1).name());
        *row->mutable_rule() = rule;
        row->set_rule_text(RuleName(rule));
      }
    }
  }
  if (absl::Status s = ExplorePhase(); !s.ok()) return s;
  if (absl::Status s = RobustnessPhase(); !s.ok()) return s;
  if (absl::Status s = ConcessionPhase(); !s.ok()) return s;
  for (int i = 1; i < request_.drafts_size(); ++i) {
    *result_.add_diffs() = DiffDrafts(request_.drafts(0), request_.drafts(i));
  }
  result_.set_samples(request_.samples());
  result_.set_spread(request_.spread());
  if (request_.has_perturbation()) {
    *result_.mutable_perturbation() = StudyPerturbation(request_);
  }
  result_.set_seed(request_.seed());
  const std::uint32_t shards =
      std::max<std::uint32_t>(1, request_.shard().count());
  result_.set_shard_count(shards);
  result_.add_shards(shards == 1 ? 1 : request_.shard().index());
  result_.set_study_sha256(StudyDigest(scenario_, request_));
  result_.set_elapsed_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - start)
                             .count());
  return std::move(result_);
}

}  // namespace

absl::StatusOr<v1::Comparison> Compare(const v1::Scenario& scenario,
                                       const v1::CompareRequest& request,
                                       VoteSource& source,
                                       const CompareOptions& options,
                                       const CompareProgressFn& progress) {
  Comparer comparer(scenario, request, source, options, progress);
  return comparer.Run();
}

}  // namespace concert::coordinator
