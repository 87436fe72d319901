/*
 * capture.c - run a whole scprof command and capture its output (see
 * capture.h).
 */
#include "tests/unit/capture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* All of f from the start, as a string; closes f. */
static char *slurp(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	char *s = calloc(1, (size_t)n + 1);
	rewind(f);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

int capture_run(int (*cmd)(int argc, char **argv), const char *name, char **out, char **err,
		const char *arg, va_list ap)
{
	char *argv[32] = {(char *)name};
	int argc = 1;
	for (const char *a = arg; a; a = va_arg(ap, const char *)) {
		ck_assert_int_lt(argc, 31);
		argv[argc++] = (char *)a;
	}
	argv[argc] = NULL;
	FILE *fo = tmpfile(), *fe = tmpfile();
	ck_assert(fo && fe);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	int rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	fseek(fo, 0, SEEK_END);
	fseek(fe, 0, SEEK_END);
	free(*out);
	free(*err);
	*out = slurp(fo);
	*err = slurp(fe);
	return rc;
}

void has(const char *hay, const char *needle)
{
	ck_assert_msg(strstr(hay, needle), "missing <%s> in:\n%.3000s", needle, hay);
}

void lacks(const char *hay, const char *needle)
{
	ck_assert_msg(!strstr(hay, needle), "unexpected <%s> in:\n%s", needle, hay);
}

int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}
