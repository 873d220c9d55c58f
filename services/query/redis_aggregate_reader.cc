#include "query/redis_aggregate_reader.h"

#include "absl/strings/str_cat.h"
#include "events/partitioning.h"

namespace scorecard {
namespace {

PartitionKeys KeysFor(const StateLocation& loc, const std::string& la) {
  return PartitionKeys(loc.prefix, PartitionOf(la, loc.partitions));
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> RedisAggregateReader::Sum(
    const std::vector<SumRequest>& requests) {
  std::vector<std::vector<std::string>> commands;
  std::vector<size_t> command_of;  // request index -> command index, or npos
  commands.reserve(requests.size());
  command_of.reserve(requests.size());
  for (const SumRequest& r : requests) {
    if (r.series >= catalogue_.series().size()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown series index ", r.series));
    }
    if (r.fields.empty()) {
      command_of.push_back(std::string::npos);
      continue;
    }
    const std::string& series_key = catalogue_.series()[r.series].key;
    std::vector<std::string> cmd;
    cmd.reserve(r.fields.size() + 2);
    cmd.push_back("HMGET");
    cmd.push_back(KeysFor(location_, r.la).Aggregate(location_.ns, r.la, series_key, r.team));
    cmd.insert(cmd.end(), r.fields.begin(), r.fields.end());
    command_of.push_back(commands.size());
    commands.push_back(std::move(cmd));
  }
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) return replies.status();

  std::vector<int64_t> out(requests.size(), 0);
  for (size_t i = 0; i < requests.size(); ++i) {
    if (command_of[i] == std::string::npos) continue;
    const RedisReply& reply = (*replies)[command_of[i]];
    if (reply.is_error()) return StatusFromRedisError(reply.str());
    if (!reply.is_array()) {
      return absl::InternalError("HMGET returned " + reply.DebugString());
    }
    int64_t sum = 0;
    for (const RedisReplyView& v : reply.elements()) {
      if (v.is_nil()) continue;
      auto n = v.AsInteger();
      if (!n.ok()) return n.status();
      sum += *n;
    }
    out[i] = sum;
  }
  return out;
}

absl::StatusOr<std::set<std::string>> RedisAggregateReader::SeenKinds(const std::string& la) {
  auto reply = redis_.Command({"HKEYS", KeysFor(location_, la).Seen(location_.ns, la)});
  if (!reply.ok()) return reply.status();
  if (!reply->is_array()) return absl::InternalError("HKEYS returned " + reply->DebugString());
  std::set<std::string> out;
  for (const RedisReplyView& v : reply->elements()) {
    auto s = v.AsString();
    if (!s.ok()) return s.status();
    out.emplace(*s);
  }
  return out;
}

absl::StatusOr<bool> CouncilKnown(RedisClient& redis, const StateLocation& location,
                                  const std::string& la) {
  auto reply = redis.Command({"SISMEMBER", KeysFor(location, la).Councils(location.ns), la});
  if (!reply.ok()) return reply.status();
  auto n = reply->AsInteger();
  if (!n.ok()) return n.status();
  return *n == 1;
}

absl::StatusOr<CurrentState> CurrentNamespace(RedisClient& redis, const StateLocation& location,
                                              int partition) {
  const PartitionKeys pk(location.prefix, partition);
  auto pointer = redis.Command({"GET", pk.NamespacePointer()});
  if (!pointer.ok()) return pointer.status();
  CurrentState out;
  if (pointer->is_nil()) {
    out.ns = location.ns;
  } else {
    auto ns = pointer->AsString();
    if (!ns.ok()) return ns.status();
    out.ns = std::string(*ns);
  }
  auto version = redis.Command({"GET", pk.CatalogueVersion(out.ns)});
  if (!version.ok()) return version.status();
  if (!version->is_nil()) {
    auto v = version->AsString();
    if (!v.ok()) return v.status();
    out.catalogue_stamp = std::string(*v);
  }
  return out;
}

absl::StatusOr<std::set<std::string>> KnownCouncils(RedisClient& redis,
                                                    const StateLocation& location) {
  std::vector<std::vector<std::string>> pointers;
  for (int p = 0; p < location.partitions; ++p) {
    pointers.push_back({"GET", PartitionKeys(location.prefix, p).NamespacePointer()});
  }
  auto current = redis.Pipeline(pointers);
  if (!current.ok()) return current.status();
  std::vector<std::vector<std::string>> commands;
  for (int p = 0; p < location.partitions; ++p) {
    const RedisReply& r = (*current)[p];
    if (r.is_error()) return StatusFromRedisError(r.str());
    const std::string ns = r.is_nil() ? location.ns : std::string(r.str());
    commands.push_back({"SMEMBERS", PartitionKeys(location.prefix, p).Councils(ns)});
  }
  auto replies = redis.Pipeline(commands);
  if (!replies.ok()) return replies.status();
  std::set<std::string> out;
  for (const RedisReply& r : *replies) {
    if (r.is_error()) return StatusFromRedisError(r.str());
    if (!r.is_array()) return absl::InternalError("SMEMBERS returned " + r.DebugString());
    for (const RedisReplyView& v : r.elements()) {
      auto s = v.AsString();
      if (!s.ok()) return s.status();
      out.emplace(*s);
    }
  }
  return out;
}

}  // namespace scorecard
