// concert-coordinator: the chair of the forum as a standalone gRPC service.
#include <chrono>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/number_flags.h"
#include "services/common/server/logging.h"
#include "services/common/server/server.h"
#include "services/common/tls/serving.h"
#include "services/common/tls/tls_flags.h"
#include "services/common/usage_errors.h"
#include "services/common/valid_files.h"
#include "services/common/version/version.h"
#include "services/coordinator/records/path.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/rpc/coordinator_service.h"

// Only an unforeseen exception (a bug, or std::bad_alloc) can leave main:
// std::terminate then names it and aborts, a louder report than any exit code
// caught here could give.
namespace {

// "DPRK=300" to (DPRK, 300 ms); INVALID_ARGUMENT naming what is wrong: no
// '=', a party the scenario does not have, or not a positive number.
absl::StatusOr<std::pair<std::string, std::chrono::milliseconds>>
ParsePartyDeadline(absl::string_view flag,
                   const concert::v1::Scenario& scenario) {
  const auto eq = flag.find('=');
  if (eq == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", flag, "': expected ID=MS, e.g. DPRK=500"));
  }
  const std::string id(flag.substr(0, eq));
  bool known = false;
  for (const auto& party : scenario.parties())
    known = known || party.id() == id;
  if (!known) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", flag, "': the scenario has no party '", id, "'"));
  }
  int ms = 0;
  const std::string digits(flag.substr(eq + 1));
  if (!concert::WholeNumber(1, 3600000)(digits).empty() ||
      !absl::SimpleAtoi(digits, &ms)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", flag,
        "': the deadline must be a whole number of milliseconds from 1 to "
        "3600000"));
  }
  return std::make_pair(id, std::chrono::milliseconds(ms));
}

