/*
 * bpf_recorder.c - loads profiler/bpf/scprof.bpf.c (embedded as a libbpf
 * skeleton), configures it, and turns its ring-buffer records into the
 * merge's raw events.  See bpf_recorder.h.
 */
#include "profiler/bpf_recorder.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/types.h>

#include "formats/scf.h"
#include "profiler/bpf/scprof_bpf.h"
#include "profiler/bpf/scprof.skel.h"
#include "profiler/bpf_records.h"
#include "syscalls/captures.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

_Static_assert((int)SCPROF_ARG_STR == (int)SYSCALL_CAP_STR &&
		       (int)SCPROF_ARG_SOCKADDR_IN == (int)SYSCALL_CAP_SOCKADDR_IN &&
		       (int)SCPROF_ARG_SOCKADDR_OUT == (int)SYSCALL_CAP_SOCKADDR_OUT &&
		       (int)SCPROF_ARG_DATA_IN == (int)SYSCALL_CAP_DATA_IN &&
		       (int)SCPROF_ARG_DATA_OUT == (int)SYSCALL_CAP_DATA_OUT &&
		       (int)SCPROF_ARG_FDPAIR_OUT == (int)SYSCALL_CAP_FDPAIR_OUT &&
		       (int)SCPROF_ARG_IOV_IN == (int)SYSCALL_CAP_IOV_IN &&
		       (int)SCPROF_ARG_IOV_OUT == (int)SYSCALL_CAP_IOV_OUT &&
		       (int)SCPROF_ARG_MSG_IN == (int)SYSCALL_CAP_MSG_IN &&
		       (int)SCPROF_ARG_MSG_OUT == (int)SYSCALL_CAP_MSG_OUT &&
		       (int)SCPROF_ARG_MMSG_IN == (int)SYSCALL_CAP_MMSG_IN &&
		       (int)SCPROF_ARG_MMSG_OUT == (int)SYSCALL_CAP_MMSG_OUT,
	       "scprof_bpf.h disagrees with captures.h");
_Static_assert(BPF_RECORDER_SNAPLEN_MAX <= SCPROF_BPF_CAP_ONE, "-s larger than a capture");

/* The reader is woken each time a CPU wrote this much (or ring/16 if
 * less): one wake-up per call cost 1.9 us a call, one per MiB 0.4 us. */
#define WAKE_BYTES (1u << 20)

/*
 * The ring buffer's reader side, mapped as libbpf maps it: the consumer
 * position (a page we write), then the producer position (a page the
 * kernel writes) and the data, mapped twice in a row so that a record
 * that wraps reads as one piece.
 *
 * Not libbpf's ring_buffer: that one polls the map level-triggered, so a
 * reader that keeps up is woken again as soon as one record is pending,
 * and it publishes the consumer position after every record; together
 * they bounced the ring's cache lines between the writer's CPU and the
 * reader's at every record (dd: ~650 ns a call against ~200).  Here the
 * map is polled edge-triggered, through an epoll descriptor, so only the
 * kernel side's forced wake-ups (and the timer) wake the reader, and the
 * consumer position is published once per drain, as the perf rings'
 * tail is.
 */
struct ring_reader {
	int epfd;                    /* epoll on the map, edge-triggered */
	uint64_t size;               /* data bytes, a power of two */
	unsigned long *consumer;
	const unsigned long *producer;
	const uint8_t *data;
	void *cons_map, *prod_map;
	size_t page, prod_len;
};

struct bpf_recorder {
	struct bpf_recorder_config cfg;
	struct scprof_bpf *skel;
	struct ring_reader rr;
	struct bpf_link *iter_link;
	uint64_t records, malformed;
	uint64_t bytes;              /* consumed from the ring */
	/* per CPU number (cfg.ncpus): whether the flush program runs there
	 * (false: offline) */
	bool *online;
	/* Each drain's flush: every call that ended before time is in the
	 * ring before pos.  Oldest first; the oldest dropped when full
	 * (read_until then lags, which is safe). */
	struct flush_mark {
		uint64_t time, pos;
	} marks[64];
	int nmarks;
	uint64_t read_until;         /* every call ended before it was read */
	int error;                   /* first error in the callback */
};

