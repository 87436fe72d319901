/*
 * check_scf.c - libscf: varints, error texts, names, and recordings
 * written and read back field by field, chunk by chunk, at dd's and DWARF
 * stacks' sizes; write errors (a full disk, a closed pipe, a slow disk).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"
#include "tests/unit/scf_test.h"

/* ---- varints ---- */

START_TEST(test_varint)
{
	static const uint64_t values[] = { 0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX,
					   1ull << 63, UINT64_MAX };
	static const size_t sizes[] = { 1, 1, 1, 2, 2, 2, 3, 5, 10, 10 };
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		uint8_t buf[SCF_VARINT_MAX];
		size_t n = (size_t)(scf_put_varint(buf, values[i]) - buf);
		ck_assert_uint_eq(n, sizes[i]);
		ck_assert_uint_eq(scf_varint_size(values[i]), n);
		struct scf_cursor c = { buf, buf + n, false };
		ck_assert_uint_eq(scf_get_varint(&c), values[i]);
		ck_assert(!c.bad);
		ck_assert_ptr_eq(c.p, buf + n);
		/* one byte short */
		c = (struct scf_cursor){ buf, buf + n - 1, false };
		scf_get_varint(&c);
		ck_assert(c.bad);
	}
	static const int64_t svalues[] = { 0, -1, 1, -64, 64, INT64_MIN, INT64_MAX };
	static const uint64_t zz[] = { 0, 1, 2, 127, 128, UINT64_MAX, UINT64_MAX - 1 };
	for (size_t i = 0; i < sizeof(svalues) / sizeof(svalues[0]); i++) {
		ck_assert_uint_eq(scf_zigzag(svalues[i]), zz[i]);
		uint8_t buf[SCF_VARINT_MAX];
		size_t n = (size_t)(scf_put_svarint(buf, svalues[i]) - buf);
		struct scf_cursor c = { buf, buf + n, false };
		ck_assert(scf_get_svarint(&c) == svalues[i]);
		ck_assert(!c.bad);
	}
	/* eleven bytes, and a tenth byte above 1, overflow 64 bits */
	uint8_t big[11];
	memset(big, 0xff, sizeof(big));
	big[10] = 0;
	struct scf_cursor c = { big, big + 11, false };
	scf_get_varint(&c);
	ck_assert(c.bad);
	big[9] = 2;
	c = (struct scf_cursor){ big, big + 10, false };
	scf_get_varint(&c);
	ck_assert(c.bad);
	big[9] = 1;
	c = (struct scf_cursor){ big, big + 10, false };
	ck_assert_uint_eq(scf_get_varint(&c), UINT64_MAX);
	ck_assert(!c.bad);
	/* the unchecked reader of the fast path: same values and lengths,
	 * and the same verdict on a tenth byte above 1 */
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		uint8_t buf[2 * SCF_VARINT_MAX];
		memset(buf, 0xff, sizeof(buf));
		size_t n = (size_t)(scf_put_varint(buf, values[i]) - buf);
		const uint8_t *p = buf;
		bool bad = false;
		ck_assert_uint_eq(scf_read_varint(&p, &bad), values[i]);
		ck_assert(!bad);
		ck_assert_ptr_eq(p, buf + n);
	}
	big[9] = 2;
	const uint8_t *bp = big;
	bool bbad = false;
	scf_read_varint(&bp, &bbad);
	ck_assert(bbad);
	ck_assert_ptr_eq(bp, big + 10);
	/* 32-bit fields */
	uint8_t buf[SCF_VARINT_MAX];
	size_t n = (size_t)(scf_put_svarint(buf, (int64_t)INT32_MAX + 1) - buf);
	c = (struct scf_cursor){ buf, buf + n, false };
	scf_get_svarint32(&c);
	ck_assert(c.bad);
	n = (size_t)(scf_put_varint(buf, (uint64_t)UINT32_MAX + 1) - buf);
	c = (struct scf_cursor){ buf, buf + n, false };
	scf_get_varint32(&c);
	ck_assert(c.bad);
}
END_TEST

START_TEST(test_strerror)
{
	ck_assert_str_eq(scf_strerror(-EBADMSG), "corrupt recording");
	ck_assert_str_eq(scf_strerror(-ENOTSUP), "recording needs a newer scprof");
	ck_assert_str_eq(scf_strerror(-ENODATA), "not a scprof recording");
	ck_assert_str_eq(scf_strerror(-ENOENT), "No such file or directory");
	ck_assert_str_eq(scf_strerror(ENOSPC), "No space left on device");
}
END_TEST

