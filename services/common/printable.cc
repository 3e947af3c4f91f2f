#include "services/common/printable.h"

#include <cstdint>

#include "absl/strings/str_format.h"

namespace concert {

bool IsControlCodePoint(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool NextCodePoint(absl::string_view text, std::size_t* i, char32_t* out) {
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char lead = byte(*i);
  int length = 0;
  char32_t point = 0;
  char32_t least = 0;  // below it, the sequence is overlong
  if (lead < 0x80) {
    *out = lead;
    *i += 1;
    return true;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, point = lead & 0x1Fu, least = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, point = lead & 0x0Fu, least = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, point = lead & 0x07u, least = 0x10000;
  } else {
    *i += 1;
    return false;
  }
  if (*i + length > text.size()) {
    *i += 1;
    return false;
  }
  for (int k = 1; k < length; ++k) {
    const unsigned char next = byte(*i + k);
    if ((next & 0xC0u) != 0x80u) {
      *i += 1;
      return false;
    }
    point = (point << 6) | (next & 0x3Fu);
  }
  if (point < least || point > 0x10FFFF ||
      (point >= 0xD800 && point <= 0xDFFF)) {
    *i += 1;
    return false;
  }
  *out = point;
  *i += length;
  return true;
}

std::string Printable(absl::string_view text, bool keep_line_breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    char32_t c = 0;
    if (!NextCodePoint(text, &i, &c)) {
      absl::StrAppendFormat(&out, "\\x%02x",
                            static_cast<unsigned char>(text[start]));
    } else if (IsControlCodePoint(c) &&
               !(keep_line_breaks && (c == U'\n' || c == U'\t'))) {
      if (c < 0x100) {
        absl::StrAppendFormat(&out, "\\x%02x", static_cast<std::uint32_t>(c));
      } else {
        absl::StrAppendFormat(&out, "\\u%04x", static_cast<std::uint32_t>(c));
      }
    } else {
      out.append(text.data() + start, i - start);
    }
  }
  return out;
}

}  // namespace concert
