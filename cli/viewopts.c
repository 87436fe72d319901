/*
 * viewopts.c - the options report and diff share (see viewopts.h).
 */
#include "cli/viewopts.h"

#include <string.h>

#include "cli/diag.h"
#include "syscalls/syscall_set.h"

void viewopts_init(struct view_opts *v)
{
	memset(v, 0, sizeof(*v));
	rfilter_init(&v->filter);
}

void viewopts_release(struct view_opts *v)
{
	rfilter_release(&v->filter);
}

static int filter_option(struct rfilter *f, int opt, const char *arg, const char *cmd)
{
	char err[256];
	uint64_t ns;
	switch (opt) {
	case 'e':
		syscall_set_free(f->set);
		f->set = NULL;
		if (syscall_set_parse(arg, &f->set, err, sizeof(err)))
			return diag_usage(cmd, "invalid -e '%s': %s", arg, err);
		return 0;
	case 'p':
		if (rfilter_parse_ids(arg, &f->pids, &f->npids))
			return diag_usage(cmd, "invalid PID list '%s'", arg);
		return 0;
	case VIEWOPT_TID:
		if (rfilter_parse_ids(arg, &f->tids, &f->ntids))
			return diag_usage(cmd, "invalid TID list '%s'", arg);
		return 0;
	case VIEWOPT_COMM:
		f->comm = arg;
		return 0;
	case 'Z':
		f->failed = true;
		return 0;
	case 'z':
		f->successful = true;
		return 0;
	case VIEWOPT_MIN_DURATION:
		if (rfilter_parse_duration(arg, 0, &ns))
			return diag_usage(cmd,
					  "invalid duration '%s'; give a number and a unit: ns, us, "
					  "ms or s (for example 10ms)",
					  arg);
		f->min_duration = ns;
		return 0;
	case VIEWOPT_TIME:
		if (rfilter_parse_time(arg, f))
			return diag_usage(cmd,
					  "invalid time window '%s'; give START,END in seconds from "
					  "the start of the recording (for example 2.5,10)",
					  arg);
		return 0;
	}
	return 1;
}

int viewopts_option(struct view_opts *v, int opt, const char *arg, const char *cmd)
{
	static const char *const formats[] = {
		[FORMAT_TEXT] = "text",     [FORMAT_JSON] = "json", [FORMAT_CSV] = "csv",
		[FORMAT_FOLDED] = "folded", [FORMAT_SVG] = "svg",   [FORMAT_PPROF] = "pprof",
		[FORMAT_TRACE] = "trace",
	};
	switch (opt) {
	case 'S':
		if (!(v->sort = agg_sort_parse(arg)))
			return diag_usage(cmd,
					  "unknown sort key '%s'; use time, calls, errors, name, "
					  "avg or max",
					  arg);
		return 0;
	case VIEWOPT_FORMAT:
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			if (!strcmp(arg, formats[i])) {
				v->format = (enum view_format)i;
				return 0;
			}
		return diag_usage(cmd, "unknown format '%s'; use text, json, csv, folded, svg, "
				  "pprof or trace",
				  arg);
	case VIEWOPT_WEIGHT:
		if (!strcmp(arg, "time"))
			v->weight = STACKS_BY_TIME;
		else if (!strcmp(arg, "calls"))
			v->weight = STACKS_BY_CALLS;
		else
			return diag_usage(cmd, "unknown weight '%s'; use time or calls", arg);
		v->weight_given = true;
		return 0;
	}
	return filter_option(&v->filter, opt, arg, cmd);
}

int viewopts_check(const struct view_opts *v, const char *cmd)
{
	if (v->filter.failed && v->filter.successful)
		return diag_usage(cmd, "--failed and --successful exclude each other");
	return 0;
}
