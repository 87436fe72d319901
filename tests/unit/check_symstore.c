/*
 * check_symstore.c - symbol tables stored at the end of a recording with
 * stacks: which files get one, what it holds, which are left out.
 */
#include <check.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/scf.h"
#include "profiler/symstore.h"
#include "symbols/elfsym.h"

__attribute__((noinline)) int symstore_test_marker(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 7;
}

static char dir[] = "/tmp/check_symstore.XXXXXX";
static char path[PATH_MAX];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/rec.scprof", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
}

/* This test binary's executable mapping and build-id. */
struct self {
	char exe[PATH_MAX];
	uint64_t start, end, pgoff;
	uint8_t bid[SCF_BUILD_ID_MAX];
	uint8_t nbid;
};

static void find_self(struct self *me)
{
	uint64_t addr = (uint64_t)(uintptr_t)symstore_test_marker;
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4096];
	bool found = false;
	while (f && fgets(line, sizeof(line), f)) {
		uint64_t s, e, off;
		char perms[8], file[PATH_MAX] = "";
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095s", &s, &e,
			   perms, &off, file) == 5 &&
		    addr >= s && addr < e) {
			me->start = s;
			me->end = e;
			me->pgoff = off;
			snprintf(me->exe, sizeof(me->exe), "%s", file);
			found = true;
		}
	}
	fclose(f);
	ck_assert(found);
	elf_version(EV_CURRENT);
	int fd = open(me->exe, O_RDONLY);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	const void *bid;
	ssize_t n = dwelf_elf_gnu_build_id(e, &bid);
	ck_assert_int_gt(n, 0);
	me->nbid = (uint8_t)n;
	memcpy(me->bid, bid, (size_t)n);
	elf_end(e);
	close(fd);
}

static struct scf_writer *open_writer(int *fd)
{
	static const struct scf_meta m = { .recorder = "check_symstore", .ncpus = 1,
					   .clockid = 1, .target = SCF_TARGET_COMMAND,
					   .features = SCF_FEAT_CALLCHAIN };
	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(*fd, 0);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(*fd, &m, &w), 0);
	return w;
}

static void add_mmap(struct scf_writer *w, uint64_t t, int32_t pid, const struct self *me,
		     const char *file, bool bad_bid)
{
	struct scf_event ev = { .type = SCF_EV_MMAP, .time = t };
	ev.mmap = (struct scf_mmap){ .pid = pid, .tid = pid, .addr = me->start,
				     .len = me->end - me->start, .pgoff = me->pgoff, .prot = 5,
				     .build_id_size = me->nbid, .filename = file };
	memcpy(ev.mmap.build_id, me->bid, me->nbid);
	if (file[0] == '[')
		ev.mmap.build_id_size = 0; /* the kernel gives none for the vdso */
	if (bad_bid)
		ev.mmap.build_id[0] ^= 0xff;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
}

/* An MMAP of me's executable segment from file, without a build-id (a
 * binary without one, or a map found at attach). */
static void add_mmap_no_bid(struct scf_writer *w, uint64_t t, int32_t pid, const struct self *me,
			    const char *file)
{
	struct scf_event ev = { .type = SCF_EV_MMAP, .time = t };
	ev.mmap = (struct scf_mmap){ .pid = pid, .tid = pid, .addr = me->start,
				     .len = me->end - me->start, .pgoff = me->pgoff, .prot = 5,
				     .filename = file };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
}

/* A copy of file at to (a new inode). */
static void copy_file(const char *from, const char *to)
{
	char tmp[PATH_MAX + 8], buf[65536];
	snprintf(tmp, sizeof(tmp), "%s.tmp", to);
	int in = open(from, O_RDONLY), out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ck_assert_int_ge(in, 0);
	ck_assert_int_ge(out, 0);
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	close(in);
	close(out);
	ck_assert_int_eq(rename(tmp, to), 0);
}

static void add_call(struct scf_writer *w, uint64_t t, int32_t pid, bool stack)
{
	static const uint64_t ips[] = { 0x1234 };
	struct scf_event ev = { .type = SCF_EV_CALL, .time = t };
	ev.call = (struct scf_call){ .start = t, .pid = pid, .tid = pid, .nr = 39, .ret = pid };
	if (stack) {
		ev.call.nips = 1;
		ev.call.ips = ips;
	}
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
}

/* Finish the recording and read it back: it is complete; its number of
 * symbol tables.  empty_for: every table must be an empty one for that
 * file (none of its symbols read); NULL: any. */
