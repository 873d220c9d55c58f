#include "ingest/redis_state_source.h"

#include <map>

namespace scorecard {

absl::StatusOr<std::vector<std::optional<RecordMeta>>> RedisStateSource::LoadDirectory(
    const std::vector<RecordRef>& refs) {
  // One HMGET per council in the batch.
  std::map<std::string, std::vector<size_t>> by_la;
  for (size_t i = 0; i < refs.size(); ++i) by_la[refs[i].first].push_back(i);
  std::vector<std::vector<std::string>> cmds;
  std::vector<const std::vector<size_t>*> order;
  for (const auto& [la, idx] : by_la) {
    std::vector<std::string> cmd = {"HMGET", keys_.Directory(ns_, la)};
    for (size_t i : idx) cmd.push_back(refs[i].second);
    cmds.push_back(std::move(cmd));
    order.push_back(&idx);
  }
  auto replies = redis_.Pipeline(cmds);
  if (!replies.ok()) return replies.status();
  std::vector<std::optional<RecordMeta>> out(refs.size());
  for (size_t c = 0; c < replies->size(); ++c) {
    const RedisReply& r = (*replies)[c];
    if (r.is_error()) return StatusFromRedisError(r.str());
    const auto& idx = *order[c];
    for (size_t k = 0; k < idx.size(); ++k) {
      const RedisReplyView v = r.view()[k];
      if (v.is_nil()) continue;
      auto meta = RecordMeta::Decode(v.str());
      if (!meta) return absl::DataLossError("corrupt directory entry for " + refs[idx[k]].second);
      out[idx[k]] = std::move(meta);
    }
  }
  return out;
}

absl::StatusOr<std::vector<v1::SubjectState>> RedisStateSource::LoadSubjects(
    const std::vector<SubjectRef>& refs) {
  std::vector<std::vector<std::string>> cmds;
  cmds.reserve(refs.size());
  for (const auto& [la, subject] : refs) cmds.push_back({"GET", keys_.Subject(ns_, la, subject)});
  auto replies = redis_.Pipeline(cmds);
  if (!replies.ok()) return replies.status();
  std::vector<v1::SubjectState> out(refs.size());
  for (size_t i = 0; i < replies->size(); ++i) {
    const RedisReply& r = (*replies)[i];
    if (r.is_error()) return StatusFromRedisError(r.str());
    if (r.is_nil()) continue;
    const std::string_view bytes = r.str();
    if (!out[i].ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError("corrupt subject state " + refs[i].second);
    }
  }
  return out;
}

}  // namespace scorecard
