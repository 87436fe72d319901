/* Unit tests for the recorder's merge (per-CPU streams into time order)
 * and pairing (entries and exits into calls). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "profiler/cntstate.h"
#include "profiler/merge.h"
#include "profiler/pairing.h"

#define MAXOUT 100000

static struct scf_event out[MAXOUT];
static uint64_t out_ip[MAXOUT];  /* a call's innermost ip, 0: no stack */
static uint64_t out_cnt[MAXOUT][2];  /* a call's first two counters */
static size_t nout;

static int collect(void *ctx, const struct scf_event *ev)
{
	(void)ctx;
	ck_assert_uint_lt(nout, MAXOUT);
	/* the stack is freed once emitted: keep what the tests look at */
	out_ip[nout] = ev->type == SCF_EV_CALL && ev->call.nips ? ev->call.ips[0] : 0;
	for (uint32_t i = 0; ev->type == SCF_EV_CALL && i < ev->call.ncounters && i < 2; i++)
		out_cnt[nout][i] = ev->call.counters[i];
	out[nout++] = *ev;
	return 0;
}

/* A --stack-every stack sample of tid: one frame, ip. */
static struct raw_event stack_at(uint64_t time, int32_t tid, uint64_t ip)
{
	struct raw_event e = { .time = time, .kind = RAW_STACK, .cpu = 1, .pid = 100, .tid = tid };
	e.sc.stack = raw_stack_new(1, 0, 0);
	ck_assert_ptr_nonnull(e.sc.stack);
	e.sc.stack->ips[0] = ip;
	return e;
}

static void feed_all(struct pairing *p, struct raw_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(pairing_feed(p, &ev[i]), 0);
}

static struct raw_event sc(uint32_t kind, uint64_t time, int32_t tid, int32_t nr, int64_t ret)
{
	struct raw_event e = { .time = time, .kind = kind, .cpu = 1, .pid = 100, .tid = tid };
	e.sc.nr = nr;
	e.sc.ret = ret;
	for (int i = 0; i < 6; i++)
		e.sc.args[i] = (uint64_t)(nr * 10 + i);
	return e;
}

/* Task records live out of line (raw_event.rec): a few static ones do. */
static struct scf_event recs[16];
static size_t nrecs;

static struct raw_event task_rec(uint64_t time, enum scf_event_type type, struct scf_task task)
{
	ck_assert_uint_lt(nrecs, sizeof(recs) / sizeof(recs[0]));
	struct scf_event *rec = &recs[nrecs++];
	*rec = (struct scf_event){ .type = type, .time = time, .task = task };
	return (struct raw_event){ .time = time, .kind = RAW_RECORD, .pid = task.pid,
				   .tid = task.tid, .rec = rec };
}

static struct raw_event task_exit(uint64_t time, int32_t tid)
{
	return task_rec(time, SCF_EV_EXIT, (struct scf_task){ 100, 1, tid, 100 });
}

static struct pairing *fresh(void)
{
	nout = 0;
	return pairing_new(collect, NULL);
}

START_TEST(test_enter_exit_makes_one_call)
{
	struct pairing *p = fresh();
	struct raw_event a = sc(RAW_ENTER, 1000, 7, 39, 0), b = sc(RAW_EXIT, 1750, 7, 39, 100);
	ck_assert_int_eq(pairing_feed(p, &a), 0);
	ck_assert_int_eq(nout, 0);
	ck_assert_int_eq(pairing_feed(p, &b), 0);
	ck_assert_int_eq(nout, 1);
	const struct scf_call *c = &out[0].call;
	ck_assert_int_eq(out[0].type, SCF_EV_CALL);
	ck_assert_uint_eq(out[0].time, 1750);
	ck_assert_uint_eq(c->start, 1000);
	ck_assert_uint_eq(c->duration, 750);
	ck_assert_int_eq(c->tid, 7);
	ck_assert_int_eq(c->pid, 100);
	ck_assert_int_eq(c->nr, 39);
	ck_assert_int_eq(c->ret, 100);
	ck_assert_uint_eq(c->flags, 0);
	ck_assert_uint_eq(c->args[5], 395);
	ck_assert_uint_eq(pairing_stats(p)->calls, 1);
	pairing_free(p);
}
END_TEST

