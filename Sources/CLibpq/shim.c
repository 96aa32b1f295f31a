// SwiftPM wants a source file in a C target; everything nq57 uses is in libpq-fe.h.
#include "CLibpq.h"
