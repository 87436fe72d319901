/*
 * check_diffflame.c - the printers of `scprof diff --stacks`
 * (diffflame.h) on a synthetic diff: an inlined frame is marked
 * " (inlined)" in the table and the SVG, as report's views mark it, and
 * folds under its plain name.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/diffflame.h"

/* BASE: fetch inlined into refresh, 700 getppid calls; NEW: 500 through
 * fetch inlined and 200 through fetch not inlined (another frame). */
static void build(struct diffstacks *d)
{
	const char *names[] = {"p", "main", "refresh", "fetch", "syscall", "getppid"};
	const bool inl[] = {false, false, false, true, false, false};
	char *ki = diffstacks_key(names, inl, 6), *kp = diffstacks_key(names, NULL, 6);
	struct diffstacks_side b, n;
	struct diff_scale one = {1, 1};
	diffstacks_side_init(&b);
	diffstacks_side_init(&n);
	ck_assert_int_eq(diffstacks_side_add(&b, ki, 700, 7000000), 0);
	ck_assert_int_eq(diffstacks_side_add(&n, ki, 500, 5000000), 0);
	ck_assert_int_eq(diffstacks_side_add(&n, kp, 200, 2000000), 0);
	ck_assert_int_eq(diffstacks_build(d, &b, &n, &one, AGG_SORT_CALLS), 0);
	diffstacks_side_release(&b);
	diffstacks_side_release(&n);
	free(ki);
	free(kp);
}

/* What print wrote of d, in a new string. */
static char *printed(int (*print)(FILE *, const struct diffstacks *,
				   const struct diffflame_show *),
		     const struct diffstacks *d, enum stacks_weight w)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	struct diffflame_show show = {.weight = w, .sort = AGG_SORT_CALLS};
	ck_assert_int_eq(print(f, d, &show), 0);
	fclose(f);
	return buf;
}

static int table(FILE *f, const struct diffstacks *d, const struct diffflame_show *show)
{
	diffflame_table(f, d, show);
	return 0;
}

START_TEST(test_table)
{
	struct diffstacks d;
	build(&d);
	char *out = printed(table, &d, STACKS_BY_CALLS);
	ck_assert_ptr_nonnull(strstr(out, " 700        500       -200 "));
	ck_assert_ptr_nonnull(strstr(out, "  p;main;refresh;fetch (inlined);syscall;getppid\n"));
	ck_assert_ptr_nonnull(
		strstr(out, "  p;main;refresh;fetch;syscall;getppid  (appeared)\n"));
	ck_assert_ptr_null(strchr(out, DIFFSTACKS_INLINED));
	free(out);
	diffstacks_release(&d);
}
END_TEST

START_TEST(test_folded)
{
	struct diffstacks d;
	build(&d);
	/* plain names: both stacks are one line, their calls summed */
	char *out = printed(diffflame_folded, &d, STACKS_BY_CALLS);
	ck_assert_str_eq(out, "p;main;refresh;fetch;syscall;getppid 700 700\n");
	free(out);
	out = printed(diffflame_folded, &d, STACKS_BY_TIME);
	ck_assert_str_eq(out, "p;main;refresh;fetch;syscall;getppid 7000 7000\n");
	free(out);
	diffstacks_release(&d);
}
END_TEST

START_TEST(test_svg)
{
	struct diffstacks d;
	build(&d);
	char *out = printed(diffflame_svg, &d, STACKS_BY_CALLS);
	/* two fetch frames under refresh: inlined (shrank) and not (new) */
	ck_assert_ptr_nonnull(strstr(out, "<title>fetch (inlined): base 700, new 500, "));
	ck_assert_ptr_nonnull(strstr(out, ">fetch (inlined)</text>"));
	ck_assert_ptr_nonnull(strstr(out, "<title>fetch: base 0, new 200, "));
	ck_assert_ptr_null(strchr(out, DIFFSTACKS_INLINED));
	free(out);
	diffstacks_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("diffflame");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_folded);
	tcase_add_test(tc, test_svg);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
