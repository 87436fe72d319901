/*
 * diff.h - what changed between two sets of recordings (`scprof diff`):
 * per group and per syscall, BASE against NEW.
 *
 * Each side pools one or more recordings (runs): struct diff_side keeps,
 * per group label and syscall NAME, one struct agg_sys per run.  Sides are
 * matched by name, never by number, so recordings from different kernels
 * or architectures compare right; groups are matched by their label (a
 * process's name, its command line, a thread's name), never by PID.
 *
 * diff_build turns two sides into rows of BASE and NEW values with their
 * change, sorted by the size of the change:
 * - counts (calls, errors, total time) are scaled by struct diff_scale:
 *   by default per run (a side of three recordings shows its mean per
 *   recording), or per second of recording, or so that one syscall's
 *   calls match (diff_scale_compute);
 * - latencies (avg, p50, p90, p99, max) come from the pooled histograms
 *   and are never scaled;
 * - when both sides have at least min_test_calls timed calls, a rank test
 *   (ranktest.h) says whether the latency distribution changed by more
 *   than noise, run-to-run noise included when a side has several runs.
 *
 * Pure: no I/O.  Memory grows with groups x syscalls x runs.
 */
#ifndef SCPROF_DIFF_H
#define SCPROF_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/agg.h"
#include "analysis/ranktest.h"

/* ---- one side: pooled recordings ---- */

struct diff_cell {       /* one syscall of one group */
	char *name;
	struct agg_sys *runs; /* one per run of the side (nruns_cap of them) */
	size_t nruns_cap;
};

struct diff_sgroup {
	char *label;          /* NULL: the single group of a diff by syscall */
	char *detail;         /* e.g. a command line, for display; may be NULL */
	struct diff_cell *cells;
	size_t ncells, cap;
};

struct diff_side {
	size_t nruns;         /* recordings */
	uint64_t duration_ns; /* their lengths, summed */
	struct diff_sgroup *groups;
	size_t ngroups, cap;
	/* counters (record --counters) of any run, by name: the cells'
	 * agg_sys.cnt[i] is counter counters[i] */
	char *counters[AGG_COUNTERS];
	size_t ncounters;
	int run_map[AGG_COUNTERS]; /* the current run's counter i is side's run_map[i] (-1: dropped) */
	size_t run_ncounters;
	/* every run has off-CPU times (record --off-cpu); the caller says so
	 * for each run, false once one has none */
	bool offcpu;
};

void diff_side_init(struct diff_side *s);
void diff_side_release(struct diff_side *s);
/* Start the next run (recording) of duration ns.  0 or -ENOMEM. */
int diff_side_begin_run(struct diff_side *s, uint64_t duration_ns);
/* The counters of the current run (its recording's, in order): the
 * statistics added next carry them in this order.  Counters past
 * AGG_COUNTERS on a side are left out.  0 or -ENOMEM. */
int diff_side_counters(struct diff_side *s, const struct scf_counter *c, uint32_t n);
/* Whether the current run has off-CPU times (record --off-cpu). */
void diff_side_offcpu(struct diff_side *s, bool has);
/* Add the statistics src of syscall name in the group label (NULL: no
 * grouping) to the current run.  detail, if given and the group has
 * none yet, is kept with it.  0, -EINVAL (no run begun) or -ENOMEM. */
int diff_side_add(struct diff_side *s, const char *label, const char *detail, const char *name,
		  const struct agg_sys *src);
/* Calls of syscall name on the side, all groups and runs summed. */
uint64_t diff_side_calls(const struct diff_side *s, const char *name);

/* ---- normalisation ---- */

enum diff_norm {
	DIFF_NORM_RAW = 0,    /* counts per run (as recorded, for one run) */
	DIFF_NORM_PER_SECOND, /* counts per second of recording */
	DIFF_NORM_PER_CALLS,  /* NEW scaled so that one syscall's calls match */
};

/* Factors the counts of each side are multiplied by. */
struct diff_scale {
	double base, new;
};

/*
 * The factors for a normalisation: RAW gives 1/runs on each side;
 * PER_SECOND 1e9 / (summed duration in ns) on each side; PER_CALLS 1/runs
 * on BASE, and on NEW the factor that makes per_name's calls equal
 * BASE's per run.  0, -EINVAL (a side without runs, or PER_SECOND with a
 * duration of 0) or -ENOENT (PER_CALLS: per_name has no calls on a side).
 */
int diff_scale_compute(enum diff_norm norm, const struct diff_side *base,
		       const struct diff_side *new, const char *per_name, struct diff_scale *out);

/* ---- the comparison ---- */

enum diff_metric {
	DIFF_CALLS = 0,
	DIFF_ERRORS,
	DIFF_TOTAL, /* total time, ns */
	DIFF_AVG,   /* latencies, ns */
	DIFF_P50,
	DIFF_P90,
	DIFF_P99,
	DIFF_MAX,
	DIFF_NMETRICS,
};

