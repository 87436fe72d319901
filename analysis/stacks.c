/*
 * stacks.c - calls by call stack (see stacks.h).
 */
#include "analysis/stacks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/agg.h"
#include "base/grow.h"

struct stacks {
	struct stacks_raw **raw;
	size_t nraw, raw_cap;
	uint32_t *raw_slots; /* open addressing: raw index + 1 */
	size_t raw_nslots;

	char **names;        /* frame names by id */
	bool *inlined;       /* by id */
	size_t nnames, names_cap, inlined_cap;
	uint32_t *name_slots; /* id + 1 */
	size_t name_nslots;

	bool built;
	bool node_lat;
	enum stacks_weight w;
	struct stacks_sys *sys;
	size_t nsys;
	struct stacks_tree *trees;
	size_t ntrees;
	struct stacks_node **nodes; /* every tree node, to free them */
	size_t nnodes, nodes_cap;
};

int stacks_new(struct stacks **out)
{
	struct stacks *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	*out = s;
	return 0;
}

void stacks_free(struct stacks *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nraw; i++) {
		hist_release(&s->raw[i]->st.lat);
		free(s->raw[i]->frames);
		free(s->raw[i]->kframes);
		free(s->raw[i]);
	}
	free(s->raw);
	free(s->raw_slots);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	free(s->inlined);
	free(s->name_slots);
	for (size_t i = 0; i < s->nsys; i++) {
		hist_release(&s->sys[i].total.lat);
		for (size_t j = 0; j < s->sys[i].npaths; j++)
			hist_release(&s->sys[i].paths[j].st.lat);
		free(s->sys[i].paths);
	}
	free(s->sys);
	free(s->trees);
	for (size_t i = 0; i < s->nnodes; i++) {
		hist_release(&s->nodes[i]->st.lat);
		free(s->nodes[i]->kids);
		free(s->nodes[i]);
	}
	free(s->nodes);
	free(s);
}

/* ---- counting ---- */

static int stat_add(struct stacks_stat *st, const struct scf_call *c)
{
	if (c->flags & SCF_CALL_UNFINISHED) {
		st->unfinished++;
		return 0;
	}
	if (c->flags & SCF_CALL_NO_RETURN) {
		st->no_return++;
		return 0;
	}
	/* no entry seen, or entered before recording: a call, but no
	 * latency (agg.h's rule) */
	if (c->flags & (SCF_CALL_NO_ENTER | SCF_CALL_ENTERED_BEFORE)) {
		st->calls++;
		st->errors += agg_is_error(c->ret);
		return 0;
	}
	int rc = hist_add(&st->lat, c->duration);
	if (rc)
		return rc;
	st->time += c->duration;
	const struct scf_offcpu *o = c->offcpu;
	st->blocked += o ? o->blocked : 0;
	st->oncpu += o ? c->duration - o->blocked - o->runnable : c->duration;
	st->calls++;
	st->errors += agg_is_error(c->ret);
	return 0;
}

static int stat_merge(struct stacks_stat *dst, const struct stacks_stat *src, bool lat)
{
	int rc = lat ? hist_merge(&dst->lat, &src->lat) : 0;
	if (rc)
		return rc;
	dst->time += src->time;
	dst->blocked += src->blocked;
	dst->oncpu += src->oncpu;
	dst->calls += src->calls;
	dst->errors += src->errors;
	dst->unfinished += src->unfinished;
	dst->no_return += src->no_return;
	return 0;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static uint64_t raw_hash(uint64_t group, const char *comm, uint64_t stack, int32_t nr)
{
	uint64_t h = mix(mix(mix(mix(0, group), (uint64_t)(uintptr_t)comm), stack),
			 (uint64_t)(uint32_t)nr);
	return h ^ (h >> 32);
}

static int raw_grow(struct stacks *s)
{
	size_t n = s->raw_nslots ? s->raw_nslots * 2 : 1024;
	uint32_t *v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < s->nraw; i++) {
		const struct stacks_raw *r = s->raw[i];
		size_t j = raw_hash(r->group, r->comm, r->stack, r->nr) & (n - 1);
		while (v[j])
			j = (j + 1) & (n - 1);
		v[j] = (uint32_t)i + 1;
	}
	free(s->raw_slots);
	s->raw_slots = v;
	s->raw_nslots = n;
	return 0;
}