static int ring_reader_open(struct ring_reader *rr, int map_fd, uint64_t size)
{
	*rr = (struct ring_reader){ .epfd = -1, .size = size, .cons_map = MAP_FAILED,
				    .prod_map = MAP_FAILED };
	rr->page = (size_t)sysconf(_SC_PAGESIZE);
	rr->cons_map = mmap(NULL, rr->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (rr->cons_map == MAP_FAILED)
		return -errno;
	rr->prod_len = rr->page + 2 * (size_t)size;
	rr->prod_map = mmap(NULL, rr->prod_len, PROT_READ, MAP_SHARED, map_fd, (off_t)rr->page);
	if (rr->prod_map == MAP_FAILED)
		return -errno;
	rr->consumer = rr->cons_map;
	rr->producer = rr->prod_map;
	rr->data = (const uint8_t *)rr->prod_map + rr->page;
	rr->epfd = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	if (rr->epfd < 0 || epoll_ctl(rr->epfd, EPOLL_CTL_ADD, map_fd, &ev) < 0)
		return -errno;
	return 0;
}

static void ring_reader_close(struct ring_reader *rr)
{
	if (rr->epfd >= 0)
		close(rr->epfd);
	if (rr->cons_map != MAP_FAILED)
		munmap(rr->cons_map, rr->page);
	if (rr->prod_map != MAP_FAILED)
		munmap(rr->prod_map, rr->prod_len);
}

/*
 * The committed records, in order, to fn, until max bytes were read;
 * stops at one still being written (its header's busy bit), and
 * publishes how far it read once at the end; *full: it stopped at max
 * with more records committed.  The kernel's protocol: load the producer position with
 * acquire semantics, then each record's length word with acquire (busy
 * and discard bits on top), consume, and store the consumer position with
 * release semantics.  Returns the first non-zero fn result, or 0.
 */
static int ring_reader_consume(struct ring_reader *rr,
			       int (*fn)(void *ctx, const void *rec, size_t len), void *ctx,
			       uint64_t *bytes, uint64_t max, bool *full)
{
	struct epoll_event ev;
	while (epoll_wait(rr->epfd, &ev, 1, 0) > 0)
		; /* re-arm the edge */
	uint64_t cons = *rr->consumer, from = cons;
	uint64_t prod = __atomic_load_n(rr->producer, __ATOMIC_ACQUIRE);
	int rc = 0;
	*full = false;
	while (cons < prod && !rc) {
		if (cons - from >= max) {
			*full = true;
			break;
		}
		const uint32_t *hdr = (const uint32_t *)(rr->data + (cons & (rr->size - 1)));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		if (len & BPF_RINGBUF_BUSY_BIT)
			break;
		uint32_t n = len & ~(uint32_t)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		if (!(len & BPF_RINGBUF_DISCARD_BIT))
			rc = fn(ctx, (const uint8_t *)hdr + BPF_RINGBUF_HDR_SZ, n);
		cons += (n + BPF_RINGBUF_HDR_SZ + 7) & ~7ull;
	}
	*bytes += cons - *rr->consumer;
	__atomic_store_n(rr->consumer, cons, __ATOMIC_RELEASE);
	return rc;
}

/* Where libbpf's messages go (bpf_recorder_config.debug): libbpf's hook
 * has no context of its own. */
static FILE *libbpf_out;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return libbpf_out ? vfprintf(libbpf_out, fmt, ap) : 0;
}

int bpf_recorder_supported(void)
{
	return access("/sys/kernel/btf/vmlinux", R_OK) == 0 ? 0 : -ENOENT;
}

