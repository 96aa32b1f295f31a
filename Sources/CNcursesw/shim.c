// The C side of nq57's terminal: what Swift cannot call directly in curses, and the signal and
// standard-error state the crash handler needs. Declared in include/CNcursesw.h; the state here
// exists once per process.

// Before any system header: POSIX and X/Open interfaces (wcwidth, mkstemp) and wide-character curses.
#define _DEFAULT_SOURCE 1
#define _XOPEN_SOURCE 700

#include "CNcursesw.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

// From <term.h>, which also defines a macro for every capability name; these are all we need.
struct term;
extern int setupterm(const char *, int, int *);
extern struct term *set_curterm(struct term *);
extern int del_curterm(struct term *);

// ---------------------------------------------------------------------------------------------
// Macros and globals Swift cannot use (function-like macros, or mutable globals that Swift 6
// refuses to touch), as functions.

int nq57_lines(void) { return LINES; }
int nq57_cols(void) { return COLS; }
int nq57_colors(void) { return COLORS; }
int nq57_color_pairs(void) { return COLOR_PAIRS; }
attr_t nq57_a_bold(void) { return A_BOLD; }
attr_t nq57_a_reverse(void) { return A_REVERSE; }
attr_t nq57_a_underline(void) { return A_UNDERLINE; }
attr_t nq57_a_dim(void) { return A_DIM; }
attr_t nq57_a_normal(void) { return A_NORMAL; }
WINDOW *nq57_stdscr(void) { return stdscr; }
WINDOW *nq57_curscr(void) { return curscr; }

/// True when the current terminal description has the string capability `name` (`rmcup`…).
int nq57_has_string_capability(const char *name) {
    char *s = tigetstr(name);
    return s != NULL && s != (char *)-1;
}

/// Whether the terminfo entry `name` can drive a full-screen program: 1 when it loads and can
/// address the cursor, 0 when it loads but cannot (`dumb`), -1 when it is not found here. Loads the
/// entry on its own (nothing is written to the terminal) and discards it.
int nq57_probe_terminal(const char *name) {
    int err = 0;
    struct term *before = set_curterm(NULL);
    int result = -1;
    if (setupterm(name, 1, &err) == OK) {
        char *cup = tigetstr("cup");
        result = (cup != NULL && cup != (char *)-1) ? 1 : 0;
        (void)del_curterm(set_curterm(before));
    } else {
        (void)set_curterm(before);
    }
    return result;
}

/// `newterm` on the process's standard output and input.
SCREEN *nq57_newterm(const char *type) { return newterm(type, stdout, stdin); }

/// True when the C library's character type is UTF-8.
int nq57_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/// The size the kernel reports for the terminal on `fd`, or 0×0.
void nq57_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        *rows = ws.ws_row;
        *cols = ws.ws_col;
    } else {
        *rows = 0;
        *cols = 0;
    }
}

/// Bytes waiting to be read on `fd`, or -1 when the terminal cannot say (it is gone).
int nq57_bytes_waiting(int fd) {
    int n = 0;
    if (ioctl(fd, FIONREAD, &n) != 0) return -1;
    return n;
}

/// Draws one grapheme into the cell at (y, x) of stdscr: `w0` is its spacing character, `w1`…`w4` its
/// combining marks (0 where there are fewer). `width` is the columns the cell grid gives it (1 or 2).
///
/// When the C library measures `w0` differently from the grid, a replacement of the right width is
/// drawn instead (U+FFFD, or U+FF1F for two columns), so that ncurses's idea of the cursor, the
/// terminal's and the grid's stay in step. `insert` writes with `wins_wch`, which does not advance
/// the cursor: the way to fill the bottom-right cell without scrolling.
int nq57_put_cell(int y, int x, wchar_t w0, wchar_t w1, wchar_t w2, wchar_t w3, wchar_t w4,
                                int width, attr_t attrs, short pair, int insert) {
    wchar_t text[6] = {w0, w1, w2, w3, w4, 0};
    int measured = wcwidth(w0);
    if (measured != width) {
        wchar_t repl = width == 2 ? (wchar_t)0xFF1F : (wchar_t)0xFFFD;
        text[1] = 0;
        if (wcwidth(repl) == width) {
            text[0] = repl;
        } else {
            // Not even a replacement fits (a non-UTF-8 locale): '?' and a blank for the right half.
            text[0] = L'?';
            if (width == 2) {
                cchar_t blank;
                wchar_t sp[2] = {L' ', 0};
                if (setcchar(&blank, sp, attrs, pair, NULL) == OK) (void)mvwadd_wch(stdscr, y, x + 1, &blank);
            }
        }
    }
    cchar_t cc;
    if (setcchar(&cc, text, attrs, pair, NULL) != OK) {
        wchar_t q[2] = {L'?', 0};
        if (setcchar(&cc, q, attrs, pair, NULL) != OK) return ERR;
    }
    return insert ? mvwins_wch(stdscr, y, x, &cc) : mvwadd_wch(stdscr, y, x, &cc);
}

