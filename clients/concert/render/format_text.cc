#include "clients/concert/render/format_text.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/code_point_width.h"

namespace concert::cli {

std::size_t AnsiEscapeLength(absl::string_view text, std::size_t at) {
  if (at + 1 >= text.size() || text[at] != '\x1b' || text[at + 1] != '[') {
    return 0;
  }
  // ESC [ parameters, ended by a byte in @..~ (or the end of the text).
  std::size_t end = at + 2;
  while (end < text.size() && !(text[end] >= '@' && text[end] <= '~')) ++end;
  return std::min(end + 1, text.size()) - at;
}

int DisplayWidth(absl::string_view text) {
  int width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t escape = AnsiEscapeLength(text, i); escape > 0) {
      i += escape;
      continue;
    }
    const DecodedCodePoint decoded = DecodeUtf8At(text, i);
    width += CodePointWidth(decoded.code_point);
    i += decoded.length;
  }
  return width;
}

std::string PadRight(absl::string_view text, int width) {
  std::string out(text);
  int missing = width - DisplayWidth(text);
  if (missing > 0) out.append(static_cast<size_t>(missing), ' ');
  return out;
}

namespace {

// Lays out `items` joined by `separator`: the first line holds at most
// `first_width` columns, the others `width` (each at least 10).
std::vector<std::string> Layout(const std::vector<std::string>& items,
                                absl::string_view separator, int first_width,
                                int width) {
  first_width = std::max(first_width, 10);
  width = std::max(width, 10);
  const int separator_width = DisplayWidth(separator);
  // A line that breaks ends with the separator's mark (", " leaves ","): an
  // item that is not the last must leave room for it.
  const int mark_width =
      DisplayWidth(absl::StripTrailingAsciiWhitespace(separator));
  std::vector<std::string> lines;
  std::string line;
  int line_width = 0;
  bool line_empty = true;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& item = items[i];
    const int limit = lines.empty() ? first_width : width;
    const int item_width = DisplayWidth(item);
    const int tail = i + 1 < items.size() ? mark_width : 0;
    if (!line_empty &&
        line_width + separator_width + item_width + tail > limit) {
      // Break here: the separator stays on this line, minus its trailing
      // spaces.
      absl::StrAppend(&line, absl::StripTrailingAsciiWhitespace(separator));
      lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
      line_empty = true;
    }
    if (!line_empty) {
      absl::StrAppend(&line, separator);
      line_width += separator_width;
    }
    absl::StrAppend(&line, item);
    line_width += item_width;
    line_empty = false;
  }
  if (!line_empty) lines.push_back(std::move(line));
  return lines;
}

std::vector<std::string> Words(absl::string_view text) {
  std::vector<std::string> words;
  for (absl::string_view word :
       absl::StrSplit(text, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty())) {
    words.emplace_back(word);
  }
  return words;
}

}  // namespace

std::vector<std::string> Wrap(absl::string_view text, int width) {
  return Layout(Words(text), " ", width, width);
}

std::vector<std::string> WrapList(const std::vector<std::string>& items,
                                  absl::string_view separator, int width) {
  return Layout(items, separator, width, width);
}

std::string IndentLines(absl::string_view first_prefix,
                        const std::vector<std::string>& lines) {
  const auto indent = static_cast<size_t>(DisplayWidth(first_prefix));
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 0) {
      absl::StrAppend(&out, first_prefix);
    } else {
      out.append(indent, ' ');
    }
    absl::StrAppend(&out, lines[i], "\n");
  }
  return out;
}

std::string WrapWithPrefix(absl::string_view first_prefix,
                           absl::string_view text, int width) {
  return IndentLines(first_prefix,
                     Wrap(text, width - DisplayWidth(first_prefix)));
}

std::string WrapHanging(absl::string_view first_prefix, absl::string_view text,
                        int width, int hang) {
  std::vector<std::string> lines = Layout(
      Words(text), " ", width - DisplayWidth(first_prefix), width - hang);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 0) {
      absl::StrAppend(&out, first_prefix);
    } else {
      out.append(static_cast<size_t>(hang), ' ');
    }
    absl::StrAppend(&out, lines[i], "\n");
  }
  return out;
}

namespace {

// The byte length of the longest start of `text` that fits `width` columns
// and ends before a space; 0 when even its first word does not fit.
std::size_t FittingStart(absl::string_view text, int width) {
  std::size_t fitting = 0;
  int used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t escape = AnsiEscapeLength(text, i); escape > 0) {
      i += escape;
      continue;
    }
    if (text[i] == ' ') fitting = i;
    const DecodedCodePoint decoded = DecodeUtf8At(text, i);
    used += CodePointWidth(decoded.code_point);
    if (used > width) return fitting;
    i += decoded.length;
  }
  return text.size();
}

}  // namespace

std::string WrapLongLines(absl::string_view text, int width) {
  std::string out;
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  // The text's final '\n' leaves an empty last piece: not a line.
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (absl::string_view line : lines) {
    // The line as it is up to its last space that fits (its alignment
    // kept), the rest under it, two columns further in.
    const std::size_t body = std::min(line.find_first_not_of(' '), line.size());
    const std::string hang(body + 2, ' ');
    absl::string_view rest = line;
    std::string prefix;
    while (DisplayWidth(prefix) + DisplayWidth(rest) > width) {
      std::size_t cut = FittingStart(rest, width - DisplayWidth(prefix));
      // A word wider than the line: whole, on a line of its own.
      if (cut == 0) cut = std::min(rest.find(' ', 1), rest.size());
      absl::StrAppend(&out, prefix,
                      absl::StripTrailingAsciiWhitespace(rest.substr(0, cut)),
                      "\n");
      rest = absl::StripLeadingAsciiWhitespace(rest.substr(cut));
      prefix = hang;
      if (rest.empty()) break;
    }
    if (!rest.empty() || prefix.empty()) {
      absl::StrAppend(&out, prefix, rest, "\n");
    }
  }
  return out;
}

std::string Styled(absl::string_view text, Style style, bool enabled) {
  if (!enabled) return std::string(text);
  const char* code = "";
  switch (style) {
    case Style::kBold:
      code = "1";
      break;
    case Style::kDim:
      code = "2";
      break;
    case Style::kGreen:
      code = "32";
      break;
    case Style::kYellow:
      code = "33";
      break;
    case Style::kRed:
      code = "31";
      break;
    case Style::kCyan:
      code = "36";
      break;
  }
  return absl::StrCat("\x1b[", code, "m", text, "\x1b[0m");
}

}  // namespace concert::cli
