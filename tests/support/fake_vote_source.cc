#include "tests/support/fake_vote_source.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace concert::coordinator::testing {

FakeVoteSource::FakeVoteSource(int parties)
    : memory_(parties, v1::MEMORY_SET),
      unreachable_(parties, false),
      details_unreachable_(parties, false),
      votes_([](int, ProposalSet, int, std::span<const std::uint32_t>) {
        return v1::VOTE_SUPPORT;
      }),
      asked_(parties, 0) {
  for (int i = 0; i < parties; ++i) ids_.push_back(absl::StrCat("P", i));
}

absl::Status FakeVoteSource::Table(const TableContext& context) {
  ++table_calls_;
  if (context.draft == nullptr) return absl::InvalidArgumentError("no draft");
  return absl::OkStatus();
}

absl::Status FakeVoteSource::Ask(std::span<const Question> questions,
                                 bool details, std::uint64_t ask,
                                 std::vector<PartyAnswers>* out) {
  ++ask_calls_;
  out->assign(ids_.size(), PartyAnswers{});
  if (details) {
    ++detail_calls_;
    detail_questions_ += questions.size();
  }
  for (int i = 0; i < party_count(); ++i) {
    if (!((ask >> i) & 1u)) continue;
    PartyAnswers& a = (*out)[i];
    if (unreachable_[i] || (details && details_unreachable_[i])) {
      a.error = "connection refused";
      continue;
    }
    a.answered = true;
    for (const Question& q : questions) {
      const v1::Vote v =
          votes_(i, q.adopted, static_cast<int>(q.proposal), q.history);
      a.votes.push_back(static_cast<std::uint8_t>(v));
      if (details) {
        VoteDetail d;
        d.rationale =
            absl::StrCat(ids_[i], " on p", q.proposal, " after ", q.adopted);
        a.details.push_back(std::move(d));
        continue;
      }
      ++asked_[i];
      std::string key = absl::StrCat(i, "/", q.adopted, "/", q.proposal, "/");
      if (memory_[i] == v1::MEMORY_HISTORY) {
        for (std::uint32_t h : q.history) absl::StrAppend(&key, h, ",");
      }
      max_repeats_ = std::max(max_repeats_, ++seen_[key]);
    }
  }
  return absl::OkStatus();
}

std::vector<std::vector<int>> RandomPrerequisites(int n, double p,
                                                  std::mt19937& random) {
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), random);
  std::bernoulli_distribution coin(p);
  std::vector<std::vector<int>> req(n);
  for (int b = 0; b < n; ++b) {
    for (int a = 0; a < b; ++a) {
      if (coin(random)) req[order[b]].push_back(order[a]);
    }
  }
  return req;
}

std::uint64_t Mix(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                  std::uint64_t d) {
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (std::uint64_t v : {a, b, c, d}) {
    x ^= v + 0x9e3779b97f4a7c15ull + (x << 6) + (x >> 2);
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 29;
  }
  return x;
}

}  // namespace concert::coordinator::testing
