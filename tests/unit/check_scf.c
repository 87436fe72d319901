/*
 * check_scf.c - unit tests of libscf (formats/): the recording writer and
 * reader, against formats/FORMAT.md.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"

/* ---- fixture: a temp dir per test ---- */

static char tmpdir[64];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_scf.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *tmp_path(const char *name)
{
	static char buf[4][128];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

/* ---- helpers ---- */

/* ck_assert costs a write to Check's log each time: in loops over
 * thousands of events, check quietly and only report a failure. */
#define EXPECT(cond)                                                             \
	do {                                                                     \
		if (!(cond))                                                     \
			ck_abort_msg("%s:%d: expected %s", __FILE__, __LINE__, #cond); \
	} while (0)

static uint8_t *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	uint8_t *p = malloc(st.st_size + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(read(fd, p, st.st_size), st.st_size);
	close(fd);
	*len = st.st_size;
	return p;
}

static void spit(const char *path, const void *p, size_t len)
{
	/* a new file: ext4 flushes a file truncated and rewritten, slowly */
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, p, len), (ssize_t)len);
	close(fd);
}

static const char *const test_argv[] = { "dd", "if=/dev/zero", "", "bs=1" };
static const int32_t test_pids[] = { 1, -5, 2147483647 };
static const struct scf_syscall_name test_syscalls[] = {
	{ 0, "read" }, { 1, "write" }, { 39, "getpid" }, { 435, "clone3" }, { -1, "" },
};
static const uint64_t test_lost[] = { 0, 7, UINT64_MAX };

/* What test_meta() adds, for the tests of captures (each test runs in a
 * process of its own). */
static uint64_t meta_extra_features;
static uint32_t meta_recorder_kind;
/* gen_event gives calls captures */
static bool gen_captures;

static struct scf_meta test_meta(void)
{
	return (struct scf_meta){
		.recorder = "scprof test",
		.hostname = "host\xc3\xa9",
		.kernel_release = "6.18.0",
		.arch = "x86_64",
		.ncpus = 2,
		.clockid = 1,
		.start_time = 123456789,
		.start_realtime = 1700000000123456789ull,
		.target = SCF_TARGET_COMMAND,
		.argc = 4,
		.argv = test_argv,
		.npids = 3,
		.pids = test_pids,
		.options = "-e trace=read",
		.filter = "read,write",
		.nsyscalls = 5,
		.syscalls = test_syscalls,
		.features = SCF_FEAT_CALLCHAIN | (1ull << 40) | meta_extra_features,
		.stack_every = 9,
		.recorder_kind = meta_recorder_kind,
	};
}

static struct scf_trailer test_trailer(void)
{
	return (struct scf_trailer){
		.end_time = UINT64_MAX - 1,
		.samples = 1000,
		.calls = 499,
		.lost = 7,
		.ncpus = 3,
		.lost_per_cpu = test_lost,
	};
}

/* Events with their own storage for stacks and strings. */
struct test_event {
	struct scf_event ev;
	uint64_t ips[8];
	char str[48];
	uint64_t regs[24];
	uint8_t stack[40];
	struct scf_capture caps[SCF_MAX_ARGS];
	uint8_t capdata[SCF_MAX_ARGS][24];
};

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A random event of any type at time *t (which it advances). */
static void gen_event(struct test_event *te, uint64_t *t)
{
	struct scf_event *ev = &te->ev;
	memset(te, 0, sizeof(*te));
	*t += rng() % 3 ? rng() % 5000 : 0;
	ev->time = *t;
	unsigned k = rng() % 16;
	if (k < 10) {
		struct scf_call *c = &ev->call;
		ev->type = SCF_EV_CALL;
		c->duration = rng() % 4 ? rng() % 3000 : 0;
		if (c->duration > ev->time)
			c->duration = ev->time;
		c->start = ev->time - c->duration;
		c->pid = 100 + rng() % 3;
		c->tid = c->pid + rng() % 2;
		c->cpu = rng() % 4;
		c->flags = rng() % 4 ? 0 : rng() % 16;
		c->nr = rng() % 8 ? (int32_t)(rng() % 6) : (int32_t)(rng() % 3000) - 1000;
		for (int i = 0; i < 6; i++)
			c->args[i] = rng() % 3 ? (uint64_t)(c->nr * 10 + i) : rng();
		c->ret = rng() % 4 ? (int64_t)(rng() % 100) : -(int64_t)(rng() % 4096);
		if (rng() % 4 == 0) {
			c->nips = 1 + rng() % 8;
			for (uint32_t i = 0; i < c->nips; i++)
				te->ips[i] = rng() % 2 ? 0x400000 + rng() % 65536 : rng();
			c->ips = te->ips;
		}
		if (rng() % 5 == 0) {
			/* a subset of perf's x86-64 user registers, or none */
			c->regs_mask = rng() % 4 ? 0xff0fff & rng() : 0;
			c->nregs = (uint32_t)__builtin_popcountll(c->regs_mask);
			for (uint32_t i = 0; i < c->nregs; i++)
				te->regs[i] = rng() % 2 ? 0x7ffc12340000 + rng() % 4096 : rng();
			c->regs = te->regs;
			c->stack_size = rng() % 3 ? rng() % sizeof(te->stack) : 0;
			for (uint32_t i = 0; i < c->stack_size; i++)
				te->stack[i] = rng() % 2 ? 0 : rng();
			c->stack = te->stack;
		}
		if (gen_captures && rng() % 3) {
			/* a random subset of the arguments, in order */
			for (uint8_t arg = 0; arg < SCF_MAX_ARGS; arg++) {
				if (rng() % 3)
					continue;
				struct scf_capture *cap = &te->caps[c->ncaptures++];
				cap->arg = arg;
				cap->kind = 1 + rng() % 3;
				cap->flags = rng() % 8 & ~SCF_CAP_FAULT;
				if (rng() % 5 == 0)
					cap->flags = SCF_CAP_FAULT | (rng() % 2 ? SCF_CAP_AT_EXIT : 0);
				else
					cap->len = rng() % sizeof(te->capdata[0]);
				for (uint32_t i = 0; i < cap->len; i++)
					te->capdata[arg][i] = rng() % 2 ? '/' + rng() % 64 : rng();
				cap->data = cap->len ? te->capdata[arg] : NULL;
			}
			c->captures = c->ncaptures ? te->caps : NULL;
		}
	} else if (k == 10) {
		ev->type = SCF_EV_COMM;
		ev->comm.pid = rng() % 1000;
		ev->comm.tid = rng() % 1000;
		ev->comm.exec = rng() % 2;
		snprintf(ev->comm.comm, sizeof(ev->comm.comm), "comm%llu",
			 (unsigned long long)rng());
	} else if (k == 11 || k == 12) {
		ev->type = k == 11 ? SCF_EV_FORK : SCF_EV_EXIT;
		ev->task.pid = rng();
		ev->task.ppid = rng();
		ev->task.tid = rng();
		ev->task.ptid = rng();
	} else if (k == 13) {
		ev->type = SCF_EV_MMAP;
		ev->mmap.pid = rng() % 1000;
		ev->mmap.tid = rng() % 1000;
		ev->mmap.addr = rng();
		ev->mmap.len = rng() % 100000;
		ev->mmap.pgoff = rng() % 10;
		ev->mmap.prot = rng() % 8;
		ev->mmap.flags = rng();
		ev->mmap.build_id_size = rng() % 21;
		for (int i = 0; i < ev->mmap.build_id_size; i++)
			ev->mmap.build_id[i] = rng();
		snprintf(te->str, sizeof(te->str), "/usr/lib/lib%llu.so",
			 (unsigned long long)(rng() % 1000));
		ev->mmap.filename = te->str;
	} else if (k == 14) {
		ev->type = SCF_EV_LOST;
		ev->lost.cpu = rng() % 4;
		ev->lost.count = rng();
	} else {
		ev->type = SCF_EV_CMDLINE;
		ev->cmdline.pid = rng() % 1000;
		int n = snprintf(te->str, sizeof(te->str), "prog%c-x%c%llu", 0, 0,
				 (unsigned long long)(rng() % 1000));
		ev->cmdline.len = n + 1;
		ev->cmdline.argv = te->str;
	}
}

/* Assert that got is the event want as the reader must return it. */
static void assert_event(const struct scf_event *want, const struct scf_event *got)
{
	EXPECT(got->type == want->type);
	EXPECT(got->time == want->time);
	switch (want->type) {
	case SCF_EV_CALL: {
		const struct scf_call *w = &want->call, *g = &got->call;
		EXPECT(g->start == w->start);
		EXPECT(g->duration == w->duration);
		EXPECT(g->pid == w->pid);
		EXPECT(g->tid == w->tid);
		EXPECT(g->cpu == w->cpu);
		EXPECT(g->flags == w->flags);
		EXPECT(g->nr == w->nr);
		EXPECT(g->ret == w->ret);
		for (int i = 0; i < SCF_MAX_ARGS; i++)
			EXPECT(g->args[i] == w->args[i]);
		EXPECT(g->nips == w->nips);
		for (uint32_t i = 0; i < w->nips; i++)
			EXPECT(g->ips[i] == w->ips[i]);
		EXPECT(g->regs_mask == w->regs_mask);
		EXPECT(g->nregs == w->nregs);
		EXPECT(!g->nregs == !g->regs);
		for (uint32_t i = 0; i < w->nregs; i++)
			EXPECT(g->regs[i] == w->regs[i]);
		EXPECT(g->stack_size == w->stack_size);
		EXPECT(!g->stack_size == !g->stack);
		if (w->stack_size)
			EXPECT(!memcmp(g->stack, w->stack, w->stack_size));
		EXPECT(g->ncaptures == w->ncaptures);
		EXPECT(!g->ncaptures == !g->captures);
		for (uint32_t i = 0; i < w->ncaptures && i < g->ncaptures; i++) {
			const struct scf_capture *wc = &w->captures[i], *gc = &g->captures[i];
			EXPECT(gc->arg == wc->arg);
			EXPECT(gc->kind == wc->kind);
			EXPECT(gc->flags == wc->flags);
			EXPECT(gc->len == wc->len);
			EXPECT(!gc->len == !gc->data);
			if (wc->len)
				EXPECT(!memcmp(gc->data, wc->data, wc->len));
		}
		break;
	}
	case SCF_EV_COMM: {
		char want_comm[SCF_COMM_LEN];
		snprintf(want_comm, sizeof(want_comm), "%.*s", SCF_COMM_LEN - 1, want->comm.comm);
		EXPECT(got->comm.pid == want->comm.pid);
		EXPECT(got->comm.tid == want->comm.tid);
		EXPECT(got->comm.exec == want->comm.exec);
		EXPECT(!strcmp(got->comm.comm, want_comm));
		break;
	}
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
		EXPECT(got->task.pid == want->task.pid);
		EXPECT(got->task.ppid == want->task.ppid);
		EXPECT(got->task.tid == want->task.tid);
		EXPECT(got->task.ptid == want->task.ptid);
		break;
	case SCF_EV_MMAP: {
		const struct scf_mmap *w = &want->mmap, *g = &got->mmap;
		EXPECT(g->pid == w->pid);
		EXPECT(g->tid == w->tid);
		EXPECT(g->addr == w->addr);
		EXPECT(g->len == w->len);
		EXPECT(g->pgoff == w->pgoff);
		EXPECT(g->prot == w->prot);
		EXPECT(g->flags == w->flags);
		EXPECT(g->build_id_size == w->build_id_size);
		EXPECT(!memcmp(g->build_id, w->build_id, w->build_id_size));
		EXPECT(!strcmp(g->filename, w->filename ? w->filename : ""));
		break;
	}
	case SCF_EV_LOST:
		EXPECT(got->lost.cpu == want->lost.cpu);
		EXPECT(got->lost.count == want->lost.count);
		break;
	case SCF_EV_CMDLINE: {
		const struct scf_cmdline *w = &want->cmdline, *g = &got->cmdline;
		bool add_nul = w->len && w->argv[w->len - 1];
		EXPECT(g->pid == w->pid);
		EXPECT(g->len == w->len + add_nul);
		EXPECT(!memcmp(g->argv, w->argv ? w->argv : "", w->len));
		EXPECT(g->argv[g->len] == 0);
		if (g->len)
			EXPECT(g->argv[g->len - 1] == 0);
		break;
	}
	}
}

static int open_out(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/*
 * Write n events to path, flushing after every `group` events (0: never),
 * and record in ends[] (if given) the file size after each group; finish
 * with a trailer when t is given.
 */
static void write_events(const char *path, const struct test_event *evs, size_t n, size_t group,
			 uint64_t *ends, const struct scf_trailer *t)
{
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	size_t g = 0;
	for (size_t i = 0; i < n; i++) {
		EXPECT(scf_writer_add(w, &evs[i].ev) == 0);
		if (group && (i + 1) % group == 0) {
			ck_assert_int_eq(scf_writer_flush(w), 0);
			if (ends)
				ends[g++] = scf_writer_bytes(w);
		}
	}
	if (t)
		ck_assert_int_eq(scf_writer_finish(w, t), 0);
	else
		ck_assert_int_eq(scf_writer_flush(w), 0);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_uint_eq(scf_writer_bytes(w), (uint64_t)st.st_size);
	scf_writer_free(w);
	close(fd);
}

/* Read path and compare with evs[]; returns what the last next returned
 * and the number of events read in *nread (all of them equal to evs'). */
static int read_compare(const char *path, const struct test_event *evs, size_t n, size_t *nread,
			struct scf_reader **rout)
{
	struct scf_reader *r;
	int rc = scf_reader_open(path, &r);
	*nread = 0;
	if (rc)
		return rc;
	struct scf_event ev;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		EXPECT(*nread < n);
		assert_event(&evs[*nread].ev, &ev);
		(*nread)++;
	}
	/* the end is sticky */
	ck_assert_int_eq(scf_reader_next(r, &ev), rc);
	if (rout)
		*rout = r;
	else
		scf_reader_close(r);
	return rc;
}

static struct test_event *gen_events(size_t n, uint64_t seed)
{
	struct test_event *evs = calloc(n, sizeof(*evs));
	ck_assert_ptr_nonnull(evs);
	rng_state = seed;
	uint64_t t = 1000;
	for (size_t i = 0; i < n; i++)
		gen_event(&evs[i], &t);
	return evs;
}