/* "calls", "errors", "total", "avg", "p50", "p90", "p99", "max". */
const char *diff_metric_name(enum diff_metric m);
/* The metric named by s[0..len) (also "total_time" and "time"), or -1. */
int diff_metric_parse(const char *s, size_t len);
/* Whether a metric is a latency of the histograms (avg..max). */
static inline bool diff_metric_is_latency(enum diff_metric m)
{
	return m >= DIFF_AVG;
}
/* Whether a metric is a duration (total time and latencies). */
static inline bool diff_metric_is_time(enum diff_metric m)
{
	return m >= DIFF_TOTAL;
}

struct diff_val {
	double base, new;
};

/* A value as people read it: a count as an integer (with one decimal
 * when scaling made it a fraction), a duration like "12.5ms".  Returns
 * the length, like snprintf. */
int diff_value_text(char *buf, size_t len, enum diff_metric m, double v);
/* A change the same way, always signed: "+100", "-2.5", "+1.2ms", "0". */
int diff_change_text(char *buf, size_t len, enum diff_metric m, double change);
/* The relative change: "+10.0%", "-3.2%", "0.0%"; "new" from 0 to more,
 * "0.0%" from 0 to 0. */
int diff_pct_text(char *buf, size_t len, const struct diff_val *v);

/* new - base */
static inline double diff_val_change(const struct diff_val *v)
{
	return v->new - v->base;
}
/* The relative change in percent into *pct; false (and *pct 0) when base
 * is 0, where no percentage exists. */
bool diff_val_pct(const struct diff_val *v, double *pct);

enum diff_status {
	DIFF_SAME = 0,  /* calls, errors and total time all equal */
	DIFF_CHANGED,
	DIFF_APPEARED,  /* no calls on BASE */
	DIFF_VANISHED,  /* no calls on NEW */
};

/* "same", "changed", "appeared", "vanished" */
const char *diff_status_name(enum diff_status s);

struct diff_errno {
	int32_t err;       /* positive errno */
	struct diff_val n; /* scaled counts */
};

struct diff_row {
	const char *name;        /* syscall; NULL for a total */
	enum diff_status status;
	struct agg_sys base, new; /* pooled runs, unscaled */
	struct diff_val v[DIFF_NMETRICS];
	/* the rank test: done when both sides have min_test_calls timed calls */
	bool tested, significant;
	struct ranktest rank;
	struct diff_errno *errnos; /* every errno of either side, by err */
	size_t nerrnos;
	/* counters (record --counters) in struct diff's cnt_names order,
	 * scaled like calls (0 on a side without the counter); cnt_scaled
	 * bit k: some value of counter k was scaled (multiplexed) */
	struct diff_val cnt[AGG_COUNTERS];
	uint32_t cnt_scaled;
	/* record --off-cpu: on-CPU, blocked and runnable time (ns), scaled
	 * like total time (DIFF_SPLIT_*); 0 without them */
	struct diff_val split[3];
};

/* struct diff_row.split */
enum diff_split { DIFF_SPLIT_ONCPU, DIFF_SPLIT_BLOCKED, DIFF_SPLIT_RUNNABLE };
/* "oncpu", "blocked", "runnable" */
const char *diff_split_name(enum diff_split s);
/* The split named by s[0..len), or -1. */
int diff_split_parse(const char *s, size_t len);

/* Whether an errno of a row is new: seen on NEW, never on BASE. */
static inline bool diff_errno_is_new(const struct diff_errno *e)
{
	return e->n.base == 0 && e->n.new > 0;
}

struct diff_group {
	const char *label;       /* NULL for the whole recording */
	const char *detail;      /* from either side; may be NULL */
	enum diff_status status; /* APPEARED, VANISHED, else by its total */
	struct diff_row total;   /* every syscall summed (never tested) */
	struct diff_row *rows;   /* sorted */
	size_t nrows;
};

struct diff_opts {
	struct diff_scale scale;
	enum agg_sort sort;      /* 0: AGG_SORT_TIME */
	uint64_t min_test_calls; /* timed calls each side needs for the test */
	double alpha;            /* p below this is significant */
};

#define DIFF_MIN_TEST_CALLS 20
#define DIFF_ALPHA 0.01

struct diff {
	struct diff_opts opts;
	/* the counters of either side, BASE's first (borrowed from them) */
	const char *cnt_names[AGG_COUNTERS];
	size_t ncnt;
	bool offcpu;              /* both sides have off-CPU times: rows' split */
	struct diff_group all;    /* every group merged */
	struct diff_group *groups; /* matched by label, sorted; none if ungrouped */
	size_t ngroups;
};

/* Compare two sides.  Groups are built when the sides have labels.  The
 * diff borrows names and labels from the sides: release it first.
 * 0 or -ENOMEM (then d is released). */
int diff_build(struct diff *d, const struct diff_side *base, const struct diff_side *new,
	       const struct diff_opts *o);
void diff_release(struct diff *d);
/* The index of counter name in d->cnt_names, or -1. */
int diff_counter_index(const struct diff *d, const char *name);
/* The row of syscall name in a group, or NULL. */
const struct diff_row *diff_find(const struct diff_group *g, const char *name);

/* The order rows are sorted in: by the size (absolute value) of the
 * change of total time, calls, errors, avg or max (largest first), or by
 * name; ties by name.  <0 if a comes first. */
int diff_row_cmp(const struct diff_row *a, const struct diff_row *b, enum agg_sort key);

#endif
