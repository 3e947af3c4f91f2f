// `concert resume ID`: continues a SUSPENDED or INTERRUPTED session from its
// record. The coordinator replays the recorded votes (no party is asked
// again) and holds the remaining rounds live; the whole session streams
// back and prints like `concert run`.
#include <cstdio>
#include <iostream>
#include <memory>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/forum/calls.h"
#include "clients/concert/forum/records_client.h"
#include "clients/concert/render/format_json.h"
#include "clients/concert/render/transcript.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {
namespace {

int Fail(const absl::Status& status) { return ReportFailure("resume", status); }

}  // namespace

int ResumeCommand(const ResumeFlags& flags) {
  std::unique_ptr<ForumConnection> connection;
  if (flags.forum.coordinator.empty()) {
    // The embedded forum must seat the session's own parties: read the
    // record first for its scenario.
    auto forum =
        OpenForumForRecord(flags.forum, flags.id, /*include_graph=*/false);
    if (!forum.ok()) return Fail(forum.status());
    if (!forum->record.has_session()) {
      return Fail(absl::InvalidArgumentError(
          "record " + flags.id + " is an exploration; only a session resumes"));
    }
    connection = std::move(forum->connection);
  } else {
    auto forum = ForumConnection::Open(flags.forum.coordinator, v1::Scenario(),
                                       flags.forum.db);
    if (!forum.ok()) return Fail(forum.status());
    connection = *std::move(forum);
  }

  v1::ResumeSessionRequest request;
  request.set_session_id(flags.id);
  grpc::ClientContext context;
  auto reader = connection->coordinator().ResumeSession(&context, request);
  auto session = ShowSessionStream(
      *reader,
      SessionOutputOf(flags.format, flags.brief, flags.color, flags.forum));
  if (session.status().code() == absl::StatusCode::kNotFound) {
    return Fail(absl::NotFoundError("no record " + flags.id));
  }
  if (!session.ok()) return Fail(session.status());
  return ExitCodeFor(session->summary().outcome());
}

void AddResumeCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<ResumeFlags>();
  auto no_color = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "resume", "continue a SUSPENDED or INTERRUPTED session from its record");
  command->add_option("id", flags->id, "session record id")->required();
  command
      ->add_option("--format", flags->format, "text transcript or JSON session")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_flag("--no-color", *no_color, "plain text even on a terminal");
  command->add_flag("--brief", flags->brief,
                    "one line per round and the outcome, as `concert run "
                    "--brief`");
  AddRecordSourceFlags(command, &flags->forum);
  command
      ->add_option("--scenario", flags->forum.scenario,
                   "the scenario file the session was run on, so that parties "
                   "it gives addresses for (your own party servers) take "
                   "their seats again; it must match the recorded forum "
                   "(embedded forum only: a coordinator seats its own)")
      ->envname(kScenarioEnv);
  command->footer(
      "Recorded votes are replayed, never asked again; the remaining rounds "
      "are held\n"
      "live. Without --coordinator, an embedded forum seats the session's "
      "recorded\n"
      "scenario over the record database (--db); a record keeps no party "
      "addresses, so\n"
      "a session run with parties of your own (--scenario with addresses) "
      "resumes with\n"
      "the same --scenario. The transcript prints like `concert run`.\n"
      "Examples:\n  concert resume session-20261127-230726-abef00\n"
      "  concert resume session-20261127-230726-abef00 --scenario "
      "my-forum.textproto\n"
      "Exit codes: 0 consensus, 3 deadlock, 4 suspended again (a party "
      "unreachable),\n"
      "2 no record ID or a session that cannot resume, 7 the session could not "
      "be\n"
      "recorded (a full disk, an I/O error): free space and resume it again.");
  commands.Add(command, [flags, no_color] {
    flags->color = ColorWanted(*no_color);
    return ResumeCommand(*flags);
  });
}

}  // namespace concert::cli
