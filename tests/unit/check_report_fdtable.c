/*
 * check_report_fdtable.c - descriptor tables followed through calls: what
 * each descriptor names (report --events -y) and which file a call
 * touched (report --by file).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "analysis/fdtable.h"
#include "syscalls/syscalls.h"

#define PID 4240
#define AT_FDCWD_ARG ((uint64_t)-100)

static struct fdtable *t;
static char buf[4096];

static void setup(void)
{
	ck_assert_int_eq(fdtable_new(&t), 0);
}

static void teardown(void)
{
	fdtable_free(t);
}

static struct scf_call make(const char *name, int32_t pid, int64_t ret, uint64_t a0, uint64_t a1,
			    uint64_t a2, uint64_t a3)
{
	struct scf_call c = {.pid = pid, .tid = pid, .ret = ret, .args = {a0, a1, a2, a3}};

	c.nr = syscall_number(name);
	ck_assert_int_ge(c.nr, 0);
	return c;
}

/* A call with at most one capture, followed; returns the file it touched
 * (by the table before it). */
static const char *follow(const char *name, int32_t pid, int64_t ret, uint64_t a0, uint64_t a1,
			  uint64_t a2, uint64_t a3, const struct scf_capture *cap)
{
	static char file[4096];
	struct scf_call c = make(name, pid, ret, a0, a1, a2, a3);
	const char *f;

	c.captures = cap;
	c.ncaptures = cap ? 1 : 0;
	f = fdtable_call_file(t, &c, name, file, sizeof(file));
	ck_assert_int_eq(fdtable_call(t, &c, name), 0);
	return f;
}

static struct scf_capture path_cap(int arg, const char *path)
{
	return (struct scf_capture){.arg = (uint8_t)arg, .kind = SCF_CAP_PATH,
				    .len = (uint32_t)strlen(path), .data = (const uint8_t *)path};
}

static void task(enum scf_event_type type, int32_t pid, int32_t ppid)
{
	struct scf_event ev = {.type = type};

	ev.task.pid = ev.task.tid = pid;
	ev.task.ppid = ev.task.ptid = ppid;
	ck_assert_int_eq(fdtable_event(t, &ev), 0);
}

static const char *name(int32_t pid, int fd)
{
	return fdtable_name(t, pid, fd);
}

