/*
 * check_diff.c - `scprof diff`'s computations: the Mann-Whitney rank test
 * on histograms (against values computed by hand and by the textbook
 * rank formula), its run-to-run noise, the normalisations, and the rows,
 * groups, statuses, errnos and order of a diff.
 *
 * Expected p-values come from the textbook formula on plain ranks
 * (average ranks for ties, tie-corrected variance, continuity correction
 * 1/2), the same as scipy.stats.mannwhitneyu(method="asymptotic"); those
 * with run-to-run noise from the same estimator written out on plain
 * values, with Student's t tails in closed form (1, 2 and 4 degrees of
 * freedom) or by numerical integration of the density.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/diff.h"
#include "analysis/ranktest.h"

#define TOL 1e-9

static void hist_of(struct hist *h, const uint64_t *v, size_t n, size_t repeat)
{
	hist_init(h);
	for (size_t r = 0; r < repeat; r++)
		for (size_t i = 0; i < n; i++)
			ck_assert_int_eq(hist_add(h, v[i]), 0);
}

/* [lo, hi) each value once, repeat times */
static void hist_range(struct hist *h, uint64_t lo, uint64_t hi, size_t repeat)
{
	hist_init(h);
	for (size_t r = 0; r < repeat; r++)
		for (uint64_t v = lo; v < hi; v++)
			ck_assert_int_eq(hist_add(h, v), 0);
}

/* ---- the rank test ---- */

START_TEST(test_rank_disjoint)
{
	/* By hand: every NEW value beats every BASE value, U = 3 * 3 = 9;
	 * mean 4.5, var = 3 * 3 / 12 * 7 = 5.25, z = (9 - 4.5 - 0.5) /
	 * sqrt(5.25) = 1.745743..., p = erfc(z / sqrt 2) = 0.080856. */
	static const uint64_t a[] = {1, 2, 3}, b[] = {4, 5, 6};
	struct hist ha, hb;
	struct ranktest rt;
	hist_of(&ha, a, 3, 1);
	hist_of(&hb, b, 3, 1);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_uint_eq(rt.n_base, 3);
	ck_assert_uint_eq(rt.n_new, 3);
	ck_assert_double_eq_tol(rt.u, 9, TOL);
	ck_assert_double_eq_tol(rt.prob_slower, 1, TOL);
	ck_assert_double_eq_tol(rt.z, 4 / sqrt(5.25), TOL);
	ck_assert_double_eq_tol(rt.z, 1.7457431218879391, TOL);
	ck_assert_double_eq_tol(rt.p, 0.0808555983700523, TOL);
	ck_assert(!rt.run_noise);
	ck_assert(isinf(rt.df));
	hist_release(&ha);
	hist_release(&hb);
}
END_TEST

START_TEST(test_rank_ties)
{
	/* By hand: pairs (x, y) with y > x plus half the ties: x = 1: 5;
	 * x = 2 (twice): 0.5 + 4 each; x = 3: 1 + 2; U = 17.  Tie groups
	 * 2 (3 values) and 3 (3 values): sum t^3 - t = 48; var = 4 * 5 / 12
	 * * (10 - 48 / 72) = 15.5556; z = (17 - 10 - 0.5) / sqrt(var). */
	static const uint64_t a[] = {1, 2, 2, 3}, b[] = {2, 3, 3, 4, 5};
	struct hist ha, hb;
	struct ranktest rt;
	hist_of(&ha, a, 4, 1);
	hist_of(&hb, b, 5, 1);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_double_eq_tol(rt.u, 17, TOL);
	ck_assert_double_eq_tol(rt.prob_slower, 17.0 / 20, TOL);
	ck_assert_double_eq_tol(rt.z, 6.5 / sqrt(20.0 / 12 * (10 - 48.0 / 72)), TOL);
	ck_assert_double_eq_tol(rt.z, 1.6480507967206073, TOL);
	ck_assert_double_eq_tol(rt.p, 0.09934224785346527, TOL);
	hist_release(&ha);
	hist_release(&hb);
}
END_TEST

