/*
 * check_bpf_records.c - the BPF recorder's ring-buffer records into the
 * merge's raw events (profiler/bpf_records.c), on records made here:
 * calls with stacks and captures, the short form, exits without entry,
 * every way a record can be malformed, and a CPU's staged records in one
 * ring record.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "formats/scf.h"
#include "profiler/bpf/scprof_bpf.h"
#include "profiler/bpf_records.h"
#include "profiler/merge.h"

/* A record and its data area, as the kernel side writes it. */
struct rec {
	struct scprof_bpf_call c;
	uint8_t data[256];
};

static const unsigned sources[2] = { 1, 2 }; /* CPU 0 -> source 1, CPU 1 -> 2 */

/* What the tests look at of one flushed event (the merge frees it). */
struct seen {
	uint32_t kind;
	unsigned source;
	uint64_t time;
	struct scf_event ev;
	struct scf_capture caps[SCF_MAX_ARGS];
	uint8_t capdata[SCF_MAX_ARGS][32];
	uint64_t ips[8];
	uint64_t regs[3];
	uint8_t stack[32];
	struct scf_offcpu off;
	bool has_off;
	uint64_t kips[4];
	int32_t nr;
	int64_t ret;
};

static struct seen seen[8];
static size_t nseen;

static int collect(void *ctx, const struct raw_event *e)
{
	(void)ctx;
	ck_assert_uint_lt(nseen, 8);
	struct seen *s = &seen[nseen++];
	memset(s, 0, sizeof(*s));
	s->kind = e->kind;
	s->time = e->time;
	s->nr = e->sc.nr;
	s->ret = e->sc.ret;
	if (e->kind != RAW_RECORD)
		return 0;
	s->ev = *e->rec;
	const struct scf_call *c = &e->rec->call;
	ck_assert_uint_le(c->ncaptures, SCF_MAX_ARGS);
	for (uint32_t i = 0; i < c->ncaptures; i++) {
		s->caps[i] = c->captures[i];
		ck_assert_uint_le(c->captures[i].len, 32);
		if (c->captures[i].len)
			memcpy(s->capdata[i], c->captures[i].data, c->captures[i].len);
	}
	ck_assert_uint_le(c->nips, 8);
	for (uint32_t i = 0; i < c->nips; i++)
		s->ips[i] = c->ips[i];
	ck_assert_uint_le(c->nregs, 3);
	ck_assert_uint_le(c->stack_size, 32);
	for (uint32_t i = 0; i < c->nregs; i++)
		s->regs[i] = c->regs[i];
	if (c->stack_size)
		memcpy(s->stack, c->stack, c->stack_size);
	if (c->offcpu) {
		s->has_off = true;
		s->off = *c->offcpu;
		ck_assert_uint_le(c->offcpu->nkips, 4);
		for (uint32_t i = 0; i < c->offcpu->nkips; i++)
			s->kips[i] = c->offcpu->kips[i];
	}
	return 0;
}

static size_t flush(struct merge *m)
{
	nseen = 0;
	ck_assert_int_eq(merge_flush(m, UINT64_MAX, collect, NULL), 0);
	return nseen;
}

static void base(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->c.start = 1000;
	r->c.end = 1500;
	r->c.pid = 10;
	r->c.tid = 11;
	r->c.nr = 257;
	r->c.ret = -2;
	r->c.cpu = 0;
	r->c.exit_cpu = 1;
	for (int i = 0; i < 6; i++)
		r->c.args[i] = 100 + i;
}

/* A capture of s (len bytes; -1: strlen) after the data so far. */
static void add_capn(struct rec *r, uint8_t arg, uint8_t kind, uint8_t flags, const char *s,
		     int len_or_strlen)
{
	struct scprof_bpf_cap *k = &r->c.caps[r->c.ncaps++];
	size_t len = !s ? 0 : len_or_strlen < 0 ? strlen(s) : (size_t)len_or_strlen;
	*k = (struct scprof_bpf_cap){ .arg = arg, .kind = kind, .flags = flags,
				      .off = (uint16_t)r->c.data_len, .len = (uint16_t)len };
	if (len) /* s may be NULL: a capture without data */
		memcpy(r->data + r->c.data_len, s, len);
	r->c.data_len += (uint32_t)len;
}

static void add_cap(struct rec *r, uint8_t arg, uint8_t kind, uint8_t flags, const char *s)
{
	add_capn(r, arg, kind, flags, s, -1);
}