static size_t finish_and_count_tables(struct scf_writer *w, int fd, const char *empty_for)
{
	struct scf_trailer tr = { .end_time = 20, .ncpus = 1 };
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	scf_writer_free(w);
	close(fd);
	struct scf_reader *r;
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	while (scf_reader_next(r, &ev) > 0)
		;
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	size_t n = scf_reader_nsymtabs(r);
	for (size_t i = 0; empty_for && i < n; i++) {
		const struct scf_symtab *t = scf_reader_symtab(r, i);
		ck_assert_str_eq(t->path, empty_for);
		ck_assert_uint_eq(t->build_id_size, 0);
		ck_assert_uint_eq(t->nsyms, 0);
	}
	scf_reader_close(r);
	return n;
}

/* A stored table as a source for the lookup rule. */
static bool stored_sym(const void *ctx, size_t i, struct elfsym *sym)
{
	const struct scf_symtab *t = ctx;
	*sym = (struct elfsym){ t->syms[i].start, t->syms[i].size, UINT64_MAX, STB_GLOBAL,
				t->syms[i].name };
	return true;
}

START_TEST(test_stores_mapped_files)
{
	struct self me;
	find_self(&me);
	int fd;
	struct scf_writer *w = open_writer(&fd);
	add_mmap(w, 10, 100, &me, me.exe, false);
	add_mmap(w, 11, 100, &me, "[vdso]", false);
	add_call(w, 12, 100, true);
	/* a process without stacks: its files are not stored */
	add_mmap(w, 13, 200, &me, "/nonexistent/scprof/other", false);
	add_call(w, 14, 200, false);
	struct symstore_stats st;
	ck_assert_int_eq(symstore_write(w, path, NULL, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.tables, 2);
	ck_assert_uint_eq(st.skipped, 0);
	struct scf_trailer tr = { .end_time = 20, .ncpus = 1 };
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	struct scf_event ev;
	struct scf_mmap mm = { 0 };
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	while (scf_reader_next(r, &ev) > 0)
		if (ev.type == SCF_EV_MMAP && !mm.len) {
			mm = ev.mmap;
			mm.filename = NULL;
		}
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 2);
	const struct scf_symtab *t = NULL;
	for (size_t i = 0; i < scf_reader_nsymtabs(r); i++) {
		const struct scf_symtab *v = scf_reader_symtab(r, i);
		if (!t && v->build_id_size == me.nbid && !memcmp(v->build_id, me.bid, me.nbid))
			t = v;
	}
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->path, me.exe);
	ck_assert_uint_eq(t->e_type, ET_DYN);
	ck_assert_uint_gt(t->nsyms, 10);
	uint64_t ip = (uint64_t)(uintptr_t)symstore_test_marker + 1;
	/* named by the one lookup rule (symbols/elfsym.h) */
	uint64_t addr = scf_symtab_addr(t, &mm, ip), start;
	struct elfsym_source src = { (size_t)t->nsyms, stored_sym, t };
	ck_assert_int_eq(elfsym_starts(&src, &addr, 1, &start), 0);
	ck_assert_uint_ne(start, UINT64_MAX);
	const char *name;
	size_t len;
	ck_assert_int_eq(elfsym_names(&src, &start, 1, &name, &len), 0);
	ck_assert_ptr_nonnull(name);
	ck_assert_str_eq(name, "symstore_test_marker");
	/* the vdso's, from this process's own image */
	bool vdso = false;
	for (size_t i = 0; i < scf_reader_nsymtabs(r); i++) {
		const struct scf_symtab *v = scf_reader_symtab(r, i);
		if (v->path && !strcmp(v->path, "[vdso]")) {
			vdso = true;
			ck_assert_uint_gt(v->nsyms, 0);
			ck_assert_uint_gt(v->build_id_size, 0);
		}
	}
	ck_assert(vdso);
	scf_reader_close(r);
}
END_TEST

START_TEST(test_skips_replaced_and_missing)
{
	struct self me;
	find_self(&me);
	int fd;
	struct scf_writer *w = open_writer(&fd);
	/* the file at the path has another build-id now: not the one mapped */
	add_mmap(w, 10, 100, &me, me.exe, true);
	add_mmap(w, 11, 100, &me, "/nonexistent/scprof/gone", false);
	add_call(w, 12, 100, true);
	struct symstore_stats st;
	ck_assert_int_eq(symstore_write(w, path, NULL, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.tables, 0);
	ck_assert_uint_eq(st.skipped, 2);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, NULL), 0);
}
END_TEST

/* What a traced user may leave at a mapped file's path: a FIFO (a
 * blocking open would wait for a writer for good), a symlink to the real
 * binary, a device.  None is read; the FIFO does not block. */
