// Planted violation: a core file includes a generated gRPC stub.
#include "concert/v1/party.grpc.pb.h"
