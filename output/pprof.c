/*
 * pprof.c - call stacks as a gzipped pprof profile (see pprof.h).
 */
#include "output/pprof.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/grow.h"
#include "base/hash.h"
#include "output/profile.pb-c.h"
#include "symbols/demangle.h"
#include "syscalls/syscalls.h"

typedef Perftools__Profiles__Profile Profile;
typedef Perftools__Profiles__ValueType ValueType;
typedef Perftools__Profiles__Sample Sample;
typedef Perftools__Profiles__Label Label;
typedef Perftools__Profiles__Mapping Mapping;
typedef Perftools__Profiles__Location Location;
typedef Perftools__Profiles__Line Line;
typedef Perftools__Profiles__Function Function;

/*
 * The sample types, in this order: each a value of what a sample's calls
 * counted.  A type that only some recordings have (off-CPU time: blocked
 * and oncpu, issue 10) adds a row with its present() test; a sample then
 * carries one value per type present.
 */
struct sample_type {
	const char *type, *unit;
	int64_t (*value)(const struct stacks_stat *st);
	bool (*present)(const struct scf_meta *meta); /* NULL: always */
};

static int64_t value_calls(const struct stacks_stat *st)
{
	return (int64_t)st->calls;
}

static int64_t value_wall(const struct stacks_stat *st)
{
	return (int64_t)st->time;
}

static int64_t value_errors(const struct stacks_stat *st)
{
	return (int64_t)st->errors;
}

static int64_t value_blocked(const struct stacks_stat *st)
{
	return (int64_t)st->blocked;
}

static int64_t value_oncpu(const struct stacks_stat *st)
{
	return (int64_t)st->oncpu;
}

static bool has_offcpu(const struct scf_meta *meta)
{
	return meta->features & SCF_FEAT_OFFCPU;
}

static const struct sample_type sample_types[] = {
	{ "calls", "count", value_calls, NULL },
	{ "wall", "nanoseconds", value_wall, NULL },
	{ "errors", "count", value_errors, NULL },
	{ "blocked", "nanoseconds", value_blocked, has_offcpu },
	{ "oncpu", "nanoseconds", value_oncpu, has_offcpu },
};
#define NTYPES (sizeof(sample_types) / sizeof(sample_types[0]))
#define DEFAULT_TYPE "wall"

/* ---- interning: strings and functions ---- */

struct interned {
	size_t *slots; /* index + 1; 0: empty */
	size_t nslots;
};

struct builder {
	struct callstacks *cs;
	const struct pprof_info *info;
	/* the string table */
	char **strs;
	size_t nstrs, strs_cap;
	struct interned str_index;
	/* functions, and their keys (name, system name, file) */
	Function *funcs;
	size_t nfuncs, funcs_cap;
	struct interned func_index;
	/* the syscalls' locations: id by number */
	struct {
		int32_t nr;
		uint64_t id;
	} *sys;
	size_t nsys, sys_cap;
	/* the kernel frames' locations (record --off-cpu): id by address,
	 * open addressing; their mapping is set once the modules' are */
	struct {
		uint64_t ip, id;
	} *kern;
	size_t nkern, kern_slots;
	uint64_t kern_lo, kern_hi; /* the addresses seen */
	bool kern_named;           /* every kernel frame named */
	Location *locs;
	size_t nlocs, locs_cap;
	Line *lines; /* all locations' lines */
	size_t nlines, lines_cap;
};

static uint64_t func_hash(const Function *f)
{
	int64_t k[3] = { f->name, f->system_name, f->filename };
	return fnv1a(FNV1A_INIT, k, sizeof(k));
}

static uint64_t str_hash(const char *s)
{
	return fnv1a(FNV1A_INIT, s, strlen(s));
}

/* Make room in table t for n + 1 entries, rehashing with hash(i). */
static int interned_grow(struct interned *t, size_t n, uint64_t (*hash)(struct builder *, size_t),
			 struct builder *b)
{
	if ((n + 1) * 2 <= t->nslots)
		return 0;
	size_t ns = t->nslots ? t->nslots * 2 : 1024;
	size_t *v = calloc(ns, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t j = (size_t)hash(b, i) & (ns - 1);
		while (v[j])
			j = (j + 1) & (ns - 1);
		v[j] = i + 1;
	}
	free(t->slots);
	t->slots = v;
	t->nslots = ns;
	return 0;
}

