// Planted violation: a core file not declared ALLOW_SQLITE includes sqlite3.h.
#include <sqlite3.h>
