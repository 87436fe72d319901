/*
 * viewopts.h - the options report and diff share: -S/--sort, --format,
 * --weight and the filters (-e trace=, -p, --tid, --comm, -Z, -z,
 * --min-duration, --time; analysis/rfilter.h), parsed and worded once.
 *
 * A command adds VIEWOPTS_SHORTOPTS to its short options and
 * VIEWOPTS_LONGOPTS to its long ones, and hands whatever getopt returns
 * that it does not know itself to viewopts_option().
 */
#ifndef SCPROF_VIEWOPTS_H
#define SCPROF_VIEWOPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "analysis/agg.h"
#include "analysis/rfilter.h"
#include "analysis/stacks.h"

enum view_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT_FOLDED,
	FORMAT_SVG,
	FORMAT_PPROF, /* report only: gzipped profile.proto */
	FORMAT_TRACE, /* report only: Chrome trace-event JSON */
};

struct view_opts {
	enum view_format format;
	enum agg_sort sort;        /* 0: not given */
	enum stacks_weight weight;
	bool weight_given;
	struct rfilter filter;
};

enum {
	VIEWOPT_FORMAT = 0x1000,
	VIEWOPT_WEIGHT,
	VIEWOPT_TID,
	VIEWOPT_COMM,
	VIEWOPT_MIN_DURATION,
	VIEWOPT_TIME,
};
#define VIEWOPTS_SHORTOPTS "S:e:p:Zz"
#define VIEWOPTS_LONGOPTS                                                                          \
	{ "sort", required_argument, NULL, 'S' },                                                  \
	{ "format", required_argument, NULL, VIEWOPT_FORMAT },                                     \
	{ "weight", required_argument, NULL, VIEWOPT_WEIGHT },                                     \
	{ "trace", required_argument, NULL, 'e' }, { "pid", required_argument, NULL, 'p' },        \
	{ "tid", required_argument, NULL, VIEWOPT_TID },                                           \
	{ "comm", required_argument, NULL, VIEWOPT_COMM },                                         \
	{ "failed", no_argument, NULL, 'Z' }, { "successful", no_argument, NULL, 'z' },            \
	{ "min-duration", required_argument, NULL, VIEWOPT_MIN_DURATION },                         \
	{ "time", required_argument, NULL, VIEWOPT_TIME }

void viewopts_init(struct view_opts *v);
void viewopts_release(struct view_opts *v);
/* Apply option opt with its argument arg.  0 if taken; 1 if opt is not
 * one of these; 2, the usage-error status, after printing why (naming
 * command cmd). */
int viewopts_option(struct view_opts *v, int opt, const char *arg, const char *cmd);
/* The checks every view makes once the options are read: 0, or 2 after
 * printing why. */
int viewopts_check(const struct view_opts *v, const char *cmd);

#endif