START_TEST(test_rank_larger)
{
	static const uint64_t a[] = {5, 7, 7, 9, 12, 12, 12, 15, 20, 22};
	static const uint64_t b[] = {6, 7, 9, 12, 13, 15, 15, 18, 25, 30, 31};
	struct hist ha, hb;
	struct ranktest rt, back;
	hist_of(&ha, a, 10, 3);
	hist_of(&hb, b, 11, 2);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_uint_eq(rt.n_base, 30);
	ck_assert_uint_eq(rt.n_new, 22);
	ck_assert_double_eq_tol(rt.u, 432, TOL);
	ck_assert_double_eq_tol(rt.z, 1.8961283069907076, TOL);
	ck_assert_double_eq_tol(rt.p, 0.05794308033407903, TOL);
	/* the other way round: U' = n1 n2 - U, z' = -z, the same p */
	ck_assert_int_eq(ranktest_hist(&hb, &ha, &back), 0);
	ck_assert_double_eq_tol(back.u, 30 * 22 - 432, TOL);
	ck_assert_double_eq_tol(back.z, -rt.z, TOL);
	ck_assert_double_eq_tol(back.p, rt.p, TOL);
	hist_release(&ha);
	/* 90 values: past what a histogram keeps as values, so in buckets,
	 * against 22 kept values */
	hist_of(&ha, a, 10, 9);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_uint_eq(rt.n_base, 90);
	ck_assert_double_eq_tol(rt.u, 1296, TOL);
	ck_assert_double_eq_tol(rt.z, 2.2682507916061736, TOL);
	ck_assert_double_eq_tol(rt.p, 0.023313925304138294, TOL);
	hist_release(&ha);
	hist_release(&hb);
}
END_TEST

START_TEST(test_rank_no_shift)
{
	struct hist ha, hb;
	struct ranktest rt;
	/* every value tied: no variance, no evidence */
	hist_range(&ha, 50, 51, 40);
	hist_range(&hb, 50, 51, 25);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_double_eq_tol(rt.z, 0, TOL);
	ck_assert_double_eq_tol(rt.p, 1, TOL);
	ck_assert_double_eq_tol(rt.prob_slower, 0.5, TOL);
	hist_release(&ha);
	hist_release(&hb);
	/* the same distribution: U is exactly its mean */
	hist_range(&ha, 10, 60, 3);
	hist_range(&hb, 10, 60, 5);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_double_eq_tol(rt.u, 150.0 * 250 / 2, TOL);
	ck_assert_double_eq_tol(rt.p, 1, TOL);
	hist_release(&ha);
	hist_release(&hb);
	/* 1000 ns and 1001 ns share a bucket ([1000, 1004)): ties */
	hist_range(&ha, 1000, 1001, 30);
	hist_range(&hb, 1001, 1002, 30);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_double_eq_tol(rt.p, 1, TOL);
	hist_release(&ha);
	hist_release(&hb);
	/* 1000 ns and 1100 ns do not */
	hist_range(&ha, 1000, 1001, 30);
	hist_range(&hb, 1100, 1101, 30);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), 0);
	ck_assert_double_eq_tol(rt.prob_slower, 1, TOL);
	ck_assert(rt.p < 1e-10);
	hist_release(&ha);
	hist_release(&hb);
}
END_TEST

START_TEST(test_rank_empty)
{
	struct hist ha, hb;
	struct ranktest rt;
	hist_init(&ha);
	hist_range(&hb, 1, 30, 1);
	ck_assert_int_eq(ranktest_hist(&ha, &hb, &rt), -EINVAL);
	ck_assert_int_eq(ranktest_hist(&hb, &ha, &rt), -EINVAL);
	hist_release(&hb);
}
END_TEST

