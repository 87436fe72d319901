/* Unit tests for decoding perf ring-buffer records into raw events. */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "profiler/decode.h"
#include "profiler/synth.h"

enum { ENTER_ID = 21, EXIT_ID = 22 };

static unsigned char buf[16384];
static size_t len;

static void put(const void *p, size_t n)
{
	memcpy(buf + len, p, n);
	len += n;
}

static void put32(uint32_t v) { put(&v, 4); }
static void put64(uint64_t v) { put(&v, 8); }

static void begin(uint32_t type, uint16_t misc)
{
	struct perf_event_header h = { .type = type, .misc = misc };
	len = 0;
	put(&h, sizeof(h));
}

static const struct perf_event_header *end_record(void)
{
	while (len % 8)
		buf[len++] = 0;
	((struct perf_event_header *)buf)->size = (uint16_t)len;
	return (const void *)buf;
}

/* A sample's start: header, {pid, tid}, time. */
static void sample_head(uint32_t pid, uint32_t tid, uint64_t time)
{
	begin(PERF_RECORD_SAMPLE, 0);
	put32(pid);
	put32(tid);
	put64(time);
}

/* The raw tracepoint data of sys_enter (nr, args) or sys_exit (nr, ret),
 * padded as the kernel pads PERF_SAMPLE_RAW. */
static void put_raw(uint16_t type, int32_t tid, int64_t nr, const uint64_t *args, int64_t ret)
{
	uint32_t size = type == ENTER_ID ? 64 : 24;
	put32(size + 4);
	put(&type, 2);
	buf[len++] = 0;
	buf[len++] = 0;
	put32((uint32_t)tid);
	put64((uint64_t)nr);
	if (type == ENTER_ID)
		put(args, 48);
	else
		put64((uint64_t)ret);
	put32(0); /* padding to 8 */
}

static struct merge *m;
static struct decoder d;
static uint64_t lost[4];

static void setup(void)
{
	m = merge_new(2);
	memset(&d, 0, sizeof(d));
	memset(lost, 0, sizeof(lost));
	d.merge = m;
	d.enter_id = ENTER_ID;
	d.exit_id = EXIT_ID;
	d.self = 999;
	d.lost = lost;
}

static void teardown(void)
{
	merge_free(m);
}

static struct raw_event got[64];
static struct scf_event got_rec[64]; /* copies of got[i].rec, freed by the flush */
static struct raw_counts got_counts[64]; /* copies of got[i].sc.counts, enabled and running */
static uint64_t got_v[64][2];            /* and its first two values */
static int ngot;

static int grab(void *ctx, const struct raw_event *ev)
{
	(void)ctx;
	ck_assert_int_lt(ngot, 64);
	got[ngot] = *ev;
	if (ev->kind != RAW_RECORD && ev->kind != RAW_BLOCKED && ev->sc.counts) {
		got_counts[ngot] = *ev->sc.counts;
		for (uint32_t i = 0; i < d.ncounters && i < 2; i++)
			got_v[ngot][i] = ev->sc.counts->v[i];
		got[ngot].sc.counts = &got_counts[ngot];
	}
	if (ev->kind == RAW_RECORD) {
		got_rec[ngot] = *ev->rec;
		got[ngot].rec = &got_rec[ngot];
		if (ev->rec->type == SCF_EV_MMAP)
			got_rec[ngot].mmap.filename = strdup(ev->rec->mmap.filename);
		if (ev->rec->type == SCF_EV_FD)
			got_rec[ngot].fd.name = strdup(ev->rec->fd.name);
	}
	ngot++;
	return 0;
}

/* The descriptor names grab copied (each test frees the MMAP names it
 * looks at). */
static void release_fd_names(void)
{
	for (int i = 0; i < ngot; i++)
		if (got[i].kind == RAW_RECORD && got_rec[i].type == SCF_EV_FD)
			free((char *)got_rec[i].fd.name);
	ngot = 0;
}

static void drain(void)
{
	release_fd_names();
	merge_flush(m, UINT64_MAX, grab, NULL);
}

