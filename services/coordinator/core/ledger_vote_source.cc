#include "services/coordinator/core/ledger_vote_source.h"

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

LedgerVoteSource::LedgerVoteSource(VoteSource& live, RecordStore* store,
                                   std::string session_id,
                                   std::map<int, std::vector<v1::CastVote>> recorded)
    : live_(live), store_(store), session_id_(std::move(session_id)),
      recorded_(std::move(recorded)) {
  if (store_ != nullptr) {
    // Each answer is made durable the moment it arrives: a coordinator
    // killed while one party keeps a round waiting loses no vote already cast.
    live_.SetAnswerObserver([this](int party, const PartyAnswers& answers) {
      (void)Record({Cast(party, answers)});
    });
  }
}

v1::CastVote LedgerVoteSource::Cast(int i, const PartyAnswers& a) const {
  v1::CastVote cast;
  cast.set_party(party_id(i));
  cast.set_absent(!a.answered);
  cast.set_attempts(a.attempts);
  cast.set_latency_us(a.latency_us);
  if (a.answered) {
    cast.set_vote(static_cast<v1::Vote>(a.votes[0]));
    if (!a.details.empty()) {
      cast.set_utility_change(a.details[0].utility_change);
      cast.set_rationale(a.details[0].rationale);
      for (const auto& c : a.details[0].conditions) cast.add_conditions(c);
    }
  } else {
    cast.set_rationale(a.error);
  }
  return cast;
}

absl::Status LedgerVoteSource::Record(const std::vector<v1::CastVote>& casts) {
  if (store_ == nullptr || casts.empty()) return absl::OkStatus();
  std::lock_guard lock(record_mu_);
  absl::Status s = store_->RecordVotes(session_id_, round_, proposal_, casts);
  if (!s.ok() && record_status_.ok()) {
    record_status_ = absl::Status(
        s.code(), absl::StrCat("recording the votes of round ", round_, ": ", s.message()));
  }
  return record_status_;
}

absl::Status LedgerVoteSource::Table(const TableContext& context) {
  draft_ = context.draft;
  return live_.Table(context);
}

absl::Status LedgerVoteSource::Ask(std::span<const Question> questions, bool details,
                                   std::uint64_t ask, std::vector<PartyAnswers>* out) {
  // Only a session's rounds (one question with details) are ledger entries;
  // anything else passes straight through.
  if (questions.size() != 1 || !details) return live_.Ask(questions, details, ask, out);
  const int round = ++round_;
  out->assign(party_count(), PartyAnswers{});

  // Answer from the record what it holds.
  std::uint64_t still_to_ask = ask;
  if (auto it = recorded_.find(round); it != recorded_.end()) {
    for (const v1::CastVote& cast : it->second) {
      if (cast.absent() || cast.vote() == v1::VOTE_UNSPECIFIED) continue;
      for (int i = 0; i < party_count(); ++i) {
        if (party_id(i) != cast.party() || !((still_to_ask >> i) & 1u)) continue;
        PartyAnswers& a = (*out)[i];
        a.answered = true;
        a.votes.assign(1, static_cast<std::uint8_t>(cast.vote()));
        VoteDetail d;
        d.utility_change = cast.utility_change();
        d.rationale = cast.rationale();
        d.conditions.assign(cast.conditions().begin(), cast.conditions().end());
        a.details.assign(1, std::move(d));
        a.attempts = cast.attempts();
        a.latency_us = cast.latency_us();
        still_to_ask &= ~(std::uint64_t{1} << i);
        ++replayed_;
      }
    }
  }
  if (still_to_ask == 0) return absl::OkStatus();

  {
    std::lock_guard lock(record_mu_);
    proposal_ = draft_ != nullptr &&
                        questions[0].proposal < static_cast<std::uint32_t>(draft_->proposals_size())
                    ? draft_->proposals(questions[0].proposal).id()
                    : absl::StrCat(questions[0].proposal);
  }
  std::vector<PartyAnswers> live;
  if (auto s = live_.Ask(questions, details, still_to_ask, &live); !s.ok()) return s;
  std::vector<v1::CastVote> casts;
  for (int i = 0; i < party_count(); ++i) {
    if (!((still_to_ask >> i) & 1u)) continue;
    casts.push_back(Cast(i, live[i]));
    (*out)[i] = std::move(live[i]);
    ++live_votes_;
  }
  // Every answer (with its attempt count) durable before the runner decides
  // — and the client hears — the round's outcome.
  return Record(casts);
}

}  // namespace concert::coordinator
