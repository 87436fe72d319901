/*
 * check_scf_symtab.c - libscf's symbol tables: written and read back,
 * their file addresses, a libc-sized table, damaged and truncated tables.
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

/* ---- symbol tables ---- */

static const struct scf_symbol test_syms[] = {
	{ 0x1139, 0x2a, "main" },
	{ 0x1040, 0, "_start" },
	{ UINT64_MAX, 1, "last" },
	{ 0x1139, 0x2a, "alias_of_main" },
	{ 0x1120, 0x19, NULL },
	{ 0x1139, 0x10, "short_alias" },
	{ 0, 0, "at zero \xff" },
};

/* test_syms as the reader returns them: sorted by start, size, name */
static const struct scf_symbol sorted_syms[] = {
	{ 0, 0, "at zero \xff" },
	{ 0x1040, 0, "_start" },
	{ 0x1120, 0x19, "" },
	{ 0x1139, 0x10, "short_alias" },
	{ 0x1139, 0x2a, "alias_of_main" },
	{ 0x1139, 0x2a, "main" },
	{ UINT64_MAX, 1, "last" },
};

/* The first table of r with this build-id, or when build_id_size is 0,
 * the first whose path is path; NULL if none. */
static const struct scf_symtab *find_symtab(const struct scf_reader *r, const uint8_t *build_id,
					    size_t build_id_size, const char *path)
{
	for (size_t i = 0; i < scf_reader_nsymtabs(r); i++) {
		const struct scf_symtab *t = scf_reader_symtab(r, i);
		if (build_id_size) {
			if (t->build_id_size == build_id_size &&
			    !memcmp(t->build_id, build_id, build_id_size))
				return t;
		} else if (path && t->path && !strcmp(t->path, path)) {
			return t;
		}
	}
	return NULL;
}

static struct scf_symtab test_symtab(void)
{
	struct scf_symtab t = {
		.build_id_size = SCF_BUILD_ID_MAX,
		.path = "/usr/bin/prog",
		.e_type = 3,
		.load_vaddr = 0x1000,
		.load_offset = 0x1000,
		.nsyms = sizeof(test_syms) / sizeof(test_syms[0]),
		.syms = test_syms,
	};
	for (int i = 0; i < SCF_BUILD_ID_MAX; i++)
		t.build_id[i] = 0xa0 + i;
	return t;
}

static void assert_symtab(const struct scf_symtab *got, const struct scf_symtab *want,
			  const struct scf_symbol *syms)
{
	ck_assert_uint_eq(got->build_id_size, want->build_id_size);
	ck_assert(!memcmp(got->build_id, want->build_id, want->build_id_size));
	if (want->path)
		ck_assert_str_eq(got->path, want->path);
	else
		ck_assert_ptr_null(got->path);
	ck_assert_uint_eq(got->e_type, want->e_type);
	ck_assert_uint_eq(got->load_vaddr, want->load_vaddr);
	ck_assert_uint_eq(got->load_offset, want->load_offset);
	ck_assert_uint_eq(got->nsyms, want->nsyms);
	for (uint64_t i = 0; i < want->nsyms; i++) {
		ck_assert_uint_eq(got->syms[i].start, syms[i].start);
		ck_assert_uint_eq(got->syms[i].size, syms[i].size);
		ck_assert_str_eq(got->syms[i].name, syms[i].name);
	}
}

