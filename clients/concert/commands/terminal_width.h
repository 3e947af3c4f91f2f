// The one place that decides how wide the client's text output is laid
// out: the terminal's width when the output is a terminal, else $COLUMNS,
// else 100 (a pipe or a file, where no width is known: 100 is what every
// report was laid out for before), never below 60. Every command that
// prints text asks here, so that `concert run | less` is laid out as on a
// terminal of 100 columns, and COLUMNS=80 means 80 everywhere.
#ifndef CONCERT_CLIENTS_CONCERT_COMMANDS_TERMINAL_WIDTH_H_
#define CONCERT_CLIENTS_CONCERT_COMMANDS_TERMINAL_WIDTH_H_

#include <optional>

namespace concert::cli {

// Below this, labels, vote columns and tables no longer fit side by side:
// a narrower terminal gets lines this wide (and wraps them itself).
inline constexpr int kMinOutputWidth = 60;
// When nothing says how wide the output is.
inline constexpr int kDefaultOutputWidth = 100;

// The width to lay out for, from what is known: `terminal_columns` (the
// terminal's width; nullopt or 0 when the output is no terminal), then
// `columns_env` ($COLUMNS; null, empty or not a positive number: unset),
// else kDefaultOutputWidth; at least kMinOutputWidth. Pure, for tests.
int ChooseOutputWidth(std::optional<int> terminal_columns,
                      const char* columns_env);

// ChooseOutputWidth for output written to `fd`: its terminal's width when
// `fd` is a terminal (TIOCGWINSZ), and $COLUMNS.
int OutputWidthOf(int fd);

// OutputWidthOf(STDOUT_FILENO).
int OutputWidth();

// The width of stdout when something says it — its terminal's, else
// $COLUMNS (at least kMinOutputWidth) — and nullopt otherwise: for a report
// that fits a width by cutting cells rather than wrapping them (`concert
// compare`'s table), which a pipe or a file should get whole.
std::optional<int> KnownOutputWidth();

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_COMMANDS_TERMINAL_WIDTH_H_
