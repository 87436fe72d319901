/*
 * check_report_cmd.c - `scprof report` as a whole, on synthetic
 * recordings written with libscf: exact tables, JSON, CSV, groupings,
 * filters, --stuck, --events, the exports (--format pprof and trace),
 * -o and the error messages.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "formats/scf.h"
#include "output/profile.pb-c.h"
#include "cli/commands.h"
#include "tests/unit/capture.h"

static char dir[] = "/tmp/check_report_XXXXXX";
static char small[256], trunc_path[256], lost[256], killed[256];
/* write_small adds a futex call that thread 101 was killed inside */
static bool add_killed;

/* ---- writing recordings ---- */

static const struct scf_syscall_name table[] = {
	{0, "read"},    {1, "write"},     {39, "getpid"},  {59, "execve"},
	{202, "futex"}, {231, "exit_group"}, {257, "openat"},
};

static struct scf_writer *w;
static uint64_t now;

#define T0 1000000000ull

static void add(struct scf_event *e)
{
	ck_assert_int_eq(scf_writer_add(w, e), 0);
}

static void call(int32_t pid, int32_t tid, int32_t nr, int64_t ret, uint64_t dur, uint32_t flags)
{
	struct scf_event e = {.type = SCF_EV_CALL};
	now += dur + 10;
	e.time = now;
	e.call.start = now - dur;
	e.call.duration = dur;
	e.call.pid = pid;
	e.call.tid = tid;
	e.call.nr = nr;
	e.call.ret = ret;
	e.call.flags = flags;
	e.call.args[0] = 3;
	add(&e);
}

static void comm(int32_t pid, int32_t tid, const char *name)
{
	struct scf_event e = {.type = SCF_EV_COMM, .time = ++now};
	e.comm.pid = pid;
	e.comm.tid = tid;
	e.comm.exec = true;
	strcpy(e.comm.comm, name);
	add(&e);
}

static void task(enum scf_event_type type, int32_t pid, int32_t ppid, int32_t tid, int32_t ptid)
{
	struct scf_event e = {.type = type, .time = ++now};
	e.task.pid = pid;
	e.task.ppid = ppid;
	e.task.tid = tid;
	e.task.ptid = ptid;
	add(&e);
}

static void cmdline(int32_t pid, const char *argv, uint32_t len)
{
	struct scf_event e = {.type = SCF_EV_CMDLINE, .time = ++now};
	e.cmdline.pid = pid;
	e.cmdline.argv = argv;
	e.cmdline.len = len;
	add(&e);
}

static void lost_event(uint64_t count)
{
	struct scf_event e = {.type = SCF_EV_LOST, .time = ++now};
	e.lost.cpu = 1;
	e.lost.count = count;
	add(&e);
}

/*
 * Process 100 "app" (./app --flag): 10 reads of 1..10 us, 6 openat of
 * 2 us (3 ENOENT, 1 EACCES), an execve seen without its entry; thread
 * 101 writes 4 x 500 ns and is stuck in futex for 12.3 s.  Child 200
 * "child": 3 getpid of 50 ns and exit_group.  Thread 100 is in a read
 * entered before recording, 2 s so far.
 */
static void write_small(const char *path, bool finish, uint64_t lost_count)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	static const char *const argv[] = {"./app", "--flag"};
	struct scf_meta m = {0};
	m.recorder = "scprof 0.1";
	m.hostname = "testhost";
	m.kernel_release = "6.18.0";
	m.arch = "x86_64";
	m.ncpus = 2;
	m.clockid = 1;
	m.start_time = T0;
	m.start_realtime = 1714566896000000000ull; /* 2024-05-01 12:34:56 UTC */
	m.target = SCF_TARGET_COMMAND;
	m.argc = 2;
	m.argv = argv;
	m.nsyscalls = sizeof(table) / sizeof(table[0]);
	m.syscalls = table;
	now = T0;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	comm(100, 100, "app");
	cmdline(100, "./app\0--flag\0", 13);
	for (int i = 0; i < 10; i++)
		call(100, 100, 0, 100, 1000 * (uint64_t)(i + 1), 0);
	for (int i = 0; i < 5; i++)
		call(100, 100, 257, i < 3 ? -ENOENT : 3, 2000, 0);
	call(100, 100, 257, -EACCES, 2000, 0);
	call(100, 100, 59, 0, 0, SCF_CALL_NO_ENTER);
	task(SCF_EV_FORK, 100, 100, 101, 100);
	for (int i = 0; i < 4; i++)
		call(100, 101, 1, 10, 500, 0);
	if (lost_count)
		lost_event(lost_count);
	task(SCF_EV_FORK, 200, 100, 200, 100);
	comm(200, 200, "child");
	cmdline(200, "child\0x\0", 8);
	for (int i = 0; i < 3; i++)
		call(200, 200, 39, 200, 50, 0);
	call(200, 200, 231, 0, 300, SCF_CALL_NO_RETURN);
	task(SCF_EV_EXIT, 200, 100, 200, 100);
	if (add_killed) {
		call(100, 101, 202, 0, 700, SCF_CALL_NO_RETURN);
		task(SCF_EV_EXIT, 100, 1, 101, 100);
	}
	if (finish) {
		call(100, 101, 202, 0, 12300000000ull, SCF_CALL_UNFINISHED);
		call(100, 100, 0, 0, 2000000000ull, SCF_CALL_UNFINISHED | SCF_CALL_ENTERED_BEFORE);
		struct scf_trailer t = {.end_time = now + 1000, .lost = lost_count};
		ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	} else {
		ck_assert_int_eq(scf_writer_flush(w), 0);
	}
	scf_writer_free(w);
	close(fd);
}


/*
 * A recording with captures (the BPF recorder's): process 300 opens a
 * missing path 5 times (ENOENT), opens /tmp/demo.txt as 3, reads
 * "hello\n" from it, writes "hello\n" to it twice, makes socket 4 whose
 * connect to 127.0.0.1:80 is refused, closes 3 and reads 3 again (EBADF);
 * at the end it is stuck opening /tmp/fifo.
 */
static const struct scf_syscall_name cap_table[] = {
	{0, "read"}, {1, "write"}, {3, "close"}, {41, "socket"}, {42, "connect"}, {257, "openat"},
};

static void cap_call(int32_t nr, int64_t ret, uint64_t a0, uint64_t a2, const struct scf_capture *cap)
{
	struct scf_event e = {.type = SCF_EV_CALL};
	now += 1010;
	e.time = now;
	e.call.start = now - 1000;
	e.call.duration = 1000;
	e.call.pid = e.call.tid = 300;
	e.call.nr = nr;
	e.call.ret = ret;
	e.call.args[0] = a0;
	e.call.args[1] = 0x7ffc0000;
	e.call.args[2] = a2;
	e.call.ncaptures = cap ? 1 : 0;
	e.call.captures = cap;
	add(&e);
}

