/*
 * maps.c - address spaces from MMAP, COMM (exec) and FORK records (see
 * maps.h).
 *
 * A space keeps every mapping it ever had, each tagged with the versions
 * [from, to) it was live in; a version is a snapshot, found by filtering on
 * the tag.  Lookups go through a sorted snapshot of the last version asked
 * for, so resolving many addresses of one version (the symbolizer sorts
 * stacks by key) costs one sort and binary searches.
 */
#include "analysis/maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

#define LIVE UINT32_MAX

struct entry {
	struct maps_map map;
	uint32_t from, to; /* versions it is live in */
};

struct space {
	int32_t pid;
	uint32_t version; /* current */
	struct entry *v;
	size_t n, cap;
};

struct maps {
	struct space *spaces; /* key >> 32 is the index + 1 */
	size_t nspaces, spaces_cap;
	uint32_t *by_pid; /* open addressing: pid -> current space index + 1 */
	size_t npids, pid_slots;
	struct maps_module **modules;
	size_t nmodules, modules_cap;
	uint32_t *mod_slots; /* (path, build-id) -> module index + 1 */
	size_t mod_nslots;
	/* snapshot of the last version listed */
	uint64_t snap_key;
	struct maps_map *snap;
	size_t nsnap, snap_cap;
};

int maps_new(struct maps **out)
{
	struct maps *m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	*out = m;
	return 0;
}

void maps_free(struct maps *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nspaces; i++)
		free(m->spaces[i].v);
	free(m->spaces);
	free(m->by_pid);
	for (size_t i = 0; i < m->nmodules; i++) {
		free((char *)m->modules[i]->path);
		free(m->modules[i]);
	}
	free(m->modules);
	free(m->mod_slots);
	free(m->snap);
	free(m);
}

static size_t hash_u32(uint32_t k)
{
	return (size_t)(((uint64_t)k * 0x9e3779b97f4a7c15ull) >> 32);
}

