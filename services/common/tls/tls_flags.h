// The TLS flags every concert program takes, added the same way everywhere:
// --tls-cert, --tls-key, --tls-ca (variables CONCERT_TLS_CERT, _KEY, _CA)
// and, for servers, --insecure (CONCERT_INSECURE). Kept out of the tls
// library so that it does not depend on the command-line parser.
#ifndef CONCERT_SERVICES_COMMON_TLS_TLS_FLAGS_H_
#define CONCERT_SERVICES_COMMON_TLS_TLS_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "services/common/tls/tls_files.h"

namespace concert::tls {

enum class TlsFlagUse { kServer, kClient };

// Adds the flags to `app`, bound to `flags`, in a group of their own. The
// caller loads them after parsing (LoadTls, which also checks that the
// three go together) and reports a failure as a usage error.
void AddTlsFlags(CLI::App& app, TlsFlags* flags,
                 TlsFlagUse use = TlsFlagUse::kServer);

// The same flags bound to separate fields (the SDK's ServeOptions, whose
// public header shows no project-internal type); `insecure` null: a client.
void AddTlsFlags(CLI::App& app, std::string* cert, std::string* key,
                 std::string* ca, bool* insecure);

}  // namespace concert::tls

#endif  // CONCERT_SERVICES_COMMON_TLS_TLS_FLAGS_H_
