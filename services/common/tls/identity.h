// Who a peer is, read from its certificate's subject alternative names
// (SANs), by the forum's naming convention (docs/security-identity.md):
//   urn:concert:party:<ID>   the certificate speaks for party <ID>
//                            (a DNS SAN equal to <ID> in lower case is read
//                            as the party's name too, when no URI names one)
//   urn:concert:role:<ROLE>  a role: coordinator, run, read, read-private,
//                            register, admin (admin holds every role)
// Pure: the SANs come in as strings (peer.h reads them from gRPC).
#ifndef CONCERT_SERVICES_COMMON_TLS_IDENTITY_H_
#define CONCERT_SERVICES_COMMON_TLS_IDENTITY_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concert::tls {

enum class Role {
  kCoordinator,  // a party answers only a peer with it
  kRun,          // RunSession, ResumeSession, Explore, Compare
  kRead,         // GetScenario, ListParties, ListRecords, GetRecord
  kReadPrivate,  // records with the parties' private interest models
  kRegister,     // RegisterParty for any party id
  kAdmin,        // every role
};

inline constexpr absl::string_view kPartyUriPrefix = "urn:concert:party:";
inline constexpr absl::string_view kRoleUriPrefix = "urn:concert:role:";

// "run", "read-private", …, as written in a certificate.
absl::string_view RoleName(Role role);
// The role a name stands for; nullopt for an unknown name.
std::optional<Role> RoleNamed(absl::string_view name);

struct PeerIdentity {
  // Whether the peer presented a certificate the forum CA signed (false on a
  // plaintext connection).
  bool authenticated = false;
  // Party ids the certificate's URI SANs speak for.
  std::set<std::string> parties;
  // Its DNS SANs: a certificate without a party URI speaks for the party
  // whose id, in lower case, is one of them.
  std::set<std::string> dns_names;
  // Roles as written (unknown role names are kept, and grant nothing).
  std::set<std::string> roles;
  // Every SAN seen, for messages.
  std::vector<std::string> names;

  // Whether the peer holds `role` (admin holds every role; read-private
  // holds read).
  bool Has(Role role) const;
  // Whether the certificate speaks for party `id`.
  bool Names(absl::string_view party_id) const;
  // "party DPRK, roles run, read" or "no certificate"; for messages.
  std::string ToString() const;
};

// The identity `uri_sans` and `dns_sans` describe (authenticated = true).
PeerIdentity IdentityFromSans(const std::vector<std::string>& uri_sans,
                              const std::vector<std::string>& dns_sans);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_IDENTITY_H_
