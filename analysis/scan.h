/*
 * scan.h - one pass over a recording, for report and diff: open it, bind
 * the filters (rfilter.h), stream its events into the aggregators - the
 * per-syscall statistics of each group (agg.h, keyed by group.h), the
 * task names (tasks.h), the call stacks (callstacks.h), the calls
 * still blocked at the end and the descriptor tables (fdtable.h) - and
 * sum up what was read.
 *
 * analysis/ computes what the commands show: it may use formats/ and
 * syscalls/, never output/ or cli/; it does not print, and returns 0 or a
 * negative errno.
 *
 * Memory is bounded by distinct syscalls x groups, tasks and distinct
 * stacks, never by the number of events: each call is filtered, counted
 * and forgotten, except those still in progress at the end (at most one
 * per thread) when asked for.
 *
 *   struct scan s;
 *   if ((err = scan_open(&s, path)))         -errno of scf_reader_open
 *   ... look at s.meta ...
 *   if ((err = scan_start(&s, &opts)) ||     -ENOMEM
 *       (err = scan_run(&s)))                the reader's error, -ENOMEM
 *   ... s.agg, s.tasks, s.cs, s.stuck, s.sum ...
 *   scan_close(&s);
 */
#ifndef SCPROF_SCAN_H
#define SCPROF_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/agg.h"
#include "analysis/callstacks.h"
#include "analysis/group.h"
#include "analysis/rfilter.h"
#include "analysis/rview.h"
#include "formats/scf.h"

struct sysnames;
struct tasks;

struct scan_opts {
	enum group_by by;
	struct rfilter *filter;    /* bound to the recording by scan_start */
	bool count;                /* count the calls into agg, by group */
	bool unfinished;           /* and keep those still in progress (stuck) */
	/* collect call stacks, grouped by group_stack_key (and name them,
	 * with the recording's symbol tables, at the end of scan_run) */
	const struct callstacks_opts *stacks;
	/* the group of a call among the stacks, made by a thread named comm;
	 * NULL: group_stack_key(by) (pprof keys by process and errno) */
	uint64_t (*stack_group)(const struct scf_call *c, const char *comm);
	bool skip_args;            /* the arguments are not needed */
	/* follow each process's descriptors through every call (fdtable.h),
	 * filtered or not; also for GROUP_BY_FILE, whose keys are the
	 * interned (tasks_intern) names of the files calls touched */
	bool follow_fds;
	/*
	 * The event log: instead of counting, each call that passed the
	 * filters, and each task event (comm, fork, exit) and lost-events
	 * record that they let through, in file order; name is a call's
	 * syscall, NULL for the others.  A task event is let through when
	 * no call-only filter (trace=, failed, successful, min-duration) is
	 * given and it passes rfilter_task.  Its error ends the scan.
	 * The descriptor tables are as they were before the call.
	 */
	int (*each_event)(void *ctx, const struct scf_event *ev, const char *name);
	void *ctx;
};

/* What was read. */
struct scan_summary {
	uint64_t events;      /* records read, of every type */
	uint64_t lost;        /* events the kernel dropped (stream or trailer) */
	bool truncated;       /* no trailer: the recorder did not finish */
	uint64_t chunks;      /* event chunks read */
	uint64_t duration_ns; /* start to stop (to the last event if truncated) */
};

struct scan {
	struct scf_reader *reader;
	const struct scf_meta *meta;
	struct sysnames *names;
	struct tasks *tasks;
	struct agg *agg;           /* with count */
	struct callstacks *cs;     /* with stacks */
	struct rview_stuck *stuck; /* with unfinished; owned until taken */
	struct fdtable *fds;       /* with follow_fds or GROUP_BY_FILE */
	size_t nstuck, stuck_cap;
	struct scan_summary sum;   /* after scan_run */

	/* private */
	struct scan_opts o;
	struct agg_group *all;     /* the single group of GROUP_BY_SYSCALL */
	uint64_t lost, last_time;
};

/* Open the recording at path (s is set up empty first, so scan_close is
 * always safe).  0 or scf_reader_open's negative errno. */
int scan_open(struct scan *s, const char *path);
/* Make the aggregators o asks for and bind its filter.  0 or -ENOMEM. */
int scan_start(struct scan *s, const struct scan_opts *o);
/* Read every event, then the symbol tables into the call stacks (and name
 * them: callstacks_finish), and fill s->sum.  0, the reader's negative
 * errno (-EBADMSG: a corrupt chunk at scf_reader_offset(s->reader); what
 * came before was counted, and s->sum is filled), -ENOMEM or each_event's
 * error. */
int scan_run(struct scan *s);
void scan_close(struct scan *s);

#endif
