#include "importers/event_output.h"

#include <google/protobuf/util/json_util.h>

#include <array>
#include <cstdio>
#include <cstdlib>

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
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = false;
  buffer_.clear();
  // Serialising a well-formed message cannot fail; a failure would mean a
  // broken protobuf build, which must not produce a silently short file.
  if (!google::protobuf::util::MessageToJsonString(event, &buffer_, options).ok()) {
    std::fputs("fatal: cannot serialise event to JSON\n", stderr);
    std::abort();
  }
  buffer_.push_back('\n');
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  ++written_;
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