START_TEST(test_enter_and_exit_samples)
{
	uint64_t args[6] = { 3, 0x7ffd0000, 4096, 0, 0, 0xffffffffffffffffull };
	sample_head(100, 101, 5000);
	put_raw(ENTER_ID, 101, 0, args, 0);
	decode_record(&d, 1, 1, end_record());
	sample_head(100, 101, 6000);
	put_raw(EXIT_ID, 101, 0, NULL, -2);
	decode_record(&d, 1, 1, end_record());
	drain();
	ck_assert_int_eq(ngot, 2);
	ck_assert_int_eq(got[0].kind, RAW_ENTER);
	ck_assert_uint_eq(got[0].time, 5000);
	ck_assert_int_eq(got[0].pid, 100);
	ck_assert_int_eq(got[0].tid, 101);
	ck_assert_uint_eq(got[0].cpu, 1);
	ck_assert_int_eq(got[0].sc.nr, 0);
	ck_assert_uint_eq(got[0].sc.args[1], 0x7ffd0000);
	ck_assert_uint_eq(got[0].sc.args[5], 0xffffffffffffffffull);
	ck_assert_int_eq(got[1].kind, RAW_EXIT);
	ck_assert_int_eq(got[1].sc.ret, -2);
	ck_assert_uint_eq(d.samples, 2);
}
END_TEST

/* PERF_SAMPLE_READ with PERF_FORMAT_GROUP|TOTAL_TIME_ENABLED|RUNNING:
 * {nr, enabled, running, values[nr]} */
static void put_read(uint64_t nr, uint64_t enabled, uint64_t running, const uint64_t *v)
{
	put64(nr);
	put64(enabled);
	put64(running);
	for (uint64_t i = 0; i < nr && i < 5; i++)
		put64(v[i]);
}

/* record --counters: every sample reads the group, the counters last; the
 * context-switch sampler's samples (empty raw data) become RAW_SWITCH; a
 * group read that does not fit drops the sample. */
START_TEST(test_group_read_samples)
{
	d.ncounters = 2;
	uint64_t args[6] = { 0 }, v[5] = { 7, 6, 3, 1000, 2 };
	sample_head(100, 101, 5000);
	put_read(5, 900, 800, v);
	put_raw(ENTER_ID, 101, 0, args, 0);
	decode_record(&d, 1, 1, end_record());
	v[3] = 1003;
	sample_head(100, 101, 5500);
	put_read(5, 950, 850, v);
	put32(4); /* raw: a u32 0 */
	put32(0);
	decode_record(&d, 1, 1, end_record());
	sample_head(100, 101, 5600);
	put_read(100, 950, 850, v); /* nr past the sample's end */
	put_raw(EXIT_ID, 101, 0, NULL, 0);
	decode_record(&d, 1, 1, end_record());
	v[4] = 3;
	sample_head(100, 101, 6000);
	put_read(5, 1000, 900, v);
	put_raw(EXIT_ID, 101, 0, NULL, 4096);
	decode_record(&d, 1, 1, end_record());
	drain();
	ck_assert_int_eq(ngot, 3);
	ck_assert_int_eq(got[0].kind, RAW_ENTER);
	ck_assert_uint_eq(got[0].sc.counts->enabled, 900);
	ck_assert_uint_eq(got[0].sc.counts->running, 800);
	ck_assert_uint_eq(got_v[0][0], 1000);
	ck_assert_uint_eq(got_v[0][1], 2);
	ck_assert_int_eq(got[1].kind, RAW_SWITCH);
	ck_assert_uint_eq(got_v[1][0], 1003);
	ck_assert_int_eq(got[2].kind, RAW_EXIT);
	ck_assert_int_eq(got[2].sc.ret, 4096);
	ck_assert_uint_eq(got_v[2][1], 3);
	ck_assert_uint_eq(d.samples, 2); /* the switch is not a syscall sample */
}
END_TEST

