#include "profiler/decode.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "profiler/synth.h"

static inline uint32_t rd32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* After the record's fields, sample_id_all appends {pid, tid} and time. */
static uint64_t sample_id_time(const struct perf_event_header *h)
{
	return rd64((const unsigned char *)h + h->size - 8);
}

/* A copy of what the sample holds of the user stack, or NULL: fp's
 * callchain (the user addresses of chain[0..nchain)), and the registers
 * and stack copy after the raw data (regs_at..end) when there are some:
 * dwarf's, or fp's for its leaf repair. */
static struct raw_stack *decode_stack(const struct decoder *r, const unsigned char *chain,
				      uint64_t nchain, const unsigned char *regs_at,
				      const unsigned char *end)
{
	/* ips[] with PERF_CONTEXT_* markers (huge values) between the
	 * kernel and user parts: keep the user addresses. */
	uint32_t n = 0;
	for (uint64_t i = 0; i < nchain; i++)
		n += rd64(chain + 8 * i) < (uint64_t)PERF_CONTEXT_MAX;
	if (r->stack_mode == STACK_FP && !n)
		return NULL;
	/* {u64 abi, regs[nregs] if abi} {u64 size, data[size], dyn_size if size} */
	const unsigned char *q = regs_at, *regs = NULL;
	uint32_t nregs = 0;
	uint64_t dyn = 0;
	if (r->regs_mask && end - q >= 8) {
		uint64_t abi = rd64(q);
		q += 8;
		nregs = abi ? r->nregs : 0;
		if ((size_t)(end - q) < 8u * nregs + 8)
			return NULL;
		regs = q;
		q += 8u * nregs;
		uint64_t size = rd64(q);
		q += 8;
		if (size) {
			if ((uint64_t)(end - q) < size + 8)
				return NULL;
			dyn = rd64(q + size);
			if (dyn > size)
				dyn = size;
		}
	} else if (r->stack_mode == STACK_DWARF) {
		return NULL;
	}
	struct raw_stack *st = raw_stack_new(n, nregs, (uint32_t)dyn);
	if (!st)
		return NULL;
	n = 0;
	for (uint64_t i = 0; i < nchain; i++) {
		uint64_t ip = rd64(chain + 8 * i);
		if (ip < (uint64_t)PERF_CONTEXT_MAX)
			st->ips[n++] = ip;
	}
	st->regs_mask = nregs ? r->regs_mask : 0;
	if (nregs)
		memcpy(st->regs, regs, 8u * nregs);
	if (dyn)
		memcpy(st->stack, q, dyn);
	return st;
}

/* The group read at q (--counters): a copy of the time enabled and
 * running and of the counters' values (the group's last members), q moved
 * past it; NULL if it does not fit. */
static struct raw_counts *decode_read(const struct decoder *r, const unsigned char **q,
				      const unsigned char *end)
{
	if (end - *q < 24)
		return NULL;
	uint64_t nr = rd64(*q);
	if (nr < r->ncounters || nr > (uint64_t)(end - *q - 24) / 8)
		return NULL;
	struct raw_counts *c = malloc(sizeof(*c) + r->ncounters * sizeof(c->v[0]));
	if (!c)
		return NULL;
	c->enabled = rd64(*q + 8);
	c->running = rd64(*q + 16);
	const unsigned char *v = *q + 24 + 8 * (nr - r->ncounters);
	for (uint32_t i = 0; i < r->ncounters; i++)
		c->v[i] = rd64(v + 8 * i);
	*q += 24 + 8 * nr;
	return c;
}

static void decode_sample(struct decoder *r, unsigned src, int cpu, const unsigned char *p,
			  size_t body)
{
	/* {u32 pid, tid} {u64 time} [group read] [{u64 nr, ips[nr]}] {u32 size, raw[size]} ... */
	const unsigned char *end = p + body, *q = p + 16;
	if (body < 16)
		return;
	uint32_t pid = rd32(p), tid = rd32(p + 4);
	if ((pid_t)pid == r->self)
		return;
	struct raw_counts *counts = NULL;
	if (r->ncounters && !(counts = decode_read(r, &q, end)))
		return;
	const unsigned char *chain = NULL;
	uint64_t nchain = 0;
	if (r->stack_mode == STACK_FP) {
		if (end - q < 8)
			goto drop;
		nchain = rd64(q);
		q += 8;
		if (nchain > (uint64_t)(end - q) / 8)
			goto drop;
		chain = q;
		q += 8 * nchain;
	}
	if (end - q < 4)
		goto drop;
	uint32_t size = rd32(q);
	const unsigned char *raw = q + 4;
	/* the context-switch event's raw data: a u32 0 */
	bool switched = counts && size == 4;
	if (size > (size_t)(end - raw) || (size < 24 && !switched))
		goto drop;
	uint16_t type = 0;
	if (!switched)
		memcpy(&type, raw, 2);
	struct raw_event *e = merge_slot(r->merge, src);
	if (!e)
		goto drop;
	e->time = rd64(p + 8);
	e->cpu = (uint32_t)cpu;
	e->pid = (int32_t)pid;
	e->tid = (int32_t)tid;
	e->sc.stack = NULL;
	e->sc.counts = counts;
	if (switched) {
		e->kind = RAW_SWITCH;
		merge_push(r->merge, src);
		return;
	}
	r->samples++;
	e->sc.nr = (int32_t)rd64(raw + 8);
	/* With --stack-every, the sampling sys_enter event's samples are the
	 * ones with a stack: a callchain (the plain sys_enter's is empty: no
	 * user part, no context marker) or registers and stack after the raw
	 * data (nothing for the plain one).  A chain the kernel failed to get
	 * comes empty too and reads as a second sys_enter of the same call,
	 * which pairing counts as unpaired and replaces. */
	bool sampled = r->stack_every > 1;
	if (sampled && type == r->enter_id &&
	    (r->stack_mode == STACK_FP ? nchain > 0 : raw + size < end)) {
		e->kind = RAW_STACK;
		e->sc.stack = decode_stack(r, chain, nchain, raw + size, end);
		if (!e->sc.stack)
			goto drop;
	} else if (type == r->enter_id && size >= 64) {
		e->kind = RAW_ENTER;
		memcpy(e->sc.args, raw + 16, sizeof(e->sc.args));
		if (r->stack_mode && !sampled)
			e->sc.stack = decode_stack(r, chain, nchain, raw + size, end);
	} else if (type == r->exit_id) {
		e->kind = RAW_EXIT;
		e->sc.ret = (int64_t)rd64(raw + 16);
	} else {
		goto drop;
	}
	merge_push(r->merge, src);
	return;
drop:
	free(counts);
}

