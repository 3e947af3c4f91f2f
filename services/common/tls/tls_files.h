// The TLS material a program is given on its command line (--tls-cert,
// --tls-key, --tls-ca) and its loading: three PEM files that go together,
// each a regular file of bounded size, refused with an error that names the
// file and what is wrong with it. No gRPC here: credentials are built from
// the loaded text (credentials.h).
#ifndef CONCERT_SERVICES_COMMON_TLS_TLS_FILES_H_
#define CONCERT_SERVICES_COMMON_TLS_TLS_FILES_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace concert::tls {

// What the command line said.
struct TlsFlags {
  // PEM certificate of this program (its identity), its private key, and
  // the forum CA's certificate (the only issuer trusted for peers).
  std::string cert;
  std::string key;
  std::string ca;
  // Without the TLS files: serve plaintext on any address, knowingly
  // (servers only). With them it changes nothing: a deployment's variant
  // with TLS adds the files to a plaintext one's --insecure.
  bool insecure = false;

  bool any_file() const { return !cert.empty() || !key.empty() || !ca.empty(); }
};

// The three files' contents.
struct TlsMaterial {
  std::string cert_pem;
  std::string key_pem;
  std::string ca_pem;
  // Where the certificate came from, for log lines.
  std::string cert_path;
};

// A PEM file is a few kilobytes; a chain of a few certificates stays far
// under this. Anything bigger is not what the flag means.
inline constexpr std::size_t kMaxPemBytes = 1 << 20;

// INVALID_ARGUMENT unless the three files are given together (or none is).
absl::Status CheckTlsFlags(const TlsFlags& flags);

// The contents of the PEM file at `path` (`flag` names it in errors):
// INVALID_ARGUMENT naming the flag and path when it is missing, not a
// regular file (a FIFO or a device would hang or never end), larger than
// kMaxPemBytes, unreadable, or holds no PEM block.
absl::StatusOr<std::string> ReadPemFile(absl::string_view flag,
                                        const std::string& path);

// nullopt without TLS files; the loaded material with them; the first
// problem otherwise (CheckTlsFlags, then each file).
absl::StatusOr<std::optional<TlsMaterial>> LoadTls(const TlsFlags& flags);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_TLS_FILES_H_
