#include "importers/event_output.h"

#include <google/protobuf/util/json_util.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/date.h"

namespace scorecard::importers {
namespace {

// 64-bit FNV-1a followed by a murmur-style finaliser; two different offset
// bases give two independent halves of a 128-bit id.
uint64_t Hash64(std::string_view data, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

void NdjsonWriter::Write(const v1::CaseEvent& event) {
  buffer_.clear();
  AppendEventJson(event, buffer_);
  buffer_.push_back('\n');
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  ++written_;
}

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Characters that need no JSON escaping in any encoder (protobuf's escapes
// some printable ASCII such as '<' too; anything outside this set sends the
// whole event to MessageToJsonString).
bool PlainString(const std::string& s) {
  for (unsigned char c : s) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == ' ' || c == '_' || c == '.' || c == ':' || c == '-' || c == '/' ||
                       c == ',' || c == '(' || c == ')';
    if (!plain) return false;
  }
  return true;
}

// protobuf's SimpleDtoa: %.15g when it round-trips, else %.17g.
void AppendDouble(double v, std::string& out) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof(buf), "%.17g", v);
  out.append(buf);
}

bool AppendTimestamp(const Message& m, std::string& out) {
  const auto* refl = m.GetReflection();
  const auto* desc = m.GetDescriptor();
  const int64_t seconds = refl->GetInt64(m, desc->FindFieldByNumber(1));
  const int32_t nanos = refl->GetInt32(m, desc->FindFieldByNumber(2));
  if (nanos != 0 || seconds < 0 || seconds >= 253402300800LL) return false;
  const Day day = static_cast<Day>(seconds / 86400);
  const int64_t rest = seconds % 86400;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "\"%sT%02d:%02d:%02dZ\"", FormatIsoDate(day).c_str(),
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  out.append(buf);
  return true;
}

// Appends `m` in proto3 JSON form (snake_case names, defaults omitted, int64
// as strings, enums by name). False when the message holds something this
// fast path does not reproduce exactly; `out` is then garbage.
bool AppendMessage(const Message& m, std::string& out) {
  const auto* desc = m.GetDescriptor();
  if (desc->full_name() == "google.protobuf.Timestamp") return AppendTimestamp(m, out);
  const auto* refl = m.GetReflection();
  out.push_back('{');
  bool first = true;
  for (int i = 0; i < desc->field_count(); ++i) {
    const FieldDescriptor* f = desc->field(i);
    if (f->is_map()) return false;
    if (f->is_repeated()) {
      const int n = refl->FieldSize(m, f);
      if (n == 0) continue;
      if (f->type() != FieldDescriptor::TYPE_STRING) return false;
      out.append(first ? "\"" : ",\"").append(f->name()).append("\":[");
      first = false;
      for (int j = 0; j < n; ++j) {
        const std::string& v = refl->GetRepeatedStringReference(m, f, j, nullptr);
        if (!PlainString(v)) return false;
        if (j > 0) out.push_back(',');
        out.append("\"").append(v).append("\"");
      }
      out.push_back(']');
      continue;
    }
    const bool in_oneof = f->containing_oneof() != nullptr;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE || in_oneof) {
      if (!refl->HasField(m, f)) continue;
    }
    std::string value;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string& v = refl->GetStringReference(m, f, nullptr);
        if (v.empty() && !in_oneof) continue;
        if (f->type() != FieldDescriptor::TYPE_STRING || !PlainString(v)) return false;
        value.append("\"").append(v).append("\"");
        break;
      }
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!refl->GetBool(m, f) && !in_oneof) continue;
        value = refl->GetBool(m, f) ? "true" : "false";
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        if (refl->GetInt32(m, f) == 0 && !in_oneof) continue;
        value = std::to_string(refl->GetInt32(m, f));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        if (refl->GetInt64(m, f) == 0 && !in_oneof) continue;
        value = "\"" + std::to_string(refl->GetInt64(m, f)) + "\"";
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        const double v = refl->GetDouble(m, f);
        if (v == 0.0 && !std::signbit(v) && !in_oneof) continue;
        if (!std::isfinite(v)) return false;
        AppendDouble(v, value);
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* ev = refl->GetEnum(m, f);
        if (ev->number() == 0 && !in_oneof) continue;
        value.append("\"").append(ev->name()).append("\"");
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (!AppendMessage(refl->GetMessage(m, f), value)) return false;
        break;
      default:
        return false;  // uint and float fields are not in the contract
    }
    out.append(first ? "\"" : ",\"").append(f->name()).append("\":").append(value);
    first = false;
  }
  out.push_back('}');
  return true;
}

}  // namespace

void AppendEventJson(const v1::CaseEvent& event, std::string& out) {
  const size_t mark = out.size();
  if (AppendMessage(event, out)) return;
  out.resize(mark);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = false;
  std::string json;
  // Serialising a well-formed message cannot fail; a failure would mean a
  // broken protobuf build, which must not produce a silently short file.
  if (!google::protobuf::util::MessageToJsonString(event, &json, options).ok()) {
    std::fputs("fatal: cannot serialise event to JSON\n", stderr);
    std::abort();
  }
  out.append(json);
}

std::string_view PayloadKind(const v1::CaseEvent& event) {
  static const google::protobuf::OneofDescriptor* const kPayload =
      v1::CaseEvent::descriptor()->FindOneofByName("payload");
  const google::protobuf::FieldDescriptor* field =
      v1::CaseEvent::GetReflection()->GetOneofFieldDescriptor(event, kPayload);
  if (field == nullptr) return {};
  return field->name();
}

std::string StableEventId(std::string_view source, std::string_view la_code, std::string_view kind,
                          std::string_view record_id, int64_t version, v1::Op op) {
  std::string key;
  key.reserve(source.size() + la_code.size() + kind.size() + record_id.size() + 32);
  // Unit separators keep ("ab","c") and ("a","bc") apart.
  key.append(source).push_back('\x1f');
  key.append(la_code).push_back('\x1f');
  key.append(kind).push_back('\x1f');
  key.append(record_id).push_back('\x1f');
  key.append(std::to_string(version)).push_back('\x1f');
  key.append(std::to_string(static_cast<int>(op)));
  const uint64_t hi = Hash64(key, 0xcbf29ce484222325ULL);
  const uint64_t lo = Hash64(key, 0x84222325cbf29ce4ULL);
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(hi),
                static_cast<unsigned long long>(lo));
  std::string id(source);
  id.push_back('-');
  id.append(hex, 32);
  return id;
}

void AssignEventId(v1::CaseEvent& event) {
  event.set_event_id(StableEventId(event.source_system(), event.la_code(), PayloadKind(event),
                                   event.record_id(), event.record_version(), event.op()));
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

int64_t VersionFromDateTime(int year, int month, int day, int hour, int minute, int second) {
  return ((((static_cast<int64_t>(year) * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) *
             100 +
         second;
}

}  // namespace scorecard::importers