static void write_captures(const char *path)
{
	static const uint8_t peer[16] = {2, 0, 0, 80, 127, 0, 0, 1};
	const struct scf_capture missing = {.arg = 1, .kind = SCF_CAP_PATH, .len = 14,
					    .data = (const uint8_t *)"/nonexistent/x"};
	const struct scf_capture demo = {.arg = 1, .kind = SCF_CAP_PATH, .len = 13,
					 .data = (const uint8_t *)"/tmp/demo.txt"};
	const struct scf_capture hello = {.arg = 1, .kind = SCF_CAP_DATA, .len = 6,
					  .data = (const uint8_t *)"hello\n"};
	const struct scf_capture addr = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = 16, .data = peer};
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_meta m = {0};
	m.recorder = "scprof 0.1";
	m.start_time = T0;
	m.start_realtime = 1714566896000000000ull;
	m.target = SCF_TARGET_PIDS;
	m.nsyscalls = sizeof(cap_table) / sizeof(cap_table[0]);
	m.syscalls = cap_table;
	m.features = SCF_FEAT_CAPTURES;
	m.recorder_kind = SCF_RECORDER_BPF;
	now = T0;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	comm(300, 300, "files");
	for (int i = 0; i < 5; i++)
		cap_call(257, -ENOENT, (uint64_t)-100, 0, &missing);
	cap_call(257, 3, (uint64_t)-100, 0, &demo);
	cap_call(0, 6, 3, 131072, &hello);
	cap_call(1, 6, 3, 6, &hello);
	cap_call(1, 6, 3, 6, &hello);
	cap_call(41, 4, 2, 0, NULL);
	cap_call(42, -ECONNREFUSED, 4, 16, &addr);
	cap_call(3, 0, 3, 0, NULL);
	cap_call(0, -EBADF, 3, 10, NULL);
	const struct scf_capture fifo = {.arg = 1, .kind = SCF_CAP_PATH, .len = 9,
					 .data = (const uint8_t *)"/tmp/fifo"};
	struct scf_event e = {.type = SCF_EV_CALL, .time = now + 500};
	e.call = (struct scf_call){.start = now + 100, .duration = 400, .pid = 300, .tid = 300,
				   .nr = 257, .flags = SCF_CALL_UNFINISHED, .ncaptures = 1,
				   .captures = &fifo};
	e.call.args[0] = (uint64_t)-100;
	add(&e);
	struct scf_trailer t = {.end_time = now + 1000};
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
}

static char caps[256];

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(small, sizeof(small), "%s/small.data", dir);
	snprintf(trunc_path, sizeof(trunc_path), "%s/trunc.data", dir);
	snprintf(lost, sizeof(lost), "%s/lost.data", dir);
	snprintf(killed, sizeof(killed), "%s/killed.data", dir);
	snprintf(caps, sizeof(caps), "%s/caps.data", dir);
	write_captures(caps);
	write_small(small, true, 0);
	write_small(trunc_path, false, 0);
	write_small(lost, true, 42);
	add_killed = true;
	write_small(killed, true, 0);
	add_killed = false;
}

static void teardown(void)
{
	unlink(small);
	unlink(trunc_path);
	unlink(lost);
	unlink(killed);
	unlink(caps);
	rmdir(dir);
}

/* ---- running the command ---- */

static char *out, *err;

/* Run `scprof report ARGS...` (NULL-terminated); stdout in out, stderr in
 * err, returns the exit status. */
static int report(const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int rc = capture_run(cmd_report, "report", &out, &err, arg, ap);
	va_end(ap);
	return rc;
}

/* a appears in s, before b */
static void before(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);
	ck_assert_msg(pa && pb && pa < pb, "<%s> not before <%s> in:\n%s", a, b, s);
}

/* ---- tests ---- */

START_TEST(test_table)
{
	ck_assert_int_eq(report("-i", small, NULL), 0);
	ck_assert_str_eq(err, "");
	has(out, "Recording of './app --flag' on testhost, 2024-05-01 12:34:56, ");
	has(out, "Time is wall-clock latency from syscall entry to exit.\n"
		 "Recorded by the tracepoint recorder.\n"); /* a file without recorder_kind */
	has(out, "% time     seconds  usecs/call     calls    errors syscall\n"
		 "------ ----------- ----------- --------- --------- ----------------\n"
		 " 79.54    0.000055           5        10           read\n"
		 " 17.35    0.000012           2         6         4 openat\n"
		 "  2.89    0.000002           0         4           write\n"
		 "  0.22    0.000000           0         3           getpid\n"
		 "  0.00    0.000000           0         1           execve\n"
		 "------ ----------- ----------- --------- --------- ----------------\n"
		 "100.00    0.000069           3        24         4 total\n"
		 "\n"
		 "2 calls still in progress when recording stopped; see --stuck\n");
	lacks(out, "exit_group"); /* never returned: not a call, as in strace -c */
	lacks(out, "futex"); /* unfinished only: not a completed call */
	lacks(out, "warning");
}
END_TEST

/* exit_group never returns by design: no note.  A futex that a thread was
 * killed inside is not counted either, but gets one. */
START_TEST(test_killed_inside_call)
{
	ck_assert_int_eq(report("-i", small, NULL), 0);
	lacks(out, "never returned");
	ck_assert_int_eq(report("-i", killed, NULL), 0);
	has(out, "\n1 call never returned: the thread ended inside it (killed, or another "
		 "thread exec'd); not counted\n");
	lacks(out, " futex\n");
	ck_assert_int_eq(report("-i", killed, "--format", "json", NULL), 0);
	has(out, "\"unfinished\": 2, \"no_return\": 2,");
}
END_TEST

START_TEST(test_sort)
{
	ck_assert_int_eq(report("-i", small, "-S", "calls", NULL), 0);
	has(out, "read\n");
	before(out, " read\n", " openat\n");
	before(out, " openat\n", " write\n");
	before(out, " write\n", " getpid\n");
	ck_assert_int_eq(report("-i", small, "-S", "name", NULL), 0);
	before(out, " execve\n", " getpid\n");
	before(out, " openat\n", " read\n");
	ck_assert_int_eq(report("-i", small, "-S", "errors", NULL), 0);
	before(out, " openat\n", " read\n");
	ck_assert_int_eq(report("-i", small, "-S", "bogus", NULL), 2);
	has(err, "scprof: unknown sort key 'bogus'");
}
END_TEST

START_TEST(test_latency_errors)
{
	ck_assert_int_eq(report("-i", small, "--latency", "--errors", NULL), 0);
	has(out, "      min      avg      p50      p90      p99    p99.9      max syscall\n");
	/* up to 64 calls a syscall's percentiles are exact */
	has(out, "        10             1.00us   5.50us   5.00us   9.00us   10.0us   10.0us   10.0us read\n");
	has(out, "         1                  -        -        -        -        -        -        - execve\n");
	has(out, "openat           ENOENT                   3\n"
		 "openat           EACCES                   1\n");
}
END_TEST

START_TEST(test_hist)
{
	ck_assert_int_eq(report("-i", small, "--hist", "read", NULL), 0);
	has(out, "read: latency of 10 calls\n"
		 "[512ns, 1.02us)             1 |@@@@@@@@@@@@@                                       |\n"
		 "[1.02us, 2.05us)            1 |@@@@@@@@@@@@@                                       |\n"
		 "[2.05us, 4.10us)            2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		 "[4.10us, 8.19us)            4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		 "[8.19us, 16.4us)            2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n");
	lacks(out, "openat: latency");
	ck_assert_int_eq(report("-i", small, "--hist", NULL), 0);
	has(out, "openat: latency of 6 calls\n");
	ck_assert_int_eq(report("-i", small, "--hist=write,getpid", "--format", "json", NULL), 0);
	has(out, "\"hist\": [{\"lo_ns\": 256, \"hi_ns\": 512, \"count\": 4}]");
	has(out, "\"hist\": [{\"lo_ns\": 32, \"hi_ns\": 64, \"count\": 3}]");
	lacks(out, "\"hist\": [{\"lo_ns\": 512");
}
END_TEST

