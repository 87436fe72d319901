/*
 * check_scf_dump.c - `scprof dump` (cli/dump.c, output/dump.c), libscf's printer: its
 * exact lines for the golden recordings of tests/data/ and for calls with
 * stacks written here.  Run from the repository root, or with
 * SCF_TEST_DATA set to the data directory.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/scf.h"
#include "cli/commands.h"
#include "tests/unit/capture.h"

static char tmpdir[64];

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_scf_dump.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *data_path(const char *name)
{
	static char buf[1024];
	const char *d = getenv("SCF_TEST_DATA");
	snprintf(buf, sizeof(buf), "%.900s/%s", d ? d : "tests/data", name);
	return buf;
}

struct output {
	int rc;
	char *out, *err;  /* all of stdout and stderr */
};

/* Run `scprof dump ARG...` (up to a NULL) and capture what it prints. */
static struct output run_dump_args(const char *arg, ...)
{
	struct output o = { 0 };
	va_list ap;
	va_start(ap, arg);
	o.rc = capture_run(cmd_dump, "dump", &o.out, &o.err, arg, ap);
	va_end(ap);
	return o;
}

/* Run `scprof dump -i path [extra]` and capture what it prints. */
static struct output run_dump(const char *path, const char *extra)
{
	return run_dump_args("-i", path, extra, NULL);
}

/* Assert that text has line as one of its lines. */
#define ck_assert_line(text, line)                                                       \
	do {                                                                             \
		const char *l_ = (line);                                                 \
		const char *p_ = (text);                                                 \
		size_t n_ = strlen(l_);                                                  \
		bool found_ = false;                                                     \
		while (p_ && *p_ && !found_) {                                           \
			found_ = !strncmp(p_, l_, n_) && (p_[n_] == '\n' || !p_[n_]);    \
			p_ = strchr(p_, '\n');                                           \
			p_ = p_ ? p_ + 1 : NULL;                                          \
		}                                                                        \
		ck_assert_msg(found_, "no line '%s' in:\n%s", l_, (text));               \
	} while (0)

static int count_prefix(const char *text, const char *prefix)
{
	int n = 0;
	size_t k = strlen(prefix);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += !strncmp(p, prefix, k);
	return n;
}

START_TEST(test_dump_complete)
{
	struct output o = run_dump(data_path("complete.scf"), NULL);
	ck_assert_int_eq(o.rc, 0);
	ck_assert_str_eq(o.err, "");
	ck_assert_line(o.out, "header: version 1 min_version 1 header_size 32 incompat 0x0");
	ck_assert_line(o.out, "chunk 0 META at offset 32: csize 2859 rsize 4692 fields 13");
	ck_assert_line(o.out, "  argv           'ls' 'build/golden-empty'");
	/* arguments and return values the strace way */
	ck_assert_line(o.out, "  3025.586925491 CALL pid 3497 tid 3497 cpu 1 nr 21 access(0x7f29275662a0, "
			      "R_OK) = -1 ENOENT (No such file or directory) dur 10200");
	ck_assert_line(o.out, "  3025.586889573 CALL pid 3497 tid 3497 cpu 1 nr 9 mmap(NULL, 8192, "
			      "PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
			      "0x7f2927532000 dur 7545");
	ck_assert_line(o.out, "  3025.591845548 CALL pid 3497 tid 3497 cpu 1 nr 231 exit_group(0) = ? "
			      "dur 16881 flags NO_RETURN");
	/* the symbol table, in its place between the events and the trailer */
	ck_assert_line(o.out, "chunk 4 SYMBOLS at offset 5894: csize 154 rsize 174 fields 6");
	ck_assert_line(o.out, "symbols: '/usr/bin/ls' build_id 15dfff3239aa7c3b16a71e6b2e3b6e4009dab998 "
			      "e_type 3 (DYN) load_vaddr 0x4000 load_offset 0x4000 6 symbols");
	ck_assert_ptr_nonnull(strstr(o.out, "nr 231 exit_group(0)"));
	ck_assert(strstr(o.out, "chunk 4 SYMBOLS") < strstr(o.out, "chunk 5 TRAILER"));
	ck_assert(strstr(o.out, "exit_group(0)") < strstr(o.out, "chunk 4 SYMBOLS"));
	ck_assert_int_eq(count_prefix(o.out, "  3025."), 152);
	ck_assert_int_eq(count_prefix(o.out, "  0x"), 0); /* symbols only with -s */
	ck_assert_line(o.out, "end: 152 events, complete");
	free(o.out);
	free(o.err);

	o = run_dump(data_path("complete.scf"), "-s");
	ck_assert_int_eq(o.rc, 0);
	ck_assert_int_eq(count_prefix(o.out, "  0x"), 6);
	ck_assert_line(o.out, "  0x148f0 size 0x12d '_obstack_newchunk'");
	free(o.out);
	free(o.err);
}
END_TEST

