/*
 * elfsym.c - function symbols of ELF files and the lookup rule (see
 * elfsym.h).
 *
 * Resolving works for every address asked at once: one pass over the
 * symbol table finds each address's symbol and a second reads the names
 * of the winners only - no sorted copy of the table, so a module with
 * 30000 symbols and a handful of addresses costs a scan, not a sort.
 */
#include "symbols/elfsym.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

Elf_Scn *elfsym_table(Elf *e, bool dynsym_ok)
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

bool elfsym_exec_segment(Elf *e, uint64_t *vaddr, uint64_t *offset)
{
	size_t nph;
	if (elf_getphdrnum(e, &nph))
		return false;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
			*vaddr = ph.p_vaddr;
			*offset = ph.p_offset;
			return true;
		}
	}
	return false;
}

bool elfsym_vdso_image(const void **image, size_t *size)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	const Elf64_Ehdr *h = (const Elf64_Ehdr *)base;
	if (!base || memcmp(h->e_ident, ELFMAG, SELFMAG) || h->e_ident[EI_CLASS] != ELFCLASS64)
		return false;
	*image = h;
	*size = h->e_shoff + (size_t)h->e_shnum * h->e_shentsize;
	return true;
}

Elf *elfsym_vdso_elf(void)
{
	const void *image;
	size_t size;
	if (!elfsym_vdso_image(&image, &size))
		return NULL;
	elf_version(EV_CURRENT);
	return elf_memory((char *)image, size);
}

/* ---- reading a table ---- */

int elfsym_reader_open(struct elfsym_reader *r, Elf *e, Elf_Scn *symscn)
{
	GElf_Shdr sh;
	*r = (struct elfsym_reader){ .e = e };
	if (!gelf_getshdr(symscn, &sh) || !sh.sh_entsize || !(r->data = elf_getdata(symscn, NULL)))
		return 0;
	Elf_Scn *strscn = elf_getscn(e, sh.sh_link);
	if (!strscn || !(r->strdata = elf_getdata(strscn, NULL)) || !r->strdata->d_buf ||
	    elf_getshdrnum(e, &r->nsecs))
		return 0;
	r->n = sh.sh_size / sh.sh_entsize;
	r->secs = calloc(r->nsecs ? r->nsecs : 1, sizeof(*r->secs));
	if (!r->secs)
		return -ENOMEM;
	for (size_t i = 0; i < r->nsecs; i++) {
		GElf_Shdr ssh;
		Elf_Scn *sec = elf_getscn(e, i);
		if (sec && gelf_getshdr(sec, &ssh))
			r->secs[i] = (struct elfsym_section){ ssh.sh_addr, ssh.sh_addr + ssh.sh_size,
							      (ssh.sh_flags & SHF_EXECINSTR) != 0 };
	}
	return 1;
}

void elfsym_reader_release(struct elfsym_reader *r)
{
	free(r->secs);
	r->secs = NULL;
}

static const char *sym_name(const struct elfsym_reader *r, size_t st_name)
{
	const char *strs = r->strdata->d_buf;
	if (st_name >= r->strdata->d_size ||
	    !memchr(strs + st_name, 0, r->strdata->d_size - st_name))
		return NULL;
	return strs + st_name;
}

bool elfsym_reader_get(const struct elfsym_reader *r, size_t i, struct elfsym *out)
{
	GElf_Sym sym;
	if (!gelf_getsym(r->data, (int)i, &sym))
		return false;
	int type = GELF_ST_TYPE(sym.st_info);
	if ((type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_NOTYPE) ||
	    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE ||
	    sym.st_shndx >= r->nsecs || !sym.st_value)
		return false;
	const struct elfsym_section *sec = &r->secs[sym.st_shndx];
	/* untyped symbols only in code: assembler entry points */
	if ((type == STT_NOTYPE && !sec->exec) || sym.st_value < sec->start ||
	    sym.st_value >= sec->end)
		return false;
	const char *name = sym_name(r, sym.st_name);
	if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2))
		return false;
	*out = (struct elfsym){ sym.st_value, sym.st_size, sec->end, GELF_ST_BIND(sym.st_info),
				name };
	return true;
}

static bool reader_get(const void *ctx, size_t i, struct elfsym *sym)
{
	return elfsym_reader_get(ctx, i, sym);
}

struct elfsym_source elfsym_reader_source(const struct elfsym_reader *r)
{
	return (struct elfsym_source){ r->n, reader_get, r };
}

/* ---- the lookup rule ---- */

static int bind_rank(int bind)
{
	return bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1 : 2;
}

