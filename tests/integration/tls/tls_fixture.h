// Certificates for the TLS tests, issued once per test binary by the
// shipped scripts/dev-ca (so the tests also check what the script issues),
// plus a second CA's, for peers the forum must not trust.
#ifndef CONCERT_TESTS_INTEGRATION_TLS_TLS_FIXTURE_H_
#define CONCERT_TESTS_INTEGRATION_TLS_TLS_FIXTURE_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "services/common/tls/tls_files.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {

class Certificates {
 public:
  // Issued on first use (scripts/dev-ca --out DIR/forum and DIR/other).
  static const Certificates& Get();

  // The material of certificate NAME ("coordinator", "dprk", "client",
  // "reader", "admin", …), signed by the forum CA, or by the other CA.
  tls::TlsMaterial Forum(const std::string& name) const;
  tls::TlsMaterial Foreign(const std::string& name) const;
  // DIR/forum/NAME.pem etc., for processes.
  std::string ForumFile(const std::string& file) const;
  const std::string& dir() const { return dir_->path(); }

 private:
  Certificates();
  tls::TlsMaterial Load(const std::string& ca_dir,
                        const std::string& name) const;
  std::unique_ptr<TempDir> dir_;
};

// A channel to `address` with `material` (a client certificate of its
// roles).
std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address,
                                          const tls::TlsMaterial& material);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_INTEGRATION_TLS_TLS_FIXTURE_H_
