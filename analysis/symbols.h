/*
 * symbols.h - function names (and source lines) for code addresses in the
 * modules of a recording (see maps.h).
 *
 * Where the names of a module come from, first found wins:
 *  1. the file at its recorded path, but only if the file's build-id is the
 *     one the recording holds for it (a file rebuilt or replaced since the
 *     recording is never used); .symtab, else the .symtab of its separate
 *     debug file (DEBUG_DIR/.build-id/xx/yyyy.debug, or its .gnu_debuglink
 *     name next to it, in .debug/ there, or under DEBUG_DIR), else .dynsym;
 *  2. a table stored in the recording for that build-id (or for "[vdso]");
 *  3. for "[vdso]" without a stored table: this process's own vdso, when
 *     the caller says the recording was made on this kernel;
 * otherwise none: the caller shows "[unknown] module+0xOFF".  A module the
 * recording has no build-id for (an old kernel) uses the file at its path
 * unchecked, unless a stored table for that path exists.
 *
 * An address gets the function symbol whose range holds it; a symbol
 * without a size reaches to the next symbol of its section.  An address
 * in no symbol's range gets no name, never a neighbour's.
 *
 * Resolve every offset of a module in one symbols_resolve call: the file
 * is opened and its symbol table scanned once per call (nothing is cached
 * between calls; the caller resolves each (module, offset) once).  Names
 * are owned by the struct symbols.
 */
#ifndef SCPROF_SYMBOLS_H
#define SCPROF_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/maps.h"
#include "formats/scf.h"

struct symbols_opts {
	bool lines;            /* find source file:line too (reads DWARF) */
	const char *debug_dir; /* NULL: /usr/lib/debug */
	bool local_vdso;       /* "[vdso]" may be named from this process's vdso */
};

struct symbols_frame {
	const char *func; /* NULL if unknown */
	uint64_t func_off; /* of the address from the function's start */
	const char *file; /* source file, NULL if unknown or not asked for */
	int line;         /* 0 if unknown */
};

/* What a module's names came from (for tests and diagnostics). */
enum symbols_source {
	SYMBOLS_NONE = 0,   /* no names */
	SYMBOLS_FILE,       /* the file at its path (symtab or dynsym) */
	SYMBOLS_DEBUG_FILE, /* its separate debug file */
	SYMBOLS_STORED,     /* a table stored in the recording */
	SYMBOLS_LOCAL_VDSO, /* this process's vdso */
};

struct symbols;

int symbols_new(const struct symbols_opts *o, struct symbols **out);
void symbols_free(struct symbols *s);

/*
 * Add a symbol table stored in the recording for the file with this
 * build-id (nbid bytes; 0 with path "[vdso]" for the vdso).  Symbol starts
 * (struct scf_symbol: start, size, name) are file offsets, or virtual addresses of an ELF
 * whose PT_LOAD segments are given as nsegs triples {p_offset, p_vaddr,
 * p_filesz} in segs (NULL, 0: offsets).  The symbols and names are copied.
 * 0 or -ENOMEM.
 */
int symbols_add_table(struct symbols *s, const char *path, const uint8_t *build_id, size_t nbid,
		      const struct scf_symbol *syms, size_t nsyms, const uint64_t *segs,
		      size_t nsegs);

/* Name the code at file offsets offs[0..n) of module mod (for a return
 * address, pass the offset of the byte before it) into out[0..n).  Always
 * fills out; 0, or -ENOMEM (then some frames say unknown). */
int symbols_resolve(struct symbols *s, struct maps_module *mod, const uint64_t *offs, size_t n,
		    struct symbols_frame *out);
/* The same for one offset (a whole scan of the module: for tests). */
int symbols_lookup(struct symbols *s, struct maps_module *mod, uint64_t off,
		   struct symbols_frame *out);

/* Where the names of mod come from. */
enum symbols_source symbols_source(struct symbols *s, struct maps_module *mod);

/* Modules opened, and offsets resolved, so far. */
void symbols_stats(const struct symbols *s, size_t *modules, size_t *lookups);

#endif
