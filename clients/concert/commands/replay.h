// Replays of recorded runs: `concert run --replay ID` and `concert explore
// --replay ID` (and, through OpenComparisonReplay, `concert compare
// --replay ID`) fetch a record, rerun its exact draft, variant and decision
// rule (an exploration also its strategy, and its samples and seed when it
// sampled) — with no --coordinator, in an embedded forum seating the
// record's own scenario — print the new result as the command always does,
// then one line saying whether it reproduces the record (what must match:
// records_compare.h). The line goes to stdout after a text or Markdown
// report, to stderr after JSON so that stdout stays one JSON document.
//
// Exit codes: 0 the replay matches its record; 6 it completed and differs;
// otherwise as the command (2 no record ID or a record of the other kind,
// 4 a party or the coordinator unreachable — including a replayed session
// left SUSPENDED that the record did not end so — 5 over the budget).
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_REPLAY_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_REPLAY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/forum/forum_flags.h"
#include "concert/v1/compare.pb.h"
#include "concert/v1/records.pb.h"

namespace concert::cli {

// `concert run --replay flags.replay`; flags.draft, forum.scenario,
// forum.variant and the rule flags are not used (the record decides them).
int ReplaySession(const RunFlags& flags);

// `concert explore --replay flags.replay`; flags.draft, forum.scenario,
// forum.variant, the rule flags, strategy, samples and seed are not used.
// The budgets, --graph and the output flags apply as for `concert explore`.
int ReplayExploration(const ExploreFlags& flags);

// What `concert compare --replay ID` needs: the comparison record, a forum
// able to run it again, and the request to send.
struct ComparisonReplay {
  v1::ComparisonRecord record;
  std::unique_ptr<ForumConnection> connection;
  // ComparisonReplayRequest (records_compare.h): the recorded request.
  v1::CompareRequest request;
};

// Fetches comparison record `id` and a forum to run it again, as
// OpenForumForRecord does for sessions and explorations: with
// `flags.coordinator`, that coordinator (it keeps its own scenario and
// parties; a note on stderr names the scenario the record was made with);
// without, an embedded forum over `flags.db` seating the RECORD's scenario,
// so the same parties with the same interests vote again. The request
// asks for the rows' graphs when `include_graphs`. NOT_FOUND for no record
// `id`; INVALID_ARGUMENT for a session or an exploration, naming the
// command that replays it. Compare the new result with
// CompareComparisonReplay (records_compare.h).
absl::StatusOr<ComparisonReplay> OpenComparisonReplay(const ForumFlags& flags,
                                                      const std::string& id,
                                                      bool include_graphs);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_REPLAY_H_
