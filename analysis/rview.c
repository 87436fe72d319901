/*
 * rview.c - from streamed statistics to named, sorted groups (see rview.h).
 */
#include "analysis/rview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/tasks.h"

static void group_release(struct rview_group *g)
{
	agg_sys_release(&g->total);
	free(g->sys);
	g->sys = NULL;
	g->nsys = 0;
}

void rview_stuck_free(struct rview_stuck *stuck, size_t n)
{
	for (size_t i = 0; stuck && i < n; i++) {
		free(stuck[i].captures_copy);
		free(stuck[i].kips);
	}
	free(stuck);
}

void rview_release(struct rview *v)
{
	group_release(&v->all);
	for (size_t i = 0; i < v->ngroups; i++)
		group_release(&v->groups[i]);
	free(v->groups);
	v->groups = NULL;
	v->ngroups = 0;
	rview_stuck_free(v->stuck, v->nstuck);
	v->stuck = NULL;
	v->nstuck = 0;
	for (size_t i = 0; i < 2; i++) {
		agg_free(v->merged[i]);
		v->merged[i] = NULL;
	}
}

/* Fill a view group from an agg group: sorted syscalls and the total. */
static int fill_group(struct rview_group *out, const struct agg_group *g, enum agg_sort sort)
{
	out->nsys = g->nsys;
	out->sys = malloc((g->nsys ? g->nsys : 1) * sizeof(*out->sys));
	if (!out->sys)
		return -ENOMEM;
	for (size_t i = 0; i < g->nsys; i++) {
		out->sys[i] = g->sys[i];
		agg_sys_finish(g->sys[i]);
	}
	agg_sort(out->sys, out->nsys, sort);
	return agg_group_total(g, &out->total);
}

static uint64_t key_all(void *ctx, const struct agg_group *g)
{
	(void)ctx;
	(void)g;
	return 0;
}

static uint64_t key_comm(void *ctx, const struct agg_group *g)
{
	const char *comm = tasks_comm_at(ctx, (int32_t)(g->key >> 32), (uint32_t)g->key);
	return (uint64_t)(uintptr_t)comm;
}

static int cmp_groups(const void *pa, const void *pb, void *ctx)
{
	const struct rview_group *a = pa, *b = pb;
	enum agg_sort key = *(const enum agg_sort *)ctx;
	int c;
	if (key == AGG_SORT_NAME) {
		c = strcmp(a->comm ? a->comm : "", b->comm ? b->comm : "");
		if (!c)
			c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
		if (c)
			return c;
	}
	if ((c = agg_sys_cmp(&a->total, &b->total, key)))
		return c;
	if (a->file && b->file && (c = strcmp(a->file, b->file)))
		return c;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return (a->tid > b->tid) - (a->tid < b->tid);
}

static void name_group(struct rview_group *out, const struct agg_group *g, enum group_by by,
		       struct tasks *tasks)
{
	out->pid = out->tid = -1;
	switch (by) {
	case GROUP_BY_PROCESS:
	case GROUP_BY_CMDLINE:
		out->pid = (int32_t)g->key;
		out->comm = tasks_process_comm(tasks, out->pid);
		out->cmdline = tasks_cmdline(tasks, out->pid);
		break;
	case GROUP_BY_THREAD:
		out->tid = (int32_t)g->key;
		out->pid = tasks_pid(tasks, out->tid) >= 0 ? tasks_pid(tasks, out->tid) : g->pid;
		out->comm = tasks_comm(tasks, out->tid);
		out->cmdline = tasks_cmdline(tasks, out->pid);
		break;
	case GROUP_BY_COMM:
		out->comm = (const char *)(uintptr_t)g->key;
		break;
	case GROUP_BY_FILE:
		out->file = (const char *)(uintptr_t)g->key;
		break;
	case GROUP_BY_SYSCALL:
		break;
	}
}

static int build_groups(struct rview *v, const struct agg *src, struct tasks *tasks)
{
	const struct agg *a = src;
	int err;
	if (v->by == GROUP_BY_COMM) {
		if ((err = agg_regroup(src, key_comm, tasks, &v->merged[1])))
			return err;
		a = v->merged[1];
	}
	size_t n = agg_ngroups(a);
	v->groups = calloc(n ? n : 1, sizeof(*v->groups));
	if (!v->groups)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct agg_group *g = agg_group_at(a, i);
		struct rview_group *out = &v->groups[v->ngroups++];
		name_group(out, g, v->by, tasks);
		if ((err = fill_group(out, g, v->sort)))
			return err;
	}
	enum agg_sort key = v->sort ? v->sort : AGG_SORT_TIME;
	qsort_r(v->groups, v->ngroups, sizeof(*v->groups), cmp_groups, &key);
	return 0;
}

static int cmp_stuck(const void *pa, const void *pb)
{
	const struct rview_stuck *a = pa, *b = pb;
	if (a->call.duration != b->call.duration)
		return a->call.duration > b->call.duration ? -1 : 1;
	return (a->call.tid > b->call.tid) - (a->call.tid < b->call.tid);
}

int rview_build(struct rview *v, const struct agg *groups, struct tasks *tasks)
{
	int err;
	if (v->nstuck)
		qsort(v->stuck, v->nstuck, sizeof(*v->stuck), cmp_stuck);
	const struct agg_group *all = NULL;
	if (v->by == GROUP_BY_SYSCALL && agg_ngroups(groups) == 1) {
		all = agg_group_at(groups, 0);
	} else {
		if ((err = agg_regroup(groups, key_all, NULL, &v->merged[0])))
			return err;
		/* an empty recording still gets an (empty) group */
		all = agg_group(v->merged[0], 0);
		if (!all)
			return -ENOMEM;
	}
	v->all.pid = v->all.tid = -1;
	if ((err = fill_group(&v->all, all, v->sort)))
		return err;
	v->unfinished = v->all.total.unfinished;
	v->no_return = v->all.total.no_return;
	v->partial = v->all.total.partial;
	v->partial_ns = v->all.total.partial_ns;
	v->cut_short = v->no_return;
	for (size_t i = 0; i < v->all.nsys; i++) {
		const struct agg_sys *s = v->all.sys[i];
		if (s->name && (!strcmp(s->name, "exit") || !strcmp(s->name, "exit_group")))
			v->cut_short -= s->no_return;
	}
	if (v->by != GROUP_BY_SYSCALL)
		return build_groups(v, groups, tasks);
	return 0;
}

bool rview_hist_wants(const struct rview *v, const char *name)
{
	if (!v->hist)
		return false;
	if (!v->nhist_names)
		return true;
	for (size_t i = 0; i < v->nhist_names; i++)
		if (name && !strcmp(v->hist_names[i], name))
			return true;
	return false;
}

void rview_start_date(const struct rview *v, char *buf, size_t len)
{
	time_t t = (time_t)(v->meta->start_realtime / 1000000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "?");
}
