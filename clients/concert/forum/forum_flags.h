// Where a command finds its forum: a remote coordinator, or an embedded
// forum of a scenario (and variant) recording to a database.
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_FORUM_FLAGS_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_FORUM_FLAGS_H_

#include <string>

namespace concert::cli {

// The forum flags shared by the commands that talk to a forum.
struct ForumFlags {
  // Remote coordinator; empty: start the embedded forum.
  std::string coordinator;
  // Scenario file; empty: the embedded six-party scenario.
  std::string scenario;
  // Scenario variant; empty: the baseline.
  std::string variant;
  // Record database of the embedded forum; empty: $CONCERT_DB, else XDG.
  std::string db;
};

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_FORUM_FLAGS_H_
