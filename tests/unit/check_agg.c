/*
 * check_agg.c - per-group syscall statistics: counting rules for every
 * SCF_CALL flag, errno counts, grouping, merging and sorting.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "analysis/agg.h"

static const char *test_name(void *ctx, int32_t nr)
{
	(void)ctx;
	switch (nr) {
	case 0:
		return "read";
	case 1:
		return "write";
	case 2:
		return "open";
	case 60:
		return "exit";
	case 202:
		return "futex";
	case 231:
		return "exit_group";
	case 59:
		return "execve";
	default:
		return "other";
	}
}

static struct scf_call call(int32_t nr, int64_t ret, uint64_t duration, uint32_t flags)
{
	struct scf_call c = {0};
	c.nr = nr;
	c.ret = ret;
	c.duration = duration;
	c.flags = flags;
	c.pid = 100;
	c.tid = 101;
	return c;
}

static struct agg *new_agg(void)
{
	struct agg *a;
	ck_assert_int_eq(agg_new(test_name, NULL, &a), 0);
	return a;
}

START_TEST(test_completed)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	ck_assert_ptr_nonnull(g);
	struct scf_call c = call(0, 4096, 1000, 0);
	ck_assert_int_eq(agg_add(g, &c), 0);
	c = call(0, 0, 3000, 0);
	ck_assert_int_eq(agg_add(g, &c), 0);
	struct agg_sys *s = agg_find(g, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->name, "read");
	ck_assert_uint_eq(s->calls, 2);
	ck_assert_uint_eq(s->errors, 0);
	ck_assert_uint_eq(s->unfinished, 0);
	ck_assert_uint_eq(s->lat.count, 2);
	ck_assert_uint_eq(s->lat.sum, 4000);
	ck_assert_uint_eq(hist_min(&s->lat), 1000);
	ck_assert_uint_eq(s->lat.max, 3000);
	ck_assert_ptr_null(agg_find(g, 1));
	ck_assert_ptr_null(agg_find(g, 5000));
	ck_assert_ptr_null(agg_find(g, -7));
	ck_assert_int_eq(g->pid, 100);
	ck_assert_int_eq(g->tid, 101);
	agg_free(a);
}
END_TEST

START_TEST(test_errors)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	int64_t rets[] = {-ENOENT, -ENOENT, -EACCES, -1, -4095, -4096, -100000, 3, 0};
	for (size_t i = 0; i < sizeof(rets) / sizeof(rets[0]); i++) {
		struct scf_call c = call(2, rets[i], 10, 0);
		ck_assert_int_eq(agg_add(g, &c), 0);
	}
	struct agg_sys *s = agg_find(g, 2);
	ck_assert_uint_eq(s->calls, 9);
	/* -4096 and -100000 are not errors (strace's -4095..-1 rule) */
	ck_assert_uint_eq(s->errors, 5);
	ck_assert_uint_eq(s->lat.count, 9);
	agg_sys_finish(s);
	ck_assert_uint_eq(s->nerrnos, 4);
	ck_assert_int_eq(s->errnos[0].err, ENOENT);
	ck_assert_uint_eq(s->errnos[0].count, 2);
	/* ties by errno number */
	ck_assert_int_eq(s->errnos[1].err, EPERM);
	ck_assert_int_eq(s->errnos[2].err, EACCES);
	ck_assert_int_eq(s->errnos[3].err, 4095);
	ck_assert(agg_is_error(-1));
	ck_assert(agg_is_error(-4095));
	ck_assert(!agg_is_error(-4096));
	ck_assert(!agg_is_error(0));
	agg_free(a);
}
END_TEST

START_TEST(test_no_enter)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	struct scf_call c = call(59, 0, 0, SCF_CALL_NO_ENTER);
	agg_add(g, &c);
	c = call(59, -ENOEXEC, 0, SCF_CALL_NO_ENTER);
	agg_add(g, &c);
	struct agg_sys *s = agg_find(g, 59);
	ck_assert_uint_eq(s->calls, 2);
	ck_assert_uint_eq(s->errors, 1);
	ck_assert_uint_eq(s->lat.count, 0);
	ck_assert_uint_eq(s->lat.sum, 0);
	agg_free(a);
}
END_TEST

START_TEST(test_no_return)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	/* exit_group never returns: not a call (strace -c leaves it out);
	 * its ret is meaningless even if it looks like an errno */
	struct scf_call c = call(231, -1, 5000, SCF_CALL_NO_RETURN);
	agg_add(g, &c);
	struct agg_sys *s = agg_find(g, 231);
	ck_assert_uint_eq(s->calls, 0);
	ck_assert_uint_eq(s->no_return, 1);
	ck_assert_uint_eq(s->errors, 0);
	ck_assert_uint_eq(s->nerrnos, 0);
	ck_assert_uint_eq(s->lat.count, 0);
	ck_assert_uint_eq(s->lat.sum, 0);
	agg_free(a);
}
END_TEST

