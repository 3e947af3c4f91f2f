#include "services/common/tls/tls_flags.h"

#include <string>

namespace concert::tls {

void AddTlsFlags(CLI::App& app, TlsFlags* flags, TlsFlagUse use) {
  AddTlsFlags(app, &flags->cert, &flags->key, &flags->ca,
              use == TlsFlagUse::kServer ? &flags->insecure : nullptr);
}

void AddTlsFlags(CLI::App& app, std::string* cert, std::string* key,
                 std::string* ca, bool* insecure) {
  const bool server = insecure != nullptr;
  app.add_option(
         "--tls-cert", *cert,
         server ? "PEM certificate this server presents (its identity), for "
                  "mutual TLS; scripts/dev-ca issues the files"
                : "PEM client certificate (its roles say what it may "
                  "do) for connections to forum servers")
      ->type_name("FILE")
      ->envname("CONCERT_TLS_CERT");
  app.add_option("--tls-key", *key, "PEM private key of --tls-cert")
      ->type_name("FILE")
      ->envname("CONCERT_TLS_KEY");
  app.add_option("--tls-ca", *ca,
                 "PEM certificate of the forum CA, the only issuer trusted "
                 "for peers")
      ->type_name("FILE")
      ->envname("CONCERT_TLS_CA");
  if (server) {
    app.add_flag("--insecure", *insecure,
                 "without --tls-*: serve plaintext on the address given even "
                 "when it is not loopback (else it is narrowed to loopback); "
                 "with them, no effect")
        ->envname("CONCERT_INSECURE");
  }
}

}  // namespace concert::tls
