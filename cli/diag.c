#include "cli/diag.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

void diag_error(const char *fmt, ...)
{
	va_list ap;
	fputs("scprof: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int diag_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("scprof: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'scprof %s --help' for more information.\n", cmd);
	return 2;
}

int diag_close_output(FILE *f, const char *what)
{
	int bad = ferror(f);
	errno = 0;
	if (fflush(f) != 0 || bad) {
		diag_error("cannot write %s: %s", what, strerror(errno ? errno : EIO));
		return 1;
	}
	return 0;
}

int diag_option_error(const char *cmd, int c, char **argv)
{
	if (c == ':')
		return diag_usage(cmd, "option '%s' needs an argument", argv[optind - 1]);
	if (optopt && optopt < 256)
		return diag_usage(cmd, "unknown option '-%c'", optopt);
	return diag_usage(cmd, "unknown option '%s'", argv[optind - 1]);
}
