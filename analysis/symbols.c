/*
 * symbols.c - function names and source lines for module offsets (see
 * symbols.h).
 *
 * Resolving works per module, for every offset asked at once: the file
 * (or its debug file) is opened, the offsets turned into the ELF's
 * virtual addresses through its PT_LOAD segments, and one pass over the
 * symbol table finds each address's symbol - no sorted copy of the table
 * and no names read but the winners', so a module with 30000 symbols and a
 * handful of addresses costs a scan, not a sort.  Source lines go through
 * libdwfl, which finds the DWARF (in the file or its debug file) itself.
 * Tables stored in the recording are small and already in memory: they
 * are sorted once and searched.  Nothing stays open between calls.
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
#include <sys/auxv.h>
#include <unistd.h>

#define DEFAULT_DEBUG_DIR "/usr/lib/debug"

struct sym {
	uint64_t start, end;
	const char *name;
};

struct seg {
	uint64_t off, vaddr, filesz;
};

/* A stored table, sorted. */
struct table {
	struct sym *syms;
	size_t nsyms;
	struct seg *segs; /* none: starts are file offsets */
	size_t nsegs;
	char *names;      /* every name, NUL-separated */
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
	size_t nstored;
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
	free(t->names);
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

struct raw_sym {
	uint64_t start, size, limit; /* limit: end of its section */
	const char *name;
	int rank;                    /* lower is preferred among aliases */
};

static int rank_of(int bind, const char *name)
{
	int r = bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1000 : 2000;
	while (*name == '_') {
		r += 100;
		name++;
	}
	return r + (int)(strlen(name) > 99 ? 99 : strlen(name));
}

/* A name without its symbol version: "__libc_start_main@@GLIBC_2.34". */
static size_t name_len(const char *name)
{
	const char *at = strchr(name, '@');
	return at && at != name ? (size_t)(at - name) : strlen(name);
}

static int cmp_raw(const void *a, const void *b)
{
	const struct raw_sym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Turn raw symbols into t's sorted ranges: one name per start address (the
 * best ranked alias), a size-less symbol reaching to the next start within
 * its section.  Names are copied.  0 or -ENOMEM.
 */
static int table_build(struct table *t, struct raw_sym *raw, size_t n)
{
	if (n)
		qsort(raw, n, sizeof(*raw), cmp_raw);
	size_t bytes = 1, kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || raw[i].start != raw[i - 1].start) {
			bytes += name_len(raw[i].name) + 1;
			kept++;
		}
	t->syms = calloc(kept ? kept : 1, sizeof(*t->syms));
	t->names = malloc(bytes);
	if (!t->syms || !t->names)
		return -ENOMEM;
	char *p = t->names;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && raw[i].start == raw[i - 1].start)
			continue;
		/* a sized alias gives the size when the best name has none */
		uint64_t size = raw[i].size;
		for (size_t j = i + 1; !size && j < n && raw[j].start == raw[i].start; j++)
			size = raw[j].size;
		uint64_t end = raw[i].start + size;
		if (!size) {
			end = raw[i].limit;
			for (size_t j = i + 1; j < n; j++)
				if (raw[j].start != raw[i].start) {
					if (raw[j].start < end)
						end = raw[j].start;
					break;
				}
		}
		if (end <= raw[i].start)
			continue;
		t->syms[k++] = (struct sym){ raw[i].start, end, p };
		size_t len = name_len(raw[i].name);
		memcpy(p, raw[i].name, len);
		p[len] = 0;
		p += len + 1;
	}
	t->nsyms = k;
	return 0;
}

static const struct sym *table_find(const struct table *t, uint64_t addr)
{
	size_t lo = 0, hi = t->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->syms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a nested symbol may end before addr while an outer one holds it */
	for (size_t i = lo, tries = 0; i > 0 && tries < 4; i--, tries++)
		if (addr < t->syms[i - 1].end)
			return &t->syms[i - 1];
	return NULL;
}

