#include "profiler/pairing.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "profiler/cntstate.h"

/* A new task's first event is the exit of the fork, clone or clone3 that
 * created it, in the child: not a call of its own (its parent made it), so
 * it is dropped, as strace does. */
#define CHILD_START (1u << 31)

struct pending {
	int32_t tid;         /* 0: empty slot */
	int32_t pid;
	int32_t nr;
	uint32_t cpu;
	uint32_t flags;      /* SCF_CALL_ENTERED_BEFORE for RAW_BLOCKED */
	uint64_t start;
	uint64_t args[SCF_MAX_ARGS];
	struct raw_stack *stack;  /* owned */
	bool counted;             /* the counters were read at entry (cntstate) */
};

/* A stack sample (RAW_STACK) waiting for its call's sys_enter.  The
 * kernel writes the two samples of one call back to back, the stack first
 * on the kernels seen so far (the event opened last runs first), so each
 * thread entering a call has one here, briefly.  A full list forgets its
 * oldest, whose sys_enter was lost. */
#define PARKED_MAX 64
struct parked {
	int32_t tid;
	struct raw_stack *stack;  /* owned */
};

/* Open addressing on tid, linear probing, backward-shift deletion. */
struct pairing {
	pairing_emit_fn emit;
	void *ctx;
	struct pending *slot;
	size_t cap, used;     /* cap is a power of two */
	struct parked parked[PARKED_MAX];  /* oldest first */
	size_t nparked;
	struct pairing_stats stats;
	struct cntstate *counters;  /* NULL: none */
	unsigned ncounters;
	bool may_multiplex;
};

static size_t hash_tid(int32_t tid, size_t cap)
{
	return ((uint32_t)tid * 2654435761u) & (cap - 1);
}

struct pairing *pairing_new(pairing_emit_fn emit, void *ctx)
{
	struct pairing *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->emit = emit;
	p->ctx = ctx;
	p->cap = 1024;
	p->slot = calloc(p->cap, sizeof(*p->slot));
	if (!p->slot) {
		free(p);
		return NULL;
	}
	return p;
}

int pairing_count(struct pairing *p, unsigned n, bool may_multiplex)
{
	if (!(p->counters = cntstate_new(n, may_multiplex)))
		return -ENOMEM;
	p->ncounters = n;
	p->may_multiplex = may_multiplex;
	return 0;
}

void pairing_free(struct pairing *p)
{
	if (!p)
		return;
	cntstate_free(p->counters);
	for (size_t i = 0; i < p->cap; i++)
		if (p->slot[i].tid)
			free(p->slot[i].stack);
	for (size_t i = 0; i < p->nparked; i++)
		free(p->parked[i].stack);
	free(p->slot);
	free(p);
}

/* Parked stack i, taken off the list. */
static struct raw_stack *take_parked(struct pairing *p, size_t i)
{
	struct raw_stack *st = p->parked[i].stack;
	memmove(&p->parked[i], &p->parked[i + 1], (p->nparked - i - 1) * sizeof(p->parked[0]));
	p->nparked--;
	return st;
}

/* The stack parked for tid, taken off the list, or NULL. */
static struct raw_stack *unpark(struct pairing *p, int32_t tid)
{
	for (size_t i = p->nparked; i-- > 0;)
		if (p->parked[i].tid == tid)
			return take_parked(p, i);
	return NULL;
}

static void park(struct pairing *p, int32_t tid, struct raw_stack *st)
{
	free(unpark(p, tid));
	if (p->nparked == PARKED_MAX)
		free(take_parked(p, 0)); /* the oldest */
	p->parked[p->nparked++] = (struct parked){ tid, st };
}

static struct pending *find(struct pairing *p, int32_t tid)
{
	for (size_t i = hash_tid(tid, p->cap);; i = (i + 1) & (p->cap - 1)) {
		if (p->slot[i].tid == tid)
			return &p->slot[i];
		if (p->slot[i].tid == 0)
			return NULL;
	}
}

static void remove_slot(struct pairing *p, struct pending *e)
{
	size_t mask = p->cap - 1;
	size_t hole = (size_t)(e - p->slot);
	p->slot[hole].tid = 0;
	p->used--;
	for (size_t i = (hole + 1) & mask; p->slot[i].tid; i = (i + 1) & mask) {
		size_t want = hash_tid(p->slot[i].tid, p->cap);
		/* Move i into the hole if its home is not in (hole, i]. */
		if (((i - want) & mask) >= ((i - hole) & mask)) {
			p->slot[hole] = p->slot[i];
			p->slot[i].tid = 0;
			hole = i;
		}
	}
}

