#include "services/common/tls/tls_files.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/bounded_file.h"

namespace concert::tls {

absl::Status CheckTlsFlags(const TlsFlags& flags) {
  if (!flags.any_file()) return absl::OkStatus();
  std::string missing;
  const auto need = [&](const std::string& value, absl::string_view flag) {
    if (value.empty())
      absl::StrAppend(&missing, missing.empty() ? "" : ", ", flag);
  };
  need(flags.cert, "--tls-cert");
  need(flags.key, "--tls-key");
  need(flags.ca, "--tls-ca");
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-cert, --tls-key and --tls-ca go together (missing: ", missing,
        "); scripts/dev-ca issues all three"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadPemFile(absl::string_view flag,
                                        const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadBoundedFile(path, kMaxPemBytes, "a PEM certificate or key");
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        absl::StrCat(flag, ": ", text.status().message()));
  }
  if (!absl::StrContains(*text, "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", path, ": holds no PEM block (-----BEGIN …)"));
  }
  return text;
}

absl::StatusOr<std::optional<TlsMaterial>> LoadTls(const TlsFlags& flags) {
  if (absl::Status s = CheckTlsFlags(flags); !s.ok()) return s;
  if (!flags.any_file()) return std::optional<TlsMaterial>();
  TlsMaterial material;
  material.cert_path = flags.cert;
  auto cert = ReadPemFile("--tls-cert", flags.cert);
  if (!cert.ok()) return cert.status();
  auto key = ReadPemFile("--tls-key", flags.key);
  if (!key.ok()) return key.status();
  auto ca = ReadPemFile("--tls-ca", flags.ca);
  if (!ca.ok()) return ca.status();
  if (!absl::StrContains(*key, "PRIVATE KEY")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-key ", flags.key,
                     ": holds no private key (swapped with --tls-cert?)"));
  }
  if (!absl::StrContains(*cert, "CERTIFICATE")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-cert ", flags.cert, ": holds no certificate"));
  }
  if (!absl::StrContains(*ca, "CERTIFICATE")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-ca ", flags.ca, ": holds no certificate"));
  }
  material.cert_pem = *std::move(cert);
  material.key_pem = *std::move(key);
  material.ca_pem = *std::move(ca);
  return std::optional<TlsMaterial>(std::move(material));
}

}  // namespace concert::tls
