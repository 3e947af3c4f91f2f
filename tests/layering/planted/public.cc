#include "planted/public.h"
