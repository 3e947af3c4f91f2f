// `concert health ADDR`: asks the standard gRPC health service; exit 0 only
// on SERVING, so it works as a container health check.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/render/transcript.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/number_flags.h"
#include "services/common/tls/client_default.h"

namespace concert::cli {

namespace {

// The services a concert server may serve, asked for by name when a name
// is unknown there, so the answer can list the ones it does serve.
constexpr const char* kConcertServices[] = {"concert.v1.Coordinator",
                                            "concert.v1.Party"};

grpc::Status Check(grpc::health::v1::Health::Stub& stub,
                   const std::string& service, int timeout_ms,
                   grpc::health::v1::HealthCheckResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(timeout_ms));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  return stub.Check(&context, request, response);
}

// "concert.v1.Party, and \"\" for the whole server": what the server at
// `stub` answers for.
std::string ServedNames(grpc::health::v1::Health::Stub& stub, int timeout_ms) {
  std::string names;
  for (const char* name : kConcertServices) {
    grpc::health::v1::HealthCheckResponse response;
    if (Check(stub, name, timeout_ms, &response).ok())
      absl::StrAppend(&names, name, ", ");
  }
  return absl::StrCat(names, "and \"\" (the default) for the whole server");
}

}  // namespace

int HealthCommand(const std::string& address, const std::string& service,
                  int timeout_ms) {
  // A server's address has a port, whichever server it is.
  if (absl::Status s = CheckServerAddress(address); !s.ok()) {
    std::fprintf(stderr, "concert health: %s\n",
                 std::string(s.message()).c_str());
    return kExitUsage;
  }
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, tls::ClientChannelCredentials()));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = Check(*stub, service, timeout_ms, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    std::printf("%s: no service '%s' there; this server serves: %s\n",
                address.c_str(), service.c_str(),
                ServedNames(*stub, timeout_ms).c_str());
    return kExitUsage;
  }
  if (!status.ok()) {
    std::printf("%s: not serving (%s)\n", address.c_str(),
                status.error_message().empty()
                    ? "no answer"
                    : status.error_message().c_str());
    return kExitUnavailable;
  }
  const auto& name = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
  std::printf("%s: %s\n", address.c_str(), name.c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? 0
             : kExitUnavailable;
}

void AddHealthCommand(CLI::App& app, CommandSet& commands) {
  struct HealthFlags {
    std::string address;
    std::string service;
    int timeout_ms = 2000;
  };
  auto flags = std::make_shared<HealthFlags>();
  CLI::App* command = app.add_subcommand(
      "health", "ask a server's gRPC health service; exit 0 only when SERVING");
  command
      ->add_option("address", flags->address, "host:port of any concert server")
      ->required();
  command->add_option("--service", flags->service,
                      "service name: concert.v1.Coordinator or "
                      "concert.v1.Party (default: the whole server)");
  command->add_option("--timeout-ms", flags->timeout_ms, "deadline")
      ->check(WholeNumber(1, 3600000))
      ->capture_default_str();
  command->footer(
      "Exit codes: 0 SERVING, 2 a --service the server does not serve, 4 not "
      "serving or unreachable.");
  commands.Add(command, [flags] {
    return HealthCommand(flags->address, flags->service, flags->timeout_ms);
  });
}

}  // namespace concert::cli
