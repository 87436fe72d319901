/*
 * scan.c - one pass over a recording (see scan.h).
 */
#include "analysis/scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fdtable.h"
#include "analysis/sysnames.h"
#include "analysis/tasks.h"
#include "base/grow.h"

int scan_open(struct scan *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	int err = scf_reader_open(path, &s->reader);
	if (err)
		return err;
	s->meta = scf_reader_meta(s->reader);
	return 0;
}

int scan_start(struct scan *s, const struct scan_opts *o)
{
	s->o = *o;
	if (sysnames_new(s->meta, &s->names) || tasks_new(&s->tasks))
		return -ENOMEM;
	if (o->count || o->stacks) {
		/* --by syscall counts everything into one group, found once here */
		if (agg_new(sysnames_fn, s->names, &s->agg) ||
		    (o->by == GROUP_BY_SYSCALL && !(s->all = agg_group(s->agg, 0))))
			return -ENOMEM;
	}
	if (o->filter && rfilter_bind(o->filter, s->meta->start_time, s->names))
		return -ENOMEM;
	if (o->stacks && callstacks_new(o->stacks, s->meta, &s->cs))
		return -ENOMEM;
	if ((o->follow_fds || o->by == GROUP_BY_FILE) && fdtable_new(&s->fds))
		return -ENOMEM;
	if (o->skip_args && !s->fds)
		scf_reader_skip_args(s->reader);
	return 0;
}

static int push_stuck(struct scan *s, const struct scf_call *c)
{
	if (GROW(s->stuck, s->nstuck + 1, s->stuck_cap))
		return -ENOMEM;
	struct rview_stuck *st = &s->stuck[s->nstuck++];
	st->call = *c;
	st->call.ips = NULL;
	st->call.nips = 0;
	st->name = sysnames_get(s->names, c->nr);
	st->comm = NULL; /* named at the end */
	st->captures_copy = NULL;
	st->call.captures = NULL;
	if (!c->ncaptures)
		return 0;
	/* what the call touched (the path it is stuck opening) points into
	 * the reader's buffer: keep a copy, the captures then their bytes */
	size_t size = c->ncaptures * sizeof(*c->captures);
	for (uint32_t i = 0; i < c->ncaptures; i++)
		size += c->captures[i].len;
	if (!(st->captures_copy = malloc(size))) {
		s->nstuck--;
		return -ENOMEM;
	}
	struct scf_capture *caps = st->captures_copy;
	uint8_t *bytes = (uint8_t *)(caps + c->ncaptures);
	for (uint32_t i = 0; i < c->ncaptures; i++) {
		caps[i] = c->captures[i];
		if (caps[i].len)
			memcpy(bytes, caps[i].data, caps[i].len);
		caps[i].data = bytes;
		bytes += caps[i].len;
	}
	st->call.captures = caps;
	return 0;
}

/* The group of call c by file: the interned name of the file it touched;
 * 0 for a call that touched none. */
static uint64_t file_key(struct scan *s, const struct scf_call *c, bool *none)
{
	char buf[4096];
	const char *file = fdtable_call_file(s->fds, c, sysnames_get(s->names, c->nr), buf,
					    sizeof(buf));
	*none = !file;
	return file ? (uint64_t)(uintptr_t)tasks_intern(s->tasks, file) : 0;
}

/* Count one call that passed the filters. */
static int count_call(struct scan *s, const struct scf_call *c, uint32_t epoch)
{
	struct agg_group *g = s->all;
	if (!g && s->o.by == GROUP_BY_FILE) {
		bool none;
		uint64_t key = file_key(s, c, &none);
		if (none)
			return 0; /* a call that touched no file is in no group */
		if (!key)
			return -ENOMEM;
		g = agg_group(s->agg, key);
	} else if (!g) {
		g = agg_group(s->agg, group_key(s->o.by, c, epoch));
	}
	if (!g)
		return -ENOMEM;
	if (s->o.unfinished && (c->flags & SCF_CALL_UNFINISHED) && push_stuck(s, c))
		return -ENOMEM;
	return agg_add(g, c);
}

/* A non-call event in the event log: whether the filters let it through. */
static bool log_shows(struct scan *s, const struct scf_event *ev, bool need_comm)
{
	const struct rfilter *f = s->o.filter;
	if (ev->type == SCF_EV_LOST)
		return true;
	if (ev->type != SCF_EV_COMM && ev->type != SCF_EV_FORK && ev->type != SCF_EV_EXIT)
		return false;
	if (!f)
		return true;
	int32_t pid = ev->type == SCF_EV_COMM ? ev->comm.pid : ev->task.pid;
	int32_t tid = ev->type == SCF_EV_COMM ? ev->comm.tid : ev->task.tid;
	uint32_t epoch;
	const char *comm = need_comm ? tasks_comm_now(s->tasks, tid, &epoch) : NULL;
	/* a syscall filter or --failed hides task events: they are no calls */
	bool call_only = f->set || f->failed || f->successful || f->min_duration;
	return !call_only && rfilter_task(f, pid, tid, ev->time, comm);
}