START_TEST(test_target_name)
{
	ck_assert_str_eq(scf_target_name(SCF_TARGET_COMMAND), "command");
	ck_assert_str_eq(scf_target_name(SCF_TARGET_PIDS), "pids");
	ck_assert_str_eq(scf_target_name(SCF_TARGET_SYSTEM), "system");
	ck_assert_ptr_null(scf_target_name((enum scf_target)0));
	ck_assert_ptr_null(scf_target_name((enum scf_target)4));
}
END_TEST

START_TEST(test_syscall_name)
{
	struct scf_meta m = test_meta();
	ck_assert_str_eq(scf_meta_syscall_name(&m, 0), "read");
	ck_assert_str_eq(scf_meta_syscall_name(&m, 39), "getpid");
	ck_assert_str_eq(scf_meta_syscall_name(&m, 435), "clone3");
	ck_assert_str_eq(scf_meta_syscall_name(&m, -1), "");
	ck_assert_ptr_null(scf_meta_syscall_name(&m, 2));
	ck_assert_ptr_null(scf_meta_syscall_name(&m, 100000));
	ck_assert_ptr_null(scf_meta_syscall_name(NULL, 0));
	m.nsyscalls = 0;
	ck_assert_ptr_null(scf_meta_syscall_name(&m, 0));
}
END_TEST

/* ---- round trips ---- */

START_TEST(test_roundtrip_every_field)
{
	struct test_event evs[40];
	size_t n = edge_events(evs);
	struct scf_trailer t = test_trailer();
	const char *path = tmp_path("edge.scf");
	write_events(path, evs, n, 0, NULL, &t);
	size_t nread;
	struct scf_reader *r;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	ck_assert(!scf_reader_truncated(r));
	const struct scf_trailer *rt = scf_reader_trailer(r);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->end_time, t.end_time);
	ck_assert_uint_eq(rt->samples, t.samples);
	ck_assert_uint_eq(rt->calls, t.calls);
	ck_assert_uint_eq(rt->lost, t.lost);
	ck_assert_uint_eq(rt->ncpus, 3);
	for (int i = 0; i < 3; i++)
		ck_assert_uint_eq(rt->lost_per_cpu[i], test_lost[i]);
	scf_reader_close(r);

	/* Each in a chunk of its own: the delta state restarts. */
	write_events(path, evs, n, 1, NULL, &t);
	ck_assert_int_eq(read_compare(path, evs, n, &nread, NULL), 0);
	ck_assert_uint_eq(nread, n);
}
END_TEST

START_TEST(test_roundtrip_meta)
{
	struct test_event evs[1];
	struct scf_trailer t = test_trailer();
	const char *path = tmp_path("meta.scf");
	write_events(path, evs, 0, 0, NULL, &t);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	const struct scf_meta *m = scf_reader_meta(r), want = test_meta();
	ck_assert_str_eq(m->recorder, want.recorder);
	ck_assert_str_eq(m->hostname, want.hostname);
	ck_assert_str_eq(m->kernel_release, want.kernel_release);
	ck_assert_str_eq(m->arch, want.arch);
	ck_assert_uint_eq(m->ncpus, want.ncpus);
	ck_assert_uint_eq(m->clockid, want.clockid);
	ck_assert_uint_eq(m->start_time, want.start_time);
	ck_assert_uint_eq(m->start_realtime, want.start_realtime);
	ck_assert_int_eq(m->target, want.target);
	ck_assert_uint_eq(m->argc, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(m->argv[i], test_argv[i]);
	ck_assert_ptr_null(m->argv[4]);
	ck_assert_uint_eq(m->npids, 3);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(m->pids[i], test_pids[i]);
	ck_assert_str_eq(m->options, want.options);
	ck_assert_str_eq(m->filter, want.filter);
	ck_assert_uint_eq(m->features, want.features);
	ck_assert_uint_eq(m->stack_every, 9);
	/* the table comes back sorted by number */
	ck_assert_uint_eq(m->nsyscalls, 5);
	ck_assert_int_eq(m->syscalls[0].nr, -1);
	ck_assert_str_eq(m->syscalls[0].name, "");
	ck_assert_int_eq(m->syscalls[4].nr, 435);
	ck_assert_str_eq(scf_meta_syscall_name(m, 1), "write");
	ck_assert_str_eq(scf_meta_syscall_name(m, 435), "clone3");

	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.offset, 32);
	ck_assert_uint_eq(ci.index, 0);
	ck_assert_uint_eq(ci.type, 1);
	ck_assert_uint_eq(ci.count, 16);

	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.type, 3);
	ck_assert_uint_eq(ci.index, 1);
	ck_assert_uint_eq(ci.count, 5);
	scf_reader_close(r);
}
END_TEST