static uint64_t str_hash_at(struct builder *b, size_t i)
{
	return str_hash(b->strs[i]);
}

static uint64_t func_hash_at(struct builder *b, size_t i)
{
	return func_hash(&b->funcs[i]);
}

/* The string table index of s; -1 if out of memory. */
static int64_t str_id(struct builder *b, const char *s)
{
	if (interned_grow(&b->str_index, b->nstrs, str_hash_at, b))
		return -1;
	struct interned *t = &b->str_index;
	size_t j = (size_t)str_hash(s) & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1))
		if (!strcmp(b->strs[t->slots[j] - 1], s))
			return (int64_t)(t->slots[j] - 1);
	char *copy = strdup(s);
	if (!copy || GROW(b->strs, b->nstrs + 1, b->strs_cap)) {
		free(copy);
		return -1;
	}
	b->strs[b->nstrs] = copy;
	t->slots[j] = ++b->nstrs;
	return (int64_t)(b->nstrs - 1);
}

/* The id of the function named func (as in the binary) in file (NULL:
 * unknown); 0 if out of memory. */
static uint64_t func_id(struct builder *b, const char *func, const char *file)
{
	char *dm = demangle(func);
	Function key = PERFTOOLS__PROFILES__FUNCTION__INIT;
	key.name = str_id(b, dm ? dm : func);
	key.system_name = str_id(b, func);
	key.filename = str_id(b, file ? file : "");
	free(dm);
	if (key.name < 0 || key.system_name < 0 || key.filename < 0 ||
	    interned_grow(&b->func_index, b->nfuncs, func_hash_at, b))
		return 0;
	struct interned *t = &b->func_index;
	size_t j = (size_t)func_hash(&key) & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
		const Function *f = &b->funcs[t->slots[j] - 1];
		if (f->name == key.name && f->system_name == key.system_name &&
		    f->filename == key.filename)
			return f->id;
	}
	if (GROW(b->funcs, b->nfuncs + 1, b->funcs_cap))
		return 0;
	key.id = b->nfuncs + 1;
	b->funcs[b->nfuncs] = key;
	t->slots[j] = ++b->nfuncs;
	return key.id;
}

/* ---- locations ---- */

/* Add a line of function func (file:line) to the location being built,
 * whose lines start at lines[first]. */
static int add_line(struct builder *b, const char *func, const char *file, int line)
{
	uint64_t fid = func_id(b, func, file);
	if (!fid || GROW(b->lines, b->nlines + 1, b->lines_cap))
		return -ENOMEM;
	Line l = PERFTOOLS__PROFILES__LINE__INIT;
	l.function_id = fid;
	l.line = line;
	b->lines[b->nlines++] = l;
	return 0;
}

/* A new location with the lines from lines[first] on (fixed up to
 * pointers once every line is in); its id, 0 if out of memory. */
static uint64_t add_location(struct builder *b, uint64_t mapping, uint64_t address, size_t first)
{
	if (GROW(b->locs, b->nlocs + 1, b->locs_cap))
		return 0;
	Location l = PERFTOOLS__PROFILES__LOCATION__INIT;
	l.id = b->nlocs + 1;
	l.mapping_id = mapping;
	l.address = address;
	l.n_line = b->nlines - first;
	l.line = (Line **)(uintptr_t)first; /* an index until build_lines */
	b->locs[b->nlocs++] = l;
	return l.id;
}

