// A vote source that keeps a session's ledger: it records every party's
// answer in the record store before handing it to the session runner (so a
// vote is durable before its round's outcome is decided, let alone
// reported), and, when a session is resumed, answers from the recorded votes
// instead of asking the parties again.
//
// Ledger entries are a session's rounds: one question with details, whose
// Question::round names the round (the session runner sets it). Anything
// else (a question without a round, a batch) passes straight through to the
// live source. The runner is deterministic given the answers, so a resumed
// session replays its recorded rounds vote for vote and continues live where
// the record ends. Only answered votes are replayed; a party that was
// unreachable when the session stopped is asked again.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_LEDGER_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_LEDGER_VOTE_SOURCE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "concert/v1/session.pb.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

class LedgerVoteSource : public VoteSource {
 public:
  // `live` answers what the record does not; `store` (may be null: no
  // recording) receives every new vote of session `session_id`.
  // `recorded` maps round numbers to the votes recorded for them.
  LedgerVoteSource(VoteSource& live, RecordStore* store, std::string session_id,
                   std::map<int, std::vector<v1::CastVote>> recorded = {});
  ~LedgerVoteSource() override;

  int party_count() const override { return live_.party_count(); }
  const std::string& party_id(int i) const override {
    return live_.party_id(i);
  }
  v1::Memory party_memory(int i) const override {
    return live_.party_memory(i);
  }
  std::string party_version(int i) const override {
    return live_.party_version(i);
  }
  absl::Status Table(const TableContext& context) override;
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;

  // Votes answered from the record, and asked live, so far.
  int replayed_votes() const { return replayed_; }
  int live_votes() const { return live_votes_; }
  // The first failure to record a vote, if any (later votes are still
  // handed to the runner).
  absl::Status record_status() const;

 private:
  // Records `casts` for round `round`; keeps the first failure.
  absl::Status Record(int round, const std::string& proposal,
                      const std::vector<v1::CastVote>& casts);

  VoteSource& live_;
  RecordStore* const store_;
  const std::string session_id_;
  const std::map<int, std::vector<v1::CastVote>> recorded_;
  const v1::CharterDraft* draft_ = nullptr;

  // Observer calls come from gRPC threads while Ask waits; they record
  // under the round and proposal that Ask set before asking.
  mutable absl::Mutex mu_;
  int round_ ABSL_GUARDED_BY(mu_) = 0;
  std::string proposal_ ABSL_GUARDED_BY(mu_);
  absl::Status record_status_ ABSL_GUARDED_BY(mu_);

  int replayed_ = 0;
  int live_votes_ = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_LEDGER_VOTE_SOURCE_H_
