/*
 * agg.c - per-group, per-syscall call statistics (see agg.h).
 */
#include "analysis/agg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

/* Syscall numbers below this are indexed directly; others (x32 calls,
 * garbage) are found by a linear search. */
#define AGG_NR_INDEX_MAX 4096

struct agg {
	agg_name_fn name;
	void *name_ctx;
	struct agg_group **groups;
	size_t ngroups, cap;
	/* open addressing: key -> index + 1 in groups (0: empty) */
	uint32_t *slots;
	size_t nslots;
	struct agg_group *last;
};

int agg_new(agg_name_fn name, void *ctx, struct agg **out)
{
	struct agg *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->name = name;
	a->name_ctx = ctx;
	*out = a;
	return 0;
}

void agg_sys_init(struct agg_sys *s, int32_t nr, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->nr = nr;
	s->name = name;
	hist_init(&s->lat);
}

void agg_sys_release(struct agg_sys *s)
{
	hist_release(&s->lat);
	waits_free(s->waits);
	s->waits = NULL;
	free(s->errnos);
	s->errnos = NULL;
	s->nerrnos = s->errnos_cap = 0;
}

static void group_free(struct agg_group *g)
{
	for (size_t i = 0; i < g->nsys; i++) {
		agg_sys_release(g->sys[i]);
		free(g->sys[i]);
	}
	free(g->sys);
	free(g->by_nr);
	free(g);
}

void agg_free(struct agg *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->ngroups; i++)
		group_free(a->groups[i]);
	free(a->groups);
	free(a->slots);
	free(a);
}

static size_t hash_key(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (size_t)k;
}

static int rehash(struct agg *a, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < a->ngroups; i++) {
		size_t j = hash_key(a->groups[i]->key) & (nslots - 1);
		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)(i + 1);
	}
	free(a->slots);
	a->slots = slots;
	a->nslots = nslots;
	return 0;
}

struct agg_group *agg_group(struct agg *a, uint64_t key)
{
	if (a->last && a->last->key == key)
		return a->last;
	if (a->nslots) {
		size_t j = hash_key(key) & (a->nslots - 1);
		while (a->slots[j]) {
			struct agg_group *g = a->groups[a->slots[j] - 1];
			if (g->key == key)
				return a->last = g;
			j = (j + 1) & (a->nslots - 1);
		}
	}
	/* new group: keep the table at most half full */
	if ((a->ngroups + 1) * 2 > a->nslots && rehash(a, a->nslots ? a->nslots * 2 : 16))
		return NULL;
	if (GROW(a->groups, a->ngroups + 1, a->cap))
		return NULL;
	struct agg_group *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->agg = a;
	g->key = key;
	a->groups[a->ngroups++] = g;
	size_t j = hash_key(key) & (a->nslots - 1);
	while (a->slots[j])
		j = (j + 1) & (a->nslots - 1);
	a->slots[j] = (uint32_t)a->ngroups;
	return a->last = g;
}

size_t agg_ngroups(const struct agg *a)
{
	return a->ngroups;
}

struct agg_group *agg_group_at(const struct agg *a, size_t i)
{
	return a->groups[i];
}

struct agg_sys *agg_find(const struct agg_group *g, int32_t nr)
{
	if (nr >= 0 && (uint32_t)nr < g->by_nr_cap)
		return g->by_nr[nr];
	if (nr >= 0 && nr < AGG_NR_INDEX_MAX)
		return NULL;
	for (size_t i = 0; i < g->nsys; i++)
		if (g->sys[i]->nr == nr)
			return g->sys[i];
	return NULL;
}

/* The slow path of agg_add: a syscall new to this group. */
static struct agg_sys *sys_create(struct agg_group *g, int32_t nr, const char *name)
{
	if (nr >= 0 && nr < AGG_NR_INDEX_MAX && (uint32_t)nr >= g->by_nr_cap) {
		uint32_t cap = g->by_nr_cap ? g->by_nr_cap : 64;
		while (cap <= (uint32_t)nr)
			cap *= 2;
		struct agg_sys **v = realloc(g->by_nr, cap * sizeof(*v));
		if (!v)
			return NULL;
		memset(v + g->by_nr_cap, 0, (cap - g->by_nr_cap) * sizeof(*v));
		g->by_nr = v;
		g->by_nr_cap = cap;
	}
	struct agg_sys **list = realloc(g->sys, (g->nsys + 1) * sizeof(*list));
	if (!list)
		return NULL;
	g->sys = list;
	struct agg_sys *s = malloc(sizeof(*s));
	if (!s)
		return NULL;
	agg_sys_init(s, nr, name);
	g->sys[g->nsys++] = s;
	if (nr >= 0 && nr < AGG_NR_INDEX_MAX)
		g->by_nr[nr] = s;
	return s;
}

