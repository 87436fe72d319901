/*
 * live.c - one interval of a live recording (live.h), counted with agg.h:
 * group 0 holds every call, group pid + 1 a process's.
 */
#include "analysis/live.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

struct live_name {
	int32_t pid;
	char comm[SCF_COMM_LEN];
};

struct live {
	agg_name_fn name;
	void *name_ctx;
	struct agg *agg;          /* the interval counting */
	struct agg *done;         /* the last one ended (live_next) */
	uint64_t lost, done_lost;
	struct live_name *names;
	size_t nnames, names_cap;
	struct live_sys *sys;
	size_t sys_cap;
	struct live_proc *procs;
	size_t procs_cap;
};

static const char *const sort_names[] = {
	[LIVE_SORT_CALLS] = "calls", [LIVE_SORT_ERRORS] = "errors", [LIVE_SORT_TIME] = "time",
	[LIVE_SORT_P50] = "p50",     [LIVE_SORT_P99] = "p99",       [LIVE_SORT_NAME] = "name",
};

enum live_sort live_sort_parse(const char *s)
{
	for (size_t i = 1; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
		if (!strcmp(s, sort_names[i]))
			return (enum live_sort)i;
	return 0;
}

const char *live_sort_name(enum live_sort key)
{
	return key >= LIVE_SORT_CALLS && key <= LIVE_SORT_NAME ? sort_names[key] : "";
}

int live_new(agg_name_fn name, void *ctx, struct live **out)
{
	struct live *l = calloc(1, sizeof(*l));
	*out = NULL;
	if (!l)
		return -ENOMEM;
	l->name = name;
	l->name_ctx = ctx;
	int rc = agg_new(name, ctx, &l->agg);
	if (!rc && (rc = agg_new(name, ctx, &l->done)))
		agg_free(l->agg);
	if (rc) {
		free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void live_free(struct live *l)
{
	if (!l)
		return;
	agg_free(l->agg);
	agg_free(l->done);
	free(l->names);
	free(l->sys);
	free(l->procs);
	free(l);
}

static struct live_name *find_name(const struct live *l, int32_t pid)
{
	for (size_t i = 0; i < l->nnames; i++)
		if (l->names[i].pid == pid)
			return &l->names[i];
	return NULL;
}

/* A process is named by its main thread; another thread's name only
 * until the main thread's comes. */
static int note_name(struct live *l, const struct scf_comm *c)
{
	struct live_name *n = find_name(l, c->pid);
	if (n && c->tid != c->pid)
		return 0;
	if (!n) {
		if (GROW(l->names, l->nnames + 1, l->names_cap))
			return -ENOMEM;
		n = &l->names[l->nnames++];
		n->pid = c->pid;
	}
	memcpy(n->comm, c->comm, SCF_COMM_LEN);
	n->comm[SCF_COMM_LEN - 1] = 0;
	return 0;
}

int live_add(struct live *l, const struct scf_event *ev)
{
	switch (ev->type) {
	case SCF_EV_CALL: {
		struct agg_group *all = agg_group(l->agg, 0);
		struct agg_group *proc = all ? agg_group(l->agg, (uint64_t)(uint32_t)ev->call.pid + 1)
					     : NULL;
		if (!proc)
			return -ENOMEM;
		int rc = agg_add(all, &ev->call);
		return rc ? rc : agg_add(proc, &ev->call);
	}
	case SCF_EV_COMM:
		return note_name(l, &ev->comm);
	case SCF_EV_LOST:
		l->lost += ev->lost.count;
		return 0;
	default:
		return 0;
	}
}

static uint64_t sort_value(const struct live_sys *s, enum live_sort key)
{
	switch (key) {
	case LIVE_SORT_ERRORS:
		return s->errors;
	case LIVE_SORT_TIME:
		return s->time_ns;
	case LIVE_SORT_P50:
		return s->p50;
	case LIVE_SORT_P99:
		return s->p99;
	default:
		return s->calls;
	}
}

static int cmp_sys(const void *pa, const void *pb, void *ctx)
{
	const struct live_sys *a = pa, *b = pb;
	enum live_sort key = *(const enum live_sort *)ctx;
	if (key != LIVE_SORT_NAME) {
		uint64_t va = sort_value(a, key), vb = sort_value(b, key);
		if (va != vb)
			return va > vb ? -1 : 1;
		if (a->calls != b->calls)
			return a->calls > b->calls ? -1 : 1;
	}
	int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	return c ? c : (a->nr > b->nr) - (a->nr < b->nr);
}

static int cmp_proc(const void *pa, const void *pb)
{
	const struct live_proc *a = pa, *b = pb;
	if (a->calls != b->calls)
		return a->calls > b->calls ? -1 : 1;
	return (a->pid > b->pid) - (a->pid < b->pid);
}

int live_view(struct live *l, enum live_sort key, struct live_view *v)
{
	memset(v, 0, sizeof(*v));
	v->lost = l->done_lost;
	size_t ngroups = agg_ngroups(l->done);
	struct agg_group *all = NULL;
	size_t nprocs = 0;
	for (size_t i = 0; i < ngroups; i++) {
		struct agg_group *g = agg_group_at(l->done, i);
		if (g->key)
			nprocs++;
		else
			all = g;
	}
	if (!all)
		return 0;
	if (GROW(l->sys, all->nsys, l->sys_cap) || GROW(l->procs, nprocs, l->procs_cap))
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < all->nsys; i++) {
		const struct agg_sys *s = all->sys[i];
		/* a syscall seen only unfinished or without return has no
		 * calls of the interval */
		if (!s->calls)
			continue;
		l->sys[n++] = (struct live_sys){ s->nr, s->name, s->calls, s->errors, s->lat.sum,
						 hist_percentile(&s->lat, 50),
						 hist_percentile(&s->lat, 99) };
		v->calls += s->calls;
		v->errors += s->errors;
		v->time_ns += s->lat.sum;
	}
	qsort_r(l->sys, n, sizeof(*l->sys), cmp_sys, &key);
	v->sys = l->sys;
	v->nsys = n;
	n = 0;
	for (size_t i = 0; i < ngroups; i++) {
		const struct agg_group *g = agg_group_at(l->done, i);
		if (!g->key)
			continue;
		struct agg_sys tot;
		if (agg_group_total(g, &tot))
			return -ENOMEM;
		int32_t pid = (int32_t)(uint32_t)(g->key - 1);
		const struct live_name *name = find_name(l, pid);
		if (tot.calls)
			l->procs[n++] = (struct live_proc){ pid, name ? name->comm : "", tot.calls,
							    tot.errors, tot.lat.sum };
		agg_sys_release(&tot);
	}
	qsort(l->procs, n, sizeof(*l->procs), cmp_proc);
	v->procs = l->procs;
	v->nprocs = n;
	return 0;
}

int live_next(struct live *l)
{
	struct agg *a;
	int rc = agg_new(l->name, l->name_ctx, &a);
	if (rc)
		return rc;
	agg_free(l->done);
	l->done = l->agg;
	l->done_lost = l->lost;
	l->agg = a;
	l->lost = 0;
	return 0;
}
