/*
 * check_live.c - one interval of scprof top (analysis/live.h): counts,
 * errors, time and percentiles per syscall, processes named by their main
 * thread, sorting, and intervals that start empty but keep the names.
 */
#include <check.h>
#include <string.h>

#include "analysis/live.h"

static const char *test_name(void *ctx, int32_t nr)
{
	(void)ctx;
	return nr == 0 ? "read" : nr == 1 ? "write" : nr == 110 ? "getppid" : "other";
}

static struct scf_event call(int32_t pid, int32_t nr, int64_t ret, uint64_t dur)
{
	struct scf_event e = { .type = SCF_EV_CALL, .time = 1000 };
	e.call.pid = pid;
	e.call.tid = pid;
	e.call.nr = nr;
	e.call.ret = ret;
	e.call.duration = dur;
	return e;
}

static struct scf_event comm(int32_t pid, int32_t tid, const char *name)
{
	struct scf_event e = { .type = SCF_EV_COMM };
	e.comm.pid = pid;
	e.comm.tid = tid;
	strncpy(e.comm.comm, name, sizeof(e.comm.comm) - 1);
	return e;
}

static void add(struct live *l, struct scf_event e)
{
	ck_assert_int_eq(live_add(l, &e), 0);
}

START_TEST(test_interval)
{
	struct live *l;
	ck_assert_int_eq(live_new(test_name, NULL, &l), 0);
	add(l, comm(10, 11, "worker"));  /* a thread's name first */
	add(l, comm(10, 10, "server"));  /* then the main thread's wins */
	add(l, comm(10, 12, "other"));   /* and stays */
	/* getppid: 100..5000 ns (50 values: hist keeps them exact) */
	for (uint64_t i = 1; i <= 50; i++)
		add(l, call(10, 110, 10, i * 100));
	add(l, call(10, 0, -2, 5000));                  /* read: ENOENT */
	add(l, call(20, 0, 3, 7000));
	add(l, call(20, 1, 3, 1000000));                /* write: 1 ms */
	struct scf_event lost = { .type = SCF_EV_LOST };
	lost.lost.count = 7;
	add(l, lost);
	struct live_view v;
	/* nothing ended yet */
	ck_assert_int_eq(live_view(l, LIVE_SORT_CALLS, &v), 0);
	ck_assert_uint_eq(v.nsys, 0);
	ck_assert_int_eq(live_next(l), 0);
	ck_assert_int_eq(live_view(l, LIVE_SORT_CALLS, &v), 0);
	ck_assert_uint_eq(v.nsys, 3);
	ck_assert_uint_eq(v.calls, 53);
	ck_assert_uint_eq(v.errors, 1);
	ck_assert_uint_eq(v.lost, 7);
	ck_assert_str_eq(v.sys[0].name, "getppid");
	ck_assert_uint_eq(v.sys[0].calls, 50);
	ck_assert_uint_eq(v.sys[0].p50, 2500);   /* nearest rank: the 25th */
	ck_assert_uint_eq(v.sys[0].p99, 5000);   /* the 50th */
	ck_assert_uint_eq(v.sys[0].time_ns, 127500);
	ck_assert_str_eq(v.sys[1].name, "read");
	ck_assert_uint_eq(v.sys[1].calls, 2);
	ck_assert_uint_eq(v.sys[1].errors, 1);
	ck_assert_uint_eq(v.time_ns, 127500 + 12000 + 1000000);
	ck_assert_uint_eq(v.nprocs, 2);
	ck_assert_int_eq(v.procs[0].pid, 10);
	ck_assert_str_eq(v.procs[0].comm, "server");
	ck_assert_uint_eq(v.procs[0].calls, 51);
	ck_assert_uint_eq(v.procs[0].errors, 1);
	ck_assert_int_eq(v.procs[1].pid, 20);
	ck_assert_str_eq(v.procs[1].comm, "");
	ck_assert_uint_eq(v.procs[1].time_ns, 1007000);
	/* other orders of the same interval */
	ck_assert_int_eq(live_view(l, LIVE_SORT_TIME, &v), 0);
	ck_assert_str_eq(v.sys[0].name, "write");
	ck_assert_int_eq(live_view(l, LIVE_SORT_ERRORS, &v), 0);
	ck_assert_str_eq(v.sys[0].name, "read");
	ck_assert_int_eq(live_view(l, LIVE_SORT_P99, &v), 0);
	ck_assert_str_eq(v.sys[0].name, "write");  /* 1 ms */
	ck_assert_str_eq(v.sys[1].name, "read");   /* 7 us */
	ck_assert_str_eq(v.sys[2].name, "getppid"); /* 5 us */
	ck_assert_int_eq(live_view(l, LIVE_SORT_NAME, &v), 0);
	ck_assert_str_eq(v.sys[0].name, "getppid");
	ck_assert_str_eq(v.sys[2].name, "write");
	/* the next interval starts empty, the names stay */
	add(l, call(10, 1, 1, 10));
	ck_assert_int_eq(live_next(l), 0);
	ck_assert_int_eq(live_view(l, LIVE_SORT_CALLS, &v), 0);
	ck_assert_uint_eq(v.calls, 1);
	ck_assert_uint_eq(v.lost, 0);
	ck_assert_str_eq(v.procs[0].comm, "server");
	ck_assert_int_eq(live_next(l), 0);
	ck_assert_int_eq(live_view(l, LIVE_SORT_CALLS, &v), 0);
	ck_assert_uint_eq(v.nsys, 0);
	ck_assert_uint_eq(v.nprocs, 0);
	live_free(l);
	live_free(NULL);
}
END_TEST

START_TEST(test_unfinished_not_counted)
{
	struct live *l;
	ck_assert_int_eq(live_new(test_name, NULL, &l), 0);
	struct scf_event e = call(10, 0, 0, 100);
	e.call.flags = SCF_CALL_UNFINISHED;
	add(l, e);
	ck_assert_int_eq(live_next(l), 0);
	struct live_view v;
	ck_assert_int_eq(live_view(l, LIVE_SORT_CALLS, &v), 0);
	ck_assert_uint_eq(v.nsys, 0);
	ck_assert_uint_eq(v.calls, 0);
	live_free(l);
}
END_TEST

START_TEST(test_sort_names)
{
	ck_assert_int_eq(live_sort_parse("p99"), LIVE_SORT_P99);
	ck_assert_int_eq(live_sort_parse("calls"), LIVE_SORT_CALLS);
	ck_assert_int_eq(live_sort_parse("bogus"), 0);
	ck_assert_str_eq(live_sort_name(LIVE_SORT_NAME), "name");
	for (int k = LIVE_SORT_CALLS; k <= LIVE_SORT_NAME; k++)
		ck_assert_int_eq(live_sort_parse(live_sort_name(k)), k);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("live");
	tcase_add_test(tc, test_interval);
	tcase_add_test(tc, test_unfinished_not_counted);
	tcase_add_test(tc, test_sort_names);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