START_TEST(test_call_with_stack_and_captures)
{
	struct merge *m = merge_new(3);
	struct rec r;
	base(&r);
	/* two frames first, then the captures, out of argument order */
	uint64_t ips[2] = { 0x401136, 0x7f0012345678 };
	memcpy(r.data, ips, sizeof(ips));
	r.c.nips = 2;
	r.c.data_len = sizeof(ips);
	add_capn(&r, 4, SCPROF_CAP_SOCKADDR, 0, "\x02\x00\x00\x50", 4);
	add_cap(&r, 1, SCPROF_CAP_PATH, SCPROF_CAP_AT_EXIT, "/etc/hosts");
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/second");       /* the same argument again */
	add_cap(&r, 2, SCPROF_CAP_DATA, SCPROF_CAP_FAULT, NULL);
	uint32_t dropped = 9;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped), 0);
	ck_assert_uint_eq(dropped, 0);
	ck_assert_uint_eq(flush(m), 1);
	struct seen *s = &seen[0];
	ck_assert_uint_eq(s->kind, RAW_RECORD);
	ck_assert_uint_eq(s->time, 1500);
	const struct scf_call *c = &s->ev.call;
	ck_assert_int_eq(s->ev.type, SCF_EV_CALL);
	ck_assert_uint_eq(s->ev.time, 1500);
	ck_assert_uint_eq(c->start, 1000);
	ck_assert_uint_eq(c->duration, 500);
	ck_assert_int_eq(c->pid, 10);
	ck_assert_int_eq(c->tid, 11);
	ck_assert_int_eq(c->nr, 257);
	ck_assert_int_eq(c->ret, -2);
	ck_assert_uint_eq(c->cpu, 0);
	ck_assert_uint_eq(c->flags, 0);
	ck_assert_uint_eq(c->args[5], 105);
	ck_assert_uint_eq(c->nips, 2);
	ck_assert_uint_eq(s->ips[0], 0x401136);
	ck_assert_uint_eq(s->ips[1], 0x7f0012345678);
	/* sorted by argument, the second capture of argument 1 left out */
	ck_assert_uint_eq(c->ncaptures, 3);
	ck_assert_uint_eq(s->caps[0].arg, 1);
	ck_assert_uint_eq(s->caps[0].kind, SCF_CAP_PATH);
	ck_assert_uint_eq(s->caps[0].flags, SCF_CAP_AT_EXIT);
	ck_assert_uint_eq(s->caps[0].len, 10);
	ck_assert(!memcmp(s->capdata[0], "/etc/hosts", 10));
	ck_assert_uint_eq(s->caps[1].arg, 2);
	ck_assert_uint_eq(s->caps[1].flags, SCF_CAP_FAULT);
	ck_assert_uint_eq(s->caps[1].len, 0);
	ck_assert_ptr_null(s->caps[1].data);
	ck_assert_uint_eq(s->caps[2].arg, 4);
	ck_assert_uint_eq(s->caps[2].kind, SCF_CAP_SOCKADDR);
	ck_assert_uint_eq(s->caps[2].len, 4);
	ck_assert(!memcmp(s->capdata[2], "\x02\x00\x00\x50", 4));
	merge_free(m);
}
END_TEST

/* -g fp's repair data: bp, sp, ip and the stack top after the frames,
 * before the captures; malformed when it does not fit or has no frames. */
START_TEST(test_stack_top)
{
	struct merge *m = merge_new(3);
	struct rec r;
	base(&r);
	uint64_t words[2 + 3] = { 0x401136, 0x7f0012345678, 0x7ffe1000, 0x7ffe0f00, 0x401136 };
	memcpy(r.data, words, sizeof(words));
	memcpy(r.data + sizeof(words), "0123456789abcdef", 16);
	r.c.nips = 2;
	r.c.ustack = 16;
	r.c.data_len = sizeof(words) + 16;
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/etc");
	uint32_t dropped;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped), 0);
	ck_assert_uint_eq(flush(m), 1);
	const struct scf_call *c = &seen[0].ev.call;
	ck_assert_uint_eq(c->nips, 2);
	ck_assert_uint_eq(seen[0].ips[1], 0x7f0012345678);
	ck_assert_uint_eq(c->regs_mask, 0x1c0);
	ck_assert_uint_eq(c->nregs, 3);
	ck_assert_uint_eq(seen[0].regs[0], 0x7ffe1000);
	ck_assert_uint_eq(seen[0].regs[1], 0x7ffe0f00);
	ck_assert_uint_eq(seen[0].regs[2], 0x401136);
	ck_assert_uint_eq(c->stack_size, 16);
	ck_assert(!memcmp(seen[0].stack, "0123456789abcdef", 16));
	ck_assert_uint_eq(c->ncaptures, 1);
	ck_assert(!memcmp(seen[0].capdata[0], "/etc", 4));

	r.c.ustack = 200; /* more than the data */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped),
			 -EBADMSG);
	r.c.ustack = 16;
	r.c.nips = 0; /* a stack top without frames */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped),
			 -EBADMSG);
	base(&r);
	r.c.ustack = 8; /* in a short record */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped),
			 -EBADMSG);
	ck_assert_uint_eq(flush(m), 0);
	merge_free(m);
}
END_TEST

