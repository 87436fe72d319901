/*
 * tasks.c - process and thread names from task events (see tasks.h).
 */
#include "analysis/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

struct task {
	int32_t tid, pid;
	uint32_t nnames;    /* epochs; names[nnames - 1] is the current one */
	const char **names; /* interned; NULL: unknown */
	char *cmdline;      /* for a main thread (tid == pid) */
};

struct tasks {
	struct task *v;
	size_t n, cap;
	uint32_t *slots; /* tid -> index + 1 */
	size_t nslots;
	char **strs; /* interned names: open addressing */
	size_t nstrs, strs_slots;
	int32_t last_tid; /* cache for tasks_comm_now */
	struct task *last;
};

int tasks_new(struct tasks **out)
{
	struct tasks *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	*out = t;
	return 0;
}

void tasks_free(struct tasks *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].names);
		free(t->v[i].cmdline);
	}
	free(t->v);
	free(t->slots);
	for (size_t i = 0; i < t->strs_slots; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t);
}

static size_t hash_int(uint32_t k)
{
	uint64_t x = (uint64_t)k * 0x9e3779b97f4a7c15ull;
	return (size_t)(x >> 32);
}

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

const char *tasks_intern(struct tasks *t, const char *name)
{
	if (t->strs_slots) {
		size_t j = hash_str(name) & (t->strs_slots - 1);
		while (t->strs[j]) {
			if (!strcmp(t->strs[j], name))
				return t->strs[j];
			j = (j + 1) & (t->strs_slots - 1);
		}
	}
	if ((t->nstrs + 1) * 2 > t->strs_slots) {
		size_t n = t->strs_slots ? t->strs_slots * 2 : 64;
		char **v = calloc(n, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = 0; i < t->strs_slots; i++) {
			if (!t->strs[i])
				continue;
			size_t j = hash_str(t->strs[i]) & (n - 1);
			while (v[j])
				j = (j + 1) & (n - 1);
			v[j] = t->strs[i];
		}
		free(t->strs);
		t->strs = v;
		t->strs_slots = n;
	}
	char *copy = strdup(name);
	if (!copy)
		return NULL;
	size_t j = hash_str(name) & (t->strs_slots - 1);
	while (t->strs[j])
		j = (j + 1) & (t->strs_slots - 1);
	t->strs[j] = copy;
	t->nstrs++;
	return copy;
}

static struct task *find(const struct tasks *t, int32_t tid)
{
	if (!t->nslots)
		return NULL;
	size_t j = hash_int((uint32_t)tid) & (t->nslots - 1);
	while (t->slots[j]) {
		struct task *k = &t->v[t->slots[j] - 1];
		if (k->tid == tid)
			return k;
		j = (j + 1) & (t->nslots - 1);
	}
	return NULL;
}

static int rehash(struct tasks *t, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = hash_int((uint32_t)t->v[i].tid) & (nslots - 1);
		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)(i + 1);
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

/* Find or add a task.  Pointers into t->v move when a task is added. */
static struct task *get(struct tasks *t, int32_t tid, int32_t pid)
{
	struct task *k = find(t, tid);
	if (k)
		return k;
	if ((t->n + 1) * 2 > t->nslots && rehash(t, t->nslots ? t->nslots * 2 : 64))
		return NULL;
	if (GROW(t->v, t->n + 1, t->cap))
		return NULL;
	t->last = NULL; /* t->v may have moved */
	k = &t->v[t->n++];
	memset(k, 0, sizeof(*k));
	k->tid = tid;
	k->pid = pid;
	size_t j = hash_int((uint32_t)tid) & (t->nslots - 1);
	while (t->slots[j])
		j = (j + 1) & (t->nslots - 1);
	t->slots[j] = (uint32_t)t->n;
	return k;
}

static int push_name(struct task *k, const char *name)
{
	const char **v = realloc(k->names, (k->nnames + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	k->names = v;
	k->names[k->nnames++] = name;
	return 0;
}

static const char *current(const struct task *k)
{
	return k->nnames ? k->names[k->nnames - 1] : NULL;
}

static int on_comm(struct tasks *t, const struct scf_comm *c)
{
	const char *name = tasks_intern(t, c->comm);
	if (!name)
		return -ENOMEM;
	struct task *k = get(t, c->tid, c->pid);
	if (!k)
		return -ENOMEM;
	k->pid = c->pid;
	if (current(k) == name)
		return 0;
	/* a task first named here may have made calls in epoch 0 (unknown) */
	if (!k->nnames && push_name(k, NULL))
		return -ENOMEM;
	return push_name(k, name);
}

static int on_fork(struct tasks *t, const struct scf_task *f)
{
	const struct task *parent = find(t, f->ptid);
	const char *name = parent ? current(parent) : NULL;
	struct task *k = get(t, f->tid, f->pid);
	if (!k)
		return -ENOMEM;
	k->pid = f->pid;
	if (!name || current(k) == name)
		return 0;
	return push_name(k, name);
}

static int on_cmdline(struct tasks *t, const struct scf_cmdline *c)
{
	struct task *k = get(t, c->pid, c->pid);
	if (!k)
		return -ENOMEM;
	size_t len = c->len;
	while (len && c->argv[len - 1] == '\0')
		len--;
	char *s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	/* other bytes as they are: each output escapes them its way */
	for (size_t i = 0; i < len; i++)
		s[i] = c->argv[i] == '\0' ? ' ' : c->argv[i];
	s[len] = '\0';
	free(k->cmdline);
	k->cmdline = s;
	return 0;
}

int tasks_event(struct tasks *t, const struct scf_event *ev)
{
	switch (ev->type) {
	case SCF_EV_COMM:
		return on_comm(t, &ev->comm);
	case SCF_EV_FORK:
		return on_fork(t, &ev->task);
	case SCF_EV_EXIT: {
		/* keep the task and its names; just learn its process */
		struct task *k = get(t, ev->task.tid, ev->task.pid);
		return k ? 0 : -ENOMEM;
	}
	case SCF_EV_CMDLINE:
		return on_cmdline(t, &ev->cmdline);
	default:
		return 0;
	}
}

const char *tasks_comm_now(struct tasks *t, int32_t tid, uint32_t *epoch)
{
	struct task *k;
	if (t->last && t->last_tid == tid) {
		k = t->last;
	} else {
		k = find(t, tid);
		t->last = k;
		t->last_tid = tid;
	}
	if (!k || !k->nnames) {
		*epoch = 0;
		return NULL;
	}
	*epoch = k->nnames - 1;
	return k->names[k->nnames - 1];
}

const char *tasks_comm_at(const struct tasks *t, int32_t tid, uint32_t epoch)
{
	const struct task *k = find(t, tid);
	if (!k)
		return NULL;
	for (uint32_t e = epoch; e < k->nnames; e++)
		if (k->names[e])
			return k->names[e];
	return NULL;
}

const char *tasks_comm(const struct tasks *t, int32_t tid)
{
	const struct task *k = find(t, tid);
	return k ? current(k) : NULL;
}

const char *tasks_process_comm(const struct tasks *t, int32_t pid)
{
	const char *name = tasks_comm(t, pid);
	if (name)
		return name;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].pid == pid && current(&t->v[i]))
			return current(&t->v[i]);
	return NULL;
}

const char *tasks_cmdline(const struct tasks *t, int32_t pid)
{
	const struct task *k = find(t, pid);
	return k ? k->cmdline : NULL;
}

int32_t tasks_pid(const struct tasks *t, int32_t tid)
{
	const struct task *k = find(t, tid);
	return k ? k->pid : -1;
}
