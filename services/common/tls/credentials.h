// gRPC credentials from the forum's TLS material (tls_files.h): mutual TLS
// for servers, and for the channels each program dials. Without material,
// plaintext (the callers decide whether plaintext is allowed: serving.h).
#ifndef CONCERT_SERVICES_COMMON_TLS_CREDENTIALS_H_
#define CONCERT_SERVICES_COMMON_TLS_CREDENTIALS_H_

#include <memory>
#include <optional>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/common/tls/tls_files.h"

namespace concert::tls {

// Mutual TLS: the server presents `material`'s certificate and requires of
// every client a certificate the forum CA signed
// (GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY). Plaintext
// without material.
std::shared_ptr<grpc::ServerCredentials> ServerCredentials(
    const std::optional<TlsMaterial>& material);

// A client channel trusting the forum CA only and presenting `material`'s
// certificate; the server's certificate must name the host dialled (as
// any TLS client checks). Plaintext without material.
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(
    const std::optional<TlsMaterial>& material);

// What a party's server presented when a channel to it last connected:
// kept so that a refused connection can be explained ("the party at ADDR
// presented identity X, not Y"); gRPC's own error says only that the
// handshake failed. Thread-safe.
class PresentedIdentity {
 public:
  void Set(std::string text) {
    absl::MutexLock lock(&mu_);
    text_ = std::move(text);
  }
  std::string Get() const {
    absl::MutexLock lock(&mu_);
    return text_;
  }

 private:
  mutable absl::Mutex mu_;
  std::string text_ ABSL_GUARDED_BY(mu_);
};

// The coordinator's channel to party `party_id`: mutual TLS, the party's
// certificate signed by the forum CA, and — checked at every handshake,
// before any answer is read — naming `party_id` (identity.h's convention).
// The host dialled is not checked: a party is known by its id, wherever it
// serves (a replica list, a host name not in its certificate). A mismatch
// fails the connection (the calls get UNAVAILABLE) and is written to
// `presented`.
std::shared_ptr<grpc::ChannelCredentials> PartyChannelCredentials(
    const TlsMaterial& material, const std::string& party_id,
    std::shared_ptr<PresentedIdentity> presented);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_CREDENTIALS_H_