/* The location of callstacks location i: its id, 0 if out of memory. */
static uint64_t stack_location(struct builder *b, const struct callstacks_location *cl)
{
	size_t first = b->nlines;
	const struct symbols_frame *f = &cl->sym;
	if (!cl->module) {
		if (add_line(b, "[unknown]", NULL, 0))
			return 0;
		return add_location(b, 0, 0, first);
	}
	/* innermost first: the inlined functions, then the one they are in */
	for (uint32_t k = f->func ? f->ninlined : 0; k-- > 0;)
		if (add_line(b, f->inlined[k].func, f->inlined[k].file, f->inlined[k].line))
			return 0;
	if (f->func && add_line(b, f->func, f->file, f->line))
		return 0;
	return add_location(b, cl->module->id + 1, cl->key, first);
}

/* The location of syscall nr (a frame of its own, the leaf); its id, 0
 * if out of memory. */
static uint64_t syscall_location(struct builder *b, int32_t nr)
{
	for (size_t i = 0; i < b->nsys; i++)
		if (b->sys[i].nr == nr)
			return b->sys[i].id;
	size_t first = b->nlines;
	const char *name = b->info->sys_name(b->info->ctx, nr);
	uint64_t id;
	if (add_line(b, name, NULL, 0) || !(id = add_location(b, 0, 0, first)) ||
	    GROW(b->sys, b->nsys + 1, b->sys_cap))
		return 0;
	b->sys[b->nsys].nr = nr;
	b->sys[b->nsys++].id = id;
	return id;
}

/* The location of kernel frame ip (a wait stack's, record --off-cpu):
 * a function named by info->kname, in the kernel's mapping (made at the
 * end); its id, 0 if out of memory. */
static uint64_t kernel_location(struct builder *b, uint64_t ip)
{
	if ((b->nkern + 1) * 2 > b->kern_slots) {
		size_t n = b->kern_slots ? b->kern_slots * 2 : 256;
		__typeof__(b->kern) v = calloc(n, sizeof(*v));
		if (!v)
			return 0;
		for (size_t i = 0; i < b->kern_slots; i++) {
			if (!b->kern[i].id)
				continue;
			size_t j = (size_t)(b->kern[i].ip * 0x9e3779b97f4a7c15ull >> 32) & (n - 1);
			while (v[j].id)
				j = (j + 1) & (n - 1);
			v[j] = b->kern[i];
		}
		free(b->kern);
		b->kern = v;
		b->kern_slots = n;
	}
	size_t j = (size_t)(ip * 0x9e3779b97f4a7c15ull >> 32) & (b->kern_slots - 1);
	for (; b->kern[j].id; j = (j + 1) & (b->kern_slots - 1))
		if (b->kern[j].ip == ip)
			return b->kern[j].id;
	char name[256];
	const char *fn = b->info->kname ? b->info->kname(b->info->kctx, ip, name, sizeof(name))
					: NULL;
	size_t first = b->nlines;
	/* an address the recording does not name: no line, pprof shows it */
	bool named = fn && strncmp(fn, "0x", 2);
	if (named && add_line(b, fn, NULL, 0))
		return 0;
	uint64_t id = add_location(b, 0, ip, first);
	if (!id)
		return 0;
	b->kern_named &= named;
	b->kern_lo = !b->nkern || ip < b->kern_lo ? ip : b->kern_lo;
	b->kern_hi = !b->nkern || ip > b->kern_hi ? ip : b->kern_hi;
	b->kern[j].ip = ip;
	b->kern[j].id = id;
	b->nkern++;
	return id;
}

/* ---- the profile ---- */

static void builder_release(struct builder *b)
{
	for (size_t i = 0; i < b->nstrs; i++)
		free(b->strs[i]);
	free(b->strs);
	free(b->str_index.slots);
	free(b->funcs);
	free(b->func_index.slots);
	free(b->sys);
	free(b->kern);
	free(b->locs);
	free(b->lines);
}

static void hex(char *out, const uint8_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", v[i]);
	out[2 * n] = 0;
}

/* Gzip the n bytes of buf onto f.  0, -ENOMEM or -EIO. */
static int write_gzip(FILE *f, const uint8_t *buf, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return -ENOMEM;
	unsigned char out[65536];
	int zr, rc = 0;
	z.next_in = (unsigned char *)(uintptr_t)buf;
	z.avail_in = (uInt)n; /* the message is far below 4 GiB */
	do {
		z.next_out = out;
		z.avail_out = sizeof(out);
		zr = deflate(&z, Z_FINISH);
		size_t have = sizeof(out) - z.avail_out;
		if (have && fwrite(out, 1, have, f) != have) {
			rc = -EIO;
			break;
		}
	} while (zr == Z_OK);
	if (!rc && zr != Z_STREAM_END)
		rc = -ENOMEM;
	deflateEnd(&z);
	return rc;
}