START_TEST(test_json)
{
	ck_assert_int_eq(report("-i", small, "--format", "json", NULL), 0);
	ck_assert_str_eq(err, "");
	has(out, "\"recording\": {\"path\": ");
	has(out, "\"recorder\": \"tracepoint\", \"recorded_by\": ");
	has(out, "\"hostname\": \"testhost\", \"kernel_release\": \"6.18.0\", \"arch\": \"x86_64\", "
		 "\"ncpus\": 2, \"target\": \"command\", \"argv\": [\"./app\", \"--flag\"], \"pids\": [], "
		 "\"start_time_ns\": 1000000000, \"start_realtime_ns\": 1714566896000000000");
	has(out, "\"events\": 34, \"lost_events\": 0, \"truncated\": false, \"chunks\": 1, "
		 "\"filtered\": false, "
		 "\"unfinished\": 2");
	has(out, "\"total\": {\"calls\": 24, \"errors\": 4, \"total_ns\": 69150}");
	has(out, "{\"name\": \"openat\", \"nr\": 257, \"calls\": 6, \"errors\": 4, \"unfinished\": 0, "
		 "\"no_return\": 0, \"total_ns\": 12000, \"min_ns\": 2000, \"avg_ns\": 2000, \"p50_ns\": 2000, "
		 "\"p90_ns\": 2000, \"p99_ns\": 2000, \"p999_ns\": 2000, \"max_ns\": 2000, "
		 "\"partial\": 0, \"partial_ns\": 0, \"errnos\": {\"ENOENT\": 3, \"EACCES\": 1}}");
	has(out, "{\"name\": \"read\", \"nr\": 0, \"calls\": 10, \"errors\": 0, \"unfinished\": 1, "
		 "\"no_return\": 0, \"total_ns\": 55000, \"min_ns\": 1000, \"avg_ns\": 5500, \"p50_ns\": 5000");
	has(out, "{\"name\": \"exit_group\", \"nr\": 231, \"calls\": 0, \"errors\": 0, "
		 "\"unfinished\": 0, \"no_return\": 1, \"total_ns\": 0, \"min_ns\": 0");
	has(out, "\"stuck\": [\n    {\"pid\": 100, \"tid\": 101, \"comm\": \"app\", \"name\": \"futex\", "
		 "\"nr\": 202, \"blocked_ns\": 12300000000, \"entered_before\": false");
	lacks(out, "\"groups\"");
	lacks(out, "\"hist\"");
}
END_TEST

START_TEST(test_json_groups)
{
	ck_assert_int_eq(report("-i", small, "--format", "json", "--by", "process", NULL), 0);
	has(out, "\"groups\": [\n    {\"pid\": 100, \"tid\": null, \"comm\": \"app\", "
		 "\"cmdline\": \"./app --flag\", \"calls\": 21, \"errors\": 4, \"total_ns\": 69000, "
		 "\"syscalls\": [");
	has(out, "{\"pid\": 200, \"tid\": null, \"comm\": \"child\", \"cmdline\": \"child x\", "
		 "\"calls\": 3, \"errors\": 0, \"total_ns\": 150, \"syscalls\": [\n"
		 "      {\"name\": \"getpid\", \"nr\": 39, \"calls\": 3,");
	ck_assert_int_eq(report("-i", small, "--format", "json", "--by", "thread,syscall", NULL), 0);
	has(out, "{\"pid\": 100, \"tid\": 101, \"comm\": \"app\", \"cmdline\": \"./app --flag\", "
		 "\"calls\": 4, \"errors\": 0, \"total_ns\": 2000");
	ck_assert_int_eq(report("-i", small, "--format", "json", "--by", "comm", NULL), 0);
	has(out, "{\"pid\": null, \"tid\": null, \"comm\": \"child\", \"cmdline\": null, \"calls\": 3");
	has(out, "{\"pid\": null, \"tid\": null, \"comm\": \"app\", \"cmdline\": null, \"calls\": 21");
}
END_TEST

START_TEST(test_csv)
{
	ck_assert_int_eq(report("-i", small, "--format", "csv", NULL), 0);
	ck_assert_str_eq(out, "name,nr,calls,errors,total_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,"
			      "p999_ns,max_ns,partial,partial_ns\n"
			      "read,0,10,0,55000,1000,5500,5000,9000,10000,10000,10000,0,0\n"
			      "openat,257,6,4,12000,2000,2000,2000,2000,2000,2000,2000,0,0\n"
			      "write,1,4,0,2000,500,500,500,500,500,500,500,0,0\n"
			      "getpid,39,3,0,150,50,50,50,50,50,50,50,0,0\n"
			      "execve,59,1,0,0,0,0,0,0,0,0,0,0,0\n");
	ck_assert_int_eq(report("-i", small, "--format", "csv", "--by", "process", NULL), 0);
	has(out, "pid,comm,name,nr,calls,errors,total_ns,");
	has(out, "\n100,app,read,0,10,0,55000,");
	has(out, "\n200,child,getpid,39,3,0,150,");
	ck_assert_int_eq(report("-i", small, "--format", "csv", "--by", "thread", NULL), 0);
	has(out, "pid,tid,comm,name,nr,");
	has(out, "\n100,101,app,write,1,4,0,2000,");
	ck_assert_int_eq(report("-i", small, "--format", "csv", "--by", "comm,syscall", NULL), 0);
	has(out, "comm,name,nr,");
	lacks(out, "exit_group");
	ck_assert_int_eq(count_lines(out), 6);
}
END_TEST

START_TEST(test_by_process)
{
	ck_assert_int_eq(report("-i", small, "--by", "process", NULL), 0);
	has(out, "% time     seconds  usecs/call     calls    errors      pid process\n"
		 "------ ----------- ----------- --------- --------- -------- ----------------\n"
		 " 99.78    0.000069           3        21         4      100 ./app --flag\n"
		 "  0.22    0.000000           0         3                200 child x\n");
	ck_assert_int_eq(report("-i", small, "--by", "process,syscall", NULL), 0);
	has(out, "process 100 (app): ./app --flag\n% time");
	has(out, "process 200 (child): child x\n% time");
	has(out, "100.00    0.000000           0         3           getpid\n");
	ck_assert_int_eq(report("-i", small, "--by", "thread", NULL), 0);
	has(out, "     101      100 app\n");
	has(out, "     200      200 child\n");
	ck_assert_int_eq(report("-i", small, "--by", "bogus", NULL), 2);
	ck_assert_int_eq(report("-i", small, "--by", "process,thread", NULL), 2);
}
END_TEST

START_TEST(test_filters)
{
	ck_assert_int_eq(report("-i", small, "-p", "200", "--format", "csv", NULL), 0);
	ck_assert_str_eq(strchr(out, '\n') + 1, "getpid,39,3,0,150,50,50,50,50,50,50,50,0,0\n");
	ck_assert_int_eq(report("-i", small, "--tid", "101", "--format", "csv", NULL), 0);
	ck_assert_str_eq(strchr(out, '\n') + 1, "write,1,4,0,2000,500,500,500,500,500,500,500,0,0\n");
	ck_assert_int_eq(report("-i", small, "--comm", "child", "--format", "csv", NULL), 0);
	ck_assert_int_eq(count_lines(out), 2);
	has(out, "getpid,39,3,");
	ck_assert_int_eq(report("-i", small, "--failed", "--format", "csv", NULL), 0);
	ck_assert_str_eq(strchr(out, '\n') + 1, "openat,257,4,4,8000,2000,2000,2000,2000,2000,2000,2000,0,0\n");
	ck_assert_int_eq(report("-i", small, "-z", "--format", "csv", NULL), 0);
	has(out, "openat,257,2,0,4000,");
	lacks(out, "exit_group"); /* no return value: neither failed nor successful */
	ck_assert_int_eq(report("-i", small, "--min-duration", "5us", "--format", "csv", NULL), 0);
	ck_assert_str_eq(strchr(out, '\n') + 1, "read,0,6,0,45000,5000,7500,7000,10000,10000,10000,10000,0,0\n");
	ck_assert_int_eq(report("-i", small, "-e", "trace=openat", "--format", "csv", NULL), 0);
	ck_assert_int_eq(count_lines(out), 2);
	has(out, "openat,257,6,4,");
	/* the first 3 reads are entered 12, 1022 and 3032 ns after the start */
	ck_assert_int_eq(report("-i", small, "--time", ",0.000002", "--format", "csv", NULL), 0);
	ck_assert_str_eq(strchr(out, '\n') + 1, "read,0,2,0,3000,1000,1500,1000,2000,2000,2000,2000,0,0\n");
	ck_assert_int_eq(report("-i", small, "--time", ",2us", "--format", "json", NULL), 0);
	has(out, "\"filtered\": true");
	ck_assert_int_eq(report("-i", small, "--failed", "--successful", NULL), 2);
	ck_assert_int_eq(report("-i", small, "-p", "x", NULL), 2);
	has(err, "scprof: invalid PID list 'x'\nTry 'scprof report --help' for more information.\n");
}
END_TEST

