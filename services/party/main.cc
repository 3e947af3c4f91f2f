// concert-party: one party of the forum, served over gRPC as concert.v1.Party.
//
// The party's interest model comes either from a scenario file (the party is
// picked by id) or from a profile file holding just that party, the form a
// containerized party reads so that it never sees the others' interests.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/number_flags.h"
#include "services/common/server/logging.h"
#include "services/common/server/server.h"
#include "services/common/server/server_limits.h"
#include "services/common/text_format_loader.h"
#include "services/common/tls/credentials.h"
#include "services/common/tls/serving.h"
#include "services/common/tls/tls_flags.h"
#include "services/common/usage_errors.h"
#include "services/common/valid_files.h"
#include "services/common/validation.h"
#include "services/common/version/version.h"
#include "services/party/core/effective_profile.h"
#include "services/party/join/advertise.h"
#include "services/party/join/joiner.h"
#include "services/party/rpc/party_service.h"

namespace concert::party {
namespace {

constexpr int kUsageError = kUsageExitCode;

constexpr char kDescription[] =
    R"(concert-party: one party of the concert forum, as a gRPC service.

The party answers the coordinator's questions (concert.v1.Party: Describe,
Table, Evaluate, EvaluateStream) with votes from its interest model: an ideal
point and a salience per dimension, support/objection thresholds, red lines
and concessions. It serves every scenario variant it has a profile for; the
coordinator names the variant when it tables a draft. gRPC health checking
and server reflection are on.
)";

constexpr char kFooter[] = R"(
Where the interest model comes from (one of):
  --scenario FILE --party ID   a scenario (concert.v1.Scenario textproto) and
                               the id of one of its parties
  --profile FILE               a single concert.v1.PartySpec textproto (write
                               one with `concert profile export`); under a
                               variant its `variants` does not list, the
                               party keeps its baseline, as in the scenario

Examples:
  concert-party --scenario scenarios/six-party.textproto --party DPRK \
                --listen 0.0.0.0:50051
  concert-party --profile docker/k8s/base/profiles/dprk.textproto \
                --listen 127.0.0.1:0
  concert-party --profile docker/k8s/base/profiles/dprk.textproto \
                --listen 0.0.0.0:50051 --join coordinator:7000 \
                --advertise dprk:50051
(The profiles under docker/k8s/base/profiles/ ship with concert; `concert
profile export --party DPRK --out dprk.textproto` writes one of your own.)

Joining (--join COORD_ADDR): the party registers at the coordinator when it
starts (RegisterParty; the coordinator checks it with a Describe call), and
again whenever the coordinator comes back after losing it. It advertises
--advertise, or else the address it bound (a wildcard host such as 0.0.0.0
becomes this machine's host name). A refusal at start (the coordinator's
scenario has no such party, or another service answers there) ends the
party with exit code 2; an unreachable coordinator is retried in the
background while the party serves.

Identity (--tls-cert, --tls-key, --tls-ca): the party serves mutual TLS and
answers only a peer whose certificate, signed by the forum CA, holds the
role coordinator (urn:concert:role:coordinator); --join then dials the
coordinator with the party's own certificate, which must name the party
(urn:concert:party:ID). Without them it serves plaintext on loopback only
(a wider --listen is narrowed, with a warning), unless --insecure is given.
scripts/dev-ca issues the files; see docs/security-identity.md.

Environment: every option marked Env above can be set by the variable it
names instead, as a container is configured, e.g.
  CONCERT_PROFILE=/etc/dprk.textproto CONCERT_LISTEN=0.0.0.0:50051 \
  CONCERT_JOIN=coordinator:7000 concert-party
A flag on the command line wins over its variable. The variables count as
their flags in the rules above: CONCERT_SCENARIO with --profile (or
CONCERT_PROFILE with --scenario) is refused, as both flags would be. An
invalid value fails as the flag would. No option here is repeatable, so no
variable holds a list.