int stacks_add(struct stacks *s, uint64_t group, const char *comm, uint64_t stack,
	       const struct scf_call *c)
{
	if ((s->nraw + 1) * 2 > s->raw_nslots && raw_grow(s))
		return -ENOMEM;
	size_t j = raw_hash(group, comm, stack, c->nr) & (s->raw_nslots - 1);
	while (s->raw_slots[j]) {
		struct stacks_raw *r = s->raw[s->raw_slots[j] - 1];
		if (r->stack == stack && r->group == group && r->comm == comm && r->nr == c->nr)
			return stat_add(&r->st, c);
		j = (j + 1) & (s->raw_nslots - 1);
	}
	if (GROW(s->raw, s->nraw + 1, s->raw_cap))
		return -ENOMEM;
	if (s->nraw >= UINT32_MAX - 1)
		return -ENOMEM;
	struct stacks_raw *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	*r = (struct stacks_raw){ .group = group, .comm = comm, .stack = stack, .nr = c->nr };
	hist_init(&r->st.lat);
	int rc = stat_add(&r->st, c);
	if (rc) {
		free(r);
		return rc;
	}
	s->raw[s->nraw++] = r;
	s->raw_slots[j] = (uint32_t)s->nraw;
	return 0;
}

size_t stacks_nraw(const struct stacks *s)
{
	return s->nraw;
}

struct stacks_raw *stacks_raw_at(struct stacks *s, size_t i)
{
	return i < s->nraw ? s->raw[i] : NULL;
}

/* ---- frame names ---- */

static size_t hash_str(const char *p)
{
	uint64_t h = 1469598103934665603ull;
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (size_t)(h ^ (h >> 31));
}

static size_t hash_frame(const char *name, bool inlined)
{
	return hash_str(name) ^ (inlined ? 0x5bd1e995u : 0);
}

static uint32_t frame_id(struct stacks *s, const char *name, bool inlined)
{
	if (s->name_nslots) {
		size_t j = hash_frame(name, inlined) & (s->name_nslots - 1);
		while (s->name_slots[j]) {
			uint32_t id = s->name_slots[j] - 1;
			if (s->inlined[id] == inlined && !strcmp(s->names[id], name))
				return id;
			j = (j + 1) & (s->name_nslots - 1);
		}
	}
	if ((s->nnames + 1) * 2 > s->name_nslots) {
		size_t n = s->name_nslots ? s->name_nslots * 2 : 256;
		uint32_t *v = calloc(n, sizeof(*v));
		if (!v)
			return UINT32_MAX;
		for (size_t i = 0; i < s->nnames; i++) {
			size_t j = hash_frame(s->names[i], s->inlined[i]) & (n - 1);
			while (v[j])
				j = (j + 1) & (n - 1);
			v[j] = (uint32_t)i + 1;
		}
		free(s->name_slots);
		s->name_slots = v;
		s->name_nslots = n;
	}
	if (GROW(s->names, s->nnames + 1, s->names_cap) ||
	    GROW(s->inlined, s->nnames + 1, s->inlined_cap))
		return UINT32_MAX;
	if (s->nnames >= UINT32_MAX - 1)
		return UINT32_MAX;
	char *copy = strdup(name);
	if (!copy)
		return UINT32_MAX;
	s->names[s->nnames] = copy;
	s->inlined[s->nnames] = inlined;
	size_t j = hash_frame(name, inlined) & (s->name_nslots - 1);
	while (s->name_slots[j])
		j = (j + 1) & (s->name_nslots - 1);
	s->name_slots[j] = (uint32_t)s->nnames + 1;
	return (uint32_t)s->nnames++;
}

uint32_t stacks_frame_id(struct stacks *s, const char *name)
{
	return frame_id(s, name, false);
}

uint32_t stacks_frame_id_inlined(struct stacks *s, const char *name)
{
	return frame_id(s, name, true);
}

const char *stacks_frame_name(const struct stacks *s, uint32_t id)
{
	return id < s->nnames ? s->names[id] : "?";
}

