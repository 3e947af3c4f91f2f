// Replays of recorded runs: `concert run --replay ID` and `concert explore
// --replay ID` fetch a record, rerun its exact draft, variant and decision
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

#include "clients/concert/commands/commands.h"

namespace concert::cli {

// `concert run --replay flags.replay`; flags.draft, forum.scenario,
// forum.variant and the rule flags are not used (the record decides them).
int ReplaySession(const RunFlags& flags);

// `concert explore --replay flags.replay`; flags.draft, forum.scenario,
// forum.variant, the rule flags, strategy, samples and seed are not used.
// The budgets, --graph and the output flags apply as for `concert explore`.
int ReplayExploration(const ExploreFlags& flags);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_REPLAY_H_