/* A reading of two counters on cpu, owned by the caller. */
static struct raw_counts *reading(uint64_t enabled, uint64_t running, uint64_t v0, uint64_t v1)
{
	struct raw_counts *c = malloc(sizeof(*c) + 2 * sizeof(c->v[0]));
	ck_assert_ptr_nonnull(c);
	*c = (struct raw_counts){ enabled, running };
	c->v[0] = v0;
	c->v[1] = v1;
	return c;
}

static struct raw_event counted(struct raw_event e, uint32_t cpu, struct raw_counts *c)
{
	e.cpu = cpu;
	e.sc.counts = c;
	return e;
}

/* A thread enters on CPU 0, leaves it (a switch reading), runs on CPU 1
 * and exits there: the call gets what it counted on both CPUs, and what
 * it counted on CPU 1 before the call is not charged to it. */
START_TEST(test_counters_follow_the_thread_across_cpus)
{
	struct pairing *p = fresh();
	ck_assert_int_eq(pairing_count(p, 2, false), 0);
	struct raw_counts *r[5] = {
		reading(100, 40, 5, 1),   /* earlier, on CPU 1: counts 5 and 1 there */
		reading(200, 140, 10, 2), /* the entry, on CPU 0 */
		reading(250, 190, 13, 3), /* it leaves CPU 0: 3 faults, 1 switch */
		reading(400, 300, 9, 1),  /* the exit, on CPU 1: 4 more faults there */
		reading(500, 400, 0, 0),
	};
	struct raw_event ev[] = {
		counted(sc(RAW_EXIT, 900, 7, 1, 0), 1, r[0]),
		counted(sc(RAW_ENTER, 1000, 7, 0, 0), 0, r[1]),
		counted((struct raw_event){ .time = 1100, .kind = RAW_SWITCH, .tid = 7, .pid = 100 },
			0, r[2]),
		counted(sc(RAW_EXIT, 1200, 7, 0, 4096), 1, r[3]),
	};
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(pairing_feed(p, &ev[i]), 0);
	ck_assert_int_eq(nout, 2);
	ck_assert_uint_eq(out[1].call.ncounters, 2);
	ck_assert_uint_eq(out_cnt[1][0], 3 + 4);
	ck_assert_uint_eq(out_cnt[1][1], 1);
	ck_assert_uint_eq(out[1].call.counters_scaled, 0);
	ck_assert_uint_eq(out[0].call.ncounters, 0); /* no entry: not counted */
	ck_assert_uint_eq(pairing_stats(p)->counters_scaled, 0);
	for (size_t i = 0; i < 5; i++)
		free(r[i]);
	pairing_free(p);
}
END_TEST

/* A group that may be multiplexed and ran half of a call: the call's
 * counts are doubled and marked, and counted in the stats. */
START_TEST(test_counters_multiplexed_call)
{
	struct pairing *p = fresh();
	ck_assert_int_eq(pairing_count(p, 2, true), 0);
	struct raw_counts *a = reading(1000, 1000, 10, 0), *b = reading(3000, 2000, 15, 1);
	struct raw_event ev[] = {
		counted(sc(RAW_ENTER, 1000, 7, 0, 0), 0, a),
		counted(sc(RAW_EXIT, 1200, 7, 0, 1), 0, b),
	};
	for (size_t i = 0; i < 2; i++)
		ck_assert_int_eq(pairing_feed(p, &ev[i]), 0);
	ck_assert_int_eq(nout, 1);
	ck_assert_uint_eq(out_cnt[0][0], 10);
	ck_assert_uint_eq(out_cnt[0][1], 2);
	ck_assert_uint_eq(out[0].call.counters_scaled, 3);
	ck_assert_uint_eq(pairing_stats(p)->counters_scaled, 1);
	free(a);
	free(b);
	pairing_free(p);
}
END_TEST

/* A group that ran 500 of a call's 1000 ns on the CPU counts half: scaled
 * by two and marked; within 0.1% it is taken as it is. */
