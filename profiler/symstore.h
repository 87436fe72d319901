/*
 * symstore.h - store the symbol tables of the binaries a recording's
 * stacks ran through, so that `scprof report` can name their frames after
 * the binaries were rebuilt, replaced or deleted, or on another machine.
 *
 * At the end of `scprof record --call-graph`, symstore_write reads back
 * what was written so far (MMAP events and which processes made calls
 * with stacks) and, for every file mapped by such a process, stores its
 * function symbols (.symtab, else .dynsym) with its build-id as a SYMBOLS
 * chunk; the vdso's come from this process's own image, the same kernel's.
 * A file whose build-id is no longer the one recorded (replaced during the
 * recording) is left out: its symbols would lie.  Files that cannot be
 * read are skipped; only a write error is an error.
 *
 * What is at a mapped file's path now may be anything a traced user put
 * there: it is opened without following a symlink and without blocking,
 * read only if it is a regular file, and, when the recording has the
 * mapping's build-id (kernels from 5.12), only if its build-id is that
 * one.  The frames of a skipped file show as "[unknown] FILE+0xOFFSET".
 */
#ifndef SCPROF_SYMSTORE_H
#define SCPROF_SYMSTORE_H

#include "formats/scf.h"

struct symstore_stats {
	unsigned tables;   /* symbol tables written */
	unsigned skipped;  /* files gone, unreadable or changed */
	unsigned left;     /* not looked at: stopped */
	bool stopped;      /* stop() said so: the tables are incomplete */
	unsigned long long symbols;
};

/*
 * Flush w, read the recording at path (the file w writes: better
 * /proc/self/fd/N than a name others may replace), and add the
 * tables with scf_writer_add_symtab.  Call it before scf_writer_finish.
 * stop (may be NULL) is asked between files and every 65536 events read
 * back: once it returns true, the remaining tables are left out (a
 * stopped recorder still completes its file).  0, or the writer's
 * negative errno; stats may be NULL.
 */
int symstore_write(struct scf_writer *w, const char *path, bool (*stop)(void *ctx), void *ctx,
		   struct symstore_stats *stats);

#endif