START_TEST(test_stuck)
{
	ck_assert_int_eq(report("-i", small, "--stuck", NULL), 0);
	has(out, "2 calls in progress when recording stopped, longest blocked first:\n"
		 "futex blocked 12.3 s in tid 101 (app) of process 100: futex(");
	has(out, "\nread blocked at least 2.00 s in tid 100 (app) of process 100: read(");
	ck_assert_int_eq(report("-i", small, "--stuck", "--tid", "100", NULL), 0);
	lacks(out, "futex");
	ck_assert_int_eq(report("-i", small, "--stuck", "--format", "csv", NULL), 2);
}
END_TEST

START_TEST(test_events)
{
	ck_assert_int_eq(report("-i", small, "--events", NULL), 0);
	/* 27 calls and 5 task events (COMM x2, FORK x2, EXIT) */
	ck_assert_int_eq(count_lines(out), 32);
	has(out, "12:34:56.000000 [100 100] +++ exec app +++\n");
	has(out, "12:34:56.000000 [100 100] read(");
	has(out, ") = 100 <0.000001>\n");
	has(out, "[100 100] <... execve resumed>) = 0\n");
	has(out, "[100 100] +++ created thread 101 +++\n");
	has(out, "[100 100] +++ forked process 200 +++\n");
	has(out, "[200 200] +++ exited +++\n");
	has(out, ") = ?\n");
	has(out, " <unfinished ...>\n");
	has(out, ") = -1 ENOENT");
	ck_assert_int_eq(report("-i", small, "--events", "--failed", NULL), 0);
	ck_assert_int_eq(count_lines(out), 4);
	ck_assert_int_eq(report("-i", small, "--events", "-p", "200", NULL), 0);
	/* its fork (the child's pid is 200), exec, 4 calls and exit */
	ck_assert_int_eq(count_lines(out), 7);
	has(out, "[100 100] +++ forked process 200 +++\n");
	ck_assert_int_eq(report("-i", small, "--events", "--format", "json", NULL), 2);
}
END_TEST

START_TEST(test_truncated_and_lost)
{
	ck_assert_int_eq(report("-i", trunc_path, NULL), 0);
	/* one chunk: the writer was flushed once, then the trailer never came */
	has(out, "warning: recording truncated: the recorder stopped before finishing; showing "
		 "1 complete chunk (32 events, ");
	lacks(out, "still in progress");
	ck_assert_int_eq(report("-i", trunc_path, "--format", "json", NULL), 0);
	has(out, "\"truncated\": true");
	has(err, "warning: recording truncated");
	ck_assert_int_eq(report("-i", lost, NULL), 0);
	has(out, "warning: the kernel dropped 42 events");
	has(out, "try -m");
	ck_assert_int_eq(report("-i", lost, "--format", "json", NULL), 0);
	has(out, "\"lost_events\": 42");
}
END_TEST

START_TEST(test_bad_files)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/missing.data", dir);
	ck_assert_int_eq(report("-i", path, NULL), 1);
	ck_assert_str_eq(out, "");
	char want[512];
	snprintf(want, sizeof(want),
		 "scprof: cannot open '%s': No such file or directory; record one with "
		 "'scprof record -- COMMAND'\n",
		 path);
	ck_assert_str_eq(err, want);

	/* default name, from an empty directory */
	char cwd[4096];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(report(NULL), 1);
	has(err, "scprof: cannot open 'scprof.data': No such file or directory; record one with "
		 "'scprof record -- COMMAND'\n");
	ck_assert_int_eq(chdir(cwd), 0);

	/* a flipped byte in the last chunk */
	snprintf(path, sizeof(path), "%s/corrupt.data", dir);
	FILE *in = fopen(small, "rb"), *o = fopen(path, "wb");
	char buf[65536];
	size_t n = fread(buf, 1, sizeof(buf), in);
	buf[n - 60] ^= 0x55;
	fwrite(buf, 1, n, o);
	fclose(in);
	fclose(o);
	/* exit 1, and the intact part before the bad chunk is shown */
	ck_assert_int_eq(report("-i", path, NULL), 1);
	has(out, "Recording of ");
	has(out, "warning: recording truncated");
	ck_assert_int_eq(count_lines(err), 1);
	snprintf(want, sizeof(want), "scprof: '%s' is corrupt (bad chunk at byte ", path);
	has(err, want);
	has(err, "); showing the part before it\n");

	/* not a recording */
	o = fopen(path, "wb");
	fputs("hello, world\n", o);
	fclose(o);
	ck_assert_int_eq(report("-i", path, NULL), 1);
	has(err, "not a scprof recording");
	unlink(path);
}
END_TEST

/* A recording of target (PIDs 7 and 9, or the whole system) with one
 * call of each of two threads, without arguments. */
static void write_target(const char *path, enum scf_target target)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	static const int32_t pids[] = {7, 9};
	struct scf_meta m = {0};
	m.recorder = "scprof 0.1";
	m.hostname = "h2";
	m.start_time = T0;
	m.start_realtime = 1714566896000000000ull;
	m.target = target;
	m.npids = target == SCF_TARGET_PIDS ? 2 : 0;
	m.pids = pids;
	m.features = SCF_FEAT_NO_ARGS;
	m.nsyscalls = sizeof(table) / sizeof(table[0]);
	m.syscalls = table;
	now = T0;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	call(7, 7, 0, 1, 100, 0);
	call(9, 10, 9999, -ENOENT, 100, 0);
	struct scf_trailer t = {.end_time = now};
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
}

START_TEST(test_targets)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/pids.data", dir);
	write_target(path, SCF_TARGET_PIDS);
	ck_assert_int_eq(report("-i", path, NULL), 0);
	has(out, "Recording of PIDs 7, 9 on h2, 2024-05-01 12:34:56, 220ns, 2 events\n");
	/* a number the recording's table lacks */
	has(out, "         1         1 syscall_9999\n");
	ck_assert_int_eq(report("-i", path, "--format", "json", NULL), 0);
	has(out, "\"target\": \"pids\", \"argv\": [], \"pids\": [7, 9]");
	has(out, "\"name\": \"syscall_9999\", \"nr\": 9999,");
	ck_assert_int_eq(report("-i", path, "--by", "thread", NULL), 0);
	/* threads never named */
	has(out, "      10        9 ?\n");
	ck_assert_int_eq(report("-i", path, "--events", NULL), 0);
	has(out, "12:34:56.000000 [7 7] read(...) = 1 <0.000000>\n");
	has(out, "[9 10] syscall_9999(...) = -1 ENOENT (No such file or directory) <0.000000>\n");
	/* without arguments there is nothing to group by file */
	ck_assert_int_eq(report("-i", path, "--by", "file", NULL), 1);
	has(err, "cannot group '");
	has(err, "' by file: it was recorded with --no-args, so its calls have no descriptors or paths\n");
	write_target(path, SCF_TARGET_SYSTEM);
	ck_assert_int_eq(report("-i", path, NULL), 0);
	has(out, "Recording of the whole system on h2, ");
	ck_assert_int_eq(report("-i", path, "--format", "json", NULL), 0);
	has(out, "\"target\": \"system\"");
	unlink(path);
}
END_TEST