static int name_rank(int bind, const char *name)
{
	int r = bind_rank(bind) * 1000;
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

size_t elfsym_index(const uint64_t *a, size_t n, uint64_t v)
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

/* A candidate symbol for one address. */
struct cand {
	uint64_t start, size;
	bool any;      /* a candidate was found */
	int bind;
	bool sized;    /* some symbol at this start has a size */
};

/* Whether a symbol at start with bind should replace the candidate c: a
 * later start, or at the same start a stronger binding. */
static bool better(const struct cand *c, uint64_t start, int bind)
{
	if (!c->any || start > c->start)
		return true;
	return start == c->start && bind_rank(bind) < bind_rank(c->bind);
}

int elfsym_starts(const struct elfsym_source *src, const uint64_t *a, size_t n, uint64_t *starts)
{
	struct cand *pred = calloc(n ? n : 1, sizeof(*pred));
	struct cand *hold = calloc(n ? n : 1, sizeof(*hold));
	uint64_t *limit = calloc(n ? n : 1, sizeof(*limit));
	if (!pred || !hold || !limit) {
		free(pred);
		free(hold);
		free(limit);
		return -ENOMEM;
	}
	for (size_t i = 0; i < src->n; i++) {
		struct elfsym sym;
		if (!src->get(src->ctx, i, &sym))
			continue;
		size_t j = elfsym_index(a, n, sym.start);
		if (j == n)
			continue;
		/* the latest start at or before a[j] (and, after the prefix
		 * pass below, every later address) */
		struct cand *p = &pred[j];
		bool same = p->any && p->start == sym.start;
		if (better(p, sym.start, sym.bind)) {
			bool sized = (same && p->sized) || sym.size;
			*p = (struct cand){ sym.start, sym.size, true, sym.bind, sized };
			limit[j] = sym.limit;
		} else if (same && sym.size) {
			p->sized = true;
		}
		/* the addresses inside a sized symbol */
		for (size_t k = j; sym.size && k < n && a[k] - sym.start < sym.size; k++)
			if (better(&hold[k], sym.start, sym.bind))
				hold[k] = (struct cand){ sym.start, sym.size, true, sym.bind, true };
	}
	struct cand last = { .any = false };
	uint64_t last_limit = 0;
	for (size_t j = 0; j < n; j++) {
		if (pred[j].any && (!last.any || pred[j].start > last.start ||
				    (pred[j].start == last.start &&
				     better(&last, pred[j].start, pred[j].bind)))) {
			last = pred[j];
			last_limit = limit[j];
		}
		starts[j] = hold[j].any ? hold[j].start : UINT64_MAX;
		if (last.any && !last.sized && a[j] < last_limit &&
		    (starts[j] == UINT64_MAX || last.start > starts[j]))
			starts[j] = last.start;
	}
	free(pred);
	free(hold);
	free(limit);
	return 0;
}

int elfsym_names(const struct elfsym_source *src, const uint64_t *u, size_t nu,
		 const char **names, size_t *lens)
{
	int *rank = malloc((nu ? nu : 1) * sizeof(*rank));
	if (!rank)
		return -ENOMEM;
	for (size_t k = 0; k < nu; k++)
		names[k] = NULL;
	for (size_t i = 0; i < src->n; i++) {
		struct elfsym sym;
		if (!src->get(src->ctx, i, &sym))
			continue;
		size_t k = elfsym_index(u, nu, sym.start);
		if (k == nu || u[k] != sym.start || !sym.name || !*sym.name)
			continue;
		int r = name_rank(sym.bind, sym.name);
		if (!names[k] || r < rank[k] || (r == rank[k] && strcmp(sym.name, names[k]) < 0)) {
			names[k] = sym.name;
			rank[k] = r;
		}
	}
	for (size_t k = 0; k < nu; k++)
		lens[k] = names[k] ? name_len(names[k]) : 0;
	free(rank);
	return 0;
}

/* ---- where a binary's symbols are ---- */

#define ELFSYM_BUILD_ID_MAX 20

Elf *elfsym_open(const char *path, int *fd)
{
	/* without blocking, and regular files only: a FIFO or a device where
	 * a binary or its debug file should be is skipped, not waited on */
	struct stat sb;
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	Elf *e = NULL;
	if (!fstat(*fd, &sb) && S_ISREG(sb.st_mode))
		e = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return e;
}

void elfsym_close(Elf *e, int fd)
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
	*e = elfsym_open(path, fd);
	if (!*e)
		return false;
	const void *dbid;
	ssize_t n = dwelf_elf_gnu_build_id(*e, &dbid);
	if (nbid && n > 0) {
		if ((size_t)n == nbid && !memcmp(dbid, bid, nbid))
			return true;
	} else if (has_crc && file_crc_is(path, crc)) {
		return true;
	}
	elfsym_close(*e, *fd);
	*e = NULL;
	*fd = -1;
	return false;
}

Elf *elfsym_debug_file(Elf *e, const char *path, const uint8_t *bid, size_t nbid,
		       const char *debug_dir, int *dfd)
{
	char buf[4096];
	Elf *d = NULL;
	*dfd = -1;
	if (!debug_dir)
		debug_dir = ELFSYM_DEBUG_DIR;
	if (nbid >= 2) {
		int len = snprintf(buf, sizeof(buf), "%s/.build-id/%02x/", debug_dir, bid[0]);
		for (size_t i = 1; i < nbid && len > 0 && (size_t)len < sizeof(buf) - 3; i++)
			len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%02x", bid[i]);
		snprintf(buf + len, sizeof(buf) - (size_t)len, ".debug");
		if (debug_matches(buf, bid, nbid, false, 0, &d, dfd))
			return d;
	}
	/* .gnu_debuglink: a file name, padding, a CRC-32 of the debug file */
	size_t shstrndx;
	if (!path || elf_getshdrstrndx(e, &shstrndx))
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
				snprintf(buf, sizeof(buf), "%s%s/%s", debug_dir, dir, link);
			if (i == 0 && !strcmp(buf, path))
				continue; /* the link names the file itself */
			if (debug_matches(buf, bid, nbid, true, crc, &d, dfd))
				return d;
		}
		return NULL;
	}
	return NULL;
}

