// The EchoParty as a program, for the tests of the SDK's command line:
// ServeMain's flags through CommandLine, with one flag of its own (--id).
#include <string>

#include "concert/sdk/command_line.h"
#include "concert/sdk/serve.h"
#include "tests/integration/sdk/test_sdk_party.h"

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  concert::sdk::CommandLine cli("sdk-echo-party", "The SDK tests' echo party.");
  std::string id = "C";
  cli.app().add_option("--id", id, "The seat to serve")->capture_default_str();
  if (auto code = cli.Parse(argc, argv)) return *code;
  const concert::testing::EchoParty party(id);
  return concert::sdk::Serve(party, cli.options());
}
