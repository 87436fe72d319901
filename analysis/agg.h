/*
 * agg.h - per-syscall call statistics, kept per group (a process, a
 * thread, a comm, or one group for everything).
 *
 * Pure: no I/O.  Memory grows with distinct groups x syscalls, never with
 * the number of calls.  The per-call path is an array index by syscall
 * number and a histogram increment.
 *
 * Counting rules (struct scf_call.flags, formats/scf.h):
 * - a completed call counts in calls, in errors if ret is -4095..-1, and
 *   its duration goes into the latency histogram (whose sum is the total
 *   time);
 * - ENTERED_BEFORE calls (already inside the call when recording began:
 *   their duration is only a lower bound) count in calls and errors, and
 *   in partial, with their time in partial_ns; they stay out of the
 *   histogram, so out of the total time, min, average and percentiles;
 * - NO_ENTER calls count in calls and errors but add no time and no
 *   latency: their entry is missing;
 * - NO_RETURN calls (exit, exit_group, a thread killed inside a call)
 *   never completed: like strace -c, they are not counted in calls, only
 *   in no_return;
 * - UNFINISHED calls are not completed calls: they only count in
 *   unfinished.
 */
#ifndef SCPROF_AGG_H
#define SCPROF_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/hist.h"
#include "analysis/waits.h"
#include "formats/scf.h"

/* strace's rule: a return value in -4095..-1 is -errno. */
static inline bool agg_is_error(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

/* Counters (record --counters) summed per syscall: the first this many of
 * a recording's (a recorder writes at most as many). */
#define AGG_COUNTERS 8

struct agg_errno {
	int32_t err; /* positive errno */
	uint64_t count;
};

/* One syscall in one group (or a group's total, with nr -1, name NULL). */
struct agg_sys {
	int32_t nr;
	const char *name;    /* from the name function given to agg_new */
	uint64_t calls;      /* completed + NO_ENTER */
	uint64_t errors;     /* of those, failed (ret -4095..-1) */
	uint64_t unfinished; /* in progress when recording stopped: not in calls */
	uint64_t no_return;  /* the task ended inside the call: not in calls */
	uint64_t partial;    /* of calls, entered before recording: no latency */
	uint64_t partial_ns; /* their time from the start of recording */
	struct hist lat;     /* calls with both ends seen; lat.sum is total time */
	/* record --counters: what the calls that carry counter values
	 * (counted of them: those whose entry and exit were read) counted,
	 * summed per counter in the recording's order; cnt_scaled bit i: some
	 * of counter i's values were scaled (multiplexed) */
	uint64_t counted;
	uint32_t cnt_scaled;
	uint64_t cnt[AGG_COUNTERS];
	/* record --off-cpu: the calls of the histogram (those with both
	 * ends seen) split their time into on a CPU, blocked and runnable;
	 * the three add up to lat.sum.  waits: their wait sites and wakers,
	 * NULL until a call blocked. */
	uint64_t oncpu_ns, blocked_ns, runnable_ns;
	struct waits *waits;
	uint32_t nerrnos, errnos_cap;
	struct agg_errno *errnos; /* by decreasing count after agg_sys_finish */
};

struct agg;

struct agg_group {
	struct agg *agg;
	uint64_t key;
	bool has_task;      /* pid and tid are set */
	int32_t pid, tid;   /* of the first call added (group by process/thread) */
	size_t nsys;        /* syscalls seen */
	struct agg_sys **sys;
	uint32_t by_nr_cap; /* index by nr for 0 <= nr < by_nr_cap */
	struct agg_sys **by_nr;
};

/* Name of syscall nr, owned by ctx and valid while the agg lives. */
typedef const char *(*agg_name_fn)(void *ctx, int32_t nr);

int agg_new(agg_name_fn name, void *ctx, struct agg **out);
void agg_free(struct agg *a);

/* The group with this key, created (empty) if new; NULL if out of memory.
 * The last group found is cached, so repeated keys are cheap. */
struct agg_group *agg_group(struct agg *a, uint64_t key);
/* Groups in creation order. */
size_t agg_ngroups(const struct agg *a);
struct agg_group *agg_group_at(const struct agg *a, size_t i);

/* Count one call by the rules above.  0 or -ENOMEM. */
int agg_add(struct agg_group *g, const struct scf_call *c);
/* The group's statistics of one syscall, or NULL if it has none. */
struct agg_sys *agg_find(const struct agg_group *g, int32_t nr);

/* dst += src, syscall by syscall.  0 or -ENOMEM. */
int agg_group_merge(struct agg_group *dst, const struct agg_group *src);
/*
 * A new agg with src's groups merged by newkey (for example every group
 * into key 0 for the totals, or threads into comms).  Each new group takes
 * pid and tid from the first source group mapped to it.
 */
int agg_regroup(const struct agg *src, uint64_t (*newkey)(void *ctx, const struct agg_group *g),
		void *ctx, struct agg **out);

/* Sum of every syscall of a group into out (nr -1, name NULL); release
 * it with agg_sys_release.  0 or -ENOMEM. */
int agg_group_total(const struct agg_group *g, struct agg_sys *out);
int agg_sys_merge(struct agg_sys *dst, const struct agg_sys *src);
void agg_sys_init(struct agg_sys *s, int32_t nr, const char *name);
void agg_sys_release(struct agg_sys *s);
/* Sort errnos by decreasing count (then by errno). */
void agg_sys_finish(struct agg_sys *s);

enum agg_sort {
	AGG_SORT_TIME = 1, /* total time, largest first (strace -c's default) */
	AGG_SORT_CALLS,
	AGG_SORT_ERRORS,
	AGG_SORT_NAME,     /* alphabetical */
	AGG_SORT_AVG,      /* average latency, largest first */
	AGG_SORT_MAX,      /* longest call, largest first */
};
/* "time", "calls", "errors", "name", "avg", "max" (and strace's
 * "avg-time", "max-time"); 0 if unknown. */
enum agg_sort agg_sort_parse(const char *s);
/* Sort v; ties go by calls, then name, then nr. */
void agg_sort(struct agg_sys **v, size_t n, enum agg_sort key);
/* The order agg_sort uses: <0 if a comes first (0: AGG_SORT_TIME). */
int agg_sys_cmp(const struct agg_sys *a, const struct agg_sys *b, enum agg_sort key);

#endif
