// Starting the programs under test with a chosen environment: `env -u` for
// every CONCERT_* variable they read (so nothing leaks in from the shell that
// runs the tests), then the test's own NAME=VALUE settings. The variables
// each program reads are listed here once; the help test checks them against
// each program's --help, and deployments (docker/, k8s) rely on that list.
#ifndef CONCERT_TESTS_INTEGRATION_CLI_ENVIRONMENT_RUN_H_
#define CONCERT_TESTS_INTEGRATION_CLI_ENVIRONMENT_RUN_H_

#include <memory>
#include <string>
#include <vector>

#include "tests/support/net/child_process.h"

namespace concert::testing {

// The variables of each program, as its --help marks them "(Env:NAME)".
const std::vector<std::string>& CoordinatorVariables();
const std::vector<std::string>& PartyVariables();
const std::vector<std::string>& ConcertVariables();

// `argv` with every variable above but CONCERT_DB unset (the test support
// points that one at the test's own database), then `settings`
// ("NAME=VALUE").
std::vector<std::string> WithEnvironment(
    const std::vector<std::string>& settings,
    const std::vector<std::string>& argv);

// A started child process running WithEnvironment(settings, argv).
std::unique_ptr<ChildProcess> StartWithEnvironment(
    const std::vector<std::string>& settings,
    const std::vector<std::string>& argv);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_CLI_ENVIRONMENT_RUN_H_