/* --by file: descriptor calls by descriptor (none was seen opened here),
 * path calls whose path was not captured together, the rest in no group */
START_TEST(test_by_file)
{
	ck_assert_int_eq(report("-i", small, "--by", "file", NULL), 0);
	has(err, "warning: '");
	has(err, "' holds no paths (its recorder captured none): files opened while recording are known by descriptor only");
	has(out, "% time     seconds  usecs/call     calls    errors file\n");
	has(out, "        14           fd 3 (unknown)\n");
	has(out, "         7         4 (path not recorded)\n");
	has(out, "        21         4 total\n");
	ck_assert_ptr_null(strstr(out, "getpid"));
	ck_assert_int_eq(report("-i", small, "--by", "file,syscall", NULL), 0);
	before(out, "file fd 3 (unknown)\n", "file (path not recorded)\n");
	ck_assert_int_eq(report("-i", small, "--by", "file", "--format", "json", NULL), 0);
	has(out, "{\"file\": \"fd 3 (unknown)\", \"calls\": 14, \"errors\": 0, \"total_ns\": 57000, "
		 "\"syscalls\": [");
	has(out, "{\"file\": \"(path not recorded)\", \"calls\": 7, \"errors\": 4, ");
	ck_assert_int_eq(report("-i", small, "--by", "file", "--format", "csv", NULL), 0);
	has(out, "file,name,nr,calls,errors,total_ns,");
	has(out, "fd 3 (unknown),read,0,10,0,55000,");
	has(out, "(path not recorded),openat,257,6,4,12000,");
	ck_assert_int_eq(report("-i", small, "--by", "file", "--stuck", NULL), 2);
	ck_assert_int_eq(report("-i", small, "--by", "file", "--stacks", NULL), 2);
}
END_TEST

/* -y without captures: descriptors never seen opened stay numbers */
START_TEST(test_events_fds)
{
	ck_assert_int_eq(report("-i", small, "--events", "-y", NULL), 0);
	ck_assert_int_eq(count_lines(out), 32);
	has(out, "[100 100] read(3, NULL, 0) = 100 <0.000001>\n");
	ck_assert_int_eq(report("-i", small, "-y", NULL), 2);
	has(err, "add --events");
}
END_TEST

