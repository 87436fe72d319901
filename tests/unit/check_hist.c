/*
 * check_hist.c - the log-linear latency histogram against exact answers.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/hist.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* nearest rank on a sorted array */
static uint64_t exact_percentile(const uint64_t *v, size_t n, double p)
{
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

static void check_close(uint64_t got, uint64_t want, const char *what)
{
	double err = want ? fabs((double)got - (double)want) / (double)want : (double)got;
	ck_assert_msg(err <= 0.01, "%s: got %llu want %llu (error %.4f)", what,
		      (unsigned long long)got, (unsigned long long)want, err);
}

static uint64_t rnd64(void)
{
	return ((uint64_t)random() << 33) ^ ((uint64_t)random() << 11) ^ (uint64_t)random();
}

START_TEST(test_empty)
{
	struct hist h;
	hist_init(&h);
	ck_assert_ptr_null(h.groups);
	ck_assert_uint_eq(h.ngroups, 0);
	ck_assert_uint_eq(hist_percentile(&h, 50), 0);
	ck_assert_uint_eq(hist_avg(&h), 0);
	ck_assert_uint_eq(hist_min(&h), 0);
	struct hist_bucket b[HIST_LOG2_MAX];
	ck_assert_uint_eq(hist_log2(&h, b), 0);
	hist_release(&h);
	hist_release(&h);
}
END_TEST

START_TEST(test_small_values_exact)
{
	struct hist h;
	hist_init(&h);
	for (uint64_t v = 1; v <= 100; v++)
		ck_assert_int_eq(hist_add(&h, v), 0);
	ck_assert_uint_eq(h.count, 100);
	ck_assert_uint_eq(h.sum, 5050);
	ck_assert_uint_eq(hist_min(&h), 1);
	ck_assert_uint_eq(h.max, 100);
	ck_assert_uint_eq(hist_avg(&h), 50);
	ck_assert_uint_eq(hist_percentile(&h, 50), 50);
	ck_assert_uint_eq(hist_percentile(&h, 90), 90);
	ck_assert_uint_eq(hist_percentile(&h, 99), 99);
	ck_assert_uint_eq(hist_percentile(&h, 99.9), 100);
	ck_assert_uint_eq(hist_percentile(&h, 100), 100);
	ck_assert_uint_eq(hist_percentile(&h, 0.001), 1);
	hist_release(&h);
}
END_TEST

/* Nearest rank is ceil(p/100 * n) in exact arithmetic: the p99.9 of 1000
 * values is the 999th (in doubles 0.999 * 1000 is a hair above 999). */
START_TEST(test_rank_exact)
{
	struct hist h;
	hist_init(&h);
	for (int i = 0; i < 999; i++)
		ck_assert_int_eq(hist_add(&h, 5), 0);
	ck_assert_int_eq(hist_add(&h, 100), 0);
	ck_assert_uint_eq(hist_percentile(&h, 99.9), 5);
	ck_assert_uint_eq(hist_percentile(&h, 99.99), 100);
	ck_assert_uint_eq(hist_percentile(&h, 100), 100);
	hist_release(&h);
	/* 10 values kept exactly: ranks 5, 9, 10, 10 */
	hist_init(&h);
	for (uint64_t v = 10; v >= 1; v--)
		ck_assert_int_eq(hist_add(&h, v * 1000), 0);
	ck_assert_uint_eq(hist_percentile(&h, 50), 5000);
	ck_assert_uint_eq(hist_percentile(&h, 90), 9000);
	ck_assert_uint_eq(hist_percentile(&h, 99), 10000);
	ck_assert_uint_eq(hist_percentile(&h, 99.9), 10000);
	ck_assert_uint_eq(hist_percentile(&h, 10), 1000);
	ck_assert_uint_eq(hist_percentile(&h, 10.1), 2000);
	hist_release(&h);
}
END_TEST

START_TEST(test_one_value)
{
	struct hist h;
	hist_init(&h);
	hist_add(&h, 123456789);
	/* clamped to min/max: exact */
	ck_assert_uint_eq(hist_percentile(&h, 50), 123456789);
	ck_assert_uint_eq(hist_percentile(&h, 99.9), 123456789);
	ck_assert_uint_eq(hist_avg(&h), 123456789);
	hist_release(&h);
}
END_TEST

START_TEST(test_extremes)
{
	struct hist h;
	hist_init(&h);
	hist_add(&h, 0);
	hist_add(&h, UINT64_MAX);
	ck_assert_uint_eq(hist_percentile(&h, 50), 0);
	ck_assert_uint_eq(hist_percentile(&h, 100), UINT64_MAX);
	struct hist_bucket b[HIST_LOG2_MAX];
	size_t n = hist_log2(&h, b);
	ck_assert_uint_eq(n, 65);
	ck_assert_uint_eq(b[0].lo, 0);
	ck_assert_uint_eq(b[0].hi, 1);
	ck_assert_uint_eq(b[0].count, 1);
	ck_assert_uint_eq(b[64].lo, 1ull << 63);
	ck_assert_uint_eq(b[64].count, 1);
	hist_release(&h);
}
END_TEST

/* Random data over many orders of magnitude: every percentile within 1%
 * of the exact nearest-rank answer. */
START_TEST(test_random_percentiles)
{
	srandom(1234 + (unsigned)_i);
	size_t n = 1 + (size_t)(random() % 200000);
	uint64_t *v = malloc(n * sizeof(*v));
	struct hist h;
	hist_init(&h);
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		int shape = _i % 4;
		if (shape == 0) /* log-uniform 1 ns .. ~1 s */
			v[i] = (uint64_t)exp((double)(random() % 30000) / 1000.0);
		else if (shape == 1) /* narrow: 1000..1100 ns */
			v[i] = 1000 + (uint64_t)(random() % 100);
		else if (shape == 2) /* bimodal */
			v[i] = random() % 10 ? 300 + random() % 50 : 40000000 + random() % 1000000;
		else /* full 64-bit range, shifted at random */
			v[i] = rnd64() >> (random() % 64);
		sum += v[i];
		ck_assert_int_eq(hist_add(&h, v[i]), 0);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	ck_assert_uint_eq(h.count, n);
	ck_assert_uint_eq(h.sum, sum);
	ck_assert_uint_eq(hist_min(&h), v[0]);
	ck_assert_uint_eq(h.max, v[n - 1]);
	static const double ps[] = {1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100};
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		char what[32];
		snprintf(what, sizeof(what), "p%g of %zu", ps[i], n);
		check_close(hist_percentile(&h, ps[i]), exact_percentile(v, n, ps[i]), what);
	}
	/* log2 buckets add up, and each count is exact */
	struct hist_bucket b[HIST_LOG2_MAX];
	size_t nb = hist_log2(&h, b), total = 0, j = 0;
	for (size_t i = 0; i < nb; i++) {
		size_t c = 0;
		/* the last bucket, [2^63, 2^64), has hi UINT64_MAX and holds it */
		while (j < n && (v[j] < b[i].hi || b[i].hi == UINT64_MAX)) {
			ck_assert_uint_ge(v[j], b[i].lo);
			c++;
			j++;
		}
		ck_assert_uint_eq(b[i].count, c);
		total += b[i].count;
	}
	ck_assert_uint_eq(total, n);
	ck_assert_uint_gt(b[0].count, 0);
	ck_assert_uint_gt(b[nb - 1].count, 0);
	hist_release(&h);
	free(v);
}
END_TEST

