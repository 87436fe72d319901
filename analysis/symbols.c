/*
 * symbols.c - function names and source lines for module offsets (see
 * symbols.h).
 *
 * Resolving works per module, for every offset asked at once: the file
 * (or its debug file, or a table stored in the recording) is found, the
 * offsets turned into the ELF's virtual addresses through its PT_LOAD
 * segments, and the symbols named by the one lookup rule of
 * symbols/elfsym.h, over the file's table or the stored one alike.
 * Source lines go through libdwfl, which finds the DWARF (in the file or
 * its debug file) itself.  Nothing stays open between calls.
 */
#include "analysis/symbols.h"

#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"
#include "symbols/elfsym.h"

#define DEFAULT_DEBUG_DIR "/usr/lib/debug"

struct seg {
	uint64_t off, vaddr, filesz;
};

/* A stored table: its function symbols (names kept in the struct
 * symbols), as the recording has them. */
struct table {
	struct scf_symbol *syms;
	size_t nsyms;
	uint64_t limit;   /* the end of its last symbol (no sections known) */
	struct seg *segs; /* none: starts are file offsets */
	size_t nsegs;
};

struct stored {
	char *path;
	uint8_t bid[SCF_BUILD_ID_MAX];
	size_t nbid;
	struct table t;
};

/* Names handed out: blocks freed with the struct symbols. */
struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

struct symbols {
	struct symbols_opts o;
	char *debug_dir;
	char *debuginfo_path;   /* for libdwfl */
	Dwfl_Callbacks callbacks;
	struct stored *stored;
	size_t nstored, stored_cap;
	struct block *blocks;
	size_t modules, lookups;
};

int symbols_new(const struct symbols_opts *o, struct symbols **out)
{
	struct symbols *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->o = *o;
	s->debug_dir = strdup(o->debug_dir ? o->debug_dir : DEFAULT_DEBUG_DIR);
	if (!s->debug_dir || asprintf(&s->debuginfo_path, ":.debug:%s", s->debug_dir) < 0) {
		s->debuginfo_path = NULL;
		symbols_free(s);
		return -ENOMEM;
	}
	s->callbacks.find_elf = dwfl_build_id_find_elf;
	s->callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
	s->callbacks.debuginfo_path = &s->debuginfo_path;
	elf_version(EV_CURRENT);
	*out = s;
	return 0;
}

static void table_release(struct table *t)
{
	free(t->syms);
	free(t->segs);
	*t = (struct table){ 0 };
}

void symbols_free(struct symbols *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nstored; i++) {
		free(s->stored[i].path);
		table_release(&s->stored[i].t);
	}
	free(s->stored);
	while (s->blocks) {
		struct block *b = s->blocks->next;
		free(s->blocks);
		s->blocks = b;
	}
	free(s->debug_dir);
	free(s->debuginfo_path);
	free(s);
}

/* A copy of name[0..len) owned by s; NULL if out of memory. */
static const char *keep(struct symbols *s, const char *name, size_t len)
{
	struct block *b = s->blocks;
	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > 65536 ? len + 1 : 65536;
		if (!(b = malloc(sizeof(*b) + size)))
			return NULL;
		b->next = s->blocks;
		b->used = 0;
		b->size = size;
		s->blocks = b;
	}
	char *p = b->data + b->used;
	memcpy(p, name, len);
	p[len] = 0;
	b->used += len + 1;
	return p;
}

/* ---- stored tables ---- */