/* ---- varints ---- */

START_TEST(test_varint)
{
	static const uint64_t values[] = { 0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX,
					   1ull << 63, UINT64_MAX };
	static const size_t sizes[] = { 1, 1, 1, 2, 2, 2, 3, 5, 10, 10 };
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		uint8_t buf[SCF_VARINT_MAX];
		size_t n = (size_t)(scf_put_varint(buf, values[i]) - buf);
		ck_assert_uint_eq(n, sizes[i]);
		ck_assert_uint_eq(scf_varint_size(values[i]), n);
		struct scf_cursor c = { buf, buf + n, false };
		ck_assert_uint_eq(scf_get_varint(&c), values[i]);
		ck_assert(!c.bad);
		ck_assert_ptr_eq(c.p, buf + n);
		/* one byte short */
		c = (struct scf_cursor){ buf, buf + n - 1, false };
		scf_get_varint(&c);
		ck_assert(c.bad);
	}
	static const int64_t svalues[] = { 0, -1, 1, -64, 64, INT64_MIN, INT64_MAX };
	static const uint64_t zz[] = { 0, 1, 2, 127, 128, UINT64_MAX, UINT64_MAX - 1 };
	for (size_t i = 0; i < sizeof(svalues) / sizeof(svalues[0]); i++) {
		ck_assert_uint_eq(scf_zigzag(svalues[i]), zz[i]);
		uint8_t buf[SCF_VARINT_MAX];
		size_t n = (size_t)(scf_put_svarint(buf, svalues[i]) - buf);
		struct scf_cursor c = { buf, buf + n, false };
		ck_assert(scf_get_svarint(&c) == svalues[i]);
		ck_assert(!c.bad);
	}
	/* eleven bytes, and a tenth byte above 1, overflow 64 bits */
	uint8_t big[11];
	memset(big, 0xff, sizeof(big));
	big[10] = 0;
	struct scf_cursor c = { big, big + 11, false };
	scf_get_varint(&c);
	ck_assert(c.bad);
	big[9] = 2;
	c = (struct scf_cursor){ big, big + 10, false };
	scf_get_varint(&c);
	ck_assert(c.bad);
	big[9] = 1;
	c = (struct scf_cursor){ big, big + 10, false };
	ck_assert_uint_eq(scf_get_varint(&c), UINT64_MAX);
	ck_assert(!c.bad);
	/* the unchecked reader of the fast path: same values and lengths,
	 * and the same verdict on a tenth byte above 1 */
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		uint8_t buf[2 * SCF_VARINT_MAX];
		memset(buf, 0xff, sizeof(buf));
		size_t n = (size_t)(scf_put_varint(buf, values[i]) - buf);
		const uint8_t *p = buf;
		bool bad = false;
		ck_assert_uint_eq(scf_read_varint(&p, &bad), values[i]);
		ck_assert(!bad);
		ck_assert_ptr_eq(p, buf + n);
	}
	big[9] = 2;
	const uint8_t *bp = big;
	bool bbad = false;
	scf_read_varint(&bp, &bbad);
	ck_assert(bbad);
	ck_assert_ptr_eq(bp, big + 10);
	/* 32-bit fields */
	uint8_t buf[SCF_VARINT_MAX];
	size_t n = (size_t)(scf_put_svarint(buf, (int64_t)INT32_MAX + 1) - buf);
	c = (struct scf_cursor){ buf, buf + n, false };
	scf_get_svarint32(&c);
	ck_assert(c.bad);
	n = (size_t)(scf_put_varint(buf, (uint64_t)UINT32_MAX + 1) - buf);
	c = (struct scf_cursor){ buf, buf + n, false };
	scf_get_varint32(&c);
	ck_assert(c.bad);
}
END_TEST

START_TEST(test_strerror)
{
	ck_assert_str_eq(scf_strerror(-EBADMSG), "corrupt recording");
	ck_assert_str_eq(scf_strerror(-ENOTSUP), "recording needs a newer scprof");
	ck_assert_str_eq(scf_strerror(-ENODATA), "not a scprof recording");
	ck_assert_str_eq(scf_strerror(-ENOENT), "No such file or directory");
	ck_assert_str_eq(scf_strerror(ENOSPC), "No space left on device");
}
END_TEST

START_TEST(test_target_name)
{
	ck_assert_str_eq(scf_target_name(SCF_TARGET_COMMAND), "command");
	ck_assert_str_eq(scf_target_name(SCF_TARGET_PIDS), "pids");
	ck_assert_str_eq(scf_target_name(SCF_TARGET_SYSTEM), "system");
	ck_assert_ptr_null(scf_target_name((enum scf_target)0));
	ck_assert_ptr_null(scf_target_name((enum scf_target)4));
}
END_TEST

START_TEST(test_syscall_name)
{
	struct scf_meta m = test_meta();
	ck_assert_str_eq(scf_meta_syscall_name(&m, 0), "read");
	ck_assert_str_eq(scf_meta_syscall_name(&m, 39), "getpid");
	ck_assert_str_eq(scf_meta_syscall_name(&m, 435), "clone3");
	ck_assert_str_eq(scf_meta_syscall_name(&m, -1), "");
	ck_assert_ptr_null(scf_meta_syscall_name(&m, 2));
	ck_assert_ptr_null(scf_meta_syscall_name(&m, 100000));
	ck_assert_ptr_null(scf_meta_syscall_name(NULL, 0));
	m.nsyscalls = 0;
	ck_assert_ptr_null(scf_meta_syscall_name(&m, 0));
}
END_TEST

/* ---- round trips ---- */

/* Every event type and field, with the extremes. */
static size_t edge_events(struct test_event *evs)
{
	size_t n = 0;
	struct scf_event *ev;
#define NEXT                               \
	do {                               \
		ev = &evs[n++].ev;          \
		memset(ev, 0, sizeof(*ev)); \
	} while (0)
	NEXT;
	ev->type = SCF_EV_CALL;
	ev->time = 0; /* first at time 0 */
	ev->call.pid = 0, ev->call.tid = 0; /* same task as the reset state */
	ev->call.nr = 0;

	NEXT;
	ev->type = SCF_EV_CALL;
	ev->time = 5000;
	ev->call.duration = 4000;
	ev->call.start = 1000;
	ev->call.pid = INT32_MAX, ev->call.tid = INT32_MIN;
	ev->call.cpu = UINT32_MAX;
	ev->call.flags = SCF_CALL_NO_ENTER | SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED |
			 SCF_CALL_ENTERED_BEFORE | 0x80000000u;
	ev->call.nr = 1023;
	ev->call.ret = INT64_MIN;
	uint64_t big[6] = { UINT64_MAX, 1ull << 63, 0, 1, 0x7fffffffffffffffull, 42 };
	memcpy(ev->call.args, big, sizeof(big));

	for (int i = 0; i < 3; i++) { /* same task, same args: deltas of 0 */
		NEXT;
		*ev = evs[n - 2].ev;
		ev->time += 1;
		ev->call.start += 1;
		ev->call.ret = i == 1 ? INT64_MAX : -4095;
	}
	evs[n - 1].ev.call.args[3] = 0;

	NEXT;
	ev->type = SCF_EV_CALL; /* numbers without delta state */
	ev->time = 6000;
	ev->call.start = 6000;
	ev->call.nr = -1;
	ev->call.ret = -1;
	ev->call.args[0] = UINT64_MAX;
	NEXT;
	*ev = evs[n - 2].ev;
	ev->call.nr = 1024;
	NEXT;
	*ev = evs[n - 2].ev;
	ev->call.nr = INT32_MIN;
	NEXT;
	*ev = evs[n - 2].ev;
	ev->call.nr = INT32_MAX;
	ev->call.ret = 0;

	NEXT;
	ev->type = SCF_EV_CALL; /* a stack */
	ev->time = 7000;
	ev->call.start = 7000;
	ev->call.pid = 5, ev->call.tid = 6;
	ev->call.nr = 39;
	ev->call.ret = 5;
	ev->call.nips = 6;
	static const uint64_t ips[] = { 0x401000, 0x401010, 0x400000, UINT64_MAX, 0, 1ull << 63 };
	memcpy(evs[n - 1].ips, ips, sizeof(ips));
	ev->call.ips = evs[n - 1].ips;

	/* DWARF data: every register and the largest stack, with a callchain */
	static uint64_t all_regs[64];
	static uint8_t big_stack[SCF_STACK_MAX];
	for (int i = 0; i < 64; i++)
		all_regs[i] = i % 3 == 0 ? UINT64_MAX - (uint64_t)i : i % 3 == 1 ? 1ull << i : 0;
	for (size_t i = 0; i < sizeof(big_stack); i++)
		big_stack[i] = (uint8_t)(i * 7 + (i >> 8));
	NEXT;
	*ev = evs[n - 2].ev;
	ev->call.regs_mask = UINT64_MAX;
	ev->call.nregs = 64;
	ev->call.regs = all_regs;
	ev->call.stack_size = SCF_STACK_MAX;
	ev->call.stack = big_stack;
	NEXT; /* registers only, against the previous ones */
	ev->type = SCF_EV_CALL;
	ev->time = 7000;
	ev->call.start = 7000;
	ev->call.nr = 39;
	ev->call.regs_mask = (1ull << 63) | (1ull << 7) | 1;
	ev->call.nregs = 3;
	ev->call.regs = all_regs + 61;
	NEXT; /* a stack without registers */
	ev->type = SCF_EV_CALL;
	ev->time = 7000;
	ev->call.start = 7000;
	ev->call.stack_size = 1;
	ev->call.stack = big_stack + 5;

	NEXT;
	ev->type = SCF_EV_COMM;
	ev->time = 7000;
	ev->comm.pid = -1, ev->comm.tid = INT32_MAX;
	ev->comm.exec = true;
	strcpy(ev->comm.comm, "fifteen_chars!!");
	NEXT;
	ev->type = SCF_EV_COMM;
	ev->time = 7001;
	ev->comm.pid = 3, ev->comm.tid = 4;

	NEXT;
	ev->type = SCF_EV_FORK;
	ev->time = 8000;
	ev->task = (struct scf_task){ 10, 1, 11, INT32_MIN };
	NEXT;
	ev->type = SCF_EV_EXIT;
	ev->time = 8001;
	ev->task = (struct scf_task){ INT32_MAX, -1, 0, 1 };

	NEXT;
	ev->type = SCF_EV_MMAP;
	ev->time = 9000;
	ev->mmap = (struct scf_mmap){ .pid = 7, .tid = 8, .addr = UINT64_MAX, .len = 4096,
				      .pgoff = UINT64_MAX, .prot = UINT32_MAX, .flags = 2,
				      .build_id_size = SCF_BUILD_ID_MAX };
	memset(ev->mmap.build_id, 0xab, SCF_BUILD_ID_MAX);
	strcpy(evs[n - 1].str, "/usr/bin/with space and \xff byte");
	ev->mmap.filename = evs[n - 1].str;
	NEXT;
	ev->type = SCF_EV_MMAP;
	ev->time = 9000;
	ev->mmap.filename = NULL;

	NEXT;
	ev->type = SCF_EV_LOST;
	ev->time = 9500;
	ev->lost.cpu = UINT32_MAX;
	ev->lost.count = UINT64_MAX;

	NEXT;
	ev->type = SCF_EV_CMDLINE;
	ev->time = 9600;
	ev->cmdline.pid = 42;
	memcpy(evs[n - 1].str, "ls\0-l\0\0/etc\0", 12);
	ev->cmdline.argv = evs[n - 1].str;
	ev->cmdline.len = 12;
	NEXT;
	ev->type = SCF_EV_CMDLINE; /* no last NUL: the writer adds it */
	ev->time = 9600;
	ev->cmdline.pid = 43;
	memcpy(evs[n - 1].str, "setproctitle", 12);
	ev->cmdline.argv = evs[n - 1].str;
	ev->cmdline.len = 12;
	NEXT;
	ev->type = SCF_EV_CMDLINE; /* empty */
	ev->time = 9600;
	ev->cmdline.pid = 44;

	NEXT;
	ev->type = SCF_EV_CALL; /* the last possible time */
	ev->time = UINT64_MAX;
	ev->call.duration = UINT64_MAX;
	ev->call.start = 0;
	ev->call.pid = 5, ev->call.tid = 6;
	ev->call.nr = 1;
#undef NEXT
	return n;
}

START_TEST(test_roundtrip_every_field)
{
	struct test_event evs[40];
	size_t n = edge_events(evs);
	struct scf_trailer t = test_trailer();
	const char *path = tmp_path("edge.scf");
	write_events(path, evs, n, 0, NULL, &t);
	size_t nread;
	struct scf_reader *r;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	ck_assert(!scf_reader_truncated(r));
	const struct scf_trailer *rt = scf_reader_trailer(r);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->end_time, t.end_time);
	ck_assert_uint_eq(rt->samples, t.samples);
	ck_assert_uint_eq(rt->calls, t.calls);
	ck_assert_uint_eq(rt->lost, t.lost);
	ck_assert_uint_eq(rt->ncpus, 3);
	for (int i = 0; i < 3; i++)
		ck_assert_uint_eq(rt->lost_per_cpu[i], test_lost[i]);
	scf_reader_close(r);

	/* Each in a chunk of its own: the delta state restarts. */
	write_events(path, evs, n, 1, NULL, &t);
	ck_assert_int_eq(read_compare(path, evs, n, &nread, NULL), 0);
	ck_assert_uint_eq(nread, n);
}
END_TEST

