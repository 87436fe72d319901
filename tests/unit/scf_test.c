/*
 * scf_test.c - what the tests of libscf share (scf_test.h): a temp dir
 * per test, files in and out, the test recording's metadata and trailer,
 * random events, hand-made headers and chunks.
 */
#include "tests/unit/scf_test.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf_internal.h"

/* ---- fixture: a temp dir per test ---- */

char tmpdir[64];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_scf.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

void teardown(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *tmp_path(const char *name)
{
	static char buf[4][128];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

/* ---- helpers ---- */


uint8_t *slurp(const char *path, size_t *len)
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

void spit(const char *path, const void *p, size_t len)
{
	/* a new file: ext4 flushes a file truncated and rewritten, slowly */
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, p, len), (ssize_t)len);
	close(fd);
}

const char *const test_argv[] = { "dd", "if=/dev/zero", "", "bs=1" };
const int32_t test_pids[] = { 1, -5, 2147483647 };
const struct scf_syscall_name test_syscalls[] = {
	{ 0, "read" }, { 1, "write" }, { 39, "getpid" }, { 435, "clone3" }, { -1, "" },
};
const uint64_t test_lost[] = { 0, 7, UINT64_MAX };

/* What test_meta() adds, for the tests of captures (each test runs in a
 * process of its own). */
uint64_t meta_extra_features;
uint32_t meta_recorder_kind;
/* gen_event gives calls captures */
bool gen_captures;

struct scf_meta test_meta(void)
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

struct scf_trailer test_trailer(void)
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


uint64_t rng_state;

uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A random event of any type at time *t (which it advances). */
void gen_event(struct test_event *te, uint64_t *t)
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
void assert_event(const struct scf_event *want, const struct scf_event *got)
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
	case SCF_EV_FD:
		EXPECT(got->fd.pid == want->fd.pid);
		EXPECT(got->fd.fd == want->fd.fd);
		EXPECT(got->fd.flags == want->fd.flags);
		EXPECT(got->fd.len == want->fd.len);
		EXPECT(!memcmp(got->fd.name, want->fd.name, want->fd.len));
		EXPECT(got->fd.name[got->fd.len] == 0);
		break;
	}
}

int open_out(const char *path)
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
void write_events(const char *path, const struct test_event *evs, size_t n, size_t group,
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
int read_compare(const char *path, const struct test_event *evs, size_t n, size_t *nread,
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

struct test_event *gen_events(size_t n, uint64_t seed)
{
	struct test_event *evs = calloc(n, sizeof(*evs));
	ck_assert_ptr_nonnull(evs);
	rng_state = seed;
	uint64_t t = 1000;
	for (size_t i = 0; i < n; i++)
		gen_event(&evs[i], &t);
	return evs;
}

/* A header with the given fields and a right checksum. */
void make_header(uint8_t *h, uint16_t version, uint16_t min_version, uint32_t size,
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
size_t make_chunk(uint8_t *out, uint8_t type, const void *raw, size_t rlen,
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
void spit_replaced(const char *path, uint8_t *out, const uint8_t *file, size_t len,
			  const struct scf_chunk_info *ci, const void *raw, size_t rlen,
			  uint32_t count)
{
	size_t end = ci->offset + SCF_CHUNK_HEADER_SIZE + ci->csize;
	memcpy(out, file, ci->offset);
	size_t n = make_chunk(out + ci->offset, ci->type, raw, rlen, count, 0, 0);
	memcpy(out + ci->offset + n, file + end, len - end);
	spit(path, out, ci->offset + n + len - end);
}

/* A small recording of several chunks, the file size after each. */

struct test_event *small_recording(const char *path, uint64_t *ends, uint8_t **file,
					  size_t *len)
{
	struct test_event *evs = gen_events(SMALL_N, 12345);
	struct scf_trailer t = test_trailer();
	write_events(path, evs, SMALL_N, SMALL_GROUP, ends, &t);
	*file = slurp(path, len);
	return evs;
}

/* Reads path, with scf_reader_skip_args or not: the events into evs
 * (at most max, or none if evs is NULL), the count or the error. */
int read_events(const char *path, bool skip_args, struct scf_event *evs, int max)
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
void spit_appended(const char *path, const uint8_t *file, size_t flen, const uint8_t *raw,
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
int read_raw_chunk(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len,
			  uint32_t count, uint64_t first, uint64_t last, struct scf_event *evs,
			  int max)
{
	const char *path = tmp_path("raw.scf");
	spit_appended(path, file, flen, raw, len, count, first, last);
	return read_events(path, false, evs, max);
}

/* An EVENTS chunk raw[0..len) of count records (times first..last)
 * appended to file, read both ways: the same verdict; returns it. */
int read_raw_both(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len,
			 uint32_t count, uint64_t first, uint64_t last)
{
	const char *path = tmp_path("raw.scf");
	spit_appended(path, file, flen, raw, len, count, first, last);
	int rc = read_events(path, false, NULL, 1000);
	ck_assert_int_eq(read_events(path, true, NULL, 1000), rc);
	return rc;
}

/* Every event type and field, with the extremes. */
size_t edge_events(struct test_event *evs)
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
