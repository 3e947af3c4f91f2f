#include "services/coordinator/core/ledger_vote_source.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/coordinator/core/cast_vote.h"

namespace concert::coordinator {
namespace {

// The answer a recorded vote stands for.
PartyAnswers AnswerOf(const v1::CastVote& cast) {
  PartyAnswers a;
  a.answered = true;
  a.votes.assign(1, static_cast<std::uint8_t>(cast.vote()));
  VoteDetail d;
  d.utility_change = cast.utility_change();
  d.rationale = cast.rationale();
  d.conditions.assign(cast.conditions().begin(), cast.conditions().end());
  d.statement = cast.statement();
  a.details.push_back(std::move(d));
  a.attempts = cast.attempts();
  a.latency_us = cast.latency_us();
  a.replayed = true;
  return a;
}

}  // namespace

LedgerVoteSource::LedgerVoteSource(
    VoteSource& live, RecordStore* store, std::string session_id,
    std::map<int, std::vector<v1::CastVote>> recorded)
    : live_(live),
      store_(store),
      session_id_(std::move(session_id)),
      recorded_(std::move(recorded)) {
  if (store_ != nullptr) {
    // Each answer is made durable the moment it arrives: a coordinator
    // killed while one party keeps a round waiting loses no vote already cast.
    live_.SetAnswerObserver([this](int party, const PartyAnswers& answers) {
      int round;
      std::string proposal;
      {
        absl::MutexLock lock(&mu_);
        round = round_;
        proposal = proposal_;
      }
      if (round > 0)
        (void)Record(round, proposal, {CastVoteOf(party_id(party), answers)});
    });
  }
}

LedgerVoteSource::~LedgerVoteSource() {
  // The observer points at this ledger; the live source may outlive it.
  if (store_ != nullptr) live_.SetAnswerObserver(nullptr);
}

absl::Status LedgerVoteSource::record_status() const {
  absl::MutexLock lock(&mu_);
  return record_status_;
}

absl::Status LedgerVoteSource::Record(int round, const std::string& proposal,
                                      const std::vector<v1::CastVote>& casts) {
  if (store_ == nullptr || casts.empty()) return absl::OkStatus();
  absl::Status s = store_->RecordVotes(session_id_, round, proposal, casts);
  absl::MutexLock lock(&mu_);
  if (!s.ok() && record_status_.ok()) {
    record_status_ =
        absl::Status(s.code(), absl::StrCat("recording the votes of round ",
                                            round, ": ", s.message()));
  }
  return record_status_;
}

absl::Status LedgerVoteSource::Table(const TableContext& context) {
  draft_ = context.draft;
  return live_.Table(context);
}

absl::Status LedgerVoteSource::Ask(std::span<const Question> questions,
                                   bool details, std::uint64_t ask,
                                   std::vector<PartyAnswers>* out) {
  if (questions.size() != 1 || !details || questions[0].round <= 0) {
    return live_.Ask(questions, details, ask, out);
  }
  const int round = questions[0].round;
  out->assign(party_count(), PartyAnswers{});

  // Answer from the record what it holds.
  std::uint64_t still_to_ask = ask;
  if (auto it = recorded_.find(round); it != recorded_.end()) {
    for (const v1::CastVote& cast : it->second) {
      if (cast.absent() || !IsCastableVote(cast.vote())) continue;
      for (int i = 0; i < party_count(); ++i) {
        if (party_id(i) != cast.party() || !((still_to_ask >> i) & 1u))
          continue;
        (*out)[i] = AnswerOf(cast);
        still_to_ask &= ~(std::uint64_t{1} << i);
        ++replayed_;
      }
    }
  }
  if (still_to_ask == 0) return absl::OkStatus();

  const std::uint32_t p = questions[0].proposal;
  const std::string proposal =
      draft_ != nullptr &&
              p < static_cast<std::uint32_t>(draft_->proposals_size())
          ? draft_->proposals(p).id()
          : absl::StrCat(p);
  {
    absl::MutexLock lock(&mu_);
    round_ = round;
    proposal_ = proposal;
  }
  std::vector<PartyAnswers> live;
  if (auto s = live_.Ask(questions, details, still_to_ask, &live); !s.ok())
    return s;
  std::vector<v1::CastVote> casts;
  for (int i = 0; i < party_count(); ++i) {
    if (!((still_to_ask >> i) & 1u)) continue;
    casts.push_back(CastVoteOf(party_id(i), live[i]));
    (*out)[i] = std::move(live[i]);
    ++live_votes_;
  }
  // Every answer (with its attempt count) durable before the runner decides
  // — and the client hears — the round's outcome.
  return Record(round, proposal, casts);
}

}  // namespace concert::coordinator