START_TEST(test_roundtrip_meta)
{
	struct test_event evs[1];
	struct scf_trailer t = test_trailer();
	const char *path = tmp_path("meta.scf");
	write_events(path, evs, 0, 0, NULL, &t);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	const struct scf_meta *m = scf_reader_meta(r), want = test_meta();
	ck_assert_str_eq(m->recorder, want.recorder);
	ck_assert_str_eq(m->hostname, want.hostname);
	ck_assert_str_eq(m->kernel_release, want.kernel_release);
	ck_assert_str_eq(m->arch, want.arch);
	ck_assert_uint_eq(m->ncpus, want.ncpus);
	ck_assert_uint_eq(m->clockid, want.clockid);
	ck_assert_uint_eq(m->start_time, want.start_time);
	ck_assert_uint_eq(m->start_realtime, want.start_realtime);
	ck_assert_int_eq(m->target, want.target);
	ck_assert_uint_eq(m->argc, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(m->argv[i], test_argv[i]);
	ck_assert_ptr_null(m->argv[4]);
	ck_assert_uint_eq(m->npids, 3);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(m->pids[i], test_pids[i]);
	ck_assert_str_eq(m->options, want.options);
	ck_assert_str_eq(m->filter, want.filter);
	ck_assert_uint_eq(m->features, want.features);
	ck_assert_uint_eq(m->stack_every, 9);
	/* the table comes back sorted by number */
	ck_assert_uint_eq(m->nsyscalls, 5);
	ck_assert_int_eq(m->syscalls[0].nr, -1);
	ck_assert_str_eq(m->syscalls[0].name, "");
	ck_assert_int_eq(m->syscalls[4].nr, 435);
	ck_assert_str_eq(scf_meta_syscall_name(m, 1), "write");
	ck_assert_str_eq(scf_meta_syscall_name(m, 435), "clone3");

	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.offset, 32);
	ck_assert_uint_eq(ci.index, 0);
	ck_assert_uint_eq(ci.type, 1);
	ck_assert_uint_eq(ci.count, 16);

	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.type, 3);
	ck_assert_uint_eq(ci.index, 1);
	ck_assert_uint_eq(ci.count, 5);
	scf_reader_close(r);
}
END_TEST

START_TEST(test_roundtrip_empty_meta)
{
	struct scf_meta m = { 0 };
	struct scf_trailer t = { 0 };
	const char *path = tmp_path("empty.scf");
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	/* nothing after finish */
	struct scf_event ev = { .type = SCF_EV_LOST, .time = 1 };
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ck_assert_int_eq(scf_writer_finish(w, &t), -EINVAL);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	const struct scf_meta *rm = scf_reader_meta(r);
	ck_assert_ptr_null(rm->recorder);
	ck_assert_ptr_null(rm->hostname);
	ck_assert_ptr_null(rm->filter);
	ck_assert_ptr_null(rm->argv);
	ck_assert_ptr_null(rm->pids);
	ck_assert_ptr_null(rm->syscalls);
	ck_assert_uint_eq(rm->argc, 0);
	ck_assert_uint_eq(rm->nsyscalls, 0);
	ck_assert_uint_eq(rm->stack_every, 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	const struct scf_trailer *rt = scf_reader_trailer(r);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->ncpus, 0);
	ck_assert_ptr_null(rt->lost_per_cpu);
	scf_reader_close(r);
}
END_TEST

START_TEST(test_many_chunks)
{
	const size_t n = 400000;
	struct test_event *evs = gen_events(n, 0x9e3779b97f4a7c15ull);
	struct scf_trailer t = test_trailer();
	const char *path = tmp_path("many.scf");
	write_events(path, evs, n, 0, NULL, &t);
	struct scf_reader *r;
	size_t nread;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	/* at ~1 MiB of records a chunk: several chunks, each about that big */
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_ge(ci.index, 4);
	scf_reader_close(r);

	/* chunk headers agree with their records */
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	uint64_t index = 0, count = 0, total = 0, first = 0, last = 0, rsize = 0;
	while (scf_reader_next(r, &ev) > 0) {
		scf_reader_chunk(r, &ci);
		if (ci.index != index) {
			ck_assert_uint_eq(count, total);
			/* all but the last end just past the target */
			if (index)
				ck_assert_uint_ge(rsize, SCF_CHUNK_TARGET);
			index = ci.index;
			ck_assert_uint_eq(ci.type, 2);
			ck_assert_uint_lt(ci.rsize, SCF_CHUNK_TARGET + 200);
			ck_assert_uint_eq(ci.first_time, ev.time);
			rsize = ci.rsize;
			first = ci.first_time;
			last = ci.last_time;
			total = ci.count;
			count = 0;
		}
		count++;
		EXPECT(ev.time >= first && ev.time <= last);
	}
	scf_reader_close(r);
	free(evs);
}
END_TEST

/* The sizes of a dd-like stream: alternating read(0, buf, 1) = 1 and
 * write(1, buf, 1) = 1 by one thread, 1-2 us apart. */
START_TEST(test_dd_stream_size)
{
	const char *path = tmp_path("dd.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t meta_end = scf_writer_bytes(w);
	const size_t n = 100000;
	uint64_t t = 1000000000;
	rng_state = 1;
	for (size_t i = 0; i < n; i++) {
		struct scf_event ev = { .type = SCF_EV_CALL };
		t += 1000 + rng() % 1000; /* dt: 2 bytes */
		ev.time = t;
		ev.call.duration = 500 + rng() % 1000; /* 2 bytes */
		ev.call.start = t - ev.call.duration;
		ev.call.pid = ev.call.tid = 4242;
		ev.call.cpu = 1;
		ev.call.nr = i % 2;
		ev.call.args[0] = i % 2;
		ev.call.args[1] = 0x7ffc12345000;
		ev.call.args[2] = 1;
		ev.call.ret = 1;
		EXPECT(scf_writer_add(w, &ev) == 0);
	}
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t bytes = scf_writer_bytes(w) - meta_end;
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.count, n);
	/* 10 bytes a call: kind, dt 2, duration 2, cpu, flags, nr, argmask 0,
	 * ret delta 0.  The first call has 15 more: an absolute time (5 bytes,
	 * not 2), its task (2 + 2), args 1 and 2 (7 + 1) and ret (1 byte, not
	 * 0); the second 9 more: args 0, 1 and 2 (1 + 7 + 1). */
	ck_assert_uint_eq(ci.rsize, n * 10 + 24);
	/* zstd takes the stream below 4 bytes a call */
	ck_assert_uint_lt(bytes, n * 4);
	scf_reader_close(r);
}
END_TEST


/*
 * What zstd makes of DWARF stack copies: a dd-like loop (read(0, buf,
 * 4096) then write(1, buf, 4096), buf on the heap) recorded with
 * --call-graph dwarf: 8 KiB of stack and 20 registers (perf's x86-64
 * set) a call.  The stack image is the same process stack every time:
 * the wrapper's frame at the bottom (read and write at different depths,
 * so one copy is the other shifted), then the caller's frames with a loop
 * counter, a byte count and a pointer that change every call, then
 * frames and strings that never change.
 */
START_TEST(test_dwarf_stream_size)
{
	enum { N = 20000, STACK = 8192, TOP = 16384, WRITE_DEPTH = 0x40 };
	static const uint64_t mask = 0xff0fff; /* ax..r15, ip, sp, flags */
	static uint8_t image[TOP]; /* the stack, its top at index TOP */
	rng_state = 7;
	for (size_t i = 0; i < TOP; i += 8) {
		uint64_t v, k = rng() % 20;
		if (k < 12)
			v = 0;
		else if (k < 15)
			v = 0x7ffc12300000 + rng() % TOP; /* stack pointers */
		else if (k < 17)
			v = 0x55d4a1200000 + rng() % 0x20000; /* code and data */
		else if (k < 18)
			v = 0x7f3e45600000 + rng() % 0x200000; /* libc */
		else
			v = rng() % 256;
		scf_put_le64(image + i, v);
	}
	const char *path = tmp_path("dwarf.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t meta_end = scf_writer_bytes(w);
	uint64_t t = 1000000000, total = 0;
	const size_t sp_read = TOP - STACK - 0x200; /* 8 KiB from sp is inside */
	for (uint64_t i = 0; i < N; i++) {
		bool wr = i % 2;
		size_t sp = sp_read - (wr ? WRITE_DEPTH : 0);
		/* the wrapper's frame: its return address and saved registers */
		scf_put_le64(image + sp, wr ? 0x7f3e45712345 : 0x7f3e45711111);
		scf_put_le64(image + sp + 8, 0x7ffc12300000 + sp + 0x80);
		/* the caller's loop state, just above the deeper frame */
		scf_put_le64(image + sp_read + 0x100, i / 2);
		scf_put_le64(image + sp_read + 0x108, total);
		scf_put_le64(image + sp_read + 0x110, 0x55d4a1300000 + (i / 2) % 64 * 4096);
		uint64_t regs[20];
		for (int r = 0; r < 20; r++)
			regs[r] = 0x1000 * r;
		regs[0] = wr; /* ax: the syscall number */
		regs[1] = i / 2; /* bx: the counter */
		regs[2] = wr ? 0x7f3e45712345 : 0x7f3e45711111; /* cx: return ip */
		regs[3] = 4096; /* dx */
		regs[4] = 0x55d4a1300000 + (i / 2) % 64 * 4096; /* si: buf */
		regs[5] = wr; /* di: fd */
		regs[7] = 0x7ffc12300000 + sp; /* sp */
		regs[8] = regs[2] - 2; /* ip: the syscall instruction */
		regs[9] = 0x246; /* flags */
		struct scf_event ev = { .type = SCF_EV_CALL };
		t += 2000 + rng() % 1000;
		ev.time = t;
		ev.call.duration = 1000 + rng() % 500;
		ev.call.start = t - ev.call.duration;
		ev.call.pid = ev.call.tid = 4242;
		ev.call.nr = wr;
		ev.call.args[0] = wr;
		ev.call.args[1] = regs[4];
		ev.call.args[2] = 4096;
		ev.call.ret = 4096;
		ev.call.regs_mask = mask;
		ev.call.nregs = 20;
		ev.call.regs = regs;
		ev.call.stack_size = STACK;
		ev.call.stack = image + sp;
		EXPECT(scf_writer_add(w, &ev) == 0);
		total += 4096;
	}
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t bytes = scf_writer_bytes(w) - meta_end;
	scf_writer_free(w);
	close(fd);

	/* it reads back, every stack whole */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	uint64_t n = 0;
	while (scf_reader_next(r, &ev) > 0) {
		EXPECT(ev.call.stack_size == STACK && ev.call.nregs == 20);
		EXPECT(ev.call.regs[7] == 0x7ffc12300000 + sp_read - (n % 2 ? WRITE_DEPTH : 0));
		n++;
	}
	ck_assert_uint_eq(n, N);
	scf_reader_close(r);
	/* 8 KiB and 20 registers a call become about 31 bytes (measured:
	 * 31.1 with zstd level 1, for 8.3 KiB raw), against 3.6 without */
	ck_assert_uint_lt(bytes, (uint64_t)N * 40);
	ck_assert_uint_gt(bytes, (uint64_t)N * 15);
}
END_TEST

/* ---- symbol tables ---- */

static const struct scf_symbol test_syms[] = {
	{ 0x1139, 0x2a, "main" },
	{ 0x1040, 0, "_start" },
	{ UINT64_MAX, 1, "last" },
	{ 0x1139, 0x2a, "alias_of_main" },
	{ 0x1120, 0x19, NULL },
	{ 0x1139, 0x10, "short_alias" },
	{ 0, 0, "at zero \xff" },
};

/* test_syms as the reader returns them: sorted by start, size, name */
static const struct scf_symbol sorted_syms[] = {
	{ 0, 0, "at zero \xff" },
	{ 0x1040, 0, "_start" },
	{ 0x1120, 0x19, "" },
	{ 0x1139, 0x10, "short_alias" },
	{ 0x1139, 0x2a, "alias_of_main" },
	{ 0x1139, 0x2a, "main" },
	{ UINT64_MAX, 1, "last" },
};

/* The first table of r with this build-id, or when build_id_size is 0,
 * the first whose path is path; NULL if none. */
static const struct scf_symtab *find_symtab(const struct scf_reader *r, const uint8_t *build_id,
					    size_t build_id_size, const char *path)
{
	for (size_t i = 0; i < scf_reader_nsymtabs(r); i++) {
		const struct scf_symtab *t = scf_reader_symtab(r, i);
		if (build_id_size) {
			if (t->build_id_size == build_id_size &&
			    !memcmp(t->build_id, build_id, build_id_size))
				return t;
		} else if (path && t->path && !strcmp(t->path, path)) {
			return t;
		}
	}
	return NULL;
}

static struct scf_symtab test_symtab(void)
{
	struct scf_symtab t = {
		.build_id_size = SCF_BUILD_ID_MAX,
		.path = "/usr/bin/prog",
		.e_type = 3,
		.load_vaddr = 0x1000,
		.load_offset = 0x1000,
		.nsyms = sizeof(test_syms) / sizeof(test_syms[0]),
		.syms = test_syms,
	};
	for (int i = 0; i < SCF_BUILD_ID_MAX; i++)
		t.build_id[i] = 0xa0 + i;
	return t;
}

static void assert_symtab(const struct scf_symtab *got, const struct scf_symtab *want,
			  const struct scf_symbol *syms)
{
	ck_assert_uint_eq(got->build_id_size, want->build_id_size);
	ck_assert(!memcmp(got->build_id, want->build_id, want->build_id_size));
	if (want->path)
		ck_assert_str_eq(got->path, want->path);
	else
		ck_assert_ptr_null(got->path);
	ck_assert_uint_eq(got->e_type, want->e_type);
	ck_assert_uint_eq(got->load_vaddr, want->load_vaddr);
	ck_assert_uint_eq(got->load_offset, want->load_offset);
	ck_assert_uint_eq(got->nsyms, want->nsyms);
	for (uint64_t i = 0; i < want->nsyms; i++) {
		ck_assert_uint_eq(got->syms[i].start, syms[i].start);
		ck_assert_uint_eq(got->syms[i].size, syms[i].size);
		ck_assert_str_eq(got->syms[i].name, syms[i].name);
	}
}

START_TEST(test_symtab_roundtrip)
{
	const char *path = tmp_path("sym.scf");
	struct test_event evs[40];
	size_t n = edge_events(evs);
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	for (size_t i = 0; i < n / 2; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i].ev), 0);
	/* one in the middle of the events: they go on after it */
	struct scf_symtab empty = { .path = "/lib/empty.so", .e_type = 2 };
	ck_assert_int_eq(scf_writer_add_symtab(w, &empty), 0);
	for (size_t i = n / 2; i < n; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i].ev), 0);
	struct scf_symtab t = test_symtab();
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	struct scf_symtab none = { .load_vaddr = UINT64_MAX };
	ck_assert_int_eq(scf_writer_add_symtab(w, &none), 0);
	struct scf_symtab other = t; /* same path, another build-id */
	other.build_id_size = 4;
	other.nsyms = 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &other), 0);
	struct scf_trailer tr = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), -EINVAL);
	scf_writer_free(w);
	close(fd);

	size_t nread;
	struct scf_reader *r;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 4);
	assert_symtab(scf_reader_symtab(r, 0), &empty, NULL);
	assert_symtab(scf_reader_symtab(r, 1), &t, sorted_syms);
	assert_symtab(scf_reader_symtab(r, 2), &none, NULL);
	assert_symtab(scf_reader_symtab(r, 3), &other, test_syms);
	ck_assert_ptr_null(scf_reader_symtab(r, 4));

	/* found by build-id, or by path when there is none */
	ck_assert_ptr_eq(find_symtab(r, t.build_id, t.build_id_size, NULL),
			 scf_reader_symtab(r, 1));
	ck_assert_ptr_eq(find_symtab(r, t.build_id, 4, "/lib/empty.so"),
			 scf_reader_symtab(r, 3));
	ck_assert_ptr_null(find_symtab(r, t.build_id, 3, NULL));
	ck_assert_ptr_eq(find_symtab(r, NULL, 0, "/lib/empty.so"),
			 scf_reader_symtab(r, 0));
	ck_assert_ptr_eq(find_symtab(r, NULL, 0, "/usr/bin/prog"),
			 scf_reader_symtab(r, 1));
	ck_assert_ptr_null(find_symtab(r, NULL, 0, "/usr/bin/other"));
	ck_assert_ptr_null(find_symtab(r, NULL, 0, NULL));

	/* each in a chunk of its own: fields path, e_type, load_vaddr,
	 * load_offset (no symbols, no build-id) for the first */
	struct scf_chunk_info ci, first;
	scf_reader_symtab_chunk(r, 0, &first);
	ck_assert_uint_eq(first.type, 4);
	ck_assert_uint_eq(first.count, 4);
	scf_reader_symtab_chunk(r, 1, &ci);
	ck_assert_uint_eq(ci.type, 4);
	ck_assert_uint_eq(ci.count, 6);
	ck_assert_uint_gt(ci.offset, first.offset);
	ck_assert_uint_eq(ci.index, first.index + 2); /* the second half of the events */
	scf_reader_symtab_chunk(r, 4, &ci);
	ck_assert_uint_eq(ci.type, 0);
	scf_reader_close(r);

	/* the same without decoding the events, after one of them or none */
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(scf_reader_open(path, &r), 0);
		struct scf_event ev;
		if (k)
			ck_assert_int_eq(scf_reader_next(r, &ev), 1);
		ck_assert_int_eq(scf_reader_skip_events(r), 0);
		ck_assert_uint_eq(scf_reader_nsymtabs(r), 4);
		assert_symtab(scf_reader_symtab(r, 1), &t, sorted_syms);
		ck_assert_ptr_nonnull(scf_reader_trailer(r));
		ck_assert(!scf_reader_truncated(r));
		ck_assert_int_eq(scf_reader_next(r, &ev), 0);
		ck_assert_int_eq(scf_reader_skip_events(r), 0);
		scf_reader_close(r);
	}
}
END_TEST

