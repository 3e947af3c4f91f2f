// Planted violation: a core file includes an adapter's header.
#include "tests/layering/planted/adapter.h"