START_TEST(test_dump_damaged)
{
	struct output o = run_dump(data_path("trunc-at-chunk.scf"), NULL);
	ck_assert_int_eq(o.rc, 0);
	ck_assert_line(o.out, "end: 120 events, truncated at offset 5320 (no trailer: the recorder "
			      "was stopped before it finished)");
	free(o.out);
	free(o.err);

	o = run_dump(data_path("flip-events.scf"), NULL);
	ck_assert_int_eq(o.rc, 1);
	ck_assert_int_eq(count_prefix(o.out, "  3025."), 60);
	char want[2048];
	snprintf(want, sizeof(want),
		 "scprof: cannot read '%s': corrupt recording (chunk at offset 4346)\n",
		 data_path("flip-events.scf"));
	ck_assert_str_eq(o.err, want);
	free(o.out);
	free(o.err);

	o = run_dump(data_path("perf.data"), NULL);
	ck_assert_int_eq(o.rc, 1);
	ck_assert_str_eq(o.out, "");
	snprintf(want, sizeof(want), "scprof: cannot read '%s': not a scprof recording\n",
		 data_path("perf.data"));
	ck_assert_str_eq(o.err, want);
	free(o.out);
	free(o.err);
}
END_TEST

/* Calls with a callchain and DWARF data; a recording without args. */
START_TEST(test_dump_stacks)
{
	char path[96];
	snprintf(path, sizeof(path), "%s/stacks.scf", tmpdir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	static const struct scf_syscall_name names[] = { { 0, "read" }, { 39, "getpid" } };
	struct scf_meta m = { .nsyscalls = 2, .syscalls = names };
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	static const uint64_t ips[] = { 0x7f0012345678, 0x401136 };
	static const uint64_t regs[20];
	static const uint8_t stack[4096];
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 2000000001 };
	ev.call = (struct scf_call){ .start = 2000000000, .duration = 1, .pid = 7, .tid = 8,
				     .nr = 39, .ret = 7, .nips = 2, .ips = ips,
				     .regs_mask = 0xff0fff, .nregs = 20, .regs = regs,
				     .stack_size = sizeof(stack), .stack = stack };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.call.nr = 0;
	ev.call.ret = -11;
	ev.call.args[0] = 5;
	ev.call.args[2] = 100;
	ev.call.nips = 0;
	ev.call.stack_size = 0;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.call.nr = 4095; /* a number without a name */
	ev.call.nregs = 0;
	ev.call.regs_mask = 0;
	ev.call.ret = 0;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	scf_writer_free(w);
	close(fd);

	struct output o = run_dump(path, NULL);
	ck_assert_int_eq(o.rc, 0);
	ck_assert_line(o.out, "  2.000000001 CALL pid 7 tid 8 cpu 0 nr 39 getpid() = 7 dur 1 callchain "
			      "0x7f0012345678 0x401136 ustack regs 20 (mask 0xff0fff) stack 4096 bytes");
	ck_assert_line(o.out, "  2.000000001 CALL pid 7 tid 8 cpu 0 nr 0 read(5, NULL, 100) = -1 EAGAIN "
			      "(Resource temporarily unavailable) dur 1 ustack regs 20 (mask "
			      "0xff0fff) stack 0 bytes");
	ck_assert_line(o.out, "  2.000000001 CALL pid 7 tid 8 cpu 0 nr 4095 ?(0x5, 0, 0x64, 0, 0, 0) = 0 "
			      "dur 1");
	ck_assert_line(o.out, "end: 3 events, truncated at offset 264 (no trailer: the recorder was "
			      "stopped before it finished)");
	free(o.out);
	free(o.err);

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	m.features = SCF_FEAT_NO_ARGS;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	ev.call.nr = 0;
	ev.call.ret = 100;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	struct scf_trailer t = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
	o = run_dump(path, NULL);
	ck_assert_int_eq(o.rc, 0);
	ck_assert_line(o.out, "  features       0x2 no-args");
	ck_assert_line(o.out, "  2.000000001 CALL pid 7 tid 8 cpu 0 nr 0 read(...) = 100 dur 1");
	ck_assert_line(o.out, "end: 1 events, complete");
	free(o.out);
	free(o.err);
}
END_TEST