static struct agg_sys *sys_get(struct agg_group *g, int32_t nr)
{
	struct agg_sys *s = agg_find(g, nr);
	if (s)
		return s;
	struct agg *a = g->agg;
	return sys_create(g, nr, a->name ? a->name(a->name_ctx, nr) : NULL);
}

static int errno_add(struct agg_sys *s, int32_t err, uint64_t count)
{
	for (uint32_t i = 0; i < s->nerrnos; i++) {
		if (s->errnos[i].err == err) {
			s->errnos[i].count += count;
			return 0;
		}
	}
	if (s->nerrnos == s->errnos_cap) {
		uint32_t cap = s->errnos_cap ? s->errnos_cap * 2 : 4;
		struct agg_errno *v = realloc(s->errnos, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->errnos = v;
		s->errnos_cap = cap;
	}
	s->errnos[s->nerrnos++] = (struct agg_errno){.err = err, .count = count};
	return 0;
}

int agg_add(struct agg_group *g, const struct scf_call *c)
{
	struct agg_sys *s;
	if (c->nr >= 0 && (uint32_t)c->nr < g->by_nr_cap && g->by_nr[c->nr])
		s = g->by_nr[c->nr];
	else if (!(s = sys_get(g, c->nr)))
		return -ENOMEM;
	if (!g->has_task) {
		g->has_task = true;
		g->pid = c->pid;
		g->tid = c->tid;
	}
	uint32_t flags = c->flags;
	if (flags & SCF_CALL_UNFINISHED) {
		s->unfinished++;
		return 0;
	}
	if (flags & SCF_CALL_NO_RETURN) {
		s->no_return++;
		return 0;
	}
	if (agg_is_error(c->ret)) {
		/* count the errno first: on ENOMEM the call is not counted */
		if (errno_add(s, (int32_t)-c->ret, 1))
			return -ENOMEM;
		s->errors++;
	}
	s->calls++;
	if (c->ncounters) {
		s->counted++;
		s->cnt_scaled |= c->counters_scaled;
		for (uint32_t i = 0; i < c->ncounters && i < AGG_COUNTERS; i++)
			s->cnt[i] += c->counters[i];
	}
	if (flags & SCF_CALL_NO_ENTER)
		return 0;
	if (flags & SCF_CALL_ENTERED_BEFORE) {
		s->partial++;
		s->partial_ns += c->duration;
		return 0;
	}
	const struct scf_offcpu *o = c->offcpu;
	if (o) {
		if ((o->blocked || o->nkips) && !s->waits && !(s->waits = calloc(1, sizeof(*s->waits))))
			return -ENOMEM;
		if (s->waits && waits_add(s->waits, o))
			return -ENOMEM;
		/* the reader and writer hold blocked + runnable <= duration */
		s->blocked_ns += o->blocked;
		s->runnable_ns += o->runnable;
		s->oncpu_ns += c->duration - o->blocked - o->runnable;
	} else {
		s->oncpu_ns += c->duration;
	}
	return hist_add(&s->lat, c->duration);
}

int agg_sys_merge(struct agg_sys *dst, const struct agg_sys *src)
{
	int err = hist_merge(&dst->lat, &src->lat);
	if (err)
		return err;
	for (uint32_t i = 0; i < src->nerrnos; i++)
		if ((err = errno_add(dst, src->errnos[i].err, src->errnos[i].count)))
			return err;
	dst->calls += src->calls;
	dst->errors += src->errors;
	dst->unfinished += src->unfinished;
	dst->no_return += src->no_return;
	dst->counted += src->counted;
	dst->cnt_scaled |= src->cnt_scaled;
	for (int i = 0; i < AGG_COUNTERS; i++)
		dst->cnt[i] += src->cnt[i];
	dst->partial += src->partial;
	dst->partial_ns += src->partial_ns;
	dst->oncpu_ns += src->oncpu_ns;
	dst->blocked_ns += src->blocked_ns;
	dst->runnable_ns += src->runnable_ns;
	if (src->waits) {
		if (!dst->waits && !(dst->waits = calloc(1, sizeof(*dst->waits))))
			return -ENOMEM;
		if ((err = waits_merge(dst->waits, src->waits)))
			return err;
	}
	return 0;
}

int agg_group_merge(struct agg_group *dst, const struct agg_group *src)
{
	for (size_t i = 0; i < src->nsys; i++) {
		const struct agg_sys *s = src->sys[i];
		struct agg_sys *d = agg_find(dst, s->nr);
		if (!d && !(d = sys_create(dst, s->nr, s->name)))
			return -ENOMEM;
		int err = agg_sys_merge(d, s);
		if (err)
			return err;
	}
	if (!dst->has_task && src->has_task) {
		dst->has_task = true;
		dst->pid = src->pid;
		dst->tid = src->tid;
	}
	return 0;
}

int agg_regroup(const struct agg *src, uint64_t (*newkey)(void *ctx, const struct agg_group *g),
		void *ctx, struct agg **out)
{
	struct agg *a;
	int err = agg_new(src->name, src->name_ctx, &a);
	if (err)
		return err;
	for (size_t i = 0; i < src->ngroups; i++) {
		const struct agg_group *s = src->groups[i];
		struct agg_group *d = agg_group(a, newkey(ctx, s));
		if (!d || (err = agg_group_merge(d, s))) {
			agg_free(a);
			return err ? err : -ENOMEM;
		}
	}
	*out = a;
	return 0;
}

int agg_group_total(const struct agg_group *g, struct agg_sys *out)
{
	agg_sys_init(out, -1, NULL);
	for (size_t i = 0; i < g->nsys; i++) {
		int err = agg_sys_merge(out, g->sys[i]);
		if (err) {
			agg_sys_release(out);
			return err;
		}
	}
	agg_sys_finish(out);
	return 0;
}

static int cmp_errno(const void *pa, const void *pb)
{
	const struct agg_errno *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return (a->err > b->err) - (a->err < b->err);
}

void agg_sys_finish(struct agg_sys *s)
{
	if (s->waits)
		waits_finish(s->waits);
	if (s->nerrnos > 1)
		qsort(s->errnos, s->nerrnos, sizeof(*s->errnos), cmp_errno);
}

enum agg_sort agg_sort_parse(const char *s)
{
	static const struct {
		const char *name;
		enum agg_sort key;
	} keys[] = {
		{"time", AGG_SORT_TIME},   {"time-total", AGG_SORT_TIME},
		{"total-time", AGG_SORT_TIME}, {"calls", AGG_SORT_CALLS},
		{"count", AGG_SORT_CALLS}, {"errors", AGG_SORT_ERRORS},
		{"name", AGG_SORT_NAME},   {"syscall", AGG_SORT_NAME},
		{"avg", AGG_SORT_AVG},     {"avg-time", AGG_SORT_AVG},
		{"max", AGG_SORT_MAX},     {"max-time", AGG_SORT_MAX},
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(s, keys[i].name))
			return keys[i].key;
	return 0;
}

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b ? 1 : 0;
}

