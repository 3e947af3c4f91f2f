// Planted: an empty core file of a target that links an adapter.
#include <string>
