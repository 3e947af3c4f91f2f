// Server bootstrap shared by every concert service: one place that turns a
// listen address and a list of services into a running gRPC server with
// health checking and reflection, logs its start and stop, and shuts down
// gracefully on SIGINT/SIGTERM.
#ifndef CONCERT_SERVICES_COMMON_SERVER_SERVER_H_
#define CONCERT_SERVICES_COMMON_SERVER_SERVER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "services/common/limits.h"
#include "services/common/server/idle_streams.h"
#include "services/common/server/server_limits.h"

namespace concert {

struct ServerOptions {
  // Any gRPC listen address; port 0 picks a free port.
  std::string listen = "127.0.0.1:0";
  // Name used in log lines ("party/DPRK", "coordinator").
  std::string component = "server";
  // How long in-flight calls may run once shutdown starts; then they are
  // cancelled.
  std::chrono::milliseconds grace{5000};
  // Largest message accepted, and largest sent (limits.h): a larger
  // request is refused with RESOURCE_EXHAUSTED before it is read.
  int max_receive_bytes = kMaxReceiveMessageBytes;
  int max_send_bytes = kMaxSendMessageBytes;
  // Threads gRPC may start for synchronous handlers (its resource quota),
  // and streams one connection may hold open at once (server_limits.h).
  int max_threads = kDefaultMaxServerThreads;
  int max_streams_per_connection = kMaxStreamsPerConnection;
  // How peers connect: mutual TLS (services/common/tls/serving.h) or, when
  // null, plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

class RunningServer {
 public:
  // Starts serving `services` (not owned; they must outlive the server) with
  // the gRPC health service (reporting SERVING for the server, "", and for
  // each service by its full name) and server reflection.
  // Fails with UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<RunningServer>> Start(
      const ServerOptions& options,
      const std::vector<grpc::Service*>& services);

  ~RunningServer();
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  // The port actually bound, and the listen address with that port.
  int port() const { return port_; }
  const std::string& address() const { return address_; }

  // Graceful shutdown: health turns NOT_SERVING, new calls are refused,
  // streams waiting idle for their client end (DrainableService), calls in
  // flight get the grace period, then are cancelled. Idempotent.
  void Shutdown();

  grpc::Server* server() { return server_.get(); }

  // The full names of the services served (those given, and health and
  // reflection), each reported SERVING by the health service while the
  // server runs.
  const std::vector<std::string>& service_names() const {
    return service_names_;
  }

 private:
  RunningServer() = default;

  ServerOptions options_;
  std::unique_ptr<grpc::Server> server_;
  std::vector<DrainableService*> drainable_;
  int port_ = 0;
  std::string address_;
  std::vector<std::string> service_names_;
  bool stopped_ = false;
};

// Blocks until SIGINT or SIGTERM arrives, then shuts `server` down gracefully.
// Returns the process exit code (0).
int ServeUntilSignal(RunningServer& server);

// Blocks until SIGINT or SIGTERM arrives (for processes that hold several
// servers). Returns the signal number.
int WaitForTerminationSignal();

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_SERVER_H_