bool stacks_frame_inlined(const struct stacks *s, uint32_t id)
{
	return id < s->nnames && s->inlined[id];
}

int stacks_set_frames(struct stacks *s, struct stacks_raw *r, const uint32_t *ids, uint32_t n)
{
	(void)s;
	uint32_t *v = n ? malloc(n * sizeof(*v)) : NULL;
	if (n && !v)
		return -ENOMEM;
	if (n)
		memcpy(v, ids, n * sizeof(*v));
	free(r->frames);
	r->frames = v;
	r->nframes = n;
	return 0;
}

int stacks_set_kframes(struct stacks *s, struct stacks_raw *r, const uint32_t *ids, uint32_t n)
{
	(void)s;
	uint32_t *v = n ? malloc(n * sizeof(*v)) : NULL;
	if (n && !v)
		return -ENOMEM;
	if (n)
		memcpy(v, ids, n * sizeof(*v));
	free(r->kframes);
	r->kframes = v;
	r->nkframes = n;
	return 0;
}

/* ---- building ---- */

struct sort_ctx {
	const struct stacks *s;
	enum stacks_weight w;
};

/* qsort has no context argument: building runs once, single-threaded */
static struct sort_ctx sort_ctx;

static int cmp_frames(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	for (uint32_t i = 0; i < na && i < nb; i++)
		if (a[i] != b[i]) {
			int c = strcmp(stacks_frame_name(sort_ctx.s, a[i]),
				       stacks_frame_name(sort_ctx.s, b[i]));
			if (c)
				return c;
			return a[i] < b[i] ? -1 : 1;
		}
	return na < nb ? -1 : na > nb;
}

/* Heavier first; ties by calls, then time. */
static int cmp_weight(const struct stacks_stat *a, const struct stacks_stat *b)
{
	uint64_t wa = stacks_weight_of(a, sort_ctx.w), wb = stacks_weight_of(b, sort_ctx.w);
	if (wa != wb)
		return wa > wb ? -1 : 1;
	if (a->calls != b->calls)
		return a->calls > b->calls ? -1 : 1;
	if (a->time != b->time)
		return a->time > b->time ? -1 : 1;
	return 0;
}

struct keyed_raw {
	size_t group_ord;
	struct stacks_raw *r;
};

static int cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed_raw *a = pa, *b = pb;
	if (a->group_ord != b->group_ord)
		return a->group_ord < b->group_ord ? -1 : 1;
	if (a->r->nr != b->r->nr)
		return a->r->nr < b->r->nr ? -1 : 1;
	return cmp_frames(a->r->frames, a->r->nframes, b->r->frames, b->r->nframes);
}

static int cmp_path(const void *pa, const void *pb)
{
	const struct stacks_path *a = pa, *b = pb;
	int c = cmp_weight(&a->st, &b->st);
	return c ? c : cmp_frames(a->frames, a->nframes, b->frames, b->nframes);
}

static int cmp_sys(const void *pa, const void *pb)
{
	const struct stacks_sys *a = pa, *b = pb;
	int c = cmp_weight(&a->total, &b->total);
	return c ? c : (a->nr < b->nr ? -1 : a->nr > b->nr);
}

static int cmp_node(const void *pa, const void *pb)
{
	const struct stacks_node *a = *(struct stacks_node *const *)pa;
	const struct stacks_node *b = *(struct stacks_node *const *)pb;
	int c = cmp_weight(&a->st, &b->st);
	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == STACKS_SYSCALL)
		return a->id < b->id ? -1 : a->id > b->id;
	c = strcmp(stacks_frame_name(sort_ctx.s, a->id), stacks_frame_name(sort_ctx.s, b->id));
	return c ? c : (int)stacks_frame_inlined(sort_ctx.s, a->id) -
			       (int)stacks_frame_inlined(sort_ctx.s, b->id);
}

static struct stacks_node *new_node(struct stacks *s, struct stacks_node *parent,
				    enum stacks_kind kind, uint32_t id)
{
	if (GROW(s->nodes, s->nnodes + 1, s->nodes_cap))
		return NULL;
	struct stacks_node *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = kind;
	n->id = id;
	n->parent = parent;
	hist_init(&n->st.lat);
	s->nodes[s->nnodes++] = n;
	if (parent) {
		struct stacks_node **k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));
		if (!k)
			return NULL;
		parent->kids = k;
		k[parent->nkids++] = n;
	}
	return n;
}

