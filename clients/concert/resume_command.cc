// `concert resume ID`: continues a SUSPENDED or INTERRUPTED session from its
// record. The coordinator replays the recorded votes (no party is asked
// again) and holds the remaining rounds live; the whole session streams
// back and prints like `concert run`.
#include <cstdio>
#include <iostream>

#include "clients/concert/commands.h"
#include "clients/concert/format_json.h"
#include "clients/concert/records_client.h"
#include "clients/concert/transcript.h"
#include "services/common/grpc_status.h"

namespace concert::cli {
namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "concert resume: %s\n", std::string(status.message()).c_str());
  return ExitCodeForStatus(status);
}

}  // namespace

int ResumeCommand(const ResumeFlags& flags) {
  std::unique_ptr<ForumConnection> connection;
  if (flags.forum.coordinator.empty()) {
    // The embedded forum must seat the session's own parties: read the
    // record first for its scenario.
    auto forum = OpenForumForRecord(flags.forum, flags.id, /*include_graph=*/false);
    if (!forum.ok()) return Fail(forum.status());
    if (!forum->record.has_session()) {
      return Fail(absl::InvalidArgumentError("record " + flags.id +
                                             " is an exploration; only a session resumes"));
    }
    connection = std::move(forum->connection);
  } else {
    auto forum = ForumConnection::Open(flags.forum.coordinator, v1::Scenario(), flags.forum.db);
    if (!forum.ok()) return Fail(forum.status());
    connection = *std::move(forum);
  }

  v1::ResumeSessionRequest request;
  request.set_session_id(flags.id);
  grpc::ClientContext context;
  auto reader = connection->coordinator().ResumeSession(&context, request);
  const bool json = flags.format == "json";
  TranscriptOptions options;
  options.color = flags.color;
  TranscriptRenderer renderer(std::cout, options);
  v1::Session session;
  v1::SessionEvent event;
  while (reader->Read(&event)) {
    AppendEvent(event, &session);
    if (!json) renderer.Write(event);
  }
  const grpc::Status status = reader->Finish();
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return Fail(absl::NotFoundError("no record " + flags.id));
  }
  if (!status.ok()) return Fail(FromGrpc(status));
  if (json) {
    auto text = ToJson(session);
    if (!text.ok()) return Fail(text.status());
    std::cout << *text;
  }
  return ExitCodeFor(session.summary().outcome());
}

}  // namespace concert::cli