/* A record without data or captures ends before caps[]; an exit without
 * its entry becomes a RAW_EXIT; a start after the end is the end. */
START_TEST(test_short_and_no_enter)
{
	struct merge *m = merge_new(3);
	struct rec r;
	base(&r);
	uint32_t dropped;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped), 0);
	r.c.start = 2000; /* clocks of two CPUs */
	r.c.end = 1600;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped), 0);
	base(&r);
	r.c.flags = SCPROF_CALL_NO_ENTER;
	r.c.nr = 59;
	r.c.ret = 0;
	r.c.end = r.c.start = 1700;
	r.c.exit_cpu = 0;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped), 0);
	base(&r);
	r.c.flags = SCPROF_CALL_UNFINISHED;
	r.c.end = 1800;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped), 0);
	ck_assert_uint_eq(flush(m), 4);
	ck_assert_uint_eq(seen[0].kind, RAW_RECORD);
	ck_assert_uint_eq(seen[0].ev.call.ncaptures, 0);
	ck_assert_ptr_null(seen[0].ev.call.captures);
	ck_assert_uint_eq(seen[0].ev.call.nips, 0);
	ck_assert_uint_eq(seen[1].ev.call.start, 1600);
	ck_assert_uint_eq(seen[1].ev.call.duration, 0);
	ck_assert_uint_eq(seen[2].kind, RAW_EXIT);
	ck_assert_uint_eq(seen[2].time, 1700);
	ck_assert_int_eq(seen[2].nr, 59);
	ck_assert_int_eq(seen[2].ret, 0);
	ck_assert_uint_eq(seen[3].ev.call.flags, SCF_CALL_UNFINISHED);
	merge_free(m);
}
END_TEST

START_TEST(test_malformed)
{
	struct merge *m = merge_new(3);
	struct rec r;
	uint32_t dropped;
	base(&r);
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT - 1, &dropped),
			 -EBADMSG);
	r.c.exit_cpu = 2; /* no such CPU */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped),
			 -EBADMSG);
	base(&r);
	r.c.nips = 1; /* a stack in a short record */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped),
			 -EBADMSG);
	base(&r);
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/x");
	/* cut before its data, before its caps */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + 1, &dropped), -EBADMSG);
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped),
			 -EBADMSG);
	r.c.nips = 1; /* 8 bytes of stack in 2 bytes of data */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + 2, &dropped), -EBADMSG);
	r.c.nips = 0;
	r.c.ncaps = SCPROF_BPF_MAX_CAPS + 1;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + 2, &dropped), -EBADMSG);
	ck_assert_uint_eq(flush(m), 0);

	/* captures that do not fit are left out, the call kept */
	base(&r);
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/x");
	add_cap(&r, 2, 9, 0, "y");                   /* unknown kind */
	add_cap(&r, 6, SCPROF_CAP_PATH, 0, "z");     /* no argument 6 */
	add_cap(&r, 3, SCPROF_CAP_PATH, 0, "w");
	r.c.caps[3].off = 200;                      /* past the data */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped), 0);
	ck_assert_uint_eq(dropped, 3);
	ck_assert_uint_eq(flush(m), 1);
	ck_assert_uint_eq(seen[0].ev.call.ncaptures, 1);
	ck_assert_uint_eq(seen[0].caps[0].arg, 1);
	merge_free(m);
}
END_TEST

/* --off-cpu: the part after the data (here after a capture, at an odd
 * offset), its frames; malformed when it does not fit the record or the
 * call. */
