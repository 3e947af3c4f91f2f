#include "services/coordinator/compare/concession.h"

#include <algorithm>
#include <bit>
#include <queue>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/coordinator/compare/concession_moves.h"

namespace concert::coordinator {
namespace {

using MoveSet = std::uint64_t;

// Number of k-subsets of n, saturating at `cap`.
std::uint64_t Choose(int n, int k, std::uint64_t cap) {
  if (k < 0 || k > n) return 0;
  std::uint64_t c = 1;
  for (int i = 1; i <= k; ++i) {
    c = c * (n - k + i) / i;
    if (c > cap) return cap;
  }
  return c;
}

// The next k-subset of {0..n-1} after `set` in colexicographic order (Gosper's
// hack), or 0 when `set` was the last.
MoveSet NextSubset(MoveSet set, int n) {
  const MoveSet c = set & -set;
  const MoveSet r = set + c;
  if (r == 0) return 0;
  const MoveSet next = (((r ^ set) >> 2) / c) | r;
  return n < 64 && (next >> n) != 0 ? 0 : next;
}

class Search {
 public:
  Search(const ConcessionInput& in, ConcessionMoves moves, const TryTick& tick)
      : in_(in), moves_(std::move(moves)), tick_(tick) {}

  absl::StatusOr<v1::ConcessionSearch> Run();

 private:
  // Whether the forum reaches the full charter once `set` is conceded; its
  // reach in *reach.
  absl::StatusOr<bool> Try(MoveSet set, Reach* reach);
  absl::StatusOr<const VoteColumn*> ColumnOf(int party, MoveSet moves);
  // The exhaustive phase: sizes 1..exact_size, while the budget allows
  // a whole size. Fills found_ with the first size that unlocks.
  absl::Status Exhaustive();
  // The best-first phase, from the sets the exhaustive phase scored.
  absl::Status BestFirst();
  absl::StatusOr<MoveSet> Shrink(MoveSet set);
  void Report(v1::ConcessionSearch* out) const;

