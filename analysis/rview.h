/*
 * rview.h - everything one report prints, computed from a recording.
 *
 * The streaming loop (report.c) fills an agg, a tasks table and the list
 * of unfinished calls; rview_build turns them into sorted, named groups.
 * The printers (table.c, json.c, csv.c) only format a struct rview.
 */
#ifndef SCPROF_RVIEW_H
#define SCPROF_RVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/agg.h"
#include "analysis/group.h"
#include "formats/scf.h"

struct tasks;
struct sysnames;

struct rview_group {
	int32_t pid, tid;    /* -1 where the grouping has none */
	const char *comm;    /* NULL if unknown */
	const char *cmdline; /* NULL if unknown */
	const char *file;    /* GROUP_BY_FILE: "/etc/hosts", "fd 5 (unknown)" */
	struct agg_sys total; /* every syscall of the group summed */
	struct agg_sys **sys; /* sorted */
	size_t nsys;
};

struct rview_stuck {
	struct scf_call call; /* ips cleared; captures in captures_copy */
	const char *name;     /* syscall */
	const char *comm;     /* thread's name, NULL if unknown */
	void *captures_copy;  /* owned: call.captures and their bytes */
	/* record --off-cpu, a call blocked when recording stopped: the
	 * kernel stack where, innermost first (owned); 0: not known.
	 * call.offcpu is cleared. */
	uint32_t nkips;
	uint64_t *kips;
};

/* Free what the stuck calls own, then the array.  NULL is fine. */
void rview_stuck_free(struct rview_stuck *stuck, size_t n);

struct rview {
	/* the recording */
	const char *path;
	const struct scf_meta *meta;
	uint64_t duration_ns; /* start to stop (to the last event if truncated) */
	uint64_t events;      /* records read, of every type */
	uint64_t lost;        /* events the kernel dropped */
	bool truncated;       /* no trailer: the recorder did not finish */
	uint64_t chunks;      /* event chunks read (what a truncated file shows) */
	bool filtered;        /* a filter was given */

	/* what was counted (after filters) */
	uint64_t unfinished; /* calls in progress when recording stopped */
	uint64_t no_return;  /* calls the task ended inside (exit_group...) */
	uint64_t partial;    /* calls entered before recording (agg.h) */
	uint64_t partial_ns; /* their time since recording began */
	uint64_t cut_short;  /* of those, other than exit and exit_group: a
			      * thread killed or exec'd away inside a call */
	enum group_by by;
	bool by_syscall;     /* --by X,syscall: a syscall table per group */
	struct rview_group all; /* every call; pid, tid -1 */
	struct rview_group *groups; /* by != GROUP_BY_SYSCALL, sorted like syscalls */
	size_t ngroups;
	struct rview_stuck *stuck; /* longest blocked first */
	size_t nstuck;

	/* record --off-cpu: the reader whose KSYMS name the kernel frames
	 * (waits_frame_name), or NULL */
	const struct scf_reader *ksyms;
	bool wait;           /* the --wait view (text) */

	/* how to show it */
	enum agg_sort sort;
	bool latency, errors, hist;
	char **hist_names; /* --hist SYSCALL...: only these (none: all) */
	size_t nhist_names;

	struct agg *merged[2]; /* owned statistics the groups point into */
};

/*
 * Build v->all, v->groups and sort v->stuck from per-group statistics
 * (keyed by group_key, group.h) and
 * the task names.  The view borrows names from tasks and sysnames, and the
 * stuck array (which it sorts and frees).  0 or -ENOMEM.
 */
int rview_build(struct rview *v, const struct agg *groups, struct tasks *tasks);
void rview_release(struct rview *v);
/* The recording's counters the view shows (record --counters): the first
 * AGG_COUNTERS of them. */
static inline uint32_t rview_ncounters(const struct rview *v)
{
	uint32_t n = v->meta ? v->meta->ncounters : 0;
	return n < AGG_COUNTERS ? n : AGG_COUNTERS;
}
/* Whether --hist asked for this syscall. */
bool rview_hist_wants(const struct rview *v, const char *name);
/* "2024-05-01 12:34:56" (local time) of the recording's start. */
void rview_start_date(const struct rview *v, char *buf, size_t len);

#endif