/* occurrences of needle in s */
static int count_in(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* What a call touched, printed as strace prints it */
START_TEST(test_events_captures)
{
	ck_assert_int_eq(report("-i", caps, "--events", NULL), 0);
	ck_assert_int_eq(count_lines(out), 15); /* 14 calls and the COMM */
	has(out, "] openat(AT_FDCWD, \"/tmp/fifo\", O_RDONLY <unfinished ...>\n");
	ck_assert_int_eq(count_in(out, "] openat(AT_FDCWD, \"/nonexistent/x\", O_RDONLY) = -1 ENOENT (No such "
				       "file or directory) <0.000001>\n"), 5);
	has(out, "] openat(AT_FDCWD, \"/tmp/demo.txt\", O_RDONLY) = 3 <0.000001>\n");
	has(out, "] read(3, \"hello\\n\", 131072) = 6 <0.000001>\n");
	ck_assert_int_eq(count_in(out, "] write(3, \"hello\\n\", 6) = 6 <0.000001>\n"), 2);
	has(out, "] connect(4, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, "
		 "16) = -1 ECONNREFUSED (Connection refused) <0.000001>\n");
	has(out, "] read(3, 0x7ffc0000, 10) = -1 EBADF (Bad file descriptor) <0.000001>\n");
	/* -y: descriptors with what they stand for */
	ck_assert_int_eq(report("-i", caps, "--events", "-y", NULL), 0);
	has(out, "] openat(AT_FDCWD, \"/tmp/demo.txt\", O_RDONLY) = 3</tmp/demo.txt> <0.000001>\n");
	has(out, "] read(3</tmp/demo.txt>, \"hello\\n\", 131072) = 6 <0.000001>\n");
	ck_assert_int_eq(count_in(out, "] write(3</tmp/demo.txt>, \"hello\\n\", 6) = 6 <0.000001>\n"), 2);
	has(out, "] socket(AF_INET, ");
	has(out, ") = 4<socket:[AF_INET]> <0.000001>\n");
	has(out, "] connect(4<socket:[AF_INET]>, {sa_family=AF_INET, ");
	has(out, "] close(3</tmp/demo.txt>) = 0 <0.000001>\n");
	has(out, "] read(3, 0x7ffc0000, 10) = -1 EBADF (Bad file descriptor) <0.000001>\n");
	/* a stuck call keeps what it touched */
	ck_assert_int_eq(report("-i", caps, "--stuck", NULL), 0);
	has(out, "openat blocked 400 ns in tid 300 (files) of process 300: "
		 "openat(AT_FDCWD, \"/tmp/fifo\", O_RDONLY)\n");
	/* a filter hides calls, not what they did to the descriptors */
	ck_assert_int_eq(report("-i", caps, "--events", "-y", "-e", "trace=read,write", NULL), 0);
	ck_assert_int_eq(count_lines(out), 4);
	has(out, "] read(3</tmp/demo.txt>, \"hello\\n\", 131072) = 6 <0.000001>\n");
}
END_TEST

/* --by file with captured paths */
START_TEST(test_by_file_captures)
{
	ck_assert_int_eq(report("-i", caps, "--by", "file", "--format", "csv", NULL), 0);
	has(out, "/nonexistent/x,openat,257,5,5,5000,");
	has(out, "/tmp/demo.txt,openat,257,1,0,1000,");
	has(out, "/tmp/demo.txt,write,1,2,0,2000,");
	has(out, "/tmp/demo.txt,read,0,1,0,1000,");
	has(out, "/tmp/demo.txt,close,3,1,0,1000,");
	has(out, "socket:[AF_INET],connect,42,1,1,1000,");
	has(out, "socket:[AF_INET],socket,41,1,0,1000,");
	has(out, "fd 3 (unknown),read,0,1,1,1000,");
	ck_assert_int_eq(count_lines(out), 9);
	ck_assert_int_eq(report("-i", caps, "--by", "file", "--format", "json", NULL), 0);
	has(out, "{\"file\": \"/nonexistent/x\", \"calls\": 5, \"errors\": 5, \"total_ns\": 5000, "
		 "\"syscalls\": [");
	has(out, "{\"file\": \"/tmp/demo.txt\", \"calls\": 5, \"errors\": 0, \"total_ns\": 5000, ");
	has(out, "\"errnos\": {\"ENOENT\": 5}");
	ck_assert_int_eq(report("-i", caps, "--by", "file", NULL), 0);
	ck_assert_str_eq(err, "");
	has(out, "         5         5 /nonexistent/x\n");
	has(out, "         5           /tmp/demo.txt\n");
	has(out, "        13         7 total\n");
}
END_TEST


/* --format trace: every call an X event, exactly as computed from
 * write_small's times (ts from T0, in us with ns decimals) */
START_TEST(test_trace)
{
	ck_assert_int_eq(report("-i", small, "--format", "trace", NULL), 0);
	ck_assert_str_eq(err, "");
	has(out, "{\"traceEvents\": [\n{\"name\": \"read\", \"cat\": \"syscall\", \"ph\": \"X\", "
		 "\"ts\": 0.012, \"dur\": 1.000, \"pid\": 100, \"tid\": 100, "
		 "\"args\": {\"args\": \"3, NULL, 0\", \"ret\": \"100\"}},\n");
	ck_assert_int_eq(count_in(out, "\"ph\": \"X\""), 27);
	ck_assert_int_eq(count_in(out, "\"name\": \"openat\""), 6);
	ck_assert_int_eq(count_in(out, "\"ret\": \"-1\", \"errno\": \"ENOENT\"}}"), 3);
	ck_assert_int_eq(count_in(out, "\"ret\": \"-1\", \"errno\": \"EACCES\"}}"), 1);
	has(out, "\"dur\": 0.000, \"pid\": 100, \"tid\": 100, \"args\": {\"no_entry\": true, "
		 "\"ret\": \"0\"}},\n");
	has(out, "\"pid\": 200, \"tid\": 200, \"args\": {\"args\": \"3\", \"ret\": \"?\", "
		 "\"no_return\": true}},\n");
	/* still in progress: to the end (the trailer's), after the others */
	has(out, "{\"name\": \"futex\", \"cat\": \"syscall\", \"ph\": \"X\", \"ts\": 69.717, "
		 "\"dur\": 14300001.010, \"pid\": 100, \"tid\": 101, \"args\": {\"args\": "
		 "\"0x3, FUTEX_WAIT, 0, NULL\", \"unfinished\": true}},\n");
	has(out, "\"dur\": 2000001.000, \"pid\": 100, \"tid\": 100, \"args\": {\"args\": \"3, NULL, 0\", "
		 "\"unfinished\": true, \"partial\": true}},\n");
	before(out, "\"name\": \"exit_group\"", "\"unfinished\": true");
	has(out, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 100, \"tid\": 100, "
		 "\"args\": {\"name\": \"app\"}},\n"
		 "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 100, \"tid\": 100, "
		 "\"args\": {\"name\": \"app\"}},\n"
		 "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 100, \"tid\": 101, "
		 "\"args\": {\"name\": \"app\"}},\n"
		 "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 200, \"tid\": 200, "
		 "\"args\": {\"name\": \"child\"}},\n"
		 "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 200, \"tid\": 200, "
		 "\"args\": {\"name\": \"child\"}}\n],\n\"displayTimeUnit\": \"ns\"}\n");
	/* filters: a process, failed calls */
	ck_assert_int_eq(report("-i", small, "--format", "trace", "-p", "200", NULL), 0);
	ck_assert_int_eq(count_in(out, "\"ph\": \"X\""), 4);
	ck_assert_int_eq(count_in(out, "\"ph\": \"M\""), 2);
	lacks(out, "\"app\"");
	ck_assert_int_eq(report("-i", small, "--format", "trace", "--failed", NULL), 0);
	ck_assert_int_eq(count_in(out, "\"ph\": \"X\""), 4);
	ck_assert_int_eq(count_in(out, "\"errno\": \"E"), 4);
	/* nothing passes: still a document */
	ck_assert_int_eq(report("-i", small, "--format", "trace", "-p", "999", NULL), 0);
	ck_assert_str_eq(out, "{\"traceEvents\": [\n],\n\"displayTimeUnit\": \"ns\"}\n");
	/* a view of its own */
	ck_assert_int_eq(report("-i", small, "--format", "trace", "--latency", NULL), 2);
	has(err, "scprof: --format trace is a view of its own; drop --stuck, --events, --hist, "
		 "--errors, --latency, --stacks and -y\n");
	ck_assert_int_eq(report("-i", small, "--format", "trace", "--by", "process", NULL), 2);
}
END_TEST

/* The file at path, gunzipped and unpacked as a profile. */
static Perftools__Profiles__Profile *read_profile(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	static unsigned char gz[1 << 20], raw[4 << 20];
	size_t n = fread(gz, 1, sizeof(gz), f);
	fclose(f);
	ck_assert(n > 2 && gz[0] == 0x1f && gz[1] == 0x8b);
	z_stream z = {0};
	ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = gz;
	z.avail_in = (uInt)n;
	z.next_out = raw;
	z.avail_out = sizeof(raw);
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	size_t len = sizeof(raw) - z.avail_out;
	inflateEnd(&z);
	Perftools__Profiles__Profile *p = perftools__profiles__profile__unpack(NULL, len, raw);
	ck_assert_ptr_nonnull(p);
	return p;
}

/* A profile's samples as text, one a line: "syscall comm pid errno:
 * calls wall errors [leaf frame]". */
static char *profile_text(const Perftools__Profiles__Profile *p)
{
	static char buf[8192];
	size_t len = 0;
	buf[0] = 0;
	for (size_t i = 0; i < p->n_sample; i++) {
		const Perftools__Profiles__Sample *sm = p->sample[i];
		const char *sys = "-", *comm = "-", *err_name = "-";
		long long pid = -1;
		for (size_t l = 0; l < sm->n_label; l++) {
			const char *key = p->string_table[sm->label[l]->key];
			const char *str = p->string_table[sm->label[l]->str];
			if (!strcmp(key, "syscall"))
				sys = str;
			else if (!strcmp(key, "comm"))
				comm = str;
			else if (!strcmp(key, "errno"))
				err_name = str;
			else if (!strcmp(key, "pid"))
				pid = sm->label[l]->num;
		}
		/* the leaf: the syscall's own frame */
		const char *leaf = "?";
		for (size_t k = 0; k < p->n_location; k++)
			if (sm->n_location_id && p->location[k]->id == sm->location_id[0] &&
			    p->location[k]->n_line == 1)
				for (size_t f = 0; f < p->n_function; f++)
					if (p->function[f]->id == p->location[k]->line[0]->function_id)
						leaf = p->string_table[p->function[f]->name];
		ck_assert_uint_eq(sm->n_value, 3);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%s %s %lld %s: %lld %lld %lld [%s] %zu\n", sys, comm, pid,
					err_name, (long long)sm->value[0], (long long)sm->value[1],
					(long long)sm->value[2], leaf, sm->n_location_id);
	}
	return buf;
}

/* --format pprof, read back with protobuf-c: one sample per syscall,
 * process, comm and errno (no stacks: the syscall alone) */
START_TEST(test_pprof)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/small.pb.gz", dir);
	ck_assert_int_eq(report("-i", small, "--format", "pprof", "-o", path, NULL), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(out, "");
	Perftools__Profiles__Profile *p = read_profile(path);
	ck_assert_str_eq(p->string_table[0], "");
	ck_assert_uint_eq(p->n_sample_type, 3);
	ck_assert_str_eq(p->string_table[p->sample_type[0]->type], "calls");
	ck_assert_str_eq(p->string_table[p->sample_type[0]->unit], "count");
	ck_assert_str_eq(p->string_table[p->sample_type[1]->type], "wall");
	ck_assert_str_eq(p->string_table[p->sample_type[1]->unit], "nanoseconds");
	ck_assert_str_eq(p->string_table[p->sample_type[2]->type], "errors");
	ck_assert_str_eq(p->string_table[p->default_sample_type], "wall");
	ck_assert_int_eq(p->time_nanos, 1714566896000000000ll);
	ck_assert_uint_eq(p->n_mapping, 0);
	const char *text = profile_text(p);
	/* the futex and read still in progress, and the exit_group, count no
	 * call: no sample */
	ck_assert_str_eq(text, "read app 100 -: 10 55000 0 [read] 1\n"
			       "openat app 100 ENOENT: 3 6000 3 [openat] 1\n"
			       "openat app 100 -: 2 4000 0 [openat] 1\n"
			       "openat app 100 EACCES: 1 2000 1 [openat] 1\n"
			       "execve app 100 -: 1 0 0 [execve] 1\n"
			       "write app 100 -: 4 2000 0 [write] 1\n"
			       "getpid child 200 -: 3 150 0 [getpid] 1\n");
	perftools__profiles__profile__free_unpacked(p, NULL);
	/* a filter applies */
	ck_assert_int_eq(report("-i", small, "--format", "pprof", "-o", path, "-e", "trace=openat",
				"--failed", NULL), 0);
	p = read_profile(path);
	ck_assert_str_eq(profile_text(p), "openat app 100 ENOENT: 3 6000 3 [openat] 1\n"
					  "openat app 100 EACCES: 1 2000 1 [openat] 1\n");
	perftools__profiles__profile__free_unpacked(p, NULL);
	unlink(path);
	ck_assert_int_eq(report("-i", small, "--format", "pprof", "--stacks", NULL), 2);
	ck_assert_int_eq(report("-i", small, "--format", "pprof", "--weight", "calls", NULL), 2);
	has(err, "scprof: --format pprof exports everything: drop --top, --lines, --no-demangle and "
		 "--weight\n");
}
END_TEST

