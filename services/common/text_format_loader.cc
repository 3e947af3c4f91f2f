#include "services/common/text_format_loader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <google/protobuf/io/tokenizer.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/bounded_file.h"
#include "services/common/limits.h"
#include "services/common/textproto_hint.h"

namespace concert {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

SourceLocations::SourceLocations(
    std::string file, const Descriptor* root,
    std::unique_ptr<TextFormat::ParseInfoTree> tree)
    : file_(std::move(file)), root_(root), tree_(std::move(tree)) {}

int SourceLocations::Line(const std::vector<FieldStep>& path) const {
  if (tree_ == nullptr || root_ == nullptr) return 0;
  const Descriptor* type = root_;
  const TextFormat::ParseInfoTree* tree = tree_.get();
  int line = 0;
  for (const FieldStep& step : path) {
    const FieldDescriptor* field = type->FindFieldByName(step.field);
    // ParseInfoTree wants -1 for singular fields and logs on a mismatch.
    if (field == nullptr || (field->is_repeated() && step.index < 0)) break;
    const int index = field->is_repeated() ? step.index : -1;
    const TextFormat::ParseLocation where = tree->GetLocation(field, index);
    if (where.line >= 0) line = where.line + 1;
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) break;
    tree = tree->GetTreeForNested(field, index);
    if (tree == nullptr) break;
    type = field->message_type();
  }
  return line;
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  return ReadBoundedFile(path, kMaxInputFileBytes,
                         "a scenario, draft or profile");
}

namespace {

// Turns the parser's 0-based reports into 1-based problems of one file, with
// a hint where a name was mistyped.
class ProblemCollector : public google::protobuf::io::ErrorCollector {
 public:
  ProblemCollector(const std::string& name, const Descriptor* root,
                   std::vector<Problem>* problems)
      : name_(name), root_(root), problems_(problems) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    Problem problem;
    problem.file = name_;
    // A negative line means the error has no position (e.g. a message-wide
    // one).
    problem.line = line >= 0 ? line + 1 : 0;
    problem.column = line >= 0 && column >= 0 ? column + 1 : 0;
    problem.message = message;
    std::string hint = TextprotoHint(message, *root_);
    if (!hint.empty()) {
      // "... named "requires"; did you mean ..." reads better without the
      // parser's full stop.
      if (absl::EndsWith(problem.message, ".")) problem.message.pop_back();
      problem.message += hint;
    }
    problems_->push_back(std::move(problem));
  }

 private:
  const std::string& name_;
  const Descriptor* root_;
  std::vector<Problem>* problems_;
};

}  // namespace

std::vector<Problem> ParseTextProto(const std::string& text,
                                    const std::string& name,
                                    google::protobuf::Message* message,
                                    SourceLocations* locations) {
  std::vector<Problem> errors;
  ProblemCollector collector(name, message->GetDescriptor(), &errors);
  auto tree = std::make_unique<TextFormat::ParseInfoTree>();
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(tree.get());
  const bool ok = parser.ParseFromString(text, message);
  // Lexical errors may be reported after the parse error they precede.
  std::stable_sort(
      errors.begin(), errors.end(), [](const Problem& a, const Problem& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
      });
  if (!ok && errors.empty()) {
    errors.push_back(
        Problem{name, 0, 0, "", "cannot be parsed as text format"});
  }
  if (errors.empty() && locations != nullptr) {
    *locations =
        SourceLocations(name, message->GetDescriptor(), std::move(tree));
  }
  return errors;
}

namespace {

template <typename T>
absl::StatusOr<T> MessageOnly(absl::StatusOr<Loaded<T>> loaded) {
  if (!loaded.ok()) return loaded.status();
  return std::move(loaded->message);
}

}  // namespace

absl::StatusOr<v1::Scenario> ParseScenarioFromString(const std::string& text,
                                                     const std::string& name) {
  return MessageOnly(ParseWithLocations<v1::Scenario>(text, name));
}

