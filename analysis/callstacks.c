/*
 * callstacks.c - stacks of a recording from calls to named frames (see
 * callstacks.h).
 */
#include "analysis/callstacks.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "analysis/maps.h"
#include "analysis/symbols.h"
#include "analysis/unwind.h"
#include "base/grow.h"
#include "symbols/demangle.h"

#define MAX_FRAMES 256

/*
 * A stack as module offsets: each frame is a location, (module id + 1) << 40
 * | file offset of the code (the call itself for a return address), or 0
 * for an address in no mapping.  Interned: equal stacks, one pointer.
 * ids, once named: frame ids, outermost first.
 */
#define LOC_SHIFT 40
struct locstack {
	uint64_t hash;
	uint32_t n;
	uint32_t nids;  /* frames: a location may stand for inlined ones too */
	uint32_t *ids;
	uint64_t locs[];
};

/* A raw stack (address-space version and addresses) already seen, and
 * the locations it stands for. */
struct rawstack {
	uint64_t hash, space;
	struct locstack *ls;
	uint32_t nips;
	uint64_t ips[];
};

/* A named location: the function's frame id, and after it (callee
 * side) the ids of the functions inlined there, extra[0..nextra) of the
 * callstacks' extra ids. */
struct frame_slot {
	uint64_t loc; /* 0: empty (unmapped addresses are named without a slot) */
	uint32_t id;
	uint32_t info; /* its callstacks_location */
	uint32_t nextra;
	size_t extra;
};

/* Open addressing over pointers to entries that carry their hash. */
struct ptable {
	void **slots;
	size_t n, nslots;
};

struct callstacks {
	struct callstacks_opts o;
	struct maps *maps;
	struct symbols *syms;
	struct unwind *unwind;
	struct stacks *stacks;
	struct ptable raws, locstacks;
	struct frame_slot *frames;
	size_t nframes, frame_slots;
	uint32_t *extra;          /* inlined frames' ids (frame_slot.extra) */
	size_t nextra, extra_cap;
	uint32_t unknown_id;
	struct callstacks_location *locations; /* [0]: the unknown one */
	size_t nlocations, locations_cap;
	uint32_t loc_ids[MAX_FRAMES + 8];
	bool sampled;             /* --stack-every: stackless calls not sampled */
	uint64_t ips[MAX_FRAMES + 8];
	uint64_t locs[MAX_FRAMES + 8];
	struct callstacks_stats st;
	/* with o.kname: (user stack, kernel wait stack) pairs, the raw
	 * stacks' ids then (open addressing, a power of two) */
	struct kpair **kpairs;
	size_t nkpairs, kpair_slots;
};

/* A user stack with the kernel stack its call waited in (o.kname). */
struct kpair {
	struct locstack *ls;
	uint64_t hash;
	uint32_t nk;
	uint64_t kips[]; /* innermost first */
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
	if (!meta->kernel_release || !meta->hostname || uname(&u) ||
	    gethostname(host, sizeof(host)))
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
	cs->sampled = meta->stack_every > 1;
	bool local_vdso = same_kernel(meta);
	struct symbols_opts so = { .lines = o->lines, .debug_dir = o->debug_dir,
				   .local_vdso = local_vdso };
	if (maps_new(&cs->maps) || symbols_new(&so, &cs->syms) || stacks_new(&cs->stacks) ||
	    unwind_new(cs->maps, local_vdso, &cs->unwind)) {
		callstacks_free(cs);
		return -ENOMEM;
	}
	cs->unknown_id = stacks_frame_id(cs->stacks, "[unknown]");
	if (cs->unknown_id == UINT32_MAX ||
	    GROW(cs->locations, cs->nlocations + 1, cs->locations_cap)) {
		callstacks_free(cs);
		return -ENOMEM;
	}
	cs->locations[cs->nlocations++] = (struct callstacks_location){ 0 };
	*out = cs;
	return 0;
}