START_TEST(test_unfinished)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	struct scf_call c = call(202, 0, 12000000000ull, SCF_CALL_UNFINISHED);
	agg_add(g, &c);
	c = call(202, 0, 9000000000ull, SCF_CALL_UNFINISHED | SCF_CALL_ENTERED_BEFORE);
	agg_add(g, &c);
	struct agg_sys *s = agg_find(g, 202);
	ck_assert_uint_eq(s->calls, 0);
	ck_assert_uint_eq(s->errors, 0);
	ck_assert_uint_eq(s->unfinished, 2);
	ck_assert_uint_eq(s->lat.count, 0);
	agg_free(a);
}
END_TEST

START_TEST(test_entered_before)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	/* finished: a call (and error), partial; its lower-bound duration
	 * is kept apart, out of the latencies and the total time */
	struct scf_call c = call(0, -EINTR, 700, SCF_CALL_ENTERED_BEFORE);
	ck_assert_int_eq(agg_add(g, &c), 0);
	struct scf_call done = call(0, 0, 300, 0);
	ck_assert_int_eq(agg_add(g, &done), 0);
	struct agg_sys *s = agg_find(g, 0);
	ck_assert_uint_eq(s->calls, 2);
	ck_assert_uint_eq(s->errors, 1);
	ck_assert_uint_eq(s->partial, 1);
	ck_assert_uint_eq(s->partial_ns, 700);
	ck_assert_uint_eq(s->lat.count, 1);
	ck_assert_uint_eq(s->lat.sum, 300);
	ck_assert_uint_eq(hist_min(&s->lat), 300);
	ck_assert_uint_eq(s->lat.max, 300);
	/* merged and totalled alike */
	struct agg_sys sum;
	ck_assert_int_eq(agg_group_total(g, &sum), 0);
	ck_assert_uint_eq(sum.partial, 1);
	ck_assert_uint_eq(sum.partial_ns, 700);
	ck_assert_uint_eq(sum.calls, 2);
	agg_sys_release(&sum);
	/* still blocked when recording stopped: unfinished, not partial */
	struct scf_call blocked = call(0, 0, 900, SCF_CALL_ENTERED_BEFORE | SCF_CALL_UNFINISHED);
	ck_assert_int_eq(agg_add(g, &blocked), 0);
	ck_assert_uint_eq(s->unfinished, 1);
	ck_assert_uint_eq(s->partial, 1);
	agg_free(a);
}
END_TEST

START_TEST(test_odd_numbers)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	int32_t nrs[] = {-1, 100000, 1073741824 + 1, 4095, 4096, 100000};
	for (size_t i = 0; i < 6; i++) {
		struct scf_call c = call(nrs[i], 0, 1, 0);
		ck_assert_int_eq(agg_add(g, &c), 0);
	}
	ck_assert_uint_eq(g->nsys, 5);
	ck_assert_uint_eq(agg_find(g, 100000)->calls, 2);
	ck_assert_uint_eq(agg_find(g, -1)->calls, 1);
	ck_assert_uint_eq(agg_find(g, 4095)->calls, 1);
	ck_assert_uint_eq(agg_find(g, 4096)->calls, 1);
	agg_free(a);
}
END_TEST

START_TEST(test_groups)
{
	struct agg *a = new_agg();
	/* 1000 threads, 3 calls each, keys interleaved */
	for (int round = 0; round < 3; round++) {
		for (int t = 0; t < 1000; t++) {
			struct agg_group *g = agg_group(a, (uint64_t)t * 7919);
			ck_assert_ptr_nonnull(g);
			struct scf_call c = call(t % 3, 0, (uint64_t)t, 0);
			c.pid = 5;
			c.tid = t;
			ck_assert_int_eq(agg_add(g, &c), 0);
		}
	}
	ck_assert_uint_eq(agg_ngroups(a), 1000);
	for (int t = 0; t < 1000; t++) {
		struct agg_group *g = agg_group_at(a, (size_t)t);
		ck_assert_uint_eq(g->key, (uint64_t)t * 7919);
		ck_assert_int_eq(g->tid, t);
		ck_assert_uint_eq(agg_find(g, t % 3)->calls, 3);
	}
	ck_assert_ptr_eq(agg_group(a, 7919 * 500), agg_group_at(a, 500));
	agg_free(a);
}
END_TEST

