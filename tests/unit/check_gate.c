/*
 * check_gate.c - --fail-if rules: parsing good and bad expressions (with
 * the column of the offending character), evaluation on diff rows
 * (values, changes, relative changes, from zero, within noise) and the
 * one-line description of a verdict.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "analysis/gate.h"

static struct gate_rule parse_ok(const char *expr)
{
	struct gate_rule r;
	struct gate_error err = {0};
	int rc = gate_parse(expr, &r, &err);
	ck_assert_msg(rc == 0, "'%s': %s (column %zu)", expr, err.msg, err.column);
	ck_assert_str_eq(r.text, expr);
	return r;
}

START_TEST(test_parse_examples)
{
	struct gate_rule r = parse_ok("calls(openat) > +10%");
	ck_assert_int_eq(r.metric, DIFF_CALLS);
	ck_assert_str_eq(r.syscall, "openat");
	ck_assert_uint_eq(r.syscall_col, 6);
	ck_assert_int_eq(r.op, GATE_GT);
	ck_assert_int_eq(r.kind, GATE_PERCENT);
	ck_assert_double_eq(r.threshold, 10);
	gate_rule_release(&r);

	r = parse_ok("p99(read) > +20%");
	ck_assert_int_eq(r.metric, DIFF_P99);
	ck_assert_str_eq(r.syscall, "read");
	ck_assert_int_eq(r.kind, GATE_PERCENT);
	ck_assert_double_eq(r.threshold, 20);
	gate_rule_release(&r);

	r = parse_ok("errors > 0");
	ck_assert_int_eq(r.metric, DIFF_ERRORS);
	ck_assert_ptr_null(r.syscall);
	ck_assert_int_eq(r.kind, GATE_VALUE);
	ck_assert_double_eq(r.threshold, 0);
	gate_rule_release(&r);

	r = parse_ok("calls(getppid) > 20000");
	ck_assert_int_eq(r.kind, GATE_VALUE);
	ck_assert_double_eq(r.threshold, 20000);
	gate_rule_release(&r);

	r = parse_ok("total_time > +50%");
	ck_assert_int_eq(r.metric, DIFF_TOTAL);
	ck_assert_int_eq(r.kind, GATE_PERCENT);
	ck_assert_double_eq(r.threshold, 50);
	gate_rule_release(&r);

	r = parse_ok("errors(openat) >= +5");
	ck_assert_int_eq(r.metric, DIFF_ERRORS);
	ck_assert_int_eq(r.op, GATE_GE);
	ck_assert_int_eq(r.kind, GATE_CHANGE);
	ck_assert_double_eq(r.threshold, 5);
	gate_rule_release(&r);
}
END_TEST

START_TEST(test_parse_forms)
{
	struct gate_rule r = parse_ok("p99(read) > +2ms");
	ck_assert_int_eq(r.kind, GATE_CHANGE);
	ck_assert_double_eq(r.threshold, 2e6);
	gate_rule_release(&r);

	r = parse_ok("max(futex) <= 1.5s");
	ck_assert_int_eq(r.metric, DIFF_MAX);
	ck_assert_int_eq(r.op, GATE_LE);
	ck_assert_int_eq(r.kind, GATE_VALUE);
	ck_assert_double_eq(r.threshold, 1.5e9);
	gate_rule_release(&r);

	r = parse_ok("avg < -5%");
	ck_assert_int_eq(r.metric, DIFF_AVG);
	ck_assert_int_eq(r.op, GATE_LT);
	ck_assert_double_eq(r.threshold, -5);
	gate_rule_release(&r);

	r = parse_ok("p50(write) > 250");  /* ns without a unit */
	ck_assert_double_eq(r.threshold, 250);
	gate_rule_release(&r);

	r = parse_ok("p90(write) != 12us");
	ck_assert_int_eq(r.op, GATE_NE);
	ck_assert_double_eq(r.threshold, 12000);
	gate_rule_release(&r);

	r = parse_ok("calls(read) = 3");
	ck_assert_int_eq(r.op, GATE_EQ);
	gate_rule_release(&r);

	r = parse_ok("calls(read) == 3");
	ck_assert_int_eq(r.op, GATE_EQ);
	gate_rule_release(&r);

	r = parse_ok("  calls ( openat )>=+5  ");
	ck_assert_str_eq(r.syscall, "openat");
	ck_assert_uint_eq(r.syscall_col, 10);
	ck_assert_int_eq(r.op, GATE_GE);
	ck_assert_int_eq(r.kind, GATE_CHANGE);
	gate_rule_release(&r);

	r = parse_ok("time(read)>10%"); /* a percentage without a sign */
	ck_assert_int_eq(r.metric, DIFF_TOTAL);
	ck_assert_int_eq(r.kind, GATE_PERCENT);
	ck_assert_double_eq(r.threshold, 10);
	gate_rule_release(&r);

	r = parse_ok("calls(read) > 0.5");
	ck_assert_double_eq(r.threshold, 0.5);
	gate_rule_release(&r);

	ck_assert_str_eq(gate_op_text(GATE_GE), ">=");
	gate_rule_release(&r); /* released twice: harmless */
}
END_TEST