static void ptable_free(struct ptable *t)
{
	for (size_t i = 0; i < t->nslots; i++)
		free(t->slots[i]);
	free(t->slots);
}

void callstacks_free(struct callstacks *cs)
{
	if (!cs)
		return;
	unwind_free(cs->unwind);
	stacks_free(cs->stacks);
	symbols_free(cs->syms);
	maps_free(cs->maps);
	ptable_free(&cs->raws);
	for (size_t i = 0; i < cs->locstacks.nslots; i++)
		if (cs->locstacks.slots[i])
			free(((struct locstack *)cs->locstacks.slots[i])->ids);
	ptable_free(&cs->locstacks);
	free(cs->frames);
	free(cs->extra);
	free(cs->locations);
	for (size_t i = 0; i < cs->kpair_slots; i++)
		free(cs->kpairs[i]);
	free(cs->kpairs);
	free(cs);
}

int callstacks_event(struct callstacks *cs, const struct scf_event *ev)
{
	return maps_event(cs->maps, ev);
}

/* ---- interning ---- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static uint64_t hash_words(uint64_t h, const uint64_t *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		h = mix(h, v[i]);
	return h ^ (h >> 31);
}

/* hash_of(entry) for rehashing: both entry types start with their hash */
static int ptable_grow(struct ptable *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024;
	void **v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < t->nslots; i++) {
		if (!t->slots[i])
			continue;
		size_t j = (size_t)*(const uint64_t *)t->slots[i] & (n - 1);
		while (v[j])
			j = (j + 1) & (n - 1);
		v[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = v;
	t->nslots = n;
	return 0;
}

static struct locstack *intern_locs(struct callstacks *cs, const uint64_t *locs, uint32_t n)
{
	struct ptable *t = &cs->locstacks;
	if ((t->n + 1) * 2 > t->nslots && ptable_grow(t))
		return NULL;
	uint64_t h = hash_words(n, locs, n);
	size_t j = (size_t)h & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
		struct locstack *ls = t->slots[j];
		if (ls->hash == h && ls->n == n && !memcmp(ls->locs, locs, n * sizeof(*locs)))
			return ls;
	}
	struct locstack *ls = malloc(sizeof(*ls) + n * sizeof(*locs));
	if (!ls)
		return NULL;
	ls->hash = h;
	ls->n = n;
	ls->ids = NULL;
	memcpy(ls->locs, locs, n * sizeof(*locs));
	t->slots[j] = ls;
	t->n++;
	return ls;
}

/* The locations of the addresses ips (innermost first) in space key.  A
 * return address in no mapping cuts the stack: its location (0, named
 * "[unknown]") is the last. */
static struct locstack *locate(struct callstacks *cs, uint64_t key, const uint64_t *ips,
			       uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		/* a return address points after the call: take the call */
		uint64_t pc = i ? ips[i] - 1 : ips[i];
		const struct maps_map *m = maps_find(cs->maps, key, pc);
		if (!m && i) {
			cs->locs[i] = 0;
			n = i + 1;
			break;
		}
		uint64_t off = m ? pc - m->start + m->pgoff : 0;
		cs->locs[i] = m && off < (1ull << LOC_SHIFT)
				      ? ((uint64_t)m->module->id + 1) << LOC_SHIFT | off
				      : 0;
	}
	return intern_locs(cs, cs->locs, n);
}