START_TEST(test_rank_run_noise)
{
	/* Two runs a side.  The runs of a side differ a lot (10..19 and
	 * 30..39); NEW's are each 2 ns slower than BASE's.  Pooled as if
	 * every call were independent, the shift looks significant; measured
	 * against how much runs differ, it is not. */
	struct hist b1, b2, n1, n2, bpool, npool;
	struct ranktest rt;
	hist_range(&b1, 10, 20, 20);
	hist_range(&b2, 30, 40, 20);
	hist_range(&n1, 12, 22, 20);
	hist_range(&n2, 32, 42, 20);
	hist_init(&bpool);
	hist_init(&npool);
	ck_assert_int_eq(hist_merge(&bpool, &b1), 0);
	ck_assert_int_eq(hist_merge(&bpool, &b2), 0);
	ck_assert_int_eq(hist_merge(&npool, &n1), 0);
	ck_assert_int_eq(hist_merge(&npool, &n2), 0);

	ck_assert_int_eq(ranktest_hist(&bpool, &npool, &rt), 0);
	ck_assert_double_eq_tol(rt.u, 94400, TOL);
	ck_assert_double_eq_tol(rt.z, 4.410861034187872, TOL);
	ck_assert_double_eq_tol(rt.p, 1.0296038210936528e-05, 1e-15);

	const struct hist *b[] = {&b1, &b2}, *n[] = {&n1, &n2};
	ck_assert_int_eq(ranktest_runs(b, 2, n, 2, &rt), 0);
	ck_assert_uint_eq(rt.runs_base, 2);
	ck_assert_uint_eq(rt.runs_new, 2);
	ck_assert_double_eq_tol(rt.u, 94400, TOL);
	ck_assert_double_eq_tol(rt.prob_slower, 0.59, TOL);
	ck_assert(rt.run_noise);
	ck_assert_double_eq_tol(rt.z, 0.25454960239239227, 1e-9);
	/* two runs a side: Student's t with 1 + 1 degrees of freedom */
	ck_assert_double_eq_tol(rt.df, 2, 1e-9);
	ck_assert_double_eq_tol(rt.p, 0.8228529597977694, 1e-7);

	/* one BASE run (both pooled): it borrows NEW's run-to-run noise */
	const struct hist *one[] = {&bpool};
	ck_assert_int_eq(ranktest_runs(one, 1, n, 2, &rt), 0);
	ck_assert(rt.run_noise);
	ck_assert_double_eq_tol(rt.z, 0.20783888002990042, 1e-9);
	ck_assert_double_eq_tol(rt.df, 1.8, 1e-9);
	ck_assert_double_eq_tol(rt.p, 0.8564630538112787, 1e-7);

	/* three runs a side */
	struct hist b3rd, n3rd;
	hist_range(&b3rd, 20, 30, 20);
	hist_range(&n3rd, 21, 31, 20);
	const struct hist *bb[] = {&b1, &b2, &b3rd}, *nn[] = {&n1, &n2, &n3rd};
	ck_assert_int_eq(ranktest_runs(bb, 3, nn, 3, &rt), 0);
	ck_assert_double_eq_tol(rt.prob_slower, 0.5533333333333333, TOL);
	ck_assert_double_eq_tol(rt.z, 0.19697483487276823, 1e-9);
	ck_assert_double_eq_tol(rt.df, 3.999807677721409, 1e-9);
	ck_assert_double_eq_tol(rt.p, 0.8534514079478043, 1e-7);
	hist_release(&b3rd);
	hist_release(&n3rd);

	/* an empty run counts for nothing */
	struct hist empty;
	hist_init(&empty);
	const struct hist *b3[] = {&b1, &empty, &b2};
	ck_assert_int_eq(ranktest_runs(b3, 3, n, 2, &rt), 0);
	ck_assert_uint_eq(rt.runs_base, 2);
	ck_assert_double_eq_tol(rt.p, 0.8228529597977694, 1e-7);

	hist_release(&b1);
	hist_release(&b2);
	hist_release(&n1);
	hist_release(&n2);
	hist_release(&bpool);
	hist_release(&npool);
}
END_TEST