int pprof_write(FILE *f, struct callstacks *cs, const struct pprof_info *info)
{
	struct builder b = { .cs = cs, .info = info, .kern_named = true };
	struct stacks *s = callstacks_stacks(cs);
	size_t nraw = stacks_nraw(s), nloc = callstacks_nlocations(cs);
	size_t ntypes = 0;
	bool present[NTYPES];
	for (size_t i = 0; i < NTYPES; i++)
		ntypes += present[i] = !sample_types[i].present || sample_types[i].present(info->meta);

	/* every allocation below is freed at out */
	uint64_t *loc_ids = calloc(nloc ? nloc : 1, sizeof(*loc_ids)); /* 0: not yet made */
	Sample *samples = calloc(nraw ? nraw : 1, sizeof(*samples));
	Sample **sample_ptrs = calloc(nraw ? nraw : 1, sizeof(*sample_ptrs));
	uint64_t *ids = NULL;          /* every sample's locations */
	size_t nids = 0, ids_cap = 0;
	int64_t *values = calloc((nraw ? nraw : 1) * ntypes, sizeof(*values));
	Label *labels = calloc((nraw ? nraw : 1) * 4, sizeof(*labels));
	Label **label_ptrs = calloc((nraw ? nraw : 1) * 4, sizeof(*label_ptrs));
	Mapping *maps = NULL, kmap;
	Mapping **map_ptrs = NULL;
	size_t nmaps = 0;
	Location **loc_ptrs = NULL;
	Line **line_ptrs = NULL;
	Function **func_ptrs = NULL;
	ValueType types[NTYPES], *type_ptrs[NTYPES];
	uint8_t *packed = NULL;
	int64_t comment = -1;
	int rc = -ENOMEM;
	if (!loc_ids || !samples || !sample_ptrs || !values || !labels || !label_ptrs ||
	    str_id(&b, "") != 0)
		goto out;
	int64_t k_syscall = str_id(&b, "syscall"), k_comm = str_id(&b, "comm"),
		k_pid = str_id(&b, "pid"), k_errno = str_id(&b, "errno");
	if (k_syscall < 0 || k_comm < 0 || k_pid < 0 || k_errno < 0)
		goto out;

	/* the samples: the syscall, then the stack innermost first */
	size_t nsamples = 0, nlabels = 0;
	for (size_t i = 0; i < nraw; i++) {
		const struct stacks_raw *r = stacks_raw_at(s, i);
		const uint32_t *locs;
		const uint64_t *kips;
		uint32_t n = callstacks_raw_locations(cs, r, &locs);
		uint32_t nk = callstacks_raw_kips(cs, r, &kips);
		Sample *sm = &samples[nsamples];
		int64_t *val = &values[nsamples * ntypes];
		bool any = false;
		for (size_t t = 0, v = 0; t < NTYPES; t++)
			if (present[t]) {
				val[v] = sample_types[t].value(&r->st);
				any |= val[v++] != 0;
			}
		if (!any)
			continue; /* only unfinished or exit_group calls: no value */
		if (GROW(ids, nids + nk + n + 1, ids_cap))
			goto out;
		size_t first = nids;
		/* the kernel wait stack above the syscall, innermost first, as
		 * the flame graphs go on into it */
		for (uint32_t k = 0; k < nk; k++) {
			if (!kips[k])
				continue; /* never a frame: an address that read as 0 */
			uint64_t kid = kernel_location(&b, kips[k]);
			if (!kid)
				goto out;
			ids[nids++] = kid;
		}
		uint64_t id = syscall_location(&b, r->nr);
		if (!id)
			goto out;
		ids[nids++] = id;
		for (uint32_t k = 0; k < n; k++) {
			uint32_t li = locs[k];
			if (!loc_ids[li] &&
			    !(loc_ids[li] = stack_location(&b, callstacks_location_at(cs, li))))
				goto out;
			ids[nids++] = loc_ids[li];
		}
		perftools__profiles__sample__init(sm);
		sm->n_location_id = nids - first;
		sm->location_id = (uint64_t *)(uintptr_t)first; /* an index until ids stop moving */
		sm->n_value = ntypes;
		sm->value = val;
		/* labels */
		Label *lb = &labels[nlabels];
		size_t nl = 0;
		int32_t pid = (int32_t)(uint32_t)(r->group >> 32);
		int err = (int)(uint32_t)r->group;
		perftools__profiles__label__init(&lb[nl]);
		lb[nl].key = k_syscall;
		lb[nl++].str = str_id(&b, info->sys_name(info->ctx, r->nr));
		perftools__profiles__label__init(&lb[nl]);
		lb[nl].key = k_comm;
		lb[nl++].str = str_id(&b, r->comm ? r->comm : "?");
		perftools__profiles__label__init(&lb[nl]);
		lb[nl].key = k_pid;
		lb[nl++].num = pid;
		if (err) {
			char buf[16];
			const char *name = errno_name(err);
			if (!name)
				snprintf(buf, sizeof(buf), "%d", err), name = buf;
			perftools__profiles__label__init(&lb[nl]);
			lb[nl].key = k_errno;
			lb[nl++].str = str_id(&b, name);
		}
		for (size_t l = 0; l < nl; l++) {
			if (lb[l].key != k_pid && lb[l].str < 0)
				goto out;
			label_ptrs[nlabels + l] = &lb[l];
		}
		sm->n_label = nl;
		sm->label = &label_ptrs[nlabels];
		nlabels += nl;
		sample_ptrs[nsamples++] = sm;
	}
	for (size_t i = 0; i < nsamples; i++)
		samples[i].location_id = ids + (size_t)(uintptr_t)samples[i].location_id;

	/* the mappings: the modules of the locations made, in order of id */
	size_t nmods = 0;
	for (size_t i = 0; i < nloc; i++) {
		const struct callstacks_location *cl = callstacks_location_at(cs, i);
		if (loc_ids[i] && cl->module && cl->module->id + 1 > nmods)
			nmods = cl->module->id + 1;
	}
	maps = calloc(nmods ? nmods : 1, sizeof(*maps));
	map_ptrs = calloc(nmods ? nmods : 1, sizeof(*map_ptrs));
	if (!maps || !map_ptrs)
		goto out;
	for (size_t i = 0; i < nmods; i++)
		maps[i].id = 0; /* not used yet */
	/* has_functions, until a location of it is not named */
	for (size_t i = 0; i < nloc; i++) {
		const struct callstacks_location *cl = callstacks_location_at(cs, i);
		if (!loc_ids[i] || !cl->module)
			continue;
		Mapping *m = &maps[cl->module->id];
		if (!m->id) {
			const struct maps_module *mod = cl->module;
			char bid[2 * SCF_BUILD_ID_MAX + 1];
			hex(bid, mod->build_id, mod->build_id_size);
			perftools__profiles__mapping__init(m);
			m->id = mod->id + 1;
			m->memory_start = m->id << 40;
			m->memory_limit = (m->id + 1) << 40;
			m->file_offset = 0;
			m->filename = str_id(&b, mod->path);
			m->build_id = str_id(&b, bid);
			if (m->filename < 0 || m->build_id < 0)
				goto out;
			m->has_functions = true;
		}
		m->has_functions &= cl->sym.func != NULL;
		m->has_filenames |= cl->sym.file != NULL;
		m->has_line_numbers |= cl->sym.line > 0;
		/* inlined functions come with the DWARF that gives lines */
		m->has_inline_frames |= cl->sym.file != NULL || cl->sym.ninlined;
	}
	for (size_t i = 0; i < nmods; i++)
		if (maps[i].id)
			map_ptrs[nmaps++] = &maps[i];
	if (b.nkern) {
		/* the kernel's, over the addresses of its frames, after the
		 * modules' ids; named "[kernel.kallsyms]" as perf names it,
		 * which pprof knows not to look for on disk */
		Mapping *m = &kmap;
		perftools__profiles__mapping__init(m);
		m->id = nmods + 1;
		m->memory_start = b.kern_lo;
		m->memory_limit = b.kern_hi + 1;
		m->filename = str_id(&b, "[kernel.kallsyms]");
		if (m->filename < 0)
			goto out;
		m->has_functions = b.kern_named;
		Mapping **v = realloc(map_ptrs, (nmaps + 1) * sizeof(*map_ptrs));
		if (!v)
			goto out;
		map_ptrs = v;
		map_ptrs[nmaps++] = m;
		for (size_t i = 0; i < b.kern_slots; i++)
			if (b.kern[i].id)
				b.locs[b.kern[i].id - 1].mapping_id = m->id;
	}

	/* the lines and locations, now that they stop moving */
	loc_ptrs = calloc(b.nlocs ? b.nlocs : 1, sizeof(*loc_ptrs));
	line_ptrs = calloc(b.nlines ? b.nlines : 1, sizeof(*line_ptrs));
	func_ptrs = calloc(b.nfuncs ? b.nfuncs : 1, sizeof(*func_ptrs));
	if (!loc_ptrs || !line_ptrs || !func_ptrs)
		goto out;
	for (size_t i = 0; i < b.nlines; i++)
		line_ptrs[i] = &b.lines[i];
	for (size_t i = 0; i < b.nlocs; i++) {
		b.locs[i].line = line_ptrs + (size_t)(uintptr_t)b.locs[i].line;
		loc_ptrs[i] = &b.locs[i];
	}
	for (size_t i = 0; i < b.nfuncs; i++)
		func_ptrs[i] = &b.funcs[i];

	Profile p = PERFTOOLS__PROFILES__PROFILE__INIT;
	for (size_t t = 0, v = 0; t < NTYPES; t++) {
		if (!present[t])
			continue;
		perftools__profiles__value_type__init(&types[v]);
		types[v].type = str_id(&b, sample_types[t].type);
		types[v].unit = str_id(&b, sample_types[t].unit);
		if (types[v].type < 0 || types[v].unit < 0)
			goto out;
		type_ptrs[v] = &types[v];
		v++;
	}
	p.n_sample_type = ntypes;
	p.sample_type = type_ptrs;
	p.default_sample_type = str_id(&b, DEFAULT_TYPE);
	if (info->meta->stack_every > 1) {
		char text[128];
		snprintf(text, sizeof(text),
			 "stacks sampled (record --stack-every %" PRIu32 "): the calls counted are "
			 "1 in %" PRIu32,
			 info->meta->stack_every, info->meta->stack_every);
		if ((comment = str_id(&b, text)) < 0)
			goto out;
		p.n_comment = 1;
		p.comment = &comment;
	}
	if (p.default_sample_type < 0)
		goto out;
	p.n_sample = nsamples;
	p.sample = sample_ptrs;
	p.n_mapping = nmaps;
	p.mapping = map_ptrs;
	p.n_location = b.nlocs;
	p.location = loc_ptrs;
	p.n_function = b.nfuncs;
	p.function = func_ptrs;
	p.n_string_table = b.nstrs;
	p.string_table = b.strs;
	p.time_nanos = (int64_t)info->meta->start_realtime;
	p.duration_nanos = (int64_t)info->duration_ns;

	size_t size = perftools__profiles__profile__get_packed_size(&p);
	if (!(packed = malloc(size ? size : 1)))
		goto out;
	perftools__profiles__profile__pack(&p, packed);
	rc = write_gzip(f, packed, size);
out:
	free(packed);
	free(func_ptrs);
	free(line_ptrs);
	free(loc_ptrs);
	free(map_ptrs);
	free(maps);
	free(label_ptrs);
	free(labels);
	free(values);
	free(ids);
	free(sample_ptrs);
	free(samples);
	free(loc_ids);
	builder_release(&b);
	return rc;
}
