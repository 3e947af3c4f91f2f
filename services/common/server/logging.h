// One-line logs for the services: start, stop and failure, each a single line
// on stderr with the component's name, so a container log reads top-down.
#ifndef CONCERT_SERVICES_COMMON_SERVER_LOGGING_H_
#define CONCERT_SERVICES_COMMON_SERVER_LOGGING_H_

#include <memory>
#include <string_view>

#include "spdlog/logger.h"

namespace concert {

// The logger for a component ("party/DPRK", "coordinator", "concert").
// Loggers are created once and shared; the level comes from CONCERT_LOG
// (trace, debug, info, warn, error, off; default info).
std::shared_ptr<spdlog::logger> Logger(std::string_view component);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_LOGGING_H_