static bool set_has_nr(const struct syscall_set *set, int nr)
{
	const char *name = syscall_name(nr);
	return name ? syscall_set_has(set, name) : syscall_set_has_unnamed(set);
}

/* The captures of every syscall number into the specs map. */
static int fill_specs(struct bpf_recorder *b)
{
	int fd = bpf_map__fd(b->skel->maps.specs);
	for (int nr = 0; nr < SCPROF_BPF_NRS && nr < syscall_count(); nr++) {
		uint8_t kinds[6];
		if (!syscall_captures(syscall_name(nr), kinds))
			continue;
		struct scprof_bpf_spec s = { 0 };
		for (int i = 0; i < 6; i++) {
			uint8_t k = kinds[i];
			if ((k == SYSCALL_CAP_DATA_IN || k == SYSCALL_CAP_DATA_OUT ||
			     k == SYSCALL_CAP_IOV_IN || k == SYSCALL_CAP_IOV_OUT ||
			     k == SYSCALL_CAP_MSG_IN || k == SYSCALL_CAP_MSG_OUT ||
			     k == SYSCALL_CAP_MMSG_IN || k == SYSCALL_CAP_MMSG_OUT) &&
			    !b->cfg.snaplen)
				k = SYSCALL_CAP_NONE;
			s.kind[i] = k;
			s.at_entry |= k == SYSCALL_CAP_STR || k == SYSCALL_CAP_SOCKADDR_IN ||
				      k == SYSCALL_CAP_DATA_IN || k == SYSCALL_CAP_IOV_IN ||
				      k == SYSCALL_CAP_MSG_IN || k == SYSCALL_CAP_MMSG_IN;
			s.at_exit |= k == SYSCALL_CAP_SOCKADDR_OUT || k == SYSCALL_CAP_DATA_OUT ||
				     k == SYSCALL_CAP_FDPAIR_OUT || k == SYSCALL_CAP_IOV_OUT ||
				     k == SYSCALL_CAP_MSG_OUT || k == SYSCALL_CAP_MMSG_IN ||
				     k == SYSCALL_CAP_MMSG_OUT;
		}
		__u32 key = (__u32)nr;
		if ((s.at_entry || s.at_exit) && bpf_map_update_elem(fd, &key, &s, BPF_ANY))
			return -errno;
	}
	return 0;
}

