// The credentials a command-line program's clients dial with, set once from
// its --tls-* flags before any channel is made: the `concert` client reaches
// a coordinator or a party from many commands, and each would otherwise
// carry the flags down through every call. Plaintext until set.
#ifndef CONCERT_SERVICES_COMMON_TLS_CLIENT_DEFAULT_H_
#define CONCERT_SERVICES_COMMON_TLS_CLIENT_DEFAULT_H_

#include <memory>
#include <optional>

#include <grpcpp/grpcpp.h>

#include "services/common/tls/tls_files.h"

namespace concert::tls {

// Sets the process's client material (nullopt: plaintext). Thread-safe.
void SetClientTls(std::optional<TlsMaterial> material);

// Credentials for a channel to a forum server (ChannelCredentials of the
// material set).
std::shared_ptr<grpc::ChannelCredentials> ClientChannelCredentials();

// Whether material was set.
bool ClientTlsSet();

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_CLIENT_DEFAULT_H_
