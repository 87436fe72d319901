/*
 * carry.c - the task records a next file starts with (carry.h): one array
 * of copied events, searched linearly (tens of processes, rare records).
 */
#include "profiler/carry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

struct carry {
	struct scf_event *ev;   /* COMM, CMDLINE, MMAP; strings owned */
	size_t n, cap;
};

struct carry *carry_new(void)
{
	return calloc(1, sizeof(struct carry));
}

static void release(struct scf_event *e)
{
	if (e->type == SCF_EV_MMAP)
		free((char *)e->mmap.filename);
	else if (e->type == SCF_EV_CMDLINE)
		free((char *)e->cmdline.argv);
}

void carry_free(struct carry *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		release(&c->ev[i]);
	free(c->ev);
	free(c);
}

static int32_t pid_of(const struct scf_event *e)
{
	return e->type == SCF_EV_COMM ? e->comm.pid
	       : e->type == SCF_EV_MMAP ? e->mmap.pid : e->cmdline.pid;
}

/* Forget the records that match(e, pid, tid). */
static void drop(struct carry *c, int32_t pid, int32_t tid,
		 int (*match)(const struct scf_event *e, int32_t pid, int32_t tid))
{
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (match(&c->ev[i], pid, tid))
			release(&c->ev[i]);
		else
			c->ev[k++] = c->ev[i];
	}
	c->n = k;
}

static int of_process(const struct scf_event *e, int32_t pid, int32_t tid)
{
	(void)tid;
	return pid_of(e) == pid;
}

/* an exec: the old mappings and the other threads' names (the command
 * line stays until the new one: the recorder may write it before the
 * exec's COMM, as for the command it launches) */
static int before_exec(const struct scf_event *e, int32_t pid, int32_t tid)
{
	return pid_of(e) == pid && e->type != SCF_EV_CMDLINE &&
	       (e->type != SCF_EV_COMM || e->comm.tid != tid);
}

static int thread_name(const struct scf_event *e, int32_t pid, int32_t tid)
{
	return e->type == SCF_EV_COMM && e->comm.pid == pid && e->comm.tid == tid;
}

static int cmdline_of(const struct scf_event *e, int32_t pid, int32_t tid)
{
	(void)tid;
	return e->type == SCF_EV_CMDLINE && e->cmdline.pid == pid;
}

/* Keep a copy of e (its strings copied). */
static int keep(struct carry *c, const struct scf_event *e)
{
	if (GROW(c->ev, c->n + 1, c->cap))
		return -ENOMEM;
	struct scf_event copy = *e;
	/* at a file's head the name is just the name: no exec there */
	if (e->type == SCF_EV_COMM)
		copy.comm.exec = false;
	if (e->type == SCF_EV_MMAP && e->mmap.filename &&
	    !(copy.mmap.filename = strdup(e->mmap.filename)))
		return -ENOMEM;
	if (e->type == SCF_EV_CMDLINE) {
		char *argv = malloc(e->cmdline.len ? e->cmdline.len : 1);
		if (!argv)
			return -ENOMEM;
		memcpy(argv, e->cmdline.argv, e->cmdline.len);
		copy.cmdline.argv = argv;
	}
	c->ev[c->n++] = copy;
	return 0;
}

/* A new process: the parent's mappings and command line are its own
 * until it execs. */
static int fork_process(struct carry *c, const struct scf_task *t)
{
	size_t n = c->n;
	for (size_t i = 0; i < n; i++) {
		struct scf_event e = c->ev[i];
		if (e.type == SCF_EV_COMM || pid_of(&e) != t->ppid)
			continue;
		if (e.type == SCF_EV_MMAP)
			e.mmap.pid = e.mmap.tid = t->pid;
		else
			e.cmdline.pid = t->pid;
		int rc = keep(c, &e);
		if (rc)
			return rc;
	}
	return 0;
}

int carry_note(struct carry *c, const struct scf_event *ev)
{
	switch (ev->type) {
	case SCF_EV_COMM:
		if (ev->comm.exec)
			drop(c, ev->comm.pid, ev->comm.tid, before_exec);
		drop(c, ev->comm.pid, ev->comm.tid, thread_name);
		return keep(c, ev);
	case SCF_EV_CMDLINE:
		drop(c, ev->cmdline.pid, 0, cmdline_of);
		return keep(c, ev);
	case SCF_EV_MMAP:
		return keep(c, ev);
	case SCF_EV_FORK:
		return ev->task.pid != ev->task.ppid && ev->task.pid == ev->task.tid
			       ? fork_process(c, &ev->task)
			       : 0;
	case SCF_EV_EXIT:
		if (ev->task.pid == ev->task.tid)
			drop(c, ev->task.pid, 0, of_process);
		else
			drop(c, ev->task.pid, ev->task.tid, thread_name);
		return 0;
	default:
		return 0;
	}
}

int carry_emit(const struct carry *c, uint64_t time,
	       int (*emit)(void *ctx, const struct scf_event *ev), void *ctx)
{
	/* names and command lines first, then the mappings */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->n; i++) {
			if ((c->ev[i].type == SCF_EV_MMAP) != pass)
				continue;
			struct scf_event e = c->ev[i];
			e.time = time;
			int rc = emit(ctx, &e);
			if (rc)
				return rc;
		}
	}
	return 0;
}
