// Planted: an empty core file of a target that links gRPC.
#include <string>
