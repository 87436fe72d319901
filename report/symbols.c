/*
 * symbols.c - function names and source lines for module offsets (see
 * symbols.h).
 *
 * A module's names are one sorted table of [start, end) ranges in the
 * ELF's virtual addresses, plus the PT_LOAD segments that turn a file
 * offset (what a mapping gives) into such an address.  Tables read from
 * files, from the vdso in memory and stored in the recording all take
 * that form.  Source lines go through libdwfl, which finds the DWARF (in
 * the file or its debug file) itself; one Dwfl per module, made on first
 * use.
 */
#include "report/symbols.h"

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

struct module {
	bool loaded;
	enum symbols_source source;
	struct table own;
	const struct table *t;  /* &own, a stored table's, or NULL */
	char *elf_path;         /* the file, for source lines; NULL: none */
	bool dwfl_tried;
	Dwfl *dwfl;
	Dwfl_Module *dmod;
};

struct cached {
	const struct maps_module *mod; /* NULL: empty slot */
	uint64_t off;
	struct symbols_frame frame;
};

struct symbols {
	struct symbols_opts o;
	char *debug_dir;
	char *debuginfo_path;   /* for libdwfl */
	Dwfl_Callbacks callbacks;
	struct stored *stored;
	size_t nstored;
	struct module **mods;   /* every module loaded, to free them */
	size_t nmods, mods_cap;
	struct cached *cache;   /* open addressing */
	size_t ncached, cache_slots;
	size_t lookups;
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
	for (size_t i = 0; i < s->nmods; i++) {
		struct module *m = s->mods[i];
		table_release(&m->own);
		free(m->elf_path);
		if (m->dwfl)
			dwfl_end(m->dwfl);
		free(m);
	}
	free(s->mods);
	for (size_t i = 0; i < s->nstored; i++) {
		free(s->stored[i].path);
		table_release(&s->stored[i].t);
	}
	free(s->stored);
	free(s->cache);
	free(s->debug_dir);
	free(s->debuginfo_path);
	free(s);
}

/* ---- tables ---- */

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

static int cmp_raw(const void *a, const void *b)
{
	const struct raw_sym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A name without its symbol version: "__libc_start_main@@GLIBC_2.34". */
static size_t name_len(const char *name)
{
	const char *at = strchr(name, '@');
	return at && at != name ? (size_t)(at - name) : strlen(name);
}

/*
 * Turn raw symbols into t's sorted ranges: one name per start address (the
 * best ranked alias), a size-less symbol reaching to the next start within
 * its section.  Names are copied.  0 or -ENOMEM.
 */
static int table_build(struct table *t, struct raw_sym *raw, size_t n)
{
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

/*
 * Read the function symbols of e's .symtab (or of its .dynsym, if
 * dynsym_ok and there is no .symtab) into t.  1 if a table was found, 0 if
 * none, -ENOMEM.
 */
static int read_elf_syms(Elf *e, struct table *t, bool dynsym_ok)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symtab)
			symtab = scn;
		else if (sh.sh_type == SHT_DYNSYM && !dynsym)
			dynsym = scn;
	}
	scn = symtab ? symtab : dynsym_ok ? dynsym : NULL;
	if (!scn)
		return 0;
	GElf_Shdr sh;
	Elf_Data *data = gelf_getshdr(scn, &sh) ? elf_getdata(scn, NULL) : NULL;
	if (!data || !sh.sh_entsize)
		return 0;
	size_t n = sh.sh_size / sh.sh_entsize, k = 0;
	struct raw_sym *raw = calloc(n ? n : 1, sizeof(*raw));
	if (!raw)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		int type = GELF_ST_TYPE(sym.st_info);
		/* untyped symbols in code are assembler entry points (_start) */
		if ((type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_NOTYPE) ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE || !sym.st_value)
			continue;
		const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
		if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2))
			continue;
		GElf_Shdr ssh;
		Elf_Scn *sec = elf_getscn(e, sym.st_shndx);
		if (!sec || !gelf_getshdr(sec, &ssh))
			continue;
		if (type == STT_NOTYPE && !(ssh.sh_flags & SHF_EXECINSTR))
			continue;
		uint64_t limit = ssh.sh_addr + ssh.sh_size;
		if (sym.st_value < ssh.sh_addr || sym.st_value >= limit)
			continue;
		raw[k++] = (struct raw_sym){ sym.st_value, sym.st_size, limit, name,
					     rank_of(GELF_ST_BIND(sym.st_info), name) };
	}
	int rc = table_build(t, raw, k);
	free(raw);
	return rc ? rc : 1;
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

