#include "profiler/merge.h"

#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

struct queue {
	struct raw_event *ev;
	size_t head, len, cap;
};

struct merge {
	unsigned n;
	uint64_t queued;
	struct queue q[];
};

struct merge *merge_new(unsigned nsources)
{
	struct merge *m = calloc(1, sizeof(*m) + nsources * sizeof(struct queue));
	if (m)
		m->n = nsources;
	return m;
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

static void release_strings(struct raw_event *e)
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
	free(e->rec);
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->n; i++) {
		struct queue *q = &m->q[i];
		for (size_t j = q->head; j < q->len; j++)
			release_strings(&q->ev[j]);
		free(q->ev);
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
	struct scf_event *rec = e ? calloc(1, sizeof(*rec)) : NULL;
	if (!rec)
		return NULL;
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
		release_strings(e);
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
