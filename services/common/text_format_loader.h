// Loading scenarios, charter drafts and party profiles from Protobuf text
// format (.textproto).
//
// Scenarios are concert.v1.Scenario, drafts concert.v1.CharterDraft, profiles
// (one party's part of a scenario, as `concert-party --profile` reads it)
// concert.v1.PartySpec. A load either yields the message — with the source
// line of every object in it, so that validation can point at the offending
// line — or every syntax error the parser reported, each as
// "file:line:column: message" (1-based).
//
// Files may start with the standard textproto header comments, which name
// the message and let DetectKind() tell the three kinds apart:
//   # proto-file: concert/v1/scenario.proto
//   # proto-message: concert.v1.Scenario
#ifndef CONCERT_SERVICES_COMMON_TEXT_FORMAT_LOADER_H_
#define CONCERT_SERVICES_COMMON_TEXT_FORMAT_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/problem.h"

namespace concert {

// One step from a message into one of its fields: the field's name as in the
// .proto and, for a repeated field, the element's index (ignored for a
// singular field). A path of steps names an object inside a loaded message,
// e.g. {{"parties", 2}, {"interests"}, {"rules", 0}}.
struct FieldStep {
  std::string field;
  int index = -1;
};

// Where the objects of one parsed message sit in its source text.
// Default-constructed, it knows no file and no lines (messages built in code).
class SourceLocations {
 public:
  SourceLocations() = default;
  // Takes the tree the parser filled for a message of type `root`.
  SourceLocations(
      std::string file, const google::protobuf::Descriptor* root,
      std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree);

  SourceLocations(SourceLocations&&) = default;
  SourceLocations& operator=(SourceLocations&&) = default;

  // The name the text was parsed under (a path, for a loaded file).
  const std::string& file() const { return file_; }

  // 1-based line where the object reached by `path` begins. When that object
  // was not written out in the text (a default value), the line of its
  // nearest enclosing object that was; 0 when nothing is known.
  int Line(const std::vector<FieldStep>& path) const;

 private:
  std::string file_;
  const google::protobuf::Descriptor* root_ = nullptr;
  std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree_;
};

// A parsed message together with where its objects are in the text.
template <typename T>
struct Loaded {
  T message;
  SourceLocations locations;
};

// Reads a whole scenario, draft or profile file: ReadBoundedFile with
// kMaxInputFileBytes (a FIFO, a device or a file beyond the limit is
// refused with a message naming the path).
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// Parses `text` into `message` (cleared first). `name` (usually the path) is
// used in messages and as SourceLocations::file(). Returns every syntax
// error the parser reported — the parser stops at the first error in the
// structure, but lexical errors before it are all reported — as problems
// with 1-based line and column (a tab advancing to the next multiple of 8,
// as protoc and the GNU convention count), in order of position; an empty
// vector on success, in which case `locations` (when non-null) is filled.
std::vector<Problem> ParseTextProto(const std::string& text,
                                    const std::string& name,
                                    google::protobuf::Message* message,
                                    SourceLocations* locations);

// Parses `text` as a T, keeping locations. INVALID_ARGUMENT on syntax errors,
// whose message holds every error, one "name:line:column: message" a line.
template <typename T>
absl::StatusOr<Loaded<T>> ParseWithLocations(const std::string& text,
                                             const std::string& name) {
  Loaded<T> loaded;
  std::vector<Problem> errors =
      ParseTextProto(text, name, &loaded.message, &loaded.locations);
  if (!errors.empty()) {
    return absl::InvalidArgumentError(ProblemsToString(errors));
  }
  return loaded;
}

// Reads and parses the file at `path` as a T, keeping locations. NOT_FOUND
// when the file cannot be read; INVALID_ARGUMENT on syntax errors as above.
template <typename T>
absl::StatusOr<Loaded<T>> LoadWithLocations(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseWithLocations<T>(*text, path);
}

// The same, for the two file types, without locations.
absl::StatusOr<v1::Scenario> ParseScenarioFromString(const std::string& text,
                                                     const std::string& name);
absl::StatusOr<v1::CharterDraft> ParseDraftFromString(const std::string& text,
                                                      const std::string& name);
absl::StatusOr<v1::Scenario> LoadScenario(const std::string& path);
absl::StatusOr<v1::CharterDraft> LoadDraft(const std::string& path);

// What a textproto file holds.
enum class FileKind { kUnknown, kScenario, kDraft, kProfile };

// "scenario", "draft", "profile" or "unknown".
const char* FileKindName(FileKind kind);

// The kinds the leading header comments allow, most likely first:
//  - "# proto-message:" naming one of the three messages: that kind alone;
//  - else "# proto-file: .../charter.proto": {kDraft};
//  - else "# proto-file: .../scenario.proto", which declares both Scenario
//    and PartySpec: {kScenario, kProfile};
//  - else (no header, or one naming another message): all three, in the
//    order scenario, draft, profile.
std::vector<FileKind> KindsFromHeader(const std::string& text);

// The kind the header names: the first of KindsFromHeader() when the header
// narrowed them (so a bare "proto-file: scenario.proto" reads as a
// scenario); kUnknown when there is no header or it names another message.
FileKind KindFromHeader(const std::string& text);

// The kind of `text`: the one kind among KindsFromHeader() the text parses
// as. When that is not exactly one: KindFromHeader() (a header decides even
// when the content does not parse as its kind), so kUnknown for a file
// without a header that parses as several kinds (e.g. it sets only `id`, or
// is empty) or as none.
FileKind DetectKindFromString(const std::string& text);

// DetectKindFromString over a file's contents. NOT_FOUND when unreadable.
absl::StatusOr<FileKind> DetectKind(const std::string& path);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_TEXT_FORMAT_LOADER_H_
