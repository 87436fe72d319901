/*
 * textesc.h - strings from the traced side (comm, command lines, paths,
 * file names, symbols) in text output, escaped as strace escapes them, so
 * that no control byte of a traced program reaches the user's terminal.
 *
 * \t \n \r \v \f print as such; every other byte below 0x20, and 0x7f and
 * above, prints in octal: \33, \177, \303 (three digits, \0331, when an
 * octal digit follows).  Inside a quoted string (quote '"' or '\'') that
 * quote and the backslash are escaped too; unquoted, they print as they
 * are.  The output is plain ASCII from 0x20 to 0x7e.  Every text view
 * prints traced-side strings through this module; JSON has its own
 * \u00XX escapes (jsonprint.h), SVG its own (xmltext.h).
 */
#ifndef SCPROF_TEXTESC_H
#define SCPROF_TEXTESC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* s[0..n) escaped into out, which holds textesc_len(s, n, quote) + 1
 * bytes (out NULL: only the length).  Returns the length, without NUL. */
size_t textesc(char *out, const char *s, size_t n, char quote);
/* The length of s[0..n) escaped. */
static inline size_t textesc_len(const char *s, size_t n, char quote)
{
	return textesc(NULL, s, n, quote);
}
/* Print s escaped (quote: 0 for none, '"' or '\''; the quotes themselves
 * are the caller's). */
void textesc_fputs(FILE *f, const char *s, char quote);
/* A command line, its arguments escaped and joined by spaces, in single
 * quotes: 'ls -l /etc'. */
void textesc_fputs_argv(FILE *f, uint32_t argc, const char *const *argv);
/* s escaped into buf of size bytes, NUL-terminated and cut short (never
 * inside an escape) if it does not fit; returns buf. */
char *textesc_buf(char *buf, size_t size, const char *s, char quote);

#endif
