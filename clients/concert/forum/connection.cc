#include "clients/concert/forum/connection.h"

#include "absl/status/status.h"
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

}  // namespace concert::cli