START_TEST(test_counters_scaled_when_multiplexed)
{
	struct cnt_total a = { .enabled = 1000, .running = 1000, .v = { 10, 20 } };
	struct cnt_total b = { .enabled = 2000, .running = 1500, .v = { 13, 20 } };
	uint64_t v[2];
	ck_assert_uint_eq(cnt_call_counts(&a, &b, 2, true, v), 3);
	ck_assert_uint_eq(v[0], 6);
	ck_assert_uint_eq(v[1], 0);
	ck_assert_uint_eq(cnt_call_counts(&a, &b, 2, false, v), 0); /* software: never */
	ck_assert_uint_eq(v[0], 3);
	b.running = 1999;
	ck_assert_uint_eq(cnt_call_counts(&a, &b, 2, true, v), 0);
	ck_assert_uint_eq(v[0], 3);
}
END_TEST

START_TEST(test_exit_without_entry)
{
	struct pairing *p = fresh();
	struct raw_event b = sc(RAW_EXIT, 500, 7, 59, 0);
	pairing_feed(p, &b);
	ck_assert_int_eq(nout, 1);
	ck_assert_uint_eq(out[0].call.flags, SCF_CALL_NO_ENTER);
	ck_assert_uint_eq(out[0].call.duration, 0);
	ck_assert_uint_eq(out[0].call.start, 500);
	pairing_free(p);
}
END_TEST

START_TEST(test_task_exit_inside_call)
{
	struct pairing *p = fresh();
	struct raw_event a = sc(RAW_ENTER, 100, 9, 231, 0), x = task_exit(160, 9);
	pairing_feed(p, &a);
	pairing_feed(p, &x);
	ck_assert_int_eq(nout, 2);
	ck_assert_uint_eq(out[0].call.flags, SCF_CALL_NO_RETURN);
	ck_assert_uint_eq(out[0].call.duration, 60);
	ck_assert_int_eq(out[1].type, SCF_EV_EXIT);
	/* Nothing is left pending. */
	pairing_finish(p, 1000);
	ck_assert_int_eq(nout, 2);
	pairing_free(p);
}
END_TEST

START_TEST(test_unfinished_at_end)
{
	struct pairing *p = fresh();
	struct raw_event a = sc(RAW_ENTER, 300, 11, 202, 0), b = sc(RAW_ENTER, 200, 12, 7, 0);
	pairing_feed(p, &a);
	pairing_feed(p, &b);
	pairing_finish(p, 1300);
	ck_assert_int_eq(nout, 2);
	/* Oldest first. */
	ck_assert_int_eq(out[0].call.tid, 12);
	ck_assert_uint_eq(out[0].call.duration, 1100);
	ck_assert_int_eq(out[1].call.tid, 11);
	ck_assert_uint_eq(out[1].call.duration, 1000);
	ck_assert_uint_eq(out[1].call.flags, SCF_CALL_UNFINISHED);
	ck_assert_uint_eq(out[1].time, 1300);
	pairing_free(p);
}
END_TEST

START_TEST(test_blocked_at_attach)
{
	struct pairing *p = fresh();
	struct raw_event a = sc(RAW_BLOCKED, 50, 13, 202, 0), b = sc(RAW_EXIT, 80, 13, 202, 0);
	struct raw_event c = sc(RAW_BLOCKED, 50, 14, 7, 0);
	pairing_feed(p, &a);
	pairing_feed(p, &c);
	pairing_feed(p, &b);
	ck_assert_int_eq(nout, 1);
	ck_assert_uint_eq(out[0].call.flags, SCF_CALL_ENTERED_BEFORE);
	ck_assert_uint_eq(out[0].call.duration, 30);
	pairing_finish(p, 100);
	ck_assert_int_eq(nout, 2);
	ck_assert_uint_eq(out[1].call.flags, SCF_CALL_ENTERED_BEFORE | SCF_CALL_UNFINISHED);
	ck_assert_uint_eq(pairing_stats(p)->unpaired, 0);
	pairing_free(p);
}
END_TEST

