/*
 * check_report_rfilter.c - the report's filters and the parsing of
 * --min-duration, --time, --pid/--tid and -e.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "analysis/rfilter.h"
#include "analysis/sysnames.h"
#include "syscalls/syscall_set.h"

static uint64_t dur(const char *s, uint64_t unit)
{
	uint64_t ns = 12345;
	ck_assert_msg(rfilter_parse_duration(s, unit, &ns) == 0, "'%s' refused", s);
	return ns;
}

static void bad_dur(const char *s, uint64_t unit)
{
	uint64_t ns = 12345;
	ck_assert_msg(rfilter_parse_duration(s, unit, &ns) == -EINVAL, "'%s' accepted", s);
	ck_assert_uint_eq(ns, 12345);
}

START_TEST(test_duration)
{
	ck_assert_uint_eq(dur("10ms", 0), 10000000);
	ck_assert_uint_eq(dur("1.5s", 0), 1500000000);
	ck_assert_uint_eq(dur("250us", 0), 250000);
	ck_assert_uint_eq(dur("100ns", 0), 100);
	ck_assert_uint_eq(dur("0.1s", 0), 100000000);
	ck_assert_uint_eq(dur("1.0005ms", 0), 1000500);
	ck_assert_uint_eq(dur(".5s", 0), 500000000);
	ck_assert_uint_eq(dur("2min", 0), 120000000000ull);
	ck_assert_uint_eq(dur("0", 0), 0);
	ck_assert_uint_eq(dur("3", 1000000000), 3000000000ull);
	ck_assert_uint_eq(dur("2.5", 1000000000), 2500000000ull);
	bad_dur("10", 0); /* no unit */
	bad_dur("", 0);
	bad_dur("ms", 0);
	bad_dur("-1ms", 0);
	bad_dur("+1ms", 0);
	bad_dur(" 1ms", 0);
	bad_dur("1 ms", 0);
	bad_dur("1.2.3ms", 0);
	bad_dur("1e3ms", 0);
	bad_dur("0x10ms", 0);
	bad_dur("10kb", 0);
	bad_dur("inf", 0);
	bad_dur("nan", 1);
	bad_dur(".", 1);
	bad_dur("99999999999999s", 0); /* beyond 2^64 ns */
}
END_TEST

START_TEST(test_time)
{
	struct rfilter f;
	rfilter_init(&f);
	ck_assert_int_eq(rfilter_parse_time("1.5,3", &f), 0);
	ck_assert(f.has_start && f.has_end);
	ck_assert_uint_eq(f.start, 1500000000);
	ck_assert_uint_eq(f.end, 3000000000ull);
	ck_assert_int_eq(rfilter_parse_time("2,", &f), 0);
	ck_assert(f.has_start && !f.has_end);
	ck_assert_uint_eq(f.start, 2000000000ull);
	ck_assert_int_eq(rfilter_parse_time(",250ms", &f), 0);
	ck_assert(!f.has_start && f.has_end);
	ck_assert_uint_eq(f.end, 250000000);
	ck_assert_int_eq(rfilter_parse_time("4", &f), 0);
	ck_assert(f.has_start && !f.has_end);
	ck_assert_uint_eq(f.start, 4000000000ull);
	ck_assert_int_eq(rfilter_parse_time("2,2", &f), 0);
	ck_assert_int_eq(rfilter_parse_time("5,2", &f), -EINVAL);
	ck_assert_int_eq(rfilter_parse_time(",", &f), -EINVAL);
	ck_assert_int_eq(rfilter_parse_time("", &f), -EINVAL);
	ck_assert_int_eq(rfilter_parse_time("a,b", &f), -EINVAL);
	ck_assert_int_eq(rfilter_parse_time("1,2,3", &f), -EINVAL);
	ck_assert_int_eq(rfilter_parse_time("-1,2", &f), -EINVAL);
	rfilter_release(&f);
}
END_TEST

