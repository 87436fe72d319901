/*
 * views.c - the views the fuzzer runs on every input (see views.h).
 * Add one: a function taking the recording's path, an entry in
 * fuzz_views[], its sources in FUZZ_SRCS (fuzz.mk).
 */
#include <getopt.h>

#include "cli/commands.h"
#include "tests/fuzz/views.h"
#include "tests/unit/walk.h"

/* Every libscf reader call, every byte it hands out. */
static void view_libscf(const char *path)
{
	walk_recording(path, NULL);
}

/* `scprof dump -s -i path` */
static void view_dump(const char *path)
{
	char *argv[] = { "dump", "-s", "-i", (char *)path, NULL };
	cmd_dump(4, argv);
}

/* `scprof report -i path ARGS...`: every view, and the filters and
 * groupings that take other code paths. */
static void run_report(const char *path, const char *a, const char *b, const char *c)
{
	char *argv[8] = { "report", "-i", (char *)path };
	int argc = 3;
	for (const char *x[] = { a, b, c }, **p = x; p < x + 3 && *p; p++)
		argv[argc++] = (char *)*p;
	argv[argc] = NULL;
	optind = 0; /* each command parses its options afresh */
	cmd_report(argc, argv);
}

static void view_report_table(const char *path)
{
	run_report(path, "--latency", "--errors", "--hist");
}

static void view_report_groups(const char *path)
{
	run_report(path, "--by", "thread,syscall", "--format=json");
	run_report(path, "--by", "comm", "--format=csv");
}

static void view_report_stuck_events(const char *path)
{
	run_report(path, "--stuck", NULL, NULL);
	run_report(path, "--events", "--time", "0.001,");
}

/* the descriptor tables: the FD records they start from, the calls
 * that follow them, the names they print (escaped) */
static void view_report_files(const char *path)
{
	run_report(path, "--events", "-y", NULL);
	run_report(path, "--by", "file", "--format=json");
}

static void view_report_stacks(const char *path)
{
	run_report(path, "--stacks=tree", NULL, NULL);
	run_report(path, "--format", "svg", NULL);
}

const struct fuzz_view fuzz_views[] = {
	{ "libscf", view_libscf },
	{ "dump", view_dump },
	{ "report", view_report_table },
	{ "report-groups", view_report_groups },
	{ "report-stuck-events", view_report_stuck_events },
	{ "report-files", view_report_files },
	{ "report-stacks", view_report_stacks },
};
const size_t fuzz_nviews = sizeof(fuzz_views) / sizeof(fuzz_views[0]);