static const struct {
	const char *expr;
	size_t column;
	const char *msg;
} bad[] = {
	{"", 0, "expected a metric"},
	{"   ", 3, "expected a metric"},
	{"page-faults(read) > 5ms", 21, "page-faults is a count"},
	{"> 5", 0, "expected a metric"},
	{"calls(openat > 5", 13, "expected ')'"},
	{"calls() > 1", 6, "expected a syscall name"},
	{"calls(openat)", 13, "expected a comparison"},
	{"calls(openat) ~ 5", 14, "expected a comparison"},
	{"calls(openat) >> 5", 15, "expected a number"},
	{"calls(openat) >", 15, "expected a number"},
	{"calls(read) > +", 15, "expected a number"},
	{"calls(read) > +%", 15, "expected a number"},
	{"calls(openat) > 5ms", 17, "calls is a count"},
	{"p99(read) > 5xs", 13, "unknown unit 'xs'"},
	{"p99 > 2ms%", 9, "a percentage takes no unit"},
	{"calls > 5 x", 10, "unexpected 'x'"},
	{"calls > 5%%", 10, "unexpected '%'"},
	{"calls(a b) > 1", 8, "expected ')'"},
	{"p99(read) > 1e3", 13, "unknown unit 'e3'"},
};

START_TEST(test_parse_bad)
{
	struct gate_rule r;
	struct gate_error err;
	memset(&err, 0, sizeof(err));
	int rc = gate_parse(bad[_i].expr, &r, &err);
	ck_assert_msg(rc == -EINVAL, "'%s' parsed", bad[_i].expr);
	ck_assert_msg(err.column == bad[_i].column, "'%s': column %zu, expected %zu (%s)",
		      bad[_i].expr, err.column, bad[_i].column, err.msg);
	ck_assert_msg(strstr(err.msg, bad[_i].msg), "'%s': message '%s', expected '%s'",
		      bad[_i].expr, err.msg, bad[_i].msg);
	ck_assert_ptr_null(r.text);
	ck_assert_ptr_null(r.syscall);
}
END_TEST

static struct diff_row row_of(enum diff_metric m, double base, double new)
{
	struct diff_row r;
	memset(&r, 0, sizeof(r));
	r.name = "openat";
	r.v[m] = (struct diff_val){base, new};
	return r;
}

static bool trips(const char *expr, const struct diff_row *row)
{
	struct gate_rule r = parse_ok(expr);
	struct gate_verdict v;
	gate_eval(&r, row, &v);
	gate_rule_release(&r);
	return v.tripped;
}

