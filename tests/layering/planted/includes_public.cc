// Planted violation: a public header of a target this one does not link.
#include "planted/public.h"