START_TEST(test_symtab_addr)
{
	/* a PIE: text at file offset 0x1000 linked at 0x1000, mapped at
	 * 0x55d4a1201000 from page offset 0x1000 */
	struct scf_mmap mm = { .addr = 0x55d4a1201000, .len = 0x2000, .pgoff = 0x1000 };
	struct scf_symtab t = test_symtab();
	ck_assert_uint_eq(scf_symtab_addr(&t, &mm, 0x55d4a1201139), 0x1139);
	/* a non-PIE executable: text at offset 0x1000 linked at 0x401000 */
	t.e_type = 2;
	t.load_vaddr = 0x401000;
	mm = (struct scf_mmap){ .addr = 0x401000, .len = 0x1000, .pgoff = 0x1000 };
	ck_assert_uint_eq(scf_symtab_addr(&t, &mm, 0x401234), 0x401234);
	/* a library whose text segment's offset and address differ */
	t.e_type = 3;
	t.load_vaddr = 0x28000;
	t.load_offset = 0x27000;
	mm = (struct scf_mmap){ .addr = 0x7f3e45628000, .len = 0x1000, .pgoff = 0x27000 };
	ck_assert_uint_eq(scf_symtab_addr(&t, &mm, 0x7f3e45628010), 0x28010);
}
END_TEST

/* A libc-sized table: sizes, and what a table too big does. */
START_TEST(test_symtab_big)
{
	enum { N = 3000 };
	static struct scf_symbol syms[N];
	static char names[N][40];
	rng_state = 3;
	uint64_t addr = 0x28000;
	for (int i = 0; i < N; i++) {
		static const char *const parts[] = { "__libc_", "pthread_", "_IO_", "__GI_", "str" };
		snprintf(names[i], sizeof(names[i]), "%s%s%llu", parts[rng() % 5],
			 i % 3 ? "internal_" : "", (unsigned long long)(rng() % 100000));
		syms[N - 1 - i] = (struct scf_symbol){ addr, 16 + rng() % 400, names[i] };
		addr += syms[N - 1 - i].size + rng() % 16;
	}
	const char *path = tmp_path("big.scf");
	struct scf_meta m = { 0 };
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t before = scf_writer_bytes(w);
	struct scf_symtab t = { .build_id_size = 20, .path = "/usr/lib/libc.so.6", .e_type = 3,
				.nsyms = N, .syms = syms };
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t bytes = scf_writer_bytes(w) - before;

	/* too big: refused, nothing written, not sticky */
	struct scf_symtab huge = t;
	huge.nsyms = SCF_MAX_RSIZE / 3 + 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EFBIG);
	char *long_name = malloc(SCF_MAX_RSIZE / 2 + 1);
	memset(long_name, 'x', SCF_MAX_RSIZE / 2);
	long_name[SCF_MAX_RSIZE / 2] = '\0';
	struct scf_symbol two[2] = { { 1, 1, long_name }, { 2, 1, long_name } };
	huge.nsyms = 2;
	huge.syms = two;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EFBIG);
	/* just one of them fits */
	huge.nsyms = 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), 0);
	huge.build_id_size = SCF_BUILD_ID_MAX + 1;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EINVAL);
	huge.build_id_size = 0;
	huge.syms = NULL;
	ck_assert_int_eq(scf_writer_add_symtab(w, &huge), -EINVAL);
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	struct scf_trailer tr = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 3);
	const struct scf_symtab *rt = scf_reader_symtab(r, 0);
	ck_assert_uint_eq(rt->nsyms, N);
	for (int i = 0; i < N; i++) {
		EXPECT(rt->syms[i].start == syms[N - 1 - i].start);
		EXPECT(rt->syms[i].size == syms[N - 1 - i].size);
		EXPECT(!strcmp(rt->syms[i].name, names[i]));
	}
	ck_assert_uint_eq(scf_reader_symtab(r, 1)->nsyms, 1);
	ck_assert_str_eq(scf_reader_symtab(r, 1)->syms[0].name, long_name);
	ck_assert_uint_eq(scf_reader_symtab(r, 2)->nsyms, N);
	scf_reader_close(r);
	free(long_name);
	/* about 8 bytes a symbol: names like "__libc_internal_12345" with a
	 * 2-byte start delta and a 2-byte size (measured: 7.5; the real
	 * libc.so.6's 2822 dynamic functions take 7.4, libstdc++'s 4494 9.0) */
	ck_assert_uint_lt(bytes, N * 9);
	ck_assert_uint_gt(bytes, N * 5);
}
END_TEST

/* ---- bad input ---- */

START_TEST(test_writer_rejects)
{
	const char *path = tmp_path("rej.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 100 };
	ev.call.start = 100;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 99; /* backwards */
	ev.call.start = 99;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.time = 200; /* start + duration != time */
	ev.call.duration = 50;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.duration = 300; /* starts before 0 */
	ev.call.start = 200 - 300;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.duration = 0;
	ev.call.start = 200;
	ev.call.nips = 3; /* no ips */
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	static const uint64_t many_ips[SCF_MAX_IPS + 1];
	ev.call.ips = many_ips;
	ev.call.nips = SCF_MAX_IPS + 1;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.ips = NULL;
	ev.call.nips = 0;
	static const uint64_t regs[2];
	static const uint8_t stack[SCF_STACK_MAX + 1];
	ev.call.regs_mask = 0x81; /* nregs is not popcount(regs_mask) */
	ev.call.nregs = 1;
	ev.call.regs = regs;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.nregs = 2;
	ev.call.regs = NULL;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.regs = regs;
	ev.call.stack_size = SCF_STACK_MAX + 1;
	ev.call.stack = stack;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.stack_size = 8;
	ev.call.stack = NULL;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.stack_size = 0;
	ev.call.regs_mask = 0;
	ev.call.nregs = 0;
	ev.type = 9;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	memset(&ev, 0, sizeof(ev));
	ev.type = SCF_EV_MMAP;
	ev.time = 200;
	ev.mmap.build_id_size = SCF_BUILD_ID_MAX + 1;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	/* not sticky */
	ev.mmap.build_id_size = 0;
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	struct scf_trailer t = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	ck_assert_uint_eq(ev.time, 100);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	ck_assert_int_eq(ev.type, SCF_EV_MMAP);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_close(r);
}
END_TEST

START_TEST(test_no_file)
{
	struct scf_reader *r = (void *)1;
	ck_assert_int_eq(scf_reader_open(tmp_path("missing"), &r), -ENOENT);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(scf_reader_open(tmpdir, &r), -EISDIR);
	scf_reader_close(NULL);
	scf_writer_free(NULL);
}
END_TEST

START_TEST(test_zero_length)
{
	const char *path = tmp_path("zero");
	spit(path, "", 0);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);
}
END_TEST

START_TEST(test_not_a_recording)
{
	const char *path = tmp_path("junk");
	uint8_t junk[4096];
	rng_state = 77;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = rng();
	spit(path, junk, sizeof(junk));
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);

	/* perf.data: "PERFILE2", then a header of sizes and offsets */
	uint8_t perf[104] = "PERFILE2";
	perf[8] = 104;
	spit(path, perf, sizeof(perf));
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);

	/* text, and half a magic */
	spit(path, "hello\n", 6);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);
	spit(path, "SCPR", 4);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENODATA);

	/* the magic, then junk */
	memcpy(junk, SCF_MAGIC, SCF_MAGIC_LEN);
	spit(path, junk, sizeof(junk));
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);
}
END_TEST

/* A header with the given fields and a right checksum. */
static void make_header(uint8_t *h, uint16_t version, uint16_t min_version, uint32_t size,
			uint64_t incompat)
{
	memset(h, 0, SCF_HEADER_SIZE);
	memcpy(h, SCF_MAGIC, SCF_MAGIC_LEN);
	scf_put_le16(h + 8, version);
	scf_put_le16(h + 10, min_version);
	scf_put_le32(h + 12, size);
	scf_put_le64(h + 16, incompat);
	scf_put_le32(h + 28, scf_header_sum(h));
}

/* A chunk of type with raw payload, compressed and summed. */
static size_t make_chunk(uint8_t *out, uint8_t type, const void *raw, size_t rlen,
			 uint32_t count, uint64_t first, uint64_t last)
{
	uint8_t *payload = out + SCF_CHUNK_HEADER_SIZE;
	size_t csize = ZSTD_compress(payload, ZSTD_compressBound(rlen), raw, rlen, 1);
	ck_assert(!ZSTD_isError(csize));
	memset(out, 0, SCF_CHUNK_HEADER_SIZE);
	memcpy(out, SCF_CHUNK_MAGIC, 4);
	out[4] = type;
	scf_put_le32(out + 8, csize);
	scf_put_le32(out + 12, rlen);
	scf_put_le32(out + 16, count);
	scf_put_le64(out + 24, first);
	scf_put_le64(out + 32, last);
	uint8_t *tmp = malloc(SCF_CHUNK_SUMMED + csize);
	memcpy(tmp, out, SCF_CHUNK_SUMMED);
	memcpy(tmp + SCF_CHUNK_SUMMED, payload, csize);
	scf_put_le64(out + SCF_CHUNK_SUMMED, ZSTD_XXH64(tmp, SCF_CHUNK_SUMMED + csize, 0));
	free(tmp);
	return SCF_CHUNK_HEADER_SIZE + csize;
}

/* Write to path file[0..len) with chunk ci replaced by one holding raw
 * (fields or records: count), through out (len + 4096 bytes). */
static void spit_replaced(const char *path, uint8_t *out, const uint8_t *file, size_t len,
			  const struct scf_chunk_info *ci, const void *raw, size_t rlen,
			  uint32_t count)
{
	size_t end = ci->offset + SCF_CHUNK_HEADER_SIZE + ci->csize;
	memcpy(out, file, ci->offset);
	size_t n = make_chunk(out + ci->offset, ci->type, raw, rlen, count, 0, 0);
	memcpy(out + ci->offset + n, file + end, len - end);
	spit(path, out, ci->offset + n + len - end);
}