static size_t hash_module(const char *path, const uint8_t *bid, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 1099511628211ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ bid[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

/* ---- processes ---- */

static uint32_t *pid_slot(const struct maps *m, int32_t pid)
{
	if (!m->pid_slots)
		return NULL;
	size_t j = hash_u32((uint32_t)pid) & (m->pid_slots - 1);
	while (m->by_pid[j]) {
		if (m->spaces[m->by_pid[j] - 1].pid == pid)
			return &m->by_pid[j];
		j = (j + 1) & (m->pid_slots - 1);
	}
	return NULL;
}

static int pid_insert(struct maps *m, int32_t pid, uint32_t idx1)
{
	uint32_t *s = pid_slot(m, pid);
	if (s) {
		*s = idx1;
		return 0;
	}
	if ((m->npids + 1) * 2 > m->pid_slots) {
		size_t n = m->pid_slots ? m->pid_slots * 2 : 64;
		uint32_t *v = calloc(n, sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (size_t i = 0; i < m->pid_slots; i++) {
			if (!m->by_pid[i])
				continue;
			size_t j = hash_u32((uint32_t)m->spaces[m->by_pid[i] - 1].pid) & (n - 1);
			while (v[j])
				j = (j + 1) & (n - 1);
			v[j] = m->by_pid[i];
		}
		free(m->by_pid);
		m->by_pid = v;
		m->pid_slots = n;
	}
	size_t j = hash_u32((uint32_t)pid) & (m->pid_slots - 1);
	while (m->by_pid[j])
		j = (j + 1) & (m->pid_slots - 1);
	m->by_pid[j] = idx1;
	m->npids++;
	return 0;
}

/* A new, empty space that becomes pid's current one; NULL on -ENOMEM. */
static struct space *new_space(struct maps *m, int32_t pid)
{
	if (GROW(m->spaces, m->nspaces + 1, m->spaces_cap))
		return NULL;
	/* the index must fit in the key's upper half */
	if (m->nspaces >= UINT32_MAX - 1)
		return NULL;
	if (pid_insert(m, pid, (uint32_t)m->nspaces + 1))
		return NULL;
	struct space *s = &m->spaces[m->nspaces++];
	*s = (struct space){ .pid = pid };
	m->snap_key = 0;
	return s;
}

static struct space *current(struct maps *m, int32_t pid, bool create)
{
	uint32_t *slot = pid_slot(m, pid);
	if (slot)
		return &m->spaces[*slot - 1];
	return create ? new_space(m, pid) : NULL;
}

static int push_entry(struct space *s, const struct entry *e)
{
	if (GROW(s->v, s->n + 1, s->cap))
		return -ENOMEM;
	s->v[s->n++] = *e;
	return 0;
}

/* ---- modules ---- */

static struct maps_module *intern_module(struct maps *m, const char *path, const uint8_t *bid,
					 uint8_t nbid)
{
	if (m->mod_nslots) {
		size_t j = hash_module(path, bid, nbid) & (m->mod_nslots - 1);
		while (m->mod_slots[j]) {
			struct maps_module *k = m->modules[m->mod_slots[j] - 1];
			if (k->build_id_size == nbid && !memcmp(k->build_id, bid, nbid) &&
			    !strcmp(k->path, path))
				return k;
			j = (j + 1) & (m->mod_nslots - 1);
		}
	}
	if ((m->nmodules + 1) * 2 > m->mod_nslots) {
		size_t n = m->mod_nslots ? m->mod_nslots * 2 : 64;
		uint32_t *v = calloc(n, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = 0; i < m->nmodules; i++) {
			struct maps_module *k = m->modules[i];
			size_t j = hash_module(k->path, k->build_id, k->build_id_size) & (n - 1);
			while (v[j])
				j = (j + 1) & (n - 1);
			v[j] = (uint32_t)i + 1;
		}
		free(m->mod_slots);
		m->mod_slots = v;
		m->mod_nslots = n;
	}
	if (GROW(m->modules, m->nmodules + 1, m->modules_cap))
		return NULL;
	struct maps_module *k = calloc(1, sizeof(*k));
	char *copy = strdup(path);
	if (!k || !copy) {
		free(k);
		free(copy);
		return NULL;
	}
	k->path = copy;
	const char *slash = strrchr(copy, '/');
	/* "//anon" and "[vdso]" keep their whole name */
	k->name = slash && slash[1] && copy[0] == '/' && copy[1] != '/' ? slash + 1 : copy;
	k->build_id_size = nbid;
	memcpy(k->build_id, bid, nbid);
	k->id = (uint32_t)m->nmodules;
	m->modules[m->nmodules++] = k;
	size_t j = hash_module(path, bid, nbid) & (m->mod_nslots - 1);
	while (m->mod_slots[j])
		j = (j + 1) & (m->mod_nslots - 1);
	m->mod_slots[j] = k->id + 1;
	return k;
}

size_t maps_nmodules(const struct maps *m)
{
	return m->nmodules;
}

struct maps_module *maps_module_at(const struct maps *m, size_t id)
{
	return id < m->nmodules ? m->modules[id] : NULL;
}

/* ---- events ---- */

static int add_mmap(struct maps *m, const struct scf_mmap *mm)
{
	if (!mm->len || mm->addr + mm->len < mm->addr)
		return 0;
	uint8_t nbid = mm->build_id_size > SCF_BUILD_ID_MAX ? SCF_BUILD_ID_MAX : mm->build_id_size;
	struct maps_module *mod =
	    intern_module(m, mm->filename ? mm->filename : "", mm->build_id, nbid);
	struct space *s = current(m, mm->pid, true);
	if (!mod || !s)
		return -ENOMEM;
	/* A synthesized record may repeat a live mapping exactly: no change. */
	for (size_t i = 0; i < s->n; i++) {
		const struct entry *e = &s->v[i];
		if (e->to == LIVE && e->map.start == mm->addr && e->map.end == mm->addr + mm->len &&
		    e->map.pgoff == mm->pgoff && e->map.module == mod)
			return 0;
	}
	if (s->version >= LIVE - 1)
		return 0; /* four billion changes to one process: keep the last */
	uint32_t v = ++s->version;
	uint64_t start = mm->addr, end = mm->addr + mm->len;
	size_t n = s->n;
	for (size_t i = 0; i < n; i++) {
		struct entry e = s->v[i];
		if (e.to != LIVE || e.map.end <= start || e.map.start >= end)
			continue;
		s->v[i].to = v;
		/* the parts left uncovered stay mapped, from this version on */
		if (e.map.start < start) {
			struct entry left = { e.map, v, LIVE };
			left.map.end = start;
			if (push_entry(s, &left))
				return -ENOMEM;
		}
		if (e.map.end > end) {
			struct entry right = { e.map, v, LIVE };
			right.map.pgoff += end - e.map.start;
			right.map.start = end;
			if (push_entry(s, &right))
				return -ENOMEM;
		}
	}
	struct entry ne = { { start, end, mm->pgoff, mod }, v, LIVE };
	if (push_entry(s, &ne))
		return -ENOMEM;
	m->snap_key = 0;
	return 0;
}

/* A new process: a copy of its parent's current mappings. */
static int fork_space(struct maps *m, int32_t pid, int32_t ppid)
{
	struct space *parent = current(m, ppid, false);
	size_t pidx = parent ? (size_t)(parent - m->spaces) : 0;
	struct space *s = new_space(m, pid);
	if (!s)
		return -ENOMEM;
	if (!parent)
		return 0;
	parent = &m->spaces[pidx]; /* new_space may have moved it */
	for (size_t i = 0; i < parent->n; i++) {
		if (parent->v[i].to != LIVE)
			continue;
		struct entry e = { parent->v[i].map, 0, LIVE };
		if (push_entry(s, &e))
			return -ENOMEM;
	}
	return 0;
}

int maps_event(struct maps *m, const struct scf_event *ev)
{
	switch (ev->type) {
	case SCF_EV_MMAP:
		return add_mmap(m, &ev->mmap);
	case SCF_EV_COMM:
		/* exec: a fresh address space; the old one stays for the
		 * stacks already taken in it */
		if (ev->comm.exec)
			return new_space(m, ev->comm.pid) ? 0 : -ENOMEM;
		return 0;
	case SCF_EV_FORK:
		if (ev->task.pid != ev->task.ppid && ev->task.pid == ev->task.tid)
			return fork_space(m, ev->task.pid, ev->task.ppid);
		return 0;
	default:
		return 0;
	}
}

uint64_t maps_key(struct maps *m, int32_t pid)
{
	struct space *s = current(m, pid, true);
	if (!s)
		return 0;
	return (uint64_t)(s - m->spaces + 1) << 32 | s->version;
}

int32_t maps_key_pid(const struct maps *m, uint64_t key)
{
	size_t idx = (size_t)(key >> 32);
	return idx && idx <= m->nspaces ? m->spaces[idx - 1].pid : -1;
}

static int cmp_map(const void *a, const void *b)
{
	const struct maps_map *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

size_t maps_list(struct maps *m, uint64_t key, const struct maps_map **out)
{
	size_t idx = (size_t)(key >> 32);
	uint32_t version = (uint32_t)key;
	*out = NULL;
	if (!idx || idx > m->nspaces)
		return 0;
	if (m->snap_key != key) {
		const struct space *s = &m->spaces[idx - 1];
		m->nsnap = 0;
		m->snap_key = 0;
		if (s->n > m->snap_cap) {
			struct maps_map *v = realloc(m->snap, s->n * sizeof(*v));
			if (!v)
				return 0;
			m->snap = v;
			m->snap_cap = s->n;
		}
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].from <= version && version < s->v[i].to)
				m->snap[m->nsnap++] = s->v[i].map;
		if (m->nsnap)
			qsort(m->snap, m->nsnap, sizeof(*m->snap), cmp_map);
		m->snap_key = key;
	}
	*out = m->snap;
	return m->nsnap;
}

const struct maps_map *maps_find(struct maps *m, uint64_t key, uint64_t addr)
{
	const struct maps_map *v;
	size_t n = maps_list(m, key, &v), lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && addr < v[lo - 1].end)
		return &v[lo - 1];
	return NULL;
}
