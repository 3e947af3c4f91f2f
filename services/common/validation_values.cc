// The checks every message gets, whatever its kind, walking it field by
// field with Protobuf reflection: numbers finite (and, in scenarios, drafts
// and profiles, within kMaxMagnitude), enum fields holding declared values,
// strings valid UTF-8 without control characters and within their length,
// lists within their counts. Reflection makes them hold for every field a
// .proto gains later without anyone remembering to add a check.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/limits.h"
#include "services/common/printable.h"
#include "services/common/validation.h"
#include "services/common/validation_kit.h"

namespace concert {
namespace validation {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Scenarios, drafts and profiles: what users write by hand, where every
// list is bounded and numbers stay small. Other messages (requests, party
// answers) get the checks that hold everywhere.
bool IsFileFormat(const Descriptor& type) {
  const std::string& file = type.file()->name();
  return file == "concert/v1/scenario.proto" ||
         file == "concert/v1/charter.proto";
}

// The most items a list of a scenario, draft or profile may hold.
int ListLimit(const FieldDescriptor& field) {
  static const auto* const limits = new absl::flat_hash_map<std::string, int>{
      {"concert.v1.Scenario.parties", kMaxParties},
      {"concert.v1.Scenario.dimensions", kMaxDimensions},
      {"concert.v1.Scenario.initial_state", kMaxDimensions},
      {"concert.v1.Scenario.variants", kMaxVariants},
      {"concert.v1.PartySpec.variants", kMaxVariants},
      {"concert.v1.InterestModel.positions", kMaxDimensions},
      {"concert.v1.InterestModel.rules", kMaxRules},
      {"concert.v1.PartyVariant.positions", kMaxDimensions},
      {"concert.v1.PartyVariant.rules", kMaxRules},
      {"concert.v1.CharterDraft.proposals", kMaxProposals},
      {"concert.v1.CharterDraft.stages", kMaxStages},
      {"concert.v1.Proposal.effects", kMaxDimensions},
      {"concert.v1.Proposal.prerequisites", kMaxProposals},
  };
  auto it = limits->find(field.full_name());
  return it == limits->end() ? kMaxListItems : it->second;
}

// What a string field holds decides its length and whether it may span
// lines.
enum class StringKind { kId, kLine, kText };

StringKind KindOf(const FieldDescriptor& field) {
  static const auto* const text = new absl::flat_hash_set<std::string>{
      "description", "text", "reason", "rationale", "statement", "error"};
  static const auto* const line = new absl::flat_hash_set<std::string>{
      "title", "name", "address", "version"};
  const std::string& name = field.name();
  if (text->contains(name)) return StringKind::kText;
  if (line->contains(name)) return StringKind::kLine;
  // In what users write, every other string names an object (its id, or a
  // reference to one); in messages on the wire, only fields called so.
  if (IsFileFormat(*field.containing_type()) || name == "id" ||
      absl::EndsWith(name, "_id")) {
    return StringKind::kId;
  }
  return StringKind::kLine;
}

std::size_t MaxBytes(StringKind kind) {
  switch (kind) {
    case StringKind::kId:
      return kMaxIdBytes;
    case StringKind::kLine:
      return kMaxLineBytes;
    case StringKind::kText:
      return kMaxTextBytes;
  }
  return kMaxLineBytes;
}

const char* KindWord(StringKind kind) {
  switch (kind) {
    case StringKind::kId:
      return "an id";
    case StringKind::kLine:
      return "a one-line string";
    case StringKind::kText:
      return "a text (beyond tabs and newlines)";
  }
  return "a string";
}

std::string StringProblem(const std::string& value, StringKind kind) {
  char32_t forbidden = 0;
  for (std::size_t i = 0; i < value.size();) {
    char32_t c = 0;
    if (!NextCodePoint(value, &i, &c)) {
      return "is not valid UTF-8 (save the file as UTF-8)";
    }
    const bool line_break = c == U'\n' || c == U'\t';
    if (forbidden == 0 && IsControlCodePoint(c) &&
        !(kind == StringKind::kText && line_break)) {
      forbidden = c;
    }
  }
  if (value.size() > MaxBytes(kind)) {
    return absl::StrCat("is ", value.size(), " bytes long; at most ",
                        MaxBytes(kind), " for ", KindWord(kind));
  }
  if (forbidden == 0) return "";
  return absl::StrFormat(
      "contains the control character U+%04X, which %s may not hold (it "
      "would reach terminals and logs as it is)",
      static_cast<std::uint32_t>(forbidden), KindWord(kind));
}

std::string NumberProblem(double value, bool bounded) {
  if (std::isnan(value)) return "is nan; every number must be finite";
  if (std::isinf(value)) {
    return "is infinite (a number beyond the range of a double, such as "
           "1e400, reads as infinity); every number must be finite";
  }
  if (bounded && std::fabs(value) > kMaxMagnitude) {
    return absl::StrCat("is ", value,
                        ", beyond the largest magnitude a "
                        "number may have here (",
                        kMaxMagnitude, ")");
  }
  return "";
}

std::string EnumProblem(const EnumDescriptor& type, int number) {
  if (type.FindValueByNumber(number) != nullptr) return "";
  std::vector<std::string> names;
  names.reserve(type.value_count());
  for (int i = 0; i < type.value_count(); ++i)
    names.push_back(type.value(i)->name());
  return absl::StrCat("is ", number, ", which is not a value of ", type.name(),
                      " (", absl::StrJoin(names, ", "), ")");
}

// The readable name of an element of a repeated message field: its id or
// name when it has one, else its 1-based position.
std::string ElementName(const Message& element, int index) {
  const Descriptor& type = *element.GetDescriptor();
  for (const char* key : {"id", "name"}) {
    const FieldDescriptor* field = type.FindFieldByName(key);
    if (field == nullptr || field->is_repeated() ||
        field->type() != FieldDescriptor::TYPE_STRING) {
      continue;
    }
    const std::string value =
        element.GetReflection()->GetString(element, field);
    if (!value.empty() && StringProblem(value, StringKind::kId).empty())
      return absl::StrCat("['", value, "']");
  }
  return absl::StrCat("[#", index + 1, "]");
}

// What a problem of a whole message calls it.
std::string RootName(const Descriptor& type) {
  if (type.name() == "CharterDraft") return "draft";
  if (type.name() == "PartySpec") return "party";
  return absl::AsciiStrToLower(type.name());
}

// Integers and booleans need no check of their own: a list of them (a
// batch's sets) is passed over without a look at each element.
bool NeedsCheck(const FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_ENUM:
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return true;
    case FieldDescriptor::CPPTYPE_STRING:
      return field.type() == FieldDescriptor::TYPE_STRING;
    default:
      return false;
  }
}

class ValueChecker {
 public:
  explicit ValueChecker(Reporter* out) : out_(out) {}

