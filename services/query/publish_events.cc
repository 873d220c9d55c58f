#include "query/publish_events.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace scorecard {

absl::StatusOr<v1::PublishResponse> PublishEvents(RedisPool& pool, const QueueConfig& queue,
                                                  const v1::PublishRequest& request) {
  if (request.events_size() > kMaxEventsPerPublish) {
    return absl::InvalidArgumentError(absl::StrCat("events: at most ", kMaxEventsPerPublish,
                                                   " per request, got ", request.events_size()));
  }
  const std::vector<v1::CaseEvent> events(request.events().begin(), request.events().end());
  auto lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  Publisher publisher(lease->client(), queue);
  auto outcomes = publisher.Publish(events);
  if (!outcomes.ok()) return outcomes.status();

  v1::PublishResponse response;
  for (size_t i = 0; i < outcomes->size(); ++i) {
    const PublishOutcome& o = (*outcomes)[i];
    v1::PublishResult* r = response.add_results();
    r->set_event_id(events[i].event_id());
    r->set_accepted(o.accepted);
    r->set_reason_code(o.code);
    r->set_reason(o.reason);
    if (o.accepted) {
      response.set_accepted(response.accepted() + 1);
    } else {
      response.set_rejected(response.rejected() + 1);
    }
  }
  return response;
}

}  // namespace scorecard