  const ConcessionInput& in_;
  ConcessionMoves moves_;
  const TryTick& tick_;
  int n_ = 0;
  std::uint64_t tried_ = 0;
  bool exhaustive_through_ = false;  // every size up to the last tried
  int sizes_done_ = 0;
  std::vector<MoveSet> found_;
  // Scored sets, for the best-first phase: (largest, -size, set).
  std::vector<std::tuple<int, int, MoveSet>> scored_;
  absl::flat_hash_map<std::pair<int, MoveSet>, VoteColumn> columns_;
  std::string stop_;
};

absl::StatusOr<const VoteColumn*> Search::ColumnOf(int party, MoveSet moves) {
  const auto key = std::make_pair(party, moves);
  if (auto it = columns_.find(key); it != columns_.end()) return &it->second;
  google::protobuf::RepeatedPtrField<v1::ConcessionMove> chosen;
  for (MoveSet rest = moves; rest != 0; rest &= rest - 1) {
    *chosen.Add() = moves_.moves[std::countr_zero(rest)];
  }
  TableContext context = in_.context;
  context.overlays = OverlaysOf(chosen);
  std::vector<VoteColumn> columns;
  if (absl::Status s = FetchColumns(*in_.source, context, *in_.table,
                                    std::uint64_t{1} << party, &columns);
      !s.ok()) {
    return s;
  }
  return &(columns_[key] = std::move(columns[party]));
}

absl::StatusOr<bool> Search::Try(MoveSet set, Reach* reach) {
  std::vector<const std::uint8_t*> pointers =
      ColumnPointers(*in_.baseline, in_.forum->absent);
  for (std::size_t p = 0; p < moves_.of_party.size(); ++p) {
    const MoveSet mine = set & moves_.of_party[p];
    if (mine == 0) continue;
    absl::StatusOr<const VoteColumn*> column =
        ColumnOf(static_cast<int>(p), mine);
    if (!column.ok()) return column.status();
    pointers[p] = (*column)->data();
  }
  *reach = ReachOf(*in_.table, *in_.forum, pointers);
  ++tried_;
  if (tick_ && !tick_(tried_)) {
    return absl::CancelledError("the comparison was cancelled");
  }
  return reach->full;
}

absl::Status Search::Exhaustive() {
  const int max_size = std::min<int>(in_.exact_size, n_);
  for (int k = 1; k <= max_size; ++k) {
    if (tried_ + Choose(n_, k, in_.budget + 1) > in_.budget) {
      stop_ = absl::StrCat("the budget of ", in_.budget,
                           " tries does not cover every set of ", k, " moves");
      return absl::OkStatus();
    }
    for (MoveSet set = (MoveSet{1} << k) - 1; set != 0;
         set = NextSubset(set, n_)) {
      Reach reach;
      absl::StatusOr<bool> full = Try(set, &reach);
      if (!full.ok()) return full.status();
      if (*full) found_.push_back(set);
      scored_.emplace_back(reach.largest, -k, set);
    }
    sizes_done_ = k;
    if (!found_.empty()) return absl::OkStatus();
  }
  exhaustive_through_ = true;
  return absl::OkStatus();
}

absl::StatusOr<MoveSet> Search::Shrink(MoveSet set) {
  for (bool shrunk = true; shrunk;) {
    shrunk = false;
    for (MoveSet rest = set; rest != 0 && tried_ < in_.budget;
         rest &= rest - 1) {
      const MoveSet smaller = set & ~(rest & -rest);
      Reach reach;
      absl::StatusOr<bool> full = Try(smaller, &reach);
      if (!full.ok()) return full.status();
      if (*full) {
        set = smaller;
        shrunk = true;
        break;
      }
    }
  }
  return set;
}

absl::Status Search::BestFirst() {
  std::priority_queue<std::tuple<int, int, MoveSet>> frontier(scored_.begin(),
                                                              scored_.end());
  absl::flat_hash_set<MoveSet> seen;
  for (const auto& [l, s, set] : scored_) seen.insert(set);
  if (frontier.empty()) frontier.emplace(0, 0, MoveSet{0});
  while (!frontier.empty() && tried_ < in_.budget) {
    const MoveSet set = std::get<2>(frontier.top());
    frontier.pop();
    for (int j = 0; j < n_ && tried_ < in_.budget; ++j) {
      const MoveSet child = set | (MoveSet{1} << j);
      if (child == set || !seen.insert(child).second) continue;
      Reach reach;
      absl::StatusOr<bool> full = Try(child, &reach);
      if (!full.ok()) return full.status();
      if (*full) {
        absl::StatusOr<MoveSet> smallest = Shrink(child);
        if (!smallest.ok()) return smallest.status();
        found_.push_back(*smallest);
        return absl::OkStatus();
      }
      frontier.emplace(reach.largest, -std::popcount(child), child);
    }
  }
  if (stop_.empty()) stop_ = "the budget ran out";
  stop_ =
      absl::StrCat(stop_, "; best-first search tried ", tried_, " sets in all");
  return absl::OkStatus();
}

void Search::Report(v1::ConcessionSearch* out) const {
  out->set_candidate_moves(n_);
  out->set_tried(tried_);
  for (MoveSet set : found_) {
    v1::Concession* c = out->add_smallest();
    std::vector<int> parties;
    for (MoveSet rest = set; rest != 0; rest &= rest - 1) {
      const int m = std::countr_zero(rest);
      *c->add_moves() = moves_.moves[m];
      parties.push_back(moves_.party[m]);
    }
    std::sort(parties.begin(), parties.end());
    parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
    for (int p : parties) c->add_parties(in_.source->party_id(p));
  }
  const bool exact = !found_.empty() && stop_.empty();
  out->set_exact(exact || (found_.empty() && exhaustive_through_ &&
                           sizes_done_ == n_ && moves_.dropped == 0));
  std::string note;
  if (exact) {
    note = absl::StrCat("every set of up to ", sizes_done_, " of the ", n_,
                        " moves tried; ", found_.size(), " set",
                        found_.size() == 1 ? "" : "s", " of ", sizes_done_,
                        " unlock", found_.size() == 1 ? "s" : "",
                        " the full charter");
  } else if (!found_.empty()) {
    note = absl::StrCat(stop_, "; the set found is minimal (no move can be ",
                        "dropped) but a smaller one may exist");
  } else if (out->exact()) {
    note = absl::StrCat("no set of the ", n_, " moves unlocks the full ",
                        "charter: conceding every objection the parties ",
                        "named is not enough (abstentions or absences block, ",
                        "or the rule needs support)");
  } else {
    note = absl::StrCat("no concession found: ",
                        stop_.empty() ? "the search stopped" : stop_);
  }
  if (moves_.dropped > 0) {
    absl::StrAppend(&note, "; ", moves_.dropped, " rarer moves left out");
  }
  out->set_note(note);
}

absl::StatusOr<v1::ConcessionSearch> Search::Run() {
  n_ = static_cast<int>(moves_.moves.size());
  v1::ConcessionSearch out;
  out.set_draft_id(in_.context.draft->id());
  out.set_variant(in_.context.variant);
  *out.mutable_rule() = in_.forum->rule.proto();
  const ForumContext& forum = *in_.forum;
  const v1::DecisionRule::AbsentParty absent_rule =
      forum.rule.proto().absent_party();
  if (forum.absent != 0 && absent_rule != v1::DecisionRule::ABSTAINS) {
    std::vector<std::string> absent;
    for (int i = 0; i < in_.source->party_count(); ++i) {
      if ((forum.absent >> i) & 1u) absent.push_back(in_.source->party_id(i));
    }
    out.set_exact(true);
    out.set_note(absl::StrCat(absl::StrJoin(absent, ", "),
                              " absent under this variant, and an absent ",
                              "party blocks every decision: no concession ",
                              "by the others can help"));
    return out;
  }
  if (n_ > 0) {
    if (absl::Status s = Exhaustive(); !s.ok()) return s;
    if (found_.empty() && !exhaustive_through_) {
      if (absl::Status s = BestFirst(); !s.ok()) return s;
    } else if (found_.empty() && sizes_done_ < n_) {
      stop_ = absl::StrCat("sets of up to ", sizes_done_,
                           " moves tried (the exact size)");
      if (absl::Status s = BestFirst(); !s.ok()) return s;
    }
  }
  Report(&out);
  return out;
}

}  // namespace

std::vector<v1::PartyOverlay> OverlaysOf(
    const google::protobuf::RepeatedPtrField<v1::ConcessionMove>& moves) {
  std::vector<v1::PartyOverlay> out;
  for (const v1::ConcessionMove& m : moves) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& o) {
      return o.party() == m.party();
    });
    if (it == out.end()) {
      out.emplace_back().set_party(m.party());
      it = out.end() - 1;
    }
    if (!m.lift_rule().empty()) it->add_lift_rules(m.lift_rule());
    if (!m.tolerate().empty()) it->add_tolerate(m.tolerate());
  }
  return out;
}

absl::StatusOr<v1::ConcessionSearch> SearchConcession(
    const ConcessionInput& input, const TryTick& tick) {
  absl::StatusOr<ConcessionMoves> moves = CollectMoves(input);
  if (!moves.ok()) return moves.status();
  Search search(input, *std::move(moves), tick);
  return search.Run();
}

}  // namespace concert::coordinator
