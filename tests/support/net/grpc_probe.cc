#include "tests/support/net/grpc_probe.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concert::testing {
namespace {

// The reflection messages are not in our generated code (gRPC's reflection
// library already registers them), so the request is written by hand:
// ServerReflectionRequest{list_services: "*"} is field 7, a string.
std::string ListServicesRequest() { return std::string("\x3a\x01*", 3); }

// ServerReflectionResponse.list_services_response (field 6) holds repeated
// ServiceResponse (field 1) whose name is field 1.
std::vector<std::string> ParseListServices(const std::string& bytes) {
  using google::protobuf::io::CodedInputStream;
  std::vector<std::string> names;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                      bytes.size());
  while (uint32_t tag = in.ReadTag()) {
    if (tag == ((6 << 3) | 2)) {
      uint32_t length = 0;
      std::string list;
      in.ReadVarint32(&length);
      in.ReadString(&list, length);
      CodedInputStream l(reinterpret_cast<const uint8_t*>(list.data()),
                         list.size());
      while (uint32_t t = l.ReadTag()) {
        uint32_t n = 0;
        l.ReadVarint32(&n);
        std::string service;
        l.ReadString(&service, n);
        if (t != ((1 << 3) | 2)) continue;
        CodedInputStream s(reinterpret_cast<const uint8_t*>(service.data()),
                           service.size());
        while (uint32_t st = s.ReadTag()) {
          uint32_t m = 0;
          s.ReadVarint32(&m);
          std::string value;
          s.ReadString(&value, m);
          if (st == ((1 << 3) | 2)) names.push_back(value);
        }
      }
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in,
                                                                      tag)) {
      break;
    }
  }
  return names;
}

}  // namespace

absl::StatusOr<std::string> HealthStatus(const std::string& address) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status s =
      stub->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &response);
  if (!s.ok()) return absl::UnavailableError(s.error_message());
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

absl::StatusOr<std::vector<std::string>> ReflectedServices(
    const std::string& address) {
  grpc::GenericStub stub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto call = stub.PrepareCall(
      &ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](int id) {
    return cq.Next(&tag, &ok) && ok && tag == reinterpret_cast<void*>(id);
  };
  call->StartCall(reinterpret_cast<void*>(1));
  if (!step(1)) return absl::UnavailableError("reflection call did not start");
  const std::string request = ListServicesRequest();
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1);
  call->Write(out, reinterpret_cast<void*>(2));
  if (!step(2)) return absl::UnavailableError("reflection write failed");
  grpc::ByteBuffer in;
  call->Read(&in, reinterpret_cast<void*>(3));
  if (!step(3)) return absl::UnavailableError("reflection read failed");
  std::vector<grpc::Slice> slices;
  (void)in.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  call->WritesDone(reinterpret_cast<void*>(4));
  step(4);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return ParseListServices(bytes);
}

}  // namespace concert::testing