START_TEST(test_symtab_roundtrip)
{
	const char *path = tmp_path("sym.scf");
	struct test_event evs[40];
	size_t n = edge_events(evs);
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	for (size_t i = 0; i < n / 2; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i].ev), 0);
	/* one in the middle of the events: they go on after it */
	struct scf_symtab empty = { .path = "/lib/empty.so", .e_type = 2 };
	ck_assert_int_eq(scf_writer_add_symtab(w, &empty), 0);
	for (size_t i = n / 2; i < n; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i].ev), 0);
	struct scf_symtab t = test_symtab();
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	struct scf_symtab none = { .load_vaddr = UINT64_MAX };
	ck_assert_int_eq(scf_writer_add_symtab(w, &none), 0);
	struct scf_symtab other = t; /* same path, another build-id */
	other.build_id_size = 4;
	other.nsyms = 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &other), 0);
	struct scf_trailer tr = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), -EINVAL);
	scf_writer_free(w);
	close(fd);

	size_t nread;
	struct scf_reader *r;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 4);
	assert_symtab(scf_reader_symtab(r, 0), &empty, NULL);
	assert_symtab(scf_reader_symtab(r, 1), &t, sorted_syms);
	assert_symtab(scf_reader_symtab(r, 2), &none, NULL);
	assert_symtab(scf_reader_symtab(r, 3), &other, test_syms);
	ck_assert_ptr_null(scf_reader_symtab(r, 4));

	/* found by build-id, or by path when there is none */
	ck_assert_ptr_eq(find_symtab(r, t.build_id, t.build_id_size, NULL),
			 scf_reader_symtab(r, 1));
	ck_assert_ptr_eq(find_symtab(r, t.build_id, 4, "/lib/empty.so"),
			 scf_reader_symtab(r, 3));
	ck_assert_ptr_null(find_symtab(r, t.build_id, 3, NULL));
	ck_assert_ptr_eq(find_symtab(r, NULL, 0, "/lib/empty.so"),
			 scf_reader_symtab(r, 0));
	ck_assert_ptr_eq(find_symtab(r, NULL, 0, "/usr/bin/prog"),
			 scf_reader_symtab(r, 1));
	ck_assert_ptr_null(find_symtab(r, NULL, 0, "/usr/bin/other"));
	ck_assert_ptr_null(find_symtab(r, NULL, 0, NULL));

	/* each in a chunk of its own: fields path, e_type, load_vaddr,
	 * load_offset (no symbols, no build-id) for the first */
	struct scf_chunk_info ci, first;
	scf_reader_symtab_chunk(r, 0, &first);
	ck_assert_uint_eq(first.type, 4);
	ck_assert_uint_eq(first.count, 4);
	scf_reader_symtab_chunk(r, 1, &ci);
	ck_assert_uint_eq(ci.type, 4);
	ck_assert_uint_eq(ci.count, 6);
	ck_assert_uint_gt(ci.offset, first.offset);
	ck_assert_uint_eq(ci.index, first.index + 2); /* the second half of the events */
	scf_reader_symtab_chunk(r, 4, &ci);
	ck_assert_uint_eq(ci.type, 0);
	scf_reader_close(r);

	/* the same without decoding the events, after one of them or none */
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(scf_reader_open(path, &r), 0);
		struct scf_event ev;
		if (k)
			ck_assert_int_eq(scf_reader_next(r, &ev), 1);
		ck_assert_int_eq(scf_reader_skip_events(r), 0);
		ck_assert_uint_eq(scf_reader_nsymtabs(r), 4);
		assert_symtab(scf_reader_symtab(r, 1), &t, sorted_syms);
		ck_assert_ptr_nonnull(scf_reader_trailer(r));
		ck_assert(!scf_reader_truncated(r));
		ck_assert_int_eq(scf_reader_next(r, &ev), 0);
		ck_assert_int_eq(scf_reader_skip_events(r), 0);
		scf_reader_close(r);
	}
}
END_TEST

START_TEST(test_symtab_addr)
{
	/* a PIE: text at file offset 0x1000 linked at 0x1000, mapped at
	 * 0x55d4a1201000 from page offset 0x1000 */
	struct scf_mmap mm = { .addr = 0x55d4a1201000, .len = 0x2000, .pgoff = 0x1000 };
	struct scf_symtab t = test_symtab();
	ck_assert_uint_eq(scf_symtab_addr(&t, &mm, 0x55d4a1201139), 0x1139);
	/* a non-PIE executable: text at offset 0x1000 linked at 0x401000 */
	t.e_type = 2;
	t.load_vaddr = 0x401000;
	mm = (struct scf_mmap){ .addr = 0x401000, .len = 0x1000, .pgoff = 0x1000 };
	ck_assert_uint_eq(scf_symtab_addr(&t, &mm, 0x401234), 0x401234);
	/* a library whose text segment's offset and address differ */
	t.e_type = 3;
	t.load_vaddr = 0x28000;
	t.load_offset = 0x27000;
	mm = (struct scf_mmap){ .addr = 0x7f3e45628000, .len = 0x1000, .pgoff = 0x27000 };
	ck_assert_uint_eq(scf_symtab_addr(&t, &mm, 0x7f3e45628010), 0x28010);
}
END_TEST

