/*
 * check_diff_stacks.c - the per call stack comparison of `scprof diff
 * --stacks` (diffstacks.h): keys, merging of equal stacks and runs,
 * scaling, statuses and order; inlined frames marked in keys.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/diffstacks.h"

START_TEST(test_key)
{
	const char *names[] = {"prog", "main", "a;b", "x\ty", "openat"};
	char *k = diffstacks_key(names, NULL, 5);
	ck_assert_str_eq(k, "prog;main;a:b;x?y;openat");
	free(k);
	k = diffstacks_key(names, NULL, 0);
	ck_assert_str_eq(k, "");
	free(k);
	/* an inlined frame ends in the mark; a control character in a name
	 * cannot pass for it */
	const bool inlined[] = {false, false, true, false, false};
	const char *ctl[] = {"prog", "x\x01", "fetch", "syscall", "getppid"};
	k = diffstacks_key(ctl, inlined, 5);
	ck_assert_str_eq(k, "prog;x?;fetch\x01;syscall;getppid");
	free(k);
}
END_TEST

START_TEST(test_key_text)
{
	char *k = diffstacks_key_text("p;main;fetch\x01;get\x01;syscall;getppid", " (inlined)");
	ck_assert_str_eq(k, "p;main;fetch (inlined);get (inlined);syscall;getppid");
	free(k);
	k = diffstacks_key_text("p;main;fetch\x01;get\x01;syscall;getppid", NULL);
	ck_assert_str_eq(k, "p;main;fetch;get;syscall;getppid");
	free(k);
	k = diffstacks_key_text("p;main;getpid", " (inlined)");
	ck_assert_str_eq(k, "p;main;getpid");
	free(k);
	k = diffstacks_key_text("", NULL);
	ck_assert_str_eq(k, "");
	free(k);
}
END_TEST

/* A frame inlined in one recording and not in the other is another
 * frame (as in stacks.h): two stacks, one vanished and one appeared; the
 * inlined flag survives the diff in the key. */
START_TEST(test_inlined)
{
	const char *names[] = {"p", "main", "refresh", "fetch", "syscall", "getppid"};
	const bool inl[] = {false, false, false, true, false, false};
	char *ki = diffstacks_key(names, inl, 6), *kp = diffstacks_key(names, NULL, 6);
	struct diffstacks_side b, n;
	struct diffstacks d;
	struct diff_scale one = {1, 1};
	diffstacks_side_init(&b);
	diffstacks_side_init(&n);
	ck_assert_int_eq(diffstacks_side_add(&b, ki, 700, 7000), 0);
	ck_assert_int_eq(diffstacks_side_add(&b, "p;main;load;syscall;getpid", 400, 4000), 0);
	ck_assert_int_eq(diffstacks_side_add(&n, ki, 500, 5000), 0);
	ck_assert_int_eq(diffstacks_side_add(&n, kp, 200, 2000), 0);
	ck_assert_int_eq(diffstacks_side_add(&n, "p;main;load;syscall;getpid", 400, 4000), 0);
	ck_assert_int_eq(diffstacks_build(&d, &b, &n, &one, AGG_SORT_CALLS), 0);
	ck_assert_uint_eq(d.nrows, 3);
	/* by |calls change|: inlined -200, plain +200 (the tie by key: the
	 * mark sorts before ';'), then load's same */
	ck_assert_str_eq(d.rows[0].key, "p;main;refresh;fetch\x01;syscall;getppid");
	ck_assert_str_eq(d.rows[0].syscall, "getppid");
	ck_assert_int_eq(d.rows[0].status, DIFF_CHANGED);
	ck_assert_double_eq(d.rows[0].calls.base, 700);
	ck_assert_double_eq(d.rows[0].calls.new, 500);
	ck_assert_str_eq(d.rows[1].key, "p;main;refresh;fetch;syscall;getppid");
	ck_assert_int_eq(d.rows[1].status, DIFF_APPEARED);
	ck_assert_double_eq(d.rows[1].calls.base, 0);
	ck_assert_double_eq(d.rows[1].calls.new, 200);
	ck_assert_int_eq(d.rows[2].status, DIFF_SAME);
	ck_assert_ptr_eq(diffstacks_find(&d, ki), &d.rows[0]);
	ck_assert_ptr_eq(diffstacks_find(&d, kp), &d.rows[1]);
	diffstacks_release(&d);
	diffstacks_side_release(&b);
	diffstacks_side_release(&n);
	free(ki);
	free(kp);
}
END_TEST

/* BASE: two runs; NEW: one run.  Equal keys merge, runs sum, and the
 * default scale (1/runs) gives counts per recording. */
