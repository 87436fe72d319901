/*
 * check_report_tasks.c - naming processes and threads from COMM, FORK,
 * EXIT and CMDLINE events, including comm epochs.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "analysis/tasks.h"

static struct tasks *t;

static void setup(void)
{
	ck_assert_int_eq(tasks_new(&t), 0);
}

static void teardown(void)
{
	tasks_free(t);
}

static void comm(int32_t pid, int32_t tid, const char *name, bool exec)
{
	struct scf_event ev = {.type = SCF_EV_COMM};
	ev.comm.pid = pid;
	ev.comm.tid = tid;
	ev.comm.exec = exec;
	strncpy(ev.comm.comm, name, sizeof(ev.comm.comm) - 1);
	ck_assert_int_eq(tasks_event(t, &ev), 0);
}

static void task(enum scf_event_type type, int32_t pid, int32_t ppid, int32_t tid, int32_t ptid)
{
	struct scf_event ev = {.type = type};
	ev.task.pid = pid;
	ev.task.ppid = ppid;
	ev.task.tid = tid;
	ev.task.ptid = ptid;
	ck_assert_int_eq(tasks_event(t, &ev), 0);
}

static void cmdline(int32_t pid, const char *argv, uint32_t len)
{
	struct scf_event ev = {.type = SCF_EV_CMDLINE};
	ev.cmdline.pid = pid;
	ev.cmdline.argv = argv;
	ev.cmdline.len = len;
	ck_assert_int_eq(tasks_event(t, &ev), 0);
}

START_TEST(test_unknown)
{
	uint32_t epoch = 99;
	ck_assert_ptr_null(tasks_comm_now(t, 5, &epoch));
	ck_assert_uint_eq(epoch, 0);
	ck_assert_ptr_null(tasks_comm(t, 5));
	ck_assert_ptr_null(tasks_comm_at(t, 5, 0));
	ck_assert_ptr_null(tasks_process_comm(t, 5));
	ck_assert_ptr_null(tasks_cmdline(t, 5));
	ck_assert_int_eq(tasks_pid(t, 5), -1);
	tasks_free(NULL);
}
END_TEST

START_TEST(test_fork_exec_exit)
{
	uint32_t e;
	comm(100, 100, "bash", false);
	ck_assert_str_eq(tasks_comm_now(t, 100, &e), "bash");
	/* epoch 0 was unknown before the first name: it takes "bash" */
	ck_assert_uint_eq(e, 1);
	ck_assert_str_eq(tasks_comm_at(t, 100, 0), "bash");
	/* bash forks 200, which inherits the name, then execs ls */
	task(SCF_EV_FORK, 200, 100, 200, 100);
	ck_assert_str_eq(tasks_comm_now(t, 200, &e), "bash");
	ck_assert_uint_eq(e, 0);
	ck_assert_int_eq(tasks_pid(t, 200), 200);
	comm(200, 200, "ls", true);
	ck_assert_str_eq(tasks_comm_now(t, 200, &e), "ls");
	ck_assert_uint_eq(e, 1);
	ck_assert_str_eq(tasks_comm_at(t, 200, 0), "bash");
	ck_assert_str_eq(tasks_comm_at(t, 200, 1), "ls");
	cmdline(200, "ls\0-l\0/etc\0", 11);
	task(SCF_EV_EXIT, 200, 100, 200, 100);
	/* short-lived child keeps its names after exit */
	ck_assert_str_eq(tasks_comm(t, 200), "ls");
	ck_assert_str_eq(tasks_process_comm(t, 200), "ls");
	ck_assert_str_eq(tasks_cmdline(t, 200), "ls -l /etc");
	ck_assert_str_eq(tasks_comm(t, 100), "bash");
}
END_TEST

START_TEST(test_threads)
{
	uint32_t e;
	comm(300, 300, "server", true);
	task(SCF_EV_FORK, 300, 300, 301, 300);
	task(SCF_EV_FORK, 300, 300, 302, 300);
	comm(300, 302, "worker", false); /* prctl(PR_SET_NAME) */
	ck_assert_str_eq(tasks_comm_now(t, 301, &e), "server");
	ck_assert_str_eq(tasks_comm_now(t, 302, &e), "worker");
	ck_assert_uint_eq(e, 1);
	ck_assert_int_eq(tasks_pid(t, 302), 300);
	ck_assert_str_eq(tasks_process_comm(t, 300), "server");
	/* interned: equal names are the same pointer */
	ck_assert_ptr_eq(tasks_comm(t, 301), tasks_comm(t, 300));
	ck_assert_ptr_eq(tasks_intern(t, "worker"), tasks_comm(t, 302));
	/* the same name again starts no new epoch */
	comm(300, 302, "worker", false);
	tasks_comm_now(t, 302, &e);
	ck_assert_uint_eq(e, 1);
}
END_TEST

START_TEST(test_process_without_main_thread_name)
{
	/* only a thread of process 400 was ever named */
	comm(400, 401, "helper", false);
	ck_assert_str_eq(tasks_process_comm(t, 400), "helper");
	ck_assert_ptr_null(tasks_comm(t, 400));
}
END_TEST

START_TEST(test_cmdline_odd_bytes)
{
	cmdline(500, "a\tb\0c", 5); /* no final NUL, a control character */
	ck_assert_str_eq(tasks_cmdline(t, 500), "a\tb c"); /* printers escape it */
	cmdline(500, "new\0", 4);
	ck_assert_str_eq(tasks_cmdline(t, 500), "new");
	cmdline(501, "", 0);
	ck_assert_str_eq(tasks_cmdline(t, 501), "");
}
END_TEST

START_TEST(test_many_tasks)
{
	char name[16];
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "t%d", i % 100);
		comm(i / 10, i, name, false);
	}
	uint32_t e;
	for (int i = 0; i < 20000; i += 997) {
		snprintf(name, sizeof(name), "t%d", i % 100);
		ck_assert_str_eq(tasks_comm_now(t, i, &e), name);
		ck_assert_int_eq(tasks_pid(t, i), i / 10);
	}
}
END_TEST

START_TEST(test_cache_after_new_task)
{
	uint32_t e;
	/* a cached miss must not hide a task named later */
	ck_assert_ptr_null(tasks_comm_now(t, 700, &e));
	comm(700, 700, "late", false);
	ck_assert_str_eq(tasks_comm_now(t, 700, &e), "late");
	ck_assert_uint_eq(e, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report_tasks");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_fork_exec_exit);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_process_without_main_thread_name);
	tcase_add_test(tc, test_cmdline_odd_bytes);
	tcase_add_test(tc, test_many_tasks);
	tcase_add_test(tc, test_cache_after_new_task);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