int symbols_add_table(struct symbols *s, const char *path, const uint8_t *build_id, size_t nbid,
		      const struct scf_symbol *syms, size_t nsyms, const uint64_t *segs,
		      size_t nsegs)
{
	if (GROW(s->stored, s->nstored + 1, s->stored_cap))
		return -ENOMEM;
	struct stored *st = &s->stored[s->nstored];
	*st = (struct stored){ 0 };
	if (nbid > SCF_BUILD_ID_MAX)
		nbid = SCF_BUILD_ID_MAX;
	memcpy(st->bid, build_id, nbid);
	st->nbid = nbid;
	st->path = strdup(path ? path : "");
	st->t.syms = calloc(nsyms ? nsyms : 1, sizeof(*st->t.syms));
	if (!st->path || !st->t.syms)
		goto nomem;
	for (size_t i = 0; i < nsyms; i++) {
		if (!syms[i].name || !*syms[i].name)
			continue;
		const char *name = keep(s, syms[i].name, strlen(syms[i].name));
		if (!name)
			goto nomem;
		st->t.syms[st->t.nsyms++] = (struct scf_symbol){ syms[i].start, syms[i].size, name };
		/* the table has no sections: a size-less symbol reaches to the
		 * next one, the last one nowhere */
		uint64_t end = syms[i].start + syms[i].size;
		if (end > st->t.limit)
			st->t.limit = end;
		if (syms[i].start > st->t.limit)
			st->t.limit = syms[i].start;
	}
	if (nsegs) {
		st->t.segs = calloc(nsegs, sizeof(*st->t.segs));
		if (!st->t.segs)
			goto nomem;
		for (size_t i = 0; i < nsegs; i++)
			st->t.segs[i] = (struct seg){segs[3 * i], segs[3 * i + 1], segs[3 * i + 2]};
		st->t.nsegs = nsegs;
	}
	s->nstored++;
	return 0;
nomem:
	free(st->path);
	table_release(&st->t);
	return -ENOMEM;
}

/* A stored table as a source for the lookup rule: global function symbols
 * whose section ends with the table. */
static bool stored_get(const void *ctx, size_t i, struct elfsym *sym)
{
	const struct table *t = ctx;
	const struct scf_symbol *v = &t->syms[i];
	*sym = (struct elfsym){ v->start, v->size, t->limit, STB_GLOBAL, v->name };
	return true;
}

/* File offset -> ELF virtual address through PT_LOAD segments (none:
 * identity).  false if no segment holds it. */
static bool segs_to_vaddr(const struct seg *segs, size_t n, uint64_t off, uint64_t *vaddr)
{
	if (!n) {
		*vaddr = off;
		return true;
	}
	for (size_t i = 0; i < n; i++)
		if (off >= segs[i].off && off - segs[i].off < segs[i].filesz) {
			*vaddr = off - segs[i].off + segs[i].vaddr;
			return true;
		}
	return false;
}

static int read_segs(Elf *e, struct seg **out, size_t *nout)
{
	size_t n;
	*out = NULL;
	*nout = 0;
	if (elf_getphdrnum(e, &n))
		return 0;
	struct seg *v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && ph.p_filesz)
			v[k++] = (struct seg){ ph.p_offset, ph.p_vaddr, ph.p_filesz };
	}
	if (!k) {
		free(v);
		return 0;
	}
	*out = v;
	*nout = k;
	return 0;
}

/* ---- finding files ---- */

static ssize_t elf_build_id(Elf *e, uint8_t *out)
{
	const void *p;
	ssize_t n = dwelf_elf_gnu_build_id(e, &p);
	if (n <= 0)
		return 0;
	if (n > SCF_BUILD_ID_MAX)
		n = SCF_BUILD_ID_MAX;
	memcpy(out, p, (size_t)n);
	return n;
}

static Elf *open_elf(const char *path, int *fd)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	Elf *e = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return e;
}

static void close_elf(Elf *e, int fd)
{
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
}

static uint32_t crc32_gnu(const unsigned char *p, size_t n, uint32_t crc)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static bool file_crc_is(const char *path, uint32_t want)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	unsigned char buf[65536];
	uint32_t crc = 0;
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crc = crc32_gnu(buf, n, crc);
	bool ok = !ferror(f) && crc == want;
	fclose(f);
	return ok;
}

/* Whether the debug file at path belongs to the binary with this build-id
 * (or, if either has none, has the .gnu_debuglink CRC).  Opens it into *e. */
static bool debug_matches(const char *path, const uint8_t *bid, size_t nbid, bool has_crc,
			  uint32_t crc, Elf **e, int *fd)
{
	*e = open_elf(path, fd);
	if (!*e)
		return false;
	uint8_t dbid[SCF_BUILD_ID_MAX];
	ssize_t n = elf_build_id(*e, dbid);
	if (nbid && n > 0) {
		if ((size_t)n == nbid && !memcmp(dbid, bid, nbid))
			return true;
	} else if (has_crc && file_crc_is(path, crc)) {
		return true;
	}
	close_elf(*e, *fd);
	*e = NULL;
	*fd = -1;
	return false;
}

