/*
 * callstacks.h - the call stacks of a recording, for `scprof report
 * --stacks` and the flame graph formats: address spaces (maps.h), DWARF
 * unwinding (unwind.h), interning (stacks.h) and symbolization
 * (symbols.h) tied together.
 *
 * The report's streaming loop hands every event to callstacks_event and
 * every call that passed its filters to callstacks_call.  A call's stack
 * (unwound first if it came as registers and stack bytes) is looked up by
 * its address-space version and addresses; on first sight it is turned
 * into module offsets, so every process running the same binaries shares
 * one stack.
 *
 * A frame-pointer stack recorded with the top of the user stack is
 * repaired first (unwind_fp_repair: the callers of frameless functions
 * such as libc's syscall wrappers, which the kernel's walk skips).  Any
 * stack is cut at the first return address in no executable mapping of
 * the process (a frame-pointer chain through code built without frame
 * pointers reads junk there): the frames before it stay, one "[unknown]"
 * frame ends it, and the call counts as cut (callstacks_stats.cut).
 *
 * callstacks_finish then names each distinct (module, offset) once and
 * builds the per-syscall lists and trees.  A frame is named after its
 * function ("load_config"; C++ and Rust names demangled,
 * "app::Cache::reload(int)"), with --lines its source position too
 * ("load_config (config.c:42)"), else "[unknown] libfoo.so+0x1a2b" (the
 * file offset in the module), or "[unknown]" for an address in no known
 * mapping.  Functions inlined at an address (from the binary's DWARF) are
 * frames of their own between their caller and what they call, with
 * stacks_frame_inlined set.
 */
#ifndef SCPROF_CALLSTACKS_H
#define SCPROF_CALLSTACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/stacks.h"
#include "analysis/symbols.h"
#include "formats/scf.h"

struct callstacks_opts {
	enum stacks_weight weight;
	bool node_latency;     /* percentiles for every tree node (the SVG's) */
	bool lines;            /* source file:line in frame names */
	bool no_demangle;      /* C++ and Rust names as the symbol tables have them */
	const char *debug_dir; /* NULL: /usr/lib/debug */
	/* record --off-cpu, for flame graphs: continue each stack below
	 * its syscall into the kernel stack the call waited in, frames
	 * named by kname ("pipe_read") and suffixed "_[k]"; NULL: not */
	const char *(*kname)(void *ctx, uint64_t ip, char *buf, size_t len);
	void *kctx;
};

struct callstacks_stats {
	uint64_t calls;         /* calls counted */
	uint64_t raw_stacks;    /* distinct (address-space version, addresses) */
	uint64_t stacks;        /* distinct stacks of module offsets */
	uint64_t frames;        /* distinct locations named */
	uint64_t lookups;       /* (module, offset) pairs resolved */
	uint64_t modules;       /* files loaded for symbols */
	uint64_t unwound;       /* calls unwound from DWARF stack copies */
	uint64_t repaired;      /* fp stacks given back the caller of a frameless leaf */
	uint64_t cut;           /* calls (that returned) whose stack was cut short:
				   it left the known code, and ends in one
				   "[unknown]" */
	uint64_t symbolize_ns;  /* time spent naming frames */
	uint64_t unwind_ns;     /* time spent unwinding */
};

struct callstacks;

/* A distinct location of the stacks counted, for exporters that keep
 * modules and addresses (pprof): a module's code at a file offset, and
 * what it was named from. */
struct callstacks_location {
	const struct maps_module *module; /* NULL: an address in no known mapping */
	uint64_t offset;                  /* of the code in the module's file */
	uint64_t key;   /* (module id + 1) << 40 | offset: one per location; 0 unknown */
	struct symbols_frame sym;         /* sym.func NULL: not named */
};

/* meta: the recording's (its kernel release and host tell whether this
 * machine's vdso is the recorded one).  0 or -ENOMEM. */
int callstacks_new(const struct callstacks_opts *o, const struct scf_meta *meta,
		   struct callstacks **out);
void callstacks_free(struct callstacks *cs);

/* Take in an event of any type (MMAP, COMM, FORK matter).  0 or -ENOMEM. */
int callstacks_event(struct callstacks *cs, const struct scf_event *ev);
/* Count a call in group (the report's grouping key), made by a thread named
 * comm (interned: equal names, equal pointers; NULL: unknown).  In a
 * recording with sampled stacks (scf_meta.stack_every > 1), calls without
 * a stack were not sampled and are not counted.  0 or -ENOMEM. */
int callstacks_call(struct callstacks *cs, const struct scf_call *c, uint64_t group,
		    const char *comm);

/* A symbol table stored in the recording (after streaming, before
 * finishing).  0 or -ENOMEM. */
int callstacks_add_symtab(struct callstacks *cs, const struct scf_symtab *t);

/* Name every unique stack and build the lists and trees.  0 or -ENOMEM. */
int callstacks_finish(struct callstacks *cs);
struct stacks *callstacks_stacks(struct callstacks *cs);
void callstacks_get_stats(const struct callstacks *cs, struct callstacks_stats *st);

/* After callstacks_finish, the distinct locations: index 0 is the unknown
 * one (an address in no mapping), the others each a named (module,
 * offset).  Valid until callstacks_free. */
size_t callstacks_nlocations(const struct callstacks *cs);
const struct callstacks_location *callstacks_location_at(const struct callstacks *cs, size_t i);
/* The locations of raw stack r (of callstacks_stacks), innermost first,
 * as indices for callstacks_location_at; returns their number (0: no
 * stack).  *out is valid until the next call. */
uint32_t callstacks_raw_locations(struct callstacks *cs, const struct stacks_raw *r,
				  const uint32_t **out);
/* With opts.kname: the kernel wait stack of raw stack r (that of its
 * calls' longest block, record --off-cpu), innermost first, as recorded
 * (an address that read as 0 is no frame); returns its length, 0 if none
 * or without kname.  *out is valid until callstacks_free. */
uint32_t callstacks_raw_kips(const struct callstacks *cs, const struct stacks_raw *r,
			     const uint64_t **out);

#endif
