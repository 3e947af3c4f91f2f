#include "clients/concert/forum/connection.h"

#include <chrono>
#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "clients/concert/forum/default_scenario.h"
#include "services/common/problem.h"
#include "services/common/text_format_loader.h"
#include "services/common/valid_files.h"
#include "services/common/validation.h"
#include "services/coordinator/records/path.h"

namespace concert::cli {

absl::StatusOr<v1::Scenario> LoadScenarioOrDefault(const std::string& path) {
  if (!path.empty()) return LoadValidScenario(path);
  auto loaded = ParseWithLocations<v1::Scenario>(DefaultScenarioText(),
                                                 kDefaultScenarioName);
  if (!loaded.ok()) return loaded.status();
  auto problems = ValidateScenario(loaded->message, &loaded->locations);
  if (!problems.empty())
    return absl::InvalidArgumentError(ProblemsToString(problems));
  return std::move(loaded->message);
}

absl::StatusOr<std::unique_ptr<ForumConnection>> ForumConnection::Open(
    const std::string& coordinator_address, const v1::Scenario& scenario,
    const std::string& db_flag) {
  std::unique_ptr<ForumConnection> connection(new ForumConnection());
  if (coordinator_address.empty()) {
    EmbeddedForumOptions options;
    auto db = coordinator::DefaultDatabasePath(db_flag);
    if (!db.ok()) return db.status();
    options.db_path = *db;
    auto forum = EmbeddedForum::Start(scenario, options);
    if (!forum.ok()) return forum.status();
    connection->forum_ = *std::move(forum);
    connection->address_ = connection->forum_->coordinator_address();
  } else {
    connection->address_ = coordinator_address;
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  connection->stub_ = v1::Coordinator::NewStub(grpc::CreateCustomChannel(
      connection->address_, grpc::InsecureChannelCredentials(), args));
  return connection;
}

absl::StatusOr<OpenedForum> OpenForum(const ForumFlags& flags,
                                      absl::string_view command) {
  OpenedForum out;
  if (flags.coordinator.empty()) {
    auto scenario = LoadScenarioOrDefault(flags.scenario);
    if (!scenario.ok()) return scenario.status();
    auto connection = ForumConnection::Open("", *scenario, flags.db);
    if (!connection.ok()) return connection.status();
    out.connection = *std::move(connection);
    out.scenario = *std::move(scenario);
    return out;
  }
  if (!flags.scenario.empty()) {
    std::fprintf(stderr,
                 "concert %s: note: the coordinator at %s holds its own "
                 "scenario; --scenario %s is not used\n",
                 std::string(command).c_str(), flags.coordinator.c_str(),
                 flags.scenario.c_str());
  }
  auto connection = ForumConnection::Open(flags.coordinator, v1::Scenario());
  if (!connection.ok()) return connection.status();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  const grpc::Status status =
      (*connection)
          ->coordinator()
          .GetScenario(&context, v1::GetScenarioRequest(), &out.scenario);
  if (!status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(status.error_code()),
        absl::StrCat("asking the coordinator at ", flags.coordinator,
                     " for its scenario: ", status.error_message()));
  }
  out.connection = *std::move(connection);
  return out;
}

}  // namespace concert::cli