/* The interned locations of raw stack (key, ips), located on first sight. */
static struct locstack *raw_locs(struct callstacks *cs, uint64_t key, const uint64_t *ips,
				 uint32_t n)
{
	struct ptable *t = &cs->raws;
	if ((t->n + 1) * 2 > t->nslots && ptable_grow(t))
		return NULL;
	uint64_t h = hash_words(key, ips, n);
	size_t j = (size_t)h & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
		struct rawstack *r = t->slots[j];
		if (r->hash == h && r->space == key && r->nips == n &&
		    (!n || !memcmp(r->ips, ips, n * sizeof(*ips))))
			return r->ls;
	}
	struct locstack *ls = locate(cs, key, ips, n);
	struct rawstack *r = ls ? malloc(sizeof(*r) + n * sizeof(*ips)) : NULL;
	if (!r)
		return NULL;
	r->hash = h;
	r->space = key;
	r->ls = ls;
	r->nips = n;
	if (n)
		memcpy(r->ips, ips, n * sizeof(*ips));
	t->slots[j] = r;
	t->n++;
	return ls;
}

/* The addresses of fp call c (its first nips) into cs->ips, repaired
 * where the kernel's walk skipped callers (unwind_fp_repair). */
static uint32_t fp_chain(struct callstacks *cs, uint64_t key, const struct scf_call *c,
			 uint32_t nips)
{
	uint32_t n = c->stack_size ? unwind_fp_repair(cs->unwind, key, c, cs->ips, MAX_FRAMES) : 0;
	if (!n) {
		memcpy(cs->ips, c->ips, nips * sizeof(*cs->ips));
		return nips;
	}
	/* count a repair only where the chain had missed a caller */
	bool same = n == nips && !memcmp(cs->ips, c->ips, n * sizeof(*cs->ips));
	cs->st.repaired += !same;
	return n;
}

/* The interned pair of user stack ls and kernel stack kips[0..nk). */
static struct kpair *kpair_get(struct callstacks *cs, struct locstack *ls, const uint64_t *kips,
			       uint32_t nk)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)(uintptr_t)ls;
	for (uint32_t i = 0; i < nk; i++)
		h = (h ^ kips[i]) * 0x100000001b3ull;
	if (2 * (cs->nkpairs + 1) > cs->kpair_slots) {
		size_t n = cs->kpair_slots ? 2 * cs->kpair_slots : 256;
		struct kpair **t = calloc(n, sizeof(*t));
		if (!t)
			return NULL;
		for (size_t i = 0; i < cs->kpair_slots; i++) {
			struct kpair *k = cs->kpairs[i];
			if (!k)
				continue;
			size_t j = k->hash & (n - 1);
			while (t[j])
				j = (j + 1) & (n - 1);
			t[j] = k;
		}
		free(cs->kpairs);
		cs->kpairs = t;
		cs->kpair_slots = n;
	}
	size_t j = h & (cs->kpair_slots - 1);
	for (; cs->kpairs[j]; j = (j + 1) & (cs->kpair_slots - 1)) {
		struct kpair *k = cs->kpairs[j];
		if (k->hash == h && k->ls == ls && k->nk == nk &&
		    (!nk || !memcmp(k->kips, kips, nk * sizeof(*kips))))
			return k;
	}
	struct kpair *k = malloc(sizeof(*k) + nk * sizeof(*kips));
	if (!k)
		return NULL;
	k->ls = ls;
	k->hash = h;
	k->nk = nk;
	if (nk)
		memcpy(k->kips, kips, nk * sizeof(*kips));
	cs->kpairs[j] = k;
	cs->nkpairs++;
	return k;
}

/* Name a kernel wait stack's frames, outermost first, "name_[k]". */
static int name_kframes(struct callstacks *cs, struct stacks_raw *r, const struct kpair *kp)
{
	uint32_t ids[SCF_MAX_KIPS];
	uint32_t n = 0;
	for (uint32_t i = kp->nk; i-- > 0 && n < SCF_MAX_KIPS;) {
		char name[256], frame[272];
		if (!kp->kips[i])
			continue; /* never a frame: an address that read as 0 */
		cs->o.kname(cs->o.kctx, kp->kips[i], name, sizeof(name));
		snprintf(frame, sizeof(frame), "%s_[k]", name);
		uint32_t id = stacks_frame_id(cs->stacks, frame);
		if (id == UINT32_MAX)
			return -ENOMEM;
		ids[n++] = id;
	}
	return stacks_set_kframes(cs->stacks, r, ids, n);
}

