// How many terminal columns a Unicode code point takes, in the manner of
// Markus Kuhn's wcwidth: 2 for East Asian wide and fullwidth characters
// (CJK, Hangul syllables, fullwidth forms, most emoji), 0 for combining
// marks, format characters (zero-width joiner and space, directional
// marks) and Hangul medial vowels and final consonants, 1 for the rest.
// From compiled-in tables, never the C library's locale: output is laid out
// the same whatever LANG says. Plus the UTF-8 decoding the width needs.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_CODE_POINT_WIDTH_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_CODE_POINT_WIDTH_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace concert::cli {

// 0, 1 or 2 columns. Control characters (C0, DEL, C1) take 0.
int CodePointWidth(char32_t code_point);

// One code point decoded from `text` at byte `at` (< text.size()): the code
// point and the bytes it took. A byte that does not start a well-formed
// UTF-8 sequence decodes alone as U+FFFD (one column), so that stray bytes
// still take room rather than vanish.
struct DecodedCodePoint {
  char32_t code_point;
  std::size_t length;
};
DecodedCodePoint DecodeUtf8At(absl::string_view text, std::size_t at);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_CODE_POINT_WIDTH_H_
