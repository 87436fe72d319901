/*
 * views.c - the views the fuzzer runs on every input (see views.h).
 * Add one: a function taking the recording's path, an entry in
 * fuzz_views[], its sources in FUZZ_SRCS (fuzz.mk).
 */
#include "report/dump.h"
#include "tests/fuzz/views.h"
#include "tests/fuzz/walk.h"

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

const struct fuzz_view fuzz_views[] = {
	{ "libscf", view_libscf },
	{ "dump", view_dump },
	/* report views go here, e.g. { "report", view_report } running
	 * cmd_report(3, (char *[]){ "report", "-i", path, NULL }) */
};
const size_t fuzz_nviews = sizeof(fuzz_views) / sizeof(fuzz_views[0]);
