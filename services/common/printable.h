// Text that came from a file or a peer, made safe to print: a title holding
// an escape sequence must not recolour, clear or retitle the terminal that
// prints it, and a bidirectional override must not make a line read otherwise
// than it is. Validation refuses such text on the way in (every file, request
// and party answer); this is the last line for what is printed anyway —
// problems that quote the refused text, and records or answers from a
// coordinator or party that did not validate.
#ifndef CONCERT_SERVICES_COMMON_PRINTABLE_H_
#define CONCERT_SERVICES_COMMON_PRINTABLE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace concert {

// True for the code points no printed text may carry as they are: the C0
// controls (tab and newline included: callers allow them where lines may
// break), DEL, the C1 controls, and the bidirectional embeddings, overrides
// and isolates (U+202A–U+202E, U+2066–U+2069).
bool IsControlCodePoint(char32_t c);

// Decodes the UTF-8 code point at text[*i] and moves *i past it. A byte that
// does not start a well-formed sequence (overlong, surrogate, beyond
// U+10FFFF, cut short) yields false and moves *i past that one byte.
bool NextCodePoint(absl::string_view text, std::size_t* i, char32_t* out);

// `text` with every control code point written as an escape (\x1b, \u202e)
// and every byte of invalid UTF-8 as \xNN; tabs and newlines are kept when
// `keep_line_breaks`. Text without either comes back unchanged.
std::string Printable(absl::string_view text, bool keep_line_breaks = false);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_PRINTABLE_H_
