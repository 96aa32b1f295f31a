#ifndef NQ57_CLIBPQ_H
#define NQ57_CLIBPQ_H

// libpq, PostgreSQL's C client (Debian: libpq-dev; scripts/deps installs it). Its header for the
// types and declarations; the library itself is loaded when first needed (shim.c), not linked.
#include <postgresql/libpq-fe.h>

/// NULL once libpq is loaded (loading it on the first call); else why it cannot be.
const char *nq57_libpq_problem(void);

#endif
