/*
 * check_scf_offcpu.c - libscf's off-CPU times (record --off-cpu): each
 * call's blocked and runnable time, its kernel stack (defined once a
 * chunk, then referenced), its waker; the KSYMS chunk; what the writer
 * refuses and what the reader takes for corrupt.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/scf.h"
#include "tests/unit/scf_test.h"

static const uint64_t stack_a[] = { 0xffffffff816eb36aull, 0xffffffff816dbe87ull,
				    0xffffffff8223c951ull };
static const uint64_t stack_b[] = { 0xffffffff8224fbdeull, 0xffffffff8142f715ull };

static struct scf_event call_at(uint64_t time, uint64_t duration, int32_t tid,
				const struct scf_offcpu *o)
{
	struct scf_event ev = { .type = SCF_EV_CALL, .time = time };
	ev.call = (struct scf_call){ .start = time - duration, .duration = duration, .pid = 1,
				     .tid = tid, .nr = 0, .offcpu = o };
	return ev;
}

/* A recording with off-CPU times: calls with a stack defined, the same
 * stack again, another with a waker, an interrupt, none; a new chunk
 * defining the same stack again; the kernel functions. */
static const char *write_offcpu(void)
{
	const char *path = tmp_path("offcpu.scf");
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_OFFCPU;
	m.kallsyms = SCF_KALLSYMS_READ;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_offcpu o1 = { .blocked = 50000000, .runnable = 12000, .longest = 50000000,
				 .switches = 1, .flags = SCF_OFFCPU_WAKER, .nkips = 3,
				 .kips = stack_a, .waker_pid = 4240, .waker_tid = 4242,
				 .waker_comm = "writer" };
	struct scf_event ev = call_at(100000000, 50020000, 1, &o1);
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	struct scf_offcpu o2 = o1;
	o2.blocked = 10;
	o2.runnable = 0;
	o2.longest = 10;
	o2.switches = 3;
	ev = call_at(200000000, 10, 2, &o2); /* all its time off the CPU */
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	struct scf_offcpu o3 = { .blocked = 20000000, .runnable = 5, .longest = 19000000,
				 .switches = 2, .flags = SCF_OFFCPU_WAKER_IRQ, .nkips = 2,
				 .kips = stack_b };
	ev = call_at(300000000, 20100000, 1, &o3);
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev = call_at(300000100, 50, 1, NULL); /* never left the CPU */
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ck_assert_int_eq(scf_writer_cut(w), 0);
	struct scf_offcpu o4 = { .runnable = 7, .switches = 1,
				 .flags = SCF_OFFCPU_BLOCKED_AT_END | SCF_OFFCPU_SWITCH_LOST,
				 .nkips = 3, .kips = stack_a };
	ev = call_at(400000000, 100, 3, &o4);
	ev.call.flags = SCF_CALL_UNFINISHED;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	static const struct scf_ksym ksyms[] = {
		{ 0xffffffff8224fb80ull, 0x180, "do_nanosleep", "" },
		{ 0xffffffff816eb000ull, 0x400, "anon_pipe_read", "" },
		{ 0xffffffffc0201000ull, 0x100, "nvme_poll", "nvme" },
	};
	ck_assert_int_eq(scf_writer_add_ksyms(w, ksyms, 3), 0);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
	return path;
}

static void assert_stack(const struct scf_offcpu *o, const uint64_t *want, uint32_t n)
{
	ck_assert_uint_eq(o->nkips, n);
	for (uint32_t i = 0; i < n; i++)
		ck_assert_uint_eq(o->kips[i], want[i]);
}