/*
 * A recording with off-CPU times (record --off-cpu): process 100
 * "reader": a read of 10 us that left the CPU once (6 us asleep in
 * pipe_read <- vfs_read, woken by 102 "writer", then 1 us runnable); a
 * read of 20 us that left it 3 times (9 us asleep, the longest 5 us,
 * woken by an interrupt; 2 us runnable); a write of 500 ns that never
 * left it; thread 101 asleep in futex_wait since 1 us into a futex call
 * still in progress at the end (1 us after the last call).
 */
#define K_PIPE_READ 0xffffffff81000100ull
#define K_VFS_READ 0xffffffff81000200ull
#define K_FUTEX_WAIT 0xffffffff81000300ull

static void off_call(int32_t tid, int32_t nr, uint64_t dur, uint32_t flags,
		     const struct scf_offcpu *o)
{
	struct scf_event e = {.type = SCF_EV_CALL};
	now += dur + 10;
	e.time = now;
	e.call.start = now - dur;
	e.call.duration = dur;
	e.call.pid = 100;
	e.call.tid = tid;
	e.call.nr = nr;
	e.call.args[0] = 3;
	e.call.flags = flags;
	e.call.offcpu = o;
	add(&e);
}

static void write_offcpu(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_meta m = {0};
	m.recorder = "scprof 0.1";
	m.hostname = "testhost";
	m.kernel_release = "6.18.0";
	m.arch = "x86_64";
	m.ncpus = 2;
	m.clockid = 1;
	m.start_time = T0;
	m.start_realtime = 1714566896000000000ull;
	m.target = SCF_TARGET_COMMAND;
	m.nsyscalls = sizeof(table) / sizeof(table[0]);
	m.syscalls = table;
	m.features = SCF_FEAT_OFFCPU;
	m.kallsyms = SCF_KALLSYMS_READ;
	now = T0;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	comm(100, 100, "reader");
	static const uint64_t read_stack[] = {K_PIPE_READ, K_VFS_READ};
	static const uint64_t futex_stack[] = {K_FUTEX_WAIT};
	struct scf_offcpu once = {.blocked = 6000, .runnable = 1000, .longest = 6000, .switches = 1,
				  .flags = SCF_OFFCPU_WAKER, .nkips = 2, .kips = read_stack,
				  .waker_pid = 100, .waker_tid = 102, .waker_comm = "writer"};
	struct scf_offcpu thrice = {.blocked = 9000, .runnable = 2000, .longest = 5000, .switches = 3,
				    .flags = SCF_OFFCPU_WAKER_IRQ, .nkips = 2, .kips = read_stack};
	struct scf_offcpu asleep = {.blocked = 3000, .switches = 1,
				    .flags = SCF_OFFCPU_BLOCKED_AT_END, .nkips = 1,
				    .kips = futex_stack};
	off_call(100, 0, 10000, 0, &once);
	off_call(100, 0, 20000, 0, &thrice);
	off_call(100, 1, 500, 0, NULL);
	off_call(101, 202, 4000, SCF_CALL_UNFINISHED, &asleep);
	static const struct scf_ksym ksyms[] = {
		{K_PIPE_READ, 0x100, "pipe_read", ""},
		{K_VFS_READ, 0x100, "vfs_read", ""},
		{K_FUTEX_WAIT, 0x100, "futex_wait", ""},
	};
	ck_assert_int_eq(scf_writer_add_ksyms(w, ksyms, 3), 0);
	struct scf_trailer t = {.end_time = now + 1000};
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
}

/* --format trace and pprof of off-CPU times: the trace's calls carry
 * their split, their time off the CPU is drawn inside them as far as the
 * recording places it; pprof's blocked and oncpu sample types, the stack
 * going on above the syscall into the kernel's */
START_TEST(test_offcpu_exports)
{
	char data[300], path[300];
	snprintf(data, sizeof(data), "%s/offcpu.data", dir);
	snprintf(path, sizeof(path), "%s/offcpu.pb.gz", dir);
	write_offcpu(data);
	ck_assert_int_eq(report("-i", data, "--format", "trace", NULL), 0);
	ck_assert_str_eq(err, "");
	/* one switch: blocked then runnable, the on-CPU time split evenly
	 * around them */
	has(out, "{\"name\": \"read\", \"cat\": \"syscall\", \"ph\": \"X\", \"ts\": 0.011, "
		 "\"dur\": 10.000, \"pid\": 100, \"tid\": 100, \"args\": {\"args\": \"3, NULL, 0\", "
		 "\"ret\": \"0\", \"oncpu_ns\": 3000, \"blocked_ns\": 6000, \"runnable_ns\": 1000, "
		 "\"switches\": 1}},\n"
		 "{\"name\": \"blocked\", \"cat\": \"offcpu\", \"ph\": \"X\", \"ts\": 1.511, "
		 "\"dur\": 6.000, \"pid\": 100, \"tid\": 100, \"args\": {\"position\": \"estimated\", "
		 "\"kernel_stack\": [\"pipe_read\", \"vfs_read\"], \"waker\": {\"pid\": 100, "
		 "\"tid\": 102, \"comm\": \"writer\"}}},\n"
		 "{\"name\": \"runnable\", \"cat\": \"offcpu\", \"ph\": \"X\", \"ts\": 7.511, "
		 "\"dur\": 1.000, \"pid\": 100, \"tid\": 100, \"args\": {\"position\": \"estimated\"}},\n");
	/* three switches: only the longest sleep, centred */
	has(out, "\"oncpu_ns\": 9000, \"blocked_ns\": 9000, \"runnable_ns\": 2000, \"switches\": 3}},\n"
		 "{\"name\": \"blocked\", \"cat\": \"offcpu\", \"ph\": \"X\", \"ts\": 17.521, "
		 "\"dur\": 5.000, \"pid\": 100, \"tid\": 100, \"args\": {\"position\": \"estimated\", "
		 "\"longest_of\": 3, \"kernel_stack\": [\"pipe_read\", \"vfs_read\"], "
		 "\"waker\": \"interrupt\"}},\n"
		 "{\"name\": \"write\", ");
	/* never left the CPU: no slice */
	has(out, "\"oncpu_ns\": 500, \"blocked_ns\": 0, \"runnable_ns\": 0, \"switches\": 0}},\n"
		 "{\"name\": \"futex\", ");
	/* asleep at the end: where, and the sleep to the end */
	has(out, "{\"name\": \"futex\", \"cat\": \"syscall\", \"ph\": \"X\", \"ts\": 30.541, "
		 "\"dur\": 5.000, \"pid\": 100, \"tid\": 101, \"args\": {\"args\": "
		 "\"0x3, FUTEX_WAIT, 0, NULL\", \"unfinished\": true, \"kernel_stack\": "
		 "[\"futex_wait\"]}},\n"
		 "{\"name\": \"blocked\", \"cat\": \"offcpu\", \"ph\": \"X\", \"ts\": 31.541, "
		 "\"dur\": 4.000, \"pid\": 100, \"tid\": 101, \"args\": {\"position\": \"exact\", "
		 "\"kernel_stack\": [\"futex_wait\"]}},\n");
	ck_assert_int_eq(count_in(out, "\"cat\": \"offcpu\""), 4);

	ck_assert_int_eq(report("-i", data, "--format", "pprof", "-o", path, NULL), 0);
	ck_assert_str_eq(err, "");
	Perftools__Profiles__Profile *p = read_profile(path);
	static const char *const types[] = {"calls", "wall", "errors", "blocked", "oncpu"};
	static const char *const units[] = {"count", "nanoseconds", "count", "nanoseconds",
					    "nanoseconds"};
	ck_assert_uint_eq(p->n_sample_type, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_str_eq(p->string_table[p->sample_type[i]->type], types[i]);
		ck_assert_str_eq(p->string_table[p->sample_type[i]->unit], units[i]);
	}
	ck_assert_str_eq(p->string_table[p->default_sample_type], "wall");
	/* the futex still in progress counts nothing: two samples */
	ck_assert_uint_eq(p->n_sample, 2);
	char text[512];
	size_t len = 0;
	for (size_t i = 0; i < p->n_sample; i++) {
		const Perftools__Profiles__Sample *sm = p->sample[i];
		ck_assert_uint_eq(sm->n_value, 5);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%lld %lld %lld %lld %lld:",
					(long long)sm->value[0], (long long)sm->value[1],
					(long long)sm->value[2], (long long)sm->value[3],
					(long long)sm->value[4]);
		/* its frames, leaf first: function names, the kernel's mapping */
		for (size_t k = 0; k < sm->n_location_id; k++) {
			const Perftools__Profiles__Location *l = p->location[sm->location_id[k] - 1];
			ck_assert_uint_eq(l->id, sm->location_id[k]);
			ck_assert_uint_eq(l->n_line, 1);
			const Perftools__Profiles__Function *f = p->function[l->line[0]->function_id - 1];
			ck_assert_uint_eq(f->id, l->line[0]->function_id);
			len += (size_t)snprintf(text + len, sizeof(text) - len, " %s%s",
						p->string_table[f->name], l->mapping_id ? "[k]" : "");
			if (l->mapping_id)
				ck_assert_uint_eq(l->address,
						  k ? K_VFS_READ : K_PIPE_READ);
		}
		len += (size_t)snprintf(text + len, sizeof(text) - len, "\n");
	}
	ck_assert_str_eq(text, "2 30000 0 15000 12000: pipe_read[k] vfs_read[k] read\n"
			       "1 500 0 0 500: write\n");
	ck_assert_uint_eq(p->n_mapping, 1);
	ck_assert_str_eq(p->string_table[p->mapping[0]->filename], "[kernel.kallsyms]");
	ck_assert_uint_eq(p->mapping[0]->memory_start, K_PIPE_READ);
	ck_assert_uint_eq(p->mapping[0]->memory_limit, K_VFS_READ + 1);
	ck_assert(p->mapping[0]->has_functions);
	perftools__profiles__profile__free_unpacked(p, NULL);
	unlink(path);
	unlink(data);
}
END_TEST