static int grow(struct pairing *p)
{
	size_t old_cap = p->cap;
	struct pending *old = p->slot;
	struct pending *slot = calloc(old_cap * 2, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	p->slot = slot;
	p->cap = old_cap * 2;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].tid)
			continue;
		size_t j = hash_tid(old[i].tid, p->cap);
		while (slot[j].tid)
			j = (j + 1) & (p->cap - 1);
		slot[j] = old[i];
	}
	free(old);
	return 0;
}

/* The slot for tid, new (tid set, rest zero) or existing. */
static struct pending *insert(struct pairing *p, int32_t tid)
{
	struct pending *e = find(p, tid);
	if (e)
		return e;
	if ((p->used + 1) * 4 > p->cap * 3 && grow(p))
		return NULL;
	size_t i = hash_tid(tid, p->cap);
	while (p->slot[i].tid)
		i = (i + 1) & (p->cap - 1);
	memset(&p->slot[i], 0, sizeof(p->slot[i]));
	p->slot[i].tid = tid;
	p->used++;
	return &p->slot[i];
}

/* Take the reading ev carries, if any, into its thread's totals. */
static void take_reading(struct pairing *p, const struct raw_event *ev)
{
	struct cnt_total t;
	if (p->counters && ev->sc.counts)
		cntstate_read(p->counters, ev->tid, ev->cpu, ev->sc.counts, &t);
}

/* Emit the call pending in e; exit: the sample of its exit, whose counter
 * reading (if any) completes the call's counts, or NULL. */
static int emit_counted(struct pairing *p, const struct pending *e, uint64_t time,
			uint32_t flags, int64_t ret, const struct raw_event *exit)
{
	struct scf_event ev = { .type = SCF_EV_CALL, .time = time };
	struct scf_call *c = &ev.call;
	c->start = e->start;
	c->duration = time >= e->start ? time - e->start : 0;
	c->pid = e->pid;
	c->tid = e->tid;
	c->cpu = e->cpu;
	c->flags = e->flags | flags;
	c->nr = e->nr;
	c->ret = ret;
	memcpy(c->args, e->args, sizeof(c->args));
	const struct raw_stack *st = e->stack;
	if (st) {
		c->nips = st->nips;
		c->ips = st->ips;
		c->regs_mask = st->regs_mask;
		c->nregs = st->nregs;
		c->regs = st->regs;
		c->stack_size = st->stack_size;
		c->stack = st->stack;
	}
	uint64_t counts[COUNTERS_MAX];
	if (exit && exit->sc.counts && p->counters) {
		int64_t scaled = -1;
		if (e->counted)
			scaled = cntstate_exit(p->counters, exit->tid, exit->cpu, exit->sc.counts,
					       counts);
		else
			take_reading(p, exit);
		if (scaled >= 0) {
			p->stats.counters_scaled += scaled != 0;
			c->counters_scaled = (uint32_t)scaled;
			c->ncounters = p->ncounters;
			c->counters = counts;
		}
	}
	p->stats.calls++;
	return p->emit(p->ctx, &ev);
}

static int emit_call(struct pairing *p, const struct pending *e, uint64_t time,
		     uint32_t flags, int64_t ret)
{
	return emit_counted(p, e, time, flags, ret, NULL);
}

/* Emit the call pending in e (removed from the table by the caller). */
static int emit_and_free(struct pairing *p, struct pending *e, uint64_t time, uint32_t flags,
			 int64_t ret, const struct raw_event *exit)
{
	int rc = emit_counted(p, e, time, flags, ret, exit);
	free(e->stack);
	e->stack = NULL;
	return rc;
}

static void fill(struct pending *e, const struct raw_event *ev, struct raw_stack *stack,
		 uint32_t flags)
{
	free(e->stack);
	e->stack = stack;
	e->pid = ev->pid;
	e->nr = ev->sc.nr;
	e->cpu = ev->cpu;
	e->flags = flags;
	e->start = ev->time;
	e->counted = false;
	memcpy(e->args, ev->sc.args, sizeof(e->args));
}

