// A call's peer as the forum sees it (identity.h) and the checks a server
// makes of it: read from gRPC's AuthContext, which only the TLS handshake
// fills (a peer's own claims — a Describe answer, metadata — are never
// trusted for identity).
#ifndef CONCERT_SERVICES_COMMON_TLS_PEER_H_
#define CONCERT_SERVICES_COMMON_TLS_PEER_H_

#include <grpcpp/grpcpp.h>

#include "absl/strings/string_view.h"
#include "services/common/tls/identity.h"

namespace concert::tls {

// The identity the auth context's certificate SANs give; not authenticated
// on a plaintext connection.
PeerIdentity IdentityOf(const grpc::AuthContext& context);
// Of a server call's peer (the client) and of a client call's peer (the
// server; valid once the call has started).
PeerIdentity IdentityOf(const grpc::ServerContextBase& context);
PeerIdentity IdentityOf(grpc::ClientContext& context);

// OK when `enforce` is false (a plaintext server: its users are local) or
// the peer holds `role`; else PERMISSION_DENIED naming the role missing,
// `what` was asked (e.g. "RunSession") and the identity seen.
grpc::Status RequireRole(const grpc::ServerContextBase& context, Role role,
                         absl::string_view what, bool enforce);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_PEER_H_
