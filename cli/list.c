/*
 * list.c - `scprof list [PATTERN]`: the counters this machine can count
 * (profiler/counters.h), grouped by PMU, one a line with what it counts,
 * as `perf list` shows them.  Any of them goes to `record --counters`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/diag.h"
#include "profiler/counters.h"
#include "syscalls/syscalls.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: scprof list [PATTERN]\n\n"
		   "List the counters this machine can count, grouped by PMU, for\n"
		   "'scprof record --counters'.  With PATTERN, only those whose name\n"
		   "(PMU::NAME) contains it, ignoring case.\n\n"
		   "  -h, --help  show this help\n\n"
		   "Example: scprof list fault\n");
}

struct lister {
	const char *pmu;   /* the PMU whose heading was printed */
	unsigned n;
};

static int print_counter(void *ctx, const struct counter_info *ci)
{
	struct lister *l = ctx;
	if (!l->pmu || strcmp(l->pmu, ci->pmu)) {
		printf("%s%s (%s):\n", l->n ? "\n" : "", ci->pmu, ci->pmu_desc);
		l->pmu = ci->pmu;
	}
	printf("  %-28s %s\n", ci->name, ci->desc);
	l->n++;
	return 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		if (c != 'h')
			return diag_option_error("list", c, argv);
		usage(stdout);
		return 0;
	}
	if (argc - optind > 1)
		return diag_usage("list", "one pattern at most");
	const char *pattern = optind < argc ? argv[optind] : NULL;
	struct lister l = { 0 };
	int rc = counters_list(pattern, print_counter, &l);
	if (rc) {
		diag_error("cannot list the counters: %s",
			   rc == -ENOENT ? "libpfm4 (libpfm.so.4) is not installed; install libpfm4"
					 : "libpfm4 cannot start");
		return 1;
	}
	if (!l.n && pattern) {
		diag_error("no counter matches '%s'; 'scprof list' shows them all", pattern);
		return 1;
	}
	return 0;
}

/* Hidden: the syscall names -e takes, one a line, for the shell
 * completion (completions/scprof.bash). */
int cmd_list_syscalls(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return diag_usage("list-syscalls", "no arguments expected");
	for (int nr = 0; nr < syscall_count(); nr++)
		if (syscall_name(nr))
			printf("%s\n", syscall_name(nr));
	return 0;
}