START_TEST(test_merge)
{
	srandom(99);
	size_t n = 50000;
	uint64_t *v = malloc(n * sizeof(*v));
	struct hist a, b, all;
	hist_init(&a);
	hist_init(&b);
	hist_init(&all);
	for (size_t i = 0; i < n; i++) {
		v[i] = (uint64_t)exp((double)(random() % 25000) / 1000.0);
		hist_add(i % 3 ? &a : &b, v[i]);
		hist_add(&all, v[i]);
	}
	struct hist empty;
	hist_init(&empty);
	ck_assert_int_eq(hist_merge(&a, &empty), 0);
	ck_assert_int_eq(hist_merge(&a, &b), 0);
	ck_assert_uint_eq(a.count, all.count);
	ck_assert_uint_eq(a.sum, all.sum);
	ck_assert_uint_eq(a.min, all.min);
	ck_assert_uint_eq(a.max, all.max);
	qsort(v, n, sizeof(*v), cmp_u64);
	static const double ps[] = {50, 90, 99, 99.9};
	for (size_t i = 0; i < 4; i++) {
		ck_assert_uint_eq(hist_percentile(&a, ps[i]), hist_percentile(&all, ps[i]));
		check_close(hist_percentile(&a, ps[i]), exact_percentile(v, n, ps[i]), "merged");
	}
	/* merging into an empty histogram copies */
	ck_assert_int_eq(hist_merge(&empty, &all), 0);
	ck_assert_uint_eq(hist_percentile(&empty, 50), hist_percentile(&all, 50));
	ck_assert_uint_eq(hist_min(&empty), hist_min(&all));
	hist_release(&a);
	hist_release(&b);
	hist_release(&all);
	hist_release(&empty);
	free(v);
}
END_TEST

