/*
 * maps.h - the address spaces of a recording's processes, rebuilt from its
 * MMAP, COMM (exec) and FORK records, so that a user stack address can be
 * traced to the file it was mapped from, at the time of the call.
 *
 * A process owns an address space; its threads share it, fork copies it
 * and exec starts a new, empty one.  An MMAP record maps a file over a
 * range and hides whatever it overlaps there (the kernel reports no munmap,
 * so a mapping lasts until something is mapped over it).  Each change makes
 * a new version of the space; a key names one version, so a stack seen
 * while a library was loaded resolves against that library even if the
 * range was reused later, and a process that exited (or exec'd) before the
 * end still resolves.  Nothing is ever dropped: memory grows with the
 * number of MMAP records, not with calls.
 *
 * Mapped files are interned as modules (one per path and build-id), shared
 * by every process that maps them, so symbol tables are loaded once per
 * file.  Pure: no I/O.
 */
#ifndef SCPROF_MAPS_H
#define SCPROF_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/scf.h"

struct maps_module {
	const char *path;     /* as recorded: "/usr/lib/x.so", "[vdso]", "//anon" */
	const char *name;     /* its last path component */
	uint8_t build_id_size; /* 0: the recording has none */
	uint8_t build_id[SCF_BUILD_ID_MAX];
	uint32_t id;          /* 0, 1, 2... in order of first sight */
	void *priv;           /* free for the symbolizer's use */
};

/* One mapping of a version of an address space. */
struct maps_map {
	uint64_t start, end;  /* [start, end) */
	uint64_t pgoff;       /* file offset of start */
	struct maps_module *module;
};

struct maps;

int maps_new(struct maps **out);
void maps_free(struct maps *m);

/* Take in an MMAP, COMM, FORK or EXIT event; others are ignored.
 * 0 or -ENOMEM. */
int maps_event(struct maps *m, const struct scf_event *ev);

/*
 * The key of the current version of process pid's address space (an empty
 * one is made for a process never seen): what a stack captured now resolves
 * against.  Never 0; 0 on -ENOMEM.
 */
uint64_t maps_key(struct maps *m, int32_t pid);

/* The mapping holding addr in the version key, or NULL.  The file offset
 * of addr is addr - map->start + map->pgoff.  Valid until the next call
 * into maps (lookups in one version are cheapest in a row). */
const struct maps_map *maps_find(struct maps *m, uint64_t key, uint64_t addr);

/* Every mapping of the version key, by start address; returns their number
 * (0 for an unknown key).  *out is valid until the next call into maps. */
size_t maps_list(struct maps *m, uint64_t key, const struct maps_map **out);

/* The process whose address space key is a version of (-1 if unknown). */
int32_t maps_key_pid(const struct maps *m, uint64_t key);

/* Modules in order of id. */
size_t maps_nmodules(const struct maps *m);
struct maps_module *maps_module_at(const struct maps *m, size_t id);

#endif