/* One ring-buffer record (a CPU's staged calls) into the merge. */
static int on_record(void *ctx, const void *data, size_t size)
{
	struct bpf_recorder *b = ctx;
	struct bpf_batch out = { 0 };
	int rc = bpf_batch_queue(b->cfg.merge, b->cfg.cpu_source, b->cfg.ncpus, data, size, &out);
	b->malformed += out.malformed;
	b->records += out.queued;
	if (rc)
		b->error = rc;
	return rc;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Tries of the flush program on a CPU that is adding a record: each one
 * an interrupt that lands at a random moment, and a record takes well
 * under a microsecond to add. */
#define FLUSH_TRIES 10000

/* The flush program run on each CPU: every call that ended before this
 * is in the ring buffer then (but for the instant between a call's end
 * and its record's write).  Marks the CPUs that are offline. */
static int flush_stages(struct bpf_recorder *b)
{
	int fd = bpf_program__fd(b->skel->progs.flush);
	for (int c = 0; c < b->cfg.ncpus; c++) {
		for (int tries = 0; b->online[c] && tries < FLUSH_TRIES; tries++) {
			LIBBPF_OPTS(bpf_test_run_opts, o, .flags = BPF_F_TEST_RUN_ON_CPU,
				    .cpu = (__u32)c);
			if (bpf_prog_test_run_opts(fd, &o)) {
				if (errno != ENXIO)
					return -errno;
				b->online[c] = false;
			}
			if (o.retval)
				break;
		}
	}
	return 0;
}

int bpf_recorder_open(const struct bpf_recorder_config *c, struct bpf_recorder **out)
{
	*out = NULL;
	if (c->snaplen > BPF_RECORDER_SNAPLEN_MAX || !c->merge || !c->cpu_source)
		return -EINVAL;
	int err = bpf_recorder_supported();
	if (err)
		return err;
	libbpf_out = c->debug;
	libbpf_set_print(c->debug ? libbpf_print : NULL);
	struct bpf_recorder *b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->cfg = *c;
	b->rr = (struct ring_reader){ .epfd = -1, .cons_map = MAP_FAILED, .prod_map = MAP_FAILED };
	b->skel = scprof_bpf__open();
	if (!b->skel) {
		err = -errno;
		goto fail;
	}
	struct scprof_bpf__rodata *ro = b->skel->rodata;
	ro->self_tgid = (__u32)c->self;
	ro->trace_all = c->trace_all;
	ro->snaplen = c->captures ? c->snaplen : 0;
	uint64_t wake = c->ring_bytes / 16;
	ro->wake_bytes = wake < WAKE_BYTES ? wake : WAKE_BYTES;
	ro->stack_frames = c->stack_frames < SCPROF_BPF_MAX_FRAMES ? c->stack_frames
								  : SCPROF_BPF_MAX_FRAMES;
	ro->stack_every = c->stack_every;
	ro->offcpu = c->offcpu;
	bpf_program__set_autoattach(b->skel->progs.flush, false);
	/* without --off-cpu the sched programs are not even loaded: no cost
	 * on every context switch of the machine */
	bpf_program__set_autoload(b->skel->progs.sched_switch, c->offcpu);
	bpf_program__set_autoload(b->skel->progs.sched_waking, c->offcpu);
	struct bpf_program *irq_progs[] = {
		b->skel->progs.hrtimer_entry, b->skel->progs.hrtimer_exit,
		b->skel->progs.softirq_entry, b->skel->progs.softirq_exit,
		b->skel->progs.irq_entry, b->skel->progs.irq_exit,
	};
	for (size_t i = 0; i < sizeof(irq_progs) / sizeof(irq_progs[0]); i++)
		bpf_program__set_autoload(irq_progs[i], c->offcpu);
	ro->ustack_bytes = c->ustack_bytes < SCPROF_BPF_MAX_USTACK ? c->ustack_bytes
								   : SCPROF_BPF_MAX_USTACK;
	if (c->set) {
		int members = 0;
		for (int nr = 0; nr < SCPROF_BPF_NRS; nr++) {
			if (set_has_nr(c->set, nr)) {
				ro->nr_bits[nr / 64] |= 1ull << (nr % 64);
				members++;
			}
		}
		ro->filter_nrs = members < SCPROF_BPF_NRS;
	}
	err = bpf_map__set_max_entries(b->skel->maps.records, (__u32)c->ring_bytes);
	if (err)
		goto fail;
	err = scprof_bpf__load(b->skel);
	if (err)
		goto fail;
	if (c->captures && (err = fill_specs(b)))
		goto fail;
	err = ring_reader_open(&b->rr, bpf_map__fd(b->skel->maps.records), c->ring_bytes);
	if (err)
		goto fail;
	b->online = calloc((size_t)c->ncpus, sizeof(*b->online));
	if (!b->online) {
		err = -ENOMEM;
		goto fail;
	}
	for (int i = 0; i < c->ncpus; i++)
		b->online[i] = true;
	b->read_until = monotonic_ns();
	if ((err = flush_stages(b)))
		goto fail;
	*out = b;
	return 0;
fail:
	bpf_recorder_close(b);
	return err < 0 ? err : -EINVAL;
}

int bpf_recorder_add_target(struct bpf_recorder *b, pid_t pid, bool at_exec)
{
	__u32 key = (__u32)pid;
	__u8 state = at_exec ? 2 : 1; /* TARGET_PENDING_EXEC, TARGET_TRACED */
	return bpf_map_update_elem(bpf_map__fd(b->skel->maps.targets), &key, &state, BPF_ANY)
		       ? -errno
		       : 0;
}

int bpf_recorder_attach(struct bpf_recorder *b)
{
	int err = scprof_bpf__attach(b->skel);
	return err < 0 ? err : 0;
}

int bpf_recorder_fd(const struct bpf_recorder *b)
{
	return b->rr.epfd;
}

int bpf_recorder_drain(struct bpf_recorder *b, uint64_t max_bytes, bool *more)
{
	uint64_t before = b->records;
	uint64_t now = monotonic_ns();
	int rc = flush_stages(b);
	if (rc)
		return rc;
	int cap = (int)(sizeof(b->marks) / sizeof(b->marks[0]));
	if (b->nmarks == cap) {
		memmove(b->marks, b->marks + 1, (size_t)(cap - 1) * sizeof(b->marks[0]));
		b->nmarks = cap - 1;
	}
	b->marks[b->nmarks++] = (struct flush_mark){
		now, __atomic_load_n(b->rr.producer, __ATOMIC_ACQUIRE) };
	rc = ring_reader_consume(&b->rr, on_record, b, &b->bytes, max_bytes, more);
	int done = 0;
	while (done < b->nmarks && b->marks[done].pos <= *b->rr.consumer)
		b->read_until = b->marks[done++].time;
	memmove(b->marks, b->marks + done, (size_t)(b->nmarks - done) * sizeof(b->marks[0]));
	b->nmarks -= done;
	return rc < 0 ? rc : (int)(b->records - before);
}

uint64_t bpf_recorder_pending(const struct bpf_recorder *b)
{
	return __atomic_load_n(b->rr.producer, __ATOMIC_ACQUIRE) - *b->rr.consumer;
}

uint64_t bpf_recorder_last_time(const struct bpf_recorder *b)
{
	return b->read_until;
}

int bpf_recorder_lost(const struct bpf_recorder *b, uint64_t *lost, int ncpus)
{
	int possible = libbpf_num_possible_cpus();
	if (possible <= 0)
		return possible ? possible : -EINVAL;
	/* struct cpu_state of scprof.bpf.c: {lost, unwoken} per CPU */
	uint64_t (*v)[2] = calloc((size_t)possible, sizeof(*v));
	if (!v)
		return -ENOMEM;
	__u32 key = 0;
	int err = bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.cpu_states), &key, v) ? -errno : 0;
	for (int i = 0; !err && i < ncpus; i++)
		lost[i] = i < possible ? v[i][0] : 0;
	free(v);
	return err;
}

