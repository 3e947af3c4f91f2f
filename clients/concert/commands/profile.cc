// `concert profile export --party ID`: one party's part of a scenario, as the
// concert.v1.PartySpec textproto a containerized `concert-party --profile
// FILE` serves — so the party's container holds its own interests and never
// the other parties'.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/forum/default_scenario.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/problem.h"
#include "services/common/validation.h"

namespace concert::cli {
namespace {

constexpr char kCommand[] = "profile export";

struct ProfileExportFlags {
  std::string party;
  // Empty: the built-in six-party scenario.
  std::string scenario;
  // Empty: stdout.
  std::string out;
};

// The party's profile: its spec without an address (a profile says who the
// party is, not where it runs), with one `variants` entry per scenario
// variant in the scenario's order — the party's own change where the
// scenario has one, else an empty entry, which keeps the baseline under that
// variant. A scenario leaves a party at its baseline by saying nothing; a
// profile must say so, since the party serving it never sees the scenario.
absl::StatusOr<v1::PartySpec> ProfileOf(const v1::Scenario& scenario,
                                        const std::string& scenario_name,
                                        const std::string& party_id) {
  const v1::PartySpec* found = nullptr;
  std::vector<std::string> ids;
  for (const v1::PartySpec& party : scenario.parties()) {
    if (party.id() == party_id) found = &party;
    ids.push_back(party.id());
  }
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "scenario '", scenario.id(), "' (", scenario_name, ") has no party '",
        party_id, "'; its parties are: ", absl::StrJoin(ids, ", ")));
  }
  v1::PartySpec profile = *found;
  profile.clear_address();
  profile.clear_variants();
  for (const v1::Variant& variant : scenario.variants()) {
    v1::PartyVariant* entry = profile.add_variants();
    entry->set_name(variant.name());
    for (const v1::PartyVariant& own : found->variants()) {
      if (own.name() == variant.name()) *entry = own;
    }
  }
  return profile;
}

// The file's text: the header that names the message (so `concert check`
// and editors know it), where it came from, then the profile.
absl::StatusOr<std::string> ProfileText(const v1::PartySpec& profile,
                                        const v1::Scenario& scenario,
                                        const std::string& scenario_name) {
  std::string body;
  if (!google::protobuf::TextFormat::PrintToString(profile, &body)) {
    return absl::InternalError("cannot print the profile as text format");
  }
  return absl::StrCat(
      "# proto-message: concert.v1.PartySpec\n"
      "# proto-file: concert/v1/scenario.proto\n"
      "#\n"
      "# Party '",
      profile.id(), "' of scenario '", scenario.id(), "' (", scenario_name,
      "),\n"
      "# exported by `concert profile export`. An empty `variants { name: "
      "... }`\n"
      "# keeps the baseline under that variant. Serve it with\n"
      "#   concert-party --profile FILE\n\n",
      body);
}

// Writes `text` to `path` through a temporary file beside it and a rename,
// so that a reader (a party starting, a container build) sees the old file
// or the whole new one, never half of it; an existing file is replaced.
absl::Status WriteAtomically(const std::string& path, const std::string& text) {
  const std::string temp = absl::StrCat(path, ".tmp.", getpid());
  // 0666 less the umask, as a shell redirection would create it.
  const int fd =
      open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot write '", temp, "' (for --out): ", std::strerror(errno)));
  }
  std::string error;
  std::size_t written = 0;
  while (error.empty() && written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? std::strerror(errno) : "short write";
    } else {
      written += static_cast<std::size_t>(n);
    }
  }
  if (error.empty() && fsync(fd) != 0) error = std::strerror(errno);
  if (close(fd) != 0 && error.empty()) error = std::strerror(errno);
  if (!error.empty()) {
    unlink(temp.c_str());
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write '", temp, "' (for --out): ", error));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    unlink(temp.c_str());
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot write '", path, "': ", std::strerror(rename_errno)));
  }
  return absl::OkStatus();
}