START_TEST(test_roundtrip_empty_meta)
{
	struct scf_meta m = { 0 };
	struct scf_trailer t = { 0 };
	const char *path = tmp_path("empty.scf");
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	/* nothing after finish */
	struct scf_event ev = { .type = SCF_EV_LOST, .time = 1 };
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ck_assert_int_eq(scf_writer_finish(w, &t), -EINVAL);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	const struct scf_meta *rm = scf_reader_meta(r);
	ck_assert_ptr_null(rm->recorder);
	ck_assert_ptr_null(rm->hostname);
	ck_assert_ptr_null(rm->filter);
	ck_assert_ptr_null(rm->argv);
	ck_assert_ptr_null(rm->pids);
	ck_assert_ptr_null(rm->syscalls);
	ck_assert_uint_eq(rm->argc, 0);
	ck_assert_uint_eq(rm->nsyscalls, 0);
	ck_assert_uint_eq(rm->stack_every, 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	const struct scf_trailer *rt = scf_reader_trailer(r);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->ncpus, 0);
	ck_assert_ptr_null(rt->lost_per_cpu);
	scf_reader_close(r);
}
END_TEST

START_TEST(test_many_chunks)
{
	const size_t n = 400000;
	struct test_event *evs = gen_events(n, 0x9e3779b97f4a7c15ull);
	struct scf_trailer t = test_trailer();
	const char *path = tmp_path("many.scf");
	write_events(path, evs, n, 0, NULL, &t);
	struct scf_reader *r;
	size_t nread;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	/* at ~1 MiB of records a chunk: several chunks, each about that big */
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_ge(ci.index, 4);
	scf_reader_close(r);

	/* chunk headers agree with their records */
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	uint64_t index = 0, count = 0, total = 0, first = 0, last = 0, rsize = 0;
	while (scf_reader_next(r, &ev) > 0) {
		scf_reader_chunk(r, &ci);
		if (ci.index != index) {
			ck_assert_uint_eq(count, total);
			/* all but the last end just past the target */
			if (index)
				ck_assert_uint_ge(rsize, SCF_CHUNK_TARGET);
			index = ci.index;
			ck_assert_uint_eq(ci.type, 2);
			ck_assert_uint_lt(ci.rsize, SCF_CHUNK_TARGET + 200);
			ck_assert_uint_eq(ci.first_time, ev.time);
			rsize = ci.rsize;
			first = ci.first_time;
			last = ci.last_time;
			total = ci.count;
			count = 0;
		}
		count++;
		EXPECT(ev.time >= first && ev.time <= last);
	}
	scf_reader_close(r);
	free(evs);
}
END_TEST

/* The sizes of a dd-like stream: alternating read(0, buf, 1) = 1 and
 * write(1, buf, 1) = 1 by one thread, 1-2 us apart. */
START_TEST(test_dd_stream_size)
{
	const char *path = tmp_path("dd.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t meta_end = scf_writer_bytes(w);
	const size_t n = 100000;
	uint64_t t = 1000000000;
	rng_state = 1;
	for (size_t i = 0; i < n; i++) {
		struct scf_event ev = { .type = SCF_EV_CALL };
		t += 1000 + rng() % 1000; /* dt: 2 bytes */
		ev.time = t;
		ev.call.duration = 500 + rng() % 1000; /* 2 bytes */
		ev.call.start = t - ev.call.duration;
		ev.call.pid = ev.call.tid = 4242;
		ev.call.cpu = 1;
		ev.call.nr = i % 2;
		ev.call.args[0] = i % 2;
		ev.call.args[1] = 0x7ffc12345000;
		ev.call.args[2] = 1;
		ev.call.ret = 1;
		EXPECT(scf_writer_add(w, &ev) == 0);
	}
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t bytes = scf_writer_bytes(w) - meta_end;
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.count, n);
	/* 10 bytes a call: kind, dt 2, duration 2, cpu, flags, nr, argmask 0,
	 * ret delta 0.  The first call has 15 more: an absolute time (5 bytes,
	 * not 2), its task (2 + 2), args 1 and 2 (7 + 1) and ret (1 byte, not
	 * 0); the second 9 more: args 0, 1 and 2 (1 + 7 + 1). */
	ck_assert_uint_eq(ci.rsize, n * 10 + 24);
	/* zstd takes the stream below 4 bytes a call */
	ck_assert_uint_lt(bytes, n * 4);
	scf_reader_close(r);
}
END_TEST


