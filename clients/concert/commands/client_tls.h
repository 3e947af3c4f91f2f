// The client's side of mutual TLS: --tls-cert, --tls-key and --tls-ca on
// every command that dials a forum server (those with --coordinator, and
// health and conformance, which may dial a party), loaded once after
// parsing into the process's client credentials (tls/client_default.h).
// The embedded forum stays plaintext on loopback whatever they say.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_CLIENT_TLS_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_CLIENT_TLS_H_

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace concert::cli {

// Adds the flags to every such command of `app` (call once, after every
// command is added).
void AddClientTlsFlags(CLI::App& app);

// Loads the files the parsed command line names, if any, and sets them as
// the process's client credentials; INVALID_ARGUMENT naming the flag and
// file otherwise.
absl::Status ApplyClientTlsFlags();

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_CLIENT_TLS_H_
