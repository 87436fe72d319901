/*
 * scfgen - write a recording with libscf alone from chosen events, so that
 * every number a report shows of it can be worked out by hand.  The e2e
 * tests t_known_*.sh check scprof's views of these files against literals
 * derived in the tests from the lists below.
 *
 * Usage: scfgen latency|latency2 FILE
 *
 * Both files: one process "app" (pid 100) launched as `app --serve`, a
 * thread 101 and a child process 102, 2 CPUs, recording clock from 1 s.
 * Every call's stack is in the stored symbol table of /opt/fixture/app
 * (ET_EXEC, loaded at 0x400000, build-id 01 02 .. 14):
 *   main 0x401000, serve 0x401100, poll_once 0x401200, read_config
 *   0x401300, each 0x100 bytes.
 *
 * Events in order, each call 1000 ns after the previous one ended:
 *   COMM 100/100 "app" exec; CMDLINE 100 "app\0--serve\0";
 *   MMAP 100/100 addr 0x400000 len 0x10000 pgoff 0x0 prot 5 flags 0x2;
 *   FORK pid 100 ppid 1 tid 101 ptid 100 (the thread);
 *   1000 getppid from 100/100 on cpu 0, stack main;serve;poll_once, all
 *     returning 1, durations (latency; latency2 has each one doubled):
 *       1 x 100, 499 x 3000, 400 x 12000, 90 x 48000, 9 x 192000,
 *       1 x 1000000 ns
 *   10 read from 100/101 on cpu 1, stack main;read_config, durations
 *     1000, 2000 .. 10000 ns; the 3rd, 6th and 9th return -EINTR, the
 *     others 64;
 *   LOST cpu 1 count 7;
 *   FORK pid 102 ppid 100 tid 102 ptid 100; COMM 102/102 "child" (not
 *     exec); 2 openat from 102/102 on cpu 0, no stack, 500 and 700 ns,
 *     both -ENOENT; EXIT pid 102 ppid 100 tid 102 ptid 100;
 *   EXIT pid 100 ppid 1 tid 101 ptid 100 (the thread).
 * Then the SYMBOLS chunk and the trailer: end_time 1 ms after the last
 * event, samples 2 per call, calls 1012, lost 7 (cpu 0: 0, cpu 1: 7).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/scf.h"

static struct scf_writer *w;
static uint64_t now = 1000000000ull;

static void die(const char *what, int err)
{
	fprintf(stderr, "scfgen: %s: %s\n", what, scf_strerror(err));
	exit(1);
}

static void add(struct scf_event *ev)
{
	int rc = scf_writer_add(w, ev);
	if (rc)
		die("add", rc);
}

static void call(int32_t pid, int32_t tid, uint32_t cpu, int32_t nr, int64_t ret, uint64_t dur,
		 const uint64_t *ips, uint32_t nips)
{
	struct scf_event e = {.type = SCF_EV_CALL};
	now += 1000;
	e.call.start = now;
	e.call.duration = dur;
	now += dur;
	e.time = now;
	e.call.pid = pid;
	e.call.tid = tid;
	e.call.cpu = cpu;
	e.call.nr = nr;
	e.call.ret = ret;
	e.call.nips = nips;
	e.call.ips = ips;
	add(&e);
}

static void other(struct scf_event *e)
{
	now += 100;
	e->time = now;
	add(e);
}

static void task(enum scf_event_type type, int32_t pid, int32_t ppid, int32_t tid, int32_t ptid)
{
	struct scf_event e = {.type = type};
	e.task.pid = pid;
	e.task.ppid = ppid;
	e.task.tid = tid;
	e.task.ptid = ptid;
	other(&e);
}

static void comm(int32_t pid, int32_t tid, const char *name, bool exec)
{
	struct scf_event e = {.type = SCF_EV_COMM};
	e.comm.pid = pid;
	e.comm.tid = tid;
	e.comm.exec = exec;
	snprintf(e.comm.comm, sizeof(e.comm.comm), "%s", name);
	other(&e);
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "latency") && strcmp(argv[1], "latency2"))) {
		fprintf(stderr, "usage: scfgen latency|latency2 FILE\n");
		return 2;
	}
	uint64_t scale = strcmp(argv[1], "latency2") ? 1 : 2;
	int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(argv[2], -errno);

	static const char *const cmd[] = {"app", "--serve"};
	static const struct scf_syscall_name table[] = {
		{0, "read"}, {39, "getpid"}, {110, "getppid"}, {257, "openat"}};
	struct scf_meta m = {0};
	m.recorder = "scfgen";
	m.hostname = "fixture";
	m.kernel_release = "6.0.0-fixture";
	m.arch = "x86_64";
	m.ncpus = 2;
	m.clockid = 1;
	m.start_time = now;
	m.start_realtime = 1700000000000000000ull; /* 2023-11-14 22:13:20 UTC */
	m.target = SCF_TARGET_COMMAND;
	m.argc = 2;
	m.argv = cmd;
	m.options = "-g fp";
	m.nsyscalls = sizeof(table) / sizeof(table[0]);
	m.syscalls = table;
	m.features = SCF_FEAT_CALLCHAIN;
	m.recorder_kind = SCF_RECORDER_TRACEPOINT;
	m.stack_every = 1;
	int rc = scf_writer_new(fd, &m, &w);
	if (rc)
		die("scf_writer_new", rc);

	struct scf_event e;
	comm(100, 100, "app", true);
	e = (struct scf_event){.type = SCF_EV_CMDLINE};
	e.cmdline.pid = 100;
	e.cmdline.argv = "app\0--serve";
	e.cmdline.len = 12;
	other(&e);
	uint8_t build_id[SCF_BUILD_ID_MAX];
	for (int i = 0; i < SCF_BUILD_ID_MAX; i++)
		build_id[i] = (uint8_t)(i + 1);
	e = (struct scf_event){.type = SCF_EV_MMAP};
	e.mmap.pid = 100;
	e.mmap.tid = 100;
	e.mmap.addr = 0x400000;
	e.mmap.len = 0x10000;
	e.mmap.pgoff = 0;
	e.mmap.prot = 5;
	e.mmap.flags = 2;
	e.mmap.build_id_size = SCF_BUILD_ID_MAX;
	memcpy(e.mmap.build_id, build_id, SCF_BUILD_ID_MAX);
	e.mmap.filename = "/opt/fixture/app";
	other(&e);
	task(SCF_EV_FORK, 100, 1, 101, 100);

	static const uint64_t poll_stack[] = {0x401210, 0x401110, 0x401010};
	static const struct {
		unsigned n;
		uint64_t ns;
	} getppid_lat[] = {{1, 100}, {499, 3000}, {400, 12000}, {90, 48000}, {9, 192000}, {1, 1000000}};
	for (size_t k = 0; k < sizeof(getppid_lat) / sizeof(getppid_lat[0]); k++)
		for (unsigned i = 0; i < getppid_lat[k].n; i++)
			call(100, 100, 0, 110, 1, getppid_lat[k].ns * scale, poll_stack, 3);

	static const uint64_t config_stack[] = {0x401310, 0x401020};
	for (int i = 1; i <= 10; i++)
		call(100, 101, 1, 0, i % 3 ? 64 : -EINTR, 1000 * (uint64_t)i, config_stack, 2);

	e = (struct scf_event){.type = SCF_EV_LOST};
	e.lost.cpu = 1;
	e.lost.count = 7;
	other(&e);

	task(SCF_EV_FORK, 102, 100, 102, 100);
	comm(102, 102, "child", false);
	call(102, 102, 0, 257, -ENOENT, 500, NULL, 0);
	call(102, 102, 0, 257, -ENOENT, 700, NULL, 0);
	task(SCF_EV_EXIT, 102, 100, 102, 100);
	task(SCF_EV_EXIT, 100, 1, 101, 100);

	static const struct scf_symbol syms[] = {{0x401000, 0x100, "main"},
						 {0x401100, 0x100, "serve"},
						 {0x401200, 0x100, "poll_once"},
						 {0x401300, 0x100, "read_config"}};
	struct scf_symtab st = {0};
	st.build_id_size = SCF_BUILD_ID_MAX;
	memcpy(st.build_id, build_id, SCF_BUILD_ID_MAX);
	st.path = "/opt/fixture/app";
	st.e_type = 2;
	st.load_vaddr = 0x400000;
	st.load_offset = 0;
	st.nsyms = sizeof(syms) / sizeof(syms[0]);
	st.syms = syms;
	rc = scf_writer_add_symtab(w, &st);
	if (rc)
		die("scf_writer_add_symtab", rc);

	static const uint64_t lost_per_cpu[] = {0, 7};
	struct scf_trailer t = {.end_time = now + 1000000,
				.samples = 2 * 1012,
				.calls = 1012,
				.lost = 7,
				.ncpus = 2,
				.lost_per_cpu = lost_per_cpu};
	rc = scf_writer_finish(w, &t);
	if (rc)
		die("scf_writer_finish", rc);
	scf_writer_free(w);
	if (close(fd))
		die(argv[2], -errno);
	return 0;
}
