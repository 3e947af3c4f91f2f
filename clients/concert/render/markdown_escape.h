// Text from the data (ids, rationales, names) made safe inside Markdown.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_MARKDOWN_ESCAPE_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_MARKDOWN_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace concert::cli {

// `text` safe inside a paragraph or a table cell: Markdown's punctuation is
// backslash-escaped and line breaks become spaces, so that text from the
// data can neither format itself nor break a table.
std::string MarkdownEscape(absl::string_view text);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_MARKDOWN_ESCAPE_H_