/* The separate debug file of the ELF e at path (build-id bid), opened;
 * NULL if none is found. */
static Elf *find_debug_file(struct symbols *s, Elf *e, const char *path, const uint8_t *bid,
			    size_t nbid, int *dfd, char **dpath)
{
	char buf[4096];
	Elf *d = NULL;
	*dpath = NULL;
	if (nbid >= 2) {
		int len = snprintf(buf, sizeof(buf), "%s/.build-id/%02x/", s->debug_dir, bid[0]);
		for (size_t i = 1; i < nbid && len > 0 && (size_t)len < sizeof(buf) - 3; i++)
			len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%02x", bid[i]);
		snprintf(buf + len, sizeof(buf) - (size_t)len, ".debug");
		if (debug_matches(buf, bid, nbid, false, 0, &d, dfd))
			goto found;
	}
	/* .gnu_debuglink: a file name, padding, a CRC-32 of the debug file */
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(e, shstrndx, sh.sh_name)) ||
		    strcmp(name, ".gnu_debuglink"))
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data || data->d_size < 8)
			return NULL;
		const char *link = data->d_buf;
		size_t linklen = strnlen(link, data->d_size);
		size_t crc_at = (linklen + 4) & ~(size_t)3;
		if (!linklen || crc_at + 4 > data->d_size || strchr(link, '/'))
			return NULL;
		uint32_t crc;
		memcpy(&crc, (const char *)data->d_buf + crc_at, 4);
		char dir[2048];
		const char *slash = strrchr(path, '/');
		size_t dlen = slash ? (size_t)(slash - path) : 0;
		if (dlen >= sizeof(dir))
			return NULL;
		memcpy(dir, path, dlen);
		dir[dlen] = 0;
		const char *fmts[] = { "%s/%s", "%s/.debug/%s", NULL };
		for (int i = 0; i < 3; i++) {
			if (i < 2)
				snprintf(buf, sizeof(buf), fmts[i], dir, link);
			else
				snprintf(buf, sizeof(buf), "%s%s/%s", s->debug_dir, dir, link);
			if (i == 0 && !strcmp(buf, path))
				continue; /* the link names the file itself */
			if (debug_matches(buf, bid, nbid, true, crc, &d, dfd))
				goto found;
		}
		return NULL;
	}
	return NULL;
found:
	*dpath = strdup(buf);
	return d;
}

/* ---- where the names are ---- */

