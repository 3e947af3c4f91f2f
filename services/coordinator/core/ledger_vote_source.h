// A vote source that keeps the session's ledger: it records every party's
// answer in the record store before handing it to the session runner (so a
// vote is durable before its round's outcome is decided, let alone
// reported), and, when a session is resumed, answers from the recorded votes
// instead of asking the parties again.
//
// The session runner asks exactly one question per round, in round order,
// and is deterministic given the answers, so the k-th Ask is round k: a
// resumed session replays its recorded rounds vote for vote and continues
// live where the record ends. Only answered votes are replayed; a party that
// was unreachable when the session stopped is asked again.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_LEDGER_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_LEDGER_VOTE_SOURCE_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "concert/v1/session.pb.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/core/vote_source.h"

namespace concert::coordinator {

class LedgerVoteSource : public VoteSource {
 public:
  // `live` answers what the record does not; `store` (may be null: no
  // recording) receives every new vote of session `session_id`.
  // `recorded` maps round numbers to the votes recorded for them.
  LedgerVoteSource(VoteSource& live, RecordStore* store, std::string session_id,
                   std::map<int, std::vector<v1::CastVote>> recorded = {});

  int party_count() const override { return live_.party_count(); }
  const std::string& party_id(int i) const override { return live_.party_id(i); }
  v1::Memory party_memory(int i) const override { return live_.party_memory(i); }
  absl::Status Table(const TableContext& context) override;
  absl::Status Ask(std::span<const Question> questions, bool details, std::uint64_t ask,
                   std::vector<PartyAnswers>* out) override;

  // Votes answered from the record, and asked live, so far.
  int replayed_votes() const { return replayed_; }
  int live_votes() const { return live_votes_; }

 private:
  VoteSource& live_;
  RecordStore* store_;
  std::string session_id_;
  std::map<int, std::vector<v1::CastVote>> recorded_;
  // Builds the record of one party's answer.
  v1::CastVote Cast(int party, const PartyAnswers& answers) const;
  // Records `casts` for the current round; the first failure is kept.
  absl::Status Record(const std::vector<v1::CastVote>& casts);

  const v1::CharterDraft* draft_ = nullptr;
  int round_ = 0;
  std::string proposal_;   // the current round's proposal id
  std::mutex record_mu_;   // observer calls come from gRPC threads
  absl::Status record_status_;
  int replayed_ = 0;
  int live_votes_ = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_LEDGER_VOTE_SOURCE_H_