START_TEST(test_versions)
{
	const char *path = tmp_path("ver.scf");
	struct test_event evs[40];
	size_t n = edge_events(evs);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, n, 0, NULL, &t);
	size_t len;
	uint8_t *file = slurp(path, &len);
	struct scf_reader *r;

	/* needs a newer reader */
	make_header(file, SCF_VERSION + 1, SCF_VERSION + 1, 32, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	/* an incompatible feature */
	make_header(file, 1, 1, 32, 1ull << 5);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	/* nonsense versions */
	make_header(file, 0, 0, 32, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);
	make_header(file, 1, 1, 16, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), -EBADMSG);

	/* a newer, compatible file: a bigger header and chunks of types
	 * this reader does not know, before and after the metadata */
	make_header(file, 1, 1, 32, 0);
	spit(path, file, len);
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	size_t meta_end = meta.offset + SCF_CHUNK_HEADER_SIZE + meta.csize;
	uint8_t *newer = malloc(len + 4096);
	make_header(newer, 7, 1, 40, 0);
	memset(newer + 32, 0xee, 8);
	size_t k = 40;
	k += make_chunk(newer + k, 9, "future", 6, 1, 0, 0);
	memcpy(newer + k, file + 32, meta_end - 32);
	k += meta_end - 32;
	k += make_chunk(newer + k, 200, "\0\0\0", 3, 0, 0, 0);
	memcpy(newer + k, file + meta_end, len - meta_end);
	k += len - meta_end;
	spit(path, newer, k);
	size_t nread;
	ck_assert_int_eq(read_compare(path, evs, n, &nread, &r), 0);
	ck_assert_uint_eq(nread, n);
	struct scf_header_info hi;
	scf_reader_header(r, &hi);
	ck_assert_uint_eq(hi.version, 7);
	ck_assert_uint_eq(hi.min_version, 1);
	ck_assert_uint_eq(hi.header_size, 40);
	ck_assert_uint_eq(hi.incompat, 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_close(r);
	free(newer);
	free(file);
}
END_TEST

/* A small recording of several chunks, the file size after each. */
#define SMALL_N 60
#define SMALL_GROUP 12

static struct test_event *small_recording(const char *path, uint64_t *ends, uint8_t **file,
					  size_t *len)
{
	struct test_event *evs = gen_events(SMALL_N, 12345);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, SMALL_N, SMALL_GROUP, ends, &t);
	*file = slurp(path, len);
	return evs;
}

START_TEST(test_truncated_everywhere)
{
	const char *path = tmp_path("full.scf"), *cut = tmp_path("cut.scf");
	uint64_t ends[SMALL_N / SMALL_GROUP];
	uint8_t *file;
	size_t len;
	struct test_event *evs = small_recording(path, ends, &file, &len);
	ck_assert_uint_lt(ends[SMALL_N / SMALL_GROUP - 1], len); /* then the trailer */

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	scf_reader_close(r);
	uint64_t meta_end = meta.offset + SCF_CHUNK_HEADER_SIZE + meta.csize;

	for (size_t size = 0; size < len; size++) {
		spit(cut, file, size);
		size_t nread;
		int rc = read_compare(cut, evs, SMALL_N, &nread, &r);
		if (size < meta_end) {
			/* nothing was recorded yet */
			ck_assert_int_eq(rc, size < SCF_MAGIC_LEN ? -ENODATA : -EBADMSG);
			continue;
		}
		ck_assert_int_eq(rc, 0);
		/* exactly the events of the complete chunks */
		size_t want = 0;
		for (size_t g = 0; g < SMALL_N / SMALL_GROUP; g++)
			if (ends[g] <= size)
				want = (g + 1) * SMALL_GROUP;
		ck_assert_uint_eq(nread, want);
		ck_assert_ptr_null(scf_reader_trailer(r));
		ck_assert(scf_reader_truncated(r));
		scf_reader_close(r);
	}
	free(evs);
	free(file);
}
END_TEST

START_TEST(test_flipped_bytes)
{
	const char *path = tmp_path("full.scf"), *bad = tmp_path("bad.scf");
	uint64_t ends[SMALL_N / SMALL_GROUP];
	uint8_t *file;
	size_t len;
	struct test_event *evs = small_recording(path, ends, &file, &len);
	/* every byte of the file is checked: each flip is seen */
	for (size_t off = 0; off < len; off++) {
		for (int bit = 0; bit < 8; bit += 3) {
			file[off] ^= 1u << bit;
			spit(bad, file, len);
			file[off] ^= 1u << bit;
			size_t nread;
			struct scf_reader *r = NULL;
			int rc = read_compare(bad, evs, SMALL_N, &nread, &r);
			if (rc == 0) {
				/* a chunk's size made longer: looks cut short */
				ck_assert(scf_reader_truncated(r));
				ck_assert_ptr_null(scf_reader_trailer(r));
			} else {
				ck_assert(rc == -EBADMSG || rc == -ENODATA || rc == -ENOTSUP);
			}
			if (r) {
				/* the error names a chunk at or before the flip */
				ck_assert_uint_le(scf_reader_offset(r), off);
				scf_reader_close(r);
			}
		}
	}
	free(evs);
	free(file);
}
END_TEST

START_TEST(test_corrupt_middle_chunk)
{
	const char *path = tmp_path("full.scf");
	uint64_t ends[SMALL_N / SMALL_GROUP];
	uint8_t *file;
	size_t len;
	struct test_event *evs = small_recording(path, ends, &file, &len);
	/* a byte in the third group's payload */
	file[ends[1] + 60] ^= 0x40;
	spit(path, file, len);
	size_t nread;
	struct scf_reader *r;
	ck_assert_int_eq(read_compare(path, evs, SMALL_N, &nread, &r), -EBADMSG);
	ck_assert_uint_eq(nread, 2 * SMALL_GROUP);
	ck_assert_uint_eq(scf_reader_offset(r), ends[1]);
	ck_assert_ptr_null(scf_reader_trailer(r));
	scf_reader_close(r);
	free(evs);
	free(file);
}
END_TEST

/* Records that pass the checksum but are wrong: the decoder must stop at
 * -EBADMSG (or read them as some events), never crash or hang. */
START_TEST(test_fuzz_records)
{
	const char *path = tmp_path("full.scf"), *bad = tmp_path("fuzz.scf");
	struct test_event *evs = gen_events(300, 99);
	write_events(path, evs, 300, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	scf_reader_close(r);
	uint8_t *raw = malloc(ci.rsize);
	ck_assert_uint_eq(ZSTD_decompress(raw, ci.rsize, file + ci.offset + SCF_CHUNK_HEADER_SIZE,
					  ci.csize),
			  ci.rsize);
	uint8_t *out = malloc(ci.offset + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(ci.rsize));
	memcpy(out, file, ci.offset);

	rng_state = 4242;
	int bad_seen = 0;
	for (int iter = 0; iter < 3000; iter++) {
		uint8_t *mut = malloc(ci.rsize);
		memcpy(mut, raw, ci.rsize);
		size_t rlen = ci.rsize;
		int k = iter % 3;
		if (k == 0) {
			for (int j = 0; j < 1 + iter % 4; j++)
				mut[rng() % rlen] = rng();
		} else if (k == 1) {
			rlen = rng() % rlen; /* records cut short, count unchanged */
		} else {
			for (size_t j = 0; j < rlen; j++)
				mut[j] = rng() % 4 ? mut[j] : rng();
		}
		size_t n = make_chunk(out + ci.offset, 2, mut, rlen, ci.count, ci.first_time,
				      ci.last_time);
		spit(bad, out, ci.offset + n);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		int rc;
		int count = 0;
		while ((rc = scf_reader_next(r, &ev)) > 0)
			EXPECT(++count <= 300);
		ck_assert(rc == 0 || rc == -EBADMSG);
		bad_seen += rc == -EBADMSG;
		scf_reader_close(r);
		free(mut);
	}
	ck_assert_int_gt(bad_seen, 1500);

	/* a chunk that says it holds more than 64 MiB */
	size_t n = make_chunk(out + ci.offset, 2, raw, ci.rsize, ci.count, ci.first_time,
			      ci.last_time);
	scf_put_le32(out + ci.offset + 12, (64u << 20) + 1);
	spit(bad, out, ci.offset + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
	scf_reader_close(r);
	free(out);
	free(raw);
	free(file);
	free(evs);
}
END_TEST

/* The same for the metadata and the trailer: fields that pass the
 * checksum but are damaged. */
START_TEST(test_fuzz_fields)
{
	const char *path = tmp_path("full.scf"), *bad = tmp_path("fuzz.scf");
	struct test_event *evs = gen_events(20, 98);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, 20, 0, NULL, &t);
	size_t len;
	uint8_t *file = slurp(path, &len);
	/* the metadata chunk, the events, the trailer chunk */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta, trailer;
	scf_reader_chunk(r, &meta);
	struct scf_event ev;
	while (scf_reader_next(r, &ev) > 0)
		;
	scf_reader_chunk(r, &trailer);
	ck_assert_uint_eq(trailer.type, 3);
	scf_reader_close(r);
	const struct scf_chunk_info *chunks[2] = { &meta, &trailer };
	uint8_t *out = malloc(len + 4096);
	rng_state = 31337;
	int bad_seen = 0;
	for (int iter = 0; iter < 2000; iter++) {
		const struct scf_chunk_info *ci = chunks[iter % 2];
		uint8_t raw[4096];
		ck_assert_uint_le(ci->rsize, sizeof(raw));
		ck_assert_uint_eq(ZSTD_decompress(raw, ci->rsize,
						  file + ci->offset + SCF_CHUNK_HEADER_SIZE,
						  ci->csize),
				  ci->rsize);
		size_t rlen = ci->rsize;
		if (iter % 5 == 4)
			rlen = rng() % rlen;
		for (int j = 0; rlen && j < 1 + iter % 3; j++)
			raw[rng() % rlen] = rng() % 2 ? rng() : raw[rng() % rlen];
		spit_replaced(bad, out, file, len, ci, raw, rlen, ci->count);
		int rc = scf_reader_open(bad, &r);
		if (rc == 0) {
			while ((rc = scf_reader_next(r, &ev)) > 0)
				;
			const struct scf_trailer *rt = scf_reader_trailer(r);
			if (rt)
				for (uint32_t i = 0; i < rt->ncpus; i++)
					(void)rt->lost_per_cpu[i];
			scf_reader_close(r);
		}
		EXPECT(rc == 0 || rc == -EBADMSG);
		bad_seen += rc == -EBADMSG;
	}
	ck_assert_int_gt(bad_seen, 200);
	free(out);
	free(file);
	free(evs);
}
END_TEST

/* A metadata chunk holding only stack_every (tag 16): 7 reads back, 0 is
 * corrupt (a period of 0 means nothing). */
START_TEST(test_meta_stack_every)
{
	const char *path = tmp_path("every.scf"), *bad = tmp_path("every_bad.scf");
	struct test_event *evs = gen_events(3, 5);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, 3, 0, NULL, &t);
	size_t len;
	uint8_t *file = slurp(path, &len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_chunk_info meta;
	scf_reader_chunk(r, &meta);
	ck_assert_uint_eq(meta.type, 1);
	scf_reader_close(r);
	uint8_t *out = malloc(len + 4096);
	const uint8_t values[2] = { 7, 0 };
	for (int i = 0; i < 2; i++) {
		const uint8_t raw[3] = { 16, 1, values[i] };
		spit_replaced(bad, out, file, len, &meta, raw, sizeof(raw), 1);
		int rc = scf_reader_open(bad, &r);
		if (values[i]) {
			ck_assert_int_eq(rc, 0);
			ck_assert_uint_eq(scf_reader_meta(r)->stack_every, 7);
			scf_reader_close(r);
		} else {
			ck_assert_int_eq(rc, -EBADMSG);
		}
	}
	free(out);
	free(file);
	free(evs);
}
END_TEST

/* Hand-made records with a right checksum and a wrong meaning. */
START_TEST(test_bad_records)
{
	static const struct {
		const char *what;
		uint8_t raw[16];
		size_t len;
		uint32_t count;
		uint64_t first, last;
	} cases[] = {
		{ "unknown type", { 0x08, 0x02 }, 2, 1, 1, 1 },
		{ "unknown CALL flag", { 0x81, 0x02, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, 1, 1, 1 },
		{ "user stack too big", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0, 0xf9, 0xff, 0x03 }, 12, 1, 1, 1 },
		{ "user stack cut short", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0, 0x7f, 1, 2 }, 12, 1, 1, 1 },
		{ "registers cut short", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0x03, 0x00 }, 10, 1, 1, 1 },
		{ "register mask cut short", { 0x51, 0x02, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 16, 1, 1, 1 },
		{ "argmask bit 6", { 0x11, 0x02, 0, 0, 0, 0, 0x40, 0 }, 8, 1, 1, 1 },
		{ "duration before 0", { 0x11, 0x02, 0x05, 0, 0, 0, 0, 0 }, 8, 1, 1, 1 },
		{ "time backwards", { 0x06, 0x04, 0, 0, 0x06, 0x01, 0, 0 }, 8, 2, 2, 1 },
		{ "comm too long", { 0x02, 0, 0, 0, 16 }, 5, 1, 0, 0 },
		{ "build id too long", { 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 21 }, 10, 1, 0, 0 },
		{ "cmdline without NUL", { 0x07, 0, 0, 2, 'a', 'b' }, 6, 1, 0, 0 },
		{ "pid above 32 bits", { 0x04, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0 }, 10, 1, 0, 0 },
		{ "stack longer than chunk", { 0x31, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0 }, 10, 1, 0, 0 },
		{ "count too small", { 0x06, 0, 0, 0, 0x06, 0, 0, 0 }, 8, 1, 0, 0 },
		{ "count too big", { 0x06, 0, 0, 0 }, 4, 2, 0, 0 },
		{ "first_time wrong", { 0x06, 0x02, 0, 0 }, 4, 1, 2, 1 },
		{ "last_time wrong", { 0x06, 0x02, 0, 0 }, 4, 1, 1, 2 },
		{ "records without count", { 0x06, 0x02, 0, 0 }, 4, 0, 0, 0 },
	};
	const char *path = tmp_path("full.scf"), *bad = tmp_path("bad.scf");
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	uint8_t *out = malloc(len + 4096);
	memcpy(out, file, len);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = make_chunk(out + len, 2, cases[i].raw, cases[i].len, cases[i].count,
				      cases[i].first, cases[i].last);
		spit(bad, out, len + n);
		struct scf_reader *r;
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		struct scf_event ev;
		int rc;
		while ((rc = scf_reader_next(r, &ev)) > 0)
			;
		ck_assert_msg(rc == -EBADMSG, "%s: %d", cases[i].what, rc);
		scf_reader_close(r);
	}
	/* a second META chunk, and a trailer that is not fields */
	size_t n = make_chunk(out + len, 1, "", 0, 0, 0, 0);
	spit(bad, out, len + n);
	struct scf_reader *r;
	struct scf_event ev;
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
	scf_reader_close(r);
	n = make_chunk(out + len, 3, "\x01\x05\x00", 3, 1, 0, 0);
	spit(bad, out, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
	ck_assert_ptr_null(scf_reader_trailer(r));
	scf_reader_close(r);
	/* a callchain of 65535 frames reads, one more is corrupt */
	for (uint32_t nips = SCF_MAX_IPS; nips <= SCF_MAX_IPS + 1; nips++) {
		uint8_t *raw = calloc(1, 16 + nips);
		uint8_t *p = raw;
		*p++ = 0x31; /* CALL, SAME_TASK, HAS_STACK */
		*p++ = 0x02; /* time 1 */
		p += 6;      /* duration, cpu, flags, nr, argmask, ret: 0 */
		p = scf_put_varint(p, nips);
		p += nips;   /* each ip the same as the last: 0 */
		uint8_t *big = malloc(len + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(16 + nips));
		memcpy(big, file, len);
		n = make_chunk(big + len, 2, raw, (size_t)(p - raw), 1, 1, 1);
		spit(bad, big, len + n);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		if (nips == SCF_MAX_IPS) {
			ck_assert_int_eq(scf_reader_next(r, &ev), 1);
			ck_assert_uint_eq(ev.call.nips, SCF_MAX_IPS);
			ck_assert_uint_eq(ev.call.ips[SCF_MAX_IPS - 1], 0);
		} else {
			ck_assert_int_eq(scf_reader_next(r, &ev), -EBADMSG);
		}
		scf_reader_close(r);
		free(big);
		free(raw);
	}

	/* a good hand-made record reads: LOST cpu 3 count 300 at time 7 */
	n = make_chunk(out + len, 2, "\x06\x0e\x03\xac\x02", 5, 1, 7, 7);
	spit(bad, out, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	ck_assert_int_eq(ev.type, SCF_EV_LOST);
	ck_assert_uint_eq(ev.time, 7);
	ck_assert_uint_eq(ev.lost.cpu, 3);
	ck_assert_uint_eq(ev.lost.count, 300);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert(scf_reader_truncated(r));
	scf_reader_close(r);
	free(out);
	free(file);
}
END_TEST

/* Reads path, with scf_reader_skip_args or not: the events into evs
 * (at most max, or none if evs is NULL), the count or the error. */
static int read_events(const char *path, bool skip_args, struct scf_event *evs, int max)
{
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	if (skip_args)
		scf_reader_skip_args(r);
	int got = 0, rc;
	struct scf_event ev;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		ck_assert_int_lt(got, max);
		if (evs)
			evs[got] = ev;
		got++;
	}
	scf_reader_close(r);
	return rc < 0 ? rc : got;
}

