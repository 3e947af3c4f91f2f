// Planted: a clean core header (messages only, a records header it links).
#include "concert/v1/party.pb.h"
#include "tests/layering/planted/records.h"
