#include "services/common/tls/identity.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace concert::tls {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 6> kRoles = {{
    {Role::kCoordinator, "coordinator"},
    {Role::kRun, "run"},
    {Role::kRead, "read"},
    {Role::kReadPrivate, "read-private"},
    {Role::kRegister, "register"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return "?";
}

std::optional<Role> RoleNamed(absl::string_view name) {
  for (const auto& [r, n] : kRoles)
    if (n == name) return r;
  return std::nullopt;
}

bool PeerIdentity::Has(Role role) const {
  if (!authenticated) return false;
  const auto holds = [&](Role r) {
    return roles.count(std::string(RoleName(r))) > 0;
  };
  if (holds(role) || holds(Role::kAdmin)) return true;
  return role == Role::kRead && holds(Role::kReadPrivate);
}

bool PeerIdentity::Names(absl::string_view party_id) const {
  if (!authenticated || party_id.empty()) return false;
  if (parties.count(std::string(party_id)) > 0) return true;
  // A DNS name stands for a party only on a certificate whose URIs name
  // none: one that names a party by URI means that party alone.
  return parties.empty() &&
         dns_names.count(absl::AsciiStrToLower(party_id)) > 0;
}

std::string PeerIdentity::ToString() const {
  if (!authenticated) return "no certificate";
  std::vector<std::string> parts;
  if (!parties.empty())
    parts.push_back(absl::StrCat("party ", absl::StrJoin(parties, ", ")));
  if (!roles.empty())
    parts.push_back(absl::StrCat("roles ", absl::StrJoin(roles, ", ")));
  if (parts.empty()) {
    parts.push_back(names.empty()
                        ? std::string("a certificate naming nothing")
                        : absl::StrCat("names ", absl::StrJoin(names, ", "),
                                       " (no party, no role)"));
  }
  return absl::StrJoin(parts, "; ");
}

PeerIdentity IdentityFromSans(const std::vector<std::string>& uri_sans,
                              const std::vector<std::string>& dns_sans) {
  PeerIdentity identity;
  identity.authenticated = true;
  for (const std::string& uri : uri_sans) {
    identity.names.push_back(uri);
    absl::string_view rest = uri;
    if (absl::ConsumePrefix(&rest, kPartyUriPrefix) && !rest.empty()) {
      identity.parties.emplace(rest);
    } else if (absl::ConsumePrefix(&rest, kRoleUriPrefix) && !rest.empty()) {
      identity.roles.emplace(rest);
    }
  }
  for (const std::string& dns : dns_sans) {
    identity.names.push_back(dns);
    identity.dns_names.insert(absl::AsciiStrToLower(dns));
  }
  return identity;
}

}  // namespace concert::tls