/* Write to path file[0..flen) followed by an EVENTS chunk raw[0..len) of
 * count records (times first..last). */
static void spit_appended(const char *path, const uint8_t *file, size_t flen, const uint8_t *raw,
			  size_t len, uint32_t count, uint64_t first, uint64_t last)
{
	uint8_t *out = malloc(flen + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(len));
	memcpy(out, file, flen);
	size_t n = make_chunk(out + flen, 2, raw, len, count, first, last);
	spit(path, out, flen + n);
	free(out);
}

/* Reads the one EVENTS chunk raw[0..len) of count records from time
 * first to last, appended to file (a recording without events): the
 * events into evs (at most max), the count or the error. */
static int read_raw_chunk(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len,
			  uint32_t count, uint64_t first, uint64_t last, struct scf_event *evs,
			  int max)
{
	const char *path = tmp_path("raw.scf");
	spit_appended(path, file, flen, raw, len, count, first, last);
	return read_events(path, false, evs, max);
}

/* CALL records without stacks take the reader's fast path: the same
 * values and the same verdicts as the rest of the decoder. */
START_TEST(test_call_records)
{
	const char *path = tmp_path("empty.scf");
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t flen;
	uint8_t *file = slurp(path, &flen);
	struct scf_event evs[8];

	/* time 10: pid 7 tid 8 cpu 1 flags 0 nr 2 (open) args 100, -1,
	 * ret 3, 5 ns; time 20: SAME_TASK, nr 2, arg 0 +5, arg 1 same,
	 * ret -2; time 30: nr 1000000 (no delta state): arg 2 = 9, ret 4;
	 * time 40: nr 1000000 again: arg 2 = 1 (not 9 + 1), ret 0 */
	static const uint8_t good[] = {
		0x01, 20, 5, 14, 16, 1, 0, 4, 0x03, 0xc8, 0x01, 0x01, 6,
		0x11, 20, 2, 1, 0, 4, 0x01, 10, 9,
		0x11, 20, 0, 1, 0, 0x80, 0x89, 0x7a, 0x04, 18, 8,
		0x11, 20, 3, 1, 0, 0x80, 0x89, 0x7a, 0x04, 2, 0,
	};
	ck_assert_int_eq(read_raw_chunk(file, flen, good, sizeof(good), 4, 10, 40, evs, 8), 4);
	const struct scf_call *c = &evs[0].call;
	ck_assert_int_eq(evs[0].type, SCF_EV_CALL);
	ck_assert_uint_eq(evs[0].time, 10);
	ck_assert_uint_eq(c->start, 5);
	ck_assert_uint_eq(c->duration, 5);
	ck_assert_int_eq(c->pid, 7);
	ck_assert_int_eq(c->tid, 8);
	ck_assert_uint_eq(c->cpu, 1);
	ck_assert_uint_eq(c->flags, 0);
	ck_assert_int_eq(c->nr, 2);
	ck_assert_uint_eq(c->args[0], 100);
	ck_assert_uint_eq(c->args[1], UINT64_MAX);
	ck_assert_uint_eq(c->args[2], 0);
	ck_assert_int_eq(c->ret, 3);
	ck_assert_uint_eq(c->nips, 0);
	ck_assert_ptr_null(c->ips);
	ck_assert_uint_eq(c->nregs, 0);
	ck_assert_ptr_null(c->regs);
	ck_assert_uint_eq(c->stack_size, 0);
	ck_assert_ptr_null(c->stack);
	c = &evs[1].call;
	ck_assert_uint_eq(evs[1].time, 20);
	ck_assert_uint_eq(c->duration, 2);
	ck_assert_int_eq(c->pid, 7);
	ck_assert_int_eq(c->tid, 8);
	ck_assert_uint_eq(c->args[0], 105);
	ck_assert_uint_eq(c->args[1], UINT64_MAX);
	ck_assert_int_eq(c->ret, -2);
	c = &evs[2].call;
	ck_assert_int_eq(c->nr, 1000000);
	ck_assert_uint_eq(c->args[0], 0);
	ck_assert_uint_eq(c->args[2], 9);
	ck_assert_int_eq(c->ret, 4);
	c = &evs[3].call;
	ck_assert_uint_eq(c->duration, 3);
	ck_assert_uint_eq(c->args[2], 1);
	ck_assert_int_eq(c->ret, 0);

	/* each wrong in one way only: times 1 (dt 2) unless said */
	static const struct {
		const char *what;
		uint8_t raw[24];
		size_t len;
		uint32_t count;
		uint64_t first, last;
	} bad[] = {
		{ "pid above 32 bits", { 0x01, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0, 0, 0, 0 }, 14, 1, 1, 1 },
		{ "tid above 32 bits", { 0x01, 2, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0, 0, 0 }, 14, 1, 1, 1 },
		{ "cpu above 32 bits", { 0x11, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0, 0 }, 12, 1, 1, 1 },
		{ "flags above 32 bits", { 0x11, 2, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0 }, 12, 1, 1, 1 },
		{ "nr above 32 bits", { 0x11, 2, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x20, 0, 0 }, 12, 1, 1, 1 },
		{ "duration over 64 bits", { 0x11, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0 }, 17, 1, 1, 1 },
		{ "ret cut short", { 0x11, 2, 0, 0, 0, 0, 0, 0x80 }, 8, 1, 1, 1 },
		{ "args cut short", { 0x11, 2, 0, 0, 0, 0, 0x3f, 0, 0 }, 9, 1, 1, 1 },
		{ "record cut after nr", { 0x11, 2, 0, 0, 0, 0 }, 6, 1, 1, 1 },
		{ "bytes after the last", { 0x11, 2, 0, 0, 0, 0, 0, 0, 0 }, 9, 1, 1, 1 },
		{ "second record missing", { 0x11, 2, 0, 0, 0, 0, 0, 0 }, 8, 2, 1, 1 },
		{ "time backwards", { 0x11, 4, 0, 0, 0, 0, 0, 0, 0x11, 1, 0, 0, 0, 0, 0, 0 }, 16, 2, 2, 1 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = read_raw_chunk(file, flen, bad[i].raw, bad[i].len, bad[i].count,
					bad[i].first, bad[i].last, evs, 8);
		ck_assert_msg(rc == -EBADMSG, "%s: %d", bad[i].what, rc);
	}
	/* the first of them with a pid that fits reads */
	uint8_t fits[14];
	memcpy(fits, bad[0].raw, sizeof(fits));
	fits[7] = 0x07;
	ck_assert_int_eq(read_raw_chunk(file, flen, fits, sizeof(fits), 1, 1, 1, evs, 8), 1);
	ck_assert_int_eq(evs[0].call.pid, 7 << 27); /* zigzag 7 << 28 */
	free(file);
}
END_TEST

/* An EVENTS chunk raw[0..len) of count records (times first..last)
 * appended to file, read both ways: the same verdict; returns it. */
static int read_raw_both(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len,
			 uint32_t count, uint64_t first, uint64_t last)
{
	const char *path = tmp_path("raw.scf");
	spit_appended(path, file, flen, raw, len, count, first, last);
	int rc = read_events(path, false, NULL, 1000);
	ck_assert_int_eq(read_events(path, true, NULL, 1000), rc);
	return rc;
}

/* scf_reader_skip_args: every event as without it but with args all 0,
 * and the same verdict on every damaged record. */
START_TEST(test_skip_args)
{
	/* random events, arguments of every size, stacks (the slow path) */
	const char *path = tmp_path("skip.scf");
	enum { N = 3000 };
	struct test_event *evs = gen_events(N, 77);
	write_events(path, evs, N, 1000, NULL, NULL);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	scf_reader_skip_args(r);
	struct scf_event ev;
	size_t n = 0;
	int rc;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		ck_assert_uint_lt(n, N);
		struct scf_event want = evs[n++].ev;
		if (want.type == SCF_EV_CALL)
			memset(want.call.args, 0, sizeof(want.call.args));
		assert_event(&want, &ev);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(n, N);
	scf_reader_close(r);
	free(evs);

	/* one call, nr 2, with the arguments given: kind, dt 1, 0 ns, pid 7,
	 * tid 8, cpu 0, flags 0, nr 2, mask, args, ret 0 */
	const char *empty = tmp_path("empty.scf");
	write_events(empty, NULL, 0, 0, NULL, NULL);
	size_t flen;
	uint8_t *file = slurp(empty, &flen);
#define SEVEN 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f /* a 7-byte varint */
	static const struct {
		const char *what;
		uint8_t mask;
		uint8_t args[64];
		size_t len;
		int want;
	} calls[] = {
		{ "10 and 9 bytes", 0x03,
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
		  19, 1 },
		{ "10th byte 2", 0x01,
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02 },
		  10, -EBADMSG },
		{ "11 bytes", 0x01,
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80, 0x00 },
		  11, -EBADMSG },
		{ "10th byte 2 after short ones", 0x0f,
		  { 1, 2, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
		  13, -EBADMSG },
		{ "six of 7 bytes: past 32", 0x3f,
		  { SEVEN, SEVEN, SEVEN, SEVEN, SEVEN, SEVEN },
		  42, 1 },
		{ "six, the last of 10 bytes ending in 3", 0x3f,
		  { SEVEN, SEVEN, SEVEN, SEVEN, SEVEN,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03 },
		  45, -EBADMSG },
		{ "a second argument missing", 0x03, { 5 }, 1, -EBADMSG },
	};
#undef SEVEN
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		uint8_t raw[96] = { 0x01, 2, 0, 14, 16, 0, 0, 4, calls[i].mask };
		memcpy(raw + 9, calls[i].args, calls[i].len);
		size_t len = 9 + calls[i].len + 1;
		rc = read_raw_both(file, flen, raw, len, 1, 1, 1);
		ck_assert_msg(rc == calls[i].want, "%s: %d", calls[i].what, rc);
	}

	/* damaged chunks of random calls: the same verdicts */
	struct test_event *calls2 = calloc(200, sizeof(*calls2));
	ck_assert_ptr_nonnull(calls2);
	rng_state = 5;
	uint64_t t = 1000;
	for (size_t i = 0; i < 200; i++) {
		do
			gen_event(&calls2[i], &t);
		while (calls2[i].ev.type != SCF_EV_CALL || calls2[i].ev.call.nips ||
		       calls2[i].ev.call.stack);
	}
	write_events(path, calls2, 200, 0, NULL, NULL);
	size_t len;
	uint8_t *whole = slurp(path, &len);
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	scf_reader_close(r);
	uint8_t *raw = malloc(ci.rsize);
	ck_assert_uint_eq(ZSTD_decompress(raw, ci.rsize,
					  whole + ci.offset + SCF_CHUNK_HEADER_SIZE, ci.csize),
			  ci.rsize);
	int bad_seen = 0;
	for (int iter = 0; iter < 2000; iter++) {
		uint8_t *mut = malloc(ci.rsize);
		memcpy(mut, raw, ci.rsize);
		for (int j = 0; j < 1 + iter % 4; j++)
			mut[rng() % ci.rsize] = rng() % 2 ? 0xff : rng();
		rc = read_raw_both(whole, ci.offset, mut, ci.rsize, ci.count, ci.first_time,
				   ci.last_time);
		bad_seen += rc == -EBADMSG;
		free(mut);
	}
	ck_assert_int_gt(bad_seen, 500);
	free(raw);
	free(whole);
	free(calls2);
	free(file);
}
END_TEST