START_TEST(test_ids)
{
	int32_t *ids = NULL;
	size_t n = 0;
	ck_assert_int_eq(rfilter_parse_ids("12,345", &ids, &n), 0);
	ck_assert_int_eq(rfilter_parse_ids("7", &ids, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(ids[0], 12);
	ck_assert_int_eq(ids[1], 345);
	ck_assert_int_eq(ids[2], 7);
	static const char *const bad[] = {"", ",", "1,", ",1", "1,,2", "a", "-1", "1x", "99999999999", " 1", "0", "5,0"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(rfilter_parse_ids(bad[i], &ids, &n) == -EINVAL, "'%s' accepted", bad[i]);
	free(ids);
}
END_TEST

static const struct scf_syscall_name table[] = {{0, "read"}, {1, "write"}, {257, "openat"}};
static const struct scf_meta meta = {.nsyscalls = 3, .syscalls = table, .start_time = 1000};

static struct scf_call call(int32_t nr, int64_t ret, uint64_t start, uint64_t duration)
{
	struct scf_call c = {0};
	c.nr = nr;
	c.ret = ret;
	c.start = start;
	c.duration = duration;
	c.pid = 10;
	c.tid = 11;
	return c;
}

START_TEST(test_calls)
{
	struct sysnames *sn;
	ck_assert_int_eq(sysnames_new(&meta, &sn), 0);
	struct rfilter f;
	rfilter_init(&f);
	ck_assert(!rfilter_active(&f));
	ck_assert_int_eq(rfilter_bind(&f, meta.start_time, sn), 0);
	struct scf_call c = call(0, 5, 2000, 100);
	ck_assert(rfilter_call(&f, &c, NULL));

	/* pid and tid */
	ck_assert_int_eq(rfilter_parse_ids("9,10", &f.pids, &f.npids), 0);
	ck_assert(rfilter_active(&f));
	ck_assert(rfilter_call(&f, &c, NULL));
	c.pid = 12;
	ck_assert(!rfilter_call(&f, &c, NULL));
	c.pid = 10;
	ck_assert_int_eq(rfilter_parse_ids("12", &f.tids, &f.ntids), 0);
	ck_assert(!rfilter_call(&f, &c, NULL));
	c.tid = 12;
	ck_assert(rfilter_call(&f, &c, NULL));

	/* comm: the name passed in (the thread's when the call was made) */
	f.comm = "nginx";
	ck_assert(rfilter_needs_comm(&f));
	ck_assert(!rfilter_call(&f, &c, NULL));
	ck_assert(!rfilter_call(&f, &c, "nginx2"));
	ck_assert(rfilter_call(&f, &c, "nginx"));
	f.comm = NULL;
	rfilter_release(&f);
	rfilter_init(&f);
	ck_assert_int_eq(rfilter_bind(&f, meta.start_time, sn), 0);

	/* failed / successful: NO_RETURN and UNFINISHED are neither */
	struct scf_call ok = call(0, 5, 2000, 100), fail = call(0, -2, 2000, 100);
	struct scf_call odd = call(0, -5000, 2000, 100); /* not an errno */
	struct scf_call noret = call(0, -1, 2000, 100), unfin = call(0, 0, 2000, 100);
	noret.flags = SCF_CALL_NO_RETURN;
	unfin.flags = SCF_CALL_UNFINISHED;
	f.failed = true;
	ck_assert(!rfilter_call(&f, &ok, NULL));
	ck_assert(rfilter_call(&f, &fail, NULL));
	ck_assert(!rfilter_call(&f, &odd, NULL));
	ck_assert(!rfilter_call(&f, &noret, NULL));
	ck_assert(!rfilter_call(&f, &unfin, NULL));
	f.failed = false;
	f.successful = true;
	ck_assert(rfilter_call(&f, &ok, NULL));
	ck_assert(!rfilter_call(&f, &fail, NULL));
	ck_assert(rfilter_call(&f, &odd, NULL));
	ck_assert(!rfilter_call(&f, &noret, NULL));
	ck_assert(!rfilter_call(&f, &unfin, NULL));
	f.successful = false;

	/* min duration: at least */
	f.min_duration = 100;
	ck_assert(rfilter_call(&f, &ok, NULL));
	ok.duration = 99;
	ck_assert(!rfilter_call(&f, &ok, NULL));
	f.min_duration = 0;

	/* time window [start, end) of the entry, from the recording's start */
	ck_assert_int_eq(rfilter_parse_time("0.000001,0.000002", &f), 0); /* [1000, 2000) ns */
	ok = call(0, 0, 1000 + 999, 5);
	ck_assert(!rfilter_call(&f, &ok, NULL));
	ok.start = 1000 + 1000;
	ck_assert(rfilter_call(&f, &ok, NULL));
	ok.start = 1000 + 1999;
	ck_assert(rfilter_call(&f, &ok, NULL));
	ok.start = 1000 + 2000;
	ck_assert(!rfilter_call(&f, &ok, NULL));
	ck_assert(rfilter_task(&f, 1, 1, 1000 + 1500, NULL));
	ck_assert(!rfilter_task(&f, 1, 1, 500, NULL)); /* before the start */
	f.has_start = f.has_end = false;

	rfilter_release(&f);
	sysnames_free(sn);
}
END_TEST

START_TEST(test_trace_set)
{
	struct sysnames *sn;
	ck_assert_int_eq(sysnames_new(&meta, &sn), 0);
	struct rfilter f;
	rfilter_init(&f);
	char err[128];
	ck_assert_int_eq(syscall_set_parse("trace=read,openat", &f.set, err, sizeof(err)), 0);
	ck_assert_int_eq(rfilter_bind(&f, meta.start_time, sn), 0);
	ck_assert(rfilter_active(&f));
	/* twice each: the second answer comes from the per-number cache */
	for (int i = 0; i < 2; i++) {
		struct scf_call r = call(0, 0, 2000, 1), w = call(1, 0, 2000, 1);
		struct scf_call o = call(257, 0, 2000, 1), x = call(9999, 0, 2000, 1);
		ck_assert(rfilter_call(&f, &r, NULL));
		ck_assert(!rfilter_call(&f, &w, NULL));
		ck_assert(rfilter_call(&f, &o, NULL));
		ck_assert(!rfilter_call(&f, &x, NULL)); /* syscall_9999 */
	}
	rfilter_release(&f);

	/* negated: by name from the recording's table */
	rfilter_init(&f);
	ck_assert_int_eq(syscall_set_parse("!write", &f.set, err, sizeof(err)), 0);
	ck_assert_int_eq(rfilter_bind(&f, meta.start_time, sn), 0);
	struct scf_call r = call(0, 0, 2000, 1), w = call(1, 0, 2000, 1);
	ck_assert(rfilter_call(&f, &r, NULL));
	ck_assert(!rfilter_call(&f, &w, NULL));
	rfilter_release(&f);
	sysnames_free(sn);
}
END_TEST

START_TEST(test_sysnames)
{
	struct sysnames *sn;
	ck_assert_int_eq(sysnames_new(&meta, &sn), 0);
	ck_assert_str_eq(sysnames_get(sn, 257), "openat");
	ck_assert_str_eq(sysnames_get(sn, 2), "syscall_2");
	ck_assert_str_eq(sysnames_get(sn, -3), "syscall_-3");
	ck_assert_str_eq(sysnames_get(sn, 100000), "syscall_100000");
	/* stable pointers */
	ck_assert_ptr_eq(sysnames_get(sn, 2), sysnames_get(sn, 2));
	ck_assert_ptr_eq(sysnames_get(sn, 100000), sysnames_get(sn, 100000));
	sysnames_free(sn);
	sysnames_free(NULL);
}
END_TEST


int main(void)
{
	Suite *s = suite_create("report_rfilter");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_duration);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_calls);
	tcase_add_test(tc, test_trace_set);
	tcase_add_test(tc, test_sysnames);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