/*
 * What zstd makes of DWARF stack copies: a dd-like loop (read(0, buf,
 * 4096) then write(1, buf, 4096), buf on the heap) recorded with
 * --call-graph dwarf: 8 KiB of stack and 20 registers (perf's x86-64
 * set) a call.  The stack image is the same process stack every time:
 * the wrapper's frame at the bottom (read and write at different depths,
 * so one copy is the other shifted), then the caller's frames with a loop
 * counter, a byte count and a pointer that change every call, then
 * frames and strings that never change.
 */
START_TEST(test_dwarf_stream_size)
{
	enum { N = 20000, STACK = 8192, TOP = 16384, WRITE_DEPTH = 0x40 };
	static const uint64_t mask = 0xff0fff; /* ax..r15, ip, sp, flags */
	static uint8_t image[TOP]; /* the stack, its top at index TOP */
	rng_state = 7;
	for (size_t i = 0; i < TOP; i += 8) {
		uint64_t v, k = rng() % 20;
		if (k < 12)
			v = 0;
		else if (k < 15)
			v = 0x7ffc12300000 + rng() % TOP; /* stack pointers */
		else if (k < 17)
			v = 0x55d4a1200000 + rng() % 0x20000; /* code and data */
		else if (k < 18)
			v = 0x7f3e45600000 + rng() % 0x200000; /* libc */
		else
			v = rng() % 256;
		scf_put_le64(image + i, v);
	}
	const char *path = tmp_path("dwarf.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t meta_end = scf_writer_bytes(w);
	uint64_t t = 1000000000, total = 0;
	const size_t sp_read = TOP - STACK - 0x200; /* 8 KiB from sp is inside */
	for (uint64_t i = 0; i < N; i++) {
		bool wr = i % 2;
		size_t sp = sp_read - (wr ? WRITE_DEPTH : 0);
		/* the wrapper's frame: its return address and saved registers */
		scf_put_le64(image + sp, wr ? 0x7f3e45712345 : 0x7f3e45711111);
		scf_put_le64(image + sp + 8, 0x7ffc12300000 + sp + 0x80);
		/* the caller's loop state, just above the deeper frame */
		scf_put_le64(image + sp_read + 0x100, i / 2);
		scf_put_le64(image + sp_read + 0x108, total);
		scf_put_le64(image + sp_read + 0x110, 0x55d4a1300000 + (i / 2) % 64 * 4096);
		uint64_t regs[20];
		for (int r = 0; r < 20; r++)
			regs[r] = 0x1000 * r;
		regs[0] = wr; /* ax: the syscall number */
		regs[1] = i / 2; /* bx: the counter */
		regs[2] = wr ? 0x7f3e45712345 : 0x7f3e45711111; /* cx: return ip */
		regs[3] = 4096; /* dx */
		regs[4] = 0x55d4a1300000 + (i / 2) % 64 * 4096; /* si: buf */
		regs[5] = wr; /* di: fd */
		regs[7] = 0x7ffc12300000 + sp; /* sp */
		regs[8] = regs[2] - 2; /* ip: the syscall instruction */
		regs[9] = 0x246; /* flags */
		struct scf_event ev = { .type = SCF_EV_CALL };
		t += 2000 + rng() % 1000;
		ev.time = t;
		ev.call.duration = 1000 + rng() % 500;
		ev.call.start = t - ev.call.duration;
		ev.call.pid = ev.call.tid = 4242;
		ev.call.nr = wr;
		ev.call.args[0] = wr;
		ev.call.args[1] = regs[4];
		ev.call.args[2] = 4096;
		ev.call.ret = 4096;
		ev.call.regs_mask = mask;
		ev.call.nregs = 20;
		ev.call.regs = regs;
		ev.call.stack_size = STACK;
		ev.call.stack = image + sp;
		EXPECT(scf_writer_add(w, &ev) == 0);
		total += 4096;
	}
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t bytes = scf_writer_bytes(w) - meta_end;
	scf_writer_free(w);
	close(fd);

	/* it reads back, every stack whole */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	uint64_t n = 0;
	while (scf_reader_next(r, &ev) > 0) {
		EXPECT(ev.call.stack_size == STACK && ev.call.nregs == 20);
		EXPECT(ev.call.regs[7] == 0x7ffc12300000 + sp_read - (n % 2 ? WRITE_DEPTH : 0));
		n++;
	}
	ck_assert_uint_eq(n, N);
	scf_reader_close(r);
	/* 8 KiB and 20 registers a call become about 31 bytes (measured:
	 * 31.1 with zstd level 1, for 8.3 KiB raw), against 3.6 without */
	ck_assert_uint_lt(bytes, (uint64_t)N * 40);
	ck_assert_uint_gt(bytes, (uint64_t)N * 15);
}
END_TEST


/* ---- write errors ---- */

START_TEST(test_enospc)
{
	struct scf_meta m = test_meta();
	struct scf_writer *w = (void *)1;
	int full = open("/dev/full", O_WRONLY);
	ck_assert_int_ge(full, 0);
	/* the header is written at once */
	ck_assert_int_eq(scf_writer_new(full, &m, &w), -ENOSPC);
	ck_assert_ptr_null(w);

	/* the disk fills later: the background thread's error surfaces */
	int fd = open_out(tmp_path("full.scf"));
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t before = scf_writer_bytes(w);
	ck_assert_int_eq(dup2(full, fd), fd);
	struct test_event *evs = gen_events(1000, 5);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i].ev), 0);
	ck_assert_int_eq(scf_writer_flush(w), -ENOSPC);
	/* sticky, and nothing blocks: many chunks' worth is refused */
	struct scf_event ev = evs[999].ev;
	ck_assert_int_eq(scf_writer_add(w, &ev), -ENOSPC);
	ck_assert_int_eq(scf_writer_cut(w), -ENOSPC);
	ck_assert_int_eq(scf_writer_flush(w), -ENOSPC);
	struct scf_trailer t = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &t), -ENOSPC);
	ck_assert_uint_eq(scf_writer_bytes(w), before);
	scf_writer_free(w);
	close(fd);
	close(full);
	free(evs);
}
END_TEST