/* SYMBOLS chunks with a right checksum and a wrong meaning. */
START_TEST(test_bad_symbols)
{
	static const struct {
		const char *what;
		uint8_t raw[32];
		size_t len;
		uint32_t count;
	} cases[] = {
		{ "build id too long", { 0x01, 21 }, 23, 1 },
		{ "more symbols than bytes", { 0x06, 0x02, 0x05, 0x00 }, 4, 1 },
		{ "start past 2^64",
		  { 0x06, 0x10, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0,
		    0, 0x01, 0, 0 },
		  18, 1 },
		{ "name cut short", { 0x06, 0x04, 0x01, 0x00, 0x00, 0x05 }, 6, 1 },
		{ "bytes after the symbols", { 0x06, 0x05, 0x01, 0, 0, 0, 0xaa }, 7, 1 },
		{ "e_type above 16 bits", { 0x03, 0x03, 0x80, 0x80, 0x04 }, 5, 1 },
		{ "load_vaddr with more", { 0x04, 0x02, 0x01, 0x01 }, 4, 1 },
		{ "field longer than chunk", { 0x02, 0x05, 'a' }, 3, 1 },
		{ "count wrong", { 0x02, 0x01, 'a' }, 3, 2 },
	};
	const char *path = tmp_path("full.scf"), *bad = tmp_path("bad.scf");
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	uint8_t *out = malloc(len + 4096);
	memcpy(out, file, len);
	struct scf_reader *r;
	struct scf_event ev;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = make_chunk(out + len, 4, cases[i].raw, cases[i].len, cases[i].count, 0, 0);
		spit(bad, out, len + n);
		ck_assert_int_eq(scf_reader_open(bad, &r), 0);
		int rc = scf_reader_next(r, &ev);
		ck_assert_msg(rc == -EBADMSG, "%s: %d", cases[i].what, rc);
		ck_assert_uint_eq(scf_reader_nsymtabs(r), 0);
		scf_reader_close(r);
	}

	/* a good one by hand: build-id ab cd, an unknown field, two symbols
	 * {0x10, 4, "f"} and {0x14, 0, ""} */
	static const uint8_t good[] = { 0x01, 0x02, 0xab, 0xcd, 0x07, 0x01, 0x00, 0x06, 0x08,
					0x02, 0x10, 0x04, 0x01, 'f', 0x04, 0x00, 0x00 };
	size_t n = make_chunk(out + len, 4, good, sizeof(good), 3, 0, 0);
	spit(bad, out, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), 0);
	ck_assert(scf_reader_truncated(r));
	ck_assert_uint_eq(scf_reader_nsymtabs(r), 1);
	const struct scf_symtab *t = scf_reader_symtab(r, 0);
	ck_assert_uint_eq(t->build_id_size, 2);
	ck_assert_uint_eq(t->build_id[1], 0xcd);
	ck_assert_ptr_null(t->path);
	ck_assert_uint_eq(t->e_type, 0);
	ck_assert_uint_eq(t->nsyms, 2);
	ck_assert_uint_eq(t->syms[0].start, 0x10);
	ck_assert_uint_eq(t->syms[0].size, 4);
	ck_assert_str_eq(t->syms[0].name, "f");
	ck_assert_uint_eq(t->syms[1].start, 0x14);
	ck_assert_uint_eq(t->syms[1].size, 0);
	ck_assert_str_eq(t->syms[1].name, "");
	scf_reader_close(r);

	/* a payload of 60 MiB of empty symbols (3 bytes each, 20M of them)
	 * would take 540 MiB of memory: refused before allocating */
	size_t big = 60u << 20;
	uint8_t *raw = calloc(1, big + 16);
	uint8_t *p = raw;
	*p++ = 0x06;
	p = scf_put_varint(p, scf_varint_size(big / 3) + big); /* the field's length */
	p = scf_put_varint(p, big / 3);
	size_t rlen = (size_t)(p - raw) + big;
	uint8_t *huge = malloc(len + SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(rlen));
	memcpy(huge, file, len);
	n = make_chunk(huge + len, 4, raw, rlen, 1, 0, 0);
	ck_assert_uint_lt(n, 64 << 10); /* zeros compress well */
	spit(bad, huge, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), 0);
	ck_assert_int_eq(scf_reader_next(r, &ev), -ENOMEM);
	scf_reader_close(r);
	free(huge);
	free(raw);

	/* before the metadata */
	uint8_t *early = malloc(len + 4096);
	memcpy(early, file, 32);
	n = make_chunk(early + 32, 4, good, sizeof(good), 3, 0, 0);
	memcpy(early + 32 + n, file + 32, len - 32);
	spit(bad, early, len + n);
	ck_assert_int_eq(scf_reader_open(bad, &r), -EBADMSG);
	free(early);
	free(out);
	free(file);
}
END_TEST

/* A recording cut inside or after its SYMBOLS chunk. */
START_TEST(test_symtab_truncated)
{
	const char *path = tmp_path("sym.scf"), *cut = tmp_path("cut.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = { .type = SCF_EV_LOST, .time = 5 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t events_end = scf_writer_bytes(w);
	struct scf_symtab t = test_symtab();
	ck_assert_int_eq(scf_writer_add_symtab(w, &t), 0);
	ck_assert_int_eq(scf_writer_flush(w), 0);
	uint64_t symbols_end = scf_writer_bytes(w);
	struct scf_trailer tr = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &tr), 0);
	scf_writer_free(w);
	close(fd);
	size_t len;
	uint8_t *file = slurp(path, &len);
	for (size_t size = events_end; size <= len; size++) {
		spit(cut, file, size);
		struct scf_reader *r;
		ck_assert_int_eq(scf_reader_open(cut, &r), 0);
		ck_assert_int_eq(scf_reader_next(r, &ev), 1);
		ck_assert_int_eq(scf_reader_next(r, &ev), 0);
		ck_assert(scf_reader_truncated(r) == (size < len));
		ck_assert_uint_eq(scf_reader_nsymtabs(r), size >= symbols_end);
		if (size >= symbols_end)
			assert_symtab(scf_reader_symtab(r, 0), &t, sorted_syms);
		scf_reader_close(r);
		ck_assert_int_eq(scf_reader_open(cut, &r), 0);
		ck_assert_int_eq(scf_reader_skip_events(r), 0);
		ck_assert(scf_reader_truncated(r) == (size < len));
		ck_assert_uint_eq(scf_reader_nsymtabs(r), size >= symbols_end);
		scf_reader_close(r);
	}
	free(file);
}
END_TEST

/* ---- write errors ---- */

START_TEST(test_enospc)
{
	struct scf_meta m = test_meta();
	struct scf_writer *w = (void *)1;
	int full = open("/dev/full", O_WRONLY);
	ck_assert_int_ge(full, 0);
	/* the header is written at once */
	ck_assert_int_eq(scf_writer_new(full, &m, &w), -ENOSPC);
	ck_assert_ptr_null(w);

	/* the disk fills later: the background thread's error surfaces */
	int fd = open_out(tmp_path("full.scf"));
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	uint64_t before = scf_writer_bytes(w);
	ck_assert_int_eq(dup2(full, fd), fd);
	struct test_event *evs = gen_events(1000, 5);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i].ev), 0);
	ck_assert_int_eq(scf_writer_flush(w), -ENOSPC);
	/* sticky, and nothing blocks: many chunks' worth is refused */
	struct scf_event ev = evs[999].ev;
	ck_assert_int_eq(scf_writer_add(w, &ev), -ENOSPC);
	ck_assert_int_eq(scf_writer_cut(w), -ENOSPC);
	ck_assert_int_eq(scf_writer_flush(w), -ENOSPC);
	struct scf_trailer t = { 0 };
	ck_assert_int_eq(scf_writer_finish(w, &t), -ENOSPC);
	ck_assert_uint_eq(scf_writer_bytes(w), before);
	scf_writer_free(w);
	close(fd);
	close(full);
	free(evs);
}
END_TEST

/* A reader that went away: EPIPE, not a SIGPIPE that kills the recorder. */
START_TEST(test_epipe)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	struct scf_meta m = { 0 };
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(p[1], &m, &w), 0);
	close(p[0]);
	struct scf_event ev = { .type = SCF_EV_LOST, .time = 1 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ck_assert_int_eq(scf_writer_flush(w), -EPIPE);
	ck_assert_int_eq(scf_writer_add(w, &ev), -EPIPE);
	scf_writer_free(w);
	close(p[1]);
}
END_TEST

/* A writer whose disk is slow or full never holds more than a few chunks:
 * add() waits for the thread rather than queueing without bound. */
START_TEST(test_bounded_queue)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		/* nobody reads the pipe: add() must wait, not grow memory */
		struct scf_meta m = { 0 };
		struct scf_writer *w;
		if (scf_writer_new(p[1], &m, &w))
			_exit(1);
		struct scf_event ev = { .type = SCF_EV_CMDLINE, .time = 1 };
		static char big[60000];
		memset(big, 'x', sizeof(big));
		ev.cmdline.argv = big;
		ev.cmdline.len = sizeof(big);
		for (;;)
			scf_writer_add(w, &ev);
	}
	/* its RSS after half a second, when the queue is long full, and a
	 * second later */
	long rss[2];
	for (int i = 0; i < 2; i++) {
		usleep(i ? 1000000 : 500000);
		char buf[64];
		snprintf(buf, sizeof(buf), "/proc/%d/statm", (int)child);
		FILE *f = fopen(buf, "r");
		ck_assert_ptr_nonnull(f);
		long size;
		ck_assert_int_eq(fscanf(f, "%ld %ld", &size, &rss[i]), 2);
		fclose(f);
		rss[i] *= sysconf(_SC_PAGESIZE);
	}
	kill(child, SIGKILL);
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	/* still running when killed, its memory flat: an unbounded queue
	 * grows by GiBs a second.  The absolute bound is loose: under the
	 * sanitizers the RSS depends on which tests ran before this one in
	 * the runner (30 MiB when test_skip_args comes after it, 92 when
	 * before, though each test runs in its own process). */
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_lt(rss[1] - rss[0], 8l << 20);
	ck_assert_int_lt(rss[1], 256l << 20);
	close(p[0]);
	close(p[1]);
}
END_TEST

/* ---- captures (format 2) ---- */

/* Random events with captures, in one chunk and in many, read back; the
 * header says a version-1 reader cannot read them. */
START_TEST(test_captures_roundtrip)
{
	meta_extra_features = SCF_FEAT_CAPTURES;
	meta_recorder_kind = SCF_RECORDER_BPF;
	gen_captures = true;
	const char *path = tmp_path("caps.scf");
	struct test_event *evs = gen_events(3000, 777);
	size_t ncaps = 0, nfault = 0;
	for (size_t i = 0; i < 3000; i++) {
		ncaps += evs[i].ev.call.ncaptures;
		for (uint32_t k = 0; k < evs[i].ev.call.ncaptures; k++)
			nfault += !!(evs[i].ev.call.captures[k].flags & SCF_CAP_FAULT);
	}
	ck_assert_uint_gt(ncaps, 1000);
	ck_assert_uint_gt(nfault, 50);
	struct scf_trailer t = test_trailer();
	for (size_t group = 0; group <= 7; group += 7) {
		write_events(path, evs, 3000, group, NULL, &t);
		size_t nread;
		struct scf_reader *r;
		ck_assert_int_eq(read_compare(path, evs, 3000, &nread, &r), 0);
		ck_assert_uint_eq(nread, 3000);
		struct scf_header_info hi;
		scf_reader_header(r, &hi);
		ck_assert_uint_eq(hi.version, 2);
		ck_assert_uint_eq(hi.min_version, 1);
		ck_assert_uint_eq(hi.incompat, SCF_INCOMPAT_CAPTURES);
		const struct scf_meta *m = scf_reader_meta(r);
		ck_assert_uint_eq(m->features & SCF_FEAT_CAPTURES, SCF_FEAT_CAPTURES);
		ck_assert_uint_eq(m->recorder_kind, SCF_RECORDER_BPF);
		ck_assert_str_eq(scf_recorder_kind_name(m->recorder_kind), "bpf");
		scf_reader_close(r);
	}
	/* and with scf_reader_skip_args: the captures stay */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	scf_reader_skip_args(r);
	struct scf_event ev;
	size_t i = 0, got = 0;
	int rc;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		if (ev.type == SCF_EV_CALL)
			got += ev.call.ncaptures;
		i++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(i, 3000);
	ck_assert_uint_eq(got, ncaps);
	scf_reader_close(r);
	free(evs);
}
END_TEST

/* A file without captures stays readable by a version-1 reader; one
 * without recorder_kind (every file before format 2) reads as made by
 * the tracepoint recorder. */
START_TEST(test_captures_absent)
{
	const char *path = tmp_path("nocaps.scf");
	struct test_event *evs = gen_events(200, 99);
	write_events(path, evs, 200, 0, NULL, NULL);
	struct scf_reader *r;
	size_t nread;
	ck_assert_int_eq(read_compare(path, evs, 200, &nread, &r), 0);
	struct scf_header_info hi;
	scf_reader_header(r, &hi);
	ck_assert_uint_eq(hi.min_version, 1);
	ck_assert_uint_eq(hi.incompat, 0);
	ck_assert_uint_eq(scf_reader_meta(r)->recorder_kind, SCF_RECORDER_TRACEPOINT);
	ck_assert_str_eq(scf_recorder_kind_name(SCF_RECORDER_TRACEPOINT), "tracepoint");
	ck_assert_ptr_null(scf_recorder_kind_name(0));
	ck_assert_ptr_null(scf_recorder_kind_name(3));
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_PATH), "path");
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_SOCKADDR), "sockaddr");
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_DATA), "data");
	ck_assert_ptr_null(scf_capture_kind_name(0));
	ck_assert_ptr_null(scf_capture_kind_name(4));
	scf_reader_close(r);
	free(evs);
}
END_TEST

