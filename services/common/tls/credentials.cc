#include "services/common/tls/credentials.h"

#include <utility>
#include <vector>

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "absl/strings/str_cat.h"
#include "services/common/tls/identity.h"

namespace concert::tls {
namespace {

std::vector<std::string> Strings(const std::vector<grpc::string_ref>& refs) {
  std::vector<std::string> out;
  out.reserve(refs.size());
  for (const grpc::string_ref& r : refs) out.emplace_back(r.data(), r.size());
  return out;
}

// Runs after gRPC has verified the chain up to the forum CA: the
// certificate must also speak for the party this channel is for.
class PartyIdentityVerifier final
    : public grpc::experimental::ExternalCertificateVerifier {
 public:
  PartyIdentityVerifier(std::string party_id,
                        std::shared_ptr<PresentedIdentity> presented)
      : party_id_(std::move(party_id)), presented_(std::move(presented)) {}

  bool Verify(grpc::experimental::TlsCustomVerificationCheckRequest* request,
              std::function<void(grpc::Status)> /*callback*/,
              grpc::Status* sync_status) override {
    const PeerIdentity identity = IdentityFromSans(
        Strings(request->uri_names()), Strings(request->dns_names()));
    if (identity.Names(party_id_)) {
      if (presented_ != nullptr) presented_->Set("");
      *sync_status = grpc::Status::OK;
      return true;
    }
    const std::string why = absl::StrCat(
        "presented a certificate for ", identity.ToString(), ", not party ",
        party_id_, " (", kPartyUriPrefix, party_id_, ")");
    if (presented_ != nullptr) presented_->Set(why);
    *sync_status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, why);
    return true;
  }

  void Cancel(grpc::experimental::TlsCustomVerificationCheckRequest*) override {
  }

 private:
  const std::string party_id_;
  const std::shared_ptr<PresentedIdentity> presented_;
};

}  // namespace

std::shared_ptr<grpc::ServerCredentials> ServerCredentials(
    const std::optional<TlsMaterial>& material) {
  if (!material.has_value()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = material->ca_pem;
  options.pem_key_cert_pairs.push_back({material->key_pem, material->cert_pem});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(
    const std::optional<TlsMaterial>& material) {
  if (!material.has_value()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = material->ca_pem;
  options.pem_private_key = material->key_pem;
  options.pem_cert_chain = material->cert_pem;
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> PartyChannelCredentials(
    const TlsMaterial& material, const std::string& party_id,
    std::shared_ptr<PresentedIdentity> presented) {
  namespace gx = grpc::experimental;
  auto provider = std::make_shared<gx::StaticDataCertificateProvider>(
      material.ca_pem, std::vector<gx::IdentityKeyCertPair>{
                           {material.key_pem, material.cert_pem}});
  gx::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(std::move(provider));
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_verify_server_certs(true);
  options.set_check_call_host(false);
  options.set_certificate_verifier(
      gx::ExternalCertificateVerifier::Create<PartyIdentityVerifier>(
          party_id, std::move(presented)));
  return gx::TlsCredentials(options);
}

}  // namespace concert::tls
