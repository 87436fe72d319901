/*
 * check_scf_damaged.c - libscf on bad input: what the writer refuses,
 * files that are missing, empty, foreign, of other versions, truncated at
 * every byte, with flipped bytes, corrupt chunks, fuzzed and malformed
 * records; the reader's fast path for CALL records and skip_args.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"
#include "tests/unit/scf_test.h"

/* ---- bad input ---- */

START_TEST(test_writer_rejects)
{
	const char *path = tmp_path("rej.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 100 };
	ev.call.start = 100;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 99; /* backwards */
	ev.call.start = 99;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.time = 200; /* start + duration != time */
	ev.call.duration = 50;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.duration = 300; /* starts before 0 */
	ev.call.start = 200 - 300;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.duration = 0;
	ev.call.start = 200;
	ev.call.nips = 3; /* no ips */
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	static const uint64_t many_ips[SCF_MAX_IPS + 1];
	ev.call.ips = many_ips;
	ev.call.nips = SCF_MAX_IPS + 1;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.ips = NULL;
	ev.call.nips = 0;
	static const uint64_t regs[2];
	static const uint8_t stack[SCF_STACK_MAX + 1];
	ev.call.regs_mask = 0x81; /* nregs is not popcount(regs_mask) */
	ev.call.nregs = 1;
	ev.call.regs = regs;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.nregs = 2;
	ev.call.regs = NULL;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.regs = regs;
	ev.call.stack_size = SCF_STACK_MAX + 1;
	ev.call.stack = stack;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.stack_size = 8;
	ev.call.stack = NULL;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.stack_size = 0;
	ev.call.regs_mask = 0;
	ev.call.nregs = 0;
	ev.type = 9;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	memset(&ev, 0, sizeof(ev));
	ev.type = SCF_EV_MMAP;
	ev.time = 200;
	ev.mmap.build_id_size = SCF_BUILD_ID_MAX + 1;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	/* not sticky */
	ev.mmap.build_id_size = 0;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	struct scf_trailer t = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	ck_assert_uint_eq(ev.time, 100);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	ck_assert_int_eq(ev.type, SCF_EV_MMAP);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_close(r);
}
END_TEST

START_TEST(test_no_file)
{
	struct scf_reader *r = (void *)1;
	ck_assert_int_eq(scf_reader_open(tmp_path("missing"), &r), -ENOENT);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(scf_reader_open(tmpdir, &r), -EISDIR);
	scf_reader_close(NULL);
	scf_writer_free(NULL);
}
END_TEST

START_TEST(test_zero_length)
{
	const char *path = tmp_path("zero");
	spit(path, "", 0);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);
}
END_TEST

START_TEST(test_not_a_recording)
{
	const char *path = tmp_path("junk");
	uint8_t junk[4096];
	rng_state = 77;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = rng();
	spit(path, junk, sizeof(junk));
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);

	/* perf.data: "PERFILE2", then a header of sizes and offsets */
	uint8_t perf[104] = "PERFILE2";
	perf[8] = 104;
	spit(path, perf, sizeof(perf));
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);

	/* text, and half a magic */
	spit(path, "hello\n", 6);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);
	spit(path, "SCPR", 4);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);

	/* the magic, then junk */
	memcpy(junk, SCF_MAGIC, SCF_MAGIC_LEN);
	spit(path, junk, sizeof(junk));
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);
}
END_TEST

