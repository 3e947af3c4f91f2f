#include "services/coordinator/rpc/coordinator_access.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/tls/peer.h"
#include "services/coordinator/core/public_scenario.h"

namespace concert::coordinator {
namespace {

using tls::Role;

struct Rule {
  const char* method;
  // Any one of these suffices.
  std::vector<Role> any_of;
};

Rule RuleFor(CoordinatorCall call) {
  switch (call) {
    case CoordinatorCall::kGetScenario:
      return {"GetScenario", {Role::kRun, Role::kRead}};
    case CoordinatorCall::kListParties:
      return {"ListParties", {Role::kRun, Role::kRead}};
    case CoordinatorCall::kRunSession:
      return {"RunSession", {Role::kRun}};
    case CoordinatorCall::kResumeSession:
      return {"ResumeSession", {Role::kRun}};
    case CoordinatorCall::kExplore:
      return {"Explore", {Role::kRun}};
    case CoordinatorCall::kCompare:
      return {"Compare", {Role::kRun}};
    case CoordinatorCall::kGetRecord:
      return {"GetRecord", {Role::kRead}};
    case CoordinatorCall::kListRecords:
      return {"ListRecords", {Role::kRead}};
  }
  return {"?", {Role::kAdmin}};
}

}  // namespace

grpc::Status Authorize(const grpc::ServerContextBase& context,
                       CoordinatorCall call, bool enforce) {
  if (!enforce) return grpc::Status::OK;
  const Rule rule = RuleFor(call);
  const tls::PeerIdentity peer = tls::IdentityOf(context);
  std::vector<std::string> names;
  for (Role role : rule.any_of) {
    if (peer.Has(role)) return grpc::Status::OK;
    names.push_back(absl::StrCat("'", tls::RoleName(role), "'"));
  }
  return grpc::Status(
      grpc::StatusCode::PERMISSION_DENIED,
      absl::StrCat(rule.method, " needs the role ",
                   absl::StrJoin(names, " or "), " (a certificate SAN ",
                   tls::kRoleUriPrefix, "ROLE; admin holds every role); ",
                   "the caller's certificate has: ", peer.ToString()));
}

grpc::Status AuthorizeRegistration(const grpc::ServerContextBase& context,
                                   const std::string& party_id, bool enforce) {
  if (!enforce) return grpc::Status::OK;
  const tls::PeerIdentity peer = tls::IdentityOf(context);
  if (peer.Names(party_id) || peer.Has(Role::kRegister))
    return grpc::Status::OK;
  return grpc::Status(
      grpc::StatusCode::PERMISSION_DENIED,
      absl::StrCat("RegisterParty of '", party_id,
                   "' needs a certificate that speaks for that party (",
                   tls::kPartyUriPrefix, party_id,
                   ") or holds the role 'register'; the caller's has: ",
                   peer.ToString()));
}

bool MayReadPrivateModels(const grpc::ServerContextBase& context,
                          bool enforce) {
  return !enforce || tls::IdentityOf(context).Has(Role::kReadPrivate);
}

void HidePrivateModels(v1::Record* record) {
  const auto hide = [](v1::Scenario* scenario) {
    *scenario = PublicScenario(std::move(*scenario));
  };
  if (record->has_session())
    hide(record->mutable_session()->mutable_inputs()->mutable_scenario());
  if (record->has_exploration())
    hide(record->mutable_exploration()->mutable_inputs()->mutable_scenario());
  if (record->has_comparison())
    hide(record->mutable_comparison()->mutable_scenario());
}

}  // namespace concert::coordinator
