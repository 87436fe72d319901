/*
 * diag.h - user-facing messages of the scprof program.
 *
 * Every message is one line on stderr starting with "scprof: ", lowercase,
 * without a full stop; when the fix is known, it follows after "; ".
 * Usage errors end with "Try 'scprof COMMAND --help'".
 */
#ifndef SCPROF_DIAG_H
#define SCPROF_DIAG_H

#include <stdio.h>

/* Print "scprof: <message>\n" to stderr. */
void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, then "Try 'scprof CMD --help' for more information."; returns 2,
 * the exit status of usage errors. */
int diag_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error of an option getopt_long did not take (it returned c:
 * ':' for a missing argument, else an unknown option); returns 2. */
int diag_option_error(const char *cmd, int c, char **argv);
/* Flush and check a stream the command wrote to; on error print why
 * (a closed pipe, a full disk) and return 1, else 0. */
int diag_close_output(FILE *f, const char *what);

#endif
