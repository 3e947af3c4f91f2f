// The six-party scenario compiled into the binary, so that `concert run` and
// the other commands work from any directory without --scenario.
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_DEFAULT_SCENARIO_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_DEFAULT_SCENARIO_H_

namespace concert::cli {

// The text of scenarios/six-party.textproto as it was at build time.
const char* DefaultScenarioText();

// The name used for it in messages.
inline constexpr const char* kDefaultScenarioName =
    "<embedded>/scenarios/six-party.textproto";

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_DEFAULT_SCENARIO_H_
