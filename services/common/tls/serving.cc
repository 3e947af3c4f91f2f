#include "services/common/tls/serving.h"

#include "absl/strings/str_cat.h"
#include "services/common/tls/credentials.h"
#include "services/common/tls/listen_address.h"

namespace concert::tls {

std::string NarrowingWarning(const std::string& listen,
                             const std::string& narrowed,
                             absl::string_view program) {
  if (listen == narrowed) return "";
  return absl::StrCat(
      program, ": no TLS material, so serving plaintext on ", narrowed,
      " (this machine only), not ", listen,
      ". To serve other machines, give --tls-cert, --tls-key and --tls-ca "
      "(mutual TLS; scripts/dev-ca issues them), or --insecure to serve "
      "plaintext to anyone who can reach the port.");
}

ServingSecurity PlanServing(const std::string& listen,
                            const std::optional<TlsMaterial>& material,
                            bool insecure, absl::string_view program) {
  ServingSecurity plan;
  plan.credentials = ServerCredentials(material);
  plan.tls = material.has_value();
  plan.listen = listen;
  if (!plan.tls && !insecure) {
    plan.listen = NarrowToLoopback(listen);
    plan.warning = NarrowingWarning(listen, plan.listen, program);
  }
  return plan;
}

}  // namespace concert::tls