START_TEST(test_lost_exit_counts_unpaired)
{
	struct pairing *p = fresh();
	struct raw_event a = sc(RAW_ENTER, 1, 5, 0, 0), b = sc(RAW_ENTER, 2, 5, 1, 0),
			 c = sc(RAW_EXIT, 3, 5, 1, 1), d = sc(RAW_ENTER, 4, 5, 0, 0),
			 e = sc(RAW_EXIT, 5, 5, 3, 0);
	pairing_feed(p, &a);
	pairing_feed(p, &b); /* read's exit was lost */
	pairing_feed(p, &c);
	pairing_feed(p, &d);
	pairing_feed(p, &e); /* exit of another call: read's exit lost again */
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[0].call.nr, 1);
	ck_assert_uint_eq(out[0].call.flags, 0);
	ck_assert_uint_eq(out[1].call.flags, SCF_CALL_NO_ENTER);
	ck_assert_uint_eq(pairing_stats(p)->unpaired, 2);
	pairing_free(p);
}
END_TEST

/* rt_sigreturn's exit says syscall -1 (the registers are the interrupted
 * code's): it still closes the pending rt_sigreturn. */
START_TEST(test_sigreturn_exit_without_number)
{
	struct pairing *p = fresh();
	struct raw_event a = sc(RAW_ENTER, 10, 8, 15, 0), b = sc(RAW_EXIT, 12, 8, -1, -4);
	pairing_feed(p, &a);
	pairing_feed(p, &b);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(out[0].call.nr, 15);
	ck_assert_uint_eq(out[0].call.flags, 0);
	ck_assert_int_eq(out[0].call.ret, -4);
	ck_assert_uint_eq(out[0].call.duration, 2);
	pairing_free(p);
}
END_TEST

/* A new task starts by returning from the clone that made it: that exit
 * is not a call of the child's (strace counts the clone once). */
START_TEST(test_child_return_is_not_a_call)
{
	struct pairing *p = fresh();
	struct raw_event f = task_rec(10, SCF_EV_FORK, (struct scf_task){ 300, 100, 300, 100 });
	struct raw_event a = sc(RAW_ENTER, 5, 100, 56, 0), b = sc(RAW_EXIT, 12, 100, 56, 300);
	struct raw_event c = sc(RAW_EXIT, 13, 300, 56, 0), d = sc(RAW_ENTER, 14, 300, 110, 0),
			 e = sc(RAW_EXIT, 15, 300, 110, 100);
	pairing_feed(p, &a);
	pairing_feed(p, &f);
	pairing_feed(p, &b);
	pairing_feed(p, &c);
	pairing_feed(p, &d);
	pairing_feed(p, &e);
	pairing_finish(p, 100);
	ck_assert_int_eq(nout, 3); /* FORK, the parent's clone, the child's getppid */
	ck_assert_int_eq(out[0].type, SCF_EV_FORK);
	ck_assert_int_eq(out[1].call.tid, 100);
	ck_assert_int_eq(out[1].call.ret, 300);
	ck_assert_int_eq(out[2].call.tid, 300);
	ck_assert_int_eq(out[2].call.nr, 110);
	ck_assert_uint_eq(out[2].call.flags, 0);
	ck_assert_uint_eq(pairing_stats(p)->unpaired, 0);
	pairing_free(p);
}
END_TEST

/* Thousands of threads pending at once, finished in a shuffled order:
 * every call is paired with its own entry. */
/* The kernel writes a sampled stack just before its call's entry (or
 * after it): either way the call gets it, and only that call. */
START_TEST(test_stack_before_or_after_enter)
{
	struct pairing *p = fresh();
	struct raw_event ev[] = {
		stack_at(100, 7, 0xa0),   sc(RAW_ENTER, 101, 7, 39, 0), sc(RAW_EXIT, 200, 7, 39, 1),
		sc(RAW_ENTER, 300, 7, 39, 0), stack_at(301, 7, 0xb0), sc(RAW_EXIT, 400, 7, 39, 2),
		sc(RAW_ENTER, 500, 7, 39, 0), sc(RAW_EXIT, 600, 7, 39, 3),
	};
	feed_all(p, ev, sizeof(ev) / sizeof(ev[0]));
	ck_assert_uint_eq(nout, 3);
	ck_assert_uint_eq(out_ip[0], 0xa0);
	ck_assert_uint_eq(out_ip[1], 0xb0);
	ck_assert_uint_eq(out_ip[2], 0); /* not sampled */
	ck_assert_uint_eq(out[2].call.start, 500);
	ck_assert_uint_eq(pairing_stats(p)->unpaired, 0);
	pairing_free(p);
}
END_TEST

