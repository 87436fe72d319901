/*
 * views.h - what the fuzzer runs on each input: a list of views, each a
 * function given the path of a recording (the input, in a memfd).  A view
 * reads the file and does what a command does with it; its output goes
 * nowhere (the fuzzer runs with stdout and stderr closed).  A view must
 * not exit, and must free what it allocates (LeakSanitizer is on).
 *
 * To fuzz a new view (the report's tables, JSON, diff...): write a
 * function in views.c, add it to fuzz_views[] there, and add its sources
 * to FUZZ_SRCS in fuzz.mk.
 */
#ifndef SCPROF_FUZZ_VIEWS_H
#define SCPROF_FUZZ_VIEWS_H

#include <stddef.h>

struct fuzz_view {
	const char *name;
	void (*run)(const char *path);
};

extern const struct fuzz_view fuzz_views[];
extern const size_t fuzz_nviews;

#endif
