/*
 * check_diff_cmd.c - `scprof diff` as a whole, on synthetic recordings
 * written with libscf: two machines whose syscall numbers differ
 * (x86_64 and aarch64 tables), exact CSV/JSON/text deltas, appeared
 * syscalls and new errnos, grouping, filters, normalisation, pooling,
 * the --fail-if gate (exit 3, messages, carets) and errors.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/scf.h"
#include "cli/commands.h"
#include "tests/unit/capture.h"

#define DIR_TEMPLATE "/tmp/check_diff_cmd_XXXXXX"
static char dir[sizeof(DIR_TEMPLATE)];
static char x86[256], arm[256], x86b[256];

/* ---- writing recordings ---- */

/* the same names under different numbers; 110 is getppid on x86_64 but
 * timer_settime on aarch64 */
static const struct scf_syscall_name x86_table[] = {
	{1, "write"}, {39, "getpid"}, {110, "getppid"}, {257, "openat"}, {231, "exit_group"},
};
static const struct scf_syscall_name arm_table[] = {
	{56, "openat"}, {64, "write"}, {94, "exit_group"}, {110, "timer_settime"},
	{172, "getpid"}, {173, "getppid"},
};

static struct scf_writer *w;
static uint64_t now;

#define T0 1000000000ull

static void add(struct scf_event *e)
{
	ck_assert_int_eq(scf_writer_add(w, e), 0);
}

static void call(int32_t pid, int32_t nr, int64_t ret, uint64_t dur)
{
	struct scf_event e = {.type = SCF_EV_CALL};
	now += dur + 10;
	e.time = now;
	e.call.start = now - dur;
	e.call.duration = dur;
	e.call.pid = pid;
	e.call.tid = pid;
	e.call.nr = nr;
	e.call.ret = ret;
	add(&e);
}

static void calls(int n, int32_t pid, int32_t nr, int64_t ret, uint64_t dur)
{
	for (int i = 0; i < n; i++)
		call(pid, nr, ret, dur);
}

static void comm(int32_t pid, const char *name)
{
	struct scf_event e = {.type = SCF_EV_COMM, .time = ++now};
	e.comm.pid = pid;
	e.comm.tid = pid;
	strcpy(e.comm.comm, name);
	add(&e);
}

static void begin(const char *path, int *fd, const char *arch, const char *kernel,
		  const struct scf_syscall_name *table, uint32_t n)
{
	static const char *const argv[] = {"./app"};
	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(*fd, 0);
	struct scf_meta m = {0};
	m.recorder = "scprof 0.1";
	m.hostname = "testhost";
	m.kernel_release = kernel;
	m.arch = arch;
	m.ncpus = 2;
	m.clockid = 1;
	m.start_time = T0;
	m.start_realtime = 1714566896000000000ull;
	m.target = SCF_TARGET_COMMAND;
	m.argc = 1;
	m.argv = argv;
	m.nsyscalls = n;
	m.syscalls = table;
	now = T0;
	ck_assert_int_eq(scf_writer_new(*fd, &m, &w), 0);
}

static void end(int fd, uint64_t length)
{
	struct scf_trailer t = {.end_time = T0 + length};
	ck_assert_int_le(now, T0 + length);
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
}

/* x86_64: process 100 "app": 100 getppid of 300 ns, 5 openat ENOENT of
 * 2 us, 1 write of 1 us, 2 getpid of 100 ns; 1 s long. */
static void write_x86(const char *path)
{
	int fd;
	begin(path, &fd, "x86_64", "6.18.0", x86_table, sizeof(x86_table) / sizeof(x86_table[0]));
	comm(100, "app");
	calls(100, 100, 110, 7, 300);
	calls(5, 100, 257, -ENOENT, 2000);
	calls(1, 100, 1, 10, 1000);
	calls(2, 100, 39, 100, 100);
	end(fd, 1000000000ull);
}

/* aarch64: process 500 "app": 150 getppid of 600 ns, 8 openat ENOENT
 * and 2 EACCES of 2 us, 1 write, 7 timer_settime (number 110) of 50 ns,
 * no getpid; 2 s long. */
