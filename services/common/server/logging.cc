#include "services/common/server/logging.h"

#include <cstdlib>
#include <string>

#include "absl/base/attributes.h"
#include "absl/synchronization/mutex.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace concert {

std::shared_ptr<spdlog::logger> Logger(std::string_view component) {
  // Makes looking a logger up and creating it one step, so two threads
  // asking for a new component do not both create it (spdlog refuses a
  // second logger of the same name).
  ABSL_CONST_INIT static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  const std::string name(component);
  if (auto existing = spdlog::get(name)) return existing;
  auto logger = spdlog::stderr_logger_mt(name);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  const char* level = std::getenv("CONCERT_LOG");
  logger->set_level(level ? spdlog::level::from_str(level)
                          : spdlog::level::info);
  return logger;
}

}  // namespace concert