static uint64_t key_total(void *ctx, const struct agg_group *g)
{
	(void)ctx;
	(void)g;
	return 0;
}

static uint64_t key_parity(void *ctx, const struct agg_group *g)
{
	(void)ctx;
	return g->key % 2;
}

START_TEST(test_regroup)
{
	struct agg *a = new_agg();
	for (int t = 0; t < 10; t++) {
		struct agg_group *g = agg_group(a, (uint64_t)t);
		for (int i = 0; i <= t; i++) {
			struct scf_call c = call(i % 2, i == 0 ? -ENOENT : 0, 100, 0);
			c.tid = 1000 + t;
			agg_add(g, &c);
		}
	}
	struct agg *tot, *par;
	ck_assert_int_eq(agg_regroup(a, key_total, NULL, &tot), 0);
	ck_assert_int_eq(agg_regroup(a, key_parity, NULL, &par), 0);
	ck_assert_uint_eq(agg_ngroups(tot), 1);
	struct agg_group *g = agg_group_at(tot, 0);
	/* 55 calls: per thread t, ceil((t+1)/2) reads */
	ck_assert_uint_eq(agg_find(g, 0)->calls, 30);
	ck_assert_uint_eq(agg_find(g, 1)->calls, 25);
	ck_assert_uint_eq(agg_find(g, 0)->errors, 10);
	ck_assert_uint_eq(agg_find(g, 0)->nerrnos, 1);
	ck_assert_uint_eq(agg_find(g, 0)->errnos[0].count, 10);
	ck_assert_uint_eq(agg_find(g, 0)->lat.sum, 3000);
	ck_assert_int_eq(g->tid, 1000);
	struct agg_sys total;
	ck_assert_int_eq(agg_group_total(g, &total), 0);
	ck_assert_uint_eq(total.calls, 55);
	ck_assert_uint_eq(total.errors, 10);
	ck_assert_uint_eq(total.lat.sum, 5500);
	agg_sys_release(&total);

	ck_assert_uint_eq(agg_ngroups(par), 2);
	struct agg_group *even = agg_group(par, 0), *odd = agg_group(par, 1);
	ck_assert_int_eq(even->tid, 1000);
	ck_assert_int_eq(odd->tid, 1001);
	/* even t: 0,2,4,6,8 -> 1+3+5+7+9 = 25 calls */
	ck_assert_int_eq(agg_group_total(even, &total), 0);
	ck_assert_uint_eq(total.calls, 25);
	agg_sys_release(&total);
	ck_assert_int_eq(agg_group_total(odd, &total), 0);
	ck_assert_uint_eq(total.calls, 30);
	agg_sys_release(&total);
	agg_free(tot);
	agg_free(par);
	agg_free(a);
}
END_TEST

START_TEST(test_sort)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	/* read: 3 calls, 30 total, max 20; write: 1 call 50, 1 error;
	 * open: 2 calls 2 errors, 40 total; exit_group: no time */
	struct scf_call cs[] = {
		call(0, 0, 5, 0),        call(0, 0, 5, 0),        call(0, 0, 20, 0),
		call(1, -EBADF, 50, 0),  call(2, -ENOENT, 20, 0), call(2, -EACCES, 20, 0),
		call(231, 0, 0, SCF_CALL_NO_RETURN),
	};
	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
		agg_add(g, &cs[i]);
	struct agg_sys *v[4];
	memcpy(v, g->sys, sizeof(v));
	ck_assert_uint_eq(g->nsys, 4);
	char order[64];
#define ORDER()                                                                                    \
	snprintf(order, sizeof(order), "%s %s %s %s", v[0]->name, v[1]->name, v[2]->name,          \
		 v[3]->name)
	agg_sort(v, 4, AGG_SORT_TIME);
	ORDER();
	ck_assert_str_eq(order, "write open read exit_group");
	agg_sort(v, 4, AGG_SORT_CALLS);
	ORDER();
	ck_assert_str_eq(order, "read open write exit_group");
	agg_sort(v, 4, AGG_SORT_ERRORS);
	ORDER();
	ck_assert_str_eq(order, "open write read exit_group");
	agg_sort(v, 4, AGG_SORT_NAME);
	ORDER();
	ck_assert_str_eq(order, "exit_group open read write");
	agg_sort(v, 4, AGG_SORT_AVG);
	ORDER();
	ck_assert_str_eq(order, "write open read exit_group");
	agg_sort(v, 4, AGG_SORT_MAX);
	ORDER();
	/* open and read tie at 20: more calls first */
	ck_assert_str_eq(order, "write read open exit_group");
	ck_assert_int_eq(agg_sort_parse("time"), AGG_SORT_TIME);
	ck_assert_int_eq(agg_sort_parse("avg-time"), AGG_SORT_AVG);
	ck_assert_int_eq(agg_sort_parse("max"), AGG_SORT_MAX);
	ck_assert_int_eq(agg_sort_parse("bogus"), 0);
	agg_free(a);
}
END_TEST