START_TEST(test_offcpu)
{
	struct merge *m = merge_new(3);
	struct rec r;
	base(&r);
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/x");
	struct scprof_bpf_offcpu o = { .blocked = 300, .runnable = 50, .longest = 200,
				       .switches = 2, .flags = SCPROF_OFFCPU_WAKER, .nkips = 3,
				       .waker_pid = 7, .waker_tid = 8,
				       .waker_comm = "writer-thread-x" };
	uint64_t kips[3] = { 0xffffffff81000010ull, 0xffffffff81000020ull, 0xffffffff81000030ull };
	memcpy(r.data + r.c.data_len, &o, sizeof(o));
	memcpy(r.data + r.c.data_len + sizeof(o), kips, sizeof(kips));
	r.c.flags = SCPROF_CALL_HAS_OFFCPU;
	size_t size = sizeof(r.c) + r.c.data_len + sizeof(o) + sizeof(kips);
	uint32_t dropped;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, size, &dropped), 0);
	ck_assert_uint_eq(flush(m), 1);
	const struct seen *s = &seen[0];
	ck_assert(s->has_off);
	ck_assert_uint_eq(s->ev.call.flags, 0);
	ck_assert_uint_eq(s->off.blocked, 300);
	ck_assert_uint_eq(s->off.runnable, 50);
	ck_assert_uint_eq(s->off.longest, 200);
	ck_assert_uint_eq(s->off.switches, 2);
	ck_assert_uint_eq(s->off.flags, SCF_OFFCPU_WAKER);
	ck_assert_int_eq(s->off.waker_tid, 8);
	ck_assert_str_eq(s->off.waker_comm, "writer-thread-x");
	ck_assert_uint_eq(s->off.nkips, 3);
	ck_assert_uint_eq(s->kips[2], 0xffffffff81000030ull);
	ck_assert_uint_eq(s->ev.call.ncaptures, 1);

	/* cut inside the frames, or before the part */
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, size - 1, &dropped), -EBADMSG);
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped),
			 -EBADMSG);
	/* more blocked and runnable time than the call took (500 ns) */
	struct scprof_bpf_offcpu bad = o;
	bad.runnable = 201;
	memcpy(r.data + r.c.data_len, &bad, sizeof(bad));
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, size, &dropped), -EBADMSG);
	bad = o;
	bad.longest = 301;
	memcpy(r.data + r.c.data_len, &bad, sizeof(bad));
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, size, &dropped), -EBADMSG);
	bad = o;
	bad.nkips = SCPROF_BPF_KFRAMES + 1;
	memcpy(r.data + r.c.data_len, &bad, sizeof(bad));
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, size, &dropped), -EBADMSG);
	ck_assert_uint_eq(flush(m), 0);
	merge_free(m);
}
END_TEST

/* The merge keeps the records' blocks for reuse: a record queued after a
 * flush gets a block given back by it, and must read as itself, not as
 * the call before; a record too big for a block has its own; records
 * still queued at merge_free are freed with it (ASan's leak check). */
START_TEST(test_blocks_reused)
{
	struct merge *m = merge_new(3);
	struct rec r;
	uint32_t dropped;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++) {
			base(&r);
			r.c.end = 2000 + 10 * (uint64_t)i;
			r.c.ret = round * 10 + i;
			if (i == 1)
				add_cap(&r, 1, SCPROF_CAP_PATH, 0, round ? "/second" : "/first");
			ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r,
							  sizeof(r.c) + r.c.data_len, &dropped), 0);
		}
		ck_assert_uint_eq(flush(m), 4);
		for (int i = 0; i < 4; i++) {
			ck_assert_int_eq(seen[i].ev.call.ret, round * 10 + i);
			ck_assert_uint_eq(seen[i].ev.call.ncaptures, i == 1);
		}
		ck_assert_mem_eq(seen[1].capdata[0], round ? "/second" : "/first",
				 round ? 7 : 6);
	}
	/* 208 bytes of event, four captures and 256 bytes of data: over 512 */
	base(&r);
	const char *paths[4] = { "/a", "/bb", "/ccc", "/dddd" };
	for (int i = 0; i < 4; i++)
		add_cap(&r, (uint8_t)i, SCPROF_CAP_PATH, 0, paths[i]);
	memset(r.data + r.c.data_len, 'x', 256 - r.c.data_len);
	r.c.data_len = 256;
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped), 0);
	ck_assert_uint_eq(flush(m), 1);
	ck_assert_uint_eq(seen[0].ev.call.ncaptures, 4);
	ck_assert_mem_eq(seen[0].capdata[3], "/dddd", 5);
	/* left queued: merge_free frees them */
	base(&r);
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, SCPROF_BPF_CALL_SHORT, &dropped), 0);
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/queued");
	ck_assert_int_eq(bpf_record_queue(m, sources, 2, &r, sizeof(r.c) + r.c.data_len, &dropped), 0);
	merge_free(m);
}
END_TEST

