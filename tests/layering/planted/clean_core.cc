#include "tests/layering/planted/clean_core.h"

#include <string>