START_TEST(test_own_samples_and_garbage_dropped)
{
	uint64_t args[6] = { 0 };
	begin(PERF_RECORD_SAMPLE, 0);
	put32(999); /* the recorder itself */
	put32(999);
	put64(1);
	put_raw(ENTER_ID, 999, 1, args, 0);
	decode_record(&d, 0, 0, end_record());
	sample_head(5, 5, 2);
	put32(4000); /* raw size beyond the record */
	decode_record(&d, 0, 0, end_record());
	begin(PERF_RECORD_SAMPLE, 0);
	put32(5);
	decode_record(&d, 0, 0, end_record()); /* cut short */
	drain();
	ck_assert_int_eq(ngot, 0);
}
END_TEST

START_TEST(test_task_records)
{
	/* COMM with exec, then sample_id {pid, tid} {time}.  Pid 200 is the
	 * launched command, so no command line is looked up in /proc. */
	d.child = 200;
	begin(PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC);
	put32(200);
	put32(200);
	put("ls\0\0\0\0\0\0", 8);
	put32(200);
	put32(200);
	put64(7000);
	decode_record(&d, 0, 0, end_record());
	begin(PERF_RECORD_EXIT, 0);
	put32(200);
	put32(1);
	put32(201);
	put32(200);
	put64(8000);
	put32(200);
	put32(201);
	put64(8000);
	decode_record(&d, 0, 0, end_record());
	begin(PERF_RECORD_LOST, 0);
	put64(1234);
	put64(17);
	put32(0);
	put32(0);
	put64(9000);
	decode_record(&d, 0, 3, end_record());
	drain();
	ck_assert_int_eq(ngot, 3);
	ck_assert_int_eq(got[0].rec->type, SCF_EV_COMM);
	ck_assert_str_eq(got[0].rec->comm.comm, "ls");
	ck_assert(got[0].rec->comm.exec);
	ck_assert_uint_eq(got[0].time, 7000);
	ck_assert_int_eq(got[1].rec->type, SCF_EV_EXIT);
	ck_assert_int_eq(got[1].rec->task.tid, 201);
	ck_assert_int_eq(got[1].rec->task.ppid, 1);
	ck_assert_int_eq(got[2].rec->type, SCF_EV_LOST);
	ck_assert_uint_eq(got[2].rec->lost.count, 17);
	ck_assert_uint_eq(got[2].rec->lost.cpu, 3);
	ck_assert_uint_eq(lost[3], 17);
}
END_TEST

START_TEST(test_mmap2_with_build_id)
{
	begin(PERF_RECORD_MMAP2, PERF_RECORD_MISC_MMAP_BUILD_ID);
	put32(300);
	put32(300);
	put64(0x400000);
	put64(0x2000);
	put64(0x1000);
	unsigned char bid[24] = { 20, 0, 0, 0 };
	for (int i = 0; i < 20; i++)
		bid[4 + i] = (unsigned char)(0xa0 + i);
	put(bid, 24);
	put32(5);  /* PROT_READ|PROT_EXEC */
	put32(2);  /* MAP_PRIVATE */
	put("/usr/bin/true\0\0\0", 16);
	put32(300);
	put32(300);
	put64(100);
	decode_record(&d, 0, 0, end_record());
	drain();
	ck_assert_int_eq(ngot, 1);
	const struct scf_mmap *mm = &got[0].rec->mmap;
	ck_assert_uint_eq(mm->addr, 0x400000);
	ck_assert_uint_eq(mm->len, 0x2000);
	ck_assert_uint_eq(mm->pgoff, 0x1000);
	ck_assert_uint_eq(mm->build_id_size, 20);
	ck_assert_uint_eq(mm->build_id[19], 0xa0 + 19);
	ck_assert_uint_eq(mm->prot, 5);
	ck_assert_str_eq(mm->filename, "/usr/bin/true");
	free((char *)mm->filename);
}
END_TEST

/* Without a build-id the record gives the file's device and inode: noted
 * for the symbol store (mapids.h), by the path; with one, nothing is. */
