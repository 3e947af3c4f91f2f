// `concert run`: one session of the forum on a draft, printed as it happens.
#include <cstdio>
#include <memory>

#include "clients/concert/commands/command_set.h"
#include "clients/concert/commands/commands.h"
#include "clients/concert/commands/exit_codes.h"
#include "clients/concert/commands/replay.h"
#include "clients/concert/commands/rule_flags.h"
#include "clients/concert/commands/terminal_width.h"
#include "clients/concert/forum/calls.h"
#include "clients/concert/forum/connection.h"
#include "clients/concert/render/transcript.h"
#include "services/common/valid_files.h"

namespace concert::cli {

int RunCommand(const RunFlags& flags) {
  if (!flags.replay.empty()) return ReplaySession(flags);
  const auto Fail = [](const absl::Status& s) {
    return ReportFailure("run", s);
  };
  // The draft is checked against the forum's own scenario: a remote
  // coordinator's, or the embedded forum's.
  auto forum = OpenForum(flags.forum, "run");
  if (!forum.ok()) return Fail(forum.status());
  auto draft = LoadValidDraft(flags.draft, forum->scenario);
  if (!draft.ok()) return Fail(draft.status());
  auto rule = RuleFromFlags(forum->scenario, flags.rule.rule,
                            flags.rule.threshold, flags.rule.absent);
  if (!rule.ok()) return Fail(rule.status());
  ForumConnection* connection = forum->connection.get();

  v1::RunSessionRequest request;
  *request.mutable_draft() = *draft;
  request.set_variant(flags.forum.variant);
  // Only send a rule when the user chose one: a remote coordinator's own
  // scenario decides otherwise.
  if (flags.rule.any()) {
    *request.mutable_rule() = *rule;
  }

  grpc::ClientContext context;
  auto reader = connection->coordinator().RunSession(&context, request);
  auto session = ShowSessionStream(
      *reader,
      SessionOutputOf(flags.format, flags.brief, flags.color, flags.forum));
  if (!session.ok()) return Fail(session.status());
  return ExitCodeFor(session->summary().outcome());
}

void AddRunCommand(CLI::App& app, CommandSet& commands) {
  auto flags = std::make_shared<RunFlags>();
  auto no_color = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "run", "hold one session of the forum on a charter draft");
  command->add_option("draft", flags->draft,
                      "charter draft file (.textproto); or --replay ID");
  AddForumFlags(command, &flags->forum);
  AddRuleFlags(command, &flags->rule);
  command
      ->add_option("--format", flags->format, "text transcript or JSON session")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_flag("--no-color", *no_color, "plain text even on a terminal");
  command->add_flag("--brief", flags->brief,
                    "one line per round (number, proposal, outcome, who "
                    "objected) and the outcome, not the full transcript");
  command->footer(
      "Example:\n  concert run scenarios/drafts/paper-sequence.textproto "
      "--variant transformation\n"
      "  concert run scenarios/drafts/paper-sequence.textproto --brief\n"
      "  concert run --replay session-20261127-230726-abef00   # same outcome, "
      "same order?\n"
      "The transcript is laid out for the terminal's width ($COLUMNS, else "
      "100, when\n"
      "not a terminal; never below 60). If the coordinator stops mid-session, "
      "the\n"
      "command that resumes the session is printed.\n"
      "Exit codes: 0 consensus, 3 deadlock, 4 suspended (a party unreachable), "
      "2 bad input,\n"
      "7 the session could not be recorded (a full disk, an I/O error): it is "
      "INTERRUPTED;\n"
      "free space, then `concert resume ID`.\n"
      "With --replay: 0 the outcome and adopted order match the record, 6 they "
      "differ.");
  AddReplayOption(command, &flags->replay);
  commands.Add(command, [flags, no_color] {
    if (flags->draft.empty() && flags->replay.empty()) {
      std::fputs(
          "concert run: give a DRAFT file, or --replay ID (see concert run "
          "--help)\n",
          stderr);
      return kExitUsage;
    }
    flags->color = ColorWanted(*no_color);
    return RunCommand(*flags);
  });
}

}  // namespace concert::cli