// ---------------------------------------------------------------------------------------------
// Signals. Handlers here do only async-signal-safe work: the wake handler writes the signal number
// to a self-pipe; the crash handler writes the terminal's reset sequences, restores the saved
// terminal modes, puts back the default action (or, with `nq57_set_crash_chain(1)`, the previous
// handler, such as Swift's backtracer) and raises the signal again.
//

static int nq57_wake_fd = -1;
static int nq57_tty_fd = -1;
static struct termios nq57_tty_modes = {0};
static int nq57_tty_modes_saved = 0;
static char nq57_reset_bytes[512] = {0};
static size_t nq57_reset_len = 0;
static struct sigaction nq57_previous[65] = {{{0}}};
static unsigned char nq57_installed[65] = {0};
static int nq57_crash_chain = 0;

static void nq57_emergency_restore(void) {
    if (nq57_tty_fd < 0) return;
    if (nq57_reset_len > 0) (void)!write(nq57_tty_fd, nq57_reset_bytes, nq57_reset_len);
    if (nq57_tty_modes_saved) (void)tcsetattr(nq57_tty_fd, TCSANOW, &nq57_tty_modes);
}

// While curses owns the screen, standard error (when it is the terminal) goes to an unlinked file:
// a stray message would corrupt the screen, and one written just before a crash (Swift's "Fatal
// error: …") would vanish with the alternate screen. Giving the terminal back replays the last
// 64 KiB of it onto the real standard error.
static int nq57_stderr_saved = -1;
static int nq57_stderr_file = -1;

void nq57_capture_stderr(void) {
    if (nq57_stderr_file >= 0 || !isatty(2)) return;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/nq57-stderr-XXXXXX", dir != NULL && dir[0] != 0 ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return;
    (void)unlink(path);
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    int saved = dup(2);
    if (saved < 0) { (void)close(fd); return; }
    (void)fcntl(saved, F_SETFD, FD_CLOEXEC);
    if (dup2(fd, 2) < 0) { (void)close(fd); (void)close(saved); return; }
    nq57_stderr_file = fd;
    nq57_stderr_saved = saved;
}

/// Puts standard error back and writes out what was captured. Async-signal-safe.
void nq57_release_stderr(void) {
    if (nq57_stderr_file < 0) return;
    int file = nq57_stderr_file, saved = nq57_stderr_saved;
    nq57_stderr_file = -1;
    nq57_stderr_saved = -1;
    (void)dup2(saved, 2);
    (void)close(saved);
    off_t end = lseek(file, 0, SEEK_END);
    off_t start = end > 65536 ? end - 65536 : 0;
    if (end > 0 && lseek(file, start, SEEK_SET) == start) {
        char buf[4096];
        ssize_t n;
        while ((n = read(file, buf, sizeof buf)) > 0) {
            if (write(2, buf, (size_t)n) <= 0) break;
        }
    }
    (void)close(file);
}

static void nq57_wake_handler(int sig) {
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (nq57_wake_fd >= 0) (void)!write(nq57_wake_fd, &b, 1);
    errno = saved;
}

/// What a crash handler says about `sig`: a constant, so that the handler needs no formatting.
static const char *nq57_signal_description(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGABRT: return "SIGABRT (aborted)";
    case SIGILL: return "SIGILL (illegal instruction: a Swift runtime error, or a crash)";
    case SIGTRAP: return "SIGTRAP (a Swift runtime error, or a breakpoint)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGFPE: return "SIGFPE (arithmetic error)";
    case SIGQUIT: return "SIGQUIT (quit)";
    case SIGSYS: return "SIGSYS (bad system call)";
    case SIGXCPU: return "SIGXCPU (CPU time limit)";
    case SIGXFSZ: return "SIGXFSZ (file size limit)";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGALRM: return "SIGALRM";
    case SIGVTALRM: return "SIGVTALRM";
    case SIGPROF: return "SIGPROF";
    default: return "an unexpected signal";
    }
}

static void nq57_write_string(int fd, const char *s) {
    size_t n = 0;
    while (s[n] != 0) n++;
    (void)!write(fd, s, n);
}

