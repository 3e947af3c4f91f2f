// Planted: an adapter's header, which may include gRPC.
#include <grpcpp/grpcpp.h>

#include "concert/v1/party.grpc.pb.h"
