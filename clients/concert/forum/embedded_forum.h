// The embedded forum: every party of a scenario as its own gRPC server on a
// loopback port, and the coordinator as a gRPC server too, all inside the
// calling process. It is the same path as a containerized deployment — real
// servers, real sockets, real RPCs — only on one machine, so what `concert run`
// shows is what a distributed forum would do.
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_EMBEDDED_FORUM_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_EMBEDDED_FORUM_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/server/server.h"
#include "services/coordinator/rpc/coordinator_service.h"

namespace concert::cli {

struct EmbeddedForumOptions {
  // Loopback host the servers bind (port 0: the kernel picks free ports).
  std::string host = "127.0.0.1";
  // How the coordinator calls the parties.
  coordinator::CoordinatorOptions coordinator;
  // Record database; empty keeps no records.
  std::string db_path;
  // Opens the record database for reading only (the `records` commands):
  // nothing is written to it, so it may be a file the user cannot write.
  bool read_only_records = false;
  // Grace period for in-flight calls at shutdown.
  std::chrono::milliseconds grace{2000};
};

class EmbeddedForum {
 public:
  // Starts one server per party of `scenario` that has no address (its own
  // profile, every variant), then the coordinator with the parties'
  // addresses: the loopback ones of the parties started here, and the
  // scenario's own for the parties that have one — those are dialed, never
  // replaced. INVALID_ARGUMENT for a party with neither an interest model
  // nor an address.
  static absl::StatusOr<std::unique_ptr<EmbeddedForum>> Start(
      const v1::Scenario& scenario, const EmbeddedForumOptions& options = {});

  // Shuts the coordinator, then the parties, down gracefully.
  ~EmbeddedForum();

  const std::string& coordinator_address() const {
    return coordinator_server_->address();
  }
  // Party addresses in scenario order.
  const std::vector<std::string>& party_addresses() const { return addresses_; }
  // Stops party i's server, if it was started here (fault injection in
  // tests).
  void StopParty(int i);

 private:
  EmbeddedForum() = default;

  std::vector<std::unique_ptr<grpc::Service>> party_services_;
  // Per party in scenario order; null for a party dialed at its address.
  std::vector<std::unique_ptr<RunningServer>> party_servers_;
  std::vector<std::string> addresses_;
  std::unique_ptr<coordinator::CoordinatorService> coordinator_;
  std::unique_ptr<RunningServer> coordinator_server_;
};

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_EMBEDDED_FORUM_H_
