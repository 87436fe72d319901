/*
 * elfsym.h - the function symbols of ELF files and the one rule that names
 * an address by them, for the recorder's symbol store
 * (profiler/symstore.c) and the report's symbolization
 * (analysis/symbols.c); and this process's vdso image.
 *
 * symbols/ reads ELF files with libelf and uses nothing else of scprof
 * but base/; profiler/ and analysis/ use it.
 *
 * A function symbol (elfsym_reader_get) is an STT_FUNC, STT_GNU_IFUNC or,
 * in an executable section, STT_NOTYPE symbol (assembler entry points
 * such as _start) with a value inside its section, defined in a section
 * (not undefined, absolute or common), non-zero, and named (not "",
 * "$x"-style mapping symbols or ".L" local labels).
 *
 * The lookup rule (elfsym_starts, elfsym_names): an address is named by
 * the innermost sized symbol whose range holds it; or by a size-less
 * symbol, if it is the last one to start at or before the address (with
 * none starting between them that holds it), the address lies before the
 * end of its section, and no symbol at its start has a size.  Of the
 * symbols at the chosen start, the best ranked names it: global before
 * weak before local, then fewer leading underscores, then the shorter
 * name, then the first in strcmp order; a "@VERSION" suffix is not part
 * of the name.
 */
#ifndef SCPROF_ELFSYM_H
#define SCPROF_ELFSYM_H

#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The symbol table of e: .symtab, else (dynsym_ok) .dynsym; NULL if none. */
Elf_Scn *elfsym_table(Elf *e, bool dynsym_ok);
/* p_vaddr and p_offset of e's first executable PT_LOAD segment; false if
 * it has none. */
bool elfsym_exec_segment(Elf *e, uint64_t *vaddr, uint64_t *offset);
/* This process's vdso (the kernel maps the same image into every
 * process): its image and size, false if there is none. */
bool elfsym_vdso_image(const void **image, size_t *size);
/* The vdso image opened with libelf (elf_end it), or NULL. */
Elf *elfsym_vdso_elf(void);

/* One function symbol. */
struct elfsym {
	uint64_t start, size;
	uint64_t limit;     /* the end of its section; UINT64_MAX: unknown */
	int bind;           /* STB_GLOBAL, STB_WEAK or STB_LOCAL */
	const char *name;
};

/* The symbols of a table: n of them, symbol i through get (false: not a
 * function symbol). */
struct elfsym_source {
	size_t n;
	bool (*get)(const void *ctx, size_t i, struct elfsym *sym);
	const void *ctx;
};

/* An ELF symbol table being read. */
struct elfsym_reader {
	Elf *e;
	Elf_Data *data, *strdata;
	size_t n;           /* symbols */
	struct elfsym_section {
		uint64_t start, end;
		bool exec;
	} *secs;
	size_t nsecs;
};

/* Read table symscn of e.  1, 0 if it cannot be read, -ENOMEM. */
int elfsym_reader_open(struct elfsym_reader *r, Elf *e, Elf_Scn *symscn);
void elfsym_reader_release(struct elfsym_reader *r);
/* Symbol i, if it is a function symbol (see above). */
bool elfsym_reader_get(const struct elfsym_reader *r, size_t i, struct elfsym *sym);
/* The reader as a source for the lookup. */
struct elfsym_source elfsym_reader_source(const struct elfsym_reader *r);

/* For each of the sorted addresses a[0..n), the start of the symbol that
 * names it, or UINT64_MAX: one pass over the symbols.  0 or -ENOMEM. */
int elfsym_starts(const struct elfsym_source *src, const uint64_t *a, size_t n, uint64_t *starts);
/* For each of the sorted distinct starts u[0..nu), the best ranked name
 * of the symbols there (pointing into the source; NULL if none), without
 * its "@VERSION": names[k] of length lens[k].  0 or -ENOMEM. */
int elfsym_names(const struct elfsym_source *src, const uint64_t *u, size_t nu,
		 const char **names, size_t *lens);

/* The first index of sorted a[0..n) with a[i] >= v (n if none). */
size_t elfsym_index(const uint64_t *a, size_t n, uint64_t v);

#endif