/* MiniDebugInfo sections are small (a few hundred KiB); this bounds what a
 * damaged one can make us allocate. */
#define MINIDEBUG_MAX (256u << 20)

Elf *elfsym_minidebug(Elf *e, void **buf)
{
	*buf = NULL;
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	Elf_Scn *scn = NULL;
	Elf_Data *data = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS &&
		    (name = elf_strptr(e, shstrndx, sh.sh_name)) && !strcmp(name, ".gnu_debugdata")) {
			data = elf_rawdata(scn, NULL);
			break;
		}
	}
	if (!data || !data->d_buf || !data->d_size)
		return NULL;
	lzma_stream z = LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&z, MINIDEBUG_MAX, 0) != LZMA_OK)
		return NULL;
	size_t cap = data->d_size * 4 + 4096, len = 0;
	unsigned char *out = malloc(cap);
	lzma_ret r = LZMA_OK;
	z.next_in = data->d_buf;
	z.avail_in = data->d_size;
	while (out && r == LZMA_OK) {
		if (len == cap) {
			unsigned char *v = cap < MINIDEBUG_MAX ? realloc(out, cap * 2) : NULL;
			if (!v) {
				free(out);
				out = NULL;
				break;
			}
			out = v;
			cap *= 2;
		}
		z.next_out = out + len;
		z.avail_out = cap - len;
		r = lzma_code(&z, LZMA_FINISH);
		len = cap - z.avail_out;
	}
	lzma_end(&z);
	Elf *m = out && r == LZMA_STREAM_END ? elf_memory((char *)out, len) : NULL;
	if (m && elf_kind(m) != ELF_K_ELF) {
		elf_end(m);
		m = NULL;
	}
	if (!m) {
		free(out);
		return NULL;
	}
	*buf = out;
	return m;
}

int elfsym_file_open(struct elfsym_file *f, Elf *e, const char *path, const uint8_t *bid,
		     size_t nbid, const char *debug_dir)
{
	*f = (struct elfsym_file){ .debug_fd = -1 };
	Elf_Scn *scn = elfsym_table(e, false);
	Elf *from[2] = { NULL, NULL };
	Elf_Scn *scns[2] = { NULL, NULL };
	size_t n = 0;
	if (scn) {
		f->origin = ELFSYM_SYMTAB;
		from[n] = e;
		scns[n++] = scn;
	} else if ((f->debug = elfsym_debug_file(e, path, bid, nbid, debug_dir, &f->debug_fd)) &&
		   (scn = elfsym_table(f->debug, false))) {
		f->origin = ELFSYM_DEBUG_FILE;
		from[n] = f->debug;
		scns[n++] = scn;
	} else {
		/* stripped: the exported functions, and MiniDebugInfo's
		 * .symtab, which holds the others */
		if ((scn = elfsym_table(e, true))) {
			f->origin = ELFSYM_DYNSYM;
			from[n] = e;
			scns[n++] = scn;
		}
		if ((f->mini = elfsym_minidebug(e, &f->mini_buf)) &&
		    (scn = elfsym_table(f->mini, false))) {
			f->origin = ELFSYM_MINIDEBUG;
			from[n] = f->mini;
			scns[n++] = scn;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int rc = elfsym_reader_open(&f->rd[f->nrd], from[i], scns[i]);
		if (rc < 0) {
			elfsym_file_release(f);
			return rc;
		}
		f->nrd += rc > 0;
	}
	if (!f->nrd)
		f->origin = ELFSYM_NONE;
	return f->nrd > 0;
}

void elfsym_file_release(struct elfsym_file *f)
{
	for (size_t i = 0; i < f->nrd; i++)
		elfsym_reader_release(&f->rd[i]);
	elfsym_close(f->debug, f->debug_fd);
	if (f->mini)
		elf_end(f->mini);
	free(f->mini_buf);
	*f = (struct elfsym_file){ .debug_fd = -1 };
}

static bool file_get(const void *ctx, size_t i, struct elfsym *sym)
{
	const struct elfsym_file *f = ctx;
	for (size_t k = 0; k < f->nrd; k++) {
		if (i < f->rd[k].n)
			return elfsym_reader_get(&f->rd[k], i, sym);
		i -= f->rd[k].n;
	}
	return false;
}

struct elfsym_source elfsym_file_source(const struct elfsym_file *f)
{
	size_t n = 0;
	for (size_t k = 0; k < f->nrd; k++)
		n += f->rd[k].n;
	return (struct elfsym_source){ n, file_get, f };
}