START_TEST(test_mmap2_device_and_inode)
{
	d.ids = mapids_new();
	begin(PERF_RECORD_MMAP2, 0);
	put32(300);
	put32(300);
	put64(0x400000);
	put64(0x2000);
	put64(0x1000);
	put32(8);        /* maj */
	put32(3);        /* min */
	put64(123456);   /* ino */
	put64(7);        /* ino_generation */
	put32(5);
	put32(2);
	put("/opt/app/bin\0\0\0\0", 16);
	put32(300);
	put32(300);
	put64(100);
	decode_record(&d, 0, 0, end_record());
	drain();
	ck_assert_int_eq(ngot, 1);
	const struct scf_mmap *mm = &got[0].rec->mmap;
	ck_assert_uint_eq(mm->build_id_size, 0);
	ck_assert_str_eq(mm->filename, "/opt/app/bin");
	free((char *)mm->filename);
	struct stat sb = { .st_dev = makedev(8, 3), .st_ino = 123456 };
	ck_assert(mapids_match(d.ids, "/opt/app/bin", &sb));
	sb.st_dev = makedev(3, 8);
	ck_assert(!mapids_match(d.ids, "/opt/app/bin", &sb));
	sb.st_dev = makedev(8, 3);
	sb.st_ino = 7;
	ck_assert(!mapids_match(d.ids, "/opt/app/bin", &sb));
	ck_assert_uint_eq(mapids_count(d.ids), 1);
	mapids_free(d.ids);
	d.ids = NULL;
}
END_TEST

START_TEST(test_fp_callchain)
{
	d.stack_mode = STACK_FP;
	uint64_t args[6] = { 0 };
	sample_head(100, 100, 10);
	put64(4);
	put64((uint64_t)PERF_CONTEXT_USER);
	put64(0x401000);
	put64(0x401100);
	put64(0x401200);
	put_raw(ENTER_ID, 100, 39, args, 0);
	decode_record(&d, 0, 0, end_record());
	sample_head(100, 100, 11);
	put64(0); /* sys_exit's empty chain */
	put_raw(EXIT_ID, 100, 39, NULL, 100);
	decode_record(&d, 0, 0, end_record());
	ngot = 0;
	merge_flush(m, UINT64_MAX, grab, NULL);
	ck_assert_int_eq(ngot, 2);
	/* merge_flush hands the stack over: grab kept the pointer. */
	const struct raw_stack *st = got[0].sc.stack;
	ck_assert_ptr_nonnull(st);
	ck_assert_uint_eq(st->nips, 3);
	ck_assert_uint_eq(st->ips[0], 0x401000);
	ck_assert_uint_eq(st->ips[2], 0x401200);
	ck_assert_int_eq(got[1].kind, RAW_EXIT);
	ck_assert_int_eq(got[1].sc.ret, 100);
	free(got[0].sc.stack);
}
END_TEST

/* -g fp with its leaf repair: the chain before the raw data, ip, sp, bp
 * and the top of the stack after it; sys_exit has neither. */
START_TEST(test_fp_chain_regs_and_stack)
{
	d.stack_mode = STACK_FP;
	d.regs_mask = 0x1c0;
	d.nregs = 3;
	uint64_t args[6] = { 0 };
	sample_head(100, 100, 10);
	put64(3);
	put64((uint64_t)PERF_CONTEXT_USER);
	put64(0x401000);
	put64(0x401100);
	put_raw(ENTER_ID, 100, 39, args, 0);
	put64(2); /* abi 64 */
	put64(0x7ffe0010); /* bp */
	put64(0x7ffe0000); /* sp */
	put64(0x401000);   /* ip */
	put64(16);
	put("\x34\x12\x40\0\0\0\0\0XXXXXXXX", 16);
	put64(16);
	decode_record(&d, 0, 0, end_record());
	sample_head(100, 100, 11);
	put64(0);
	put_raw(EXIT_ID, 100, 39, NULL, 100);
	decode_record(&d, 0, 0, end_record());
	drain();
	ck_assert_int_eq(ngot, 2);
	const struct raw_stack *st = got[0].sc.stack;
	ck_assert_ptr_nonnull(st);
	ck_assert_uint_eq(st->nips, 2);
	ck_assert_uint_eq(st->ips[1], 0x401100);
	ck_assert_uint_eq(st->nregs, 3);
	ck_assert_uint_eq(st->regs_mask, 0x1c0);
	ck_assert_uint_eq(st->regs[1], 0x7ffe0000);
	ck_assert_uint_eq(st->stack_size, 16);
	ck_assert_uint_eq(st->stack[0], 0x34);
	ck_assert_int_eq(got[1].kind, RAW_EXIT);
	ck_assert_ptr_null(got[1].sc.stack);
	free(got[0].sc.stack);
}
END_TEST