/* Children are found through one hash over (parent, kind, id). */
struct child_index {
	struct stacks_node **slots;
	size_t n, nslots;
};

static size_t child_hash(const struct stacks_node *parent, enum stacks_kind kind, uint32_t id)
{
	uint64_t h = mix(mix((uint64_t)(uintptr_t)parent, (uint64_t)kind), id);
	return (size_t)(h ^ (h >> 29));
}

static struct stacks_node *child(struct stacks *s, struct child_index *ix,
				 struct stacks_node *parent, enum stacks_kind kind, uint32_t id)
{
	if ((ix->n + 1) * 2 > ix->nslots) {
		size_t n = ix->nslots ? ix->nslots * 2 : 1024;
		struct stacks_node **v = calloc(n, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = 0; i < ix->nslots; i++) {
			struct stacks_node *k = ix->slots[i];
			if (!k)
				continue;
			size_t j = child_hash(k->parent, k->kind, k->id) & (n - 1);
			while (v[j])
				j = (j + 1) & (n - 1);
			v[j] = k;
		}
		free(ix->slots);
		ix->slots = v;
		ix->nslots = n;
	}
	size_t j = child_hash(parent, kind, id) & (ix->nslots - 1);
	while (ix->slots[j]) {
		struct stacks_node *k = ix->slots[j];
		if (k->parent == parent && k->kind == kind && k->id == id)
			return k;
		j = (j + 1) & (ix->nslots - 1);
	}
	struct stacks_node *k = new_node(s, parent, kind, id);
	if (!k)
		return NULL;
	ix->slots[j] = k;
	ix->n++;
	return k;
}

static int tree_add(struct stacks *s, struct child_index *ix, struct stacks_node *root,
		    const struct stacks_raw *r)
{
	uint32_t comm = stacks_frame_id(s, r->comm ? r->comm : "[unknown]");
	if (comm == UINT32_MAX)
		return -ENOMEM;
	struct stacks_node *n = child(s, ix, root, STACKS_COMM, comm);
	if (!n || stat_merge(&root->st, &r->st, s->node_lat) ||
	    stat_merge(&n->st, &r->st, s->node_lat))
		return -ENOMEM;
	for (uint32_t i = 0; i < r->nframes; i++) {
		if (!(n = child(s, ix, n, STACKS_FRAME, r->frames[i])) ||
		    stat_merge(&n->st, &r->st, s->node_lat))
			return -ENOMEM;
	}
	n->self_calls += r->st.calls;
	n->self_time += r->st.time;
	if (!(n = child(s, ix, n, STACKS_SYSCALL, (uint32_t)r->nr)) ||
	    stat_merge(&n->st, &r->st, s->node_lat))
		return -ENOMEM;
	for (uint32_t i = 0; i < r->nkframes; i++) {
		if (!(n = child(s, ix, n, STACKS_KFRAME, r->kframes[i])) ||
		    stat_merge(&n->st, &r->st, s->node_lat))
			return -ENOMEM;
	}
	n->self_calls += r->st.calls;
	n->self_time += r->st.time;
	return 0;
}

static void sort_tree(struct stacks_node *n)
{
	if (n->nkids)
		qsort(n->kids, n->nkids, sizeof(*n->kids), cmp_node);
	for (size_t i = 0; i < n->nkids; i++)
		sort_tree(n->kids[i]);
}

/* Ordinal of each raw stack's group, in order of first sight. */
static int group_ords(struct stacks *s, struct keyed_raw *k, uint64_t **groups, size_t *ngroups)
{
	size_t nslots = 64, n = 0;
	while (nslots < 2 * s->nraw + 2)
		nslots *= 2;
	size_t *slots = calloc(nslots, sizeof(*slots)); /* ordinal + 1 */
	uint64_t *g = calloc(s->nraw ? s->nraw : 1, sizeof(*g));
	if (!slots || !g) {
		free(slots);
		free(g);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->nraw; i++) {
		uint64_t key = s->raw[i]->group;
		size_t j = (size_t)mix(0, key) & (nslots - 1);
		while (slots[j] && g[slots[j] - 1] != key)
			j = (j + 1) & (nslots - 1);
		if (!slots[j]) {
			g[n] = key;
			slots[j] = ++n;
		}
		k[i] = (struct keyed_raw){ slots[j] - 1, s->raw[i] };
	}
	free(slots);
	*groups = g;
	*ngroups = n;
	return 0;
}

