#include "tests/integration/cli/environment_run.h"

#include <set>

namespace concert::testing {

const std::vector<std::string>& CoordinatorVariables() {
  static const auto* names =
      new std::vector<std::string>{"CONCERT_LISTEN",
                                   "CONCERT_SCENARIO",
                                   "CONCERT_DB",
                                   "CONCERT_DEADLINE_MS",
                                   "CONCERT_PARTY_DEADLINE_MS",
                                   "CONCERT_RETRIES",
                                   "CONCERT_IDLE_VOTE_SOURCES",
                                   "CONCERT_MAX_STATES",
                                   "CONCERT_LIMIT_STATES",
                                   "CONCERT_LIMIT_MEMORY_MIB",
                                   "CONCERT_LIMIT_SAMPLES",
                                   "CONCERT_LIMIT_SESSIONS",
                                   "CONCERT_TLS_CERT",
                                   "CONCERT_TLS_KEY",
                                   "CONCERT_TLS_CA",
                                   "CONCERT_INSECURE"};
  return *names;
}

const std::vector<std::string>& PartyVariables() {
  static const auto* names = new std::vector<std::string>{
      "CONCERT_SCENARIO", "CONCERT_PARTY",      "CONCERT_PROFILE",
      "CONCERT_LISTEN",   "CONCERT_CACHE_SIZE", "CONCERT_GRACE_MS",
      "CONCERT_JOIN",     "CONCERT_ADVERTISE",  "CONCERT_LIMIT_STREAMS",
      "CONCERT_TLS_CERT", "CONCERT_TLS_KEY",    "CONCERT_TLS_CA",
      "CONCERT_INSECURE"};
  return *names;
}

const std::vector<std::string>& ConcertVariables() {
  static const auto* names = new std::vector<std::string>{
      "CONCERT_COORDINATOR", "CONCERT_SCENARIO", "CONCERT_DB",
      "CONCERT_TLS_CERT",    "CONCERT_TLS_KEY",  "CONCERT_TLS_CA"};
  return *names;
}

std::vector<std::string> WithEnvironment(
    const std::vector<std::string>& settings,
    const std::vector<std::string>& argv) {
  std::set<std::string> all;
  for (const auto* names :
       {&CoordinatorVariables(), &PartyVariables(), &ConcertVariables()}) {
    all.insert(names->begin(), names->end());
  }
  // CONCERT_DB stays: the test support points it at a database of the test
  // binary's own, never the user's.
  all.erase("CONCERT_DB");
  std::vector<std::string> out = {"/usr/bin/env"};
  for (const std::string& name : all) {
    out.push_back("-u");
    out.push_back(name);
  }
  out.insert(out.end(), settings.begin(), settings.end());
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::unique_ptr<ChildProcess> StartWithEnvironment(
    const std::vector<std::string>& settings,
    const std::vector<std::string>& argv) {
  return std::make_unique<ChildProcess>(WithEnvironment(settings, argv));
}

}  // namespace concert::testing