START_TEST(test_offcpu_roundtrip)
{
	const char *path = write_offcpu();
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_header_info h;
	scf_reader_header(r, &h);
	ck_assert_uint_eq(h.incompat, SCF_INCOMPAT_OFFCPU);
	const struct scf_meta *rm = scf_reader_meta(r);
	ck_assert(rm->features & SCF_FEAT_OFFCPU);
	ck_assert_uint_eq(rm->kallsyms, SCF_KALLSYMS_READ);
	struct scf_event got;
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	const struct scf_offcpu *o = got.call.offcpu;
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o->blocked, 50000000);
	ck_assert_uint_eq(o->runnable, 12000);
	ck_assert_uint_eq(o->longest, 50000000);
	ck_assert_uint_eq(o->switches, 1);
	ck_assert_uint_eq(o->flags, SCF_OFFCPU_WAKER);
	ck_assert_int_eq(o->waker_pid, 4240);
	ck_assert_int_eq(o->waker_tid, 4242);
	ck_assert_str_eq(o->waker_comm, "writer");
	ck_assert_uint_eq(got.call.flags, 0); /* HAS_OFFCPU is the file's, not the call's */
	assert_stack(o, stack_a, 3);
	/* the same stack, referenced */
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	o = got.call.offcpu;
	ck_assert_uint_eq(o->blocked, 10);
	ck_assert_uint_eq(o->switches, 3);
	assert_stack(o, stack_a, 3);
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	o = got.call.offcpu;
	ck_assert_uint_eq(o->flags, SCF_OFFCPU_WAKER_IRQ);
	ck_assert_uint_eq(o->longest, 19000000);
	ck_assert_int_eq(o->waker_tid, 0);
	assert_stack(o, stack_b, 2);
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_ptr_null(got.call.offcpu);
	/* the next chunk defines its stacks anew */
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	o = got.call.offcpu;
	ck_assert_uint_eq(got.call.flags, SCF_CALL_UNFINISHED);
	ck_assert_uint_eq(o->flags, SCF_OFFCPU_BLOCKED_AT_END | SCF_OFFCPU_SWITCH_LOST);
	ck_assert_uint_eq(o->blocked, 0);
	ck_assert_uint_eq(o->runnable, 7);
	assert_stack(o, stack_a, 3);
	ck_assert_int_eq(scf_reader_next(r, &got), 0);
	ck_assert(!scf_reader_truncated(r));
	/* the kernel functions, sorted, each to its size (or the next) */
	ck_assert_uint_eq(scf_reader_nksyms(r), 3);
	ck_assert_str_eq(scf_reader_ksyms(r)[0].name, "anon_pipe_read");
	const struct scf_ksym *k = scf_reader_ksym(r, stack_a[0]);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->name, "anon_pipe_read");
	ck_assert_str_eq(k->module, "");
	k = scf_reader_ksym(r, stack_b[0]);
	ck_assert_str_eq(k->name, "do_nanosleep");
	ck_assert_ptr_null(scf_reader_ksym(r, 0xffffffff816dbe87ull)); /* in none */
	ck_assert_ptr_null(scf_reader_ksym(r, 0x1000));
	k = scf_reader_ksym(r, 0xffffffffc02010ffull);
	ck_assert_str_eq(k->module, "nvme");
	ck_assert_ptr_null(scf_reader_ksym(r, 0xffffffffc0201100ull));
	scf_reader_close(r);

	/* skipping the events still gets the kernel functions */
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	ck_assert_int_eq(scf_reader_skip_events(r), 0);
	ck_assert_uint_eq(scf_reader_nksyms(r), 3);
	scf_reader_close(r);
}
END_TEST

/* A stack stored once a chunk: 100 calls of one 127-frame stack take the
 * frames once and a reference each (measured on the chunk's raw payload:
 * zstd would hide repeats in the file's size). */
START_TEST(test_offcpu_stack_stored_once)
{
	uint64_t big[SCF_MAX_KIPS];
	for (int i = 0; i < SCF_MAX_KIPS; i++)
		big[i] = 0xffffffff81000000ull + (uint64_t)i * 0x1234567;
	const char *path = tmp_path("many.scf");
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_OFFCPU;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_offcpu o = { .blocked = 5, .longest = 5, .switches = 1,
				.nkips = SCF_MAX_KIPS, .kips = big };
	for (int i = 0; i < 100; i++) {
		struct scf_event ev = call_at(1000 + (uint64_t)i * 10, 9, 1, &o);
		ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	}
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(scf_reader_next(r, &ev), 1);
		ck_assert_uint_eq(ev.call.offcpu->nkips, SCF_MAX_KIPS);
		ck_assert_uint_eq(ev.call.offcpu->kips[SCF_MAX_KIPS - 1], big[SCF_MAX_KIPS - 1]);
	}
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.count, 100);
	/* one definition (127 frames of a few bytes each), 100 short records */
	ck_assert_uint_lt(ci.rsize, SCF_MAX_KIPS * 10 + 100 * 24);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	scf_reader_close(r);
}
END_TEST

/* What the writer refuses: times that do not fit the call, unknown
 * flags, too many frames, off-CPU times without the feature. */