constexpr int kUsageError = concert::kUsageExitCode;

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  CLI::App app{
      "concert-coordinator — the chair of a concert forum.\n\n"
      "Serves concert.v1.Coordinator: tables charter drafts with the parties "
      "of\n"
      "the scenario, collects their votes over gRPC, applies the decision "
      "rule,\n"
      "and streams sessions and explorations to clients such as `concert`.\n"
      "Party addresses come from the scenario (PartySpec.address) or from\n"
      "RegisterParty calls (`concert-party --join`); an address is any gRPC\n"
      "target (host:port, dns:///name:port, ipv4:a:port,b:port — several\n"
      "backends are balanced round-robin). A registration is accepted only\n"
      "when the service at the address answers Describe with the party's\n"
      "id; accepted ones are kept in the database (--db), so a restarted\n"
      "coordinator still knows where every registered party serves.\n\n"
      "Example:\n"
      "  concert-coordinator --listen 0.0.0.0:7000 --scenario "
      "scenarios/six-party.textproto\n"
      "  CONCERT_LISTEN=0.0.0.0:7000 "
      "CONCERT_SCENARIO=scenarios/six-party.textproto \\\n"
      "    CONCERT_DB=/data/concert.db concert-coordinator\n"};
  concert::AddVersionFlag(app, "concert-coordinator");
  std::string listen = "127.0.0.1:7000";
  std::string scenario_path;
  std::string db_flag;
  int deadline_ms = 2000;
  int retries = 2;
  std::vector<std::string> party_deadlines;
  concert::coordinator::CoordinatorOptions options;
  app.add_option("--listen", listen, "address to serve on (port 0 picks one)")
      ->capture_default_str()
      ->envname("CONCERT_LISTEN");
  app.add_option("--scenario", scenario_path, "scenario file (.textproto)")
      ->required()
      ->envname("CONCERT_SCENARIO");
  // CONCERT_DB reaches DefaultDatabasePath through the flag; its own reading
  // of CONCERT_DB gives the same answer, for callers without a command line.
  app.add_option("--db", db_flag,
                 "record database (default: "
                 "$XDG_DATA_HOME/concert/concert.db, else "
                 "~/.local/share/concert/concert.db)")
      ->envname("CONCERT_DB");
  app.add_option("--deadline-ms", deadline_ms,
                 "deadline of each call to a party")
      ->capture_default_str()
      ->check(concert::WholeNumber(1, 3600000))
      ->envname("CONCERT_DEADLINE_MS");
  // The delimiter lets one variable carry the list: "DPRK=500,USA=800".
  app.add_option("--party-deadline-ms", party_deadlines,
                 "ID=MS: a deadline of its own for party ID's calls, in place "
                 "of --deadline-ms (repeatable, or comma-separated; e.g. a "
                 "slow party, or in a fault test the one party made to "
                 "misbehave)")
      ->type_name("ID=MS")
      ->delimiter(',')
      ->envname("CONCERT_PARTY_DEADLINE_MS");
  app.add_option("--retries", retries, "retries of a failed call, with backoff")
      ->capture_default_str()
      ->check(concert::WholeNumber(0, 100))
      ->envname("CONCERT_RETRIES");
  app.add_option("--idle-vote-sources", options.idle_vote_sources,
                 "connections to the parties kept between requests (each "
                 "holds one stream per party open, so the next request "
                 "starts with its parties described and no round trip to "
                 "table a draft); 0 opens fresh ones for every request")
      ->capture_default_str()
      ->check(concert::WholeNumber(0, 1024))
      ->envname("CONCERT_IDLE_VOTE_SOURCES");
  app.add_option("--max-states", options.max_states,
                 "default exploration budget of lattice states")
      ->capture_default_str()
      ->check(
          concert::WholeNumber(1, std::numeric_limits<std::uint64_t>::max()))
      ->envname("CONCERT_MAX_STATES");
  app.add_option("--limit-states", options.limits.max_states,
                 "the most lattice states any one request may ask to walk "
                 "(a request above is refused)")
      ->capture_default_str()
      ->check(
          concert::WholeNumber(1, std::numeric_limits<std::uint64_t>::max()))
      ->envname("CONCERT_LIMIT_STATES");
  std::uint64_t limit_memory_mib = options.limits.max_memory_bytes >> 20;
  app.add_option("--limit-memory-mib", limit_memory_mib,
                 "the most memory any one exploration may ask to hold, in MiB")
      ->capture_default_str()
      ->check(concert::WholeNumber(1, std::uint64_t{1} << 30))
      ->envname("CONCERT_LIMIT_MEMORY_MIB");
  app.add_option("--limit-samples", options.limits.max_samples,
                 "the most sampled sequences (explore --strategy sample) or "
                 "perturbed forums (compare --samples) per request")
      ->capture_default_str()
      ->check(concert::WholeNumber(1, std::uint64_t{1} << 40))
      ->envname("CONCERT_LIMIT_SAMPLES");
  app.add_option("--limit-sessions", options.max_running,
                 "the most sessions, explorations and comparisons run at once "
                 "(one more is refused until one ends)")
      ->capture_default_str()
      ->check(concert::WholeNumber(1, 65536))
      ->envname("CONCERT_LIMIT_SESSIONS");
  concert::tls::TlsFlags tls_flags;
  concert::tls::AddTlsFlags(app, &tls_flags);
  app.footer(
      "Identity: with --tls-cert/--tls-key/--tls-ca the coordinator serves "
      "mutual\n"
      "TLS: every caller presents a certificate of the forum CA, whose roles "
      "say\n"
      "what it may do (docs/security-identity.md), and parties are dialled "
      "with\n"
      "TLS, each refused unless its certificate names it. Without them it "
      "serves\n"
      "plaintext on loopback only (a wider --listen is narrowed, with a "
      "warning),\n"
      "unless --insecure is given.\n\n"
      "Environment:\n"
      "  Every option marked Env above can be set by the variable it names\n"
      "  instead, as a container is configured; a flag on the command line\n"
      "  wins over its variable. A repeatable option takes a comma-separated\n"
      "  list from its variable (CONCERT_PARTY_DEADLINE_MS=DPRK=500,USA=800).\n"
      "  An invalid value fails as the flag would.\n\n"
      "Exit codes: 0 stopped cleanly, 1 could not serve, 2 bad arguments or "
      "scenario.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return concert::ReportUsageError(app, e, "concert-coordinator", argc, argv);
  }

  auto log = concert::Logger("coordinator");
  auto tls = concert::tls::LoadTls(tls_flags);
  if (!tls.ok()) {
    std::fprintf(stderr, "concert-coordinator: %s\n",
                 std::string(tls.status().message()).c_str());
    return kUsageError;
  }
  auto scenario = concert::LoadValidScenario(scenario_path);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(scenario.status().message()).c_str());
    return kUsageError;
  }
  for (const std::string& flag : party_deadlines) {
    auto deadline = ParsePartyDeadline(flag, *scenario);
    if (!deadline.ok()) {
      std::fprintf(stderr, "concert-coordinator: --party-deadline-ms %s\n",
                   std::string(deadline.status().message()).c_str());
      return kUsageError;
    }
    options.vote.party_deadline.push_back(*std::move(deadline));
  }
  auto db_path = concert::coordinator::DefaultDatabasePath(db_flag);
  if (!db_path.ok()) {
    log->error("{}", std::string(db_path.status().message()));
    return kUsageError;
  }
  auto store = concert::coordinator::RecordStore::Open(*db_path);
  if (!store.ok()) {
    // The message names the file.
    log->error("{}", std::string(store.status().message()));
    return 1;
  }
  // Records left RUNNING by a process that has since died (a coordinator or
  // an embedded `concert run` killed mid-session) were cut short: marked
  // INTERRUPTED, ready for `concert resume`. A live process's are left to
  // it (records/owner.h).
  auto stale = (*store)->MarkStaleSessionsInterrupted();
  if (!stale.ok()) {
    log->error("{}", stale.status().ToString());
    return 1;
  }
  for (const auto& id : *stale)
    log->warn("{} was left unfinished; marked INTERRUPTED", id);
  log->info("recording to {}", *db_path);
  options.limits.max_memory_bytes = limit_memory_mib << 20;
  options.store = std::move(*store);
  options.keep_registrations = true;
  options.vote.retry.deadline = std::chrono::milliseconds(deadline_ms);
  options.vote.retry.retries = retries;
  options.tls = *tls;
  concert::coordinator::CoordinatorService service(*std::move(scenario),
                                                   options);
  const concert::tls::ServingSecurity security = concert::tls::PlanServing(
      listen, *tls, tls_flags.insecure, "concert-coordinator");
  if (!security.warning.empty()) log->warn("{}", security.warning);
  concert::ServerOptions server_options;
  server_options.listen = security.listen;
  server_options.credentials = security.credentials;
  server_options.component = "coordinator";
  // Each running call holds a thread; the rest serve the short calls (health,
  // records, registrations) however many sessions run.
  server_options.max_threads = options.max_running + 128;
  auto server = concert::RunningServer::Start(server_options, {&service});
  if (!server.ok()) {
    log->error("{}", std::string(server.status().message()));
    return 1;
  }
  return concert::ServeUntilSignal(**server);
}