The address actually bound (with the real port when 0 was asked) is logged on
start. SIGINT or SIGTERM stops the party gracefully. CONCERT_LOG=debug logs
more. Exit codes: 0 stopped cleanly, 1 could not serve, 2 bad arguments or
files.)";

struct Flags {
  std::string scenario;
  std::string party;
  std::string profile;
  std::string listen = "127.0.0.1:0";
  std::size_t cache_size = 64;
  int grace_ms = 5000;
  int limit_streams = kDefaultMaxPartyStreams;
  std::string join;
  std::string advertise;
  tls::TlsFlags tls;
};

// The party and the scenario's variant names, from whichever file was given.
absl::Status LoadParty(const Flags& flags, v1::PartySpec* party,
                       std::vector<std::string>* scenario_variants) {
  if (!flags.profile.empty()) {
    absl::StatusOr<Loaded<v1::PartySpec>> loaded =
        LoadWithLocations<v1::PartySpec>(flags.profile);
    if (!loaded.ok()) return loaded.status();
    // The checks of `concert check` on a profile of its own (no scenario
    // here to cross-check it against), each problem at its line.
    if (std::vector<Problem> problems = ValidateProfile(
            loaded->message, /*scenario=*/nullptr, &loaded->locations);
        !problems.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(flags.profile, ": ", problems.size(), " problem(s):\n",
                       ProblemsToString(problems)));
    }
    *party = std::move(loaded->message);
    return absl::OkStatus();
  }
  absl::StatusOr<v1::Scenario> scenario = LoadValidScenario(flags.scenario);
  if (!scenario.ok()) return scenario.status();
  std::vector<std::string> ids;
  for (const auto& p : scenario->parties()) {
    if (p.id() == flags.party) *party = p;
    ids.push_back(p.id());
  }
  if (party->id().empty()) {
    return absl::NotFoundError(absl::StrCat(
        "scenario ", flags.scenario, " has no party '", flags.party,
        "'; its parties are: ", absl::StrJoin(ids, ", ")));
  }
  *scenario_variants = ScenarioVariants(*scenario);
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  Flags flags;
  CLI::App app(kDescription, "concert-party");
  app.footer(kFooter);
  app.get_formatter()->column_width(34);
  AddVersionFlag(app, "concert-party");
  auto* scenario =
      app.add_option("--scenario", flags.scenario,
                     "Scenario textproto holding the party")
          ->type_name("FILE")
          ->check(CLI::Validator(CLI::ExistingFile).description(""))
          ->envname("CONCERT_SCENARIO");
  auto* party = app.add_option("--party", flags.party,
                               "Id of the party to serve (with --scenario)")
                    ->type_name("ID")
                    ->needs(scenario)
                    ->envname("CONCERT_PARTY");
  auto* profile = app.add_option("--profile", flags.profile,
                                 "PartySpec textproto of the party to serve")
                      ->type_name("FILE")
                      ->check(CLI::Validator(CLI::ExistingFile).description(""))
                      ->excludes(scenario)
                      ->excludes(party)
                      ->envname("CONCERT_PROFILE");
  app.add_option("--listen", flags.listen,
                 "gRPC listen address; port 0 picks a free one")
      ->type_name("ADDR")
      ->capture_default_str()
      ->envname("CONCERT_LISTEN");
  app.add_option("--cache-size", flags.cache_size,
                 "Tabled drafts kept at once (least recently used dropped)")
      ->type_name("N")
      ->capture_default_str()
      ->check(WholeNumber(1, 1000000))
      ->envname("CONCERT_CACHE_SIZE");
  app.add_option("--grace-ms", flags.grace_ms,
                 "On shutdown, how long in-flight calls may finish")
      ->type_name("MS")
      ->capture_default_str()
      ->check(WholeNumber(0, 3600000))
      ->envname("CONCERT_GRACE_MS");
  app.add_option("--limit-streams", flags.limit_streams,
                 "EvaluateStreams served at once (more are refused)")
      ->type_name("N")
      ->capture_default_str()
      ->check(WholeNumber(1, 65536))
      ->envname("CONCERT_LIMIT_STREAMS");
  app.add_option("--join", flags.join,
                 "Register at this coordinator, and again when it restarts")
      ->type_name("COORD_ADDR")
      ->envname("CONCERT_JOIN");
  app.add_option("--advertise", flags.advertise,
                 "Address the coordinator should dial (with --join)")
      ->type_name("ADDR")
      ->envname("CONCERT_ADVERTISE");
  tls::AddTlsFlags(app, &flags.tls);
  try {
    app.parse(argc, argv);
    if (profile->count() == 0 && scenario->count() == 0) {
      throw CLI::ValidationError(
          "give --scenario FILE --party ID, or --profile FILE");
    }
    if (scenario->count() > 0 && party->count() == 0) {
      throw CLI::ValidationError("--scenario needs --party ID");
    }
  } catch (const CLI::ParseError& e) {
    return ReportUsageError(app, e, "concert-party", argc, argv);
  }

  auto tls = tls::LoadTls(flags.tls);
  if (!tls.ok()) {
    std::fprintf(stderr, "concert-party: %s\n",
                 std::string(tls.status().message()).c_str());
    return kUsageError;
  }
  v1::PartySpec spec;
  std::vector<std::string> scenario_variants;
  if (absl::Status s = LoadParty(flags, &spec, &scenario_variants); !s.ok()) {
    std::fprintf(stderr, "concert-party: %s\n",
                 std::string(s.message()).c_str());
    return kUsageError;
  }
  if (absl::Status s = CheckProfile(spec); !s.ok()) {
    std::fprintf(stderr, "concert-party: %s\n",
                 std::string(s.message()).c_str());
    return kUsageError;
  }

  PartyServiceOptions service_options;
  service_options.cache_capacity = flags.cache_size;
  service_options.scenario_variants = scenario_variants;
  // A profile does not name the scenario's other variants; under those the
  // party keeps its baseline, as it would in the scenario.
  service_options.baseline_for_other_variants = !flags.profile.empty();
  service_options.require_coordinator = tls->has_value();
  service_options.max_streams = flags.limit_streams;
  PartyService service(spec, service_options);
  const tls::ServingSecurity security =
      tls::PlanServing(flags.listen, *tls, flags.tls.insecure, "concert-party");
  if (!security.warning.empty())
    Logger(absl::StrCat("party/", spec.id()))->warn("{}", security.warning);
  ServerOptions options;
  options.listen = security.listen;
  options.credentials = security.credentials;
  options.component = absl::StrCat("party/", spec.id());
  options.grace = std::chrono::milliseconds(flags.grace_ms);
  absl::StatusOr<std::unique_ptr<RunningServer>> server =
      RunningServer::Start(options, {&service});
  if (!server.ok()) {
    std::fprintf(stderr, "concert-party: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  std::unique_ptr<Joiner> joiner;
  if (!flags.join.empty()) {
    JoinOptions join;
    join.coordinator = flags.join;
    join.party_id = spec.id();
    join.advertise = flags.advertise.empty()
                         ? AdvertisedAddress(security.listen, (*server)->port())
                         : flags.advertise;
    join.credentials = tls::ChannelCredentials(*tls);
    joiner = std::make_unique<Joiner>(join);
    // A refusal is final (wrong scenario, wrong seat): say so and stop. A
    // coordinator that is not up yet is the Joiner's to wait for.
    const absl::Status first = joiner->WaitForFirst(absl::Seconds(10));
    if (!first.ok() && !absl::IsDeadlineExceeded(first)) {
      std::fprintf(stderr,
                   "concert-party: the coordinator at %s refused %s: %s\n",
                   flags.join.c_str(), spec.id().c_str(),
                   std::string(first.message()).c_str());
      (*server)->Shutdown();
      return kUsageError;
    }
  }
  return ServeUntilSignal(**server);
}

}  // namespace
}  // namespace concert::party

// Only an unforeseen exception (a bug, or std::bad_alloc) can leave main:
// std::terminate then names it and aborts, a louder report than any exit code
// caught here could give.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  return concert::party::Run(argc, argv);
}