START_TEST(test_open_read_close)
{
	struct scf_capture p = path_cap(1, "/tmp/demo.txt");

	ck_assert_ptr_null(name(PID, 3));
	ck_assert_str_eq(follow("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &p), "/tmp/demo.txt");
	ck_assert_str_eq(name(PID, 3), "/tmp/demo.txt");
	ck_assert_str_eq(follow("read", PID, 6, 3, 0x2000, 4096, 0, NULL), "/tmp/demo.txt");
	ck_assert_str_eq(follow("fstat", PID, 0, 3, 0x2000, 0, 0, NULL), "/tmp/demo.txt");
	ck_assert_str_eq(follow("close", PID, 0, 3, 0, 0, 0, NULL), "/tmp/demo.txt");
	ck_assert_ptr_null(name(PID, 3));
	ck_assert_str_eq(follow("read", PID, -EBADF, 3, 0x2000, 4096, 0, NULL), "fd 3 (unknown)");
	/* a failed open names its path and makes no descriptor */
	struct scf_capture missing = path_cap(1, "/nonexistent");
	ck_assert_str_eq(follow("openat", PID, -ENOENT, AT_FDCWD_ARG, 0x1000, 0, 0, &missing),
			 "/nonexistent");
	ck_assert_ptr_null(name(PID, -ENOENT));
	/* other processes have tables of their own */
	ck_assert_str_eq(follow("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &p), "/tmp/demo.txt");
	ck_assert_ptr_null(name(PID + 1, 3));
	ck_assert_str_eq(follow("write", PID + 1, 1, 3, 0x2000, 1, 0, NULL), "fd 3 (unknown)");
}
END_TEST

START_TEST(test_close_rules)
{
	struct scf_capture p = path_cap(1, "/tmp/a");

	follow("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &p);
	/* EBADF: nothing was closed; another error still closes */
	follow("close", PID, -EBADF, 3, 0, 0, 0, NULL);
	ck_assert_str_eq(name(PID, 3), "/tmp/a");
	follow("close", PID, -EINTR, 3, 0, 0, 0, NULL);
	ck_assert_ptr_null(name(PID, 3));
	/* close_range drops a range, or marks it close-on-exec */
	follow("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &p);
	follow("openat", PID, 4, AT_FDCWD_ARG, 0x1000, 0, 0, &p);
	follow("openat", PID, 9, AT_FDCWD_ARG, 0x1000, 0, 0, &p);
	follow("close_range", PID, 0, 3, 4, 0, 0, NULL);
	ck_assert_ptr_null(name(PID, 3));
	ck_assert_ptr_null(name(PID, 4));
	ck_assert_str_eq(name(PID, 9), "/tmp/a");
	follow("close_range", PID, 0, 5, 0xffffffff, 4 /* CLOSE_RANGE_CLOEXEC */, 0, NULL);
	ck_assert_str_eq(name(PID, 9), "/tmp/a");
	follow("execve", PID, 0, 0x1000, 0x2000, 0x3000, 0, NULL);
	ck_assert_ptr_null(name(PID, 9));
}
END_TEST

START_TEST(test_relative_paths)
{
	struct scf_capture etc = path_cap(1, "/etc");
	struct scf_capture hosts = path_cap(1, "hosts");
	struct scf_capture rel = path_cap(1, "notes.txt");

	follow("openat", PID, 4, AT_FDCWD_ARG, 0x1000, 0200000 /* O_DIRECTORY */, 0, &etc);
	ck_assert_str_eq(follow("openat", PID, 5, 4, 0x1000, 0, 0, &hosts), "/etc/hosts");
	ck_assert_str_eq(name(PID, 5), "/etc/hosts");
	/* under the working directory: as the program named it */
	ck_assert_str_eq(follow("openat", PID, 6, AT_FDCWD_ARG, 0x1000, 0, 0, &rel), "notes.txt");
	/* a path call: its path; without a capture, said so */
	struct scf_capture stat = path_cap(1, "passwd");
	ck_assert_str_eq(follow("newfstatat", PID, 0, 4, 0x1000, 0x2000, 0, &stat), "/etc/passwd");
	ck_assert_str_eq(follow("newfstatat", PID, 0, AT_FDCWD_ARG, 0x1000, 0x2000, 0, NULL),
			 "(path not recorded)");
	/* fstatat(fd, "", AT_EMPTY_PATH) is about the descriptor */
	struct scf_capture empty = path_cap(1, "");
	ck_assert_str_eq(follow("newfstatat", PID, 0, 5, 0x1000, 0x2000, 0x1000, &empty), "/etc/hosts");
	/* no file at all */
	ck_assert_ptr_null(follow("getpid", PID, PID, 0, 0, 0, 0, NULL));
	struct scf_call anon = make("mmap", PID, 0x7f0000000000, 0, 4096, 3, 0x22);
	anon.args[4] = (uint64_t)-1;
	ck_assert_ptr_null(fdtable_call_file(t, &anon, "mmap", buf, sizeof(buf)));
	anon.args[4] = 5;
	ck_assert_str_eq(fdtable_call_file(t, &anon, "mmap", buf, sizeof(buf)), "/etc/hosts");
}
END_TEST

START_TEST(test_dup_and_exec)
{
	struct scf_capture p = path_cap(1, "/var/log/app.log");
	struct scf_capture q = path_cap(1, "/etc/app.conf");
	struct scf_call open_log = make("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 01101, 0644);

	open_log.captures = &p;
	open_log.ncaptures = 1;
	ck_assert_str_eq(fdtable_ret_name(t, &open_log, "openat", buf, sizeof(buf)), "/var/log/app.log");
	ck_assert_int_eq(fdtable_call(t, &open_log, "openat"), 0);
	follow("dup2", PID, 1, 3, 1, 0, 0, NULL);
	ck_assert_str_eq(name(PID, 1), "/var/log/app.log");
	struct scf_call dup = make("dup", PID, 7, 3, 0, 0, 0);
	ck_assert_str_eq(fdtable_ret_name(t, &dup, "dup", buf, sizeof(buf)), "/var/log/app.log");
	follow("fcntl", PID, 10, 3, 1030 /* F_DUPFD_CLOEXEC */, 10, 0, NULL);
	ck_assert_str_eq(name(PID, 10), "/var/log/app.log");
	follow("openat", PID, 4, AT_FDCWD_ARG, 0x1000, 02000000 /* O_CLOEXEC */, 0, &q);
	follow("openat", PID, 5, AT_FDCWD_ARG, 0x1000, 0, 0, &q);
	follow("fcntl", PID, 0, 5, 2 /* F_SETFD */, 1 /* FD_CLOEXEC */, 0, NULL);
	follow("dup3", PID, 6, 3, 6, 02000000, 0, NULL);
	/* a failed exec changes nothing; a successful one closes the
	 * close-on-exec descriptors */
	follow("execve", PID, -ENOENT, 0x1000, 0x2000, 0x3000, 0, NULL);
	ck_assert_str_eq(name(PID, 4), "/etc/app.conf");
	follow("execve", PID, 0, 0x1000, 0x2000, 0x3000, 0, NULL);
	ck_assert_str_eq(name(PID, 1), "/var/log/app.log");
	ck_assert_str_eq(name(PID, 3), "/var/log/app.log");
	ck_assert_ptr_null(name(PID, 4));
	ck_assert_ptr_null(name(PID, 5));
	ck_assert_ptr_null(name(PID, 6));
	ck_assert_ptr_null(name(PID, 10));
}
END_TEST

START_TEST(test_fork_and_exit)
{
	struct scf_capture p = path_cap(1, "/tmp/shared");

	follow("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &p);
	task(SCF_EV_FORK, PID + 1, PID);
	ck_assert_str_eq(name(PID + 1, 3), "/tmp/shared");
	follow("close", PID + 1, 0, 3, 0, 0, 0, NULL);
	ck_assert_ptr_null(name(PID + 1, 3));
	ck_assert_str_eq(name(PID, 3), "/tmp/shared");
	task(SCF_EV_EXIT, PID, 1);
	ck_assert_ptr_null(name(PID, 3));
	/* a reused pid starts afresh */
	follow("openat", PID + 2, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &p);
	task(SCF_EV_FORK, PID + 1, PID + 2);
	ck_assert_str_eq(name(PID + 1, 3), "/tmp/shared");
}
END_TEST

START_TEST(test_sockets_and_pipes)
{
	static const uint8_t peer[16] = {2, 0, 0, 80, 127, 0, 0, 1};
	struct scf_capture addr = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(peer), .data = peer};

	ck_assert_str_eq(follow("socket", PID, 3, 2, 1, 0, 0, NULL), "socket:[AF_INET]");
	ck_assert_str_eq(name(PID, 3), "socket:[AF_INET]");
	/* a refused connect leaves the socket as it was */
	ck_assert_str_eq(follow("connect", PID, -ECONNREFUSED, 3, 0x1000, 16, 0, &addr), "socket:[AF_INET]");
	ck_assert_str_eq(name(PID, 3), "socket:[AF_INET]");
	follow("connect", PID, -EINPROGRESS, 3, 0x1000, 16, 0, &addr);
	ck_assert_str_eq(name(PID, 3), "socket:[AF_INET]");
	follow("connect", PID, 0, 3, 0x1000, 16, 0, &addr);
	ck_assert_str_eq(name(PID, 3), "socket:[->127.0.0.1:80]");
	/* bound and accepting */
	follow("socket", PID, 4, 10, 1, 0, 0, NULL);
	static const uint8_t any6[28] = {10, 0, 0x1f, 0x90};
	struct scf_capture bound = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(any6), .data = any6};
	follow("bind", PID, 0, 4, 0x1000, 28, 0, &bound);
	ck_assert_str_eq(name(PID, 4), "socket:[[::]:8080]");
	follow("accept4", PID, 5, 4, 0, 0, 0, NULL);
	ck_assert_str_eq(name(PID, 5), "socket:[AF_INET6]");
	follow("accept", PID, 6, 4, 0x1000, 0x2000, 0, &addr);
	ck_assert_str_eq(name(PID, 6), "socket:[->127.0.0.1:80]");
	/* pipes: named when the two descriptors were captured */
	static const int ends[2] = {7, 8};
	struct scf_capture fds = {.arg = 0, .kind = SCF_CAP_DATA, .len = sizeof(ends), .data = (const uint8_t *)ends};
	ck_assert_str_eq(follow("pipe2", PID, 0, 0x1000, 0, 0, 0, &fds), "pipe:[4240:7,8]");
	ck_assert_str_eq(name(PID, 7), "pipe:[4240:7,8]");
	ck_assert_str_eq(name(PID, 8), "pipe:[4240:7,8]");
	ck_assert_ptr_null(follow("pipe2", PID, 0, 0x1000, 0, 0, 0, NULL));
	ck_assert_ptr_null(name(PID, 9));
	/* descriptors of a kind of their own */
	ck_assert_str_eq(follow("eventfd2", PID, 9, 0, 02000000, 0, 0, NULL), "anon_inode:[eventfd]");
	ck_assert_str_eq(name(PID, 9), "anon_inode:[eventfd]");
	follow("epoll_create1", PID, 11, 0, 0, 0, 0, NULL);
	ck_assert_str_eq(follow("epoll_ctl", PID, 0, 11, 1, 9, 0x1000, NULL), "anon_inode:[eventpoll]");
}
END_TEST

/* An FD record of the recording's start: descriptor fd (or the working
 * directory) of pid named name. */
static void at_attach(int32_t pid, int32_t fd, const char *fdname, uint32_t flags)
{
	struct scf_event ev = {.type = SCF_EV_FD};

	ev.fd = (struct scf_fd){.pid = pid, .fd = fd, .flags = flags, .len = (uint32_t)strlen(fdname),
				.name = fdname};
	ck_assert_int_eq(fdtable_event(t, &ev), 0);
}

/* Descriptors open at attach start the table: named by what /proc said,
 * closed, dup'ed, inherited and dropped at exec (when close-on-exec) as
 * any other. */
START_TEST(test_open_at_attach)
{
	at_attach(PID, 3, "/tmp/x", 0);
	at_attach(PID, 4, "pipe:[678]", SCF_FD_CLOEXEC);
	at_attach(PID, 5, "socket:[12345]", 0);
	ck_assert_str_eq(follow("read", PID, 1, 3, 0x1000, 1, 0, NULL), "/tmp/x");
	ck_assert_str_eq(follow("write", PID, 1, 4, 0x1000, 1, 0, NULL), "pipe:[678]");
	ck_assert_str_eq(follow("sendto", PID, 1, 5, 0x1000, 1, 0, NULL), "socket:[12345]");
	follow("dup2", PID, 7, 3, 7, 0, 0, NULL);
	ck_assert_str_eq(name(PID, 7), "/tmp/x");
	task(SCF_EV_FORK, PID + 1, PID);
	ck_assert_str_eq(name(PID + 1, 4), "pipe:[678]");
	follow("execve", PID + 1, 0, 0x1000, 0x2000, 0x3000, 0, NULL);
	ck_assert_ptr_null(name(PID + 1, 4));
	ck_assert_str_eq(name(PID + 1, 3), "/tmp/x");
	follow("close", PID, 0, 3, 0, 0, 0, NULL);
	ck_assert_ptr_null(name(PID, 3));
	/* a later record of the same descriptor replaces it */
	at_attach(PID, 5, "/dev/null", 0);
	ck_assert_str_eq(name(PID, 5), "/dev/null");
}
END_TEST

/* The working directory: from the recording's start, into relative
 * paths, through chdir and fchdir, to children; unknown when a chdir's
 * path was not captured. */
START_TEST(test_working_directory)
{
	struct scf_capture rel = path_cap(1, "./notes/../notes.txt");
	struct scf_capture up = path_cap(0, "../b//c/.");
	struct scf_capture target = path_cap(0, "target");
	struct scf_capture dir = path_cap(1, "/srv");

	ck_assert_ptr_null(name(PID, -100));
	at_attach(PID, -100, "/home/a", 0);
	ck_assert_str_eq(name(PID, -100), "/home/a");
	ck_assert_str_eq(follow("openat", PID, 3, AT_FDCWD_ARG, 0x1000, 0, 0, &rel), "/home/a/notes.txt");
	ck_assert_str_eq(name(PID, 3), "/home/a/notes.txt");
	struct scf_capture plain = path_cap(0, "log");
	ck_assert_str_eq(follow("open", PID, 4, 0x1000, 0, 0, 0, &plain), "/home/a/log");
	/* a name longer than the table keeps ends at the last whole component */
	static char longer[6002], want[3009];
	memset(longer, 'x', 3000);
	longer[3000] = '/';
	memset(longer + 3001, 'y', 3000);
	snprintf(want, sizeof(want), "/home/a/%.3000s", longer);
	struct scf_capture lc = path_cap(1, longer);
	ck_assert_str_eq(follow("openat", PID, 7, AT_FDCWD_ARG, 0x1000, 0, 0, &lc), want);
	/* a symbolic link's contents are no path under it */
	ck_assert_str_eq(follow("symlink", PID, 0, 0x1000, 0x2000, 0, 0, &target), "target");
	/* chdir: joined, "." and ".." taken out; a failed one changes nothing */
	follow("chdir", PID, -ENOENT, 0x1000, 0, 0, 0, &up);
	ck_assert_str_eq(name(PID, -100), "/home/a");
	follow("chdir", PID, 0, 0x1000, 0, 0, 0, &up);
	ck_assert_str_eq(name(PID, -100), "/home/b/c");
	struct scf_capture root_up = path_cap(0, "../../..");
	follow("chdir", PID, 0, 0x1000, 0, 0, 0, &root_up);
	ck_assert_str_eq(name(PID, -100), "/");
	/* children start where their parent is */
	task(SCF_EV_FORK, PID + 1, PID);
	ck_assert_str_eq(name(PID + 1, -100), "/");
	/* fchdir to a directory opened by path */
	follow("openat", PID, 5, AT_FDCWD_ARG, 0x1000, 0200000, 0, &dir);
	follow("fchdir", PID, 0, 5, 0, 0, 0, NULL);
	ck_assert_str_eq(name(PID, -100), "/srv");
	ck_assert_str_eq(name(PID + 1, -100), "/");
	/* a chdir whose path was not captured (--no-bpf), or an fchdir to a
	 * descriptor with no path: unknown from then on, and relative paths
	 * stay as the program gave them */
	follow("chdir", PID, 0, 0x1000, 0, 0, 0, NULL);
	ck_assert_ptr_null(name(PID, -100));
	ck_assert_str_eq(follow("open", PID, 6, 0x1000, 0, 0, 0, &plain), "log");
	follow("socket", PID + 1, 3, 2, 1, 0, 0, NULL);
	follow("fchdir", PID + 1, 0, 3, 0, 0, 0, NULL);
	ck_assert_ptr_null(name(PID + 1, -100));
	/* a working directory that is no path (a deleted one's name is) */
	at_attach(PID + 2, -100, "anon", 0);
	ck_assert_ptr_null(name(PID + 2, -100));
}
END_TEST

static Suite *fdtable_suite(void)
{
	Suite *s = suite_create("report_fdtable");
	TCase *tc = tcase_create("fdtable");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_read_close);
	tcase_add_test(tc, test_close_rules);
	tcase_add_test(tc, test_relative_paths);
	tcase_add_test(tc, test_dup_and_exec);
	tcase_add_test(tc, test_fork_and_exit);
	tcase_add_test(tc, test_sockets_and_pipes);
	tcase_add_test(tc, test_open_at_attach);
	tcase_add_test(tc, test_working_directory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fdtable_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
