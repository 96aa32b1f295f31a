#ifndef NQ57_CNCURSESW_H
#define NQ57_CNCURSESW_H

// Wide-character curses, and the small C layer nq57 needs around it. Declarations only: the
// definitions and the signal and standard-error state live in shim.c, once per process.

// Wide-character curses: both must come before the header.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <stddef.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// ---------------------------------------------------------------------------------------------
// Macros and globals Swift cannot use (function-like macros, or mutable globals that Swift 6
// refuses to touch), as functions.

int nq57_lines(void);
int nq57_cols(void);
int nq57_colors(void);
int nq57_color_pairs(void);
attr_t nq57_a_bold(void);
attr_t nq57_a_reverse(void);
attr_t nq57_a_underline(void);
attr_t nq57_a_dim(void);
attr_t nq57_a_normal(void);
WINDOW *nq57_stdscr(void);
WINDOW *nq57_curscr(void);

/// True when the current terminal description has the string capability `name` (`rmcup`…).
int nq57_has_string_capability(const char *name);

/// Whether the terminfo entry `name` can drive a full-screen program: 1 when it loads and can
/// address the cursor, 0 when it loads but cannot (`dumb`), -1 when it is not found here. Loads the
/// entry on its own (nothing is written to the terminal) and discards it.
int nq57_probe_terminal(const char *name);

/// `newterm` on the process's standard output and input.
SCREEN *nq57_newterm(const char *type);

/// True when the C library's character type is UTF-8.
int nq57_codeset_is_utf8(void);

/// The size the kernel reports for the terminal on `fd`, or 0×0.
void nq57_window_size(int fd, int *rows, int *cols);

/// Bytes waiting to be read on `fd`, or -1 when the terminal cannot say (it is gone).
int nq57_bytes_waiting(int fd);

/// Draws one grapheme into the cell at (y, x) of stdscr: `w0` is its spacing character, `w1`…`w4` its
/// combining marks (0 where there are fewer). `width` is the columns the cell grid gives it (1 or 2).
///
/// When the C library measures `w0` differently from the grid, a replacement of the right width is
/// drawn instead (U+FFFD, or U+FF1F for two columns), so that ncurses's idea of the cursor, the
/// terminal's and the grid's stay in step. `insert` writes with `wins_wch`, which does not advance
/// the cursor: the way to fill the bottom-right cell without scrolling.
int nq57_put_cell(int y, int x, wchar_t w0, wchar_t w1, wchar_t w2, wchar_t w3, wchar_t w4,
                  int width, attr_t attrs, short pair, int insert);

// ---------------------------------------------------------------------------------------------
// Signals. The handlers do only async-signal-safe work: the wake handler writes the signal number
// to a self-pipe; the crash handler writes the terminal's reset sequences, restores the saved
// terminal modes, writes out standard error held back meanwhile and the signal's name, puts back
// the default action (or, with `nq57_set_crash_chain(1)`, the previous handler, such as Swift's
// backtracer) and raises the signal again.

/// Remembers the terminal on `fd` and its modes now, before curses changes them.
void nq57_save_tty(int fd);

/// Builds the bytes a crash handler writes: attributes off, default colours, cursor visible,
/// keypad off, normal screen. Call once the terminal description is loaded.
void nq57_prepare_emergency_reset(void);

/// Forgets the terminal: crash handlers no longer write to it.
void nq57_forget_tty(void);

/// Where the wake handler writes the signal number (-1: nowhere).
void nq57_set_wake_fd(int fd);

/// 1: a crash goes on to the handler that was there before (Swift's backtracer, which may wait 30 s
/// for a key on a terminal); 0: to the default action, so the process ends at once.
void nq57_set_crash_chain(int chain);

/// Installs the wake handler (`crash` 0) or the crash handler (`crash` 1) for `sig`, keeping the
/// previous one to restore later.
int nq57_install_handler(int sig, int crash);

/// Installs the crash handler for `sig` only where its action is the default one (a signal that
/// would end the process without giving the terminal back, and that nothing else handles).
int nq57_install_crash_handler_if_default(int sig);

/// Unblocks `sig` in this thread: a parent (a test runner, a service manager) may have started us
/// with it blocked, and a blocked SIGWINCH or SIGHUP would never reach the dashboard.
void nq57_unblock(int sig);

/// Puts back the handler `sig` had before `nq57_install_handler`.
void nq57_restore_handler(int sig);

// ---------------------------------------------------------------------------------------------
// Standard streams.

/// Flushes C's standard output (where Swift's `print` writes) and says whether every write to it
/// went through: 0, or the errno of the failure (EIO when none was kept).
int nq57_flush_stdout(void);

// Standard error while curses owns the screen.

/// Sends standard error, when it is the terminal, to an unlinked file until
/// `nq57_release_stderr`: a stray message would corrupt the screen, and one written just before a
/// crash (Swift's "Fatal error: …") would vanish with the alternate screen.
void nq57_capture_stderr(void);

/// Puts standard error back and writes out the last 64 KiB of what was captured.
/// Async-signal-safe.
void nq57_release_stderr(void);

#endif