  void Check(const Message& message, const Path& path,
             const std::string& object) {
    const Reflection& reflection = *message.GetReflection();
    const bool bounded = IsFileFormat(*message.GetDescriptor());
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string name = object.empty()
                                   ? field->name()
                                   : absl::StrCat(object, ".", field->name());
      if (!field->is_repeated()) {
        CheckValue(message, *field, -1, Sub(path, field->name()), name,
                   bounded);
        continue;
      }
      const int size = reflection.FieldSize(message, field);
      if (bounded && size > ListLimit(*field)) {
        // Placed at the first item beyond the limit.
        out_->Add(Sub(path, field->name(), ListLimit(*field)),
                  object.empty() ? RootName(*message.GetDescriptor()) : object,
                  absl::StrCat("has ", size, " ", field->name(), "; at most ",
                               ListLimit(*field), " are supported"));
      }
      if (!NeedsCheck(*field)) continue;
      for (int i = 0; i < size; ++i) {
        std::string element = absl::StrCat(name, "[#", i + 1, "]");
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          element = absl::StrCat(
              name,
              ElementName(reflection.GetRepeatedMessage(message, field, i), i));
        }
        CheckValue(message, *field, i, Sub(path, field->name(), i), element,
                   bounded);
      }
    }
  }

 private:
  // One value of `field` (element `index` of a repeated one, else -1).
  void CheckValue(const Message& message, const FieldDescriptor& field,
                  int index, const Path& path, const std::string& object,
                  bool bounded) {
    const Reflection& r = *message.GetReflection();
    const bool repeated = index >= 0;
    std::string problem;
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_DOUBLE:
        problem =
            NumberProblem(repeated ? r.GetRepeatedDouble(message, &field, index)
                                   : r.GetDouble(message, &field),
                          bounded);
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        problem =
            NumberProblem(repeated ? r.GetRepeatedFloat(message, &field, index)
                                   : r.GetFloat(message, &field),
                          bounded);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        problem = EnumProblem(
            *field.enum_type(),
            repeated ? r.GetRepeatedEnumValue(message, &field, index)
                     : r.GetEnumValue(message, &field));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        if (field.type() == FieldDescriptor::TYPE_STRING) {
          problem = StringProblem(
              repeated ? r.GetRepeatedString(message, &field, index)
                       : r.GetString(message, &field),
              KindOf(field));
        }
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Check(repeated ? r.GetRepeatedMessage(message, &field, index)
                       : r.GetMessage(message, &field),
              path, object);
        break;
      default:
        break;
    }
    if (!problem.empty()) out_->Add(path, object, std::move(problem));
  }

  Reporter* out_;
};

}  // namespace

void CheckValues(const google::protobuf::Message& message, Reporter* out) {
  ValueChecker(out).Check(message, {}, "");
}

}  // namespace validation

std::vector<Problem> ValidateValues(const google::protobuf::Message& message,
                                    const SourceLocations* locations) {
  validation::Reporter out(locations);
  validation::CheckValues(message, &out);
  return out.Take();
}

absl::Status CheckPeerMessage(const google::protobuf::Message& message,
                              absl::string_view what) {
  std::vector<Problem> problems = ValidateValues(message);
  if (problems.empty()) return absl::OkStatus();
  if (problems.size() == 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", problems[0].ToString()));
  }
  constexpr std::size_t kShown = 20;
  const std::size_t count = problems.size();
  if (count > kShown) problems.resize(kShown);
  return absl::InvalidArgumentError(absl::StrCat(
      what, " has ", count, " problem(s)",
      count > kShown ? absl::StrCat(" (the first ", kShown, " shown)") : "",
      ":\n", ProblemsToString(problems)));
}

}  // namespace concert
