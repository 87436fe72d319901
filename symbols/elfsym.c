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

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

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
