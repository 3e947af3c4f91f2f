#include "clients/concert/commands/terminal_width.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <sys/ioctl.h>

#include "absl/strings/numbers.h"

namespace concert::cli {

int ChooseOutputWidth(std::optional<int> terminal_columns,
                      const char* columns_env) {
  int width = kDefaultOutputWidth;
  int columns = 0;
  if (terminal_columns.has_value() && *terminal_columns > 0) {
    width = *terminal_columns;
  } else if (columns_env != nullptr &&
             absl::SimpleAtoi(columns_env, &columns) && columns > 0) {
    width = columns;
  }
  return std::max(width, kMinOutputWidth);
}

int OutputWidthOf(int fd) {
  std::optional<int> terminal;
  winsize size{};
  if (isatty(fd) != 0 && ioctl(fd, TIOCGWINSZ, &size) == 0) {
    terminal = size.ws_col;
  }
  return ChooseOutputWidth(terminal, std::getenv("COLUMNS"));
}

int OutputWidth() { return OutputWidthOf(STDOUT_FILENO); }

std::optional<int> KnownOutputWidth() {
  winsize size{};
  const char* columns = std::getenv("COLUMNS");
  int value = 0;
  const bool terminal = isatty(STDOUT_FILENO) != 0 &&
                        ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
                        size.ws_col > 0;
  if (!terminal &&
      !(columns != nullptr && absl::SimpleAtoi(columns, &value) && value > 0)) {
    return std::nullopt;
  }
  return OutputWidth();
}

}  // namespace concert::cli