START_TEST(test_dwarf_regs_and_stack)
{
	d.stack_mode = STACK_DWARF;
	d.regs_mask = 0x7;
	d.nregs = 3;
	uint64_t args[6] = { 0 };
	sample_head(100, 100, 10);
	put_raw(ENTER_ID, 100, 39, args, 0);
	put64(2); /* abi 64 */
	put64(11);
	put64(22);
	put64(33);
	put64(16); /* stack size */
	put("ABCDEFGHIJKLMNOP", 16);
	put64(12); /* dyn_size */
	decode_record(&d, 0, 0, end_record());
	drain();
	ck_assert_int_eq(ngot, 1);
	const struct raw_stack *st = got[0].sc.stack;
	ck_assert_ptr_nonnull(st);
	ck_assert_uint_eq(st->nregs, 3);
	ck_assert_uint_eq(st->regs[2], 33);
	ck_assert_uint_eq(st->regs_mask, 0x7);
	ck_assert_uint_eq(st->stack_size, 12);
	ck_assert_int_eq(memcmp(st->stack, "ABCDEFGHIJKL", 12), 0);
	free(got[0].sc.stack);
}
END_TEST

/* --stack-every, fp: the plain sys_enter's chain is empty and makes a
 * RAW_ENTER without a stack; the sampling event's makes a RAW_STACK. */
START_TEST(test_fp_sampled)
{
	d.stack_mode = STACK_FP;
	d.stack_every = 5;
	uint64_t args[6] = { 1, 2, 3, 4, 5, 6 };
	sample_head(100, 101, 10);
	put64(3);
	put64((uint64_t)PERF_CONTEXT_USER);
	put64(0x401000);
	put64(0x401100);
	put_raw(ENTER_ID, 101, 39, args, 0);
	decode_record(&d, 0, 0, end_record());
	sample_head(100, 101, 11);
	put64(0);
	put_raw(ENTER_ID, 101, 39, args, 0);
	decode_record(&d, 0, 0, end_record());
	drain();
	ck_assert_int_eq(ngot, 2);
	ck_assert_int_eq(got[0].kind, RAW_STACK);
	ck_assert_uint_eq(got[0].time, 10);
	ck_assert_int_eq(got[0].tid, 101);
	const struct raw_stack *st = got[0].sc.stack;
	ck_assert_ptr_nonnull(st);
	ck_assert_uint_eq(st->nips, 2);
	ck_assert_uint_eq(st->ips[1], 0x401100);
	ck_assert_int_eq(got[1].kind, RAW_ENTER);
	ck_assert_ptr_null(got[1].sc.stack);
	ck_assert_int_eq(got[1].sc.nr, 39);
	ck_assert_uint_eq(got[1].sc.args[5], 6);
	free(got[0].sc.stack);
}
END_TEST

/* --stack-every, dwarf: the sampling event's samples have registers and
 * stack after the raw data; the plain sys_enter's end with it. */
START_TEST(test_dwarf_sampled)
{
	d.stack_mode = STACK_DWARF;
	d.stack_every = 5;
	d.regs_mask = 0x3;
	d.nregs = 2;
	uint64_t args[6] = { 0 };
	sample_head(100, 100, 10);
	put_raw(ENTER_ID, 100, 0, args, 0);
	decode_record(&d, 0, 0, end_record());
	sample_head(100, 100, 11);
	put_raw(ENTER_ID, 100, 0, args, 0);
	put64(2); /* abi 64 */
	put64(7);
	put64(8);
	put64(8); /* stack size */
	put("ABCDEFGH", 8);
	put64(8); /* dyn_size */
	decode_record(&d, 0, 0, end_record());
	drain();
	ck_assert_int_eq(ngot, 2);
	ck_assert_int_eq(got[0].kind, RAW_ENTER);
	ck_assert_ptr_null(got[0].sc.stack);
	ck_assert_int_eq(got[1].kind, RAW_STACK);
	const struct raw_stack *st = got[1].sc.stack;
	ck_assert_ptr_nonnull(st);
	ck_assert_uint_eq(st->nregs, 2);
	ck_assert_uint_eq(st->regs[1], 8);
	ck_assert_uint_eq(st->stack_size, 8);
	free(got[1].sc.stack);
}
END_TEST

