// Conversions between absl::Status (inside the cores) and grpc::Status (at
// service boundaries). The codes share their numbering, so the mapping keeps
// the code and the message.
#ifndef CONCERT_SERVICES_COMMON_SERVER_GRPC_STATUS_H_
#define CONCERT_SERVICES_COMMON_SERVER_GRPC_STATUS_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace concert {

inline grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

inline absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_GRPC_STATUS_H_