/* ---- loading modules ---- */

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

/* Load mod from the file at its path if the file is the one recorded:
 * 1 loaded, 0 not usable, -ENOMEM. */
static int load_file(struct symbols *s, const struct maps_module *mod, struct module *m)
{
	int fd;
	Elf *e = open_elf(mod->path, &fd);
	if (!e)
		return 0;
	uint8_t bid[SCF_BUILD_ID_MAX];
	ssize_t nbid = elf_build_id(e, bid);
	if (mod->build_id_size &&
	    (nbid != mod->build_id_size || memcmp(bid, mod->build_id, (size_t)nbid))) {
		close_elf(e, fd);
		return 0; /* rebuilt or replaced since: its names would lie */
	}
	struct seg *segs;
	size_t nsegs;
	int rc = read_segs(e, &segs, &nsegs);
	if (rc)
		goto out;
	rc = read_elf_syms(e, &m->own, false);
	if (rc < 0)
		goto out;
	m->source = SYMBOLS_FILE;
	if (rc == 0) {
		/* stripped: the debug file's .symtab, else our .dynsym */
		int dfd;
		char *dpath;
		Elf *d = find_debug_file(s, e, mod->path, bid, nbid > 0 ? (size_t)nbid : 0, &dfd,
					 &dpath);
		free(dpath);
		if (d) {
			rc = read_elf_syms(d, &m->own, false);
			close_elf(d, dfd);
			if (rc < 0)
				goto out;
			if (rc)
				m->source = SYMBOLS_DEBUG_FILE;
		}
		if (rc == 0) {
			table_release(&m->own);
			rc = read_elf_syms(e, &m->own, true);
			if (rc < 0)
				goto out;
		}
	}
	m->own.segs = segs;
	m->own.nsegs = nsegs;
	segs = NULL;
	m->t = &m->own;
	if (!(m->elf_path = strdup(mod->path)))
		rc = -ENOMEM;
	else
		rc = 1;
out:
	free(segs);
	close_elf(e, fd);
	return rc;
}

/* This process's vdso, from the image the kernel maps into every process. */
static int load_local_vdso(struct module *m)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	if (!base)
		return 0;
	const unsigned char *img = (const unsigned char *)base;
	if (memcmp(img, ELFMAG, SELFMAG) || img[EI_CLASS] != ELFCLASS64)
		return 0;
	const Elf64_Ehdr *h = (const Elf64_Ehdr *)img;
	size_t size = h->e_shoff + (size_t)h->e_shnum * h->e_shentsize;
	Elf *e = elf_memory((char *)img, size);
	if (!e)
		return 0;
	struct seg *segs;
	size_t nsegs;
	int rc = read_segs(e, &segs, &nsegs);
	if (!rc)
		rc = read_elf_syms(e, &m->own, true);
	elf_end(e);
	if (rc <= 0) {
		free(segs);
		return rc;
	}
	m->own.segs = segs;
	m->own.nsegs = nsegs;
	m->t = &m->own;
	m->source = SYMBOLS_LOCAL_VDSO;
	return 1;
}

static struct module *get_module(struct symbols *s, struct maps_module *mod)
{
	if (mod->priv)
		return mod->priv;
	if (s->nmods == s->mods_cap) {
		size_t cap = s->mods_cap ? s->mods_cap * 2 : 32;
		struct module **v = realloc(s->mods, cap * sizeof(*v));
		if (!v)
			return NULL;
		s->mods = v;
		s->mods_cap = cap;
	}
	struct module *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	s->mods[s->nmods++] = m;
	mod->priv = m;