int callstacks_call(struct callstacks *cs, const struct scf_call *c, uint64_t group,
		    const char *comm)
{
	/* Sampled stacks (--stack-every): the calls not sampled carry none
	 * and are left out, where unsampled recordings show "[no stack]". */
	if (cs->sampled && !c->nips && !c->nregs && !c->stack_size)
		return 0;
	uint64_t key = maps_key(cs->maps, c->pid);
	if (!key)
		return -ENOMEM;
	const uint64_t *ips = c->ips;
	uint32_t nips = c->nips < MAX_FRAMES ? c->nips : MAX_FRAMES;
	if (!nips && c->nregs) {
		uint64_t t0 = now_ns();
		nips = unwind_call(cs->unwind, key, c, cs->ips, MAX_FRAMES);
		ips = cs->ips;
		cs->st.unwound++;
		cs->st.unwind_ns += now_ns() - t0;
	} else if (nips) {
		nips = fp_chain(cs, key, c, nips);
		ips = cs->ips;
	}
	/* frame-pointer chains often end in a 0 (or junk below a page) */
	while (nips && ips[nips - 1] < 4096)
		nips--;
	struct locstack *ls = raw_locs(cs, key, ips, nips);
	if (!ls)
		return -ENOMEM;
	cs->st.calls++;
	/* a walk that left the known code after the leaf (counted as the
	 * views count calls: not those that never returned) */
	cs->st.cut += ls->n > 1 && !ls->locs[ls->n - 1] &&
		      !(c->flags & (SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED));
	if (cs->o.kname) {
		const struct scf_offcpu *o = c->offcpu;
		struct kpair *kp = kpair_get(cs, ls, o ? o->kips : NULL, o ? o->nkips : 0);
		if (!kp)
			return -ENOMEM;
		return stacks_add(cs->stacks, group, comm, (uint64_t)(uintptr_t)kp, c);
	}
	return stacks_add(cs->stacks, group, comm, (uint64_t)(uintptr_t)ls, c);
}

int callstacks_add_symtab(struct callstacks *cs, const struct scf_symtab *t)
{
	/* the executable segment: file offsets from load_offset on */
	uint64_t seg[3] = { t->load_offset, t->load_vaddr, UINT64_MAX - t->load_offset };
	return symbols_add_table(cs->syms, t->path ? t->path : "", t->build_id, t->build_id_size,
				 t->syms, (size_t)t->nsyms, seg, 1);
}

/* ---- naming ---- */