START_TEST(test_versions)
{
	const char *path = tmp_path("ver.scf");
	struct test_event evs[40];
	size_t n = edge_events(evs);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, n, 0, NULL, &t);
	size_t len;
	uint8_t *file = slurp(path, &len);
	struct scf_reader *r;

	/* needs a newer reader */
	make_header(file, SCF_VERSION + 1, SCF_VERSION + 1, 32, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	/* an incompatible feature */
	make_header(file, 1, 1, 32, 1ull << 5);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	/* nonsense versions */
	make_header(file, 0, 0, 32, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);
	make_header(file, 1, 1, 16, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);

	/* a newer, compatible file: a bigger header and chunks of types
	 * this reader does not know, before and after the metadata */
	make_header(file, 1, 1, 32, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	size_t meta_end = meta.offset + SCF_CHUNK_HEADER_SIZE + meta.csize;
	uint8_t *newer = malloc(len + 4096);
	make_header(newer, 7, 1, 40, 0);
	memset(newer + 32, 0xee, 8);
	size_t k = 40;
	k += make_chunk(newer + k, 9, "future", 6, 1, 0, 0);
	memcpy(newer + k, file + 32, meta_end - 32);
	k += meta_end - 32;
	k += make_chunk(newer + k, 200, "\0\0\0", 3, 0, 0, 0);
	memcpy(newer + k, file + meta_end, len - meta_end);
	k += len - meta_end;
	spit(path, newer, k);
	size_t nread;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	struct scf_header_info hi;
	scf_reader_header(r, &hi);
	ck_assert_uint_eq(hi.version, 7);
	ck_assert_uint_eq(hi.min_version, 1);
	ck_assert_uint_eq(hi.header_size, 40);
	ck_assert_uint_eq(hi.incompat, 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_close(r);
	free(newer);
	free(file);
}
END_TEST

START_TEST(test_truncated_everywhere)
{
	const char *path = tmp_path("full.scf"), *cut = tmp_path("cut.scf");
	uint64_t ends[SMALL_N / SMALL_GROUP];
	uint8_t *file;
	size_t len;
	struct test_event *evs = small_recording(path, ends, &file, &len);
	ck_assert_uint_lt(ends[SMALL_N / SMALL_GROUP - 1], len); /* then the trailer */

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	uint64_t meta_end = meta.offset + SCF_CHUNK_HEADER_SIZE + meta.csize;

	for (size_t size = 0; size < len; size++) {
		spit(cut, file, size);
		size_t nread;
		int rc = read_compare(cut, evs, SMALL_N, &nread, &r);
		if (size < meta_end) {
			/* nothing was recorded yet */
			ck_assert_int_eq(rc, size < SCF_MAGIC_LEN ? -ENODATA : -EBADMSG);
			continue;
		}
		ck_assert_int_eq(rc, 0);
		/* exactly the events of the complete chunks */
		size_t want = 0;
		for (size_t g = 0; g < SMALL_N / SMALL_GROUP; g++)
			if (ends[g] <= size)
				want = (g + 1) * SMALL_GROUP;
		ck_assert_uint_eq(nread, want);
		ck_assert_ptr_null(scf_reader_trailer(r));
		ck_assert(scf_reader_truncated(r));
		scf_reader_close(r);
	}
	free(evs);
	free(file);
}
END_TEST

START_TEST(test_flipped_bytes)
{
	const char *path = tmp_path("full.scf"), *bad = tmp_path("bad.scf");
	uint64_t ends[SMALL_N / SMALL_GROUP];
	uint8_t *file;
	size_t len;
	struct test_event *evs = small_recording(path, ends, &file, &len);
	/* every byte of the file is checked: each flip is seen */
	for (size_t off = 0; off < len; off++) {
		for (int bit = 0; bit < 8; bit += 3) {
			file[off] ^= 1u << bit;
			spit(bad, file, len);
			file[off] ^= 1u << bit;
			size_t nread;
			struct scf_reader *r = NULL;
			int rc = read_compare(bad, evs, SMALL_N, &nread, &r);
			if (rc == 0) {
				/* a chunk's size made longer: looks cut short */
				ck_assert(scf_reader_truncated(r));
				ck_assert_ptr_null(scf_reader_trailer(r));
			} else {
				ck_assert(rc == -EBADMSG || rc == -ENODATA || rc == -ENOTSUP);
			}
			if (r) {
				/* the error names a chunk at or before the flip */
				ck_assert_uint_le(scf_reader_offset(r), off);
				scf_reader_close(r);
			}
		}
	}
	free(evs);
	free(file);
}
END_TEST

START_TEST(test_corrupt_middle_chunk)
{
	const char *path = tmp_path("full.scf");
	uint64_t ends[SMALL_N / SMALL_GROUP];
	uint8_t *file;
	size_t len;
	struct test_event *evs = small_recording(path, ends, &file, &len);
	/* a byte in the third group's payload */
	file[ends[1] + 60] ^= 0x40;
	spit(path, file, len);
	size_t nread;
	struct scf_reader *r;
	ck_assert_int_eq(read_compare(path, evs, SMALL_N, &nread, &r), -EBADMSG);
	ck_assert_uint_eq(nread, 2 * SMALL_GROUP);
	ck_assert_uint_eq(scf_reader_offset(r), ends[1]);
	ck_assert_ptr_null(scf_reader_trailer(r));
	scf_reader_close(r);
	free(evs);
	free(file);
}
END_TEST

/* Records that pass the checksum but are wrong: the decoder must stop at
 * -EBADMSG (or read them as some events), never crash or hang. */
START_TEST(test_fuzz_records)
{
	const char *path = tmp_path("full.scf"), *bad = tmp_path("fuzz.scf");
	struct test_event *evs = gen_events(300, 99);
	write_events(path, evs, 300, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	scf_reader_close(r);
	uint8_t *raw = malloc(ci.rsize);
	ck_assert_uint_eq(ZSTD_decompress(raw, ci.rsize, file + ci.offset + SCF_CHUNK_HEADER_SIZE,
					  ci.csize),
			  ci.rsize);
	uint8_t *out = malloc(ci.offset + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(ci.rsize));
	memcpy(out, file, ci.offset);

	rng_state = 4242;
	int bad_seen = 0;
	for (int iter = 0; iter < 3000; iter++) {
		uint8_t *mut = malloc(ci.rsize);
		memcpy(mut, raw, ci.rsize);
		size_t rlen = ci.rsize;
		int k = iter % 3;
		if (k == 0) {
			for (int j = 0; j < 1 + iter % 4; j++)
				mut[rng() % rlen] = rng();
		} else if (k == 1) {
			rlen = rng() % rlen; /* records cut short, count unchanged */
		} else {
			for (size_t j = 0; j < rlen; j++)
				mut[j] = rng() % 4 ? mut[j] : rng();
		}
		size_t n = make_chunk(out + ci.offset, 2, mut, rlen, ci.count, ci.first_time,
				      ci.last_time);
		spit(bad, out, ci.offset + n);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		int rc;
		int count = 0;
		while ((rc = scf_reader_next(r, &ev)) > 0)
			EXPECT(++count <= 300);
		ck_assert(rc == 0 || rc == -EBADMSG);
		bad_seen += rc == -EBADMSG;
		scf_reader_close(r);
		free(mut);
	}
	ck_assert_int_gt(bad_seen, 1500);

	/* a chunk that says it holds more than 64 MiB */
	size_t n = make_chunk(out + ci.offset, 2, raw, ci.rsize, ci.count, ci.first_time,
			      ci.last_time);
	scf_put_le32(out + ci.offset + 12, (64u << 20) + 1);
	spit(bad, out, ci.offset + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
	scf_reader_close(r);
	free(out);
	free(raw);
	free(file);
	free(evs);
}
END_TEST

/* The same for the metadata and the trailer: fields that pass the
 * checksum but are damaged. */
START_TEST(test_fuzz_fields)
{
	const char *path = tmp_path("full.scf"), *bad = tmp_path("fuzz.scf");
	struct test_event *evs = gen_events(20, 98);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, 20, 0, NULL, &t);
	size_t len;
	uint8_t *file = slurp(path, &len);
	/* the metadata chunk, the events, the trailer chunk */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta, trailer;
	scf_reader_chunk(r, &meta);
	struct scf_event ev;
	while (scf_reader_next(r, &ev) > 0)
		;
	scf_reader_chunk(r, &trailer);
	ck_assert_uint_eq(trailer.type, 3);
	scf_reader_close(r);
	const struct scf_chunk_info *chunks[2] = { &meta, &trailer };
	uint8_t *out = malloc(len + 4096);
	rng_state = 31337;
	int bad_seen = 0;
	for (int iter = 0; iter < 2000; iter++) {
		const struct scf_chunk_info *ci = chunks[iter % 2];
		uint8_t raw[4096];
		ck_assert_uint_le(ci->rsize, sizeof(raw));
		ck_assert_uint_eq(ZSTD_decompress(raw, ci->rsize,
						  file + ci->offset + SCF_CHUNK_HEADER_SIZE,
						  ci->csize),
				  ci->rsize);
		size_t rlen = ci->rsize;
		if (iter % 5 == 4)
			rlen = rng() % rlen;
		for (int j = 0; rlen && j < 1 + iter % 3; j++)
			raw[rng() % rlen] = rng() % 2 ? rng() : raw[rng() % rlen];
		spit_replaced(bad, out, file, len, ci, raw, rlen, ci->count);
		int rc = scf_reader_open(bad, &r);
		if (rc == 0) {
			while ((rc = scf_reader_next(r, &ev)) > 0)
				;
			const struct scf_trailer *rt = scf_reader_trailer(r);
			if (rt)
				for (uint32_t i = 0; i < rt->ncpus; i++)
					(void)rt->lost_per_cpu[i];
			scf_reader_close(r);
		}
		EXPECT(rc == 0 || rc == -EBADMSG);
		bad_seen += rc == -EBADMSG;
	}
	ck_assert_int_gt(bad_seen, 200);
	free(out);
	free(file);
	free(evs);
}
END_TEST

/* A metadata chunk holding only stack_every (tag 16): 7 reads back, 0 is
 * corrupt (a period of 0 means nothing). */
START_TEST(test_meta_stack_every)
{
	const char *path = tmp_path("every.scf"), *bad = tmp_path("every_bad.scf");
	struct test_event *evs = gen_events(3, 5);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, 3, 0, NULL, &t);
	size_t len;
	uint8_t *file = slurp(path, &len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	ck_assert_uint_eq(meta.type, 1);
	scf_reader_close(r);
	uint8_t *out = malloc(len + 4096);
	const uint8_t values[2] = { 7, 0 };
	for (int i = 0; i < 2; i++) {
		const uint8_t raw[3] = { 16, 1, values[i] };
		spit_replaced(bad, out, file, len, &meta, raw, sizeof(raw), 1);
		int rc = scf_reader_open(bad, &r);
		if (values[i]) {
			ck_assert_int_eq(rc, 0);
			ck_assert_uint_eq(scf_reader_meta(r)->stack_every, 7);
			scf_reader_close(r);
		} else {
			ck_assert_int_eq(rc, -EBADMSG);
		}
	}
	free(out);
	free(file);
	free(evs);
}
END_TEST

/* Hand-made records with a right checksum and a wrong meaning. */
START_TEST(test_bad_records)
{
	static const struct {
		const char *what;
		uint8_t raw[16];
		size_t len;
		uint32_t count;
		uint64_t first, last;
	} cases[] = {
		{ "unknown type", { 0x08, 0x02 }, 2, 1, 1, 1 },
		{ "unknown CALL flag", { 0x81, 0x02, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, 1, 1, 1 },
		{ "user stack too big", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0, 0xf9, 0xff, 0x03 }, 12, 1, 1, 1 },
		{ "user stack cut short", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0, 0x7f, 1, 2 }, 12, 1, 1, 1 },
		{ "registers cut short", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0x03, 0x00 }, 10, 1, 1, 1 },
		{ "register mask cut short", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 16, 1, 1, 1 },
		{ "argmask bit 6", { 0x11, 0x02, 0, 0, 0, 0, 0x40, 0 }, 8, 1, 1, 1 },
		{ "duration before 0", { 0x11, 0x02, 0x05, 0, 0, 0, 0, 0 }, 8, 1, 1, 1 },
		{ "time backwards", { 0x06, 0x04, 0, 0, 0x06, 0x01, 0, 0 }, 8, 2, 2, 1 },
		{ "comm too long", { 0x02, 0, 0, 0, 16 }, 5, 1, 0, 0 },
		{ "build id too long", { 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 21 }, 10, 1, 0, 0 },
		{ "cmdline without NUL", { 0x07, 0, 0, 2, 'a', 'b' }, 6, 1, 0, 0 },
		{ "pid above 32 bits", { 0x04, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0 }, 10, 1, 0, 0 },
		{ "stack longer than chunk", { 0x31, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0 }, 10, 1, 0, 0 },
		{ "count too small", { 0x06, 0, 0, 0, 0x06, 0, 0, 0 }, 8, 1, 0, 0 },
		{ "count too big", { 0x06, 0, 0, 0 }, 4, 2, 0, 0 },
		{ "first_time wrong", { 0x06, 0x02, 0, 0 }, 4, 1, 2, 1 },
		{ "last_time wrong", { 0x06, 0x02, 0, 0 }, 4, 1, 1, 2 },
		{ "records without count", { 0x06, 0x02, 0, 0 }, 4, 0, 0, 0 },
	};
	const char *path = tmp_path("full.scf"), *bad = tmp_path("bad.scf");
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	uint8_t *out = malloc(len + 4096);
	memcpy(out, file, len);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = make_chunk(out + len, 2, cases[i].raw, cases[i].len, cases[i].count,
				      cases[i].first, cases[i].last);
		spit(bad, out, len + n);
		struct scf_reader *r;
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		struct scf_event ev;
		int rc;
		while ((rc = scf_reader_next(r, &ev)) > 0)
			;
		ck_assert_msg(rc == -EBADMSG, "%s: %d", cases[i].what, rc);
		scf_reader_close(r);
	}
	/* a second META chunk, and a trailer that is not fields */
	size_t n = make_chunk(out + len, 1, "", 0, 0, 0, 0);
	spit(bad, out, len + n);
	struct scf_reader *r;
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
	scf_reader_close(r);
	n = make_chunk(out + len, 3, "\x01\x05\x00", 3, 1, 0, 0);
	spit(bad, out, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
	ck_assert_ptr_null(scf_reader_trailer(r));
	scf_reader_close(r);
	/* a callchain of 65535 frames reads, one more is corrupt */
	for (uint32_t nips = SCF_MAX_IPS; nips <= SCF_MAX_IPS + 1; nips++) {
		uint8_t *raw = calloc(1, 16 + nips);
		uint8_t *p = raw;
		*p++ = 0x31; /* CALL, SAME_TASK, HAS_STACK */
		*p++ = 0x02; /* time 1 */
		p += 6;      /* duration, cpu, flags, nr, argmask, ret: 0 */
		p = scf_put_varint(p, nips);
		p += nips;   /* each ip the same as the last: 0 */
		uint8_t *big = malloc(len + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(16 + nips));
		memcpy(big, file, len);
		n = make_chunk(big + len, 2, raw, (size_t)(p - raw), 1, 1, 1);
		spit(bad, big, len + n);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		if (nips == SCF_MAX_IPS) {
			ck_assert_int_eq(scf_reader_next(r, &ev), 1);
			ck_assert_uint_eq(ev.call.nips, SCF_MAX_IPS);
			ck_assert_uint_eq(ev.call.ips[SCF_MAX_IPS - 1], 0);
		} else {
			ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
		}
		scf_reader_close(r);
		free(big);
		free(raw);
	}

	/* a good hand-made record reads: LOST cpu 3 count 300 at time 7 */
	n = make_chunk(out + len, 2, "\x06\x0e\x03\xac\x02", 5, 1, 7, 7);
	spit(bad, out, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	ck_assert_int_eq(ev.type, SCF_EV_LOST);
	ck_assert_uint_eq(ev.time, 7);
	ck_assert_uint_eq(ev.lost.cpu, 3);
	ck_assert_uint_eq(ev.lost.count, 300);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert(scf_reader_truncated(r));
	scf_reader_close(r);
	free(out);
	free(file);
}
END_TEST

/* CALL records without stacks take the reader's fast path: the same
 * values and the same verdicts as the rest of the decoder. */
START_TEST(test_call_records)
{
	const char *path = tmp_path("empty.scf");
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t flen;
	uint8_t *file = slurp(path, &flen);
	struct scf_event evs[8];

	/* time 10: pid 7 tid 8 cpu 1 flags 0 nr 2 (open) args 100, -1,
	 * ret 3, 5 ns; time 20: SAME_TASK, nr 2, arg 0 +5, arg 1 same,
	 * ret -2; time 30: nr 1000000 (no delta state): arg 2 = 9, ret 4;
	 * time 40: nr 1000000 again: arg 2 = 1 (not 9 + 1), ret 0 */
	static const uint8_t good[] = {
		0x01, 20, 5, 14, 16, 1, 0, 4, 0x03, 0xc8, 0x01, 0x01, 6,
		0x11, 20, 2, 1, 0, 4, 0x01, 10, 9,
		0x11, 20, 0, 1, 0, 0x80, 0x89, 0x7a, 0x04, 18, 8,
		0x11, 20, 3, 1, 0, 0x80, 0x89, 0x7a, 0x04, 2, 0,
	};
	ck_assert_int_eq(read_raw_chunk(file, flen, good, sizeof(good), 4, 10, 40, evs, 8), 4);
	const struct scf_call *c = &evs[0].call;
	ck_assert_int_eq(evs[0].type, SCF_EV_CALL);
	ck_assert_uint_eq(evs[0].time, 10);
	ck_assert_uint_eq(c->start, 5);
	ck_assert_uint_eq(c->duration, 5);
	ck_assert_int_eq(c->pid, 7);
	ck_assert_int_eq(c->tid, 8);
	ck_assert_uint_eq(c->cpu, 1);
	ck_assert_uint_eq(c->flags, 0);
	ck_assert_int_eq(c->nr, 2);
	ck_assert_uint_eq(c->args[0], 100);
	ck_assert_uint_eq(c->args[1], UINT64_MAX);
	ck_assert_uint_eq(c->args[2], 0);
	ck_assert_int_eq(c->ret, 3);
	ck_assert_uint_eq(c->nips, 0);
	ck_assert_ptr_null(c->ips);
	ck_assert_uint_eq(c->nregs, 0);
	ck_assert_ptr_null(c->regs);
	ck_assert_uint_eq(c->stack_size, 0);
	ck_assert_ptr_null(c->stack);
	c = &evs[1].call;
	ck_assert_uint_eq(evs[1].time, 20);
	ck_assert_uint_eq(c->duration, 2);
	ck_assert_int_eq(c->pid, 7);
	ck_assert_int_eq(c->tid, 8);
	ck_assert_uint_eq(c->args[0], 105);
	ck_assert_uint_eq(c->args[1], UINT64_MAX);
	ck_assert_int_eq(c->ret, -2);
	c = &evs[2].call;
	ck_assert_int_eq(c->nr, 1000000);
	ck_assert_uint_eq(c->args[0], 0);
	ck_assert_uint_eq(c->args[2], 9);
	ck_assert_int_eq(c->ret, 4);
	c = &evs[3].call;
	ck_assert_uint_eq(c->duration, 3);
	ck_assert_uint_eq(c->args[2], 1);
	ck_assert_int_eq(c->ret, 0);

	/* each wrong in one way only: times 1 (dt 2) unless said */
	static const struct {
		const char *what;
		uint8_t raw[24];
		size_t len;
		uint32_t count;
		uint64_t first, last;
	} bad[] = {
		{ "pid above 32 bits", { 0x01, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0, 0, 0, 0 }, 14, 1, 1, 1 },
		{ "tid above 32 bits", { 0x01, 2, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0, 0, 0 }, 14, 1, 1, 1 },
		{ "cpu above 32 bits", { 0x11, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0, 0 }, 12, 1, 1, 1 },
		{ "flags above 32 bits", { 0x11, 2, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0 }, 12, 1, 1, 1 },
		{ "nr above 32 bits", { 0x11, 2, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x20, 0, 0 }, 12, 1, 1, 1 },
		{ "duration over 64 bits", { 0x11, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0 }, 17, 1, 1, 1 },
		{ "ret cut short", { 0x11, 2, 0, 0, 0, 0, 0, 0x80 }, 8, 1, 1, 1 },
		{ "args cut short", { 0x11, 2, 0, 0, 0, 0, 0x3f, 0, 0 }, 9, 1, 1, 1 },
		{ "record cut after nr", { 0x11, 2, 0, 0, 0, 0 }, 6, 1, 1, 1 },
		{ "bytes after the last", { 0x11, 2, 0, 0, 0, 0, 0, 0, 0 }, 9, 1, 1, 1 },
		{ "second record missing", { 0x11, 2, 0, 0, 0, 0, 0, 0 }, 8, 2, 1, 1 },
		{ "time backwards", { 0x11, 4, 0, 0, 0, 0, 0, 0, 0x11, 1, 0, 0, 0, 0, 0, 0 }, 16, 2, 2, 1 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = read_raw_chunk(file, flen, bad[i].raw, bad[i].len, bad[i].count,
					bad[i].first, bad[i].last, evs, 8);
		ck_assert_msg(rc == -EBADMSG, "%s: %d", bad[i].what, rc);
	}
	/* the first of them with a pid that fits reads */
	uint8_t fits[14];
	memcpy(fits, bad[0].raw, sizeof(fits));
	fits[7] = 0x07;
	ck_assert_int_eq(read_raw_chunk(file, flen, fits, sizeof(fits), 1, 1, 1, evs, 8), 1);
	ck_assert_int_eq(evs[0].call.pid, 7 << 27); /* zigzag 7 << 28 */
	free(file);
}
END_TEST

/* scf_reader_skip_args: every event as without it but with args all 0,
 * and the same verdict on every damaged record. */
START_TEST(test_skip_args)
{
	/* random events, arguments of every size, stacks (the slow path) */
	const char *path = tmp_path("skip.scf");
	enum { N = 3000 };
	struct test_event *evs = gen_events(N, 77);
	write_events(path, evs, N, 1000, NULL, NULL);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	scf_reader_skip_args(r);
	struct scf_event ev;
	size_t n = 0;
	int rc;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		ck_assert_uint_lt(n, N);
		struct scf_event want = evs[n++].ev;
		if (want.type == SCF_EV_CALL)
			memset(want.call.args, 0, sizeof(want.call.args));
		assert_event(&want, &ev);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(n, N);
	scf_reader_close(r);
	free(evs);

	/* one call, nr 2, with the arguments given: kind, dt 1, 0 ns, pid 7,
	 * tid 8, cpu 0, flags 0, nr 2, mask, args, ret 0 */
	const char *empty = tmp_path("empty.scf");
	write_events(empty, NULL, 0, 0, NULL, NULL);
	size_t flen;
	uint8_t *file = slurp(empty, &flen);
#define SEVEN 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f /* a 7-byte varint */
	static const struct {
		const char *what;
		uint8_t mask;
		uint8_t args[64];
		size_t len;
		int want;
	} calls[] = {
		{ "10 and 9 bytes", 0x03,
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
		  19, 1 },
		{ "10th byte 2", 0x01,
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02 },
		  10, -EBADMSG },
		{ "11 bytes", 0x01,
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80, 0x00 },
		  11, -EBADMSG },
		{ "10th byte 2 after short ones", 0x0f,
		  { 1, 2, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
		  13, -EBADMSG },
		{ "six of 7 bytes: past 32", 0x3f,
		  { SEVEN, SEVEN, SEVEN, SEVEN, SEVEN, SEVEN },
		  42, 1 },
		{ "six, the last of 10 bytes ending in 3", 0x3f,
		  { SEVEN, SEVEN, SEVEN, SEVEN, SEVEN,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03 },
		  45, -EBADMSG },
		{ "a second argument missing", 0x03, { 5 }, 1, -EBADMSG },
	};
#undef SEVEN
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		uint8_t raw[96] = { 0x01, 2, 0, 14, 16, 0, 0, 4, calls[i].mask };
		memcpy(raw + 9, calls[i].args, calls[i].len);
		size_t len = 9 + calls[i].len + 1;
		rc = read_raw_both(file, flen, raw, len, 1, 1, 1);
		ck_assert_msg(rc == calls[i].want, "%s: %d", calls[i].what, rc);
	}

	/* damaged chunks of random calls: the same verdicts */
	struct test_event *calls2 = calloc(200, sizeof(*calls2));
	ck_assert_ptr_nonnull(calls2);
	rng_state = 5;
	uint64_t t = 1000;
	for (size_t i = 0; i < 200; i++) {
		do
			gen_event(&calls2[i], &t);
		while (calls2[i].ev.type != SCF_EV_CALL || calls2[i].ev.call.nips ||
		       calls2[i].ev.call.stack);
	}
	write_events(path, calls2, 200, 0, NULL, NULL);
	size_t len;
	uint8_t *whole = slurp(path, &len);
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	scf_reader_close(r);
	uint8_t *raw = malloc(ci.rsize);
	ck_assert_uint_eq(ZSTD_decompress(raw, ci.rsize,
					  whole + ci.offset + SCF_CHUNK_HEADER_SIZE, ci.csize),
			  ci.rsize);
	int bad_seen = 0;
	for (int iter = 0; iter < 2000; iter++) {
		uint8_t *mut = malloc(ci.rsize);
		memcpy(mut, raw, ci.rsize);
		for (int j = 0; j < 1 + iter % 4; j++)
			mut[rng() % ci.rsize] = rng() % 2 ? 0xff : rng();
		rc = read_raw_both(whole, ci.offset, mut, ci.rsize, ci.count, ci.first_time,
				   ci.last_time);
		bad_seen += rc == -EBADMSG;
		free(mut);
	}
	ck_assert_int_gt(bad_seen, 500);
	free(raw);
	free(whole);
	free(calls2);
	free(file);
}
END_TEST

static Suite *scf_damaged_suite(void)
{
	Suite *s = suite_create("scf_damaged");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_writer_rejects);
	tcase_add_test(tc, test_no_file);
	tcase_add_test(tc, test_zero_length);
	tcase_add_test(tc, test_not_a_recording);
	tcase_add_test(tc, test_versions);
	tcase_add_test(tc, test_truncated_everywhere);
	tcase_add_test(tc, test_flipped_bytes);
	tcase_add_test(tc, test_corrupt_middle_chunk);
	tcase_add_test(tc, test_fuzz_records);
	tcase_add_test(tc, test_fuzz_fields);
	tcase_add_test(tc, test_meta_stack_every);
	tcase_add_test(tc, test_bad_records);
	tcase_add_test(tc, test_call_records);
	tcase_add_test(tc, test_skip_args);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_damaged_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
