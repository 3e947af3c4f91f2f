#include "services/party/join/advertise.h"

#include <unistd.h>

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace concert::party {

std::string AdvertisedAddress(const std::string& listen, int port) {
  absl::string_view host = listen;
  if (const auto colon = host.rfind(':'); colon != absl::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host.empty() || host == "0.0.0.0" || host == "[::]" || host == "::") {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) == 0 && name[0] != '\0') {
      return absl::StrCat(name.data(), ":", port);
    }
    return absl::StrCat("localhost:", port);
  }
  return absl::StrCat(host, ":", port);
}

}  // namespace concert::party
