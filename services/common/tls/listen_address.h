// Where a server without TLS may listen. Plaintext means any host that can
// reach the port can register parties, run sessions and read every record,
// so a server given no TLS material serves loopback only, unless told
// --insecure. Pure: addresses in, addresses out.
#ifndef CONCERT_SERVICES_COMMON_TLS_LISTEN_ADDRESS_H_
#define CONCERT_SERVICES_COMMON_TLS_LISTEN_ADDRESS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace concert::tls {

// Whether `listen` reaches this machine only: 127.x.y.z, [::1], localhost,
// or a unix: socket.
bool IsLoopbackListen(absl::string_view listen);

// `listen` with its host made loopback, the port kept: "0.0.0.0:7000" →
// "127.0.0.1:7000", "[::]:7000" → "[::1]:7000" (an IPv6 host stays IPv6),
// "coordinator:7000" → "127.0.0.1:7000". A loopback address is returned as
// it is.
std::string NarrowToLoopback(absl::string_view listen);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_LISTEN_ADDRESS_H_
