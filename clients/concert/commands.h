// The subcommands of `concert`. Each returns the process exit code (see
// clients/concert/transcript.h for the table) and prints its own errors.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace concert::cli {

// Flags shared by the commands that talk to a forum.
struct ForumFlags {
  // Remote coordinator; empty: start the embedded forum.
  std::string coordinator;
  // Scenario file; empty: the embedded six-party scenario.
  std::string scenario;
  // Scenario variant; empty: the baseline.
  std::string variant;
};

// The decision-rule override a user may give.
struct RuleFlags {
  // consensus | unanimity | consensus-minus-one | qualified-majority; empty:
  // the scenario's rule.
  std::string rule;
  // Qualified majority threshold (0: the scenario's, else 2/3).
  double threshold = 0;
  // blocks | abstains; empty: the scenario's setting.
  std::string absent;

  bool any() const { return !rule.empty() || threshold != 0 || !absent.empty(); }
};

struct RunFlags {
  ForumFlags forum;
  RuleFlags rule;
  std::string draft;
  // text | json
  std::string format = "text";
  bool color = false;
};
int RunCommand(const RunFlags& flags);

struct ExploreFlags {
  ForumFlags forum;
  RuleFlags rule;
  std::string draft;
  // text | json | markdown
  std::string format = "text";
  // lattice | enumerate | sample; empty: lattice, or sample for HISTORY parties.
  std::string strategy;
  // Where to draw the consensus graph (.dot or .svg); empty: nowhere.
  std::string graph;
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  std::uint64_t max_states = 0;
  std::uint64_t max_memory_mib = 0;
  // Progress on stderr even when it is not a terminal.
  bool progress = false;
  bool color = false;
};
int ExploreCommand(const ExploreFlags& flags);

int CheckCommand(const std::vector<std::string>& files, const std::string& scenario);

int PartiesCommand(const ForumFlags& flags);

int HealthCommand(const std::string& address, const std::string& service, int timeout_ms);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_H_