static void write_arm(const char *path)
{
	int fd;
	begin(path, &fd, "aarch64", "6.1.0", arm_table, sizeof(arm_table) / sizeof(arm_table[0]));
	comm(500, "app");
	calls(150, 500, 173, 7, 600);
	calls(8, 500, 56, -ENOENT, 2000);
	calls(2, 500, 56, -EACCES, 2000);
	calls(1, 500, 64, 10, 1000);
	calls(7, 500, 110, 0, 50);
	end(fd, 2000000000ull);
}

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	strcpy(dir, DIR_TEMPLATE); /* again for each test when not forking */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(x86, sizeof(x86), "%s/x86.data", dir);
	snprintf(x86b, sizeof(x86b), "%s/x86b.data", dir);
	snprintf(arm, sizeof(arm), "%s/arm.data", dir);
	write_x86(x86);
	write_x86(x86b);
	write_arm(arm);
}

static void teardown(void)
{
	unlink(x86);
	unlink(x86b);
	unlink(arm);
	rmdir(dir);
}

/* ---- running the command ---- */

static char *out, *err;

/* Run `scprof diff ARGS...` (NULL-terminated); stdout in out, stderr in
 * err; returns the exit status. */
static int diff(const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int rc = capture_run(cmd_diff, "diff", &out, &err, arg, ap);
	va_end(ap);
	return rc;
}

/* The CSV row of a syscall, from its name to the end of the line. */
static char *csv_row(const char *csv, const char *name)
{
	static char row[1024];
	char key[64];
	snprintf(key, sizeof(key), "\n%s,", name);
	const char *p = strstr(csv, key);
	ck_assert_msg(p, "no row %s in:\n%s", name, csv);
	p++;
	size_t n = strcspn(p, "\n");
	ck_assert_uint_lt(n, sizeof(row));
	memcpy(row, p, n);
	row[n] = 0;
	return row;
}

