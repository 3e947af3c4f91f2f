// cpp-reciprocity: a party of the concert forum that gives only in return.
// Built on the concert C++ SDK; see README.md.
#include <cstdio>
#include <string>

#include "concert/sdk/command_line.h"
#include "concert/sdk/serve.h"
#include "reciprocity.h"

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  concert::sdk::CommandLine cli(
      "cpp-reciprocity",
      "cpp-reciprocity: a concert party that concedes only in return (action "
      "for action).\n\nEach of its own concessions must answer a step of the "
      "other side adopted since its\nlast one; which proposals are whose "
      "comes from --config (by tag or id).\n");
  std::string config_path;
  std::string id;
  cli.app()
      .add_option("--config", config_path, "Which proposals are whose")
      ->type_name("FILE")
      ->required()
      ->check(CLI::Validator(CLI::ExistingFile).description(""));
  cli.app()
      .add_option("--id", id, "Serve this seat instead of the config's id")
      ->type_name("ID");
  if (auto code = cli.Parse(argc, argv)) return *code;

  auto config = reciprocity::LoadConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "cpp-reciprocity: %s\n",
                 std::string(config.status().message()).c_str());
    return concert::sdk::kExitUsage;
  }
  if (!id.empty()) config->id = id;
  const reciprocity::ReciprocityParty party(*std::move(config));
  return concert::sdk::Serve(party, cli.options());
}
