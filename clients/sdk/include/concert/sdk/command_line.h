// The standard command line of a party built on the SDK, open to flags of
// the party's own:
//
//   concert::sdk::CommandLine cli("my-party", "My party: ...");
//   std::string config;
//   cli.app().add_option("--config", config, "rules file")->required();
//   if (auto code = cli.Parse(argc, argv)) return *code;
//   MyParty party(config);
//   return concert::sdk::Serve(party, cli.options());
#ifndef CONCERT_SDK_COMMAND_LINE_H_
#define CONCERT_SDK_COMMAND_LINE_H_

#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "concert/sdk/serve.h"

namespace concert::sdk {

class CommandLine {
 public:
  // `program` names the binary in --help (empty: argv[0]); `description`
  // heads the help.
  CommandLine(const std::string& program, const std::string& description);

  // Add the party's own options here before Parse.
  CLI::App& app() { return app_; }

  // Parses argv. nullopt: go on and serve. Otherwise the program should exit
  // with the code returned: kExitOk after --help (printed), kExitUsage for
  // bad flags (the error printed).
  std::optional<int> Parse(int argc, char** argv);

  // --listen, --join, --advertise, --grace-ms, --cache-size as parsed.
  const ServeOptions& options() const { return options_; }

 private:
  CLI::App app_;
  ServeOptions options_;
  int grace_ms_ = 5000;
  int join_wait_ms_ = 10000;
};

}  // namespace concert::sdk

#endif  // CONCERT_SDK_COMMAND_LINE_H_