/* -o FILE: every format, the same as on stdout; a regular file replaced
 * whole (mode 0666 less the umask), anything else refused and kept, and
 * nothing left behind when the report fails */
START_TEST(test_output_file)
{
	static const char *const formats[] = { "text", "json", "csv", "trace" };
	char path[300], other[300], tmpl[512];
	snprintf(path, sizeof(path), "%s/report.out", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		ck_assert_int_eq(report("-i", small, "--format", formats[i], NULL), 0);
		char *want = strdup(out);
		ck_assert_int_eq(report("-i", small, "--format", formats[i], "-o", path, NULL), 0);
		ck_assert_str_eq(out, "");
		FILE *f = fopen(path, "r");
		ck_assert_ptr_nonnull(f);
		static char got[1 << 16];
		got[fread(got, 1, sizeof(got) - 1, f)] = 0;
		fclose(f);
		ck_assert_str_eq(got, want);
		free(want);
	}
	ck_assert_int_eq(report("-i", small, "--events", "-o", path, NULL), 0);
	ck_assert_str_eq(out, "");
	struct stat st;
	mode_t mask = umask(022);
	ck_assert_int_eq(report("-i", small, "-o", path, NULL), 0);
	umask(mask);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	/* a failed report keeps the file as it was */
	ck_assert_int_eq(stat(path, &st), 0);
	off_t size = st.st_size;
	ck_assert_int_eq(report("-i", "/nonexistent/x.data", "-o", path, NULL), 1);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, size);
	/* a symlink is refused, its target untouched */
	FILE *f = fopen(other, "w");
	ck_assert_ptr_nonnull(f);
	fputs("keep", f);
	fclose(f);
	unlink(path);
	ck_assert_int_eq(symlink(other, path), 0);
	ck_assert_int_eq(report("-i", small, "-o", path, NULL), 1);
	snprintf(tmpl, sizeof(tmpl), "scprof: refusing to replace '%s': it is a symbolic link, and "
				     "only a regular file is replaced; choose another file with -o\n",
		 path);
	ck_assert_str_eq(err, tmpl);
	ck_assert_int_eq(stat(other, &st), 0);
	ck_assert_int_eq(st.st_size, 4);
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	/* the recording itself */
	ck_assert_int_eq(report("-i", small, "-o", small, NULL), 1);
	snprintf(tmpl, sizeof(tmpl), "scprof: refusing to write the report over the recording '%s'; "
				     "choose another file with -o\n",
		 small);
	ck_assert_str_eq(err, tmpl);
	ck_assert_int_eq(report("-i", small, NULL), 0);
	/* a directory */
	ck_assert_int_eq(report("-i", small, "-o", dir, NULL), 1);
	has(err, "': it is a directory, and only a regular file is replaced; choose another file "
		 "with -o\n");
	unlink(path);
	unlink(other);
	/* no temporary file left: the directory is empty but for the recordings */
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "ls %s | grep -c tmp- >/dev/null", dir);
	ck_assert_int_ne(system(cmd), 0);
}
END_TEST

START_TEST(test_usage)
{
	ck_assert_int_eq(report("--help", NULL), 0);
	static const char *const opts[] = {"--input", "--output", "--sort", "--format", "--latency", "--hist",
					   "--errors", "--by", "--stuck", "--events", "--decode-fds", "--trace",
					   "--pid", "--tid", "--comm", "--failed", "--successful",
					   "--min-duration", "--time", "--help"};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		has(out, opts[i]);
	ck_assert_int_eq(report("--bogus", NULL), 2);
	ck_assert_str_eq(err, "scprof: unknown option '--bogus'\n"
			      "Try 'scprof report --help' for more information.\n");
	ck_assert_int_eq(report("-i", small, "extra", NULL), 2);
	ck_assert_int_eq(report("--min-duration", "10", NULL), 2);
	ck_assert_int_eq(report("--time", "3,1", NULL), 2);
	ck_assert_int_eq(report("--format", "xml", NULL), 2);
	ck_assert_int_eq(report("-i", NULL), 2);
	has(err, "needs an argument");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report_cmd");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_killed_inside_call);
	tcase_add_test(tc, test_sort);
	tcase_add_test(tc, test_latency_errors);
	tcase_add_test(tc, test_hist);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_json_groups);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_by_process);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_stuck);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_truncated_and_lost);
	tcase_add_test(tc, test_bad_files);
	tcase_add_test(tc, test_targets);
	tcase_add_test(tc, test_by_file);
	tcase_add_test(tc, test_events_fds);
	tcase_add_test(tc, test_events_captures);
	tcase_add_test(tc, test_by_file_captures);
	tcase_add_test(tc, test_trace);
	tcase_add_test(tc, test_pprof);
	tcase_add_test(tc, test_offcpu_exports);
	tcase_add_test(tc, test_output_file);
	tcase_add_test(tc, test_usage);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