int symbols_add_table(struct symbols *s, const char *path, const uint8_t *build_id, size_t nbid,
		      const struct symbols_sym *syms, size_t nsyms, const uint64_t *segs,
		      size_t nsegs)
{
	struct stored *v = realloc(s->stored, (s->nstored + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->stored = v;
	struct stored *st = &v[s->nstored];
	*st = (struct stored){ 0 };
	if (nbid > SCF_BUILD_ID_MAX)
		nbid = SCF_BUILD_ID_MAX;
	memcpy(st->bid, build_id, nbid);
	st->nbid = nbid;
	struct raw_sym *raw = calloc(nsyms ? nsyms : 1, sizeof(*raw));
	st->path = strdup(path ? path : "");
	if (!raw || !st->path)
		goto nomem;
	size_t k = 0;
	for (size_t i = 0; i < nsyms; i++) {
		if (!syms[i].name || !*syms[i].name)
			continue;
		/* the table has no sections: a size-less symbol reaches only
		 * to the next one */
		raw[k++] = (struct raw_sym){ syms[i].start, syms[i].size, UINT64_MAX, syms[i].name,
					     rank_of(STB_GLOBAL, syms[i].name) };
	}
	if (table_build(&st->t, raw, k))
		goto nomem;
	/* the last symbol, if size-less, would reach to the end of memory */
	if (st->t.nsyms && st->t.syms[st->t.nsyms - 1].end == UINT64_MAX)
		st->t.nsyms--;
	if (nsegs) {
		st->t.segs = calloc(nsegs, sizeof(*st->t.segs));
		if (!st->t.segs)
			goto nomem;
		for (size_t i = 0; i < nsegs; i++)
			st->t.segs[i] = (struct seg){segs[3 * i], segs[3 * i + 1], segs[3 * i + 2]};
		st->t.nsegs = nsegs;
	}
	free(raw);
	s->nstored++;
	return 0;
nomem:
	free(raw);
	free(st->path);
	table_release(&st->t);
	return -ENOMEM;
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

/* ---- scanning an ELF symbol table ---- */

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

static Elf_Scn *find_symtab(Elf *e, bool dynsym_ok)
{
	Elf_Scn *scn = NULL, *dynsym = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize)
			return scn;
		if (sh.sh_type == SHT_DYNSYM && sh.sh_entsize && !dynsym)
			dynsym = scn;
	}
	return dynsym_ok ? dynsym : NULL;
}

/* A candidate symbol for one address. */
struct cand {
	uint64_t start, size;
	size_t index;  /* in the symbol table; SIZE_MAX: none */
	int bind;
	bool sized;    /* some symbol at this start has a size */
};

struct scan {
	Elf *e;
	Elf_Data *data, *strdata;
	size_t n;      /* symbols */
	struct secinfo {
		uint64_t start, end;
		bool exec;
	} *secs;
	size_t nsecs;
};

static int bind_rank(int bind)
{
	return bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1 : 2;
}

static const char *sym_name(const struct scan *sc, size_t st_name)
{
	const char *strs = sc->strdata->d_buf;
	if (st_name >= sc->strdata->d_size ||
	    !memchr(strs + st_name, 0, sc->strdata->d_size - st_name))
		return NULL;
	return strs + st_name;
}

/* Symbol i if it names code: its value, size and the end of its section. */
static bool scan_sym(const struct scan *sc, size_t i, GElf_Sym *sym, uint64_t *limit)
{
	if (!gelf_getsym(sc->data, (int)i, sym))
		return false;
	int type = GELF_ST_TYPE(sym->st_info);
	/* untyped symbols in code are assembler entry points (_start) */
	if ((type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_NOTYPE) ||
	    sym->st_shndx == SHN_UNDEF || sym->st_shndx >= SHN_LORESERVE ||
	    sym->st_shndx >= sc->nsecs || !sym->st_value)
		return false;
	const struct secinfo *sec = &sc->secs[sym->st_shndx];
	if ((type == STT_NOTYPE && !sec->exec) || sym->st_value < sec->start ||
	    sym->st_value >= sec->end)
		return false;
	if (type == STT_NOTYPE) {
		const char *name = sym_name(sc, sym->st_name);
		if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2))
			return false;
	}
	*limit = sec->end;
	return true;
}

static int scan_open(Elf *e, Elf_Scn *symscn, struct scan *sc)
{
	GElf_Shdr sh;
	*sc = (struct scan){ .e = e };
	if (!gelf_getshdr(symscn, &sh) || !(sc->data = elf_getdata(symscn, NULL)))
		return 0;
	Elf_Scn *strscn = elf_getscn(e, sh.sh_link);
	if (!strscn || !(sc->strdata = elf_getdata(strscn, NULL)) || !sc->strdata->d_buf ||
	    elf_getshdrnum(e, &sc->nsecs))
		return 0;
	sc->n = sh.sh_size / sh.sh_entsize;
	sc->secs = calloc(sc->nsecs ? sc->nsecs : 1, sizeof(*sc->secs));
	if (!sc->secs)
		return -ENOMEM;
	for (size_t i = 0; i < sc->nsecs; i++) {
		GElf_Shdr ssh;
		Elf_Scn *sec = elf_getscn(e, i);
		if (sec && gelf_getshdr(sec, &ssh))
			sc->secs[i] = (struct secinfo){ ssh.sh_addr, ssh.sh_addr + ssh.sh_size,
							(ssh.sh_flags & SHF_EXECINSTR) != 0 };
	}
	return 1;
}

