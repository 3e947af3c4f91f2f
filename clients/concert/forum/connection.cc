#include "clients/concert/forum/connection.h"

#include <netdb.h>

#include <chrono>
#include <cstdio>

#include <sys/socket.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/concert/forum/default_scenario.h"
#include "services/common/problem.h"
#include "services/common/text_format_loader.h"
#include "services/common/tls/client_default.h"
#include "services/common/valid_files.h"
#include "services/common/validation.h"
#include "services/coordinator/records/path.h"

namespace concert::cli {
namespace {

// A gRPC target with a scheme (dns:///host:port, ipv4:a:port,b:port,
// unix:path …) is gRPC's to read; only the bare host:port form is checked
// here, where a missing port would make gRPC dial 443.
bool HasScheme(absl::string_view address) {
  const auto colon = address.find(':');
  if (colon == absl::string_view::npos) return false;
  const absl::string_view scheme = address.substr(0, colon);
  for (const char* known :
       {"dns", "ipv4", "ipv6", "unix", "unix-abstract", "vsock"}) {
    if (scheme == known) return true;
  }
  return false;
}

constexpr char kExample[] =
    "give HOST:PORT, e.g. localhost:7000 (concert-coordinator's default "
    "--listen port)";

// The host of a bare "host:port" that CheckServerAddress accepted.
std::string HostOf(absl::string_view address) {
  absl::string_view host = address.substr(0, address.rfind(':'));
  absl::ConsumePrefix(&host, "[");
  absl::ConsumeSuffix(&host, "]");
  return std::string(host);
}

// How the channel's first connection failed, in a user's words.
absl::Status Unreachable(const std::string& address, const char* why) {
  return absl::UnavailableError(absl::StrCat(
      "cannot reach the coordinator at ", address, " (", why,
      "): check that concert-coordinator runs there and listens on that port "
      "(--coordinator or CONCERT_COORDINATOR)"));
}

// Connects `channel` before any call, so that an unreachable or unknown
// address fails in one line naming it, rather than in gRPC's own words at
// the first call.
absl::Status WaitForCoordinator(grpc::Channel& channel,
                                const std::string& address) {
  if (!HasScheme(address)) {
    const std::string host = HostOf(address);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (error != 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot resolve the host '", host, "' of the coordinator address ",
          address, " (", gai_strerror(error),
          "): check the name (--coordinator or CONCERT_COORDINATOR)"));
    }
    freeaddrinfo(found);
  }
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(10);
  grpc_connectivity_state state = channel.GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE ||
        state == GRPC_CHANNEL_SHUTDOWN) {
      // A TLS server drops a plaintext client's connection as if nothing
      // were there, and a TLS client's failed handshake looks the same.
      return Unreachable(
          address,
          tls::ClientTlsSet()
              ? "nothing answers there, or the TLS handshake failed: is its "
                "certificate from the CA of --tls-ca, naming the host "
                "dialled?"
              : "nothing answers there, or it serves mutual TLS and wants "
                "--tls-cert, --tls-key and --tls-ca");
    }
    if (!channel.WaitForStateChange(state, deadline)) {
      return Unreachable(address, "no answer within 10 s");
    }
    state = channel.GetState(/*try_to_connect=*/true);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckServerAddress(absl::string_view address) {
  if (HasScheme(address)) return absl::OkStatus();
  const auto colon = address.rfind(':');
  const bool bracketed = absl::StartsWith(address, "[");
  if (colon == absl::string_view::npos ||
      (bracketed && colon < address.find(']'))) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", address, "' has no port; ", kExample));
  }
  if (!bracketed &&
      address.substr(0, colon).find(':') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", address, "': write an IPv6 address in brackets, e.g. [::1]:7000"));
  }
  int port = 0;
  if (colon == 0 || !absl::SimpleAtoi(address.substr(colon + 1), &port) ||
      port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", address, "' is not HOST:PORT with a port from 1 to 65535; ",
        kExample));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Scenario> LoadScenarioOrDefault(const std::string& path) {
  if (!path.empty()) return LoadValidScenario(path);
  auto loaded = ParseWithLocations<v1::Scenario>(DefaultScenarioText(),
                                                 kDefaultScenarioName);
  if (!loaded.ok()) return loaded.status();
  auto problems = ValidateScenario(loaded->message, &loaded->locations);
  if (!problems.empty())
    return absl::InvalidArgumentError(ProblemsToString(problems));
  return std::move(loaded->message);
}

absl::StatusOr<std::unique_ptr<ForumConnection>> ForumConnection::Open(
    const std::string& coordinator_address, const v1::Scenario& scenario,
    const std::string& db_flag, bool read_only_records) {
  std::unique_ptr<ForumConnection> connection(new ForumConnection());
  if (coordinator_address.empty()) {
    EmbeddedForumOptions options;
    auto db = coordinator::DefaultDatabasePath(db_flag);
    if (!db.ok()) return db.status();
    options.db_path = *db;
    options.read_only_records = read_only_records;
    auto forum = EmbeddedForum::Start(scenario, options);
    if (!forum.ok()) return forum.status();
    connection->forum_ = *std::move(forum);
    connection->address_ = connection->forum_->coordinator_address();
  } else {
    if (absl::Status s = CheckServerAddress(coordinator_address); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--coordinator: ", s.message()));
    }
    connection->address_ = coordinator_address;
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  // The embedded forum serves plaintext on loopback; a remote coordinator
  // is dialled with the client's TLS material, when it has some.
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
      connection->address_,
      connection->embedded() ? grpc::InsecureChannelCredentials()
                             : tls::ClientChannelCredentials(),
      args);
  if (!connection->embedded()) {
    if (absl::Status s = WaitForCoordinator(*channel, connection->address_);
        !s.ok()) {
      return s;
    }
  }
  connection->stub_ = v1::Coordinator::NewStub(channel);
  return connection;
}

absl::StatusOr<OpenedForum> OpenForum(const ForumFlags& flags,
                                      absl::string_view command) {
  OpenedForum out;
  if (flags.coordinator.empty()) {
    auto scenario = LoadScenarioOrDefault(flags.scenario);
    if (!scenario.ok()) return scenario.status();
    auto connection = ForumConnection::Open("", *scenario, flags.db);
    if (!connection.ok()) return connection.status();
    out.connection = *std::move(connection);
    out.scenario = *std::move(scenario);
    return out;
  }
  if (!flags.scenario.empty()) {
    std::fprintf(stderr,
                 "concert %s: note: the coordinator at %s holds its own "
                 "scenario; --scenario %s is not used\n",
                 std::string(command).c_str(), flags.coordinator.c_str(),
                 flags.scenario.c_str());
  }
  auto connection = ForumConnection::Open(flags.coordinator, v1::Scenario());
  if (!connection.ok()) return connection.status();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  const grpc::Status status =
      (*connection)
          ->coordinator()
          .GetScenario(&context, v1::GetScenarioRequest(), &out.scenario);
  if (!status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(status.error_code()),
        absl::StrCat("asking the coordinator at ", flags.coordinator,
                     " for its scenario: ", status.error_message()));
  }
  out.connection = *std::move(connection);
  return out;
}

}  // namespace concert::cli
