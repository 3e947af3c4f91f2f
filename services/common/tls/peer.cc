#include "services/common/tls/peer.h"

#include <algorithm>
#include <string>
#include <vector>

#include <grpc/grpc_security_constants.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace concert::tls {
namespace {

std::vector<std::string> Values(const grpc::AuthContext& context,
                                const char* property) {
  std::vector<std::string> out;
  for (const grpc::string_ref& v : context.FindPropertyValues(property))
    out.emplace_back(v.data(), v.size());
  return out;
}

void AddUnique(std::vector<std::string>* to, const std::string& value) {
  if (std::find(to->begin(), to->end(), value) == to->end())
    to->push_back(value);
}

}  // namespace

PeerIdentity IdentityOf(const grpc::AuthContext& context) {
  if (!context.IsPeerAuthenticated()) return PeerIdentity();
  // gRPC lists URI and DNS SANs under their own properties, and every SAN
  // under x509_subject_alternative_name too; a URI of ours is recognised in
  // either.
  std::vector<std::string> uris = Values(context, GRPC_PEER_URI_PROPERTY_NAME);
  for (const std::string& san : Values(context, GRPC_X509_SAN_PROPERTY_NAME)) {
    if (absl::StartsWith(san, "urn:")) AddUnique(&uris, san);
  }
  return IdentityFromSans(uris, Values(context, GRPC_PEER_DNS_PROPERTY_NAME));
}

PeerIdentity IdentityOf(const grpc::ServerContextBase& context) {
  const auto auth = context.auth_context();
  return auth == nullptr ? PeerIdentity() : IdentityOf(*auth);
}

PeerIdentity IdentityOf(grpc::ClientContext& context) {
  const auto auth = context.auth_context();
  return auth == nullptr ? PeerIdentity() : IdentityOf(*auth);
}

grpc::Status RequireRole(const grpc::ServerContextBase& context, Role role,
                         absl::string_view what, bool enforce) {
  if (!enforce) return grpc::Status::OK;
  const PeerIdentity peer = IdentityOf(context);
  if (peer.Has(role)) return grpc::Status::OK;
  return grpc::Status(
      grpc::StatusCode::PERMISSION_DENIED,
      absl::StrCat(
          what, " needs the role '", RoleName(role), "' (a certificate SAN ",
          kRoleUriPrefix, RoleName(role),
          ", or admin); the caller's certificate has: ", peer.ToString()));
}

}  // namespace concert::tls
