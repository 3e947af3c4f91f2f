#include "tests/layering/planted/adapter.h"
