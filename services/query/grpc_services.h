#ifndef SCORECARD_QUERY_GRPC_SERVICES_H_
#define SCORECARD_QUERY_GRPC_SERVICES_H_

// The gRPC edge of the query service. Handlers translate protos to library
// calls and absl::Status to grpc::Status (ToGrpcStatus, the one place), and
// count every request. All logic lives in ScorecardQueries/PublishEvents.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "query/publish_events.h"
#include "query/query_metrics.h"
#include "query/scorecard_queries.h"
#include "scorecard/v1/scorecard_service.grpc.pb.h"

namespace scorecard {

// absl and gRPC status codes share their numbering.
grpc::Status ToGrpcStatus(const absl::Status& status);

// REQUIRES: the dependencies outlive the service. `metrics` may be null.
class ScorecardServiceImpl final : public v1::ScorecardService::Service {
 public:
  ScorecardServiceImpl(ScorecardQueries& queries, RequestMetrics* metrics)
      : queries_(queries), metrics_(metrics) {}

  grpc::Status ListIndicators(grpc::ServerContext* context,
                              const v1::ListIndicatorsRequest* request,
                              v1::ListIndicatorsResponse* response) override;
  grpc::Status GetScorecard(grpc::ServerContext* context, const v1::GetScorecardRequest* request,
                            v1::Scorecard* response) override;
  grpc::Status GetSeries(grpc::ServerContext* context, const v1::GetSeriesRequest* request,
                         v1::Series* response) override;

 private:
  ScorecardQueries& queries_;
  RequestMetrics* metrics_;
};

class EventServiceImpl final : public v1::EventService::Service {
 public:
  EventServiceImpl(RedisPool& pool, QueueConfig queue, RequestMetrics* metrics)
      : pool_(pool), queue_(std::move(queue)), metrics_(metrics) {}

  grpc::Status Publish(grpc::ServerContext* context, const v1::PublishRequest* request,
                       v1::PublishResponse* response) override;

 private:
  RedisPool& pool_;
  QueueConfig queue_;
  RequestMetrics* metrics_;
};

struct GrpcServerOptions {
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free port
  int max_receive_bytes = 16 * 1024 * 1024;
};

struct RunningServer {
  std::unique_ptr<grpc::Server> server;
  int port = 0;  // the bound port
};

// Builds and starts a server with the services, standard health checking
// (overall status SERVING) and server reflection. UNAVAILABLE when the
// address cannot be bound. REQUIRES: services outlive the server.
absl::StatusOr<RunningServer> StartGrpcServer(const GrpcServerOptions& options,
                                              const std::vector<grpc::Service*>& services);

}  // namespace scorecard

#endif  // SCORECARD_QUERY_GRPC_SERVICES_H_
