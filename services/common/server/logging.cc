#include "services/common/server/logging.h"

#include <cstdlib>
#include <mutex>
#include <string>

#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace concert {

std::shared_ptr<spdlog::logger> Logger(std::string_view component) {
  static std::mutex mu;
  std::lock_guard lock(mu);
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