START_TEST(test_skips_planted_files)
{
	struct self me;
	find_self(&me);
	char fifo[PATH_MAX], link[PATH_MAX];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(symlink(me.exe, link), 0);
	int fd;
	struct scf_writer *w = open_writer(&fd);
	add_mmap(w, 10, 100, &me, fifo, false);
	add_mmap(w, 11, 100, &me, link, false);
	add_mmap(w, 12, 100, &me, "/dev/zero", false);
	add_call(w, 13, 100, true);
	struct symstore_stats st;
	alarm(10); /* a blocking open fails the test instead of hanging it */
	ck_assert_int_eq(symstore_write(w, path, NULL, NULL, NULL, &st), 0);
	alarm(0);
	ck_assert_uint_eq(st.tables, 0);
	ck_assert_uint_eq(st.skipped, 3);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, NULL), 0);
	unlink(fifo);
	unlink(link);
}
END_TEST

/* Without a build-id recorded, the file at the path is read only if its
 * device and inode are the ones noted for the path: not once it was
 * replaced by another file, nor with nothing noted. */
START_TEST(test_device_and_inode_decide_without_build_id)
{
	struct self me;
	find_self(&me);
	char copy[PATH_MAX];
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	copy_file(me.exe, copy);
	struct stat sb;
	ck_assert_int_eq(stat(copy, &sb), 0);
	struct mapids *ids = mapids_new();
	ck_assert_int_eq(mapids_add(ids, copy, sb.st_dev, (uint64_t)sb.st_ino), 0);

	int fd;
	struct scf_writer *w = open_writer(&fd);
	add_mmap_no_bid(w, 10, 100, &me, copy);
	add_call(w, 12, 100, true);
	struct symstore_stats st;
	ck_assert_int_eq(symstore_write(w, path, ids, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.tables, 1);
	ck_assert_uint_eq(st.skipped, 0);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, NULL), 1);

	/* nothing noted: not read; an empty table for the path instead */
	w = open_writer(&fd);
	add_mmap_no_bid(w, 10, 100, &me, copy);
	add_call(w, 12, 100, true);
	ck_assert_int_eq(symstore_write(w, path, NULL, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.tables, 0);
	ck_assert_uint_eq(st.skipped, 1);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, copy), 1);

	/* the same contents in a new inode at the path: not the file mapped */
	copy_file(me.exe, copy);
	w = open_writer(&fd);
	add_mmap_no_bid(w, 10, 100, &me, copy);
	add_call(w, 12, 100, true);
	ck_assert_int_eq(symstore_write(w, path, ids, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.tables, 0);
	ck_assert_uint_eq(st.skipped, 1);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, copy), 1);
	mapids_free(ids);
	unlink(copy);
}
END_TEST

/* While the process that mapped a file lives, the file is read through
 * /proc/PID/map_files, whatever is at its path now (here: nothing). */
START_TEST(test_reads_through_map_files)
{
	struct self me;
	find_self(&me);
	char link[96], gone[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/map_files/%" PRIx64 "-%" PRIx64, me.start, me.end);
	struct stat sb;
	if (stat(link, &sb) < 0) {
		fprintf(stderr, "check_symstore: skipped map_files: %s: %m\n", link);
		return; /* not root (CAP_SYS_ADMIN) */
	}
	snprintf(gone, sizeof(gone), "%s/gone", dir);
	struct mapids *ids = mapids_new();
	ck_assert_int_eq(mapids_add(ids, gone, sb.st_dev, (uint64_t)sb.st_ino), 0);
	int fd;
	struct scf_writer *w = open_writer(&fd);
	add_mmap_no_bid(w, 10, getpid(), &me, gone);
	add_call(w, 12, getpid(), true);
	struct symstore_stats st;
	ck_assert_int_eq(symstore_write(w, path, ids, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.tables, 1);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, NULL), 1);
	mapids_free(ids);
}
END_TEST

static bool stop_now(void *ctx)
{
	(*(int *)ctx)++;
	return true;
}

/* Stopped (SIGINT while finishing): no table, the file still complete. */
START_TEST(test_stop_leaves_tables_out)
{
	struct self me;
	find_self(&me);
	int fd, asked = 0;
	struct scf_writer *w = open_writer(&fd);
	add_mmap(w, 10, 100, &me, me.exe, false);
	add_mmap(w, 11, 100, &me, "[vdso]", false);
	add_call(w, 12, 100, true);
	struct symstore_stats st;
	ck_assert_int_eq(symstore_write(w, path, NULL, stop_now, &asked, &st), 0);
	ck_assert_int_eq(asked, 1);
	ck_assert(st.stopped);
	ck_assert_uint_eq(st.tables, 0);
	ck_assert_uint_eq(st.left, 2);
	ck_assert_uint_eq(finish_and_count_tables(w, fd, NULL), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("symstore");
	TCase *t = tcase_create("write");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_stores_mapped_files);
	tcase_add_test(t, test_skips_replaced_and_missing);
	tcase_add_test(t, test_skips_planted_files);
	tcase_add_test(t, test_device_and_inode_decide_without_build_id);
	tcase_add_test(t, test_reads_through_map_files);
	tcase_add_test(t, test_stop_leaves_tables_out);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
