// `concert health ADDR`: asks the standard gRPC health service; exit 0 only
// on SERVING, so it works as a container health check.
#include <cstdio>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/render/transcript.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concert::cli {

int HealthCommand(const std::string& address, const std::string& service,
                  int timeout_ms) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(timeout_ms));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
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
                      "service name (default: the whole server)");
  command->add_option("--timeout-ms", flags->timeout_ms, "deadline")
      ->capture_default_str();
  command->footer("Exit codes: 0 SERVING, 4 not serving or unreachable.");
  commands.Add(command, [flags] {
    return HealthCommand(flags->address, flags->service, flags->timeout_ms);
  });
}

}  // namespace concert::cli
