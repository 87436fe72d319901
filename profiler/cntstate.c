/*
 * cntstate.c - each thread's counter totals (cntstate.h).
 */
#include "profiler/cntstate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The last reading of one thread on one CPU. */
struct cpu_reading {
	uint32_t cpu;
	uint64_t running;
	uint64_t v[COUNTERS_MAX];
};

struct thread {
	struct thread *next;         /* in its hash bucket */
	int32_t tid;
	uint32_t n, cap;
	struct cpu_reading *on;      /* [n]: the CPUs it ran on */
	bool entered;                /* at_entry holds the totals at its call's entry */
	struct cnt_total at_entry;
};

struct cntstate {
	unsigned ncounters;
	bool may_multiplex;
	struct thread **bucket;
	size_t nbuckets, nthreads;   /* nbuckets: a power of two */
};

static size_t hash_tid(int32_t tid, size_t n)
{
	return ((uint32_t)tid * 2654435761u) & (n - 1);
}

struct cntstate *cntstate_new(unsigned n, bool may_multiplex)
{
	struct cntstate *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->ncounters = n;
	s->may_multiplex = may_multiplex;
	s->nbuckets = 256;
	if (!(s->bucket = calloc(s->nbuckets, sizeof(*s->bucket)))) {
		free(s);
		return NULL;
	}
	return s;
}

static void thread_free(struct thread *t)
{
	free(t->on);
	free(t);
}

void cntstate_free(struct cntstate *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nbuckets; i++)
		for (struct thread *t = s->bucket[i], *next; t; t = next) {
			next = t->next;
			thread_free(t);
		}
	free(s->bucket);
	free(s);
}

static void rehash(struct cntstate *s)
{
	size_t n = s->nbuckets * 2;
	struct thread **b = calloc(n, sizeof(*b));
	if (!b)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < s->nbuckets; i++)
		for (struct thread *t = s->bucket[i], *next; t; t = next) {
			next = t->next;
			size_t h = hash_tid(t->tid, n);
			t->next = b[h];
			b[h] = t;
		}
	free(s->bucket);
	s->bucket = b;
	s->nbuckets = n;
}

static struct thread *thread_get(struct cntstate *s, int32_t tid)
{
	for (struct thread *t = s->bucket[hash_tid(tid, s->nbuckets)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	struct thread *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	if (s->nthreads + 1 > s->nbuckets)
		rehash(s);
	size_t h = hash_tid(tid, s->nbuckets);
	t->next = s->bucket[h];
	s->bucket[h] = t;
	s->nthreads++;
	return t;
}

int cntstate_read(struct cntstate *s, int32_t tid, uint32_t cpu, const struct raw_counts *c,
		  struct cnt_total *tot)
{
	struct thread *t = thread_get(s, tid);
	if (!t)
		return -ENOMEM;
	struct cpu_reading *r = NULL;
	for (uint32_t i = 0; i < t->n && !r; i++)
		if (t->on[i].cpu == cpu)
			r = &t->on[i];
	if (!r) {
		if (t->n == t->cap) {
			uint32_t cap = t->cap ? 2 * t->cap : 2;
			struct cpu_reading *on = realloc(t->on, cap * sizeof(*on));
			if (!on)
				return -ENOMEM;
			t->on = on;
			t->cap = cap;
		}
		r = &t->on[t->n++];
		r->cpu = cpu;
	}
	r->running = c->running;
	memcpy(r->v, c->v, s->ncounters * sizeof(r->v[0]));
	memset(tot, 0, sizeof(*tot));
	tot->enabled = c->enabled;
	for (uint32_t i = 0; i < t->n; i++) {
		tot->running += t->on[i].running;
		for (unsigned k = 0; k < s->ncounters; k++)
			tot->v[k] += t->on[i].v[k];
	}
	return 0;
}

int cntstate_enter(struct cntstate *s, int32_t tid, uint32_t cpu, const struct raw_counts *c)
{
	struct cnt_total t;
	int rc = cntstate_read(s, tid, cpu, c, &t);
	if (rc)
		return rc;
	struct thread *th = thread_get(s, tid); /* found: the read made it */
	th->at_entry = t;
	th->entered = true;
	return 0;
}

int64_t cntstate_exit(struct cntstate *s, int32_t tid, uint32_t cpu, const struct raw_counts *c,
		      uint64_t *out)
{
	struct cnt_total t;
	if (cntstate_read(s, tid, cpu, c, &t))
		return -1;
	struct thread *th = thread_get(s, tid);
	if (!th->entered)
		return -1;
	th->entered = false;
	return cnt_call_counts(&th->at_entry, &t, s->ncounters, s->may_multiplex, out);
}

void cntstate_forget(struct cntstate *s, int32_t tid)
{
	for (struct thread **p = &s->bucket[hash_tid(tid, s->nbuckets)]; *p; p = &(*p)->next) {
		if ((*p)->tid != tid)
			continue;
		struct thread *t = *p;
		*p = t->next;
		thread_free(t);
		s->nthreads--;
		return;
	}
}

uint32_t cnt_call_counts(const struct cnt_total *a, const struct cnt_total *b, unsigned n,
			 bool may_multiplex, uint64_t *out)
{
	uint64_t enabled = b->enabled > a->enabled ? b->enabled - a->enabled : 0;
	uint64_t running = b->running > a->running ? b->running - a->running : 0;
	bool scale = may_multiplex && running < enabled - enabled / 1000;
	for (unsigned k = 0; k < n; k++) {
		uint64_t d = b->v[k] >= a->v[k] ? b->v[k] - a->v[k] : 0;
		if (scale && running)
			d = (uint64_t)((unsigned __int128)d * enabled / running);
		out[k] = d;
	}
	return scale ? (n >= 32 ? UINT32_MAX : (1u << n) - 1) : 0;
}