static void sides(struct diffstacks_side *b, struct diffstacks_side *n)
{
	diffstacks_side_init(b);
	diffstacks_side_init(n);
	/* base run 1 */
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;load_config;openat", 1000, 5000000), 0);
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;spin;getppid", 3000, 1000000), 0);
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;gone;getpid", 10, 100000), 0);
	/* base run 2 */
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;load_config;openat", 1000, 5000000), 0);
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;spin;getppid", 3000, 1000000), 0);
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;gone;getpid", 10, 100000), 0);
	ck_assert_int_eq(diffstacks_side_add(b, "p;main;same;close", 5, 5000), 0);
	/* new */
	ck_assert_int_eq(diffstacks_side_add(n, "p;main;load_config;openat", 2000, 9000000), 0);
	ck_assert_int_eq(diffstacks_side_add(n, "p;main;spin;getppid", 1000, 200000), 0);
	ck_assert_int_eq(diffstacks_side_add(n, "p;main;spin;getppid", 1000, 200000), 0);
	ck_assert_int_eq(diffstacks_side_add(n, "p;main;fresh;write", 7, 70000), 0);
	ck_assert_int_eq(diffstacks_side_add(n, "p;main;same;close", 5, 5000), 0);
}

START_TEST(test_build)
{
	struct diffstacks_side b, n;
	struct diffstacks d;
	sides(&b, &n);
	struct diff_scale sc = {0.5, 1};
	ck_assert_int_eq(diffstacks_build(&d, &b, &n, &sc, 0), 0);
	ck_assert_uint_eq(d.nrows, 5);
	/* by |time change|: openat +4ms, getppid -0.6ms, gone -100us
	 * (two runs halved), fresh +70us, same 0 */
	ck_assert_str_eq(d.rows[0].key, "p;main;load_config;openat");
	ck_assert_str_eq(d.rows[0].syscall, "openat");
	ck_assert_int_eq(d.rows[0].status, DIFF_CHANGED);
	ck_assert_double_eq(d.rows[0].calls.base, 1000);
	ck_assert_double_eq(d.rows[0].calls.new, 2000);
	ck_assert_double_eq(d.rows[0].time.base, 5000000);
	ck_assert_double_eq(d.rows[0].time.new, 9000000);
	ck_assert_uint_eq(d.rows[0].raw_calls[0], 2000);
	ck_assert_uint_eq(d.rows[0].raw_calls[1], 2000);
	ck_assert_str_eq(d.rows[1].key, "p;main;spin;getppid");
	ck_assert_double_eq(d.rows[1].calls.base, 3000);
	ck_assert_double_eq(d.rows[1].calls.new, 2000);
	ck_assert_double_eq(d.rows[1].time.new, 400000);
	ck_assert_str_eq(d.rows[2].key, "p;main;gone;getpid");
	ck_assert_int_eq(d.rows[2].status, DIFF_VANISHED);
	ck_assert_double_eq(d.rows[2].calls.base, 10);
	ck_assert_double_eq(d.rows[2].calls.new, 0);
	ck_assert_double_eq(d.rows[2].time.base, 100000);
	ck_assert_str_eq(d.rows[3].key, "p;main;fresh;write");
	ck_assert_int_eq(d.rows[3].status, DIFF_APPEARED);
	ck_assert_double_eq(d.rows[3].calls.base, 0);
	ck_assert_str_eq(d.rows[4].key, "p;main;same;close");
	/* base: 5 calls in one of two runs -> 2.5 per run; new 5: changed */
	ck_assert_int_eq(d.rows[4].status, DIFF_CHANGED);
	ck_assert_ptr_eq(diffstacks_find(&d, "p;main;same;close"), &d.rows[4]);
	ck_assert_ptr_null(diffstacks_find(&d, "p;main"));

	diffstacks_release(&d);

	/* by calls: getppid -1000 and openat +1000 tie, broken by key */
	ck_assert_int_eq(diffstacks_build(&d, &b, &n, &sc, AGG_SORT_CALLS), 0);
	ck_assert_str_eq(d.rows[0].key, "p;main;load_config;openat");
	ck_assert_str_eq(d.rows[1].key, "p;main;spin;getppid");
	ck_assert_str_eq(d.rows[2].key, "p;main;gone;getpid");
	ck_assert_str_eq(d.rows[3].key, "p;main;fresh;write");
	diffstacks_release(&d);

	/* unscaled, same stays same */
	struct diff_scale one = {1, 1};
	struct diffstacks_side b2, n2;
	diffstacks_side_init(&b2);
	diffstacks_side_init(&n2);
	ck_assert_int_eq(diffstacks_side_add(&b2, "p;close", 5, 5), 0);
	ck_assert_int_eq(diffstacks_side_add(&n2, "p;close", 5, 5), 0);
	ck_assert_int_eq(diffstacks_build(&d, &b2, &n2, &one, AGG_SORT_NAME), 0);
	ck_assert_uint_eq(d.nrows, 1);
	ck_assert_int_eq(d.rows[0].status, DIFF_SAME);
	diffstacks_release(&d);
	diffstacks_side_release(&b2);
	diffstacks_side_release(&n2);

	diffstacks_side_release(&b);
	diffstacks_side_release(&n);
	diffstacks_release(&d); /* twice: a no-op */
}
END_TEST

START_TEST(test_empty)
{
	struct diffstacks_side b, n;
	struct diffstacks d;
	struct diff_scale sc = {1, 1};
	diffstacks_side_init(&b);
	diffstacks_side_init(&n);
	ck_assert_int_eq(diffstacks_build(&d, &b, &n, &sc, 0), 0);
	ck_assert_uint_eq(d.nrows, 0);
	diffstacks_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("diff_stacks");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_key);
	tcase_add_test(tc, test_key_text);
	tcase_add_test(tc, test_inlined);
	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