/* Where a module's names are, while resolving. */
struct opened {
	enum symbols_source source;
	Elf *e;             /* the file (or the vdso image) */
	int fd;
	Elf *d;             /* its debug file, if the symbols are there */
	int dfd;
	Elf *symelf;        /* e or d */
	Elf_Scn *symscn;    /* .symtab or .dynsym */
	struct seg *segs;   /* of e */
	size_t nsegs;
	const struct stored *st;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* ---- opening modules ---- */

static void close_opened(struct opened *o)
{
	close_elf(o->e, o->fd);
	close_elf(o->d, o->dfd);
	free(o->segs);
	*o = (struct opened){ .fd = -1, .dfd = -1 };
}

static const struct stored *find_stored(const struct symbols *s, const struct maps_module *mod,
					bool by_path)
{
	for (size_t i = s->nstored; i-- > 0;) {
		const struct stored *st = &s->stored[i];
		if (by_path ? !strcmp(st->path, mod->path)
			    : (mod->build_id_size && st->nbid == mod->build_id_size &&
			       !memcmp(st->bid, mod->build_id, st->nbid)))
			return st;
	}
	return NULL;
}

static bool is_file_path(const char *p)
{
	return p[0] == '/' && p[1] != '/' && strncmp(p, "/memfd:", 7) != 0;
}

/* The file at mod's path, if it is the one recorded: 1 opened, 0 not. */
static int open_file(struct symbols *s, const struct maps_module *mod, struct opened *o)
{
	o->e = open_elf(mod->path, &o->fd);
	if (!o->e)
		return 0;
	uint8_t bid[SCF_BUILD_ID_MAX];
	ssize_t nbid = elf_build_id(o->e, bid);
	if (mod->build_id_size &&
	    (nbid != mod->build_id_size || memcmp(bid, mod->build_id, (size_t)nbid)))
		return 0; /* rebuilt or replaced since: its names would lie */
	if (read_segs(o->e, &o->segs, &o->nsegs))
		return -ENOMEM;
	o->source = SYMBOLS_FILE;
	o->symelf = o->e;
	if ((o->symscn = elfsym_table(o->e, false)))
		return 1;
	/* stripped: the debug file's .symtab, else our .dynsym */
	char *dpath;
	o->d = find_debug_file(s, o->e, mod->path, bid, nbid > 0 ? (size_t)nbid : 0, &o->dfd,
			       &dpath);
	free(dpath);
	if (o->d && (o->symscn = elfsym_table(o->d, false))) {
		o->symelf = o->d;
		o->source = SYMBOLS_DEBUG_FILE;
		return 1;
	}
	o->symscn = elfsym_table(o->e, true);
	return 1;
}

/* This process's vdso, from the image the kernel maps into every process. */
static int open_local_vdso(struct opened *o)
{
	if (!(o->e = elfsym_vdso_elf()))
		return 0;
	if (read_segs(o->e, &o->segs, &o->nsegs))
		return -ENOMEM;
	o->symelf = o->e;
	o->symscn = elfsym_table(o->e, true);
	o->source = SYMBOLS_LOCAL_VDSO;
	return 1;
}

/* Where mod's names are.  0 (o->source SYMBOLS_NONE if nowhere) or -ENOMEM. */
static int open_module(struct symbols *s, const struct maps_module *mod, struct opened *o)
{
	*o = (struct opened){ .fd = -1, .dfd = -1 };
	int rc = 0;
	if (!mod->build_id_size)
		o->st = find_stored(s, mod, true);
	if (!o->st && is_file_path(mod->path))
		rc = open_file(s, mod, o);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		const struct stored *st = o->st;
		close_opened(o);
		o->st = st ? st : find_stored(s, mod, false);
		if (o->st)
			o->source = SYMBOLS_STORED;
		else if (!strcmp(mod->path, "[vdso]") && s->o.local_vdso)
			rc = open_local_vdso(o);
		if (rc < 0)
			return rc;
	}
	return 0;
}

enum symbols_source symbols_source(struct symbols *s, struct maps_module *mod)
{
	struct opened o;
	if (open_module(s, mod, &o))
		return SYMBOLS_NONE;
	enum symbols_source src = o.source;
	close_opened(&o);
	return src;
}

/* ---- resolving ---- */

static void find_lines(struct symbols *s, const char *path, const uint64_t *vaddr,
		       const bool *ok, size_t n, struct symbols_frame *out)
{
	Dwfl *dwfl = dwfl_begin(&s->callbacks);
	if (!dwfl)
		return;
	dwfl_report_begin(dwfl);
	/* placed at 0: addresses are the ELF's own */
	Dwfl_Module *dm = dwfl_report_elf(dwfl, path, path, -1, 0, false);
	dwfl_report_end(dwfl, NULL, NULL);
	for (size_t i = 0; dm && i < n; i++) {
		if (!ok[i])
			continue;
		Dwfl_Line *line = dwfl_module_getsrc(dm, vaddr[i]);
		int lineno = 0;
		const char *file =
		    line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
		if (file && lineno > 0 && (out[i].file = keep(s, file, strlen(file))))
			out[i].line = lineno;
	}
	dwfl_end(dwfl);
}

struct sorted_addr {
	uint64_t vaddr;
	size_t i; /* in the caller's order */
};

