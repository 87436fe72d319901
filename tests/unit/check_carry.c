/*
 * check_carry.c - what a --switch-output file starts with
 * (profiler/carry.h): names, command lines and mappings of the live
 * processes, through exec, fork and exit.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "profiler/carry.h"

static struct scf_event comm(int32_t pid, int32_t tid, const char *name, bool exec)
{
	struct scf_event e = { .type = SCF_EV_COMM, .time = 5 };
	e.comm.pid = pid;
	e.comm.tid = tid;
	e.comm.exec = exec;
	snprintf(e.comm.comm, sizeof(e.comm.comm), "%s", name);
	return e;
}

static struct scf_event mmap_ev(int32_t pid, uint64_t addr, const char *file)
{
	struct scf_event e = { .type = SCF_EV_MMAP, .time = 5 };
	e.mmap.pid = e.mmap.tid = pid;
	e.mmap.addr = addr;
	e.mmap.len = 0x1000;
	e.mmap.build_id_size = 2;
	e.mmap.build_id[0] = 0xab;
	e.mmap.filename = file;
	return e;
}

static struct scf_event task(enum scf_event_type type, int32_t pid, int32_t tid, int32_t ppid)
{
	struct scf_event e = { .type = type, .time = 5 };
	e.task = (struct scf_task){ .pid = pid, .tid = tid, .ppid = ppid, .ptid = ppid };
	return e;
}

/* What carry_emit hands on, one line each. */
static char out[4096];

static int collect(void *ctx, const struct scf_event *e)
{
	(void)ctx;
	size_t n = strlen(out);
	ck_assert_uint_eq(e->time, 99);
	if (e->type == SCF_EV_COMM)
		snprintf(out + n, sizeof(out) - n, "COMM %d/%d %s%s;", e->comm.pid, e->comm.tid,
			 e->comm.comm, e->comm.exec ? " exec" : "");
	else if (e->type == SCF_EV_MMAP)
		snprintf(out + n, sizeof(out) - n, "MMAP %d %#llx %s %x;", e->mmap.pid,
			 (unsigned long long)e->mmap.addr, e->mmap.filename, e->mmap.build_id[0]);
	else if (e->type == SCF_EV_CMDLINE)
		snprintf(out + n, sizeof(out) - n, "CMDLINE %d %s;", e->cmdline.pid, e->cmdline.argv);
	return 0;
}

static const char *emitted(struct carry *c)
{
	out[0] = 0;
	ck_assert_int_eq(carry_emit(c, 99, collect, NULL), 0);
	return out;
}

static void note(struct carry *c, struct scf_event e)
{
	ck_assert_int_eq(carry_note(c, &e), 0);
}

START_TEST(test_lifecycle)
{
	struct carry *c = carry_new();
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(emitted(c), "");
	struct scf_event cmd = { .type = SCF_EV_CMDLINE };
	cmd.cmdline.pid = 10;
	cmd.cmdline.argv = "app";
	cmd.cmdline.len = 4;
	note(c, cmd);                           /* before the exec's COMM */
	note(c, comm(10, 10, "app", true));
	char file[32] = "/bin/app";
	note(c, mmap_ev(10, 0x1000, file));
	strcpy(file, "changed");                /* the copy is kept */
	note(c, mmap_ev(10, 0x2000, "/lib/libc.so"));
	note(c, comm(10, 11, "worker", false));
	struct scf_event call = { .type = SCF_EV_CALL };
	note(c, call);                          /* ignored */
	ck_assert_str_eq(emitted(c), "CMDLINE 10 app;COMM 10/10 app;COMM 10/11 worker;"
				     "MMAP 10 0x1000 /bin/app ab;MMAP 10 0x2000 /lib/libc.so ab;");
	/* a thread renamed, then gone */
	note(c, comm(10, 11, "pool", false));
	ck_assert_str_eq(emitted(c), "CMDLINE 10 app;COMM 10/10 app;COMM 10/11 pool;"
				     "MMAP 10 0x1000 /bin/app ab;MMAP 10 0x2000 /lib/libc.so ab;");
	note(c, task(SCF_EV_EXIT, 10, 11, 10));
	ck_assert_str_eq(emitted(c), "CMDLINE 10 app;COMM 10/10 app;"
				     "MMAP 10 0x1000 /bin/app ab;MMAP 10 0x2000 /lib/libc.so ab;");
	/* a fork: the child has the parent's mappings and command line; a
	 * new thread has nothing of its own */
	note(c, task(SCF_EV_FORK, 20, 20, 10));
	note(c, task(SCF_EV_FORK, 10, 12, 10));
	note(c, comm(20, 20, "app", false));
	ck_assert_str_eq(emitted(c), "CMDLINE 10 app;COMM 10/10 app;CMDLINE 20 app;COMM 20/20 app;"
				     "MMAP 10 0x1000 /bin/app ab;MMAP 10 0x2000 /lib/libc.so ab;"
				     "MMAP 20 0x1000 /bin/app ab;MMAP 20 0x2000 /lib/libc.so ab;");
	/* the child execs: its old mappings go, its command line stays until
	 * the new one */
	note(c, comm(20, 20, "tool", true));
	note(c, mmap_ev(20, 0x5000, "/bin/tool"));
	ck_assert_str_eq(emitted(c), "CMDLINE 10 app;COMM 10/10 app;CMDLINE 20 app;COMM 20/20 tool;"
				     "MMAP 10 0x1000 /bin/app ab;MMAP 10 0x2000 /lib/libc.so ab;"
				     "MMAP 20 0x5000 /bin/tool ab;");
	cmd.cmdline.pid = 20;
	cmd.cmdline.argv = "tool";
	cmd.cmdline.len = 5;
	note(c, cmd);
	/* the parent ends: all of it forgotten */
	note(c, task(SCF_EV_EXIT, 10, 10, 1));
	ck_assert_str_eq(emitted(c), "COMM 20/20 tool;CMDLINE 20 tool;MMAP 20 0x5000 /bin/tool ab;");
	carry_free(c);
	carry_free(NULL);
}
END_TEST

static int stop_at_second(void *ctx, const struct scf_event *e)
{
	(void)e;
	return ++*(int *)ctx == 2 ? -5 : 0;
}

START_TEST(test_emit_error)
{
	struct carry *c = carry_new();
	note(c, comm(1, 1, "a", false));
	note(c, comm(2, 2, "b", false));
	note(c, comm(3, 3, "c", false));
	int n = 0;
	ck_assert_int_eq(carry_emit(c, 99, stop_at_second, &n), -5);
	ck_assert_int_eq(n, 2);
	carry_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("carry");
	TCase *tc = tcase_create("carry");
	tcase_add_test(tc, test_lifecycle);
	tcase_add_test(tc, test_emit_error);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