absl::StatusOr<v1::CharterDraft> ParseDraftFromString(const std::string& text,
                                                      const std::string& name) {
  return MessageOnly(ParseWithLocations<v1::CharterDraft>(text, name));
}

absl::StatusOr<v1::Scenario> LoadScenario(const std::string& path) {
  return MessageOnly(LoadWithLocations<v1::Scenario>(path));
}

absl::StatusOr<v1::CharterDraft> LoadDraft(const std::string& path) {
  return MessageOnly(LoadWithLocations<v1::CharterDraft>(path));
}

const char* FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kScenario:
      return "scenario";
    case FileKind::kDraft:
      return "draft";
    case FileKind::kProfile:
      return "profile";
    case FileKind::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

FileKind KindOfMessageName(absl::string_view name) {
  absl::ConsumePrefix(&name, "concert.v1.");
  if (name == "Scenario") return FileKind::kScenario;
  if (name == "CharterDraft") return FileKind::kDraft;
  if (name == "PartySpec") return FileKind::kProfile;
  return FileKind::kUnknown;
}

// scenario.proto declares both Scenario and PartySpec.
std::vector<FileKind> KindsOfProtoFile(absl::string_view file) {
  if (absl::EndsWith(file, "concert/v1/scenario.proto"))
    return {FileKind::kScenario, FileKind::kProfile};
  if (absl::EndsWith(file, "concert/v1/charter.proto"))
    return {FileKind::kDraft};
  return {};
}

// Every kind, in the order a file without a header is tried.
constexpr std::array<FileKind, 3> kAllKinds = {
    FileKind::kScenario, FileKind::kDraft, FileKind::kProfile};

// Whether `text` parses as a message of `kind`.
bool ParsesAs(const std::string& text, FileKind kind) {
  switch (kind) {
    case FileKind::kScenario: {
      v1::Scenario scenario;
      return ParseTextProto(text, "", &scenario, nullptr).empty();
    }
    case FileKind::kDraft: {
      v1::CharterDraft draft;
      return ParseTextProto(text, "", &draft, nullptr).empty();
    }
    case FileKind::kProfile: {
      v1::PartySpec party;
      return ParseTextProto(text, "", &party, nullptr).empty();
    }
    case FileKind::kUnknown:
      break;
  }
  return false;
}

}  // namespace

std::vector<FileKind> KindsFromHeader(const std::string& text) {
  FileKind from_message = FileKind::kUnknown;
  std::vector<FileKind> from_file;
  // The header is the run of comment (and blank) lines the file starts with.
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (!absl::ConsumePrefix(&line, "#")) break;
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "proto-message:")) {
      from_message = KindOfMessageName(absl::StripAsciiWhitespace(line));
    } else if (absl::ConsumePrefix(&line, "proto-file:")) {
      from_file = KindsOfProtoFile(absl::StripAsciiWhitespace(line));
    }
  }
  if (from_message != FileKind::kUnknown) return {from_message};
  if (!from_file.empty()) return from_file;
  return {kAllKinds.begin(), kAllKinds.end()};
}

FileKind KindFromHeader(const std::string& text) {
  const std::vector<FileKind> kinds = KindsFromHeader(text);
  return kinds.size() < kAllKinds.size() ? kinds.front() : FileKind::kUnknown;
}

FileKind DetectKindFromString(const std::string& text) {
  const std::vector<FileKind> kinds = KindsFromHeader(text);
  if (kinds.size() == 1) return kinds.front();
  FileKind parsed = FileKind::kUnknown;
  int parses = 0;
  for (FileKind kind : kinds) {
    if (!ParsesAs(text, kind)) continue;
    parsed = kind;
    ++parses;
  }
  return parses == 1 ? parsed : KindFromHeader(text);
}

absl::StatusOr<FileKind> DetectKind(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return DetectKindFromString(*text);
}

}  // namespace concert
