/*
 * ranktest.h - is a latency change larger than noise?  The Mann-Whitney U
 * test (Wilcoxon rank-sum) on latency histograms.
 *
 * The test asks whether a call drawn from NEW tends to take longer (or
 * shorter) than one drawn from BASE, without assuming any shape of the
 * distributions.  It works on the histograms' buckets: values in one
 * bucket (within 0.4% of each other, see hist.h) count as ties and share
 * their mean rank.  The p-value uses the normal approximation with the tie
 * correction of the variance and a continuity correction of 1/2, which is
 * accurate when both sides have at least ~20 values; with one run per side
 * it is the textbook test (scipy's mannwhitneyu(..., method="asymptotic")
 * gives the same p).
 *
 * Run-to-run noise.  Calls of one run are not independent of each other:
 * two runs of the same program differ by more than their calls' spread
 * predicts (CPU placement, frequency, cache state), and with thousands of
 * calls the plain test calls every such difference significant.  So when
 * a side has several runs (recordings), the test also estimates the
 * variance of the effect from how much the runs differ, treating each run
 * as a cluster of calls (Obuchowski's clustered estimator of the variance
 * of U / (n1 n2), from the calls' placement values), and uses the larger
 * of the two variances; a variance from a few runs is itself uncertain, so
 * z is then referred to Student's t with Welch-Satterthwaite degrees of
 * freedom (runs - 1 per side).  A side with a single run is assumed to
 * vary from run to run as much as the other side's runs do; with one run
 * on each side run-to-run noise cannot be seen, and the test is the plain
 * one.
 *
 * Pure: no I/O; allocates the runs' bucket lists (-ENOMEM).
 */
#ifndef SCPROF_RANKTEST_H
#define SCPROF_RANKTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/hist.h"

struct ranktest {
	uint64_t n_base, n_new;    /* values on each side */
	size_t runs_base, runs_new; /* runs with at least one value */
	/* U of NEW: the pairs (base x, new y) with y > x, plus half of the
	 * pairs in the same bucket. */
	double u;
	/* u / (n_base n_new): the chance that a NEW call is slower than a
	 * BASE call (ties half); 0.5 means no shift. */
	double prob_slower;
	double z;        /* standardized U; > 0: NEW is slower */
	double p;        /* two-sided p-value; 1 when every value is tied */
	bool run_noise;  /* the run-to-run variance was the larger one */
	double df;       /* its degrees of freedom (then p is Student's t);
			    INFINITY otherwise (p is the normal's) */
};

/* Test two histograms (one run each).  0, -EINVAL if either is empty,
 * or -ENOMEM. */
int ranktest_hist(const struct hist *base, const struct hist *new, struct ranktest *out);

/*
 * Test the pooled runs of each side: base[0..nbase) and new[0..nnew), one
 * histogram per run (empty ones allowed).  0, -EINVAL if a side has no
 * values, or -ENOMEM.
 */
int ranktest_runs(const struct hist *const *base, size_t nbase, const struct hist *const *new,
		  size_t nnew, struct ranktest *out);

/* Two-sided tail of the standard normal distribution: P(|Z| >= |z|). */
double ranktest_normal_p(double z);
/* Two-sided tail of Student's t with df degrees of freedom (df > 0, or
 * INFINITY for the normal): P(|T| >= |t|). */
double ranktest_t_p(double t, double df);

#endif