/* Field i (0-based) of a CSV row without quotes. */
static const char *field(const char *row, int i)
{
	static char f[128];
	const char *p = row;
	for (; i > 0; i--) {
		p = strchr(p, ',');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	size_t n = strcspn(p, ",");
	memcpy(f, p, n);
	f[n] = 0;
	return f;
}

/* columns: name,status, then base,new,change,pct for calls (2), errors
 * (6), total_ns (10), avg_ns (14), p50 (18), p90 (22), p99 (26), max (30),
 * then p_value (34), significant (35), new_errnos (36) */
enum { C_STATUS = 1, C_CALLS = 2, C_ERRORS = 6, C_TOTAL = 10, C_P99 = 26, C_P = 34, C_SIG = 35,
       C_NEW_ERRNOS = 36 };

START_TEST(test_by_name_across_arches)
{
	ck_assert_int_eq(diff("--format", "csv", x86, arm, NULL), 0);
	char *header = strndup(out, strcspn(out, "\n"));
	ck_assert_str_eq(header,
			 "name,status,calls_base,calls_new,calls_change,calls_change_pct,errors_base,"
			 "errors_new,errors_change,errors_change_pct,total_ns_base,total_ns_new,"
			 "total_ns_change,total_ns_change_pct,avg_ns_base,avg_ns_new,avg_ns_change,"
			 "avg_ns_change_pct,p50_ns_base,p50_ns_new,p50_ns_change,p50_ns_change_pct,"
			 "p90_ns_base,p90_ns_new,p90_ns_change,p90_ns_change_pct,p99_ns_base,p99_ns_new,"
			 "p99_ns_change,p99_ns_change_pct,max_ns_base,max_ns_new,max_ns_change,"
			 "max_ns_change_pct,p_value,significant,new_errnos");
	free(header);
	/* getppid is 110 on one side and 173 on the other */
	const char *r = csv_row(out, "getppid");
	ck_assert_str_eq(field(r, C_STATUS), "changed");
	ck_assert_str_eq(field(r, C_CALLS), "100");
	ck_assert_str_eq(field(r, C_CALLS + 1), "150");
	ck_assert_str_eq(field(r, C_CALLS + 2), "50");
	ck_assert_str_eq(field(r, C_CALLS + 3), "50.00");
	ck_assert_str_eq(field(r, C_ERRORS + 3), "");
	ck_assert_str_eq(field(r, C_TOTAL), "30000");
	ck_assert_str_eq(field(r, C_TOTAL + 1), "90000");
	ck_assert_str_eq(field(r, C_P99), "300");
	ck_assert_str_eq(field(r, C_P99 + 1), "600");
	ck_assert_str_eq(field(r, C_P99 + 3), "100.00");
	ck_assert_str_eq(field(r, C_SIG), "true");
	r = csv_row(out, "openat");
	ck_assert_str_eq(field(r, C_CALLS + 2), "5");
	ck_assert_str_eq(field(r, C_ERRORS), "5");
	ck_assert_str_eq(field(r, C_ERRORS + 1), "10");
	ck_assert_str_eq(field(r, C_ERRORS + 2), "5");
	ck_assert_str_eq(field(r, C_P), ""); /* 5 calls: not tested */
	ck_assert_str_eq(field(r, C_SIG), "");
	ck_assert_str_eq(field(r, C_NEW_ERRNOS), "EACCES:2");
	r = csv_row(out, "timer_settime");
	ck_assert_str_eq(field(r, C_STATUS), "appeared");
	ck_assert_str_eq(field(r, C_CALLS), "0");
	ck_assert_str_eq(field(r, C_CALLS + 1), "7");
	ck_assert_str_eq(field(r, C_CALLS + 3), "");
	r = csv_row(out, "getpid");
	ck_assert_str_eq(field(r, C_STATUS), "vanished");
	ck_assert_str_eq(field(r, C_CALLS + 3), "-100.00");
	ck_assert_str_eq(field(csv_row(out, "write"), C_STATUS), "same");
	ck_assert_int_eq(count_lines(out), 1 + 5);
	has(err, "scprof: note: '");
	has(err, "(x86_64, 6.18.0) and '");
	has(err, "(aarch64, 6.1.0) come from different architectures; syscalls are compared by "
		 "name\n");
}
END_TEST

START_TEST(test_text)
{
	ck_assert_int_eq(diff(x86, arm, NULL), 0);
	has(out, "Base: './app' on testhost (6.18.0, x86_64), 2024-05-01 12:34:56, 1.00s\n");
	has(out, "New:  './app' on testhost (6.1.0, aarch64), 2024-05-01 12:34:56, 2.00s\n");
	has(out, "Counts as recorded; time is wall-clock latency from syscall entry to exit.\n");
	has(out, "getppid                100       150       +50   +50.0%         0         0 "
		 "        0     0.0%    30.0us    90.0us   +60.0us  +200.0%\n");
	has(out, "timer_settime            0         7        +7      new");
	has(out, "Appeared: timer_settime (7 calls)\n");
	has(out, "Vanished: getpid (2 calls)\n");
	has(out, "New errnos: openat EACCES (2)\n");
	/* the latency table: getppid tested, openat not */
	has(out, "getppid             300ns    600ns   +100.0%    300ns    600ns   +100.0%    300ns "
		 "   600ns   +100.0%    300ns    600ns   +100.0%  <0.0001\n");
	has(out, "timer_settime           -     50ns         -        -     50ns         -");
	has(out, "p: the rank test's p-value; -: not tested (fewer than 20 timed calls on a side)\n");
	lacks(out, "run-to-run");
	has(out, "openat             2.00us   2.00us      0.0%");
	/* sorted by the change of total time: getppid +60us first */
	const char *body = strstr(out, "\n---");
	ck_assert_ptr_nonnull(body);
	ck_assert_ptr_nonnull(strstr(body, "\ngetppid "));
	ck_assert(strstr(body, "\ngetppid ") < strstr(body, "\nopenat "));
}
END_TEST

START_TEST(test_json)
{
	ck_assert_int_eq(diff("--format", "json", x86, arm, NULL), 0);
	has(out, "\"normalize\": \"raw\", \"per_calls_of\": null, \"by\": \"syscall\"");
	has(out, "{\"name\": \"getppid\", \"status\": \"changed\", \"calls\": {\"base\": 100, "
		 "\"new\": 150, \"change\": 50, \"change_pct\": 50.00}");
	has(out, "\"tested\": true, \"p_value\": ");
	has(out, "\"significant\": true, \"prob_slower\": 1.0000");
	has(out, "\"errnos\": {\"ENOENT\": {\"base\": 5, \"new\": 8, \"new_errno\": false}, "
		 "\"EACCES\": {\"base\": 0, \"new\": 2, \"new_errno\": true}}");
	has(out, "\"appeared\": [\"timer_settime\"], \"vanished\": [\"getpid\"]");
	has(out, "\"new_errnos\": [{\"name\": \"openat\", \"errno\": \"EACCES\", \"count\": 2}]");
	has(out, "\"total\": {\"name\": null, \"status\": \"changed\", \"calls\": {\"base\": 108, "
		 "\"new\": 168, \"change\": 60, \"change_pct\": 55.56}, \"errors\": {\"base\": 5, "
		 "\"new\": 10, \"change\": 5, \"change_pct\": 100.00}");
	has(out, "\"base\": {\"runs\": 1, \"duration_ns\": 1000000000, \"scale\": 1, \"recordings\": [");
	has(out, "\"arch\": \"aarch64\"");
	lacks(out, "\"gate\"");
	lacks(out, "\"groups\"");
}
END_TEST

/* The stderr lines after the note that the architectures differ. */
static const char *after_note(void)
{
	const char *p = strstr(err, "compared by name\n");
	ck_assert_msg(p, "no note in:\n%s", err);
	return p + strlen("compared by name\n");
}

START_TEST(test_gate)
{
	/* each rule tripped gets one line; exit 3 */
	ck_assert_int_eq(diff("--fail-if", "calls(getppid) > +10%", "--fail-if",
			      "errors(openat) >= +5", "--fail-if", "calls(getppid) > 20000", "--fail-if",
			      "errors > 0", "--fail-if", "p99(getppid) > +50%", "--fail-if",
			      "calls(timer_settime) > +5", "--fail-if", "total_time < -5%", x86, arm, NULL),
			 3);
	ck_assert_str_eq(
		after_note(),
		"scprof: fail-if 'calls(getppid) > +10%' tripped: getppid calls 100 -> 150 (+50.0%)\n"
		"scprof: fail-if 'errors(openat) >= +5' tripped: openat errors 5 -> 10 (+5, +100.0%)\n"
		"scprof: fail-if 'errors > 0' tripped: all syscalls errors 5 -> 10 (+100.0%)\n"
		"scprof: fail-if 'p99(getppid) > +50%' tripped: getppid p99 300ns -> 600ns (+100.0%, "
		"p<0.0001)\n"
		"scprof: fail-if 'calls(timer_settime) > +5' tripped: timer_settime calls 0 -> 7 (+7, "
		"new)\n");
	/* the table is printed all the same */
	has(out, "Appeared: timer_settime (7 calls)\n");

	/* none trips: exit 0, nothing said */
	ck_assert_int_eq(diff("--fail-if", "calls(getppid) > +50%", "--fail-if", "errors(openat) > +5",
			      "--fail-if", "calls(getppid) > 150", "--fail-if", "calls(write) != 1",
			      "--fail-if", "errors(getppid) > 0", x86, arm, NULL),
			 0);
	ck_assert_str_eq(after_note(), "");

	/* in JSON */
	ck_assert_int_eq(diff("--format", "json", "--fail-if", "calls(getppid) >= +50%", "--fail-if",
			      "max(openat) > 1ms", x86, arm, NULL),
			 3);
	has(out, "\"gate\": [\n    {\"rule\": \"calls(getppid) >= +50%\", \"tripped\": true, "
		 "\"noise\": false, \"base\": 100, \"new\": 150, \"measured\": 50, \"p_value\": null},\n"
		 "    {\"rule\": \"max(openat) > 1ms\", \"tripped\": false, \"noise\": false, \"base\": "
		 "2000, \"new\": 2000, \"measured\": 2000, \"p_value\": null}]");
}
END_TEST

START_TEST(test_gate_noise)
{
	/* the same recording twice a side: no latency change at all, so a
	 * rule on a latency change holds numerically (0% >= 0%) but not
	 * beyond noise */
	char two[600], two_b[600];
	snprintf(two, sizeof(two), "%s,%s", x86, x86b);
	snprintf(two_b, sizeof(two_b), "%s,%s", x86b, x86);
	ck_assert_int_eq(diff("--fail-if", "p99(getppid) >= +0%", "--fail-if", "calls(getppid) >= +0%",
			      two, two_b, NULL),
			 3);
	ck_assert_str_eq(err, "scprof: note: fail-if 'p99(getppid) >= +0%' not tripped: getppid p99 "
			      "300ns -> 300ns (0.0%, p=1) is within noise\n"
			      "scprof: fail-if 'calls(getppid) >= +0%' tripped: getppid calls 100 -> "
			      "100 (0.0%)\n");
	has(out, "Base: 2 recordings, the first './app' on testhost (6.18.0, x86_64), 2024-05-01 "
		 "12:34:56, 2.00s in all\n");
	has(out, "Counts per recording (mean of each side's); time is");
	has(out, "0.0%~");
	has(out, ", run-to-run noise included\n");
}
END_TEST

START_TEST(test_bad_rules)
{
	ck_assert_int_eq(diff("--fail-if", "calls(getppid) >> 5", x86, arm, NULL), 2);
	ck_assert_str_eq(err, "scprof: invalid --fail-if expression: expected a number (a value, "
			      "+change or +percent%)\n"
			      "  calls(getppid) >> 5\n"
			      "                  ^\n"
			      "Try 'scprof diff --help' for more information.\n");
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(diff("--fail-if", "p99(read) > 5xs", x86, arm, NULL), 2);
	has(err, "unknown unit 'xs'; use ns, us, ms or s\n  p99(read) > 5xs\n               ^\n");
	/* a name no recording knows: caught after reading them, before any output */
	ck_assert_int_eq(diff("--fail-if", "calls(getpid) > 1", "--fail-if", "calls( opneat ) > 1", x86,
			      arm, NULL),
			 2);
	ck_assert_str_eq(err, "scprof: invalid --fail-if expression: no recording knows a syscall "
			      "named 'opneat'\n"
			      "  calls( opneat ) > 1\n"
			      "         ^\n"
			      "Try 'scprof diff --help' for more information.\n");
	ck_assert_str_eq(out, "");
	/* a name one side's table knows is fine */
	ck_assert_int_eq(diff("--fail-if", "calls(timer_settime) > 100", x86, arm, NULL), 0);
}
END_TEST

START_TEST(test_filters_and_groups)
{
	ck_assert_int_eq(diff("--format", "csv", "-e", "trace=getppid", x86, arm, NULL), 0);
	ck_assert_int_eq(count_lines(out), 2);
	ck_assert_str_eq(field(csv_row(out, "getppid"), C_CALLS + 2), "50");
	ck_assert_int_eq(diff("--format", "csv", "--failed", x86, arm, NULL), 0);
	ck_assert_int_eq(count_lines(out), 2);
	ck_assert_str_eq(field(csv_row(out, "openat"), C_CALLS + 1), "10");
	/* processes 100 and 500 are both "app": one group */
	ck_assert_int_eq(diff("--format", "csv", "--by", "process", x86, arm, NULL), 0);
	has(out, "\napp,getppid,changed,100,150,50,50.00,");
	ck_assert_int_eq(count_lines(out), 1 + 5);
	ck_assert_int_eq(diff("--format", "json", "--by", "comm", x86, arm, NULL), 0);
	has(out, "\"groups\": [\n    {\"label\": \"app\", \"detail\": null, \"status\": \"changed\",\n"
		 "     \"total\": {\"name\": null, \"status\": \"changed\", \"calls\": {\"base\": 108, "
		 "\"new\": 168");
	ck_assert_int_eq(diff("--by", "thread", x86, arm, NULL), 0);
	has(out, "thread app/app: changed\n");
}
END_TEST

START_TEST(test_normalise)
{
	/* NEW scaled by 100/150 so that getppid's calls match */
	ck_assert_int_eq(diff("--format", "csv", "--per", "getppid", x86, arm, NULL), 0);
	const char *r = csv_row(out, "getppid");
	ck_assert_str_eq(field(r, C_CALLS + 1), "100");
	ck_assert_str_eq(field(r, C_CALLS + 2), "0");
	ck_assert_str_eq(field(r, C_TOTAL + 1), "60000");
	ck_assert_str_eq(field(r, C_P99 + 1), "600"); /* latencies never scale */
	r = csv_row(out, "openat");
	ck_assert_str_eq(field(r, C_CALLS + 1), "6.667");
	ck_assert_str_eq(field(r, C_ERRORS + 1), "6.667");
	ck_assert_int_eq(diff("--per", "calls_of=getppid", x86, arm, NULL), 0);
	has(out, "Counts scaled so that getppid's calls match (new x0.6667); time is");
	/* per second: NEW ran 2 s, BASE 1 s */
	ck_assert_int_eq(diff("--format", "csv", "--per-second", x86, arm, NULL), 0);
	r = csv_row(out, "getppid");
	ck_assert_str_eq(field(r, C_CALLS), "100");
	ck_assert_str_eq(field(r, C_CALLS + 1), "75");
	ck_assert_str_eq(field(r, C_CALLS + 3), "-25.00");
	ck_assert_int_eq(diff("--format", "json", "--per", "second", x86, arm, NULL), 0);
	has(out, "\"normalize\": \"per-second\"");
	has(out, "\"new\": {\"runs\": 1, \"duration_ns\": 2000000000, \"scale\": 0.5,");
	/* a syscall one side never makes cannot scale */
	ck_assert_int_eq(diff("--per", "getpid", x86, arm, NULL), 1);
	has(err, "scprof: cannot scale by getpid: it has no calls in '");
	ck_assert_int_eq(diff("--per", "nosuch", x86, arm, NULL), 2);
	has(err, "scprof: --per nosuch: no recording knows a syscall named 'nosuch'\n");
}
END_TEST

START_TEST(test_pooled_and_several)
{
	char two[600];
	snprintf(two, sizeof(two), "%s,%s", x86, x86b);
	/* two BASE recordings: means per recording */
	ck_assert_int_eq(diff("--format", "csv", two, arm, NULL), 0);
	ck_assert_str_eq(field(csv_row(out, "getppid"), C_CALLS), "100");
	ck_assert_int_eq(diff("--format", "json", two, arm, NULL), 0);
	has(out, "\"base\": {\"runs\": 2, \"duration_ns\": 2000000000, \"scale\": 0.5,");
	/* two NEW arguments: each compared with BASE */
	ck_assert_int_eq(diff("--format", "csv", x86, arm, x86b, NULL), 0);
	has(out, "new,name,status,");
	char line[700];
	snprintf(line, sizeof(line), "\n%s,getppid,changed,100,150,", arm);
	has(out, line);
	snprintf(line, sizeof(line), "\n%s,getppid,same,100,100,", x86b);
	has(out, line);
	ck_assert_int_eq(diff("--format", "json", x86, arm, x86b, NULL), 0);
	ck_assert_int_eq(out[0], '[');
	has(out, "}\n,\n{\n");
	ck_assert_int_eq(diff(x86, arm, x86b, NULL), 0);
	snprintf(line, sizeof(line), "=== %s\n", x86b);
	has(out, line);
}
END_TEST

START_TEST(test_errors)
{
	char missing[300];
	snprintf(missing, sizeof(missing), "%s/missing.data", dir);
	ck_assert_int_eq(diff(x86, missing, NULL), 1);
	has(err, "scprof: cannot open '");
	has(err, "/missing.data': No such file or directory; record one with 'scprof record -o ");
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(diff("-S", "bogus", x86, arm, NULL), 2);
	has(err, "scprof: unknown sort key 'bogus'");
	has(err, "Try 'scprof diff --help' for more information.\n");
	ck_assert_int_eq(diff("--by", "pid", x86, arm, NULL), 2);
	ck_assert_int_eq(diff("--format", "xml", x86, arm, NULL), 2);
	has(err, "scprof: unknown format 'xml'; use text, json, csv, folded, svg, pprof or trace\n");
	ck_assert_int_eq(diff("--format", "pprof", x86, arm, NULL), 2);
	has(err, "scprof: --format pprof exports one recording; use 'scprof report --format pprof'\n");
	ck_assert_int_eq(diff("--format", "trace", x86, arm, NULL), 2);
	ck_assert_int_eq(diff("--alpha", "2", x86, arm, NULL), 2);
	ck_assert_int_eq(diff("--min-calls", "1", x86, arm, NULL), 2);
	ck_assert_int_eq(diff("--failed", "--successful", x86, arm, NULL), 2);
	ck_assert_int_eq(diff(",x", NULL), 2);
	ck_assert_int_eq(diff("--help", NULL), 0);
	has(out, "usage: scprof diff [OPTIONS] [BASE [NEW...]]\n");
	has(out, "3 if\na --fail-if rule tripped");
	/* no arguments: scprof.data.old against scprof.data */
	char cwd[4096];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(diff(NULL), 1);
	has(err, "scprof: cannot open 'scprof.data.old': No such file or directory; record one with "
		 "'scprof record -o scprof.data.old -- COMMAND'\n");
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

/* --stacks and its formats: recordings without stacks and the options
 * that do not go together are usage errors. */
START_TEST(test_stacks_errors)
{
	ck_assert_int_eq(diff("--stacks", x86, arm, NULL), 2);
	has(err, "' has no call stacks; record with -g fp (or -g dwarf)\n");
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(diff("--format", "folded", x86, arm, NULL), 2);
	has(err, "/x86.data' has no call stacks; record with -g fp");
	ck_assert_int_eq(diff("--format", "svg", x86, arm, NULL), 2);
	has(err, "has no call stacks");
	ck_assert_int_eq(diff("--stacks", "--format", "json", x86, arm, NULL), 2);
	has(err, "scprof: --stacks prints text, folded or svg; not json\n");
	ck_assert_int_eq(diff("--stacks", "--by", "process", x86, arm, NULL), 2);
	has(err, "drop --by process");
	ck_assert_int_eq(diff("--top", "3", x86, arm, NULL), 2);
	has(err, "scprof: --top and --weight go with --stacks or --format folded|svg\n");
	ck_assert_int_eq(diff("--stacks", "--weight", "bytes", x86, arm, NULL), 2);
	has(err, "unknown weight 'bytes'");
	ck_assert_int_eq(diff("--stacks", "--top", "x", x86, arm, NULL), 2);
	ck_assert_int_eq(diff("--format", "folded", x86, arm, arm, NULL), 2);
	has(err, "--format folded compares one NEW with BASE; give one");
	ck_assert_int_eq(diff("--help", NULL), 0);
	has(out, "      --stacks           compare call stacks");
}
END_TEST

static Suite *diff_cmd_suite(void)
{
	Suite *s = suite_create("diff_cmd");
	TCase *tc = tcase_create("cmd");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_by_name_across_arches);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_gate);
	tcase_add_test(tc, test_gate_noise);
	tcase_add_test(tc, test_bad_rules);
	tcase_add_test(tc, test_filters_and_groups);
	tcase_add_test(tc, test_normalise);
	tcase_add_test(tc, test_pooled_and_several);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_stacks_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(diff_cmd_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