START_TEST(test_t_tail)
{
	/* closed forms: df 1 (Cauchy) 1 - 2/pi atan t, df 2 1 - t/sqrt(2+t^2) */
	ck_assert_double_eq_tol(ranktest_t_p(2, 1), 1 - 2 / M_PI * atan(2), 1e-12);
	ck_assert_double_eq_tol(ranktest_t_p(-2, 1), 0.2951672353008665, 1e-12);
	ck_assert_double_eq_tol(ranktest_t_p(2, 2), 1 - 2 / sqrt(6), 1e-12);
	/* df 4: 1 - t (6 + t^2) / (4 + t^2)^1.5 */
	ck_assert_double_eq_tol(ranktest_t_p(2.5, 4), 1 - 2.5 * (6 + 6.25) / pow(10.25, 1.5), 1e-12);
	/* by numerical integration of the density (accurate to ~1e-7) */
	ck_assert_double_eq_tol(ranktest_t_p(1.3, 3.7), 0.2686667241726359, 1e-7);
	ck_assert_double_eq_tol(ranktest_t_p(0, 3), 1, 1e-12);
	ck_assert_double_eq_tol(ranktest_t_p(1.96, INFINITY), ranktest_normal_p(1.96), 1e-15);
	ck_assert_double_eq_tol(ranktest_normal_p(1.96), 0.04999579029644087, 1e-12);
	/* many degrees of freedom approach the normal */
	ck_assert_double_eq_tol(ranktest_t_p(1.96, 1e6), ranktest_normal_p(1.96), 1e-6);
}
END_TEST

START_TEST(test_rank_run_shift)
{
	/* NEW's runs 25 ns slower than BASE's: beyond run-to-run noise */
	struct hist b1, b2, n1, n2;
	struct ranktest rt;
	hist_range(&b1, 10, 20, 20);
	hist_range(&b2, 30, 40, 20);
	hist_range(&n1, 35, 45, 20);
	hist_range(&n2, 55, 65, 20);
	const struct hist *b[] = {&b1, &b2}, *n[] = {&n1, &n2};
	ck_assert_int_eq(ranktest_runs(b, 2, n, 2, &rt), 0);
	ck_assert_double_eq_tol(rt.prob_slower, 0.96875, TOL);
	ck_assert_double_eq_tol(rt.z, 10.606531007120093, 1e-8);
	/* two runs a side are few: t with 2 degrees of freedom, whose tail
	 * has the closed form 1 - z / sqrt(2 + z^2) */
	ck_assert_double_eq_tol(rt.df, 2, 1e-9);
	ck_assert_double_eq_tol(rt.p, 1 - rt.z / sqrt(2 + rt.z * rt.z), 1e-12);
	ck_assert(rt.p < 0.01);
	hist_release(&b1);
	hist_release(&b2);
	hist_release(&n1);
	hist_release(&n2);
}
END_TEST

/* ---- sides ---- */

static const char *name_of(void *ctx, int32_t nr)
{
	(void)nr;
	return ctx;
}

/* n calls of name in group label of the side's current run, each taking
 * dur ns and returning ret. */
static void add_calls(struct diff_side *s, const char *label, const char *name, uint64_t n,
		      uint64_t dur, int64_t ret)
{
	struct agg *a;
	ck_assert_int_eq(agg_new(name_of, (void *)name, &a), 0);
	struct agg_group *g = agg_group(a, 0);
	ck_assert_ptr_nonnull(g);
	for (uint64_t i = 0; i < n; i++) {
		struct scf_call c = {.nr = 7, .ret = ret, .duration = dur, .pid = 1, .tid = 1};
		ck_assert_int_eq(agg_add(g, &c), 0);
	}
	ck_assert_int_eq(diff_side_add(s, label, NULL, name, g->sys[0]), 0);
	agg_free(a);
}

START_TEST(test_scale_raw)
{
	struct diff_side b, n;
	struct diff_scale sc;
	diff_side_init(&b);
	diff_side_init(&n);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_RAW, &b, &n, NULL, &sc), -EINVAL);
	ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
	ck_assert_int_eq(diff_side_begin_run(&n, 1000), 0);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_RAW, &b, &n, NULL, &sc), 0);
	ck_assert_double_eq(sc.base, 1);
	ck_assert_double_eq(sc.new, 1);
	/* three runs against two: means per run */
	ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
	ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
	ck_assert_int_eq(diff_side_begin_run(&n, 1000), 0);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_RAW, &b, &n, NULL, &sc), 0);
	ck_assert_double_eq_tol(sc.base, 1.0 / 3, TOL);
	ck_assert_double_eq_tol(sc.new, 0.5, TOL);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

