// How a server serves, from its listen flag and its TLS flags: mutual TLS
// anywhere with TLS material; plaintext on loopback only without it (the
// listen address narrowed, with a warning saying how to serve further); or
// plaintext anywhere with an explicit --insecure.
#ifndef CONCERT_SERVICES_COMMON_TLS_SERVING_H_
#define CONCERT_SERVICES_COMMON_TLS_SERVING_H_

#include <memory>
#include <optional>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/strings/string_view.h"
#include "services/common/tls/tls_files.h"

namespace concert::tls {

struct ServingSecurity {
  // Where to listen (narrowed to loopback when plaintext was not allowed).
  std::string listen;
  // Mutual TLS or plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Whether peers carry certificates to check roles against.
  bool tls = false;
  // Non-empty when the address was narrowed: what to log.
  std::string warning;
};

// `program` names the binary in the warning ("concert-coordinator").
ServingSecurity PlanServing(const std::string& listen,
                            const std::optional<TlsMaterial>& material,
                            bool insecure, absl::string_view program);

// The warning alone (pure; empty when `listen` needs no narrowing).
std::string NarrowingWarning(const std::string& listen,
                             const std::string& narrowed,
                             absl::string_view program);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_SERVING_H_