/* First index of sorted a[0..n) with a[i] >= v. */
static size_t lower_bound(const uint64_t *a, size_t n, uint64_t v)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether x should replace the candidate c: a later start, or at the
 * same start a stronger binding. */
static bool better(const struct cand *c, uint64_t start, int bind)
{
	if (c->index == SIZE_MAX || start > c->start)
		return true;
	return start == c->start && bind_rank(bind) < bind_rank(c->bind);
}

/*
 * For each of the sorted addresses a[0..n), the start of the symbol that
 * holds it (or UINT64_MAX): the innermost sized symbol whose range holds
 * it, or a size-less one that is the last to start at or before it (none
 * other starting between them) within its section.  One pass over the
 * table, O(symbols x log addresses).  0 or -ENOMEM.
 */
static int scan_starts(const struct scan *sc, const uint64_t *a, size_t n, uint64_t *starts)
{
	struct cand *pred = malloc(n * sizeof(*pred)), *hold = malloc(n * sizeof(*hold));
	uint64_t *limit = malloc(n * sizeof(*limit));
	if (!pred || !hold || !limit) {
		free(pred);
		free(hold);
		free(limit);
		return -ENOMEM;
	}
	for (size_t j = 0; j < n; j++) {
		pred[j].index = hold[j].index = SIZE_MAX;
		limit[j] = 0;
	}
	for (size_t i = 0; i < sc->n; i++) {
		GElf_Sym sym;
		uint64_t lim;
		if (!scan_sym(sc, i, &sym, &lim))
			continue;
		int bind = GELF_ST_BIND(sym.st_info);
		size_t j = lower_bound(a, n, sym.st_value);
		if (j == n)
			continue;
		/* the latest start at or before a[j] (and, after the prefix
		 * pass below, every later address) */
		struct cand *p = &pred[j];
		bool same = p->index != SIZE_MAX && p->start == sym.st_value;
		if (better(p, sym.st_value, bind)) {
			bool sized = (same && p->sized) || sym.st_size;
			*p = (struct cand){ sym.st_value, sym.st_size, i, bind, sized };
			limit[j] = lim;
		} else if (same && sym.st_size) {
			p->sized = true;
		}
		/* the addresses inside a sized symbol */
		for (size_t k = j; sym.st_size && k < n && a[k] - sym.st_value < sym.st_size; k++)
			if (better(&hold[k], sym.st_value, bind))
				hold[k] = (struct cand){ sym.st_value, sym.st_size, i, bind, true };
	}
	struct cand last = { .index = SIZE_MAX };
	uint64_t last_limit = 0;
	for (size_t j = 0; j < n; j++) {
		if (pred[j].index != SIZE_MAX &&
		    (last.index == SIZE_MAX || pred[j].start > last.start ||
		     (pred[j].start == last.start && better(&last, pred[j].start, pred[j].bind)))) {
			last = pred[j];
			last_limit = limit[j];
		}
		starts[j] = hold[j].index != SIZE_MAX ? hold[j].start : UINT64_MAX;
		if (last.index != SIZE_MAX && !last.sized && a[j] < last_limit &&
		    (starts[j] == UINT64_MAX || last.start > starts[j]))
			starts[j] = last.start;
	}
	free(pred);
	free(hold);
	free(limit);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Names for the symbol starts found: of the symbols at each start, the
 * best ranked (rank_of).  A second pass; only names at those starts are
 * read.  names[k] for sorted unique starts u[k]; kept in s.
 */
static int scan_names(struct symbols *s, const struct scan *sc, const uint64_t *u, size_t nu,
		      const char **names)
{
	int *rank = malloc((nu ? nu : 1) * sizeof(*rank));
	if (!rank)
		return -ENOMEM;
	const char **best = calloc(nu ? nu : 1, sizeof(*best));
	if (!best) {
		free(rank);
		return -ENOMEM;
	}
	for (size_t i = 0; i < sc->n; i++) {
		GElf_Sym sym;
		uint64_t lim;
		if (!scan_sym(sc, i, &sym, &lim))
			continue;
		size_t k = lower_bound(u, nu, sym.st_value);
		if (k == nu || u[k] != sym.st_value)
			continue;
		const char *name = sym_name(sc, sym.st_name);
		if (!name || !*name)
			continue;
		int r = rank_of(GELF_ST_BIND(sym.st_info), name);
		if (!best[k] || r < rank[k] || (r == rank[k] && strcmp(name, best[k]) < 0)) {
			best[k] = name;
			rank[k] = r;
		}
	}
	int rc = 0;
	for (size_t k = 0; k < nu; k++) {
		names[k] = best[k] ? keep(s, best[k], name_len(best[k])) : NULL;
		if (best[k] && !names[k])
			rc = -ENOMEM;
	}
	free(rank);
	free(best);
	return rc;
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
	if ((o->symscn = find_symtab(o->e, false)))
		return 1;
	/* stripped: the debug file's .symtab, else our .dynsym */
	char *dpath;
	o->d = find_debug_file(s, o->e, mod->path, bid, nbid > 0 ? (size_t)nbid : 0, &o->dfd,
			       &dpath);
	free(dpath);
	if (o->d && (o->symscn = find_symtab(o->d, false))) {
		o->symelf = o->d;
		o->source = SYMBOLS_DEBUG_FILE;
		return 1;
	}
	o->symscn = find_symtab(o->e, true);
	return 1;
}

/* This process's vdso, from the image the kernel maps into every process. */
static int open_local_vdso(struct opened *o)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	if (!base)
		return 0;
	const Elf64_Ehdr *h = (const Elf64_Ehdr *)base;
	if (memcmp(h->e_ident, ELFMAG, SELFMAG) || h->e_ident[EI_CLASS] != ELFCLASS64)
		return 0;
	o->e = elf_memory((char *)base, h->e_shoff + (size_t)h->e_shnum * h->e_shentsize);
	if (!o->e)
		return 0;
	if (read_segs(o->e, &o->segs, &o->nsegs))
		return -ENOMEM;
	o->symelf = o->e;
	o->symscn = find_symtab(o->e, true);
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

/* Resolve through an opened ELF symbol table. */
static int resolve_elf(struct symbols *s, const struct maps_module *mod, struct opened *o,
		       const uint64_t *offs, size_t n, struct symbols_frame *out)
{
	uint64_t *vaddr = malloc(n * sizeof(*vaddr)), *a = malloc(n * sizeof(*a));
	uint64_t *starts = malloc(n * sizeof(*starts)), *u = malloc(n * sizeof(*u));
	struct sorted_addr *sorted = malloc(n * sizeof(*sorted));
	bool *ok = calloc(n, sizeof(*ok));
	const char **names = calloc(n, sizeof(*names));
	struct scan sc = { 0 };
	int rc = -ENOMEM;
	if (!vaddr || !a || !starts || !u || !sorted || !ok || !names)
		goto out;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if ((ok[i] = segs_to_vaddr(o->segs, o->nsegs, offs[i], &vaddr[i])))
			sorted[m++] = (struct sorted_addr){ vaddr[i], i };
	if (m)
		qsort(sorted, m, sizeof(*sorted), cmp_sorted);
	for (size_t j = 0; j < m; j++)
		a[j] = sorted[j].vaddr;
	rc = o->symscn ? scan_open(o->symelf, o->symscn, &sc) : 0;
	if (rc < 0)
		goto out;
	if (rc > 0 && m) {
		if ((rc = scan_starts(&sc, a, m, starts)))
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
		if ((rc = scan_names(s, &sc, u, w, names)))
			goto out;
		for (size_t j = 0; j < m; j++) {
			if (starts[j] == UINT64_MAX)
				continue;
			size_t k = lower_bound(u, w, starts[j]);
			struct symbols_frame *f = &out[sorted[j].i];
			f->func = names[k];
			f->func_off = f->func ? a[j] - starts[j] : 0;
		}
	}
	if (s->o.lines && o->source != SYMBOLS_LOCAL_VDSO)
		find_lines(s, mod->path, vaddr, ok, n, out);
	rc = 0;
out:
	free(sc.secs);
	free(vaddr);
	free(a);
	free(starts);
	free(u);
	free(sorted);
	free(ok);
	free(names);
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
	if (o.source == SYMBOLS_STORED) {
		const struct table *t = &o.st->t;
		for (size_t i = 0; i < n; i++) {
			uint64_t vaddr;
			const struct sym *sym = segs_to_vaddr(t->segs, t->nsegs, offs[i], &vaddr)
							? table_find(t, vaddr)
							: NULL;
			if (sym) {
				out[i].func = sym->name;
				out[i].func_off = vaddr - sym->start;
			}
		}
	} else if (o.source != SYMBOLS_NONE) {
		rc = resolve_elf(s, mod, &o, offs, n, out);
	}
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
