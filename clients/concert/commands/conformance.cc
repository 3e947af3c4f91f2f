// `concert conformance ADDR`: checks a party server against the contract of
// concert.v1.Party (proto/concert/v1/party.proto) and prints one PASS/FAIL
// line per check. The checks live in clients/concert/conformance/; this file
// is the command line around them.
#include "clients/concert/conformance/conformance.h"

#include <cstdio>
#include <memory>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/conformance/default_draft.h"
#include "clients/concert/conformance/report_format.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/render/format_text.h"
#include "services/common/number_flags.h"

namespace concert::cli {
namespace {

// Some check failed: the party breaks the contract. The code `records
// check` gives an order that fails; 4 (nothing answered) and 2 (bad input)
// keep their meaning from exit_codes.h.
constexpr int kExitNonConforming = 3;

struct ConformanceFlags {
  std::string address;
  std::string party;
  std::string scenario;
  std::string draft;
  int deadline_ms = 5000;
  // text | json
  std::string format = "text";
};

int ConformanceCommand(const ConformanceFlags& flags) {
  const auto Fail = [](const absl::Status& s) {
    return ReportFailure("conformance", s);
  };
  auto scenario = LoadScenarioOrDefault(flags.scenario);
  if (!scenario.ok()) return Fail(scenario.status());
  auto draft = conformance::LoadDraftOrDefault(flags.draft, *scenario);
  if (!draft.ok()) return Fail(draft.status());
  conformance::ConformanceOptions options;
  options.address = flags.address;
  options.expected_party = flags.party;
  options.deadline = std::chrono::milliseconds(flags.deadline_ms);
  auto report = conformance::RunConformance(*scenario, *draft, options);
  if (!report.ok()) return Fail(report.status());
  // One check a line, as scripts read it: wrapped only for a width
  // something states (a terminal, $COLUMNS), never in a pipe.
  std::string text = flags.format == "json" ? conformance::FormatJson(*report)
                                            : conformance::FormatText(*report);
  if (const std::optional<int> width = KnownOutputWidth();
      width.has_value() && flags.format != "json") {
    text = WrapLongLines(text, *width);
  }
  std::fputs(text.c_str(), stdout);
  if (report->unreachable) return kExitUnavailable;
  return report->passed() ? 0 : kExitNonConforming;
}

}  // namespace

void AddConformanceCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<ConformanceFlags>();
  CLI::App* command = app.add_subcommand(
      "conformance",
      "check a party server against the concert.v1.Party contract");
  command->add_option("address", flags->address, "host:port of the party")
      ->required();
  command
      ->add_option("--party", flags->party,
                   "the id the party must give in Describe (default: any "
                   "party of the scenario)")
      ->type_name("ID");
  command
      ->add_option("--scenario", flags->scenario,
                   "scenario file (default: the embedded six-party one)")
      ->type_name("FILE")
      ->envname(kScenarioEnv);
  command
      ->add_option("--draft", flags->draft,
                   "draft file to table (default: the embedded "
                   "paper-sequence draft)")
      ->type_name("FILE");
  command
      ->add_option("--deadline-ms", flags->deadline_ms,
                   "deadline of every call (for a stream, of the whole call)")
      ->type_name("MS")
      ->check(WholeNumber(1, 3600000))
      ->capture_default_str();
  command
      ->add_option("--format", flags->format,
                   "one line per check, or one JSON document")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->footer(
      "Checks, in order (the contract is stated in "
      "proto/concert/v1/party.proto):\n"
      "  health             gRPC health answers SERVING\n"
      "  describe           the party id, memory set, a version, known "
      "variants\n"
      "  table              a digest, the same when the draft is tabled "
      "again; a\n"
      "                     variant the party does not list is refused\n"
      "  evaluate           valid votes within the deadline\n"
      "  evaluate-stream    batches sent at once: each answered once under "
      "its own\n"
      "                     id, one vote (and detail, when asked) per "
      "question,\n"
      "                     agreeing with Evaluate; UNIMPLEMENTED passes "
      "with a note\n"
      "  set-memory         a MEMORY_SET party votes alike on a set in any "
      "order\n"
      "                     (skipped for other parties)\n"
      "  lattice-range      a party declaring answers_lattice answers ranges "
      "of the\n"
      "                     lattice order as it answers the same questions by "
      "set;\n"
      "                     a range past the end is refused (skipped for "
      "other\n"
      "                     parties)\n"
      "  invalid-questions  unknown digests and ids, malformed batches: "
      "refused,\n"
      "                     never answered; the party still answers "
      "afterwards\n"
      "Example:\n"
      "  concert-party --scenario scenarios/six-party.textproto --party ROK "
      "\\\n"
      "                --listen 127.0.0.1:7001 &\n"
      "  concert conformance 127.0.0.1:7001 --party ROK\n"
      "Exit codes: 0 every check passed, 3 some check failed, 4 nothing "
      "answered at\n"
      "the address, 2 bad usage or an unreadable or invalid scenario or "
      "draft.");
  commands.Add(command, [flags] { return ConformanceCommand(*flags); });
}

}  // namespace concert::cli
