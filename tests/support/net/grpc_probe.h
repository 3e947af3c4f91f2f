// What a generic gRPC tool would ask of any concert server, for tests: the
// health status and the services listed by server reflection. Written against
// the wire (generic calls), as a client in another language would be.
#ifndef CONCERT_TESTS_SUPPORT_NET_GRPC_PROBE_H_
#define CONCERT_TESTS_SUPPORT_NET_GRPC_PROBE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace concert::testing {

// "SERVING", "NOT_SERVING", ... from grpc.health.v1.Health/Check.
absl::StatusOr<std::string> HealthStatus(const std::string& address);

// Service names from grpc.reflection.v1alpha.ServerReflection (list_services).
absl::StatusOr<std::vector<std::string>> ReflectedServices(
    const std::string& address);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_GRPC_PROBE_H_
