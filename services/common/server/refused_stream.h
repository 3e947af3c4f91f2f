// A callback-API stream refused before it starts (a caller without the role,
// or one over the server's limit of streams), for services whose streaming
// methods return a reactor: it finishes at once with the status and frees
// itself when gRPC is done.
#ifndef CONCERT_SERVICES_COMMON_SERVER_REFUSED_STREAM_H_
#define CONCERT_SERVICES_COMMON_SERVER_REFUSED_STREAM_H_

#include <utility>

#include <grpcpp/grpcpp.h>

namespace concert {

template <typename Request, typename Response>
class RefusedStream final : public grpc::ServerBidiReactor<Request, Response> {
 public:
  explicit RefusedStream(grpc::Status status) {
    this->Finish(std::move(status));
  }
  void OnDone() override { delete this; }
};

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_REFUSED_STREAM_H_