START_TEST(test_log2_layout)
{
	struct hist h;
	hist_init(&h);
	/* 3 in [2,4), 5 in [4,8) twice, 1000 in [512,1024), 1024 in [1024,2048) */
	hist_add(&h, 3);
	hist_add(&h, 5);
	hist_add(&h, 7);
	hist_add(&h, 1000);
	hist_add(&h, 1024);
	struct hist_bucket b[HIST_LOG2_MAX];
	size_t n = hist_log2(&h, b);
	ck_assert_uint_eq(n, 10); /* [2,4) .. [1024,2048) */
	ck_assert_uint_eq(b[0].lo, 2);
	ck_assert_uint_eq(b[0].hi, 4);
	ck_assert_uint_eq(b[0].count, 1);
	ck_assert_uint_eq(b[1].lo, 4);
	ck_assert_uint_eq(b[1].count, 2);
	ck_assert_uint_eq(b[2].count, 0);
	ck_assert_uint_eq(b[8].lo, 512);
	ck_assert_uint_eq(b[8].count, 1);
	ck_assert_uint_eq(b[9].lo, 1024);
	ck_assert_uint_eq(b[9].hi, 2048);
	ck_assert_uint_eq(b[9].count, 1);
	hist_release(&h);
}
END_TEST

static int blocks_used(const struct hist *h)
{
	int used = 0;
	for (unsigned i = 0; i < h->ngroups; i++)
		for (unsigned b = 0; b < HIST_BLOCKS; b++)
			used += h->groups[i].blocks[b] != NULL;
	return used;
}

START_TEST(test_lazy_small)
{
	struct hist h;
	hist_init(&h);
	/* the first 64 values are kept as they are */
	for (int i = 0; i < HIST_EXACT_MAX; i++)
		hist_add(&h, 5000);
	ck_assert_uint_eq(h.ngroups, 0);
	ck_assert_ptr_nonnull(h.exact);
	hist_add(&h, 5000); /* group 6: [4096, 8192), buckets of 32 */
	ck_assert_ptr_null(h.exact);
	ck_assert_uint_eq(h.exact_cap, 0);
	ck_assert_uint_eq(h.ngroups, 1);
	ck_assert_uint_eq(h.lo, 6);
	ck_assert_int_eq(blocks_used(&h), 1);
	hist_add(&h, 5001); /* same bucket */
	hist_add(&h, 5100); /* same block of 16 buckets */
	ck_assert_int_eq(blocks_used(&h), 1);
	/* the window grows both ways; groups in between stay empty */
	hist_add(&h, 3);
	hist_add(&h, 1000000);
	ck_assert_uint_eq(h.lo, 0);
	ck_assert_uint_eq(h.ngroups, 14); /* 1000000 is in group 13 */
	ck_assert_int_eq(blocks_used(&h), 3);
	ck_assert_uint_eq(h.count, 69);
	ck_assert_uint_eq(hist_percentile(&h, 1), 3);
	ck_assert_uint_eq(hist_percentile(&h, 50), 5008); /* 5000 is in [4992, 5024) */
	ck_assert_uint_eq(hist_percentile(&h, 100), 1000000);
	hist_release(&h);
	ck_assert_uint_eq(h.count, 0);
	ck_assert_ptr_null(h.groups);
}
END_TEST

