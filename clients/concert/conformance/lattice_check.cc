// The lattice-range check: a party that declares answers_lattice takes a
// range of the tabled draft's lattice order (EvaluateBatch.lattice_first /
// lattice_count) and answers it exactly as it answers the same questions
// sent by set — the coordinator files a range's votes under the questions
// it walked itself, so a party walking another order files votes under the
// wrong questions without any error. A range past the lattice's end is
// refused with `error`, and the party goes on answering.
#include <algorithm>
#include <bit>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"
#include "services/common/lattice_order.h"

namespace concert::conformance {
namespace {

// The first questions of the order asked: enough to cross several sets and
// levels of a small draft, few enough for one short batch.
constexpr std::uint64_t kAsked = 300;
// Request ids: the ranges 1..3, then these, written in id order.
constexpr std::uint64_t kBySetId = 60;
constexpr std::uint64_t kPastEndId = 70;
constexpr std::uint64_t kAfterId = 80;

// One batch: questions [first, first + count) of the order, as a range or
// (kBySet) one by one; a kPastEnd range must be refused.
struct Planned {
  enum Kind { kRange, kBySet, kPastEnd } kind = kRange;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  bool answered = false;
};

std::string RangeText(const Planned& range) {
  return absl::StrCat("range [", range.first, ", ", range.first + range.count,
                      ")");
}

v1::EvaluateBatch RangeBatch(std::uint64_t request_id,
                             const std::string& digest, const Planned& range) {
  v1::EvaluateBatch batch;
  batch.set_request_id(request_id);
  batch.set_draft_digest(digest);
  batch.set_set_words(1);
  batch.set_lattice_first(range.first);
  batch.set_lattice_count(static_cast<std::uint32_t>(range.count));
  return batch;
}

// What is wrong with `result`, the answer to `range` (empty: nothing).
// `by_set` holds the votes by set of the questions asked (0: none).
std::string JudgeRange(const v1::EvaluateBatchResult& result,
                       const Planned& range, const DraftIndex& index,
                       const std::vector<Question>& asked,
                       const std::vector<int>& by_set) {
  const std::string name = RangeText(range);
  if (range.kind == Planned::kPastEnd) {
    if (result.error().empty()) {
      return absl::StrCat(name, ", past the lattice's ", range.first,
                          " questions: answered ", result.votes_size(),
                          " vote(s) and no `error`");
    }
    if (result.votes_size() != 0 || result.details_size() != 0) {
      return absl::StrCat(name, ": `error` set but ", result.votes_size(),
                          " votes as well (they must be empty)");
    }
    return "";
  }
  if (!result.error().empty()) {
    return absl::StrCat(name, " refused: ", result.error());
  }
  if (result.votes_size() != static_cast<int>(range.count)) {
    return absl::StrCat(name, " answered with ", result.votes_size(),
                        " votes for its lattice_count ", range.count);
  }
  for (int i = 0; i < result.votes_size(); ++i) {
    const std::uint64_t q = range.first + i;
    const int vote = result.votes(i);
    if (IsValidVote(vote) && (by_set[q] == 0 || vote == by_set[q])) continue;
    return absl::StrCat(
        name, " question ", q, " of the order (", QuestionText(asked[q], index),
        "): ", VoteText(vote),
        IsValidVote(vote) ? absl::StrCat(", asked by set ", VoteText(by_set[q]))
                          : "");
  }
  return "";
}

}  // namespace

CheckResult CheckLatticeRange(
    PartyClient& client, const DraftIndex& index, const std::string& digest,
    const std::optional<v1::DescribeResponse>& described,
    StreamSupport support) {
  if (!described || !described->answers_lattice()) {
    return Skip(kLatticeRange,
                "skipped: Describe does not set answers_lattice (the "
                "coordinator sends every question)");
  }
  if (described->memory() != v1::MEMORY_SET) {
    return Skip(kLatticeRange,
                "skipped: answers_lattice is set, but ranges are sent only to "
                "MEMORY_SET parties");
  }
  if (support != StreamSupport::kConforming) {
    return Skip(kLatticeRange,
                "skipped: ranges come over EvaluateStream, which did not pass "
                "evaluate-stream");
  }
  std::vector<Question> asked;
  WalkLattice(index, kAsked, [&](const LatticeQuestion& q) {
    Question question{{}, q.proposal};
    for (ProposalSet s = q.set; s != 0; s &= s - 1) {
      question.adopted.push_back(std::countr_zero(s));
    }
    asked.push_back(std::move(question));
  });
  const std::uint64_t m = asked.size();
  if (m == 0) return Skip(kLatticeRange, "skipped: the draft has no questions");
  // Counted only when the whole lattice is within what a party walks.
  const std::uint64_t total =
      m < kAsked
          ? m
          : WalkLattice(index, kMaxLatticeWalk, [](const LatticeQuestion&) {});
  const bool counted = total < kMaxLatticeWalk;

  // [0, 1), [1, m/2), [m/2, m) (the empty ones dropped), the same questions
  // by set, a range past the end, and a valid range after it.
  std::map<std::uint64_t, Planned> planned;
  const std::uint64_t half = std::max<std::uint64_t>(1, m / 2);
  std::uint64_t id = 1;
  for (auto [lo, hi] :
       {std::pair<std::uint64_t, std::uint64_t>{0, 1}, {1, half}, {half, m}}) {
    if (hi > lo) planned[id++] = Planned{Planned::kRange, lo, hi - lo};
  }
  planned[kBySetId] = Planned{Planned::kBySet, 0, m};
  if (counted) planned[kPastEndId] = Planned{Planned::kPastEnd, total, 1};
  planned[kAfterId] = Planned{Planned::kRange, 0, m};
  std::vector<v1::EvaluateBatch> batches;
  batches.reserve(planned.size());
  for (const auto& [rid, p] : planned) {
    batches.push_back(p.kind == Planned::kBySet
                          ? BatchFor(asked, rid, digest, /*details=*/false,
                                     /*with_history=*/false)
                          : RangeBatch(rid, digest, p));
  }

  const StreamExchange exchange = client.EvaluateStream(batches);
  ProblemList problems;
  // The votes by set first: the ranges are held against them.
  std::vector<int> by_set(m, 0);
  for (const v1::EvaluateBatchResult& result : exchange.results) {
    if (result.request_id() != kBySetId) continue;
    if (result.error().empty() && result.votes_size() == static_cast<int>(m)) {
      for (std::uint64_t q = 0; q < m; ++q) by_set[q] = result.votes(q);
    } else {
      problems.Add(absl::StrCat(
          "the ", m, " questions asked by set were answered with ",
          result.votes_size(), " votes, error '", result.error(), "'"));
    }
  }
  for (const v1::EvaluateBatchResult& result : exchange.results) {
    auto it = planned.find(result.request_id());
    if (it == planned.end() || it->second.answered) {
      problems.Add(absl::StrCat(
          "answered request id ", result.request_id(),
          it == planned.end() ? ", which was never sent" : " twice"));
      continue;
    }
    it->second.answered = true;
    if (it->second.kind == Planned::kBySet) continue;
    std::string wrong = JudgeRange(result, it->second, index, asked, by_set);
    if (!wrong.empty()) problems.Add(std::move(wrong));
  }
  for (const auto& [rid, p] : planned) {
    if (p.answered) continue;
    problems.Add(p.kind == Planned::kBySet
                     ? "the questions by set were not answered"
                     : absl::StrCat(RangeText(p), " was not answered"));
  }
  if (!exchange.status.ok()) {
    problems.Add(
        absl::StrCat("the stream ended with ", StatusText(exchange.status)));
  }
  if (!problems.empty()) return Fail(kLatticeRange, problems.Summary());
  return Pass(
      kLatticeRange,
      absl::StrCat(
          "questions [0, ", m, ") of ", counted ? absl::StrCat(total) : "2^20+",
          " in lattice order, as ", id - 1,
          " ranges and as one: the same votes as asked by set; ",
          counted ? absl::StrCat(RangeText(planned[kPastEndId]),
                                 ", past the end, refused with `error`")
                  : "no range past the end asked",
          "; still answering, in ", exchange.elapsed.count(), " ms"));
}

}  // namespace concert::conformance