START_TEST(test_scale_per_second)
{
	struct diff_side b, n;
	struct diff_scale sc;
	diff_side_init(&b);
	diff_side_init(&n);
	ck_assert_int_eq(diff_side_begin_run(&b, 2000000000), 0);
	ck_assert_int_eq(diff_side_begin_run(&n, 1000000000), 0);
	ck_assert_int_eq(diff_side_begin_run(&n, 3000000000), 0);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_PER_SECOND, &b, &n, NULL, &sc), 0);
	ck_assert_double_eq_tol(sc.base, 0.5, TOL);
	ck_assert_double_eq_tol(sc.new, 0.25, TOL);
	diff_side_release(&b);
	/* a recording without duration cannot be scaled per second */
	ck_assert_int_eq(diff_side_begin_run(&b, 0), 0);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_PER_SECOND, &b, &n, NULL, &sc), -EINVAL);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

START_TEST(test_scale_per_calls)
{
	struct diff_side b, n;
	struct diff_scale sc;
	struct diff d;
	diff_side_init(&b);
	diff_side_init(&n);
	/* BASE: two runs of 100 writes and 30 reads; NEW: one run of 50
	 * writes (in two groups) and 45 reads */
	for (int r = 0; r < 2; r++) {
		ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
		add_calls(&b, NULL, "write", 100, 10, 1);
		add_calls(&b, NULL, "read", 30, 10, 1);
	}
	ck_assert_int_eq(diff_side_begin_run(&n, 1000), 0);
	add_calls(&n, "x", "write", 20, 10, 1);
	add_calls(&n, "y", "write", 30, 10, 1);
	add_calls(&n, "y", "read", 45, 10, 1);
	ck_assert_uint_eq(diff_side_calls(&b, "write"), 200);
	ck_assert_uint_eq(diff_side_calls(&n, "write"), 50);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_PER_CALLS, &b, &n, "write", &sc), 0);
	ck_assert_double_eq_tol(sc.base, 0.5, TOL);
	ck_assert_double_eq_tol(sc.new, 2, TOL);
	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_PER_CALLS, &b, &n, "open", &sc), -ENOENT);

	ck_assert_int_eq(diff_scale_compute(DIFF_NORM_PER_CALLS, &b, &n, "write", &sc), 0);
	struct diff_opts o = {.scale = sc, .min_test_calls = 20, .alpha = 0.01};
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	const struct diff_row *w = diff_find(&d.all, "write"), *r = diff_find(&d.all, "read");
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(r);
	ck_assert_double_eq_tol(w->v[DIFF_CALLS].base, 100, TOL);
	ck_assert_double_eq_tol(w->v[DIFF_CALLS].new, 100, TOL);
	ck_assert_double_eq_tol(r->v[DIFF_CALLS].base, 30, TOL);
	ck_assert_double_eq_tol(r->v[DIFF_CALLS].new, 90, TOL);
	ck_assert_double_eq_tol(r->v[DIFF_TOTAL].new, 900, TOL);
	/* latencies are never scaled */
	ck_assert_double_eq_tol(r->v[DIFF_AVG].new, 10, TOL);
	/* raw pooled counts stay unscaled */
	ck_assert_uint_eq(r->base.calls, 60);
	ck_assert_uint_eq(r->new.calls, 45);
	diff_release(&d);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

/* ---- the comparison ---- */

static void build_simple(struct diff_side *b, struct diff_side *n)
{
	diff_side_init(b);
	diff_side_init(n);
	ck_assert_int_eq(diff_side_begin_run(b, 1000000), 0);
	ck_assert_int_eq(diff_side_begin_run(n, 1000000), 0);
	/* read: 10 -> 20 calls of 100 ns: total 1000 -> 2000 */
	add_calls(b, NULL, "read", 10, 100, 8);
	add_calls(n, NULL, "read", 20, 100, 8);
	/* openat: 3 ENOENT + 2 good -> 3 ENOENT + 2 EACCES: new errno */
	add_calls(b, NULL, "openat", 3, 50, -2);
	add_calls(b, NULL, "openat", 2, 50, 3);
	add_calls(n, NULL, "openat", 3, 50, -2);
	add_calls(n, NULL, "openat", 2, 50, -13);
	/* close vanishes (total 2 x 200 = 400), mmap appears (1 x 5000) */
	add_calls(b, NULL, "close", 2, 200, 0);
	add_calls(n, NULL, "mmap", 1, 5000, 0);
	/* getpid stays the same */
	add_calls(b, NULL, "getpid", 4, 30, 1);
	add_calls(n, NULL, "getpid", 4, 30, 1);
}

