#include "services/common/tls/client_default.h"

#include <utility>

#include "absl/synchronization/mutex.h"
#include "services/common/tls/credentials.h"

namespace concert::tls {
namespace {

struct ClientTls {
  absl::Mutex mu;
  std::optional<TlsMaterial> material ABSL_GUARDED_BY(mu);
};

ClientTls& Global() {
  // Never destroyed: a channel may be made while the process exits.
  static auto* global = new ClientTls();
  return *global;
}

}  // namespace

void SetClientTls(std::optional<TlsMaterial> material) {
  absl::MutexLock lock(&Global().mu);
  Global().material = std::move(material);
}

std::shared_ptr<grpc::ChannelCredentials> ClientChannelCredentials() {
  absl::MutexLock lock(&Global().mu);
  return ChannelCredentials(Global().material);
}

bool ClientTlsSet() {
  absl::MutexLock lock(&Global().mu);
  return Global().material.has_value();
}

}  // namespace concert::tls