START_TEST(test_offcpu_writer_rejects)
{
	const char *path = tmp_path("rejects.scf");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_meta m = test_meta();
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_offcpu o = { .blocked = 5, .longest = 5, .switches = 1 };
	struct scf_event ev = call_at(100, 10, 1, &o);
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL); /* no SCF_FEAT_OFFCPU */
	scf_writer_free(w);
	close(fd);

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	m.features = SCF_FEAT_OFFCPU;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	o.blocked = 8;
	o.runnable = 3; /* 11 > 10 */
	o.longest = 8;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	o.runnable = 2;
	o.longest = 9; /* longer than all the blocked time */
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	o.longest = 8;
	o.flags = 1u << 4;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	o.flags = 0;
	o.nkips = SCF_MAX_KIPS + 1;
	uint64_t ips[SCF_MAX_KIPS + 1] = { 0 };
	o.kips = ips;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	o.nkips = 1;
	o.kips = NULL;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	o.kips = ips;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ck_assert_int_eq(scf_writer_add_ksyms(w, NULL, 1), -EINVAL);
	scf_writer_free(w);
	close(fd);
}
END_TEST

/* raw CALL records with an off-CPU part, after "kind dt duration pid tid
 * cpu flags nr argmask ret" */
static size_t raw_call(uint8_t *p, uint64_t duration, uint8_t flags, const uint8_t *tail,
		       size_t tlen)
{
	size_t n = 0;
	p[n++] = 0x01;               /* CALL */
	p[n++] = 0xd0, p[n++] = 0x0f; /* dt 1000 (zigzag 2000) */
	p[n++] = (uint8_t)duration;  /* < 128 */
	p[n++] = 2, p[n++] = 2;      /* pid 1, tid 1 */
	p[n++] = 0;                  /* cpu */
	p[n++] = flags;
	p[n++] = 0;                  /* nr 0 */
	p[n++] = 0;                  /* argmask */
	p[n++] = 0;                  /* ret */
	memcpy(p + n, tail, tlen);
	return n + tlen;
}

/* Damaged off-CPU parts: each read as corrupt, never as values. */
START_TEST(test_offcpu_damaged)
{
	const char *path = write_offcpu();
	size_t flen;
	uint8_t *file = slurp(path, &flen);
	/* the file up to its META chunk: where raw chunks go */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	size_t head = meta.offset + 48 + meta.csize;

	/* flags blocked(2) switches blocked runnable longest kstack */
	static const struct {
		uint8_t duration;
		const char *tail;
		size_t len;
		int want;
	} cases[] = {
		/* a good one: no stack, no waker */
		{ 10, "\x00\x01\x05\x02\x05\x00", 6, 1 },
		/* a stack defined (id 1, 1 frame) and a waker */
		{ 10, "\x01\x01\x05\x02\x05\x01\x01\x02\x02\x04\x03" "abc", 14, 1 },
		/* blocked + runnable over the duration */
		{ 10, "\x00\x01\x08\x03\x05\x00", 6, -EBADMSG },
		/* longest over blocked */
		{ 10, "\x00\x01\x05\x00\x06\x00", 6, -EBADMSG },
		/* an unknown flag */
		{ 10, "\x10\x01\x05\x00\x05\x00", 6, -EBADMSG },
		/* a stack the chunk never defined (id 2 before 1) */
		{ 10, "\x00\x01\x05\x00\x05\x02", 6, -EBADMSG },
		/* a definition of 0 frames, or more than SCF_MAX_KIPS */
		{ 10, "\x00\x01\x05\x00\x05\x01\x00", 7, -EBADMSG },
		{ 10, "\x00\x01\x05\x00\x05\x01\x80\x01", 8, -EBADMSG },
		/* a waker's comm of 16 bytes */
		{ 10, "\x01\x01\x05\x00\x05\x00\x02\x02\x10" "0123456789abcdef", 25, -EBADMSG },
		/* cut inside the part */
		{ 10, "\x00\x01\x05", 3, -EBADMSG },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t raw[64];
		size_t n = raw_call(raw, cases[i].duration, 0x20, (const uint8_t *)cases[i].tail,
				    cases[i].len);
		int rc = read_raw_both(file, head, raw, n, 1, 1000, 1000);
		if (rc != cases[i].want)
			ck_abort_msg("case %zu: %d, want %d", i, rc, cases[i].want);
	}
	free(file);

	/* flags bit 5 in a file without incompat bit 2: corrupt (a call
	 * with a stack, so not the fast path, which checks no flag bits) */
	const char *plain = tmp_path("plain.scf");
	struct scf_meta m = test_meta();
	int fd = open(plain, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
	file = slurp(plain, &flen);
	ck_assert_int_eq(scf_reader_open(plain, &r), 0);
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	head = meta.offset + 48 + meta.csize;
	uint8_t raw[64];
	/* HAS_STACK, one frame */
	size_t n = raw_call(raw, 10, 0x20, (const uint8_t *)"\x01\x02" "\x00\x01\x05\x02\x05\x00", 8);
	raw[0] = 0x21;
	ck_assert_int_eq(read_raw_both(file, head, raw, n, 1, 1000, 1000), -EBADMSG);
	n = raw_call(raw, 10, 0x00, (const uint8_t *)"\x01\x02", 2);
	raw[0] = 0x21;
	ck_assert_int_eq(read_raw_both(file, head, raw, n, 1, 1000, 1000), 1);
	free(file);
}
END_TEST

/* The header's incompat bit 2 and the META feature go together: one
 * without the other is corrupt; a KSYMS chunk before META too. */
START_TEST(test_offcpu_header_and_meta_agree)
{
	const char *path = tmp_path("agree.scf");
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_OFFCPU;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
	size_t len;
	uint8_t *file = slurp(path, &len);
	uint8_t h[32];
	/* incompat without the feature bit (the META chunk says 0x10) */
	memcpy(h, file, 32);
	make_header(h, 2, 1, 32, 0);
	memcpy(file, h, 32);
	spit(path, file, len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);
	/* and an unknown incompat bit (3) still needs a newer reader */
	make_header(h, 2, 1, 32, SCF_INCOMPAT_OFFCPU | (1ull << 3));
	memcpy(file, h, 32);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	/* a KSYMS chunk before META */
	uint8_t out[256];
	make_header(out, 2, 1, 32, 0);
	size_t n = 32 + make_chunk(out + 32, SCF_CHUNK_KSYMS, "\x01\x01\x00", 3, 1, 0, 0);
	spit(path, out, n);
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);
	free(file);
}
END_TEST