int bpf_recorder_stop(struct bpf_recorder *b)
{
	__atomic_store_n(&b->skel->bss->stopped, 1, __ATOMIC_SEQ_CST);
	/* a program already past its `stopped` test finishes in
	 * microseconds; then the iterator writes what is still open */
	usleep(1000);
	int err = 0;
	b->iter_link = bpf_program__attach_iter(b->skel->progs.unfinished, NULL);
	if (!b->iter_link) {
		err = -errno;
	} else {
		int fd = bpf_iter_create(bpf_link__fd(b->iter_link));
		if (fd < 0) {
			err = -errno;
		} else {
			char buf[64];
			ssize_t n;
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				;
			if (n < 0)
				err = -errno;
			close(fd);
		}
	}
	return err;
}

uint64_t bpf_recorder_records(const struct bpf_recorder *b)
{
	return b->records;
}

uint64_t bpf_recorder_bytes(const struct bpf_recorder *b)
{
	return b->bytes;
}

uint64_t bpf_recorder_malformed(const struct bpf_recorder *b)
{
	return b->malformed;
}

void bpf_recorder_close(struct bpf_recorder *b)
{
	if (!b)
		return;
	ring_reader_close(&b->rr);
	bpf_link__destroy(b->iter_link);
	scprof_bpf__destroy(b->skel);
	free(b->online);
	free(b);
}
