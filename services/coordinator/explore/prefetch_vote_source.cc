#include "services/coordinator/explore/prefetch_vote_source.h"

#include <bit>
#include <utility>

namespace concert::coordinator {
namespace {

std::uint64_t PartyBit(int i) { return std::uint64_t{1} << i; }

bool Has(std::uint64_t mask, int i) { return i < 64 && ((mask >> i) & 1u); }

}  // namespace

PrefetchingVoteSource::PrefetchingVoteSource(VoteSource& inner,
                                             std::uint64_t max_questions)
    : inner_(inner), max_questions_(max_questions) {}

absl::Status PrefetchingVoteSource::Table(const TableContext& context) {
  phase_ = Phase::kPassThrough;
  index_.reset();
  table_.reset();
  candidates_.clear();
  held_ = 0;
  votes_.clear();
  failed_ = 0;
  failures_.clear();
  questions_ahead_ = answered_ahead_ = forwarded_ = 0;
  have_last_ = false;
  absl::Status status = inner_.Table(context);
  if (!status.ok() || max_questions_ == 0 || context.draft == nullptr) {
    return status;
  }
  auto index = DraftIndex::Build(*context.draft);
  // The wrapped source took the draft; one it can index is asked ahead,
  // any other passed through.
  if (!index.ok()) return absl::OkStatus();
  index_.emplace(*std::move(index));
  phase_ = Phase::kUntried;
  return absl::OkStatus();
}

absl::Status PrefetchingVoteSource::Forward(std::span<const Question> questions,
                                            std::uint64_t ask,
                                            std::vector<PartyAnswers>* out) {
  forwarded_ += questions.size() * std::popcount(ask);
  return inner_.Ask(questions, /*details=*/false, ask, out);
}

absl::Status PrefetchingVoteSource::AskAhead(std::uint64_t ask) {
  phase_ = Phase::kPassThrough;
  for (int i = 0; i < party_count(); ++i) {
    if (Has(ask, i) && party_memory(i) != v1::MEMORY_SET) {
      return absl::OkStatus();
    }
  }
  // Too many questions to pay (RESOURCE_EXHAUSTED): the walk asks level by
  // level.
  absl::StatusOr<QuestionTable> built =
      QuestionTable::Build(*index_, max_questions_);
  if (!built.ok() || built->size() == 0) return absl::OkStatus();
  table_.emplace(*std::move(built));
  const std::vector<Question>& questions = table_->questions();
  candidates_.assign(table_->sets().size(), 0);
  for (std::uint32_t s = 0; s < candidates_.size(); ++s) {
    for (std::uint64_t q = table_->first_question(s);
         q < table_->first_question(s + 1); ++q) {
      candidates_[s] |= Bit(static_cast<int>(questions[q].proposal));
    }
  }
  std::vector<PartyAnswers> ahead;
  // The table is the lattice order: a party that walks it itself is asked
  // a range, not each question.
  absl::Status status = inner_.AskLattice(questions, ask, &ahead);
  if (!status.ok()) return status;
  ahead.resize(party_count());
  votes_.assign(party_count(), {});
  failures_.assign(party_count(), {});
  for (int i = 0; i < party_count(); ++i) {
    if (!Has(ask, i)) continue;
    if (ahead[i].answered && ahead[i].votes.size() == questions.size()) {
      votes_[i] = std::move(ahead[i].votes);
      held_ |= PartyBit(i);
    } else {
      failures_[i] = std::move(ahead[i]);
      failed_ |= PartyBit(i);
    }
  }
  questions_ahead_ = questions.size() * std::popcount(ask);
  phase_ = Phase::kHolding;
  return absl::OkStatus();
}

std::uint64_t PrefetchingVoteSource::PositionOf(const Question& q) {
  if (q.proposal >= static_cast<std::uint32_t>(table_->proposals())) {
    return QuestionTable::kNoQuestion;
  }
  if (!have_last_ || q.adopted != last_set_) {
    last_set_ = q.adopted;
    last_id_ = table_->Find(q.adopted);
    have_last_ = true;
  }
  if (last_id_ == QuestionTable::kNone) return QuestionTable::kNoQuestion;
  const ProposalSet mask = candidates_[last_id_];
  const ProposalSet bit = Bit(static_cast<int>(q.proposal));
  if ((mask & bit) == 0) return QuestionTable::kNoQuestion;
  return table_->first_question(last_id_) + std::popcount(mask & (bit - 1));
}

absl::Status PrefetchingVoteSource::Ask(std::span<const Question> questions,
                                        bool details, std::uint64_t ask,
                                        std::vector<PartyAnswers>* out) {
  if (details) return inner_.Ask(questions, details, ask, out);
  if (phase_ == Phase::kUntried && !questions.empty()) {
    absl::Status status = AskAhead(ask);
    if (!status.ok()) return status;
  }
  if (phase_ != Phase::kHolding) return Forward(questions, ask, out);

  out->assign(party_count(), PartyAnswers{});
  // A party that failed the ask ahead fails this ask, once; after that it
  // is asked live like any party not held.
  const std::uint64_t failing = ask & failed_;
  for (int i = 0; i < party_count(); ++i) {
    if (Has(failing, i)) (*out)[i] = std::move(failures_[i]);
  }
  failed_ &= ~failing;
  const std::uint64_t held = ask & held_;
  const std::uint64_t live = ask & ~held_ & ~failing;

  const std::size_t n = questions.size();
  std::vector<std::uint64_t> positions(n);
  std::vector<Question> misses;
  std::vector<std::size_t> missed_at;
  for (std::size_t k = 0; k < n; ++k) {
    positions[k] = PositionOf(questions[k]);
    if (positions[k] == QuestionTable::kNoQuestion) {
      misses.push_back(questions[k]);
      missed_at.push_back(k);
    }
  }
  std::vector<PartyAnswers> missed;
  if (!misses.empty() && held != 0) {
    absl::Status status = Forward(misses, held, &missed);
    if (!status.ok()) return status;
    missed.resize(party_count());
  }
  for (int i = 0; i < party_count(); ++i) {
    if (!Has(held, i)) continue;
    PartyAnswers& a = (*out)[i];
    if (!misses.empty() && !missed[i].answered) {
      a = std::move(missed[i]);
      continue;
    }
    a.answered = true;
    a.votes.resize(n);
    const std::vector<std::uint8_t>& ahead = votes_[i];
    for (std::size_t k = 0; k < n; ++k) {
      if (positions[k] != QuestionTable::kNoQuestion) {
        a.votes[k] = ahead[positions[k]];
      }
    }
    for (std::size_t m = 0; m < misses.size(); ++m) {
      a.votes[missed_at[m]] = missed[i].votes[m];
    }
    if (!misses.empty()) {
      a.attempts = missed[i].attempts;
      a.latency_us = missed[i].latency_us;
    }
  }
  answered_ahead_ += (n - misses.size()) * std::popcount(held);
  if (live != 0) {
    std::vector<PartyAnswers> rest;
    absl::Status status = Forward(questions, live, &rest);
    if (!status.ok()) return status;
    rest.resize(party_count());
    for (int i = 0; i < party_count(); ++i) {
      if (Has(live, i)) (*out)[i] = std::move(rest[i]);
    }
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
