#include "tests/bench/bench_record.h"

#include <cmath>
#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace concert::bench {
namespace {

constexpr char kMarker[] = "@@concert-bench-record";

}  // namespace

void Record::Set(const std::string& key, double value) {
  // Counts must survive the round trip exactly (StrCat keeps only six
  // significant digits); other values keep all of theirs.
  if (value == std::floor(value) && std::fabs(value) < 9e15) {
    values_[key] = absl::StrCat(static_cast<std::int64_t>(value));
  } else {
    values_[key] = absl::StrFormat("%.17g", value);
  }
}

std::string Record::Text(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string() : it->second;
}

double Record::Number(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  double value = 0;
  if (it == values_.end() || !absl::SimpleAtod(it->second, &value))
    return fallback;
  return value;
}

std::string Record::Serialize() const {
  std::string line = kMarker;
  for (const auto& [key, value] : values_) {
    std::string clean = value;
    for (char& c : clean) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    absl::StrAppend(&line, "\t", key, "=", clean);
  }
  return line;
}

std::optional<Record> Record::Parse(const std::string& line) {
  std::vector<std::string> fields = absl::StrSplit(line, '\t');
  if (fields.empty() || fields[0] != kMarker) return std::nullopt;
  Record record;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    const auto eq = fields[i].find('=');
    if (eq == std::string::npos) continue;
    record.values_[fields[i].substr(0, eq)] = fields[i].substr(eq + 1);
  }
  return record;
}

}  // namespace concert::bench
