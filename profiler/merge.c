#include "profiler/merge.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

struct queue {
	struct raw_event *ev;
	size_t head, len, cap;
};

/*
 * The records of RAW_RECORD events (every call of the BPF recorder: one a
 * call) come from a free list of blocks of MERGE_REC_BYTES, given back
 * after the flush and taken again while still warm, rather than from one
 * malloc and free each: under AddressSanitizer, whose freed memory waits
 * in a quarantine of 256 MiB, every malloc was fresh memory and the BPF
 * recorder's reader spent 1.7 us a call on them (0.6 without the
 * quarantine) and fell behind a getppid loop.  A larger record gets its
 * own malloc.  Each block starts with its size class, so the merge knows
 * where to give it back; free blocks are poisoned under ASan, so a record
 * used after its flush is still caught.
 */
#define MERGE_REC_BYTES 512u
/* Free blocks kept at most (8 MiB); more are freed. */
#define MERGE_REC_KEEP 16384u

#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(__SANITIZE_ADDRESS__)
#define __SANITIZE_ADDRESS__ 1 /* clang's way of saying it */
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* The header of a record's block, max_align_t-sized so that the record
 * after it is aligned for anything. */
union rec_head {
	struct {
		union rec_head *next; /* on the free list */
		size_t pooled;        /* from the free list's class */
	};
	max_align_t align;
};

struct merge {
	unsigned n;
	uint64_t queued;
	union rec_head *free_recs;
	size_t nfree_recs;
	struct queue q[];
};

struct merge *merge_new(unsigned nsources)
{
	struct merge *m = calloc(1, sizeof(*m) + nsources * sizeof(struct queue));
	if (m)
		m->n = nsources;
	return m;
}

void *merge_rec_alloc(struct merge *m, size_t size)
{
	union rec_head *h;
	bool pooled = size <= MERGE_REC_BYTES;
	if (pooled && m->free_recs) {
		h = m->free_recs;
		UNPOISON(h, sizeof(*h) + MERGE_REC_BYTES);
		m->free_recs = h->next;
		m->nfree_recs--;
	} else if (!(h = malloc(sizeof(*h) + (pooled ? MERGE_REC_BYTES : size)))) {
		return NULL;
	}
	h->pooled = pooled;
	return h + 1;
}

static void rec_free(struct merge *m, void *rec)
{
	if (!rec)
		return;
	union rec_head *h = (union rec_head *)rec - 1;
	if (!h->pooled || m->nfree_recs >= MERGE_REC_KEEP) {
		free(h);
		return;
	}
	h->next = m->free_recs;
	m->free_recs = h;
	m->nfree_recs++;
	POISON(h + 1, MERGE_REC_BYTES);
}

struct raw_stack *raw_stack_new(uint32_t nips, uint32_t nregs, uint32_t stack_size)
{
	size_t words = (size_t)nips + nregs + (stack_size + 7) / 8;
	struct raw_stack *s = malloc(sizeof(*s) + words * 8);
	if (!s)
		return NULL;
	s->nips = nips;
	s->nregs = nregs;
	s->stack_size = stack_size;
	s->regs_mask = 0;
	s->ips = s->data;
	s->regs = s->data + nips;
	s->stack = (uint8_t *)(s->data + nips + nregs);
	return s;
}

static void release_strings(struct merge *m, struct raw_event *e)
{
	if (e->kind == RAW_ENTER || e->kind == RAW_STACK)
		free(e->sc.stack);
	if (e->kind == RAW_ENTER || e->kind == RAW_EXIT || e->kind == RAW_STACK ||
	    e->kind == RAW_SWITCH)
		free(e->sc.counts); /* pairing copies what it needs */
	if (e->kind != RAW_RECORD || !e->rec)
		return;
	if (e->rec->type == SCF_EV_MMAP)
		free((char *)e->rec->mmap.filename);
	else if (e->rec->type == SCF_EV_CMDLINE)
		free((char *)e->rec->cmdline.argv);
	else if (e->rec->type == SCF_EV_FD)
		free((char *)e->rec->fd.name);
	rec_free(m, e->rec);
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->n; i++) {
		struct queue *q = &m->q[i];
		for (size_t j = q->head; j < q->len; j++)
			release_strings(m, &q->ev[j]);
		free(q->ev);
	}
	while (m->free_recs) {
		union rec_head *h = m->free_recs;
		UNPOISON(h, sizeof(*h) + MERGE_REC_BYTES);
		m->free_recs = h->next;
		free(h);
	}
	free(m);
}

struct raw_event *merge_slot(struct merge *m, unsigned source)
{
	struct queue *q = &m->q[source];
	if (q->len == q->cap) {
		if (q->head > 0) {
			/* Reuse the consumed front before growing. */
			memmove(q->ev, q->ev + q->head, (q->len - q->head) * sizeof(*q->ev));
			q->len -= q->head;
			q->head = 0;
		}
		if (GROW(q->ev, q->len + 1, q->cap))
			return NULL;
	}
	return &q->ev[q->len];
}

struct raw_event *merge_record_slot(struct merge *m, unsigned source, uint64_t time,
				    enum scf_event_type type)
{
	struct raw_event *e = merge_slot(m, source);
	struct scf_event *rec = e ? merge_rec_alloc(m, sizeof(*rec)) : NULL;
	if (!rec)
		return NULL;
	memset(rec, 0, sizeof(*rec));
	memset(e, 0, sizeof(*e));
	e->kind = RAW_RECORD;
	e->time = rec->time = time;
	rec->type = type;
	e->rec = rec;
	return e;
}

void merge_push(struct merge *m, unsigned source)
{
	m->q[source].len++;
	m->queued++;
}

int merge_flush(struct merge *m, uint64_t horizon,
		int (*fn)(void *ctx, const struct raw_event *ev), void *ctx)
{
	for (;;) {
		struct queue *best = NULL;
		uint64_t best_time = horizon;
		for (unsigned i = 0; i < m->n; i++) {
			struct queue *q = &m->q[i];
			if (q->head < q->len && q->ev[q->head].time < best_time) {
				best = q;
				best_time = q->ev[q->head].time;
			}
		}
		if (!best)
			return 0;
		struct raw_event *e = &best->ev[best->head++];
		m->queued--;
		int rc = fn(ctx, e);
		if (e->kind == RAW_ENTER || e->kind == RAW_STACK)
			e->sc.stack = NULL; /* the callback took it */
		release_strings(m, e);
		if (best->head == best->len)
			best->head = best->len = 0;
		if (rc)
			return rc;
	}
}

uint64_t merge_queued(const struct merge *m)
{
	return m->queued;
}
