#include "services/common/server/server.h"

#include <grpcpp/impl/codegen/service_type.h>

// sigaction() and sigemptyset() are POSIX: <signal.h> declares them, while
// <csignal> promises only std::signal and std::raise.
#include <signal.h>  // NOLINT(modernize-deprecated-headers): see above
#include <unistd.h>

// getaddrinfo (and <sys/socket.h> below: socket, bind): why a port cannot
// be listened on.
#include <netdb.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>
#include <grpcpp/resource_quota.h>
#include <sys/socket.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/server/logging.h"

namespace concert {
namespace {

// Why `listen` (a numeric HOST:PORT) cannot be bound, as ": <reason>" —
// e.g. ": Address already in use (another server listens there; choose
// another --listen)" — or "" when binding it now works or it is no numeric
// address. gRPC says only that it could not add the port.
std::string WhyNotBindable(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return "";
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), listen.substr(colon + 1).c_str(), &hints,
                  &found) != 0) {
    return "";
  }
  std::string why;
  const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0) {
      const int error = errno;
      why = absl::StrCat(": ", std::strerror(error));
      if (error == EADDRINUSE) {
        absl::StrAppend(&why,
                        " (another server listens there; choose another "
                        "--listen)");
      }
    }
    close(fd);
  }
  freeaddrinfo(found);
  return why;
}

// The address with the bound port in place of the requested one, so logs and
// tests show where the server really listens.
std::string WithPort(const std::string& listen, int port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return absl::StrCat(listen, ":", port);
  return absl::StrCat(listen.substr(0, colon), ":", port);
}

// Signals arrive on a self-pipe: the handler may only call async-signal-safe
// functions, so it writes the signal number and the waiting thread does the
// real work (a graceful gRPC shutdown).
int signal_pipe[2] = {-1, -1};

void OnSignal(int signo) {
  const char byte = static_cast<char>(signo);
  [[maybe_unused]] ssize_t n = write(signal_pipe[1], &byte, 1);
}

void InstallSignalPipe() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (pipe(signal_pipe) != 0) return;
    struct sigaction action = {};
    action.sa_handler = OnSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
  });
}

// gRPC's default health service knows only the server as a whole ("")
// until told each service's name, and grpc::Service does not say its name.
// The server does, to a builder plugin once it has started: this option
// adds one that copies the names out.
class ServiceNames : public grpc::ServerBuilderOption {
 public:
  explicit ServiceNames(std::vector<std::string>* names) : names_(names) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->push_back(std::make_unique<Plugin>(names_));
  }

 private:
  class Plugin : public grpc::ServerBuilderPlugin {
   public:
    explicit Plugin(std::vector<std::string>* names) : names_(names) {}
    std::string name() override { return "concert_service_names"; }
    void InitServer(grpc::ServerInitializer* /*si*/) override {}
    void Finish(grpc::ServerInitializer* si) override {
      *names_ = *si->GetServiceList();
    }
    void ChangeArguments(const std::string& /*name*/,
                         void* /*value*/) override {}

   private:
    std::vector<std::string>* names_;
  };

  std::vector<std::string>* names_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RunningServer>> RunningServer::Start(
    const ServerOptions& options, const std::vector<grpc::Service*>& services) {
  // Must precede the builder: both are process-wide switches that apply to
  // servers built afterwards.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<RunningServer> running(new RunningServer());
  running->options_ = options;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen,
                           options.credentials != nullptr
                               ? options.credentials
                               : grpc::InsecureServerCredentials(),
                           &running->port_);
  // gRPC sets SO_REUSEPORT by default: a second server would bind a port
  // already served and share its connections silently. A taken port must
  // fail the start instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.max_receive_bytes);
  builder.SetMaxSendMessageSize(options.max_send_bytes);
  // Without a quota gRPC starts a thread for every synchronous call in
  // flight, and a client opening thousands of streams takes them all; with
  // one, a call it cannot give a thread is refused (RESOURCE_EXHAUSTED). The
  // services' own call limits sit below it and refuse first, by name.
  grpc::ResourceQuota quota(absl::StrCat("concert-", options.component));
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             options.max_streams_per_connection);
  builder.SetOption(std::make_unique<ServiceNames>(&running->service_names_));
  for (grpc::Service* service : services) {
    builder.RegisterService(service);
    if (auto* d = dynamic_cast<DrainableService*>(service)) {
      running->drainable_.push_back(d);
    }
  }
  running->server_ = builder.BuildAndStart();
  if (running->server_ == nullptr || running->port_ == 0) {
    // The caller reports it (once, in one line).
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen, WhyNotBindable(options.listen)));
  }
  running->address_ = WithPort(options.listen, running->port_);
  if (auto* health = running->server_->GetHealthCheckService()) {
    // SERVING for the whole server ("") and for each service by its full
    // name (concert.v1.Coordinator, concert.v1.Party, …), as a health
    // check naming the service asks.
    health->SetServingStatus(true);
    for (const std::string& name : running->service_names_)
      health->SetServingStatus(name, true);
  }
  Logger(options.component)->info("serving on {}", running->address_);
  return running;
}

RunningServer::~RunningServer() { Shutdown(); }

void RunningServer::Shutdown() {
  if (stopped_ || server_ == nullptr) return;
  stopped_ = true;
  if (auto* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(false);
  }
  for (DrainableService* service : drainable_) service->Drain();
  server_->Shutdown(std::chrono::system_clock::now() + options_.grace);
  server_->Wait();
  Logger(options_.component)->info("stopped ({})", address_);
}

int WaitForTerminationSignal() {
  InstallSignalPipe();
  char byte = 0;
  while (true) {
    const ssize_t n = read(signal_pipe[0], &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    return SIGTERM;  // the pipe broke: treat as a request to stop
  }
}

int ServeUntilSignal(RunningServer& server) {
  const int signo = WaitForTerminationSignal();
  Logger("server")->info("signal {} received, shutting down {}", signo,
                         server.address());
  server.Shutdown();
  return 0;
}

}  // namespace concert
