#include "services/coordinator/explore/prefetch_vote_source.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace concert::coordinator {
namespace {

std::uint64_t PartyBit(int i) { return std::uint64_t{1} << i; }

bool Has(std::uint64_t mask, int i) { return i < 64 && ((mask >> i) & 1u); }

}  // namespace

PrefetchingVoteSource::PrefetchingVoteSource(
    VoteSource& inner, std::uint64_t max_questions,
    std::uint64_t overlap_min_questions)
    : inner_(inner),
      max_questions_(max_questions),
      overlap_min_questions_(overlap_min_questions) {}

PrefetchingVoteSource::~PrefetchingVoteSource() { WaitSettled(); }

void PrefetchingVoteSource::WaitSettled() {
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&settled_));
  }
  // Settling is the worker's last act: joining is immediate.
  if (worker_.joinable()) worker_.join();
}

absl::Status PrefetchingVoteSource::Table(const TableContext& context) {
  WaitSettled();
  if (table_build_.valid()) table_build_.get();
  phase_ = Phase::kPassThrough;
  index_.reset();
  table_.reset();
  {
    absl::MutexLock lock(&mu_);
    held_ = 0;
    votes_.clear();
    answered_.clear();
    landed_.clear();
    failed_ = 0;
    failures_.clear();
  }
  questions_ahead_ = answered_ahead_ = forwarded_ = 0;
  have_last_ = false;
  if (max_questions_ == 0 || context.draft == nullptr) {
    return inner_.Table(context);
  }
  auto index = DraftIndex::Build(*context.draft);
  if (index.ok()) StartTableBuild(*index);
  absl::Status status = inner_.Table(context);
  // The wrapped source took the draft; one it can index is asked ahead,
  // any other passed through.
  if (!status.ok() || !index.ok()) return status;
  index_.emplace(*std::move(index));
  phase_ = Phase::kUntried;
  return absl::OkStatus();
}

void PrefetchingVoteSource::StartTableBuild(const DraftIndex& index) {
  // A party known to answer by history is never asked ahead.
  for (int i = 0; i < party_count(); ++i) {
    if (party_memory(i) == v1::MEMORY_HISTORY) return;
  }
  if (QuestionTable::IsKept(index, max_questions_)) return;
  // Walked while the parties take the draft — a round trip in which this
  // thread only waits — rather than after it, on the way to the first ask.
  // The walk only fills QuestionTable's cache; a failure (too many
  // questions) is kept there too, and AskAhead reads both from it.
  table_build_ =
      std::async(std::launch::async, [index, max_questions = max_questions_] {
        (void)QuestionTable::Shared(index, max_questions);
      });
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
  if (table_build_.valid()) table_build_.get();
  // Too many questions to pay (RESOURCE_EXHAUSTED): the walk asks level by
  // level.
  absl::StatusOr<std::shared_ptr<const QuestionTable>> built =
      QuestionTable::Shared(*index_, max_questions_);
  if (!built.ok() || (*built)->size() == 0) return absl::OkStatus();
  table_ = *std::move(built);
  const std::uint64_t questions = table_->size();
  {
    absl::MutexLock lock(&mu_);
    votes_.assign(party_count(), {});
    for (int i = 0; i < party_count(); ++i) {
      if (Has(ask, i)) votes_[i].assign(questions, 0);
    }
    answered_.assign(party_count(), 0);
    landed_.assign(party_count(), {});
    failures_.assign(party_count(), {});
    held_ = ask;  // until the ask ahead says otherwise
    settled_ = false;
  }
  questions_ahead_ = questions * std::popcount(ask);
  phase_ = Phase::kHolding;
  // The table is the lattice order: a party that walks it itself is asked
  // a range, not each question (which are listed only for a party that
  // does not).
  const auto run = [this, ask] {
    std::vector<PartyAnswers> ahead;
    const absl::Status status =
        inner_.AskLattice(table_->prefix(), ask, &ahead,
                          [this](int party, std::uint64_t first,
                                 std::span<const std::uint8_t> votes) {
                            Landed(party, first, votes);
                          });
    Settle(status, std::move(ahead));
  };
  // Overlap pays only where there is something to overlap: a small table
  // is one small batch and a short walk, and a thread costs ~50 µs.
  if (!inner_.answers_progressively() || questions < overlap_min_questions_) {
    run();
    absl::MutexLock lock(&mu_);
    if (!ahead_status_.ok()) phase_ = Phase::kPassThrough;
    return ahead_status_;
  }
  worker_ = std::thread(run);
  return absl::OkStatus();
}

void PrefetchingVoteSource::Landed(int party, std::uint64_t first,
                                   std::span<const std::uint8_t> votes) {
  absl::MutexLock lock(&mu_);
  if (party < 0 || party >= static_cast<int>(votes_.size()) ||
      first + votes.size() > votes_[party].size()) {
    return;  // not a party asked ahead, or past the table: nothing to hold
  }
  std::copy(votes.begin(), votes.end(), votes_[party].begin() + first);
  landed_[party][first] = first + votes.size();
  // Advance the answered prefix over every range now joined to it.
  auto& landed = landed_[party];
  for (auto it = landed.begin();
       it != landed.end() && it->first <= answered_[party];
       it = landed.erase(it)) {
    answered_[party] = std::max(answered_[party], it->second);
  }
}

