#include "services/common/textproto_hint.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/suggest.h"

namespace concert {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

namespace {

// The text between `before` and the next `after` in `message`, or "".
std::string Between(absl::string_view message, absl::string_view before,
                    absl::string_view after) {
  const auto start = message.find(before);
  if (start == absl::string_view::npos) return "";
  message.remove_prefix(start + before.size());
  const auto end = message.find(after);
  if (end == absl::string_view::npos) return "";
  return std::string(message.substr(0, end));
}

// "; did you mean 'x'?" for the nearest of `names`, else — when they are
// few enough to read on one line — "; LEAD: a, b, c".
std::string NearestOrList(absl::string_view word,
                          const std::vector<std::string>& names,
                          absl::string_view lead) {
  std::string hint = DidYouMean(word, names);
  if (hint.empty() && !names.empty() && names.size() <= 12) {
    hint = absl::StrCat("; ", lead, ": ", absl::StrJoin(names, ", "));
  }
  return hint;
}

// Every enum value name of a field named `field` in `type` or any message
// reachable from it (the parser names the field, not its message).
void EnumValuesOfField(const Descriptor* type, absl::string_view field,
                       std::vector<const Descriptor*>* seen,
                       std::vector<std::string>* values) {
  if (std::find(seen->begin(), seen->end(), type) != seen->end()) return;
  seen->push_back(type);
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->enum_type() != nullptr && f->name() == field) {
      for (int v = 0; v < f->enum_type()->value_count(); ++v) {
        const std::string& name = f->enum_type()->value(v)->name();
        if (std::find(values->begin(), values->end(), name) == values->end())
          values->push_back(name);
      }
    }
    if (f->message_type() != nullptr)
      EnumValuesOfField(f->message_type(), field, seen, values);
  }
}

}  // namespace

std::string TextprotoHint(absl::string_view message, const Descriptor& root) {
  const std::string type =
      Between(message, "Message type \"", "\" has no field named");
  if (!type.empty()) {
    const Descriptor* descriptor =
        root.file()->pool()->FindMessageTypeByName(type);
    if (descriptor == nullptr) return "";
    std::vector<std::string> fields;
    fields.reserve(descriptor->field_count());
    for (int i = 0; i < descriptor->field_count(); ++i)
      fields.push_back(descriptor->field(i)->name());
    return NearestOrList(Between(message, "has no field named \"", "\""),
                         fields, "its fields are");
  }
  const std::string value =
      Between(message, "Unknown enumeration value of \"", "\"");
  if (!value.empty()) {
    std::vector<const Descriptor*> seen;
    std::vector<std::string> values;
    EnumValuesOfField(&root, Between(message, "for field \"", "\""), &seen,
                      &values);
    return NearestOrList(value, values, "valid values");
  }
  return "";
}

}  // namespace concert
