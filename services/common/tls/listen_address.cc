#include "services/common/tls/listen_address.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace concert::tls {
namespace {

// Host and ":port" of a listen address ("[::]:7000" → "[::]", ":7000");
// no port: the whole address and "".
std::pair<absl::string_view, absl::string_view> SplitPort(
    absl::string_view listen) {
  const auto colon = listen.rfind(':');
  const auto bracket = listen.rfind(']');
  if (colon == absl::string_view::npos ||
      (bracket != absl::string_view::npos && colon < bracket)) {
    return {listen, ""};
  }
  // A bare IPv6 address without brackets has no port to split off.
  if (bracket == absl::string_view::npos &&
      listen.substr(0, colon).find(':') != absl::string_view::npos) {
    return {listen, ""};
  }
  return {listen.substr(0, colon), listen.substr(colon)};
}

// gRPC's own schemes: "ipv4:127.0.0.1:7000" names its host after the scheme.
absl::string_view StripScheme(absl::string_view listen) {
  for (absl::string_view scheme : {"ipv4:", "ipv6:", "dns:///", "dns:"}) {
    if (absl::StartsWith(listen, scheme)) return listen.substr(scheme.size());
  }
  return listen;
}

}  // namespace

bool IsLoopbackListen(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") ||
      absl::StartsWith(listen, "unix-abstract:")) {
    return true;
  }
  const std::string host =
      absl::AsciiStrToLower(SplitPort(StripScheme(listen)).first);
  return absl::StartsWith(host, "127.") || host == "[::1]" || host == "::1" ||
         host == "localhost";
}

std::string NarrowToLoopback(absl::string_view listen) {
  if (IsLoopbackListen(listen)) return std::string(listen);
  const auto [host, port] = SplitPort(StripScheme(listen));
  const bool ipv6 =
      absl::StartsWith(host, "[") || host.find(':') != absl::string_view::npos;
  return absl::StrCat(ipv6 ? "[::1]" : "127.0.0.1", port);
}

}  // namespace concert::tls