void PrefetchingVoteSource::Settle(const absl::Status& status,
                                   std::vector<PartyAnswers> ahead) {
  absl::MutexLock lock(&mu_);
  ahead_status_ = status;
  ahead.resize(party_count());
  const std::uint64_t asked = held_;
  held_ = 0;
  for (int i = 0; i < party_count(); ++i) {
    if (!Has(asked, i)) continue;
    const std::uint64_t size = votes_[i].size();
    if (status.ok() && ahead[i].answered && ahead[i].votes.size() == size) {
      // A source that did not tell every part as it landed: take them now
      // (the same answers as any told before).
      if (answered_[i] < size) {
        votes_[i] = std::move(ahead[i].votes);
        answered_[i] = size;
      }
      held_ |= PartyBit(i);
    } else {
      failures_[i] = std::move(ahead[i]);
      if (failures_[i].error.empty()) {
        failures_[i].error = "the ask ahead did not complete";
      }
      failures_[i].answered = false;
      failures_[i].votes.clear();
      failed_ |= PartyBit(i);
    }
  }
  settled_ = true;
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
  return table_->QuestionOf(last_id_, static_cast<int>(q.proposal));
}

absl::Status PrefetchingVoteSource::Ask(std::span<const Question> questions,
                                        bool details, std::uint64_t ask,
                                        std::vector<PartyAnswers>* out) {
  if (details) {
    WaitSettled();
    return inner_.Ask(questions, details, ask, out);
  }
  if (phase_ == Phase::kUntried && !questions.empty()) {
    absl::Status status = AskAhead(ask);
    if (!status.ok()) return status;
  }
  if (phase_ != Phase::kHolding) return Forward(questions, ask, out);

  const std::size_t n = questions.size();
  std::vector<std::uint64_t> positions(n);
  std::vector<Question> misses;
  std::vector<std::size_t> missed_at;
  std::uint64_t needed = 0;  // answers [0, needed) of the table
  for (std::size_t k = 0; k < n; ++k) {
    positions[k] = PositionOf(questions[k]);
    if (positions[k] == QuestionTable::kNoQuestion) {
      misses.push_back(questions[k]);
      missed_at.push_back(k);
    } else {
      needed = std::max(needed, positions[k] + 1);
    }
  }

  out->assign(party_count(), PartyAnswers{});
  std::uint64_t held = 0;
  std::uint64_t live = 0;
  {
    absl::MutexLock lock(&mu_);
    // Ready when the ask ahead has ended, or when every party asked holds
    // the answers needed and nothing has to go to the wrapped source.
    const auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      if (settled_) return true;
      if (!misses.empty() || (ask & ~held_) != 0) return false;
      for (int i = 0; i < party_count(); ++i) {
        if (Has(ask, i) && answered_[i] < needed) return false;
      }
      return true;
    };
    mu_.Await(absl::Condition(&ready));
    // The ask ahead itself was malformed (it never is in a walk).
    if (settled_ && !ahead_status_.ok()) return ahead_status_;
    // A party that failed the ask ahead part-way still answers from what
    // landed; the first ask that needs more fails for it, once, and after
    // that it is asked live like any party not held.
    std::uint64_t failing = 0;
    for (int i = 0; i < party_count(); ++i) {
      if (!Has(ask & failed_, i)) continue;
      if (misses.empty() && answered_[i] >= needed) {
        held |= PartyBit(i);
      } else {
        failing |= PartyBit(i);
        (*out)[i] = std::move(failures_[i]);
      }
    }
    failed_ &= ~failing;
    held |= ask & held_;
    live = ask & ~held_ & ~failed_ & ~failing;
    for (int i = 0; i < party_count(); ++i) {
      if (!Has(held, i)) continue;
      PartyAnswers& a = (*out)[i];
      a.answered = true;
      a.votes.resize(n);
      const std::vector<std::uint8_t>& ahead = votes_[i];
      for (std::size_t k = 0; k < n; ++k) {
        if (positions[k] != QuestionTable::kNoQuestion) {
          a.votes[k] = ahead[positions[k]];
        }
      }
    }
  }
  // Past here the ask ahead has ended whenever the wrapped source is
  // asked (misses or live parties make the wait above wait for it).
  if (!misses.empty() && held != 0) {
    std::vector<PartyAnswers> missed;
    absl::Status status = Forward(misses, held, &missed);
    if (!status.ok()) return status;
    missed.resize(party_count());
    for (int i = 0; i < party_count(); ++i) {
      if (!Has(held, i)) continue;
      PartyAnswers& a = (*out)[i];
      if (!missed[i].answered) {
        a = std::move(missed[i]);
        continue;
      }
      for (std::size_t m = 0; m < misses.size(); ++m) {
        a.votes[missed_at[m]] = missed[i].votes[m];
      }
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