/* record --off-cpu: the completed calls' time split three ways (adding
 * up to it; a call without the part all on a CPU), their wait sites and
 * wakers by blocked time, an unfinished call counting in none, and the
 * same after merging into a total. */
START_TEST(test_offcpu)
{
	struct agg *a = new_agg();
	struct agg_group *g = agg_group(a, 0);
	static const uint64_t pipe_stack[] = { 0xffffffff81300010ull, 0xffffffff81100210ull };
	static const uint64_t sleep_stack[] = { 0xffffffff8224fbdeull };
	struct scf_offcpu o1 = { .blocked = 700, .runnable = 100, .longest = 700, .switches = 1,
				 .flags = SCF_OFFCPU_WAKER, .nkips = 2, .kips = pipe_stack,
				 .waker_pid = 7, .waker_tid = 8, .waker_comm = "writer" };
	struct scf_offcpu o2 = { .blocked = 50, .longest = 50, .switches = 1,
				 .flags = SCF_OFFCPU_WAKER_IRQ, .nkips = 1, .kips = sleep_stack };
	struct scf_call c = call(0, 1, 1000, 0);
	c.offcpu = &o1;
	ck_assert_int_eq(agg_add(g, &c), 0);
	ck_assert_int_eq(agg_add(g, &c), 0);
	c = call(0, 1, 60, 0);
	c.offcpu = &o2;
	ck_assert_int_eq(agg_add(g, &c), 0);
	c = call(0, 1, 30, 0); /* never left the CPU */
	ck_assert_int_eq(agg_add(g, &c), 0);
	c = call(0, 0, 5000, SCF_CALL_UNFINISHED);
	struct scf_offcpu o3 = { .blocked = 4000, .longest = 4000, .switches = 1,
				 .flags = SCF_OFFCPU_BLOCKED_AT_END, .nkips = 1, .kips = sleep_stack };
	c.offcpu = &o3;
	ck_assert_int_eq(agg_add(g, &c), 0);
	struct agg_sys *s = agg_find(g, 0);
	ck_assert_uint_eq(s->lat.sum, 2090);
	ck_assert_uint_eq(s->blocked_ns, 1450);
	ck_assert_uint_eq(s->runnable_ns, 200);
	ck_assert_uint_eq(s->oncpu_ns, 2090 - 1450 - 200);
	agg_sys_finish(s);
	ck_assert_uint_eq(s->waits->nsites, 2);
	ck_assert_uint_eq(s->waits->sites[0].blocked_ns, 1400);
	ck_assert_uint_eq(s->waits->sites[0].calls, 2);
	ck_assert_uint_eq(s->waits->sites[0].nkips, 2);
	ck_assert_uint_eq(s->waits->sites[0].kips[1], pipe_stack[1]);
	ck_assert_uint_eq(s->waits->sites[1].calls, 1);
	ck_assert_uint_eq(s->waits->nwakers, 2);
	ck_assert_str_eq(s->waits->wakers[0].comm, "writer");
	ck_assert_int_eq(s->waits->wakers[0].tid, 8);
	ck_assert_uint_eq(s->waits->wakers[0].calls, 2);
	ck_assert(s->waits->wakers[1].irq);
	ck_assert_uint_eq(s->waits->wakers[1].blocked_ns, 50);

	struct agg_sys total;
	ck_assert_int_eq(agg_group_total(g, &total), 0);
	ck_assert_uint_eq(total.blocked_ns, 1450);
	ck_assert_uint_eq(total.oncpu_ns + total.blocked_ns + total.runnable_ns, total.lat.sum);
	ck_assert_uint_eq(total.waits->nsites, 2);
	ck_assert_uint_eq(total.waits->sites[0].calls, 2);
	agg_sys_release(&total);
	agg_free(a);
}
END_TEST

START_TEST(test_free_null)
{
	agg_free(NULL);
}
END_TEST

static Suite *agg_suite(void)
{
	Suite *s = suite_create("agg");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_completed);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_no_enter);
	tcase_add_test(tc, test_no_return);
	tcase_add_test(tc, test_unfinished);
	tcase_add_test(tc, test_entered_before);
	tcase_add_test(tc, test_odd_numbers);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_regroup);
	tcase_add_test(tc, test_sort);
	tcase_add_test(tc, test_free_null);
	tcase_add_test(tc, test_offcpu);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(agg_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
