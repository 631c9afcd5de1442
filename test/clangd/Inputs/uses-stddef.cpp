// Needs the compiler's builtin headers (the resource directory).
#include <stddef.h>
size_t n = 0;