/* A libc-sized table: sizes, and what a table too big does. */
START_TEST(test_symtab_big)
{
	enum { N = 3000 };
	static struct scf_symbol syms[N];
	static char names[N][40];
	rng_state = 3;
	uint64_t addr = 0x28000;
	for (int i = 0; i < N; i++) {
		static const char *const parts[] = { "__libc_", "pthread_", "_IO_", "__GI_", "str" };
		snprintf(names[i], sizeof(names[i]), "%s%s%llu", parts[rng() % 5],
			 i % 3 ? "internal_" : "", (unsigned long long)(rng() % 100000));
		syms[N - 1 - i] = (struct scf_symbol){ addr, 16 + rng() % 400, names[i] };
		addr += syms[N - 1 - i].size + rng() % 16;
	}
	const char *path = tmp_path("big.scf");
	struct scf_meta m = { 0 };
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t before = scf_writer_bytes(w);
	struct scf_symtab t = { .build_id_size = 20, .path = "/usr/lib/libc.so.6", .e_type = 3,
				.nsyms = N, .syms = syms };
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t bytes = scf_writer_bytes(w) - before;

	/* too big: refused, nothing written, not sticky */
	struct scf_symtab huge = t;
	huge.nsyms = SCF_MAX_RSIZE / 3 + 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EFBIG);
	char *long_name = malloc(SCF_MAX_RSIZE / 2 + 1);
	memset(long_name, 'x', SCF_MAX_RSIZE / 2);
	long_name[SCF_MAX_RSIZE / 2] = '\0';
	struct scf_symbol two[2] = { { 1, 1, long_name }, { 2, 1, long_name } };
	huge.nsyms = 2;
	huge.syms = two;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EFBIG);
	/* just one of them fits */
	huge.nsyms = 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), 0);
	huge.build_id_size = SCF_BUILD_ID_MAX + 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EINVAL);
	huge.build_id_size = 0;
	huge.syms = NULL;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EINVAL);
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	struct scf_trailer tr = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 3);
	const struct scf_symtab *rt = scf_reader_symtab(r, 0);
	ck_assert_uint_eq(rt->nsyms, N);
	for (int i = 0; i < N; i++) {
		EXPECT(rt->syms[i].start == syms[N - 1 - i].start);
		EXPECT(rt->syms[i].size == syms[N - 1 - i].size);
		EXPECT(!strcmp(rt->syms[i].name, names[i]));
	}
	ck_assert_uint_eq(scf_reader_symtab(r, 1)->nsyms, 1);
	ck_assert_str_eq(scf_reader_symtab(r, 1)->syms[0].name, long_name);
	ck_assert_uint_eq(scf_reader_symtab(r, 2)->nsyms, N);
	scf_reader_close(r);
	free(long_name);
	/* about 8 bytes a symbol: names like "__libc_internal_12345" with a
	 * 2-byte start delta and a 2-byte size (measured: 7.5; the real
	 * libc.so.6's 2822 dynamic functions take 7.4, libstdc++'s 4494 9.0) */
	ck_assert_uint_lt(bytes, N * 9);
	ck_assert_uint_gt(bytes, N * 5);
}
END_TEST


