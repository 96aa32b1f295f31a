#ifndef NQ57_CLIBPQ_H
#define NQ57_CLIBPQ_H

// libpq, PostgreSQL's C client (Debian: libpq-dev; scripts/deps installs it). The header only:
// the target links libpq by name (Package.swift), as CNcursesw links ncursesw.
#include <postgresql/libpq-fe.h>

#endif
