// libpq, loaded when a PostgreSQL store is first opened rather than linked: a dashboard on SQLite
// never maps libpq and the twenty libraries it pulls in (OpenSSL, GnuTLS, Kerberos, LDAP, SASL…),
// about 5 MB of its resident memory and most of the dynamic linking at its start (issue 14).
//
// Each function nq57 uses is defined here under libpq's own name and calls libpq's through a
// pointer looked up once. `nq57_libpq_problem` says, before the first connection, whether libpq
// could be loaded; the other functions are only called on a connection it made.
#include "CLibpq.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static char problem[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *why = dlerror();
        snprintf(problem, sizeof problem, "libpq.so.5, PostgreSQL's client library, cannot be loaded (Debian: apt install libpq5): %s",
                 why ? why : "unknown error");
    }
}

const char *nq57_libpq_problem(void) {
    pthread_once(&once, load);
    return library ? NULL : problem;
}

static void *find(const char *name) {
    void *f = nq57_libpq_problem() ? NULL : dlsym(library, name);
    if (!f) {
        // Only reachable when libpq vanished or lost a function after a connection was made.
        if (nq57_libpq_problem()) fprintf(stderr, "nq57: %s\n", problem); else fprintf(stderr, "nq57: libpq.so.5 has no %s\n", name);
        abort();
    }
    return f;
}

#define CALL(name)                                                        \
    static __typeof__(name) *cached;                                      \
    __typeof__(name) *f = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);     \
    if (!f) {                                                             \
        f = (__typeof__(name) *)find(#name);                              \
        __atomic_store_n(&cached, f, __ATOMIC_RELEASE);                   \
    }

PGconn *PQconnectdb(const char *conninfo) { CALL(PQconnectdb) return f(conninfo); }
PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    CALL(PQconnectdbParams) return f(keywords, values, expand_dbname);
}
ConnStatusType PQstatus(const PGconn *conn) { CALL(PQstatus) return f(conn); }
char *PQerrorMessage(const PGconn *conn) { CALL(PQerrorMessage) return f(conn); }
void PQfinish(PGconn *conn) { CALL(PQfinish) f(conn); }
PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    CALL(PQsetNoticeProcessor) return f(conn, proc, arg);
}
PGresult *PQexec(PGconn *conn, const char *query) { CALL(PQexec) return f(conn, query); }
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
                       const int *paramLengths, const int *paramFormats, int resultFormat) {
    CALL(PQexecParams)
    return f(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType PQresultStatus(const PGresult *res) { CALL(PQresultStatus) return f(res); }
char *PQresultErrorField(const PGresult *res, int fieldcode) { CALL(PQresultErrorField) return f(res, fieldcode); }
void PQclear(PGresult *res) { CALL(PQclear) f(res); }
int PQntuples(const PGresult *res) { CALL(PQntuples) return f(res); }
int PQnfields(const PGresult *res) { CALL(PQnfields) return f(res); }
char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { CALL(PQgetvalue) return f(res, tup_num, field_num); }
int PQgetisnull(const PGresult *res, int tup_num, int field_num) { CALL(PQgetisnull) return f(res, tup_num, field_num); }
int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { CALL(PQputCopyData) return f(conn, buffer, nbytes); }
int PQputCopyEnd(PGconn *conn, const char *errormsg) { CALL(PQputCopyEnd) return f(conn, errormsg); }
PGresult *PQgetResult(PGconn *conn) { CALL(PQgetResult) return f(conn); }
int PQsocket(const PGconn *conn) { CALL(PQsocket) return f(conn); }
PGnotify *PQnotifies(PGconn *conn) { CALL(PQnotifies) return f(conn); }
int PQconsumeInput(PGconn *conn) { CALL(PQconsumeInput) return f(conn); }
void PQfreemem(void *ptr) { CALL(PQfreemem) f(ptr); }
char *PQhost(const PGconn *conn) { CALL(PQhost) return f(conn); }
char *PQport(const PGconn *conn) { CALL(PQport) return f(conn); }
