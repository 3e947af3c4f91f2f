// The health check: the party serves the standard gRPC health service (as
// every concert server does, and as container orchestrators ask), and it
// says SERVING for the whole server.
#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"

namespace concert::conformance {

CheckResult CheckHealth(PartyClient& client) {
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = client.Health(&response);
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    return Fail(kHealth,
                "grpc.health.v1.Health is not served (UNIMPLEMENTED); "
                "register the standard health service");
  }
  if (!status.ok()) {
    return Fail(kHealth, absl::StrCat("Health/Check: ", StatusText(status)));
  }
  const std::string& name =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
          response.status());
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return Fail(kHealth, absl::StrCat("the server says ",
                                      name.empty() ? "an unknown status" : name,
                                      ", not SERVING"));
  }
  return Pass(kHealth, "SERVING");
}

}  // namespace concert::conformance