/* SYMBOLS chunks with a right checksum and a wrong meaning. */
START_TEST(test_bad_symbols)
{
	static const struct {
		const char *what;
		uint8_t raw[32];
		size_t len;
		uint32_t count;
	} cases[] = {
		{ "build id too long", { 0x01, 21 }, 23, 1 },
		{ "more symbols than bytes", { 0x06, 0x02, 0x05, 0x00 }, 4, 1 },
		{ "start past 2^64",
		  { 0x06, 0x10, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0,
		    0, 0x01, 0, 0 },
		  18, 1 },
		{ "name cut short", { 0x06, 0x04, 0x01, 0x00, 0x00, 0x05 }, 6, 1 },
		{ "bytes after the symbols", { 0x06, 0x05, 0x01, 0, 0, 0, 0xaa }, 7, 1 },
		{ "e_type above 16 bits", { 0x03, 0x03, 0x80, 0x80, 0x04 }, 5, 1 },
		{ "load_vaddr with more", { 0x04, 0x02, 0x01, 0x01 }, 4, 1 },
		{ "field longer than chunk", { 0x02, 0x05, 'a' }, 3, 1 },
		{ "count wrong", { 0x02, 0x01, 'a' }, 3, 2 },
	};
	const char *path = tmp_path("full.scf"), *bad = tmp_path("bad.scf");
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	uint8_t *out = malloc(len + 4096);
	memcpy(out, file, len);
	struct scf_reader *r;
	struct scf_event ev;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = make_chunk(out + len, 4, cases[i].raw, cases[i].len, cases[i].count, 0, 0);
		spit(bad, out, len + n);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		int rc = scf_reader_next(r, &ev);
		ck_assert_msg(rc == -EBADMSG, "%s: %d", cases[i].what, rc);
		ck_assert_uint_eq(scf_reader_nsymtabs(r), 0);
		scf_reader_close(r);
	}

	/* a good one by hand: build-id ab cd, an unknown field, two symbols
	 * {0x10, 4, "f"} and {0x14, 0, ""} */
	static const uint8_t good[] = { 0x01, 0x02, 0xab, 0xcd, 0x07, 0x01, 0x00, 0x06, 0x08,
					0x02, 0x10, 0x04, 0x01, 'f', 0x04, 0x00, 0x00 };
	size_t n = make_chunk(out + len, 4, good, sizeof(good), 3, 0, 0);
	spit(bad, out, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert(scf_reader_truncated(r));
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 1);
	const struct scf_symtab *t = scf_reader_symtab(r, 0);
	ck_assert_uint_eq(t->build_id_size, 2);
	ck_assert_uint_eq(t->build_id[1], 0xcd);
	ck_assert_ptr_null(t->path);
	ck_assert_uint_eq(t->e_type, 0);
	ck_assert_uint_eq(t->nsyms, 2);
	ck_assert_uint_eq(t->syms[0].start, 0x10);
	ck_assert_uint_eq(t->syms[0].size, 4);
	ck_assert_str_eq(t->syms[0].name, "f");
	ck_assert_uint_eq(t->syms[1].start, 0x14);
	ck_assert_uint_eq(t->syms[1].size, 0);
	ck_assert_str_eq(t->syms[1].name, "");
	scf_reader_close(r);

	/* a payload of 60 MiB of empty symbols (3 bytes each, 20M of them)
	 * would take 540 MiB of memory: refused before allocating */
	size_t big = 60u << 20;
	uint8_t *raw = calloc(1, big + 16);
	uint8_t *p = raw;
	*p++ = 0x06;
	p = scf_put_varint(p, scf_varint_size(big / 3) + big); /* the field's length */
	p = scf_put_varint(p, big / 3);
	size_t rlen = (size_t)(p - raw) + big;
	uint8_t *huge = malloc(len + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(rlen));
	memcpy(huge, file, len);
	n = make_chunk(huge + len, 4, raw, rlen, 1, 0, 0);
	ck_assert_uint_lt(n, 64 << 10); /* zeros compress well */
	spit(bad, huge, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -ENOMEM);
	scf_reader_close(r);
	free(huge);
	free(raw);

	/* before the metadata */
	uint8_t *early = malloc(len + 4096);
	memcpy(early, file, 32);
	n = make_chunk(early + 32, 4, good, sizeof(good), 3, 0, 0);
	memcpy(early + 32 + n, file + 32, len - 32);
	spit(bad, early, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), -EBADMSG);
	free(early);
	free(out);
	free(file);
}
END_TEST

/* A recording cut inside or after its SYMBOLS chunk. */
START_TEST(test_symtab_truncated)
{
	const char *path = tmp_path("sym.scf"), *cut = tmp_path("cut.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = { .type = SCF_EV_LOST, .time = 5 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t events_end = scf_writer_bytes(w);
	struct scf_symtab t = test_symtab();
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t symbols_end = scf_writer_bytes(w);
	struct scf_trailer tr = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	scf_writer_free(w);
	close(fd);
	size_t len;
	uint8_t *file = slurp(path, &len);
	for (size_t size = events_end; size <= len; size++) {
		spit(cut, file, size);
		struct scf_reader *r;
		ck_assert_int_eq(scf_reader_open(cut, &r), 0);
		ck_assert_int_eq(scf_reader_next(r, &ev), 1);
		ck_assert_int_eq(scf_reader_next(r, &ev), 0);
		ck_assert(scf_reader_truncated(r) == (size < len));
		ck_assert_uint_eq(scf_reader_nsymtabs(r), size >= symbols_end);
		if (size >= symbols_end)
			assert_symtab(scf_reader_symtab(r, 0), &t, sorted_syms);
		scf_reader_close(r);
		ck_assert_int_eq(scf_reader_open(cut, &r), 0);
		ck_assert_int_eq(scf_reader_skip_events(r), 0);
		ck_assert(scf_reader_truncated(r) == (size < len));
		ck_assert_uint_eq(scf_reader_nsymtabs(r), size >= symbols_end);
		scf_reader_close(r);
	}
	free(file);
}
END_TEST

static Suite *scf_symtab_suite(void)
{
	Suite *s = suite_create("scf_symtab");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_symtab_roundtrip);
	tcase_add_test(tc, test_symtab_addr);
	tcase_add_test(tc, test_symtab_big);
	tcase_add_test(tc, test_bad_symbols);
	tcase_add_test(tc, test_symtab_truncated);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_symtab_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