/* The FD record of descriptor fd among the drained events, or NULL. */
static const struct scf_fd *fd_record(int32_t pid, int fd)
{
	for (int i = 0; i < ngot; i++)
		if (got[i].kind == RAW_RECORD && got[i].rec->type == SCF_EV_FD &&
		    got[i].rec->fd.pid == pid && got[i].rec->fd.fd == fd)
			return &got[i].rec->fd;
	return NULL;
}

/* Descriptors from /proc: this process's own, a hostile name among them;
 * close-on-exec ones marked, or left out for a command about to exec; the
 * working directory; a cap; and a process that is gone gives nothing. */
START_TEST(test_synth_fds)
{
	char dir[] = "/tmp/scprof-fds.XXXXXX", path[PATH_MAX], cwd[PATH_MAX];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a\nb<c>", dir);
	int fd = open(path, O_CREAT | O_RDWR, 0600);
	int cl = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(cl, 0);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	pid_t self = getpid();

	int n = synth_fds(m, 0, self, 5000, SYNTH_FDS_ALL, INT_MAX);
	drain();
	ck_assert_int_ge(n, 2);
	ck_assert_int_eq(ngot, n + 1); /* and the working directory */
	const struct scf_fd *f = fd_record(self, fd);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, path);
	ck_assert_uint_eq(f->len, strlen(path));
	ck_assert_uint_eq(f->flags, 0);
	ck_assert_ptr_nonnull(f = fd_record(self, cl));
	ck_assert_uint_eq(f->flags, SCF_FD_CLOEXEC);
	ck_assert_ptr_nonnull(f = fd_record(self, SCF_FD_CWD));
	ck_assert_str_eq(f->name, cwd);
	ck_assert_uint_eq(got[0].time, 5000);

	/* what an exec keeps: not the close-on-exec one */
	synth_fds(m, 0, self, 5000, SYNTH_FDS_EXEC, INT_MAX);
	drain();
	ck_assert_ptr_nonnull(fd_record(self, fd));
	ck_assert_ptr_null(fd_record(self, cl));

	/* at most max descriptors (and the working directory) */
	ck_assert_int_eq(synth_fds(m, 0, self, 5000, SYNTH_FDS_ALL, 1), 1);
	drain();
	ck_assert_int_eq(ngot, 2);

	/* a process that is gone: nothing, and no error */
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (!child)
		_exit(0);
	ck_assert_int_eq(waitpid(child, NULL, 0), child);
	ck_assert_int_eq(synth_fds(m, 0, child, 5000, SYNTH_FDS_ALL, INT_MAX), 0);
	drain();
	ck_assert_int_eq(ngot, 0);

	close(fd);
	close(cl);
	unlink(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_enter_and_exit_samples);
	tcase_add_test(tc, test_group_read_samples);
	tcase_add_test(tc, test_fp_sampled);
	tcase_add_test(tc, test_dwarf_sampled);
	tcase_add_test(tc, test_own_samples_and_garbage_dropped);
	tcase_add_test(tc, test_task_records);
	tcase_add_test(tc, test_synth_fds);
	tcase_add_test(tc, test_mmap2_with_build_id);
	tcase_add_test(tc, test_mmap2_device_and_inode);
	tcase_add_test(tc, test_fp_callchain);
	tcase_add_test(tc, test_fp_chain_regs_and_stack);
	tcase_add_test(tc, test_dwarf_regs_and_stack);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