START_TEST(test_rows)
{
	struct diff_side b, n;
	struct diff d;
	build_simple(&b, &n);
	struct diff_opts o = {.scale = {1, 1}, .min_test_calls = 20, .alpha = 0.01};
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	ck_assert_uint_eq(d.ngroups, 0);
	ck_assert_uint_eq(d.all.nrows, 5);
	/* by the size of the change of total time */
	ck_assert_str_eq(d.all.rows[0].name, "mmap");   /* +5000 */
	ck_assert_str_eq(d.all.rows[1].name, "read");   /* +1000 */
	ck_assert_str_eq(d.all.rows[2].name, "close");  /* -400 */
	ck_assert_str_eq(d.all.rows[3].name, "getpid"); /* 0, calls 0 */
	ck_assert_str_eq(d.all.rows[4].name, "openat"); /* 0, calls 0: by name */

	const struct diff_row *r = diff_find(&d.all, "read");
	ck_assert_int_eq(r->status, DIFF_CHANGED);
	ck_assert_double_eq(r->v[DIFF_CALLS].base, 10);
	ck_assert_double_eq(r->v[DIFF_CALLS].new, 20);
	ck_assert_double_eq(r->v[DIFF_TOTAL].base, 1000);
	ck_assert_double_eq(r->v[DIFF_TOTAL].new, 2000);
	ck_assert_double_eq(r->v[DIFF_P50].new, 100);
	ck_assert_double_eq(r->v[DIFF_MAX].new, 100);
	/* 10 timed calls on BASE: below min_test_calls */
	ck_assert(!r->tested);

	ck_assert_int_eq(diff_find(&d.all, "mmap")->status, DIFF_APPEARED);
	ck_assert_int_eq(diff_find(&d.all, "close")->status, DIFF_VANISHED);
	ck_assert_int_eq(diff_find(&d.all, "getpid")->status, DIFF_SAME);
	ck_assert_ptr_null(diff_find(&d.all, "write"));

	r = diff_find(&d.all, "openat");
	ck_assert_int_eq(r->status, DIFF_CHANGED);
	ck_assert_double_eq(r->v[DIFF_ERRORS].base, 3);
	ck_assert_double_eq(r->v[DIFF_ERRORS].new, 5);
	ck_assert_uint_eq(r->nerrnos, 2);
	ck_assert_int_eq(r->errnos[0].err, 2); /* ENOENT, by number */
	ck_assert_double_eq(r->errnos[0].n.base, 3);
	ck_assert_double_eq(r->errnos[0].n.new, 3);
	ck_assert(!diff_errno_is_new(&r->errnos[0]));
	ck_assert_int_eq(r->errnos[1].err, 13); /* EACCES: new */
	ck_assert_double_eq(r->errnos[1].n.base, 0);
	ck_assert_double_eq(r->errnos[1].n.new, 2);
	ck_assert(diff_errno_is_new(&r->errnos[1]));

	/* the total */
	const struct diff_row *t = &d.all.total;
	ck_assert_ptr_null(t->name);
	ck_assert_double_eq(t->v[DIFF_CALLS].base, 10 + 5 + 2 + 4);
	ck_assert_double_eq(t->v[DIFF_CALLS].new, 20 + 5 + 1 + 4);
	ck_assert_double_eq(t->v[DIFF_ERRORS].base, 3);
	ck_assert_double_eq(t->v[DIFF_ERRORS].new, 5);
	ck_assert_double_eq(t->v[DIFF_TOTAL].base, 1000 + 250 + 400 + 120);
	ck_assert_double_eq(t->v[DIFF_TOTAL].new, 2000 + 250 + 5000 + 120);
	ck_assert(!t->tested);
	diff_release(&d);

	/* other orders */
	o.sort = AGG_SORT_CALLS;
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	ck_assert_str_eq(d.all.rows[0].name, "read");  /* +10 */
	ck_assert_str_eq(d.all.rows[1].name, "close"); /* -2 */
	ck_assert_str_eq(d.all.rows[2].name, "mmap");  /* +1 */
	diff_release(&d);
	o.sort = AGG_SORT_ERRORS;
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	ck_assert_str_eq(d.all.rows[0].name, "openat");
	diff_release(&d);
	o.sort = AGG_SORT_NAME;
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	ck_assert_str_eq(d.all.rows[0].name, "close");
	ck_assert_str_eq(d.all.rows[4].name, "read");
	diff_release(&d);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

START_TEST(test_groups)
{
	struct diff_side b, n;
	struct diff d;
	diff_side_init(&b);
	diff_side_init(&n);
	ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
	ck_assert_int_eq(diff_side_begin_run(&n, 1000), 0);
	add_calls(&b, "worker", "read", 10, 100, 1);
	add_calls(&b, "gone", "write", 5, 100, 1);
	add_calls(&n, "worker", "read", 30, 100, 1);
	add_calls(&n, "fresh", "read", 1, 100, 1);
	/* the same label twice in a run (two processes of one name): merged */
	add_calls(&n, "worker", "read", 2, 100, 1);
	struct diff_opts o = {.scale = {1, 1}, .min_test_calls = 20, .alpha = 0.01};
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	ck_assert_uint_eq(d.ngroups, 3);
	/* worker +2200 ns, gone -500, fresh +100 */
	ck_assert_str_eq(d.groups[0].label, "worker");
	ck_assert_int_eq(d.groups[0].status, DIFF_CHANGED);
	ck_assert_double_eq(diff_find(&d.groups[0], "read")->v[DIFF_CALLS].new, 32);
	ck_assert_str_eq(d.groups[1].label, "gone");
	ck_assert_int_eq(d.groups[1].status, DIFF_VANISHED);
	ck_assert_str_eq(d.groups[2].label, "fresh");
	ck_assert_int_eq(d.groups[2].status, DIFF_APPEARED);
	/* every group merged */
	ck_assert_double_eq(diff_find(&d.all, "read")->v[DIFF_CALLS].base, 10);
	ck_assert_double_eq(diff_find(&d.all, "read")->v[DIFF_CALLS].new, 33);
	ck_assert_int_eq(diff_find(&d.all, "write")->status, DIFF_VANISHED);
	diff_release(&d);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

START_TEST(test_tested)
{
	struct diff_side b, n;
	struct diff d;
	diff_side_init(&b);
	diff_side_init(&n);
	ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
	ck_assert_int_eq(diff_side_begin_run(&n, 1000), 0);
	add_calls(&b, NULL, "read", 20, 100, 1);
	add_calls(&n, NULL, "read", 20, 300, 1);
	add_calls(&b, NULL, "write", 19, 100, 1);
	add_calls(&n, NULL, "write", 40, 300, 1);
	struct diff_opts o = {.scale = {1, 1}, .min_test_calls = 20, .alpha = 0.01};
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	const struct diff_row *r = diff_find(&d.all, "read");
	ck_assert(r->tested);
	ck_assert(r->significant);
	ck_assert_double_eq_tol(r->rank.prob_slower, 1, TOL);
	ck_assert(!diff_find(&d.all, "write")->tested);
	diff_release(&d);
	/* an impossible alpha: nothing is significant */
	o.alpha = 1e-300;
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	ck_assert(diff_find(&d.all, "read")->tested);
	ck_assert(!diff_find(&d.all, "read")->significant);
	diff_release(&d);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

START_TEST(test_pooled_runs)
{
	/* three runs a side, a syscall missing from one run */
	struct diff_side b, n;
	struct diff d;
	diff_side_init(&b);
	diff_side_init(&n);
	for (int r = 0; r < 3; r++) {
		ck_assert_int_eq(diff_side_begin_run(&b, 1000), 0);
		ck_assert_int_eq(diff_side_begin_run(&n, 1000), 0);
		add_calls(&b, NULL, "getppid", 100, 300 + 10 * r, 0);
		add_calls(&n, NULL, "getppid", 100, 300 + 10 * r, 0);
		if (r)
			add_calls(&n, NULL, "openat", 3, 1000, -2);
	}
	struct diff_opts o = {.scale = {1.0 / 3, 1.0 / 3}, .min_test_calls = 20, .alpha = 0.01};
	ck_assert_int_eq(diff_build(&d, &b, &n, &o), 0);
	const struct diff_row *r = diff_find(&d.all, "getppid");
	ck_assert_double_eq_tol(r->v[DIFF_CALLS].base, 100, TOL);
	ck_assert_double_eq_tol(r->v[DIFF_CALLS].new, 100, TOL);
	ck_assert_uint_eq(r->base.calls, 300);
	ck_assert(r->tested);
	ck_assert(!r->significant);
	ck_assert_double_eq_tol(r->rank.p, 1, TOL);
	r = diff_find(&d.all, "openat");
	ck_assert_int_eq(r->status, DIFF_APPEARED);
	ck_assert_double_eq_tol(r->v[DIFF_CALLS].new, 2, TOL);
	ck_assert_double_eq_tol(r->v[DIFF_ERRORS].new, 2, TOL);
	diff_release(&d);
	diff_side_release(&b);
	diff_side_release(&n);
}
END_TEST

START_TEST(test_text)
{
	char buf[64];
	struct diff_val v = {1000, 1100}, zero = {0, 0}, appeared = {0, 5}, gone = {4, 0};
	double pct;
	ck_assert(diff_val_pct(&v, &pct));
	ck_assert_double_eq_tol(pct, 10, TOL);
	ck_assert(!diff_val_pct(&appeared, &pct));
	diff_pct_text(buf, sizeof(buf), &v);
	ck_assert_str_eq(buf, "+10.0%");
	diff_pct_text(buf, sizeof(buf), &zero);
	ck_assert_str_eq(buf, "0.0%");
	diff_pct_text(buf, sizeof(buf), &appeared);
	ck_assert_str_eq(buf, "new");
	diff_pct_text(buf, sizeof(buf), &gone);
	ck_assert_str_eq(buf, "-100.0%");
	diff_value_text(buf, sizeof(buf), DIFF_CALLS, 12345);
	ck_assert_str_eq(buf, "12345");
	diff_value_text(buf, sizeof(buf), DIFF_CALLS, 2.5);
	ck_assert_str_eq(buf, "2.5");
	diff_value_text(buf, sizeof(buf), DIFF_P99, 1500);
	ck_assert_str_eq(buf, "1.50us");
	diff_change_text(buf, sizeof(buf), DIFF_CALLS, 12345);
	ck_assert_str_eq(buf, "+12345");
	diff_change_text(buf, sizeof(buf), DIFF_TOTAL, -1500);
	ck_assert_str_eq(buf, "-1.50us");
	diff_change_text(buf, sizeof(buf), DIFF_ERRORS, 0);
	ck_assert_str_eq(buf, "0");
	ck_assert_int_eq(diff_metric_parse("p99", 3), DIFF_P99);
	ck_assert_int_eq(diff_metric_parse("total_time", 10), DIFF_TOTAL);
	ck_assert_int_eq(diff_metric_parse("p9", 2), -1);
	ck_assert_str_eq(diff_metric_name(DIFF_ERRORS), "errors");
	ck_assert_str_eq(diff_status_name(DIFF_APPEARED), "appeared");
}
END_TEST

START_TEST(test_release_empty)
{
	struct diff_side s;
	struct diff d;
	diff_side_init(&s);
	diff_side_release(&s);
	ck_assert_int_eq(diff_side_add(&s, NULL, NULL, "read", NULL), -EINVAL);
	memset(&d, 0, sizeof(d));
	diff_release(&d);
}
END_TEST

static Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("ranktest");
	tcase_add_test(tc, test_rank_disjoint);
	tcase_add_test(tc, test_rank_ties);
	tcase_add_test(tc, test_rank_larger);
	tcase_add_test(tc, test_rank_no_shift);
	tcase_add_test(tc, test_rank_empty);
	tcase_add_test(tc, test_rank_run_noise);
	tcase_add_test(tc, test_rank_run_shift);
	tcase_add_test(tc, test_t_tail);
	suite_add_tcase(s, tc);
	tc = tcase_create("diff");
	tcase_add_test(tc, test_scale_raw);
	tcase_add_test(tc, test_scale_per_second);
	tcase_add_test(tc, test_scale_per_calls);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_tested);
	tcase_add_test(tc, test_pooled_runs);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_release_empty);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(diff_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
