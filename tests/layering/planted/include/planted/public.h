// A public header, included by its path below include/ ("planted/public.h")
// as an installed library's headers are.
#pragma once
