#include "clients/concert/commands/client_tls.h"

#include <string>

#include "services/common/tls/client_default.h"
#include "services/common/tls/tls_flags.h"

namespace concert::cli {
namespace {

// One command runs per process, so one set of flags serves them all.
tls::TlsFlags& Flags() {
  static tls::TlsFlags flags;
  return flags;
}

bool DialsAServer(CLI::App* command) {
  const std::string& name = command->get_name();
  return command->get_option_no_throw("--coordinator") != nullptr ||
         name == "health" || name == "conformance";
}

void AddTo(CLI::App& app) {
  for (CLI::App* sub :
       app.get_subcommands([](const CLI::App*) { return true; })) {
    if (DialsAServer(sub))
      tls::AddTlsFlags(*sub, &Flags(), tls::TlsFlagUse::kClient);
    AddTo(*sub);
  }
}

}  // namespace

void AddClientTlsFlags(CLI::App& app) { AddTo(app); }

absl::Status ApplyClientTlsFlags() {
  auto material = tls::LoadTls(Flags());
  if (!material.ok()) return material.status();
  tls::SetClientTls(*std::move(material));
  return absl::OkStatus();
}

}  // namespace concert::cli