/* Up to HIST_EXACT_MAX values, percentiles are the exact answers; one
 * more and they are bucket midpoints within 1%. */
START_TEST(test_exact_mode)
{
	srandom(7 + (unsigned)_i);
	size_t n = (size_t)_i + 1; /* 1 .. 66 */
	uint64_t v[80];
	struct hist h;
	hist_init(&h);
	for (size_t i = 0; i < n; i++) {
		v[i] = rnd64() >> (20 + random() % 40);
		ck_assert_int_eq(hist_add(&h, v[i]), 0);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	static const double ps[] = {1, 50, 90, 99, 99.9, 100};
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		if (n <= HIST_EXACT_MAX)
			ck_assert_uint_eq(hist_percentile(&h, ps[i]), exact_percentile(v, n, ps[i]));
		else
			check_close(hist_percentile(&h, ps[i]), exact_percentile(v, n, ps[i]), "65+");
	}
	ck_assert_uint_eq(hist_min(&h), v[0]);
	ck_assert_uint_eq(h.max, v[n - 1]);
	struct hist_bucket b[HIST_LOG2_MAX];
	size_t nb = hist_log2(&h, b), total = 0;
	for (size_t i = 0; i < nb; i++)
		total += b[i].count;
	ck_assert_uint_eq(total, n);
	ck_assert_uint_le(b[0].lo, v[0]);
	ck_assert(v[n - 1] < b[nb - 1].hi || b[nb - 1].hi == UINT64_MAX);
	hist_release(&h);
}
END_TEST

/* Merging kept values and buckets in every combination. */
START_TEST(test_merge_modes)
{
	static const size_t sizes[][2] = {{3, 5}, {40, 40}, {3, 100}, {100, 3}, {100, 100}, {0, 10}, {10, 0}};
	size_t na = sizes[_i][0], nb = sizes[_i][1];
	struct hist a, b, all;
	hist_init(&a);
	hist_init(&b);
	hist_init(&all);
	uint64_t v[200];
	for (size_t i = 0; i < na + nb; i++) {
		v[i] = 1000 + 37 * i;
		hist_add(i < na ? &a : &b, v[i]);
		hist_add(&all, v[i]);
	}
	ck_assert_int_eq(hist_merge(&a, &b), 0);
	ck_assert_uint_eq(a.count, na + nb);
	ck_assert_uint_eq(a.sum, all.sum);
	ck_assert_uint_eq(hist_min(&a), hist_min(&all));
	ck_assert_uint_eq(a.max, all.max);
	/* a stays exact only while the values fit */
	ck_assert_int_eq(a.exact_cap != 0, na + nb <= HIST_EXACT_MAX && nb <= HIST_EXACT_MAX);
	for (double p = 10; p <= 100; p += 10)
		check_close(hist_percentile(&a, p), exact_percentile(v, na + nb, p), "merged modes");
	hist_release(&a);
	hist_release(&b);
	hist_release(&all);
}
END_TEST

static Suite *hist_suite(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_small_values_exact);
	tcase_add_test(tc, test_rank_exact);
	tcase_add_test(tc, test_one_value);
	tcase_add_test(tc, test_extremes);
	tcase_add_loop_test(tc, test_random_percentiles, 0, 16);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_log2_layout);
	tcase_add_test(tc, test_lazy_small);
	tcase_add_loop_test(tc, test_exact_mode, 0, HIST_EXACT_MAX + 2);
	tcase_add_loop_test(tc, test_merge_modes, 0, 7);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hist_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