	int rc = 0;
	const struct stored *st = NULL;
	if (!mod->build_id_size)
		st = find_stored(s, mod, true);
	if (!st && is_file_path(mod->path))
		rc = load_file(s, mod, m);
	if (rc == 0 && !st)
		st = find_stored(s, mod, false);
	if (rc == 0 && st) {
		m->t = &st->t;
		m->source = SYMBOLS_STORED;
	} else if (rc == 0 && !strcmp(mod->path, "[vdso]") && s->o.local_vdso) {
		rc = load_local_vdso(m);
	}
	m->loaded = true;
	return rc < 0 ? NULL : m;
}

enum symbols_source symbols_source(struct symbols *s, struct maps_module *mod)
{
	struct module *m = get_module(s, mod);
	return m ? m->source : SYMBOLS_NONE;
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
			st->t.segs[i] = (struct seg){ segs[3 * i], segs[3 * i + 1], segs[3 * i + 2] };
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

/* ---- lookups ---- */

static size_t hash_key(const struct maps_module *mod, uint64_t off)
{
	uint64_t x = (off ^ ((uint64_t)mod->id << 40)) * 0x9e3779b97f4a7c15ull;
	return (size_t)(x ^ (x >> 31));
}

static struct cached *cache_find(struct symbols *s, const struct maps_module *mod, uint64_t off,
				 bool *found)
{
	*found = false;
	if ((s->ncached + 1) * 2 > s->cache_slots) {
		size_t n = s->cache_slots ? s->cache_slots * 2 : 1024;
		struct cached *v = calloc(n, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = 0; i < s->cache_slots; i++) {
			if (!s->cache[i].mod)
				continue;
			size_t j = hash_key(s->cache[i].mod, s->cache[i].off) & (n - 1);
			while (v[j].mod)
				j = (j + 1) & (n - 1);
			v[j] = s->cache[i];
		}
		free(s->cache);
		s->cache = v;
		s->cache_slots = n;
	}
	size_t j = hash_key(mod, off) & (s->cache_slots - 1);
	while (s->cache[j].mod) {
		if (s->cache[j].mod == mod && s->cache[j].off == off) {
			*found = true;
			return &s->cache[j];
		}
		j = (j + 1) & (s->cache_slots - 1);
	}
	return &s->cache[j];
}

static void find_line(struct symbols *s, struct module *m, uint64_t vaddr,
		      struct symbols_frame *out)
{
	if (!m->dwfl_tried) {
		m->dwfl_tried = true;
		m->dwfl = dwfl_begin(&s->callbacks);
		if (m->dwfl) {
			dwfl_report_begin(m->dwfl);
			/* placed at 0: addresses are the ELF's own */
			m->dmod = dwfl_report_elf(m->dwfl, m->elf_path, m->elf_path, -1, 0, false);
			dwfl_report_end(m->dwfl, NULL, NULL);
		}
	}
	if (!m->dmod)
		return;
	Dwfl_Line *line = dwfl_module_getsrc(m->dmod, vaddr);
	int lineno = 0;
	const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
	if (file && lineno > 0) {
		out->file = file;
		out->line = lineno;
	}
}

int symbols_lookup(struct symbols *s, struct maps_module *mod, uint64_t off,
		   struct symbols_frame *out)
{
	*out = (struct symbols_frame){ 0 };
	bool found;
	struct cached *c = cache_find(s, mod, off, &found);
	if (found) {
		*out = c->frame;
		return 0;
	}
	struct module *m = get_module(s, mod);
	if (!m || !c)
		return -ENOMEM;
	s->lookups++;
	uint64_t vaddr;
	if (m->t && segs_to_vaddr(m->t->segs, m->t->nsegs, off, &vaddr)) {
		const struct sym *sym = table_find(m->t, vaddr);
		if (sym) {
			out->func = sym->name;
			out->func_off = vaddr - sym->start;
		}
		if (s->o.lines && m->elf_path && m->t == &m->own)
			find_line(s, m, vaddr, out);
	}
	c->mod = mod;
	c->off = off;
	c->frame = *out;
	s->ncached++;
	return 0;
}

void symbols_stats(const struct symbols *s, size_t *modules, size_t *lookups)
{
	*modules = s->nmods;
	*lookups = s->lookups;
}