/* Threads entering calls at once on two CPUs: each takes its own stack. */
START_TEST(test_stacks_parked_per_thread)
{
	struct pairing *p = fresh();
	struct raw_event ev[] = {
		stack_at(10, 7, 0x70), stack_at(11, 8, 0x80), sc(RAW_ENTER, 12, 8, 0, 0),
		sc(RAW_ENTER, 13, 7, 1, 0), sc(RAW_EXIT, 20, 7, 1, 0), sc(RAW_EXIT, 21, 8, 0, 0),
	};
	feed_all(p, ev, sizeof(ev) / sizeof(ev[0]));
	ck_assert_uint_eq(nout, 2);
	ck_assert_int_eq(out[0].call.tid, 7);
	ck_assert_uint_eq(out_ip[0], 0x70);
	ck_assert_int_eq(out[1].call.tid, 8);
	ck_assert_uint_eq(out_ip[1], 0x80);
	pairing_free(p);
}
END_TEST

/* Stacks whose entries never came (lost) are forgotten: the oldest when
 * too many wait, a thread's when it exits, the rest at the end; none is
 * given to the wrong call.  (The sanitizer builds check nothing leaks.) */
START_TEST(test_stacks_without_entries_are_forgotten)
{
	struct pairing *p = fresh();
	for (int32_t tid = 1; tid <= 70; tid++) {
		struct raw_event e = stack_at((uint64_t)tid, tid, 0x1000 + (uint64_t)tid);
		ck_assert_int_eq(pairing_feed(p, &e), 0);
	}
	struct raw_event ev[] = {
		sc(RAW_ENTER, 100, 1, 39, 0), sc(RAW_EXIT, 101, 1, 39, 0),   /* evicted */
		sc(RAW_ENTER, 102, 70, 39, 0), sc(RAW_EXIT, 103, 70, 39, 0), /* kept */
		task_exit(104, 69), sc(RAW_ENTER, 105, 69, 39, 0), sc(RAW_EXIT, 106, 69, 39, 0),
	};
	feed_all(p, ev, sizeof(ev) / sizeof(ev[0]));
	ck_assert_uint_eq(nout, 4);
	ck_assert_uint_eq(out_ip[0], 0);
	ck_assert_uint_eq(out_ip[1], 0x1000 + 70);
	ck_assert_int_eq(out[2].type, SCF_EV_EXIT);
	ck_assert_uint_eq(out_ip[3], 0);
	ck_assert_int_eq(pairing_finish(p, 200), 0);
	ck_assert_uint_eq(nout, 4);
	pairing_free(p);
}
END_TEST

/* A call already in progress when we attached did not enter in sight of
 * the sampler: a stack sample of its thread waits for the next call. */
START_TEST(test_stack_not_given_to_blocked_call)
{
	struct pairing *p = fresh();
	struct raw_event ev[] = {
		sc(RAW_BLOCKED, 5, 9, 7, 0), stack_at(50, 9, 0x90), sc(RAW_EXIT, 60, 9, 7, 0),
		sc(RAW_ENTER, 61, 9, 7, 0), sc(RAW_EXIT, 62, 9, 7, 0),
	};
	feed_all(p, ev, sizeof(ev) / sizeof(ev[0]));
	ck_assert_uint_eq(nout, 2);
	ck_assert_uint_eq(out[0].call.flags & SCF_CALL_ENTERED_BEFORE, SCF_CALL_ENTERED_BEFORE);
	ck_assert_uint_eq(out_ip[0], 0);
	ck_assert_uint_eq(out_ip[1], 0x90);
	pairing_free(p);
}
END_TEST

