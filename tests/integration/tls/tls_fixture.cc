#include "tests/integration/tls/tls_fixture.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/tls/credentials.h"
#include "tests/support/net/child_process.h"

namespace concert::testing {

Certificates::Certificates() : dir_(std::make_unique<TempDir>()) {
  for (const char* ca : {"forum", "other"}) {
    const CommandResult issued =
        RunCommand({std::string(CONCERT_SOURCE_DIR) + "/scripts/dev-ca",
                    "--out", dir_->File(ca)});
    EXPECT_EQ(issued.exit_code, 0) << issued.err;
  }
}

const Certificates& Certificates::Get() {
  static const Certificates* certificates = new Certificates();
  return *certificates;
}

tls::TlsMaterial Certificates::Load(const std::string& ca_dir,
                                    const std::string& name) const {
  tls::TlsFlags flags;
  flags.cert = dir_->File(absl::StrCat(ca_dir, "/", name, ".pem"));
  flags.key = dir_->File(absl::StrCat(ca_dir, "/", name, ".key"));
  flags.ca = dir_->File(absl::StrCat(ca_dir, "/ca.pem"));
  auto material = tls::LoadTls(flags);
  EXPECT_TRUE(material.ok() && material->has_value())
      << material.status().ToString();
  return material.ok() && material->has_value() ? **material
                                                : tls::TlsMaterial();
}

tls::TlsMaterial Certificates::Forum(const std::string& name) const {
  return Load("forum", name);
}

tls::TlsMaterial Certificates::Foreign(const std::string& name) const {
  // The other CA's certificate, with the forum CA as its trust root: the
  // peer trusts the forum, the forum does not trust it.
  tls::TlsMaterial material = Load("other", name);
  material.ca_pem = Forum(name).ca_pem;
  return material;
}

std::string Certificates::ForumFile(const std::string& file) const {
  return dir_->File(absl::StrCat("forum/", file));
}

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address,
                                          const tls::TlsMaterial& material) {
  return grpc::CreateChannel(address, tls::ChannelCredentials(material));
}

}  // namespace concert::testing
