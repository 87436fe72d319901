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
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "formats/scf.h"
#include "profiler/bpf/scprof_bpf.h"
#include "profiler/bpf/scprof.skel.h"
#include "syscalls/captures.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

_Static_assert(SCPROF_CALL_NO_ENTER == SCF_CALL_NO_ENTER &&
		       SCPROF_CALL_NO_RETURN == SCF_CALL_NO_RETURN &&
		       SCPROF_CALL_UNFINISHED == SCF_CALL_UNFINISHED,
	       "scprof_bpf.h disagrees with scf.h on call flags");
_Static_assert(SCPROF_CAP_PATH == SCF_CAP_PATH && SCPROF_CAP_SOCKADDR == SCF_CAP_SOCKADDR &&
		       SCPROF_CAP_DATA == SCF_CAP_DATA && SCPROF_CAP_TRUNCATED == SCF_CAP_TRUNCATED &&
		       SCPROF_CAP_FAULT == SCF_CAP_FAULT && SCPROF_CAP_AT_EXIT == SCF_CAP_AT_EXIT,
	       "scprof_bpf.h disagrees with scf.h on captures");
_Static_assert((int)SCPROF_ARG_STR == (int)SYSCALL_CAP_STR &&
		       (int)SCPROF_ARG_SOCKADDR_IN == (int)SYSCALL_CAP_SOCKADDR_IN &&
		       (int)SCPROF_ARG_SOCKADDR_OUT == (int)SYSCALL_CAP_SOCKADDR_OUT &&
		       (int)SCPROF_ARG_DATA_IN == (int)SYSCALL_CAP_DATA_IN &&
		       (int)SCPROF_ARG_DATA_OUT == (int)SYSCALL_CAP_DATA_OUT &&
		       (int)SCPROF_ARG_FDPAIR_OUT == (int)SYSCALL_CAP_FDPAIR_OUT,
	       "scprof_bpf.h disagrees with captures.h");
_Static_assert(BPF_RECORDER_SNAPLEN_MAX <= SCPROF_BPF_CAP_ONE, "-s larger than a capture");

/* The reader is woken each time a CPU wrote this much (or ring/16 if
 * less): one wake-up per call cost 1.9 us a call, one per MiB 0.4 us. */
#define WAKE_BYTES (1u << 20)

struct bpf_recorder {
	struct bpf_recorder_config cfg;
	struct scprof_bpf *skel;
	struct ring_buffer *rb;
	struct bpf_link *iter_link;
	uint64_t records, malformed;
	int error;                   /* first error in the callback */
};

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
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
			if ((k == SYSCALL_CAP_DATA_IN || k == SYSCALL_CAP_DATA_OUT) && !b->cfg.snaplen)
				k = SYSCALL_CAP_NONE;
			s.kind[i] = k;
			s.at_entry |= k == SYSCALL_CAP_STR || k == SYSCALL_CAP_SOCKADDR_IN ||
				      k == SYSCALL_CAP_DATA_IN;
			s.at_exit |= k == SYSCALL_CAP_SOCKADDR_OUT || k == SYSCALL_CAP_DATA_OUT ||
				     k == SYSCALL_CAP_FDPAIR_OUT;
		}
		__u32 key = (__u32)nr;
		if ((s.at_entry || s.at_exit) && bpf_map_update_elem(fd, &key, &s, BPF_ANY))
			return -errno;
	}
	return 0;
}

/* Insertion sort of a call's captures by argument (entry ones come
 * before exit ones); a second capture of one argument is dropped. */
static uint32_t sort_captures(struct scf_capture *caps, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && caps[j - 1].arg > caps[j].arg; j--) {
			struct scf_capture t = caps[j];
			caps[j] = caps[j - 1];
			caps[j - 1] = t;
		}
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!k || caps[k - 1].arg != caps[i].arg)
			caps[k++] = caps[i];
	return k;
}