int stacks_build(struct stacks *s, enum stacks_weight w, bool node_latency)
{
	if (s->built)
		return -EINVAL;
	s->built = true;
	s->w = w;
	s->node_lat = node_latency;
	sort_ctx = (struct sort_ctx){ s, w };
	struct keyed_raw *k = calloc(s->nraw ? s->nraw : 1, sizeof(*k));
	uint64_t *groups = NULL;
	size_t ngroups = 0;
	struct child_index ix = { 0 };
	int rc = -ENOMEM;
	if (!k || group_ords(s, k, &groups, &ngroups))
		goto out;
	if (s->nraw)
		qsort(k, s->nraw, sizeof(*k), cmp_keyed);

	/* per group and syscall: runs of equal frames are one path */
	s->sys = calloc(s->nraw ? s->nraw : 1, sizeof(*s->sys));
	s->trees = calloc(ngroups ? ngroups : 1, sizeof(*s->trees));
	if (!s->sys || !s->trees)
		goto out;
	for (size_t i = 0; i < s->nraw;) {
		size_t end = i;
		while (end < s->nraw && k[end].group_ord == k[i].group_ord &&
		       k[end].r->nr == k[i].r->nr)
			end++;
		struct stacks_sys *sy = &s->sys[s->nsys++];
		sy->group = k[i].r->group;
		sy->nr = k[i].r->nr;
		hist_init(&sy->total.lat);
		sy->paths = calloc(end - i, sizeof(*sy->paths));
		if (!sy->paths)
			goto out;
		for (size_t j = i; j < end; j++) {
			const struct stacks_raw *r = k[j].r;
			struct stacks_path *p = sy->npaths ? &sy->paths[sy->npaths - 1] : NULL;
			if (!p || cmp_frames(p->frames, p->nframes, r->frames, r->nframes)) {
				p = &sy->paths[sy->npaths++];
				p->frames = r->frames;
				p->nframes = r->nframes;
				hist_init(&p->st.lat);
			}
			if (stat_merge(&p->st, &r->st, true) ||
			    stat_merge(&sy->total, &r->st, true))
				goto out;
		}
		if (sy->npaths)
			qsort(sy->paths, sy->npaths, sizeof(*sy->paths), cmp_path);
		i = end;
	}
	/* syscalls stay grouped in group order, heaviest first in each */
	for (size_t i = 0, gi = 0; i < s->nsys; gi++) {
		size_t end = i;
		while (end < s->nsys && s->sys[end].group == s->sys[i].group)
			end++;
		qsort(s->sys + i, end - i, sizeof(*s->sys), cmp_sys);
		i = end;
	}

	for (size_t g = 0; g < ngroups; g++) {
		s->trees[g].group = groups[g];
		if (!(s->trees[g].root = new_node(s, NULL, STACKS_ROOT, 0)))
			goto out;
		s->ntrees++;
	}
	for (size_t i = 0; i < s->nraw; i++)
		if (tree_add(s, &ix, s->trees[k[i].group_ord].root, k[i].r))
			goto out;
	for (size_t g = 0; g < s->ntrees; g++)
		sort_tree(s->trees[g].root);
	rc = 0;
out:
	free(ix.slots);
	free(k);
	free(groups);
	return rc;
}

size_t stacks_nsys(const struct stacks *s)
{
	return s->nsys;
}

const struct stacks_sys *stacks_sys_at(const struct stacks *s, size_t i)
{
	return i < s->nsys ? &s->sys[i] : NULL;
}

size_t stacks_ntrees(const struct stacks *s)
{
	return s->ntrees;
}

const struct stacks_tree *stacks_tree_at(const struct stacks *s, size_t i)
{
	return i < s->ntrees ? &s->trees[i] : NULL;
}
