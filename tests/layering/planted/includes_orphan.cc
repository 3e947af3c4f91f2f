// Planted violation: includes a header that belongs to no target.
#include "tests/layering/planted/orphan.h"
