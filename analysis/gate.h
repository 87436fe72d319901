/*
 * gate.h - `scprof diff --fail-if EXPR`: rules a CI job gates on.
 *
 * An expression is METRIC[(SYSCALL)] OP THRESHOLD:
 * - METRIC: calls, errors, total (also total_time, time), avg, p50, p90,
 *   p99 or max; oncpu, blocked or runnable, the total time split by
 *   where it went (record --off-cpu: "blocked(read) > +20%"); or a
 *   counter the recordings hold (record --counters:
 *   "page-faults(read) > +10%", a count like calls); without (SYSCALL) it
 *   is the total over every syscall (the latencies then of every timed
 *   call);
 * - OP: >, >=, <, <=, == (or =), !=;
 * - THRESHOLD: a plain number is a value of NEW ("calls(getppid) >
 *   20000"); a signed number is a change from BASE to NEW ("errors(openat)
 *   >= +5"); a number with % (signed or not) is a relative change
 *   ("p99(read) > +20%").  Durations (total time and latencies) take a
 *   unit, ns, us, ms or s (ns if none): "p99(read) > +2ms".
 * Spaces are allowed between the parts.
 *
 * A rule compares the values diff.h computes (scaled as the diff was
 * normalised).  A relative change from 0 is +infinity when NEW is above 0
 * (it trips > and >=) and 0 when both are 0.  A rule on a latency with a
 * change or relative threshold does not trip when the rank test was done
 * and says the change is not significant: CI gates must not flap on noise
 * (the verdict says so, with its p-value).  Absolute thresholds always
 * apply.
 *
 * Pure: no I/O.
 */
#ifndef SCPROF_GATE_H
#define SCPROF_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/diff.h"

enum gate_op { GATE_GT, GATE_GE, GATE_LT, GATE_LE, GATE_EQ, GATE_NE };

enum gate_kind {
	GATE_VALUE,   /* the value of NEW */
	GATE_CHANGE,  /* NEW - BASE */
	GATE_PERCENT, /* (NEW - BASE) / BASE in percent */
};

struct gate_rule {
	char *text;                /* the expression as given */
	enum diff_metric metric;   /* DIFF_CALLS for a counter */
	char *counter;             /* a counter's name instead of a metric, or NULL */
	int split;                 /* 1 + enum diff_split instead of a metric (then
				      metric is DIFF_TOTAL), 0: none */
	int counter_index;         /* its index in struct diff (gate_bind), -1: none */
	char *syscall;             /* NULL: every syscall */
	size_t syscall_col;        /* where the syscall's name starts in text */
	enum gate_op op;
	enum gate_kind kind;
	double threshold;          /* ns for durations, percent for GATE_PERCENT */
};

/* Why an expression is wrong: a message and the 0-based column of the
 * offending character (the length of the text if something is missing at
 * its end). */
struct gate_error {
	size_t column;
	char msg[160];
};

/* Parse expr into r (release it with gate_rule_release).  0, -EINVAL
 * (with *err filled) or -ENOMEM. */
int gate_parse(const char *expr, struct gate_rule *r, struct gate_error *err);
void gate_rule_release(struct gate_rule *r);

/* Find the rule's counter in d: 0, or -ENOENT if no side has it. */
int gate_bind(struct gate_rule *r, const struct diff *d);

struct gate_verdict {
	bool tripped;
	/* the change passed the threshold but the rank test found it within
	 * noise (p >= alpha), so the rule did not trip */
	bool noise;
	struct diff_val v;    /* BASE and NEW */
	double measured;      /* what was compared: NEW, the change or percent */
	bool tested;          /* the rank test was done (latency metrics) */
	double p;             /* its p-value */
};

/*
 * Evaluate a rule on the row of its syscall (or the total row when the
 * rule names none); row NULL means the syscall was not seen on either
 * side (every value 0).
 */
void gate_eval(const struct gate_rule *r, const struct diff_row *row, struct gate_verdict *out);

/* "openat calls 1000 -> 1100 (+10.0%)", "read p99 1.2us -> 1.6us
 * (+33.3%, p=0.0001)": what a verdict saw, without a trailing newline.
 * Returns the length, like snprintf. */
int gate_describe(char *buf, size_t len, const struct gate_rule *r, const struct gate_verdict *v);

/* ">", ">=", ... */
const char *gate_op_text(enum gate_op op);

#endif
