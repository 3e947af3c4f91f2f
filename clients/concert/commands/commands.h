// The subcommands of `concert`. Each returns the process exit code (see
// clients/concert/commands/exit_codes.h for the table) and prints its own
// errors.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_COMMANDS_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/commands/what_if_flags.h"
#include "clients/concert/forum/calls.h"
#include "clients/concert/forum/forum_flags.h"

namespace concert::cli {

// The decision-rule override a user may give.
struct RuleFlags {
  // consensus | unanimity | consensus-minus-one | consensus-minus-two |
  // qualified-majority; empty:
  // the scenario's rule.
  std::string rule;
  // Qualified majority threshold (0: the scenario's, else 2/3).
  double threshold = 0;
  // blocks | abstains; empty: the scenario's setting.
  std::string absent;

  bool any() const {
    return !rule.empty() || threshold != 0 || !absent.empty();
  }
};

struct RunFlags {
  ForumFlags forum;
  RuleFlags rule;
  std::string draft;
  // text | json
  std::string format = "text";
  // One line per round instead of the full transcript.
  bool brief = false;
  bool color = false;
  // Record id to replay (replay.h): its draft, variant and rule are rerun
  // and the outcome compared with the record; empty: run `draft`.
  std::string replay;
};
int RunCommand(const RunFlags& flags);

struct ExploreFlags {
  ForumFlags forum;
  RuleFlags rule;
  std::string draft;
  // text | json | markdown
  std::string format = "text";
  // lattice | enumerate | sample; empty: lattice, or sample for HISTORY
  // parties.
  std::string strategy;
  // Where to draw the graph (.dot or .svg); empty: nowhere.
  std::string graph;
  // proposals | lattice, and the lattice's node budget (0: 2,000).
  std::string graph_kind = "proposals";
  std::uint32_t graph_max_nodes = 0;
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  std::uint64_t max_states = 0;
  std::uint64_t max_memory_mib = 0;
  // Progress on stderr even when it is not a terminal.
  bool progress = false;
  bool color = false;
  // Record id to replay (replay.h); empty: explore `draft`.
  std::string replay;
};
int ExploreCommand(const ExploreFlags& flags);

// How `concert run` and `concert resume` show their session: from their
// --format, --brief and colour choice, laid out for the output's width, and
// naming the forum to resume on.
inline SessionOutput SessionOutputOf(const std::string& format, bool brief,
                                     bool color, const ForumFlags& forum) {
  SessionOutput output;
  output.json = format == "json";
  output.brief = brief;
  output.color = color;
  output.width = OutputWidth();
  output.resume_flags = ResumeFlagsOf(forum);
  return output;
}

// How `concert explore` shows its result, from its flags.
inline ExplorationOutput OutputOf(const ExploreFlags& flags) {
  ExplorationOutput output{flags.format, flags.graph, flags.color};
  output.width = OutputWidth();
  output.graph_kind = flags.graph_kind;
  output.graph_max_nodes = flags.graph_max_nodes;
  return output;
}

// Flags of `concert compare` (commands/compare.cc).
struct CompareFlags {
  // forum.variant is unused: `variants` names them.
  ForumFlags forum;
  RuleFlags rule;
  std::vector<std::string> drafts;
  // "all", or names separated by commas ("baseline" for the baseline).
  std::string variants = "all";
  // Decision rules separated by commas; empty: the scenario's (or --rule).
  std::string rules;
  std::uint64_t samples = 0;
  // One size (ideals, saliences, thresholds) or "ideal=1,salience=0.2,..."
  // (ParseSpread, compare.cc).
  std::string spread = "0.5";
  std::uint64_t seed = 1;
  // "I/N"; empty: every sample.
  std::string shard;
  WhatIfFlags what_if;
  bool concessions = false;
  std::uint32_t concession_size = 0;
  std::uint32_t concession_budget = 0;
  // text | json | markdown | csv | html
  std::string format = "text";
  // Where to write the report; empty: stdout.
  std::string out;
  bool progress = false;
  bool color = false;
  // Record id to replay; empty: compare `drafts`.
  std::string replay;
};
int CompareCommand(const CompareFlags& flags);

// `concert compare merge FILE...`: shards (JSON) into one study.
int CompareMergeCommand(const std::vector<std::string>& files,
                        const std::string& format, const std::string& out);

int CheckCommand(const std::vector<std::string>& files,
                 const std::string& scenario);

int PartiesCommand(const ForumFlags& flags);

int HealthCommand(const std::string& address, const std::string& service,
                  int timeout_ms);

// Flags of `concert records ...` (commands/records.cc). Records are read
// through a coordinator: the one at forum.coordinator, or an embedded forum
// over the database forum.db; forum.scenario and forum.variant are unused.
struct RecordsFlags {
  ForumFlags forum;
  // The record (show, export, sequences, check).
  std::string id;
  // list: "session", "exploration", or empty for both.
  std::string kind;
  // list: at most this many, newest first (0: all).
  int limit = 20;
  // show: text | json.
  std::string format = "text";
  // sequences: how many, best first.
  int sequence_limit = 10;
  // check: the order of adoption, "a,b,c" (every proposal once).
  std::string order;
  bool color = false;
};
// A table of records, newest first. 0, or the status's exit code.
int RecordsListCommand(const RecordsFlags& flags);
// One record: a header, then the session's transcript or the exploration's
// report (or the Record as JSON). 2 for no record ID.
int RecordsShowCommand(const RecordsFlags& flags);
// The whole Record as JSON, with an exploration's consensus graph.
int RecordsExportCommand(const RecordsFlags& flags);
// The best consensus sequences of an exploration record, from its stored
// graph: 0 when some sequence adopts the whole draft, 3 when none does,
// 2 for a session record or one without a graph.
int RecordsSequencesCommand(const RecordsFlags& flags);
// Whether flags.order (the whole draft, or a prefix) reaches consensus per
// an exploration record: 0 it does (a prefix: and the full charter can
// still be reached from it), 3 it does not (the failing step and the
// objecting parties are printed), 2 ids the draft does not have.
int RecordsCheckCommand(const RecordsFlags& flags);

// Flags of `concert resume` (commands/resume.cc).
struct ResumeFlags {
  // forum.coordinator and forum.db only: without a coordinator, an embedded
  // forum seating the session's recorded scenario.
  ForumFlags forum;
  // The session's record id.
  std::string id;
  // text | json
  std::string format = "text";
  // One line per round instead of the full transcript.
  bool brief = false;
  bool color = false;
};
// Continues a SUSPENDED or INTERRUPTED session; prints and exits like
// `concert run` (0 consensus, 3 deadlock, 4 suspended, 2 no record ID).
int ResumeCommand(const ResumeFlags& flags);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_COMMANDS_H_
