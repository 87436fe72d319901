/*
 * check_ksyms.c - the recorder's kernel symbols (profiler/ksyms.c): a
 * kallsyms table read from text (modules, aliases, sizes), addresses
 * hidden by kptr_restrict, the BPF and scheduler frames dropped from the
 * top of a wait stack, and the entries a set of addresses selects.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/scf.h"
#include "profiler/ksyms.h"

static const char kallsyms[] =
	"ffffffff81000000 T _stext\n"
	"ffffffff81000000 T _text\n"
	"ffffffff81100000 t bpf_trace_run4\n"
	"ffffffff81100200 T vfs_read\n"
	"ffffffff81100400 T ksys_read\n"
	"ffffffff81200000 t __schedule\n"
	"ffffffff81200800 T schedule\n"
	"ffffffff81200900 T schedule_timeout\n"
	"ffffffff81300000 t anon_pipe_read\n"
	"ffffffffc0001000 t nvme_poll\t[nvme]\n"
	"ffffffffc0002000 t bpf_prog_1705c856249e128c_sched_switch\t[bpf]\n"
	"garbage line\n"
	"ffffffffc0003000 T last_one\t[mod]\n";

static FILE *text(const char *s)
{
	FILE *f = fmemopen((void *)s, strlen(s), "r");
	ck_assert_ptr_nonnull(f);
	return f;
}

START_TEST(test_table)
{
	struct ksym_table t;
	FILE *f = text(kallsyms);
	ck_assert_int_eq(ksym_table_load(&t, f), 0);
	fclose(f);
	ck_assert_uint_eq(t.n, 12);
	const struct ksym_entry *e = ksym_table_find(&t, 0xffffffff81300010ull);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->name, "anon_pipe_read");
	ck_assert_uint_eq(e->size, 0xffffffffc0001000ull - 0xffffffff81300000ull);
	e = ksym_table_find(&t, 0xffffffffc0001004ull);
	ck_assert_str_eq(e->name, "nvme_poll");
	ck_assert_str_eq(e->name + strlen(e->name) + 1, "nvme");
	/* aliases: both run to the next higher start */
	e = ksym_table_find(&t, 0xffffffff81000010ull);
	ck_assert_uint_eq(e->size, 0x100000);
	ck_assert_ptr_null(ksym_table_find(&t, 0x1000));
	ck_assert_ptr_nonnull(ksym_table_find(&t, 0xffffffffc0003fffull)); /* the last: no size */

	/* a wait stack as sched_switch takes it: BPF and scheduler frames
	 * on top of the function that blocked */
	uint64_t ips[] = { 0xffffffffc0002010ull, 0xffffffff81100010ull, 0xffffffff81200010ull,
			   0xffffffff81200810ull, 0xffffffff81300020ull, 0xffffffff81100210ull };
	ck_assert_uint_eq(ksym_table_top_frames(&t, ips, 6), 4);
	/* schedule_timeout is where it blocked, not a frame to drop */
	uint64_t timeout[] = { 0xffffffff81200810ull, 0xffffffff81200910ull };
	ck_assert_uint_eq(ksym_table_top_frames(&t, timeout, 2), 1);
	/* nothing but such frames: kept whole */
	ck_assert_uint_eq(ksym_table_top_frames(&t, ips, 3), 0);
	/* an address in no entry stops the dropping */
	uint64_t unknown[] = { 0x1000, 0xffffffff81200010ull };
	ck_assert_uint_eq(ksym_table_top_frames(&t, unknown, 2), 0);

	/* the entries of a set of addresses, each once */
	struct kaddrs k = { 0 };
	ck_assert_int_eq(kaddrs_add(&k, ips + 4, 2), 0);
	ck_assert_int_eq(kaddrs_add(&k, ips + 4, 2), 0);
	uint64_t more[] = { 0xffffffff81300030ull, 0, 0x10 };
	ck_assert_int_eq(kaddrs_add(&k, more, 3), 0);
	ck_assert_uint_eq(k.n, 4); /* 0 is never an address */
	struct scf_ksym *v;
	size_t n;
	ck_assert_int_eq(ksym_table_select(&t, &k, &v, &n), 0);
	ck_assert_uint_eq(n, 2); /* 0x10 is in none; two in anon_pipe_read */
	ck_assert_str_eq(v[0].name, "vfs_read");
	ck_assert_str_eq(v[0].module, "");
	ck_assert_str_eq(v[1].name, "anon_pipe_read");
	free(v);
	kaddrs_release(&k);
	ksym_table_release(&t);
}
END_TEST

/* /proc/PID/task/TID/stack: names and offsets (addresses hidden) into
 * addresses; a name kallsyms lacks is left out. */
START_TEST(test_proc_stack)
{
	struct ksym_table t;
	FILE *f = text(kallsyms);
	ck_assert_int_eq(ksym_table_load(&t, f), 0);
	fclose(f);
	f = text("[<0>] anon_pipe_read+0x1a4/0x3c0\n"
		 "[<0>] no_such_function+0x10/0x20\n"
		 "[<0>] vfs_read+0x2b/0x310\n"
		 "junk\n"
		 "[<0>] nvme_poll+0x4/0x10 [nvme]\n");
	uint64_t ips[8];
	ck_assert_uint_eq(ksym_table_proc_stack(&t, f, ips, 8), 3);
	fclose(f);
	ck_assert_uint_eq(ips[0], 0xffffffff813001a4ull);
	ck_assert_uint_eq(ips[1], 0xffffffff8110022bull);
	ck_assert_uint_eq(ips[2], 0xffffffffc0001004ull);
	f = text("[<0>] vfs_read+0x2b/0x310\n[<0>] vfs_read+0x2c/0x310\n");
	ck_assert_uint_eq(ksym_table_proc_stack(&t, f, ips, 1), 1); /* at most max */
	fclose(f);
	ksym_table_release(&t);
}
END_TEST

/* Many addresses: the set grows and keeps each once. */
START_TEST(test_kaddrs_grow)
{
	struct kaddrs k = { 0 };
	for (uint64_t i = 1; i <= 5000; i++) {
		uint64_t a[2] = { 0xffffffff81000000ull + i * 16, 0xffffffff81000000ull + i * 16 };
		ck_assert_int_eq(kaddrs_add(&k, a, 2), 0);
	}
	ck_assert_uint_eq(k.n, 5000);
	ck_assert_uint_ge(k.cap, 10000);
	kaddrs_release(&k);
}
END_TEST

/* kptr_restrict: every address reads as 0, nothing is kept. */
START_TEST(test_hidden)
{
	struct ksym_table t;
	FILE *f = text("0000000000000000 T _stext\n0000000000000000 t vfs_read\n");
	ck_assert_int_eq(ksym_table_load(&t, f), -ENODATA);
	fclose(f);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_null(ksym_table_find(&t, 0xffffffff81000000ull));
	f = text("");
	ck_assert_int_eq(ksym_table_load(&t, f), -ENODATA);
	fclose(f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ksyms");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_kaddrs_grow);
	tcase_add_test(tc, test_proc_stack);
	tcase_add_test(tc, test_hidden);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