/* Captures: a path, a socket address in hex, data cut at -s, a fault;
 * the recorder kind in the metadata. */
START_TEST(test_dump_captures)
{
	char path[96];
	snprintf(path, sizeof(path), "%s/caps.scf", tmpdir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	static const struct scf_syscall_name names[] = { { 0, "read" }, { 42, "connect" },
							 { 257, "openat" } };
	struct scf_meta m = { .nsyscalls = 3, .syscalls = names, .features = SCF_FEAT_CAPTURES,
			      .recorder_kind = SCF_RECORDER_BPF };
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_capture caps[2] = {
		{ .arg = 1, .kind = SCF_CAP_PATH, .flags = SCF_CAP_AT_EXIT, .len = 9,
		  .data = (const uint8_t *)"/tmp/it's" },
	};
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 2000000001 };
	ev.call = (struct scf_call){ .start = 2000000000, .duration = 1, .pid = 7, .tid = 8,
				     .nr = 257, .ret = -2, .args = { -100, 0x1000 },
				     .ncaptures = 1, .captures = caps };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	static const uint8_t sin[] = { 2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
	caps[0] = (struct scf_capture){ .arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(sin),
					.data = sin };
	ev.call.nr = 42;
	ev.call.ret = -111;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	caps[0] = (struct scf_capture){ .arg = 1, .kind = SCF_CAP_DATA, .flags = SCF_CAP_TRUNCATED |
			SCF_CAP_AT_EXIT, .len = 4, .data = (const uint8_t *)"hi\n\x01" };
	ev.call.nr = 0;
	ev.call.ret = 6;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	caps[0] = (struct scf_capture){ .arg = 1, .kind = SCF_CAP_PATH, .flags = SCF_CAP_FAULT };
	ev.call.nr = 257;
	ev.call.ret = -14;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	struct scf_trailer t = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);

	struct output o = run_dump(path, NULL);
	ck_assert_int_eq(o.rc, 0);
	ck_assert_line(o.out, "header: version 2 min_version 1 header_size 32 incompat 0x1");
	ck_assert_line(o.out, "  features       0x4 captures");
	ck_assert_line(o.out, "  recorder_kind  2 (bpf)");
	ck_assert_msg(strstr(o.out, " capture 1 path '/tmp/it\\'s' at-exit\n"), "%s", o.out);
	ck_assert_msg(strstr(o.out, " capture 1 sockaddr 02000050" "7f000001" "0000000000000000\n"),
		      "%s", o.out);
	ck_assert_msg(strstr(o.out, " capture 1 data 'hi\\x0a\\x01' truncated at-exit\n"), "%s",
		      o.out);
	ck_assert_msg(strstr(o.out, " capture 1 path fault\n"), "%s", o.out);
	ck_assert_line(o.out, "end: 4 events, complete");
	free(o.out);
	free(o.err);

	/* a file from before: no recorder_kind, read as the tracepoint one */
	o = run_dump(data_path("complete.scf"), NULL);
	ck_assert_line(o.out, "  recorder_kind  1 (tracepoint)");
	free(o.out);
	free(o.err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scf_dump");
	TCase *tc = tcase_create("dump");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dump_complete);
	tcase_add_test(tc, test_dump_damaged);
	tcase_add_test(tc, test_dump_stacks);
	tcase_add_test(tc, test_dump_captures);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