/* One ring-buffer record into the merge. */
static int on_record(void *ctx, void *data, size_t size)
{
	struct bpf_recorder *b = ctx;
	const struct scprof_bpf_call *c = data;
	/* a record without data or captures ends before caps[] */
	bool full = c->data_len || c->ncaps;
	if (size < SCPROF_BPF_CALL_SHORT || c->exit_cpu >= (__u32)b->cfg.ncpus ||
	    (full ? size < sizeof(*c) || c->data_len > size - sizeof(*c) ||
			    c->ncaps > SCPROF_BPF_MAX_CAPS || (uint32_t)c->nips * 8 > c->data_len
		  : c->nips)) {
		b->malformed++;
		return 0;
	}
	b->records++;
	unsigned src = b->cfg.cpu_source[c->exit_cpu];
	struct raw_event *e = merge_slot(b->cfg.merge, src);
	if (!e)
		goto nomem;
	memset(e, 0, sizeof(*e));
	e->time = c->end;
	e->cpu = c->cpu;
	e->pid = c->pid;
	e->tid = c->tid;
	if (c->flags & SCPROF_CALL_NO_ENTER) {
		e->kind = RAW_EXIT;
		e->sc.nr = c->nr;
		e->sc.ret = c->ret;
		merge_push(b->cfg.merge, src);
		return 0;
	}

	const uint8_t *bytes = (const uint8_t *)(c + 1);
	/* the event, its captures, then the data (the stack first: its
	 * offset in the block is a multiple of 8, as scf_event's size and
	 * scf_capture's are) */
	size_t need = sizeof(struct scf_event) + c->ncaps * sizeof(struct scf_capture) + c->data_len;
	struct scf_event *ev = malloc(need);
	if (!ev)
		goto nomem;
	memset(ev, 0, sizeof(*ev));
	struct scf_capture *caps = (struct scf_capture *)(ev + 1);
	uint8_t *copy = (uint8_t *)(caps + c->ncaps);
	memcpy(copy, bytes, c->data_len);
	if (c->nips) {
		ev->call.nips = c->nips;
		ev->call.ips = (const uint64_t *)(void *)copy;
	}
	uint32_t ncaps = 0;
	for (uint32_t i = 0; i < c->ncaps; i++) {
		const struct scprof_bpf_cap *k = &c->caps[i];
		if ((uint32_t)k->off + k->len > c->data_len || k->arg >= SCF_MAX_ARGS) {
			b->malformed++;
			continue;
		}
		uint16_t flags = k->flags & (SCF_CAP_TRUNCATED | SCF_CAP_FAULT | SCF_CAP_AT_EXIT);
		caps[ncaps++] = (struct scf_capture){ .arg = k->arg, .kind = k->kind,
						      .flags = flags,
						      .len = flags & SCF_CAP_FAULT ? 0 : k->len,
						      .data = copy + k->off };
		if (flags & SCF_CAP_FAULT || !k->len)
			caps[ncaps - 1].data = NULL, caps[ncaps - 1].len = 0;
	}
	ncaps = sort_captures(caps, ncaps);

	ev->type = SCF_EV_CALL;
	ev->time = c->end;
	struct scf_call *call = &ev->call;
	call->start = c->start <= c->end ? c->start : c->end;
	call->duration = c->end - call->start;
	call->pid = c->pid;
	call->tid = c->tid;
	call->cpu = c->cpu;
	call->flags = c->flags & (SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED);
	call->nr = c->nr;
	call->ret = c->ret;
	memcpy(call->args, c->args, sizeof(call->args));
	call->ncaptures = ncaps;
	call->captures = ncaps ? caps : NULL;
	e->kind = RAW_RECORD;
	e->rec = ev;
	merge_push(b->cfg.merge, src);
	return 0;
nomem:
	b->error = -ENOMEM;
	return -ENOMEM;
}

int bpf_recorder_open(const struct bpf_recorder_config *c, struct bpf_recorder **out)
{
	*out = NULL;
	if (c->snaplen > BPF_RECORDER_SNAPLEN_MAX || !c->merge || !c->cpu_source)
		return -EINVAL;
	int err = bpf_recorder_supported();
	if (err)
		return err;
	libbpf_set_print(getenv("SCPROF_BPF_DEBUG") ? libbpf_print : NULL);
	struct bpf_recorder *b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->cfg = *c;
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
	b->rb = ring_buffer__new(bpf_map__fd(b->skel->maps.records), on_record, b, NULL);
	if (!b->rb) {
		err = -errno;
		goto fail;
	}
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
	return ring_buffer__epoll_fd(b->rb);
}

int bpf_recorder_drain(struct bpf_recorder *b)
{
	uint64_t before = b->records;
	int n = ring_buffer__consume(b->rb);
	if (b->error)
		return b->error;
	if (n < 0)
		return n;
	return (int)(b->records - before);
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

uint64_t bpf_recorder_malformed(const struct bpf_recorder *b)
{
	return b->malformed;
}

void bpf_recorder_close(struct bpf_recorder *b)
{
	if (!b)
		return;
	ring_buffer__free(b->rb);
	bpf_link__destroy(b->iter_link);
	scprof_bpf__destroy(b->skel);
	free(b);
}