START_TEST(test_eval)
{
	struct diff_row r = row_of(DIFF_CALLS, 1000, 1100);
	/* exactly +10% is not above +10% */
	ck_assert(!trips("calls(openat) > +10%", &r));
	ck_assert(trips("calls(openat) >= +10%", &r));
	ck_assert(trips("calls(openat) > +9.9%", &r));
	ck_assert(!trips("calls(openat) < -5%", &r));
	ck_assert(trips("calls(openat) > 1050", &r));
	ck_assert(!trips("calls(openat) > 1100", &r));
	ck_assert(trips("calls(openat) == 1100", &r));
	ck_assert(trips("calls(openat) > +99", &r));
	ck_assert(!trips("calls(openat) > +100", &r));
	ck_assert(trips("calls(openat) >= +100", &r));
	ck_assert(!trips("calls(openat) != +100", &r));

	/* down */
	r = row_of(DIFF_CALLS, 1000, 900);
	ck_assert(trips("calls(openat) < -5%", &r));
	ck_assert(trips("calls(openat) <= -10%", &r));
	ck_assert(!trips("calls(openat) < -10%", &r));
	ck_assert(trips("calls(openat) < -50", &r));

	/* from zero: an infinite increase, which trips > but never < */
	r = row_of(DIFF_ERRORS, 0, 5);
	ck_assert(trips("errors(openat) > +1000%", &r));
	ck_assert(!trips("errors(openat) < +10%", &r));
	ck_assert(trips("errors(openat) >= +5", &r));
	ck_assert(trips("errors(openat) > 0", &r));
	r = row_of(DIFF_ERRORS, 0, 0);
	ck_assert(!trips("errors(openat) > +0%", &r));
	ck_assert(trips("errors(openat) == 0%", &r));

	/* a syscall seen on neither side: every value 0 */
	ck_assert(!trips("calls(openat) > 0", NULL));
	ck_assert(trips("calls(openat) == 0", NULL));
	ck_assert(!trips("calls(openat) > +10%", NULL));

	/* durations */
	r = row_of(DIFF_P99, 1000000, 3500000);
	ck_assert(trips("p99(openat) > +2ms", &r));
	ck_assert(!trips("p99(openat) > +3ms", &r));
	ck_assert(trips("p99(openat) > 3ms", &r));
}
END_TEST

/* A counter's rule: parsed as a name, bound to the diff's counter by
 * name, compared like calls; a name no side has does not bind. */
START_TEST(test_counter_rule)
{
	struct gate_rule r = parse_ok("page-faults(read) > +10%");
	ck_assert_str_eq(r.counter, "page-faults");
	ck_assert_str_eq(r.syscall, "read");
	ck_assert_int_eq(r.kind, GATE_PERCENT);
	struct diff d;
	memset(&d, 0, sizeof(d));
	d.cnt_names[0] = "context-switches";
	d.cnt_names[1] = "page-faults";
	d.ncnt = 2;
	ck_assert_int_eq(gate_bind(&r, &d), 0);
	ck_assert_int_eq(r.counter_index, 1);
	struct diff_row row;
	memset(&row, 0, sizeof(row));
	row.cnt[1] = (struct diff_val){6400, 7100};
	row.v[DIFF_CALLS] = (struct diff_val){1, 1};
	struct gate_verdict v;
	gate_eval(&r, &row, &v);
	ck_assert(v.tripped);
	ck_assert_double_eq_tol(v.measured, 10.9375, 1e-9);
	char what[128];
	gate_describe(what, sizeof(what), &r, &v);
	ck_assert_str_eq(what, "read page-faults 6400 -> 7100 (+10.9%)");
	row.cnt[1].new = 7000;
	gate_eval(&r, &row, &v);
	ck_assert(!v.tripped);
	gate_rule_release(&r);

	r = parse_ok("perf::PAGE-FAULTS >= 1");
	ck_assert_str_eq(r.counter, "perf::PAGE-FAULTS");
	ck_assert_int_eq(gate_bind(&r, &d), -ENOENT);
	gate_rule_release(&r);
}
END_TEST

/* record --off-cpu: blocked, oncpu and runnable are the total time's
 * parts, durations with units, compared on the row's split; never held
 * back by the rank test (which is about latencies). */
START_TEST(test_split_rule)
{
	struct gate_rule r = parse_ok("blocked(read) > +20%");
	ck_assert_int_eq(r.split, 1 + DIFF_SPLIT_BLOCKED);
	ck_assert_ptr_null(r.counter);
	ck_assert_int_eq(r.metric, DIFF_TOTAL);
	struct diff_row row;
	memset(&row, 0, sizeof(row));
	row.split[DIFF_SPLIT_BLOCKED] = (struct diff_val){200e6, 400e6};
	row.split[DIFF_SPLIT_ONCPU] = (struct diff_val){1e6, 1e6};
	row.v[DIFF_TOTAL] = (struct diff_val){201e6, 401e6};
	row.tested = true; /* not significant: does not matter here */
	struct gate_verdict v;
	gate_eval(&r, &row, &v);
	ck_assert(v.tripped);
	ck_assert(!v.noise);
	ck_assert_double_eq_tol(v.measured, 100.0, 1e-9);
	char what[128];
	gate_describe(what, sizeof(what), &r, &v);
	ck_assert_str_eq(what, "read blocked time 200ms -> 400ms (+100.0%)");
	gate_rule_release(&r);

	r = parse_ok("oncpu(read) > +1ms");
	ck_assert_int_eq(r.split, 1 + DIFF_SPLIT_ONCPU);
	ck_assert_double_eq(r.threshold, 1e6);
	gate_eval(&r, &row, &v);
	ck_assert(!v.tripped);
	gate_rule_release(&r);
	r = parse_ok("runnable >= 0");
	ck_assert_int_eq(r.split, 1 + DIFF_SPLIT_RUNNABLE);
	ck_assert_ptr_null(r.syscall);
	gate_rule_release(&r);
	r = parse_ok("on-cpu(write) < 5ms");
	ck_assert_int_eq(r.split, 1 + DIFF_SPLIT_ONCPU);
	gate_rule_release(&r);
}
END_TEST