static int cmp_name(const struct agg_sys *a, const struct agg_sys *b)
{
	if (a->name && b->name) {
		int c = strcmp(a->name, b->name);
		if (c)
			return c;
	}
	return (a->nr > b->nr) - (a->nr < b->nr);
}

int agg_sys_cmp(const struct agg_sys *a, const struct agg_sys *b, enum agg_sort key)
{
	int c = 0;
	switch (key ? key : AGG_SORT_TIME) {
	case AGG_SORT_TIME:
		c = cmp_u64_desc(a->lat.sum, b->lat.sum);
		break;
	case AGG_SORT_CALLS:
		break;
	case AGG_SORT_ERRORS:
		c = cmp_u64_desc(a->errors, b->errors);
		break;
	case AGG_SORT_NAME:
		return cmp_name(a, b);
	case AGG_SORT_AVG:
		c = cmp_u64_desc(hist_avg(&a->lat), hist_avg(&b->lat));
		break;
	case AGG_SORT_MAX:
		c = cmp_u64_desc(a->lat.count ? a->lat.max : 0, b->lat.count ? b->lat.max : 0);
		break;
	}
	if (!c)
		c = cmp_u64_desc(a->calls, b->calls);
	return c ? c : cmp_name(a, b);
}

static int cmp_sys(const void *pa, const void *pb, void *ctx)
{
	return agg_sys_cmp(*(const struct agg_sys *const *)pa, *(const struct agg_sys *const *)pb,
			   *(const enum agg_sort *)ctx);
}

void agg_sort(struct agg_sys **v, size_t n, enum agg_sort key)
{
	if (!key)
		key = AGG_SORT_TIME;
	qsort_r(v, n, sizeof(*v), cmp_sys, &key);
}
