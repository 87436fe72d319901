/*
 * callstacks.c - stacks of a recording from calls to named frames (see
 * callstacks.h).
 */
#include "report/callstacks.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "report/maps.h"
#include "report/symbols.h"
#include "report/unwind.h"

#define MAX_FRAMES 256

/* A named frame, cached by the (module, offset) it was resolved from. */
struct frame_slot {
	const struct maps_module *mod; /* NULL: empty */
	uint64_t off;
	uint32_t id;
};

struct callstacks {
	struct callstacks_opts o;
	struct maps *maps;
	struct symbols *syms;
	struct unwind *unwind;
	struct stacks *stacks;
	struct frame_slot *frames;
	size_t nframes, frame_slots;
	uint32_t unknown_id;
	uint64_t ips[MAX_FRAMES];
	struct callstacks_stats st;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Whether the recording was made on this machine's running kernel, so our
 * own vdso is the one the recorded processes had. */
static bool same_kernel(const struct scf_meta *meta)
{
	struct utsname u;
	char host[256];
	if (!meta->kernel_release || !meta->hostname || uname(&u) || gethostname(host, sizeof(host)))
		return false;
	host[sizeof(host) - 1] = 0;
	return !strcmp(u.release, meta->kernel_release) && !strcmp(host, meta->hostname);
}

int callstacks_new(const struct callstacks_opts *o, const struct scf_meta *meta,
		   struct callstacks **out)
{
	struct callstacks *cs = calloc(1, sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	cs->o = *o;
	struct symbols_opts so = { .lines = o->lines, .debug_dir = o->debug_dir,
				   .local_vdso = same_kernel(meta) };
	if (maps_new(&cs->maps) || symbols_new(&so, &cs->syms) || stacks_new(&cs->stacks) ||
	    unwind_new(cs->maps, &cs->unwind)) {
		callstacks_free(cs);
		return -ENOMEM;
	}
	cs->unknown_id = stacks_frame_id(cs->stacks, "[unknown]");
	if (cs->unknown_id == UINT32_MAX) {
		callstacks_free(cs);
		return -ENOMEM;
	}
	*out = cs;
	return 0;
}

void callstacks_free(struct callstacks *cs)
{
	if (!cs)
		return;
	unwind_free(cs->unwind);
	stacks_free(cs->stacks);
	symbols_free(cs->syms);
	maps_free(cs->maps);
	free(cs->frames);
	free(cs);
}

int callstacks_event(struct callstacks *cs, const struct scf_event *ev)
{
	return maps_event(cs->maps, ev);
}

int callstacks_call(struct callstacks *cs, const struct scf_call *c, uint64_t group,
		    const char *comm)
{
	uint64_t key = maps_key(cs->maps, c->pid);
	if (!key)
		return -ENOMEM;
	const uint64_t *ips = c->ips;
	uint32_t nips = c->nips;
	if (!nips && c->nregs) {
		uint64_t t0 = now_ns();
		nips = unwind_call(cs->unwind, key, c, cs->ips, MAX_FRAMES);
		ips = cs->ips;
		cs->st.unwound++;
		cs->st.unwind_ns += now_ns() - t0;
	}
	/* frame-pointer chains often end in a 0 (or junk below a page) */
	while (nips && ips[nips - 1] < 4096)
		nips--;
	cs->st.calls++;
	return stacks_add(cs->stacks, group, comm, key, c, ips, nips);
}

/* ---- naming ---- */

static size_t frame_hash(const struct maps_module *mod, uint64_t off)
{
	uint64_t x = (off ^ ((uint64_t)mod->id << 40)) * 0x9e3779b97f4a7c15ull;
	return (size_t)(x ^ (x >> 29));
}

static struct frame_slot *frame_slot(struct callstacks *cs, const struct maps_module *mod,
				     uint64_t off)
{
	if ((cs->nframes + 1) * 2 > cs->frame_slots) {
		size_t n = cs->frame_slots ? cs->frame_slots * 2 : 1024;
		struct frame_slot *v = calloc(n, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = 0; i < cs->frame_slots; i++) {
			const struct frame_slot *f = &cs->frames[i];
			if (!f->mod)
				continue;
			size_t j = frame_hash(f->mod, f->off) & (n - 1);
			while (v[j].mod)
				j = (j + 1) & (n - 1);
			v[j] = *f;
		}
		free(cs->frames);
		cs->frames = v;
		cs->frame_slots = n;
	}
	size_t j = frame_hash(mod, off) & (cs->frame_slots - 1);
	while (cs->frames[j].mod && (cs->frames[j].mod != mod || cs->frames[j].off != off))
		j = (j + 1) & (cs->frame_slots - 1);
	return &cs->frames[j];
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The frame id of address ip, the index-th frame (0: innermost). */
static uint32_t name_frame(struct callstacks *cs, uint64_t key, uint64_t ip, uint32_t index)
{
	/* a return address points after the call: look up the call itself */
	uint64_t pc = index ? ip - 1 : ip;
	const struct maps_map *m = maps_find(cs->maps, key, pc);
	if (!m)
		return cs->unknown_id;
	struct maps_module *mod = m->module;
	uint64_t off = pc - m->start + m->pgoff;
	struct frame_slot *slot = frame_slot(cs, mod, off);
	if (!slot)
		return UINT32_MAX;
	if (slot->mod)
		return slot->id;
	struct symbols_frame f;
	if (symbols_lookup(cs->syms, mod, off, &f))
		return UINT32_MAX;
	char buf[1024];
	if (!f.func)
		snprintf(buf, sizeof(buf), "[unknown] %s+0x%" PRIx64, mod->name, off);
	else if (f.file)
		snprintf(buf, sizeof(buf), "%s (%s:%d)", f.func, base_name(f.file), f.line);
	else
		snprintf(buf, sizeof(buf), "%s", f.func);
	/* ';' separates frames in the folded format */
	for (char *p = buf; *p; p++)
		if (*p == ';' || *p == '\n')
			*p = ':';
	uint32_t id = stacks_frame_id(cs->stacks, buf);
	if (id == UINT32_MAX)
		return id;
	*slot = (struct frame_slot){ mod, off, id };
	cs->nframes++;
	return id;
}

static int cmp_raw_space(const void *a, const void *b)
{
	const struct stacks_raw *x = *(struct stacks_raw *const *)a;
	const struct stacks_raw *y = *(struct stacks_raw *const *)b;
	return x->space < y->space ? -1 : x->space > y->space;
}

int callstacks_finish(struct callstacks *cs)
{
	uint64_t t0 = now_ns();
	size_t n = stacks_nraw(cs->stacks);
	struct stacks_raw **order = malloc((n ? n : 1) * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		order[i] = stacks_raw_at(cs->stacks, i);
	/* one address space version after another: each is listed once */
	qsort(order, n, sizeof(*order), cmp_raw_space);
	uint32_t ids[MAX_FRAMES];
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct stacks_raw *r = order[i];
		uint32_t nf = r->nips < MAX_FRAMES ? r->nips : MAX_FRAMES;
		for (uint32_t k = 0; k < nf; k++) {
			uint32_t id = name_frame(cs, r->space, r->ips[k], k);
			if (id == UINT32_MAX) {
				rc = -ENOMEM;
				break;
			}
			ids[nf - 1 - k] = id; /* outermost first */
		}
		cs->st.frames += nf;
		if (!rc)
			rc = stacks_set_frames(cs->stacks, r, ids, nf);
	}
	free(order);
	cs->st.raw_stacks = n;
	size_t mods, lookups;
	symbols_stats(cs->syms, &mods, &lookups);
	cs->st.modules = mods;
	cs->st.lookups = lookups;
	cs->st.symbolize_ns = now_ns() - t0;
	return rc ? rc : stacks_build(cs->stacks, cs->o.weight);
}

struct stacks *callstacks_stacks(struct callstacks *cs)
{
	return cs->stacks;
}

void callstacks_get_stats(const struct callstacks *cs, struct callstacks_stats *st)
{
	*st = cs->st;
}