static void nq57_crash_handler(int sig) {
    int saved = errno;
    nq57_emergency_restore();
    // What standard error received meanwhile (Swift's "Fatal error: …"), then why we stop.
    nq57_release_stderr();
    nq57_write_string(2, "nq57: ended by signal ");
    nq57_write_string(2, nq57_signal_description(sig));
    nq57_write_string(2, "; the terminal was given back\n");
    if (nq57_crash_chain && sig > 0 && sig < 65 && nq57_installed[sig]) {
        (void)sigaction(sig, &nq57_previous[sig], NULL);
        nq57_installed[sig] = 0;
    } else {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        (void)sigaction(sig, &dfl, NULL);
    }
    // Delivered when this handler returns (or the faulting instruction runs again).
    (void)raise(sig);
    errno = saved;
}

/// Remembers the terminal on `fd` and its modes now, before curses changes them.
void nq57_save_tty(int fd) {
    nq57_tty_fd = fd;
    nq57_tty_modes_saved = tcgetattr(fd, &nq57_tty_modes) == 0;
}

/// Appends a string capability of the current terminal to the emergency reset, without its padding.
static void nq57_add_reset_capability(const char *name) {
    char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1) return;
    for (const char *p = s; *p != 0; p++) {
        if (p[0] == '$' && p[1] == '<') {  // padding: $<5>, $<2*/>
            const char *end = strchr(p, '>');
            if (end != NULL) { p = end; continue; }
        }
        if (nq57_reset_len + 1 < sizeof nq57_reset_bytes) nq57_reset_bytes[nq57_reset_len++] = *p;
    }
}

/// Builds the bytes a crash handler writes: attributes off, default colours, cursor visible,
/// keypad off, normal screen.
void nq57_prepare_emergency_reset(void) {
    nq57_reset_len = 0;
    nq57_add_reset_capability("sgr0");
    nq57_add_reset_capability("op");
    nq57_add_reset_capability("cnorm");
    nq57_add_reset_capability("rmkx");
    // Mouse reporting off (nq57 turns on 1000 and 1006 where the entry knows a mouse): else the
    // shell would receive a report for every click after a crash.
    char *kmous = tigetstr("kmous");
    if (kmous != NULL && kmous != (char *)-1) {
        const char *off = "\033[?1006l\033[?1000l";
        for (const char *p = off; *p != 0; p++)
            if (nq57_reset_len + 1 < sizeof nq57_reset_bytes) nq57_reset_bytes[nq57_reset_len++] = *p;
    }
    nq57_add_reset_capability("rmcup");
}

/// Forgets the terminal: crash handlers no longer write to it.
void nq57_forget_tty(void) {
    nq57_tty_fd = -1;
    nq57_reset_len = 0;
}

void nq57_set_wake_fd(int fd) { nq57_wake_fd = fd; }

/// 1: a crash goes on to the handler that was there before (Swift's backtracer, which may wait 30 s
/// for a key on a terminal); 0: to the default action, so the process ends at once.
void nq57_set_crash_chain(int chain) { nq57_crash_chain = chain; }

/// Installs the wake handler (`crash` 0) or the crash handler (`crash` 1) for `sig`, keeping the
/// previous one to restore later.
int nq57_install_handler(int sig, int crash) {
    if (sig <= 0 || sig >= 65) return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = crash ? nq57_crash_handler : nq57_wake_handler;
    // A crash handler runs once, whole: no other signal interrupts it.
    if (crash) sigfillset(&sa.sa_mask); else sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    struct sigaction old;
    if (sigaction(sig, &sa, &old) != 0) return -1;
    if (!nq57_installed[sig]) {
        nq57_previous[sig] = old;
        nq57_installed[sig] = 1;
    }
    return 0;
}

/// Installs the crash handler for `sig` only where its action is the default one (a signal that
/// would end the process without giving the terminal back, and that nothing else handles).
int nq57_install_crash_handler_if_default(int sig) {
    struct sigaction current;
    if (sig <= 0 || sig >= 65 || sigaction(sig, NULL, &current) != 0) return -1;
    if ((current.sa_flags & SA_SIGINFO) != 0 || current.sa_handler != SIG_DFL) return 0;
    return nq57_install_handler(sig, 1);
}

/// Unblocks `sig` in this thread: a parent (a test runner, a service manager) may have started us
/// with it blocked, and a blocked SIGWINCH or SIGHUP would never reach the dashboard.
void nq57_unblock(int sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    (void)pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/// Puts back the handler `sig` had before `nq57_install_handler`.
void nq57_restore_handler(int sig) {
    if (sig <= 0 || sig >= 65 || !nq57_installed[sig]) return;
    (void)sigaction(sig, &nq57_previous[sig], NULL);
    nq57_installed[sig] = 0;
}

int nq57_flush_stdout(void) {
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno != 0 ? errno : EIO;
        clearerr(stdout);
        return e;
    }
    return 0;
}