/* KSYMS chunks that do not add up: corrupt. */
START_TEST(test_offcpu_ksyms_damaged)
{
	const char *path = write_offcpu();
	size_t flen;
	uint8_t *file = slurp(path, &flen);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	size_t head = meta.offset + 48 + meta.csize;
	static const struct {
		const char *raw;
		size_t len;
		int want;
	} cases[] = {
		/* tag 1: 1 symbol at 0x10 size 2 "ab" module "" */
		{ "\x01\x07\x01\x10\x02\x02" "ab\x00", 9, 0 },
		/* says 2 symbols, holds 1 */
		{ "\x01\x07\x02\x10\x02\x02" "ab\x00", 9, -EBADMSG },
		/* a name running past the field */
		{ "\x01\x07\x01\x10\x02\x05" "ab\x00", 9, -EBADMSG },
		/* bytes left after the symbols */
		{ "\x01\x08\x01\x10\x02\x02" "ab\x00\x00", 10, -EBADMSG },
		/* an unknown tag is skipped */
		{ "\x09\x01\x00", 3, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *out = malloc(head + 256);
		memcpy(out, file, head);
		size_t n = head + make_chunk(out + head, SCF_CHUNK_KSYMS, cases[i].raw, cases[i].len,
					     1, 0, 0);
		const char *bad = tmp_path("ksyms.scf");
		spit(bad, out, n);
		free(out);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		struct scf_event ev;
		int rc = scf_reader_next(r, &ev);
		if (rc != cases[i].want)
			ck_abort_msg("case %zu: %d, want %d", i, rc, cases[i].want);
		if (!rc && i == 0) {
			ck_assert_uint_eq(scf_reader_nksyms(r), 1);
			ck_assert_str_eq(scf_reader_ksym(r, 0x11)->name, "ab");
			ck_assert_ptr_null(scf_reader_ksym(r, 0x12));
			ck_assert(scf_reader_truncated(r));
		}
		scf_reader_close(r);
	}
	free(file);
}
END_TEST

static Suite *scf_offcpu_suite(void)
{
	Suite *s = suite_create("scf_offcpu");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_offcpu_roundtrip);
	tcase_add_test(tc, test_offcpu_stack_stored_once);
	tcase_add_test(tc, test_offcpu_writer_rejects);
	tcase_add_test(tc, test_offcpu_damaged);
	tcase_add_test(tc, test_offcpu_header_and_meta_agree);
	tcase_add_test(tc, test_offcpu_ksyms_damaged);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_offcpu_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