/* One call, by the filters, into the event log, the stacks or the counts. */
static int take_call(struct scan *s, const struct scf_event *ev, bool filtering, bool need_comm)
{
	const struct scf_call *c = &ev->call;
	uint32_t epoch = 0;
	const char *comm = need_comm ? tasks_comm_now(s->tasks, c->tid, &epoch) : NULL;
	int err;
	if (filtering && !rfilter_call(s->o.filter, c, comm))
		return 0;
	if (s->o.each_event)
		return s->o.each_event(s->o.ctx, ev, sysnames_get(s->names, c->nr));
	if (s->cs) {
		uint64_t group = s->o.stack_group ? s->o.stack_group(c, comm)
						  : group_stack_key(s->o.by, c, comm);
		if (callstacks_call(s->cs, c, group, comm))
			return -ENOMEM;
	}
	if (s->o.count && (err = count_call(s, c, epoch)))
		return err;
	return 0;
}

static int stream(struct scan *s)
{
	struct rfilter *f = s->o.filter;
	bool filtering = f && rfilter_active(f);
	bool need_comm = (f && rfilter_needs_comm(f)) || s->o.by == GROUP_BY_COMM || s->cs;
	/* the plain -c table */
	bool fast = !filtering && s->all && !s->o.each_event && !s->cs && !s->fds;
	struct scf_event ev;
	int rc, err;
	while ((rc = scf_reader_next(s->reader, &ev)) > 0) {
		s->sum.events++;
		s->last_time = ev.time;
		if (ev.type == SCF_EV_CALL) {
			const struct scf_call *c = &ev.call;
			if (fast) {
				if (s->o.unfinished && (c->flags & SCF_CALL_UNFINISHED) &&
				    push_stuck(s, c))
					return -ENOMEM;
				if (agg_add(s->all, c))
					return -ENOMEM;
				continue;
			}
			if ((err = take_call(s, &ev, filtering, need_comm)))
				return err;
			/* the tables follow every call, after it used them */
			if (s->fds && (err = fdtable_call(s->fds, c, sysnames_get(s->names, c->nr))))
				return err;
			continue;
		}
		switch (ev.type) {
		case SCF_EV_COMM:
		case SCF_EV_FORK:
		case SCF_EV_EXIT:
		case SCF_EV_CMDLINE:
			if ((err = tasks_event(s->tasks, &ev)))
				return err;
			if (s->fds && (err = fdtable_event(s->fds, &ev)))
				return err;
			break;
		case SCF_EV_LOST:
			s->lost += ev.lost.count;
			break;
		case SCF_EV_FD:
			/* a descriptor open at attach: where the tables start */
			if (s->fds && (err = fdtable_event(s->fds, &ev)))
				return err;
			break;
		default:
			break;
		}
		if (s->cs && (err = callstacks_event(s->cs, &ev)))
			return err;
		if (s->o.each_event && log_shows(s, &ev, need_comm) &&
		    (err = s->o.each_event(s->o.ctx, &ev, NULL)))
			return err;
	}
	return rc;
}

int scan_run(struct scan *s)
{
	/* a corrupt chunk ends the stream: what came before is summed up */
	int err = stream(s), corrupt = err == -EBADMSG ? err : 0;
	if (err && !corrupt)
		return err;
	for (size_t i = 0; s->cs && i < scf_reader_nsymtabs(s->reader); i++)
		if ((err = callstacks_add_symtab(s->cs, scf_reader_symtab(s->reader, i))))
			return err;
	if (s->cs && (err = callstacks_finish(s->cs)))
		return err;

	const struct scf_trailer *t = scf_reader_trailer(s->reader);
	struct scf_chunk_info ci;
	scf_reader_chunk(s->reader, &ci);
	/* chunk 0 is the metadata; after the last event chunk comes the trailer */
	s->sum.chunks = ci.index ? ci.index - (ci.type == SCF_CHUNK_TRAILER) : 0;
	s->sum.lost = t && t->lost > s->lost ? t->lost : s->lost;
	s->sum.truncated = !t;
	uint64_t end = t ? t->end_time : s->last_time;
	s->sum.duration_ns = end > s->meta->start_time ? end - s->meta->start_time : 0;
	return corrupt;
}

void scan_close(struct scan *s)
{
	callstacks_free(s->cs);
	fdtable_free(s->fds);
	rview_stuck_free(s->stuck, s->nstuck);
	agg_free(s->agg);
	tasks_free(s->tasks);
	sysnames_free(s->names);
	scf_reader_close(s->reader);
	memset(s, 0, sizeof(*s));
}