START_TEST(test_eval_noise)
{
	struct diff_row r = row_of(DIFF_P99, 1000, 1300);
	struct gate_rule rule = parse_ok("p99(openat) > +20%");
	struct gate_verdict v;
	/* not tested (few calls): the numbers decide */
	gate_eval(&rule, &r, &v);
	ck_assert(v.tripped);
	ck_assert(!v.noise);
	ck_assert(!v.tested);
	/* tested, within noise: does not trip, and says why */
	r.tested = true;
	r.significant = false;
	r.rank.p = 0.5;
	gate_eval(&rule, &r, &v);
	ck_assert(!v.tripped);
	ck_assert(v.noise);
	ck_assert(v.tested);
	ck_assert_double_eq(v.p, 0.5);
	ck_assert_double_eq_tol(v.measured, 30, 1e-9);
	/* significant: trips */
	r.significant = true;
	r.rank.p = 0.001;
	gate_eval(&rule, &r, &v);
	ck_assert(v.tripped);
	ck_assert(!v.noise);
	gate_rule_release(&rule);
	/* an absolute threshold always applies */
	r.significant = false;
	ck_assert(trips("p99(openat) > 1200", &r));
	/* counts are exact: the test never holds them back */
	r.v[DIFF_CALLS] = (struct diff_val){10, 20};
	ck_assert(trips("calls(openat) > +50%", &r));
}
END_TEST

static const char *describe(const char *expr, const struct diff_row *row)
{
	static char buf[256];
	struct gate_rule r = parse_ok(expr);
	struct gate_verdict v;
	gate_eval(&r, row, &v);
	gate_describe(buf, sizeof(buf), &r, &v);
	gate_rule_release(&r);
	return buf;
}

START_TEST(test_describe)
{
	struct diff_row r = row_of(DIFF_CALLS, 1000, 1100);
	ck_assert_str_eq(describe("calls(openat) > +10%", &r), "openat calls 1000 -> 1100 (+10.0%)");
	r = row_of(DIFF_ERRORS, 5, 10);
	ck_assert_str_eq(describe("errors(openat) >= +5", &r),
			 "openat errors 5 -> 10 (+5, +100.0%)");
	r = row_of(DIFF_ERRORS, 0, 11);
	ck_assert_str_eq(describe("errors > 0", &r), "all syscalls errors 0 -> 11 (+11, new)");
	r = row_of(DIFF_TOTAL, 4730000, 19200000);
	ck_assert_str_eq(describe("total_time > +50%", &r),
			 "all syscalls total time 4.73ms -> 19.2ms (+305.9%)");
	r = row_of(DIFF_P99, 1000, 1300);
	r.name = "read";
	r.tested = true;
	r.significant = true;
	r.rank.p = 0.00012;
	ck_assert_str_eq(describe("p99(read) > +20%", &r),
			 "read p99 1.00us -> 1.30us (+30.0%, p=0.00012)");
	r.rank.p = 1e-9;
	ck_assert_str_eq(describe("p99(read) > +20%", &r),
			 "read p99 1.00us -> 1.30us (+30.0%, p<0.0001)");
	ck_assert_str_eq(describe("calls(getppid) > 20000", NULL), "getppid calls 0 -> 0 (0, 0.0%)");
}
END_TEST

static Suite *gate_suite(void)
{
	Suite *s = suite_create("gate");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_examples);
	tcase_add_test(tc, test_parse_forms);
	tcase_add_loop_test(tc, test_parse_bad, 0, sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("eval");
	tcase_add_test(tc, test_eval);
	tcase_add_test(tc, test_eval_noise);
	tcase_add_test(tc, test_counter_rule);
	tcase_add_test(tc, test_split_rule);
	tcase_add_test(tc, test_describe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gate_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