void decode_record(struct decoder *r, unsigned src, int cpu, const struct perf_event_header *h)
{
	const unsigned char *p = (const unsigned char *)(h + 1);
	size_t body = h->size - sizeof(*h);
	struct raw_event *e;

	if (h->type == PERF_RECORD_SAMPLE) {
		decode_sample(r, src, cpu, p, body);
		return;
	}

	if (body < 16)
		return;
	struct scf_event rec = { 0 }, *ev = &rec;
	uint64_t time = sample_id_time(h);
	switch (h->type) {
	case PERF_RECORD_COMM:
		ev->type = SCF_EV_COMM;
		ev->comm.pid = (int32_t)rd32(p);
		ev->comm.tid = (int32_t)rd32(p + 4);
		ev->comm.exec = (h->misc & PERF_RECORD_MISC_COMM_EXEC) != 0;
		snprintf(ev->comm.comm, sizeof(ev->comm.comm), "%.*s", (int)(body - 8 - 16),
			 (const char *)p + 8);
		break;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		if (body < 24)
			return;
		ev->type = h->type == PERF_RECORD_FORK ? SCF_EV_FORK : SCF_EV_EXIT;
		ev->task = (struct scf_task){ (int32_t)rd32(p), (int32_t)rd32(p + 4),
					      (int32_t)rd32(p + 8), (int32_t)rd32(p + 12) };
		time = rd64(p + 16);
		break;
	case PERF_RECORD_MMAP2: {
		/* pid tid addr len pgoff {maj min ino ino_gen | bid_size ... bid[20]}
		 * prot flags filename */
		if (body < 8 + 24 + 24 + 8 + 16)
			return;
		struct scf_mmap *m = &ev->mmap;
		ev->type = SCF_EV_MMAP;
		m->pid = (int32_t)rd32(p);
		m->tid = (int32_t)rd32(p + 4);
		m->addr = rd64(p + 8);
		m->len = rd64(p + 16);
		m->pgoff = rd64(p + 24);
		if (h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID) {
			m->build_id_size = p[32] > SCF_BUILD_ID_MAX ? SCF_BUILD_ID_MAX : p[32];
			memcpy(m->build_id, p + 36, m->build_id_size);
		}
		m->prot = rd32(p + 56);
		m->flags = rd32(p + 60);
		size_t room = body - 64 - 16;
		char *name = strndup((const char *)p + 64, room);
		if (!name)
			return;
		m->filename = name;
		/* which file it was, for the symbol store (mapids.h); out of
		 * memory here only costs that file's symbols */
		if (r->ids && !(h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID))
			(void)mapids_add(r->ids, name, makedev(rd32(p + 32), rd32(p + 36)),
					 rd64(p + 40));
		break;
	}
	case PERF_RECORD_LOST:
		ev->type = SCF_EV_LOST;
		ev->lost.cpu = (uint32_t)cpu;
		ev->lost.count = rd64(p + 8);
		r->lost[cpu] += ev->lost.count;
		break;
	default:
		return;
	}
	e = merge_record_slot(r->merge, src, time, ev->type);
	if (!e) {
		if (ev->type == SCF_EV_MMAP)
			free((char *)ev->mmap.filename);
		return;
	}
	rec.time = time;
	*e->rec = rec;
	e->cpu = (uint32_t)cpu;
	merge_push(r->merge, src);
	if (ev->type == SCF_EV_COMM && ev->comm.exec && ev->comm.pid == ev->comm.tid &&
	    ev->comm.pid != r->child)
		synth_cmdline_after_exec(r->merge, src, ev->comm.pid, e->time, ev->comm.comm);
}

int decoder_init(struct decoder *d, struct merge *m, int ncpus, const struct decoder_config *c)
{
	*d = (struct decoder){
		.merge = m,
		.stack_mode = c->stack_mode,
		.regs_mask = c->regs_mask,
		.nregs = (uint32_t)__builtin_popcountll(c->regs_mask),
		.stack_every = c->stack_every,
		.enter_id = c->enter_id,
		.exit_id = c->exit_id,
		.self = c->self,
		.ncounters = c->ncounters,
		.lost = calloc((size_t)ncpus, sizeof(*d->lost)),
	};
	return d->lost ? 0 : -ENOMEM;
}

void decoder_release(struct decoder *d)
{
	free(d->lost);
	d->lost = NULL;
}
