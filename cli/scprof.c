/*
 * scprof.c - the scprof program: dispatches to one command per subcommand.
 * Each command parses its own options and returns the exit status.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/diag.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "record", cmd_record, "run a command (or attach) and record its system calls" },
	{ "report", cmd_report, "summarize a recording: tables, latencies, errors" },
	{ "dump", cmd_dump, "print a recording's raw records" },
	{ "diff", cmd_diff, "compare recordings: what changed between runs" },
	{ "top", cmd_top, "live table of the system calls, refreshed every interval" },
	{ "list", cmd_list, "list the counters record --counters can count here" },
	/* hidden (no summary): for the shell completion */
	{ "list-syscalls", cmd_list_syscalls, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: scprof COMMAND [OPTIONS]\n\n"
		   "A system call profiler built on perf_event_open.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].summary)
			fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'scprof COMMAND --help' for a command's options.\n"
		   "Example: scprof record -- ls -l /etc && scprof report\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		usage(stdout);
		return diag_close_output(stdout, "standard output");
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		printf("scprof %s\n", SCPROF_VERSION);
		return diag_close_output(stdout, "standard output");
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(name, commands[i].name))
			continue;
		int rc = commands[i].fn(argc - 1, argv + 1);
		if (diag_close_output(stdout, "standard output") && rc == 0)
			rc = 1;
		return rc;
	}
	diag_error("'%s' is not a scprof command", name);
	fprintf(stderr, "Try 'scprof --help' for the list of commands.\n");
	return 2;
}
