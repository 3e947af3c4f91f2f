#include "tests/layering/planted/records.h"

#include <sqlite3.h>