int pairing_feed(struct pairing *p, const struct raw_event *ev)
{
	struct pending *e;
	switch (ev->kind) {
	case RAW_ENTER:
	case RAW_BLOCKED:
		if (ev->tid == 0) {
			free(ev->sc.stack); /* the idle task makes no syscalls */
			return 0;
		}
		e = insert(p, ev->tid);
		if (!e) {
			free(ev->sc.stack);
			return -ENOMEM;
		}
		if (ev->kind == RAW_BLOCKED) {
			if (!e->start) /* else a real entry came first: keep it */
				fill(e, ev, NULL, SCF_CALL_ENTERED_BEFORE);
			return 0;
		}
		if (e->start && !(e->flags & (SCF_CALL_ENTERED_BEFORE | CHILD_START)))
			p->stats.unpaired++; /* its exit was lost */
		fill(e, ev, ev->sc.stack ? ev->sc.stack : p->nparked ? unpark(p, ev->tid) : NULL, 0);
		e->counted = p->counters && ev->sc.counts &&
			     !cntstate_enter(p->counters, ev->tid, ev->cpu, ev->sc.counts);
		return 0;
	case RAW_SWITCH:
		take_reading(p, ev);
		return 0;
	case RAW_STACK: {
		take_reading(p, ev);
		/* The stack of the call tid is entering: parked until its
		 * sys_enter comes, or the call's if that came first. */
		e = find(p, ev->tid);
		if (e && e->start && !e->stack &&
		    !(e->flags & (SCF_CALL_ENTERED_BEFORE | CHILD_START)))
			e->stack = ev->sc.stack;
		else
			park(p, ev->tid, ev->sc.stack);
		return 0;
	}
	case RAW_EXIT: {
		e = find(p, ev->tid);
		if (e && (e->flags & CHILD_START)) {
			remove_slot(p, e);
			return 0;
		}
		/* rt_sigreturn restores the registers of the interrupted
		 * code, so its exit reports syscall -1: pair it with the
		 * entry whatever that was. */
		if (e && (e->nr == ev->sc.nr || ev->sc.nr == -1)) {
			struct pending done = *e;
			remove_slot(p, e);
			return emit_and_free(p, &done, ev->time, 0, ev->sc.ret, ev);
		}
		take_reading(p, ev);
		if (e) {
			if (!(e->flags & SCF_CALL_ENTERED_BEFORE))
				p->stats.unpaired++;
			free(e->stack);
			remove_slot(p, e);
		}
		struct pending lone = { .tid = ev->tid, .pid = ev->pid, .nr = ev->sc.nr,
					.cpu = ev->cpu, .start = ev->time };
		return emit_call(p, &lone, ev->time, SCF_CALL_NO_ENTER, ev->sc.ret);
	}
	case RAW_RECORD:
		if (ev->rec->type == SCF_EV_FORK && ev->rec->task.tid > 0) {
			e = insert(p, ev->rec->task.tid);
			if (!e)
				return -ENOMEM;
			if (!e->start) {
				e->flags = CHILD_START;
				e->start = ev->time;
				e->pid = ev->rec->task.pid;
			}
		}
		if (ev->rec->type == SCF_EV_EXIT && p->nparked)
			free(unpark(p, ev->rec->task.tid));
		if (ev->rec->type == SCF_EV_EXIT && (e = find(p, ev->rec->task.tid)) &&
		    (e->flags & CHILD_START)) {
			remove_slot(p, e);
		} else if (ev->rec->type == SCF_EV_EXIT && (e = find(p, ev->rec->task.tid))) {
			struct pending done = *e;
			remove_slot(p, e);
			int rc = emit_and_free(p, &done, ev->time, SCF_CALL_NO_RETURN, 0, NULL);
			if (rc)
				return rc;
		}
		if (ev->rec->type == SCF_EV_EXIT && p->counters)
			cntstate_forget(p->counters, ev->rec->task.tid);
		/* a call paired in the kernel (the BPF recorder) passes through */
		if (ev->rec->type == SCF_EV_CALL)
			p->stats.calls++;
		return p->emit(p->ctx, ev->rec);
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->tid - y->tid;
}

int pairing_finish(struct pairing *p, uint64_t end_time)
{
	struct pending *left = malloc((p->used + 1) * sizeof(*left));
	if (!left)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < p->cap; i++)
		if (p->slot[i].tid && !(p->slot[i].flags & CHILD_START))
			left[n++] = p->slot[i];
	qsort(left, n, sizeof(*left), by_start);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = emit_call(p, &left[i], end_time, SCF_CALL_UNFINISHED, 0);
	free(left);
	for (size_t i = 0; i < p->cap; i++)
		if (p->slot[i].tid)
			free(p->slot[i].stack);
	memset(p->slot, 0, p->cap * sizeof(*p->slot));
	p->used = 0;
	while (p->nparked)
		free(p->parked[--p->nparked].stack);
	return rc;
}

const struct pairing_stats *pairing_stats(const struct pairing *p)
{
	return &p->stats;
}
