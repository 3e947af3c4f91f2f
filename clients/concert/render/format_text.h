// Small text helpers for the command-line client's human output: display
// width of UTF-8 text, word wrapping with a hanging indent, and optional ANSI
// styling. Pure functions; no terminal queries (the caller decides colour and
// width, e.g. from isatty and $COLUMNS).
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_FORMAT_TEXT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_FORMAT_TEXT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concert::cli {

// Number of terminal columns `text` takes: per code point 2 for East Asian
// wide and fullwidth characters, 0 for combining marks and zero-width
// characters (code_point_width.h), 1 for the rest (the symbols the client
// prints — ✔ ✘ · – → ≥ — are all one column); none for ANSI escape
// sequences, so styled text aligns like plain text. Malformed UTF-8 takes
// one column a byte.
int DisplayWidth(absl::string_view text);

// The length in bytes of the ANSI CSI escape sequence (ESC [ ... final
// byte) starting at byte `at` of `text`; 0 when none starts there.
std::size_t AnsiEscapeLength(absl::string_view text, std::size_t at);

// `text` followed by spaces up to `width` display columns (unchanged if it is
// already that wide).
std::string PadRight(absl::string_view text, int width);

// Splits `text` into lines of at most `width` display columns, breaking at
// spaces; a single word longer than `width` gets a line of its own. Runs of
// whitespace collapse to one space. Returns no lines for blank text. A width
// below 10 is treated as 10 so that output stays readable in narrow terminals.
std::vector<std::string> Wrap(absl::string_view text, int width);

// Lays `items` out on lines of at most `width` display columns, joined by
// `separator`; an item is never split, and a line that breaks keeps the
// separator at its end (trailing spaces trimmed) so the next line starts
// with an item. An item wider than `width` gets a line of its own.
std::vector<std::string> WrapList(const std::vector<std::string>& items,
                                  absl::string_view separator, int width);

// `text` wrapped to `width` columns: the first line is `first_prefix` plus
// text, continuation lines are indented by DisplayWidth(first_prefix) spaces.
// Each line ends with '\n'. Empty for blank text.
std::string WrapWithPrefix(absl::string_view first_prefix,
                           absl::string_view text, int width);

// Like WrapWithPrefix, but continuation lines are indented by `hang` spaces
// (and may use the width that leaves), e.g. to hang under a label column
// rather than under the text that follows the prefix.
std::string WrapHanging(absl::string_view first_prefix, absl::string_view text,
                        int width, int hang);

// Lines (as from Wrap or WrapList) joined into text: the first prefixed by
// `first_prefix`, the others indented to the same column; each ends with
// '\n'. Empty for no lines.
std::string IndentLines(absl::string_view first_prefix,
                        const std::vector<std::string>& lines);

// `text` (lines ending in '\n') with every line wider than `width` wrapped
// at spaces, its continuation lines indented two more than the line itself;
// what stays on a line is kept exactly as it was (runs of spaces that align
// columns included). For reports built elsewhere as lines, e.g. `concert
// check`'s problems.
std::string WrapLongLines(absl::string_view text, int width);

// ANSI styles. Styled() returns `text` unchanged when `enabled` is false, so
// callers can style unconditionally and get plain text when colour is off.
enum class Style { kBold, kDim, kGreen, kYellow, kRed, kCyan };
std::string Styled(absl::string_view text, Style style, bool enabled);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_FORMAT_TEXT_H_
