#include "concert/sdk/command_line.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "concert/sdk/version.h"
#include "services/common/number_flags.h"
#include "services/common/tls/tls_flags.h"
#include "services/common/usage_errors.h"

namespace concert::sdk {

CommandLine::CommandLine(const std::string& program,
                         const std::string& description)
    : app_(description, program) {
  app_.footer(
      "\nThe address actually bound (with the real port when 0 was asked) is "
      "logged\nas \"serving on ADDR\". SIGINT or SIGTERM stops the party "
      "gracefully.\nCONCERT_LOG=debug logs more. Exit codes: 0 stopped "
      "cleanly, 1 could not\nserve, 2 bad arguments or the coordinator "
      "refused the party.");
  app_.get_formatter()->column_width(30);
  app_.set_version_flag(
      "--version",
      absl::StrCat(program.empty() ? "concert party" : program,
                   " (concert SDK ", CONCERT_SDK_VERSION, ")"),
      "print the version and exit");
  app_.add_option("--listen", options_.listen,
                  "gRPC listen address; port 0 picks a free one")
      ->type_name("ADDR")
      ->capture_default_str();
  app_.add_option("--join", options_.join,
                  "Register with the coordinator at ADDR (and again whenever "
                  "it comes back)")
      ->type_name("ADDR");
  app_.add_option("--advertise", options_.advertise,
                  "Address the coordinator dials to reach this party "
                  "(default: the bound address; a wildcard host becomes this "
                  "machine's name)")
      ->type_name("ADDR");
  app_.add_option("--join-wait-ms", join_wait_ms_,
                  "How long to wait for the coordinator's first answer before "
                  "serving on regardless")
      ->type_name("MS")
      ->capture_default_str()
      ->check(WholeNumber(0, 3600000));
  app_.add_option("--grace-ms", grace_ms_,
                  "On shutdown, how long in-flight calls may finish")
      ->type_name("MS")
      ->capture_default_str()
      ->check(WholeNumber(0, 3600000));
  app_.add_option("--cache-size", options_.cache_capacity,
                  "Tabled drafts kept at once (least recently used dropped)")
      ->type_name("N")
      ->capture_default_str()
      ->check(WholeNumber(1, 1000000));
  app_.add_option("--limit-streams", options_.limit_streams,
                  "EvaluateStreams served at once (more are refused)")
      ->type_name("N")
      ->capture_default_str()
      ->check(WholeNumber(1, 65536));
  tls::AddTlsFlags(app_, &options_.tls_cert, &options_.tls_key,
                   &options_.tls_ca, &options_.insecure);
}

std::optional<int> CommandLine::Parse(int argc, char** argv) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and exit 0; an error exits kExitUsage (2,
    // as ReportUsageError), with a hint for a mistyped flag.
    return ReportUsageError(app_, e, app_.get_name(), argc, argv);
  }
  options_.grace = std::chrono::milliseconds(grace_ms_);
  options_.join_wait = std::chrono::milliseconds(join_wait_ms_);
  return std::nullopt;
}

int ServeMain(const Party& party, int argc, char** argv) {
  const Description description = party.Describe();
  // No program name: CLI11 takes argv[0].
  CommandLine command_line(
      "", absl::StrCat(
              description.name.empty() ? "A concert party" : description.name,
              " (", description.id,
              "): a concert.v1.Party served by the concert SDK.\n"));
  if (auto code = command_line.Parse(argc, argv)) return *code;
  return Serve(party, command_line.options());
}

}  // namespace concert::sdk
