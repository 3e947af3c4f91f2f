#include "services/coordinator/records/codec.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace concert::coordinator {

absl::Status ParseStored(absl::string_view bytes, absl::string_view what,
                         google::protobuf::MessageLite& message) {
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat(
        "stored ", what, " does not parse as ", message.GetTypeName()));
  }
  return absl::OkStatus();
}

absl::Status VerifyDigest(absl::string_view bytes, absl::string_view sha256_hex,
                          absl::string_view what) {
  if (Sha256Hex(bytes) != sha256_hex) {
    return absl::DataLossError(absl::StrCat(
        "stored ", what, " no longer matches its SHA-256 digest ", sha256_hex));
  }
  return absl::OkStatus();
}

namespace {

void AppendJsonString(absl::string_view item, std::string& out) {
  out.push_back('"');
  for (char c : item) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

template <typename Range>
std::string EncodeRange(const Range& items) {
  std::string out = "[";
  bool first = true;
  for (const std::string& item : items) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(item, out);
  }
  out.push_back(']');
  return out;
}

void AppendUtf8(std::uint32_t code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  }
}

// A cursor over the JSON text; every Parse* returns false on malformed input.
class JsonReader {
 public:
  explicit JsonReader(absl::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }

  bool ParseHex4(std::uint32_t& code) {
    if (pos_ + 4 > text_.size()) return false;
    code = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9')
        code |= c - '0';
      else if (c >= 'a' && c <= 'f')
        code |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        code |= c - 'A' + 10;
      else
        return false;
    }
    return true;
  }

  bool ParseString(std::string& out) {
    if (!Eat('"')) return false;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return false;
      char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          std::uint32_t code;
          if (!ParseHex4(code)) return false;
          // A surrogate pair encodes one code point above the BMP.
          if (code >= 0xd800 && code < 0xdc00 && pos_ + 6 <= text_.size() &&
              text_[pos_] == '\\' && text_[pos_ + 1] == 'u') {
            pos_ += 2;
            std::uint32_t low;
            if (!ParseHex4(low)) return false;
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          }
          AppendUtf8(code, out);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

 private:
  absl::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string EncodeStringList(
    const google::protobuf::RepeatedPtrField<std::string>& items) {
  return EncodeRange(items);
}

std::string EncodeStringList(const std::vector<std::string>& items) {
  return EncodeRange(items);
}

absl::StatusOr<std::vector<std::string>> DecodeStringList(
    absl::string_view json) {
  auto malformed = [&] {
    return absl::DataLossError(absl::StrCat(
        "stored list is not a JSON array of strings: ", json.substr(0, 80)));
  };
  std::vector<std::string> items;
  JsonReader reader(json);
  if (!reader.Eat('[')) return malformed();
  if (!reader.Eat(']')) {
    do {
      std::string item;
      if (!reader.ParseString(item)) return malformed();
      items.push_back(std::move(item));
    } while (reader.Eat(','));
    if (!reader.Eat(']')) return malformed();
  }
  if (!reader.AtEnd()) return malformed();
  return items;
}

absl::Status StampOwner(SqliteDb& db, absl::string_view table,
                        const std::string& id) {
  absl::StatusOr<SqliteStatement> stmt = db.Prepare(
      absl::StrCat("UPDATE ", table,
                   " SET owner_boot = ?2, owner_pid_ns = ?3, owner_pid = ?4, "
                   "owner_start = ?5 WHERE id = ?1"));
  if (!stmt.ok()) return stmt.status();
  const RecordOwner self = ThisProcess();
  stmt->BindText(1, id)
      .BindText(2, self.boot_id)
      .BindText(3, self.pid_ns)
      .BindInt(4, self.pid)
      .BindInt(5, self.start_ticks);
  return stmt->Run();
}

RecordOwner ReadOwner(const SqliteStatement& row, int first) {
  RecordOwner owner;
  owner.boot_id = row.ColumnText(first);
  owner.pid_ns = row.ColumnText(first + 1);
  owner.pid = row.ColumnInt(first + 2);
  owner.start_ticks = row.ColumnInt(first + 3);
  return owner;
}

std::int64_t UnixMillisNow() { return absl::ToUnixMillis(absl::Now()); }

void BindRecordInputs(SqliteStatement& stmt, const std::string& id,
                      const v1::RecordInputs& inputs) {
  const std::string scenario_bytes = SerializeDeterministic(inputs.scenario());
  const std::string draft_bytes = SerializeDeterministic(inputs.draft());
  stmt.BindText(1, id)
      .BindText(2, inputs.scenario().id())
      .BindText(3, inputs.draft().id())
      .BindBlob(4, scenario_bytes)
      .BindText(5, Sha256Hex(scenario_bytes))
      .BindBlob(6, draft_bytes)
      .BindText(7, Sha256Hex(draft_bytes))
      .BindText(8, inputs.variant())
      .BindBlob(9, SerializeDeterministic(inputs.rule()));
}

absl::StatusOr<v1::RecordInputs> ReadRecordInputs(const SqliteStatement& row,
                                                  int first) {
  v1::RecordInputs inputs;
  inputs.set_scenario_sha256(row.ColumnText(first + 1));
  inputs.set_draft_sha256(row.ColumnText(first + 3));
  for (absl::Status s : {
           VerifyDigest(row.ColumnBlob(first), inputs.scenario_sha256(),
                        "scenario"),
           VerifyDigest(row.ColumnBlob(first + 2), inputs.draft_sha256(),
                        "draft"),
           ParseStored(row.ColumnBlob(first), "scenario",
                       *inputs.mutable_scenario()),
           ParseStored(row.ColumnBlob(first + 2), "draft",
                       *inputs.mutable_draft()),
           ParseStored(row.ColumnBlob(first + 5), "rule",
                       *inputs.mutable_rule()),
       }) {
    if (!s.ok()) return s;
  }
  inputs.set_variant(row.ColumnText(first + 4));
  return inputs;
}

absl::Status MissingResult(absl::string_view kind, absl::string_view id,
                           absl::string_view status, absl::string_view what) {
  return absl::DataLossError(absl::StrCat(
      kind, " ", id, " is ", status, " but its stored ", what,
      " is missing or empty: the record was damaged or edited; run it again "
      "to have the result"));
}

}  // namespace concert::coordinator