/* Append record r (its size set here) to a staging buffer at *len, as
 * the kernel side's emit does: at a multiple of 8. */
static void stage(uint8_t *buf, size_t *len, struct rec *r, size_t size)
{
	r->c.size = (uint32_t)size;
	memcpy(buf + *len, r, size);
	*len += (size + 7) & ~(size_t)7;
}

/* One ring record holds a CPU's staged calls, each found by its size: a
 * malformed one is left out and the walk goes on; a size that does not
 * fit what is left, or less than a record's, ends it. */
START_TEST(test_batch)
{
	struct merge *m = merge_new(3);
	uint8_t buf[2048];
	size_t len = 0;
	struct rec r;
	base(&r);
	r.c.ret = 1;
	stage(buf, &len, &r, SCPROF_BPF_CALL_SHORT);
	base(&r);
	r.c.ret = 2;
	r.c.end = 1600;
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/etc/hosts");
	stage(buf, &len, &r, sizeof(r.c) + r.c.data_len);
	ck_assert_uint_eq(len % 8, 0);
	base(&r);
	r.c.exit_cpu = 5; /* no such CPU */
	stage(buf, &len, &r, SCPROF_BPF_CALL_SHORT);
	base(&r);
	r.c.ret = 4;
	r.c.end = 1700;
	stage(buf, &len, &r, SCPROF_BPF_CALL_SHORT);
	struct bpf_batch out = { 0 };
	ck_assert_int_eq(bpf_batch_queue(m, sources, 2, buf, len, &out), 0);
	ck_assert_uint_eq(out.queued, 3);
	ck_assert_uint_eq(out.malformed, 1);
	ck_assert_uint_eq(flush(m), 3);
	ck_assert_int_eq(seen[0].ev.call.ret, 1);
	ck_assert_int_eq(seen[1].ev.call.ret, 2);
	ck_assert_uint_eq(seen[1].ev.call.ncaptures, 1);
	ck_assert_mem_eq(seen[1].capdata[0], "/etc/hosts", 10);
	ck_assert_int_eq(seen[2].ev.call.ret, 4);
	ck_assert_uint_eq(seen[2].time, 1700);

	/* the second record's size runs past the end (more than a short
	 * record's bytes are left): the first only */
	len = 0;
	base(&r);
	stage(buf, &len, &r, SCPROF_BPF_CALL_SHORT);
	size_t second = len;
	add_cap(&r, 1, SCPROF_CAP_PATH, 0, "/etc/hosts");
	stage(buf, &len, &r, sizeof(r.c) + r.c.data_len);
	out = (struct bpf_batch){ 0 };
	ck_assert_uint_gt(sizeof(r.c) + r.c.data_len, SCPROF_BPF_CALL_SHORT + 8);
	ck_assert_int_eq(bpf_batch_queue(m, sources, 2, buf, second + SCPROF_BPF_CALL_SHORT + 8,
					 &out), 0);
	ck_assert_uint_eq(out.queued, 1);
	ck_assert_uint_eq(out.malformed, 1);
	/* a size below a record's: nothing after it can be found */
	((struct scprof_bpf_call *)(buf + second))->size = SCPROF_BPF_CALL_SHORT - 8;
	out = (struct bpf_batch){ 0 };
	ck_assert_int_eq(bpf_batch_queue(m, sources, 2, buf, len, &out), 0);
	ck_assert_uint_eq(out.queued, 1);
	ck_assert_uint_eq(out.malformed, 1);
	/* fewer bytes left than a record: malformed */
	out = (struct bpf_batch){ 0 };
	ck_assert_int_eq(bpf_batch_queue(m, sources, 2, buf, second + 16, &out), 0);
	ck_assert_uint_eq(out.queued, 1);
	ck_assert_uint_eq(out.malformed, 1);
	ck_assert_uint_eq(flush(m), 3);
	merge_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_records");
	TCase *tc = tcase_create("records");
	tcase_add_test(tc, test_call_with_stack_and_captures);
	tcase_add_test(tc, test_short_and_no_enter);
	tcase_add_test(tc, test_stack_top);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_offcpu);
	tcase_add_test(tc, test_blocks_reused);
	tcase_add_test(tc, test_batch);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