START_TEST(test_captures_writer_rejects)
{
	static const uint8_t big[SCF_CAPTURE_MAX + 1];
	struct scf_capture caps[SCF_MAX_ARGS + 1];
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 100 };
	ev.call.start = 100;
	ev.call.captures = caps;
	for (int with = 0; with <= 1; with++) {
		meta_extra_features = with ? SCF_FEAT_CAPTURES : 0;
		const char *path = tmp_path("caprej.scf");
		struct scf_meta m = test_meta();
		int fd = open_out(path);
		struct scf_writer *w;
		ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
		memset(caps, 0, sizeof(caps));
		caps[0] = (struct scf_capture){ .arg = 1, .kind = SCF_CAP_PATH, .len = 4,
						.data = (const uint8_t *)"/tmp" };
		ev.call.ncaptures = 1;
		/* only a file that says it holds captures may */
		ck_assert_int_eq(scf_writer_add(w, &ev), with ? 0 : -EINVAL);
		if (!with) {
			scf_writer_free(w);
			close(fd);
			continue;
		}
		ev.call.captures = NULL;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		ev.call.captures = caps;
		ev.call.ncaptures = SCF_MAX_ARGS + 1;
		for (int i = 0; i <= SCF_MAX_ARGS; i++)
			caps[i] = (struct scf_capture){ .arg = i, .kind = SCF_CAP_PATH };
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		ev.call.ncaptures = SCF_MAX_ARGS; /* one per argument: right */
		ck_assert_int_eq(scf_writer_add(w, &ev), 0);
		ev.call.ncaptures = 2;
		caps[1].arg = 0; /* not increasing */
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].arg = 6; /* no such argument */
		ev.call.ncaptures = 1;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].arg = 0;
		caps[0].kind = 0;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].kind = 4;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].kind = SCF_CAP_DATA;
		caps[0].flags = 1u << 3;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].flags = SCF_CAP_FAULT; /* a fault with data */
		caps[0].len = 1;
		caps[0].data = big;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].flags = SCF_CAP_TRUNCATED;
		caps[0].len = SCF_CAPTURE_MAX + 1;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].len = SCF_CAPTURE_MAX; /* the largest */
		ck_assert_int_eq(scf_writer_add(w, &ev), 0);
		caps[0].data = NULL;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		struct scf_trailer t = { 0 };
		ck_assert_int_eq(scf_writer_finish(w, &t), 0);
		scf_writer_free(w);
		close(fd);

		struct scf_reader *r;
		struct scf_event got;
		ck_assert_int_eq(scf_reader_open(path, &r), 0);
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		ck_assert_uint_eq(got.call.ncaptures, 1);
		ck_assert_uint_eq(got.call.captures[0].arg, 1);
		ck_assert_uint_eq(got.call.captures[0].len, 4);
		ck_assert(!memcmp(got.call.captures[0].data, "/tmp", 4));
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		ck_assert_uint_eq(got.call.ncaptures, SCF_MAX_ARGS);
		for (int i = 0; i < SCF_MAX_ARGS; i++) {
			ck_assert_uint_eq(got.call.captures[i].arg, i);
			ck_assert_uint_eq(got.call.captures[i].len, 0);
			ck_assert_ptr_null(got.call.captures[i].data);
		}
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		ck_assert_uint_eq(got.call.captures[0].len, SCF_CAPTURE_MAX);
		ck_assert_uint_eq(got.call.captures[0].flags, SCF_CAP_TRUNCATED);
		ck_assert_int_eq(scf_reader_next(r, &got), 0);
		scf_reader_close(r);
	}
}
END_TEST

/* Hand-made CALL records with captures: one good, and each corrupt in
 * one way; and HAS_CAPTURES in a file that did not announce them. */
START_TEST(test_captures_bad_records)
{
	const char *path = tmp_path("capfile.scf");
	meta_extra_features = SCF_FEAT_CAPTURES;
	write_events(path, NULL, 0, 0, NULL, NULL);
	meta_extra_features = 0;
	size_t flen;
	uint8_t *file = slurp(path, &flen);
	struct scf_event evs[4];

	/* time 1 (dt 2), duration 0, SAME_TASK, cpu 0 flags 0 nr 257 argmask
	 * 0 ret 3, then captures: 2 of them: arg 1 path "/etc" at exit,
	 * arg 3 data fault */
	static const uint8_t good[] = { 0x91, 2, 0, 0, 0, 0x82, 0x04, 0, 6,
					2, 1, 1, 4, 4, '/', 'e', 't', 'c', 3, 3, 2, 0 };
	ck_assert_int_eq(read_raw_chunk(file, flen, good, sizeof(good), 1, 1, 1, evs, 4), 1);
	const struct scf_call *c = &evs[0].call;
	ck_assert_int_eq(c->nr, 257);
	ck_assert_int_eq(c->ret, 3);
	ck_assert_uint_eq(c->ncaptures, 2);
	ck_assert_uint_eq(c->captures[0].arg, 1);
	ck_assert_uint_eq(c->captures[0].kind, SCF_CAP_PATH);
	ck_assert_uint_eq(c->captures[0].flags, SCF_CAP_AT_EXIT);
	ck_assert_uint_eq(c->captures[0].len, 4);
	ck_assert(!memcmp(c->captures[0].data, "/etc", 4));
	ck_assert_uint_eq(c->captures[1].arg, 3);
	ck_assert_uint_eq(c->captures[1].kind, SCF_CAP_DATA);
	ck_assert_uint_eq(c->captures[1].flags, SCF_CAP_FAULT);
	ck_assert_uint_eq(c->captures[1].len, 0);
	ck_assert_ptr_null(c->captures[1].data);

	/* the record up to its captures, then each wrong in one way */
	static const uint8_t head[] = { 0x91, 2, 0, 0, 0, 0x82, 0x04, 0, 6 };
	static const struct {
		const char *what;
		uint8_t caps[16];
		size_t len;
	} bad[] = {
		{ "no captures", { 0 }, 1 },
		{ "seven captures", { 7 }, 1 },
		{ "argument 6", { 1, 6, 1, 0, 0 }, 5 },
		{ "arguments not increasing", { 2, 1, 1, 0, 0, 1, 1, 0, 0 }, 9 },
		{ "kind 0", { 1, 0, 0, 0, 0 }, 5 },
		{ "kind 4", { 1, 0, 4, 0, 0 }, 5 },
		{ "flag bit 3", { 1, 0, 1, 8, 0 }, 5 },
		{ "flags over 64 bits", { 1, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0 }, 14 },
		{ "fault with data", { 1, 0, 1, 2, 1, 'x' }, 6 },
		{ "longer than 65536", { 1, 0, 3, 0, 0x81, 0x80, 0x04 }, 7 },
		{ "data cut short", { 1, 0, 1, 0, 5, 'a', 'b' }, 7 },
		{ "cut after the count", { 1 }, 1 },
		{ "cut after the kind", { 1, 0, 1 }, 3 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t raw[64];
		memcpy(raw, head, sizeof(head));
		memcpy(raw + sizeof(head), bad[i].caps, bad[i].len);
		int rc = read_raw_chunk(file, flen, raw, sizeof(head) + bad[i].len, 1, 1, 1, evs, 4);
		ck_assert_msg(rc == -EBADMSG, "%s: %d", bad[i].what, rc);
	}
	/* a capture of 65536 bytes reads */
	uint8_t *raw = malloc(sizeof(head) + 8 + SCF_CAPTURE_MAX);
	memcpy(raw, head, sizeof(head));
	uint8_t *p = raw + sizeof(head);
	*p++ = 1;
	*p++ = 2;
	*p++ = SCF_CAP_DATA;
	*p++ = SCF_CAP_TRUNCATED;
	p = scf_put_varint(p, SCF_CAPTURE_MAX);
	memset(p, 'z', SCF_CAPTURE_MAX);
	p += SCF_CAPTURE_MAX;
	ck_assert_int_eq(read_raw_chunk(file, flen, raw, (size_t)(p - raw), 1, 1, 1, evs, 4), 1);
	ck_assert_uint_eq(evs[0].call.captures[0].len, SCF_CAPTURE_MAX);
	ck_assert_uint_eq(evs[0].call.captures[0].data[SCF_CAPTURE_MAX - 1], 'z');
	free(raw);
	free(file);

	/* the same good record where the header has no incompat bit */
	write_events(path, NULL, 0, 0, NULL, NULL);
	file = slurp(path, &flen);
	ck_assert_int_eq(read_raw_chunk(file, flen, good, sizeof(good), 1, 1, 1, evs, 4), -EBADMSG);
	free(file);
}
END_TEST

/* A file with captures, as a reader that knows no incompat bits sees
 * it: the header's bit 0 is set and the rest of the file is the same. */
START_TEST(test_captures_incompat)
{
	const char *path = tmp_path("caps.scf");
	meta_extra_features = SCF_FEAT_CAPTURES;
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	ck_assert_uint_eq(scf_get_le16(file + 8), 2);
	ck_assert_uint_eq(scf_get_le16(file + 10), 1);
	ck_assert_uint_eq(scf_get_le64(file + 16), 1);
	/* a bit this reader does not know beside it: refused */
	make_header(file, 2, 1, 32, SCF_INCOMPAT_CAPTURES | 4);
	spit(path, file, len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	free(file);
}
END_TEST

/* Counters: their list in the metadata, each call's values and scaled
 * mask, calls without them beside calls with them; the header's incompat
 * bit 1 set. */
START_TEST(test_counters_roundtrip)
{
	const char *path = tmp_path("counters.scf");
	static const struct scf_counter counters[] = {
		{ "page-faults", 1, 2, 0, 0 },
		{ "perf::cycles", 0, 0, 0x11, UINT64_MAX },
	};
	static const uint64_t v1[] = { 6400, 0 }, v2[] = { UINT64_MAX, 5 };
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_COUNTERS;
	m.ncounters = 2;
	m.counters = counters;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 1000 };
	ev.call = (struct scf_call){ .start = 900, .duration = 100, .pid = 1, .tid = 1, .nr = 0,
				     .ncounters = 2, .counters = v1 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 2000;
	ev.call = (struct scf_call){ .start = 2000, .pid = 1, .tid = 1, .nr = 0,
				     .flags = SCF_CALL_NO_ENTER };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 3000;
	ev.call = (struct scf_call){ .start = 2500, .duration = 500, .pid = 1, .tid = 2, .nr = 5000,
				     .ncounters = 2, .counters = v2, .counters_scaled = 2 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	/* one counter short, or a scaled bit past them: refused */
	ev.time = 3001;
	ev.call.start = 3001;
	ev.call.duration = 0;
	ev.call.ncounters = 1;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.ncounters = 2;
	ev.call.counters_scaled = 4;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_header_info h;
	scf_reader_header(r, &h);
	ck_assert_uint_eq(h.incompat, SCF_INCOMPAT_COUNTERS);
	const struct scf_meta *rm = scf_reader_meta(r);
	ck_assert(rm->features & SCF_FEAT_COUNTERS);
	ck_assert_uint_eq(rm->ncounters, 2);
	ck_assert_str_eq(rm->counters[1].name, "perf::cycles");
	ck_assert_uint_eq(rm->counters[0].type, 1);
	ck_assert_uint_eq(rm->counters[0].config, 2);
	ck_assert_uint_eq(rm->counters[1].config1, 0x11);
	ck_assert_uint_eq(rm->counters[1].config2, UINT64_MAX);
	struct scf_event got;
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_uint_eq(got.call.ncounters, 2);
	ck_assert_uint_eq(got.call.counters[0], 6400);
	ck_assert_uint_eq(got.call.counters[1], 0);
	ck_assert_uint_eq(got.call.counters_scaled, 0);
	ck_assert_uint_eq(got.call.flags, 0);
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_uint_eq(got.call.ncounters, 0);
	ck_assert_uint_eq(got.call.flags, SCF_CALL_NO_ENTER);
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_int_eq(got.call.nr, 5000);
	ck_assert_uint_eq(got.call.counters[0], UINT64_MAX);
	ck_assert_uint_eq(got.call.counters[1], 5);
	ck_assert_uint_eq(got.call.counters_scaled, 2);
	ck_assert_int_eq(scf_reader_next(r, &got), 0);
	ck_assert(!scf_reader_truncated(r));
	scf_reader_close(r);
}
END_TEST

/* Values without the feature, or the feature without counters: refused. */
START_TEST(test_counters_writer_rejects)
{
	const char *path = tmp_path("nocounters.scf");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_COUNTERS;
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), -EINVAL);
	m.features = 0;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	static const uint64_t v[] = { 1 };
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 10 };
	ev.call = (struct scf_call){ .start = 10, .ncounters = 1, .counters = v };
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	scf_writer_free(w);
	close(fd);
}
END_TEST

static Suite *scf_suite(void)
{
	Suite *s = suite_create("scf");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_varint);
	tcase_add_test(tc, test_strerror);
	tcase_add_test(tc, test_target_name);
	tcase_add_test(tc, test_syscall_name);
	tcase_add_test(tc, test_roundtrip_every_field);
	tcase_add_test(tc, test_roundtrip_meta);
	tcase_add_test(tc, test_roundtrip_empty_meta);
	tcase_add_test(tc, test_many_chunks);
	tcase_add_test(tc, test_dd_stream_size);
	tcase_add_test(tc, test_dwarf_stream_size);
	tcase_add_test(tc, test_symtab_roundtrip);
	tcase_add_test(tc, test_symtab_addr);
	tcase_add_test(tc, test_symtab_big);
	tcase_add_test(tc, test_writer_rejects);
	tcase_add_test(tc, test_no_file);
	tcase_add_test(tc, test_zero_length);
	tcase_add_test(tc, test_not_a_recording);
	tcase_add_test(tc, test_versions);
	tcase_add_test(tc, test_truncated_everywhere);
	tcase_add_test(tc, test_flipped_bytes);
	tcase_add_test(tc, test_corrupt_middle_chunk);
	tcase_add_test(tc, test_fuzz_records);
	tcase_add_test(tc, test_fuzz_fields);
	tcase_add_test(tc, test_meta_stack_every);
	tcase_add_test(tc, test_bad_records);
	tcase_add_test(tc, test_call_records);
	tcase_add_test(tc, test_skip_args);
	tcase_add_test(tc, test_bad_symbols);
	tcase_add_test(tc, test_symtab_truncated);
	tcase_add_test(tc, test_enospc);
	tcase_add_test(tc, test_epipe);
	tcase_add_test(tc, test_bounded_queue);
	tcase_add_test(tc, test_captures_roundtrip);
	tcase_add_test(tc, test_captures_absent);
	tcase_add_test(tc, test_captures_writer_rejects);
	tcase_add_test(tc, test_captures_bad_records);
	tcase_add_test(tc, test_captures_incompat);
	tcase_add_test(tc, test_counters_roundtrip);
	tcase_add_test(tc, test_counters_writer_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
