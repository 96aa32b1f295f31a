#ifndef NQ57_CNCURSESW_SHIM_H
#define NQ57_CNCURSESW_SHIM_H

// Wide-character curses: both must come before the header.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Macros Swift cannot call, as functions.
static inline int nq57_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int nq57_key_resize(void) { return KEY_RESIZE; }
static inline int nq57_lines(void) { return LINES; }
static inline int nq57_cols(void) { return COLS; }
static inline int nq57_colors(void) { return COLORS; }
static inline int nq57_err(void) { return ERR; }
static inline attr_t nq57_a_bold(void) { return A_BOLD; }
static inline attr_t nq57_a_reverse(void) { return A_REVERSE; }
static inline attr_t nq57_a_underline(void) { return A_UNDERLINE; }
static inline attr_t nq57_a_dim(void) { return A_DIM; }
static inline attr_t nq57_a_normal(void) { return A_NORMAL; }

#endif