static int cmp_sorted(const void *a, const void *b)
{
	const struct sorted_addr *x = a, *y = b;
	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* Name the offsets by the symbols of src, through the segments segs. */
static int resolve_source(struct symbols *s, const struct elfsym_source *src,
			  const struct seg *segs, size_t nsegs, const uint64_t *offs, size_t n,
			  uint64_t *vaddr, bool *ok, struct symbols_frame *out)
{
	uint64_t *a = malloc(n * sizeof(*a));
	uint64_t *starts = malloc(n * sizeof(*starts)), *u = malloc(n * sizeof(*u));
	struct sorted_addr *sorted = malloc(n * sizeof(*sorted));
	const char **names = calloc(n, sizeof(*names));
	size_t *lens = calloc(n, sizeof(*lens));
	int rc = -ENOMEM;
	if (!a || !starts || !u || !sorted || !names || !lens)
		goto out;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if ((ok[i] = segs_to_vaddr(segs, nsegs, offs[i], &vaddr[i])))
			sorted[m++] = (struct sorted_addr){ vaddr[i], i };
	if (m)
		qsort(sorted, m, sizeof(*sorted), cmp_sorted);
	for (size_t j = 0; j < m; j++)
		a[j] = sorted[j].vaddr;
	rc = 0;
	if (!src || !m)
		goto out;
	if ((rc = elfsym_starts(src, a, m, starts)))
		goto out;
	size_t nu = 0;
	for (size_t j = 0; j < m; j++)
		if (starts[j] != UINT64_MAX)
			u[nu++] = starts[j];
	if (nu)
		qsort(u, nu, sizeof(*u), cmp_u64);
	size_t w = 0;
	for (size_t k = 0; k < nu; k++)
		if (!w || u[k] != u[w - 1])
			u[w++] = u[k];
	if ((rc = elfsym_names(src, u, w, names, lens)))
		goto out;
	for (size_t k = 0; k < w; k++)
		if (names[k] && !(names[k] = keep(s, names[k], lens[k]))) {
			rc = -ENOMEM;
			goto out;
		}
	for (size_t j = 0; j < m; j++) {
		if (starts[j] == UINT64_MAX)
			continue;
		size_t k = elfsym_index(u, w, starts[j]);
		struct symbols_frame *f = &out[sorted[j].i];
		f->func = names[k];
		f->func_off = f->func ? a[j] - starts[j] : 0;
	}
out:
	free(a);
	free(starts);
	free(u);
	free(sorted);
	free(names);
	free(lens);
	return rc;
}

/* Resolve through an opened module: its ELF symbol table, or the stored
 * one. */
static int resolve_opened(struct symbols *s, const struct maps_module *mod, struct opened *o,
			  const uint64_t *offs, size_t n, struct symbols_frame *out)
{
	uint64_t *vaddr = malloc(n * sizeof(*vaddr));
	bool *ok = calloc(n, sizeof(*ok));
	struct elfsym_reader rd = { 0 };
	struct elfsym_source src;
	int rc = -ENOMEM;
	if (!vaddr || !ok)
		goto out;
	if (o->source == SYMBOLS_STORED) {
		const struct table *t = &o->st->t;
		src = (struct elfsym_source){ t->nsyms, stored_get, t };
		rc = resolve_source(s, &src, t->segs, t->nsegs, offs, n, vaddr, ok, out);
		goto out;
	}
	rc = o->symscn ? elfsym_reader_open(&rd, o->symelf, o->symscn) : 0;
	if (rc < 0)
		goto out;
	src = elfsym_reader_source(&rd);
	rc = resolve_source(s, rc > 0 ? &src : NULL, o->segs, o->nsegs, offs, n, vaddr, ok, out);
	if (!rc && s->o.lines && o->source != SYMBOLS_LOCAL_VDSO)
		find_lines(s, mod->path, vaddr, ok, n, out);
out:
	elfsym_reader_release(&rd);
	free(vaddr);
	free(ok);
	return rc;
}

int symbols_resolve(struct symbols *s, struct maps_module *mod, const uint64_t *offs, size_t n,
		    struct symbols_frame *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct symbols_frame){ 0 };
	if (!n)
		return 0;
	struct opened o;
	int rc = open_module(s, mod, &o);
	if (rc)
		return rc;
	s->modules++;
	s->lookups += n;
	if (o.source != SYMBOLS_NONE)
		rc = resolve_opened(s, mod, &o, offs, n, out);
	close_opened(&o);
	return rc;
}

int symbols_lookup(struct symbols *s, struct maps_module *mod, uint64_t off,
		   struct symbols_frame *out)
{
	return symbols_resolve(s, mod, &off, 1, out);
}

void symbols_stats(const struct symbols *s, size_t *modules, size_t *lookups)
{
	*modules = s->modules;
	*lookups = s->lookups;
}
