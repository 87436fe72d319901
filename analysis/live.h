/*
 * live.h - the statistics of one interval of a live recording (scprof
 * top): per syscall calls, errors, time and p50/p99 latency, and per
 * process calls, errors and time, from the events the recorder hands on.
 *
 * Pure: no I/O.  The counting is agg.h's (its rules for unfinished,
 * no-return and entered-before calls), the percentiles hist.h's.  Memory
 * is two aggs (the interval counting and the last one ended, each
 * syscalls x processes seen in it) plus one name per process seen.
 */
#ifndef SCPROF_LIVE_H
#define SCPROF_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/agg.h"
#include "formats/scf.h"

enum live_sort {
	LIVE_SORT_CALLS = 1, /* largest first */
	LIVE_SORT_ERRORS,
	LIVE_SORT_TIME,      /* total time */
	LIVE_SORT_P50,
	LIVE_SORT_P99,
	LIVE_SORT_NAME,      /* alphabetical */
};
/* "calls", "errors", "time", "p50", "p99", "name"; 0 if unknown. */
enum live_sort live_sort_parse(const char *s);
/* The name live_sort_parse takes for key. */
const char *live_sort_name(enum live_sort key);

struct live_sys {
	int32_t nr;
	const char *name;
	uint64_t calls, errors, time_ns;
	uint64_t p50, p99;   /* ns, of the calls with both ends seen */
};

struct live_proc {
	int32_t pid;
	const char *comm;    /* "" if no name was seen */
	uint64_t calls, errors, time_ns;
};

/* One interval, sorted; valid until the next live_* call. */
struct live_view {
	struct live_sys *sys;
	size_t nsys;
	struct live_proc *procs; /* by calls, largest first */
	size_t nprocs;
	uint64_t calls, errors, time_ns, lost;
};

struct live;

int live_new(agg_name_fn name, void *ctx, struct live **out);
void live_free(struct live *l);
/* Count one event of the interval: a call; a task's name (kept for the
 * next intervals too); events lost.  0 or -ENOMEM. */
int live_add(struct live *l, const struct scf_event *ev);
/* End the interval counting and start the next (the names stay).  0 or
 * -ENOMEM (then the interval goes on). */
int live_next(struct live *l);
/* The interval last ended by live_next (empty before), syscalls sorted
 * by key (ties by calls, then name).  0 or -ENOMEM. */
int live_view(struct live *l, enum live_sort key, struct live_view *v);

#endif
