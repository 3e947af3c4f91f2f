#include "clients/concert/conformance/party_client.h"

#include "absl/strings/str_cat.h"
#include "services/common/tls/client_default.h"

namespace concert::conformance {
namespace {

// gRPC's own names of its status codes, for messages a party author greps.
const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    default:
      return "UNRECOGNIZED";
  }
}

}  // namespace

std::string StatusText(const grpc::Status& status) {
  if (status.error_message().empty()) return CodeName(status.error_code());
  return absl::StrCat(CodeName(status.error_code()), ": ",
                      status.error_message());
}

bool NoAnswer(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

PartyClient::PartyClient(const std::string& address,
                         std::chrono::milliseconds deadline)
    : deadline_(deadline),
      channel_(grpc::CreateChannel(address, tls::ClientChannelCredentials())),
      party_(v1::Party::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)) {}

void PartyClient::SetDeadline(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() + deadline_);
}

grpc::Status PartyClient::Note(grpc::Status status) {
  if (!NoAnswer(status)) ++answered_calls_;
  return status;
}

grpc::Status PartyClient::Health(
    grpc::health::v1::HealthCheckResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return Note(health_->Check(&context, grpc::health::v1::HealthCheckRequest(),
                             response));
}

grpc::Status PartyClient::Describe(v1::DescribeResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return Note(party_->Describe(&context, v1::DescribeRequest(), response));
}

grpc::Status PartyClient::Table(const v1::TableRequest& request,
                                v1::TableResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return Note(party_->Table(&context, request, response));
}

grpc::Status PartyClient::Evaluate(const v1::EvaluateRequest& request,
                                   v1::EvaluateResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return Note(party_->Evaluate(&context, request, response));
}

StreamExchange PartyClient::EvaluateStream(
    const std::vector<v1::EvaluateBatch>& batches) {
  StreamExchange exchange;
  const auto began = std::chrono::steady_clock::now();
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = party_->EvaluateStream(&context);
  // The batches of a check are small: they fit the transport's window, so
  // writing them all before reading cannot stall on flow control. A write
  // that fails means the stream already ended; Finish says how.
  for (const v1::EvaluateBatch& batch : batches) {
    if (!stream->Write(batch)) break;
  }
  stream->WritesDone();
  v1::EvaluateBatchResult result;
  while (stream->Read(&result)) exchange.results.push_back(result);
  exchange.status = Note(stream->Finish());
  exchange.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - began);
  return exchange;
}

}  // namespace concert::conformance