/* A reader that went away: EPIPE, not a SIGPIPE that kills the recorder. */
START_TEST(test_epipe)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	struct scf_meta m = { 0 };
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(p[1], &m, &w), 0);
	close(p[0]);
	struct scf_event ev = { .type = SCF_EV_LOST, .time = 1 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ck_assert_int_eq(scf_writer_flush(w), -EPIPE);
	ck_assert_int_eq(scf_writer_add(w, &ev), -EPIPE);
	scf_writer_free(w);
	close(p[1]);
}
END_TEST

/* A writer whose disk is slow or full never holds more than a few chunks:
 * add() waits for the thread rather than queueing without bound. */
START_TEST(test_bounded_queue)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		/* nobody reads the pipe: add() must wait, not grow memory */
		struct scf_meta m = { 0 };
		struct scf_writer *w;
		if (scf_writer_new(p[1], &m, &w))
			_exit(1);
		struct scf_event ev = { .type = SCF_EV_CMDLINE, .time = 1 };
		static char big[60000];
		memset(big, 'x', sizeof(big));
		ev.cmdline.argv = big;
		ev.cmdline.len = sizeof(big);
		for (;;)
			scf_writer_add(w, &ev);
	}
	/* its RSS after half a second, when the queue is long full, and a
	 * second later */
	long rss[2];
	for (int i = 0; i < 2; i++) {
		usleep(i ? 1000000 : 500000);
		char buf[64];
		snprintf(buf, sizeof(buf), "/proc/%d/statm", (int)child);
		FILE *f = fopen(buf, "r");
		ck_assert_ptr_nonnull(f);
		long size;
		ck_assert_int_eq(fscanf(f, "%ld %ld", &size, &rss[i]), 2);
		fclose(f);
		rss[i] *= sysconf(_SC_PAGESIZE);
	}
	kill(child, SIGKILL);
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	/* still running when killed, its memory flat: an unbounded queue
	 * grows by GiBs a second.  The absolute bound is loose: under the
	 * sanitizers the RSS depends on which tests ran before this one in
	 * the runner (30 MiB when test_skip_args comes after it, 92 when
	 * before, though each test runs in its own process). */
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_lt(rss[1] - rss[0], 8l << 20);
	ck_assert_int_lt(rss[1], 256l << 20);
	close(p[0]);
	close(p[1]);
}
END_TEST

static Suite *scf_suite(void)
{
	Suite *s = suite_create("scf");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_varint);
	tcase_add_test(tc, test_strerror);
	tcase_add_test(tc, test_target_name);
	tcase_add_test(tc, test_syscall_name);
	tcase_add_test(tc, test_roundtrip_every_field);
	tcase_add_test(tc, test_roundtrip_meta);
	tcase_add_test(tc, test_roundtrip_empty_meta);
	tcase_add_test(tc, test_many_chunks);
	tcase_add_test(tc, test_dd_stream_size);
	tcase_add_test(tc, test_dwarf_stream_size);
	tcase_add_test(tc, test_enospc);
	tcase_add_test(tc, test_epipe);
	tcase_add_test(tc, test_bounded_queue);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
