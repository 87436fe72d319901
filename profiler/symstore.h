/*
 * symstore.h - store the symbol tables of the binaries a recording's
 * stacks ran through, so that `scprof report` can name their frames after
 * the binaries were rebuilt, replaced or deleted, or on another machine.
 *
 * At the end of `scprof record --call-graph`, symstore_write reads back
 * what was written so far (MMAP events and which processes made calls
 * with stacks) and, for every file mapped by such a process, stores its
 * function symbols (.symtab; else its separate debug file's, found by
 * build-id under /usr/lib/debug or by .gnu_debuglink; else .dynsym with
 * the .symtab of its MiniDebugInfo) with its build-id as a SYMBOLS chunk;
 * the vdso's come from this process's own image, the same kernel's.
 * A file that is no longer the one mapped (rebuilt or replaced since) is
 * left out: its symbols would lie.  Files that cannot be read are
 * skipped; only a write error is an error.
 *
 * While a process that mapped the file lives (-p, -a), it is read through
 * /proc/PID/map_files, the mapped file itself.  Else by its path, where a
 * traced user may have put anything: it is opened without following a
 * symlink and without blocking, and read only if it is a regular file.
 * Either way, only if it is the file mapped: when the recording has the
 * mapping's build-id (the kernel's MMAP2 records, 5.12 on), that
 * build-id; otherwise (a binary without one, maps found at attach) a
 * device and inode the recorder noted for the path (mapids.h).  The
 * frames of a skipped file show as "[unknown] FILE+0xOFFSET"; for one
 * without a build-id, an empty table is stored for its path, so that the
 * report does not read whatever is at the path then (formats/FORMAT.md).
 */
#ifndef SCPROF_SYMSTORE_H
#define SCPROF_SYMSTORE_H

#include "formats/scf.h"
#include "profiler/mapids.h"

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
 * ids: the device and inode of the mapped files without a recorded
 * build-id (NULL: none known, none of those files is read).
 * stop (may be NULL) is asked between files and every 65536 events read
 * back: once it returns true, the remaining tables are left out (a
 * stopped recorder still completes its file).  0, or the writer's
 * negative errno; stats may be NULL.
 */
int symstore_write(struct scf_writer *w, const char *path, struct mapids *ids,
		   bool (*stop)(void *ctx), void *ctx, struct symstore_stats *stats);

#endif