START_TEST(test_many_threads)
{
	struct pairing *p = fresh();
	enum { N = 20000 };
	static int32_t order[N];
	for (int i = 0; i < N; i++) {
		struct raw_event a = sc(RAW_ENTER, (uint64_t)i + 1, i + 1, i % 300, 0);
		pairing_feed(p, &a);
		order[i] = i;
	}
	srand(42);
	for (int i = N - 1; i > 0; i--) {
		int j = rand() % (i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int k = 0; k < N; k++) {
		int i = order[k];
		struct raw_event b = sc(RAW_EXIT, 100000 + (uint64_t)k, i + 1, i % 300, i);
		pairing_feed(p, &b);
		ck_assert_uint_eq(out[nout - 1].call.flags, 0);
		ck_assert_int_eq(out[nout - 1].call.ret, i);
		ck_assert_uint_eq(out[nout - 1].call.start, (uint64_t)i + 1);
	}
	pairing_finish(p, 1 << 30);
	ck_assert_int_eq(nout, N);
	pairing_free(p);
}
END_TEST

static uint64_t seen[64];
static size_t nseen;

static int note_time(void *ctx, const struct raw_event *ev)
{
	(void)ctx;
	seen[nseen++] = ev->time;
	return 0;
}

static void push(struct merge *m, unsigned src, uint64_t time)
{
	struct raw_event *e = merge_slot(m, src);
	ck_assert_ptr_nonnull(e);
	*e = sc(RAW_ENTER, time, 1, 0, 0);
	merge_push(m, src);
}

START_TEST(test_merge_orders_and_holds_back)
{
	struct merge *m = merge_new(3);
	nseen = 0;
	push(m, 0, 10);
	push(m, 0, 40);
	push(m, 0, 41);
	push(m, 1, 5);
	push(m, 1, 30);
	push(m, 2, 20);
	ck_assert_int_eq(merge_flush(m, 35, note_time, NULL), 0);
	ck_assert_int_eq(nseen, 4);
	uint64_t want[] = { 5, 10, 20, 30 };
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(seen[i], want[i]);
	ck_assert_uint_eq(merge_queued(m), 2);
	push(m, 1, 39); /* arrives in a later round, still in order */
	merge_flush(m, UINT64_MAX, note_time, NULL);
	ck_assert_int_eq(nseen, 7);
	ck_assert_uint_eq(seen[4], 39);
	ck_assert_uint_eq(seen[5], 40);
	ck_assert_uint_eq(seen[6], 41);
	ck_assert_uint_eq(merge_queued(m), 0);
	merge_free(m);
}
END_TEST

static uint64_t count, last;

static int check_order(void *ctx, const struct raw_event *ev)
{
	(void)ctx;
	ck_assert_uint_gt(ev->time, last);
	last = ev->time;
	count++;
	return 0;
}

START_TEST(test_merge_grows_queues)
{
	struct merge *m = merge_new(2);
	count = last = 0;
	for (uint64_t t = 1; t <= 50000; t++)
		push(m, (unsigned)(t & 1), t);
	ck_assert_uint_eq(merge_queued(m), 50000);
	merge_flush(m, 50000 - 9, check_order, NULL);
	ck_assert_uint_eq(count, 50000 - 10);
	for (uint64_t t = 50001; t <= 60000; t++)
		push(m, (unsigned)(t % 3 == 0), t);
	merge_flush(m, UINT64_MAX, check_order, NULL);
	ck_assert_uint_eq(count, 60000);
	merge_free(m);
}
END_TEST

Suite *pairing_suite(void)
{
	Suite *s = suite_create("pairing");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_enter_exit_makes_one_call);
	tcase_add_test(tc, test_exit_without_entry);
	tcase_add_test(tc, test_counters_follow_the_thread_across_cpus);
	tcase_add_test(tc, test_counters_scaled_when_multiplexed);
	tcase_add_test(tc, test_counters_multiplexed_call);
	tcase_add_test(tc, test_task_exit_inside_call);
	tcase_add_test(tc, test_unfinished_at_end);
	tcase_add_test(tc, test_blocked_at_attach);
	tcase_add_test(tc, test_lost_exit_counts_unpaired);
	tcase_add_test(tc, test_child_return_is_not_a_call);
	tcase_add_test(tc, test_sigreturn_exit_without_number);
	tcase_add_test(tc, test_stack_before_or_after_enter);
	tcase_add_test(tc, test_stacks_parked_per_thread);
	tcase_add_test(tc, test_stacks_without_entries_are_forgotten);
	tcase_add_test(tc, test_stack_not_given_to_blocked_call);
	tcase_add_test(tc, test_many_threads);
	tcase_add_test(tc, test_merge_orders_and_holds_back);
	tcase_add_test(tc, test_merge_grows_queues);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pairing_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
