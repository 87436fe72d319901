/*
 * capture.h - run a whole scprof command inside a Check test and look at
 * what it printed.
 *
 * capture_run calls a command's cmd_<name>(argc, argv) with its stdout and
 * stderr redirected to temporary files and returns both as strings, so a
 * test can assert exact messages and output.  has, lacks and count_lines
 * are the assertions the command tests make on them; a failure names the
 * text looked for and shows the text looked in.
 */
#ifndef SCPROF_TEST_CAPTURE_H
#define SCPROF_TEST_CAPTURE_H

#include <stdarg.h>

/* Run cmd with argv {name, arg, ...} (ap continues arg up to a NULL; arg
 * NULL: no arguments).  Frees *out and *err (NULL or an earlier capture)
 * and sets them to what the command wrote to stdout and stderr.  Returns
 * the command's exit status. */
int capture_run(int (*cmd)(int argc, char **argv), const char *name, char **out, char **err,
		const char *arg, va_list ap);

/* Fail the test unless needle occurs in hay. */
void has(const char *hay, const char *needle);
/* Fail the test if needle occurs in hay. */
void lacks(const char *hay, const char *needle);
/* The number of newlines in s. */
int count_lines(const char *s);

#endif