int ProfileExportCommand(const ProfileExportFlags& flags) {
  absl::StatusOr<v1::Scenario> scenario = LoadScenarioOrDefault(flags.scenario);
  if (!scenario.ok()) return ReportFailure(kCommand, scenario.status());
  const std::string scenario_name =
      flags.scenario.empty() ? kDefaultScenarioName : flags.scenario;
  absl::StatusOr<v1::PartySpec> profile =
      ProfileOf(*scenario, scenario_name, flags.party);
  if (!profile.ok()) return ReportFailure(kCommand, profile.status());

  // What `concert check` will say of the file: a profile of a valid scenario
  // has no problem, so one here is a bug of this command.
  const std::vector<Problem> problems = ValidateProfile(*profile, &*scenario);
  if (!problems.empty()) {
    return ReportFailure(
        kCommand, absl::InternalError(
                      absl::StrCat("the exported profile does not validate:\n",
                                   ProblemsToString(problems))));
  }
  absl::StatusOr<std::string> text =
      ProfileText(*profile, *scenario, scenario_name);
  if (!text.ok()) return ReportFailure(kCommand, text.status());

  if (flags.out.empty()) {
    std::fputs(text->c_str(), stdout);
    return std::fflush(stdout) == 0 ? 0 : kExitInternal;
  }
  if (absl::Status s = WriteAtomically(flags.out, *text); !s.ok()) {
    return ReportFailure(kCommand, s);
  }
  return 0;
}

}  // namespace

void AddProfileCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<ProfileExportFlags>();
  CLI::App* profile = app.add_subcommand(
      "profile", "party profiles: one party's part of a scenario, alone");
  profile->require_subcommand(1);
  profile->footer(
      "A profile is a single concert.v1.PartySpec textproto: one party's id, "
      "name,\n"
      "weight, interest model and its changes under the scenario's variants. "
      "It is\n"
      "what a containerized `concert-party --profile FILE` serves, so that "
      "the\n"
      "party's container never holds the other parties' interests.\n"
      "Run `concert profile export --help` for the one subcommand.");

  CLI::App* export_cmd = profile->add_subcommand(
      "export", "write one party's profile, cut from a scenario");
  export_cmd->add_option("--party", flags->party, "id of the party to export")
      ->type_name("ID")
      ->required();
  export_cmd
      ->add_option("--scenario", flags->scenario,
                   "scenario file (default: the built-in six-party scenario)")
      ->type_name("FILE")
      ->envname(kScenarioEnv);
  export_cmd
      ->add_option("--out", flags->out,
                   "write the profile here instead of stdout; an existing "
                   "file is replaced, atomically (temporary file, then "
                   "rename)")
      ->type_name("FILE");
  export_cmd->footer(
      "The profile starts with a `# proto-message: concert.v1.PartySpec` "
      "header\n"
      "and a comment naming the scenario (id and file) it was cut from. The\n"
      "party's address is left out: a profile says who the party is, not "
      "where\n"
      "it runs. Every scenario variant gets a `variants` entry: the party's "
      "own\n"
      "change, or an empty `variants { name: \"...\" }` where the scenario "
      "keeps\n"
      "the party at its baseline — so the party serves every variant of the\n"
      "scenario without seeing it.\n\n"
      "Examples:\n"
      "  concert profile export --party DPRK --out dprk.textproto\n"
      "  concert check dprk.textproto\n"
      "  concert-party --profile dprk.textproto --listen 0.0.0.0:50051\n"
      "  concert profile export --party USA --scenario my-forum.textproto > "
      "usa.textproto\n"
      "Exit codes: 0 written, 2 no such party (its message names the "
      "scenario's\n"
      "parties), a scenario that does not load or an --out that cannot be "
      "written.");
  commands.Add(profile, [flags, export_cmd] {
    if (export_cmd->parsed()) return ProfileExportCommand(*flags);
    return kExitUsage;
  });
}

}  // namespace concert::cli