static struct frame_slot *frame_slot(struct callstacks *cs, uint64_t loc)
{
	if ((cs->nframes + 1) * 2 > cs->frame_slots) {
		size_t n = cs->frame_slots ? cs->frame_slots * 2 : 1024;
		struct frame_slot *v = calloc(n, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = 0; i < cs->frame_slots; i++) {
			if (!cs->frames[i].loc)
				continue;
			size_t j = (size_t)mix(0, cs->frames[i].loc) & (n - 1);
			while (v[j].loc)
				j = (j + 1) & (n - 1);
			v[j] = cs->frames[i];
		}
		free(cs->frames);
		cs->frames = v;
		cs->frame_slots = n;
	}
	size_t j = (size_t)mix(0, loc) & (cs->frame_slots - 1);
	while (cs->frames[j].loc && cs->frames[j].loc != loc)
		j = (j + 1) & (cs->frame_slots - 1);
	return &cs->frames[j];
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The slot of a location named by name_all, NULL if none (loc 0 too). */
static const struct frame_slot *loc_slot(struct callstacks *cs, uint64_t loc)
{
	if (!loc)
		return NULL;
	struct frame_slot *slot = frame_slot(cs, loc);
	return slot && slot->loc ? slot : NULL;
}

/* A frame's name into buf: func (demangled unless asked not to), with
 * file:line if known; ';' and newlines, which separate frames and lines
 * in the folded format, become ':'. */
static void frame_name(const struct callstacks *cs, char *buf, size_t len, const char *func,
		       const char *file, int line)
{
	char *dm = cs->o.no_demangle ? NULL : demangle(func);
	if (file)
		snprintf(buf, len, "%s (%s:%d)", dm ? dm : func, base_name(file), line);
	else
		snprintf(buf, len, "%s", dm ? dm : func);
	free(dm);
	for (char *p = buf; *p; p++)
		if (*p == ';' || *p == '\n')
			*p = ':';
}

static int cmp_loc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Name locations locs[0..n) (sorted, distinct), all of one module. */
static int name_module(struct callstacks *cs, const uint64_t *locs, size_t n)
{
	struct maps_module *mod = maps_module_at(cs->maps, (size_t)(locs[0] >> LOC_SHIFT) - 1);
	uint64_t *offs = malloc(n * sizeof(*offs));
	struct symbols_frame *f = malloc(n * sizeof(*f));
	int rc = -ENOMEM;
	if (!mod || !offs || !f)
		goto out;
	for (size_t i = 0; i < n; i++)
		offs[i] = locs[i] & ((1ull << LOC_SHIFT) - 1);
	if ((rc = symbols_resolve(cs->syms, mod, offs, n, f)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		char buf[1024];
		if (!f[i].func)
			snprintf(buf, sizeof(buf), "[unknown] %s+0x%" PRIx64, mod->name, offs[i]);
		else
			frame_name(cs, buf, sizeof(buf), f[i].func, f[i].file, f[i].line);
		uint32_t id = stacks_frame_id(cs->stacks, buf);
		struct frame_slot *slot = frame_slot(cs, locs[i]);
		if (id == UINT32_MAX || !slot ||
		    GROW(cs->extra, cs->nextra + f[i].ninlined, cs->extra_cap) ||
		    GROW(cs->locations, cs->nlocations + 1, cs->locations_cap)) {
			rc = -ENOMEM;
			goto out;
		}
		*slot = (struct frame_slot){ locs[i], id, (uint32_t)cs->nlocations, f[i].ninlined,
					     cs->nextra };
		cs->locations[cs->nlocations++] =
			(struct callstacks_location){ mod, offs[i], locs[i], f[i] };
		for (uint32_t k = 0; k < f[i].ninlined; k++) {
			const struct symbols_inline *in = &f[i].inlined[k];
			frame_name(cs, buf, sizeof(buf), in->func, in->file, in->line);
			if ((id = stacks_frame_id_inlined(cs->stacks, buf)) == UINT32_MAX) {
				rc = -ENOMEM;
				goto out;
			}
			cs->extra[cs->nextra++] = id;
		}
		cs->nframes++;
	}
	rc = 0;
out:
	free(offs);
	free(f);
	return rc;
}

/* Name every location of the stacks counted: each module's at once. */
static int name_all(struct callstacks *cs)
{
	size_t n = 0, cap = 0;
	uint64_t *locs = NULL;
	for (size_t i = 0; i < cs->locstacks.nslots; i++) {
		const struct locstack *ls = cs->locstacks.slots[i];
		for (uint32_t k = 0; ls && k < ls->n; k++) {
			if (!ls->locs[k])
				continue;
			if (GROW(locs, n + 1, cap)) {
				free(locs);
				return -ENOMEM;
			}
			locs[n++] = ls->locs[k];
		}
	}
	/* by module (the high bits), then offset; once each */
	if (n)
		qsort(locs, n, sizeof(*locs), cmp_loc);
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (!w || locs[i] != locs[w - 1])
			locs[w++] = locs[i];
	int rc = 0;
	for (size_t i = 0; i < w && !rc;) {
		size_t end = i;
		while (end < w && locs[end] >> LOC_SHIFT == locs[i] >> LOC_SHIFT)
			end++;
		rc = name_module(cs, locs + i, end - i);
		i = end;
	}
	free(locs);
	return rc;
}

static int name_locstack(struct callstacks *cs, struct locstack *ls)
{
	uint32_t n = 0;
	for (uint32_t k = 0; k < ls->n; k++) {
		const struct frame_slot *slot = loc_slot(cs, ls->locs[k]);
		n += 1 + (slot ? slot->nextra : 0);
	}
	uint32_t *ids = malloc((n ? n : 1) * sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	/* outermost first: each location's function, then what was inlined
	 * into it there */
	uint32_t j = 0;
	for (uint32_t k = ls->n; k-- > 0;) {
		const struct frame_slot *slot = loc_slot(cs, ls->locs[k]);
		if (ls->locs[k] && !slot) {
			free(ids);
			return -ENOMEM;
		}
		ids[j++] = slot ? slot->id : cs->unknown_id;
		for (uint32_t e = 0; slot && e < slot->nextra; e++)
			ids[j++] = cs->extra[slot->extra + e];
	}
	ls->ids = ids;
	ls->nids = n;
	return 0;
}

int callstacks_finish(struct callstacks *cs)
{
	uint64_t t0 = now_ns();
	int rc = name_all(cs);
	for (size_t i = 0; i < stacks_nraw(cs->stacks) && !rc; i++) {
		struct stacks_raw *r = stacks_raw_at(cs->stacks, i);
		const struct kpair *kp = NULL;
		struct locstack *ls = (struct locstack *)(uintptr_t)r->stack;
		if (cs->o.kname) {
			kp = (const struct kpair *)(uintptr_t)r->stack;
			ls = kp->ls;
		}
		if (!ls->ids)
			rc = name_locstack(cs, ls);
		if (!rc)
			rc = stacks_set_frames(cs->stacks, r, ls->ids, ls->nids);
		if (!rc && kp && kp->nk)
			rc = name_kframes(cs, r, kp);
	}
	cs->st.raw_stacks = cs->raws.n;
	cs->st.stacks = cs->locstacks.n;
	cs->st.frames = cs->nframes;
	size_t mods, lookups;
	symbols_stats(cs->syms, &mods, &lookups);
	cs->st.modules = mods;
	cs->st.lookups = lookups;
	cs->st.symbolize_ns = now_ns() - t0;
	return rc ? rc : stacks_build(cs->stacks, cs->o.weight, cs->o.node_latency);
}

struct stacks *callstacks_stacks(struct callstacks *cs)
{
	return cs->stacks;
}

void callstacks_get_stats(const struct callstacks *cs, struct callstacks_stats *st)
{
	*st = cs->st;
}

size_t callstacks_nlocations(const struct callstacks *cs)
{
	return cs->nlocations;
}

const struct callstacks_location *callstacks_location_at(const struct callstacks *cs, size_t i)
{
	return i < cs->nlocations ? &cs->locations[i] : NULL;
}

uint32_t callstacks_raw_locations(struct callstacks *cs, const struct stacks_raw *r,
				  const uint32_t **out)
{
	const struct locstack *ls = (const struct locstack *)(uintptr_t)r->stack;
	if (cs->o.kname)
		ls = ((const struct kpair *)(uintptr_t)r->stack)->ls;
	for (uint32_t k = 0; k < ls->n; k++) {
		const struct frame_slot *slot = loc_slot(cs, ls->locs[k]);
		cs->loc_ids[k] = slot ? slot->info : 0;
	}
	*out = cs->loc_ids;
	return ls->n;
}

uint32_t callstacks_raw_kips(const struct callstacks *cs, const struct stacks_raw *r,
			     const uint64_t **out)
{
	if (!cs->o.kname) {
		*out = NULL;
		return 0;
	}
	const struct kpair *kp = (const struct kpair *)(uintptr_t)r->stack;
	*out = kp->kips;
	return kp->nk;
}
