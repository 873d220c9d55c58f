#include "query/grpc_services.h"

#include <chrono>

#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"

namespace scorecard {
namespace {

// Runs `call` (returning absl::StatusOr<T>), moves the value into `response`
// and records the request.
template <typename T, typename Call>
grpc::Status Respond(RequestMetrics* metrics, const char* method, T* response, Call&& call) {
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<T> result = call();
  absl::Status status = result.status();
  if (result.ok()) *response = std::move(*result);
  if (metrics != nullptr) {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    metrics->Observe(method, absl::StatusCodeToString(status.code()), elapsed.count());
  }
  return ToGrpcStatus(status);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

grpc::Status ScorecardServiceImpl::ListIndicators(grpc::ServerContext*,
                                                  const v1::ListIndicatorsRequest*,
                                                  v1::ListIndicatorsResponse* response) {
  return Respond(
      metrics_, "ListIndicators", response,
      [&]() -> absl::StatusOr<v1::ListIndicatorsResponse> { return queries_.ListIndicators(); });
}

grpc::Status ScorecardServiceImpl::GetScorecard(grpc::ServerContext*,
                                                const v1::GetScorecardRequest* request,
                                                v1::Scorecard* response) {
  return Respond(metrics_, "GetScorecard", response,
                 [&] { return queries_.GetScorecard(*request); });
}

grpc::Status ScorecardServiceImpl::GetSeries(grpc::ServerContext*,
                                             const v1::GetSeriesRequest* request,
                                             v1::Series* response) {
  return Respond(metrics_, "GetSeries", response, [&] { return queries_.GetSeries(*request); });
}

grpc::Status EventServiceImpl::Publish(grpc::ServerContext*, const v1::PublishRequest* request,
                                       v1::PublishResponse* response) {
  return Respond(metrics_, "Publish", response,
                 [&] { return PublishEvents(pool_, queue_, *request); });
}

absl::StatusOr<RunningServer> StartGrpcServer(const GrpcServerOptions& options,
                                              const std::vector<grpc::Service*>& services) {
  // Both are process-wide switches read by ServerBuilder; idempotent.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  RunningServer running;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &running.port);
  builder.SetMaxReceiveMessageSize(options.max_receive_bytes);
  for (grpc::Service* s : services) builder.RegisterService(s);
  running.server = builder.BuildAndStart();
  if (running.server == nullptr || running.port == 0) {
    return absl::UnavailableError("cannot listen on " + options.listen);
  }
  return running;
}

}  // namespace scorecard
