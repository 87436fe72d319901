/*
 * unwind.h - call stacks from the registers and stack copy of a call
 * recorded with --call-graph dwarf, unwound with libdw's CFI unwinder.
 *
 * One Dwfl per address-space version (maps.h), made on first use and
 * cached, reports every mapped file whose build-id is the recorded one
 * (a replaced file's CFI would unwind wrongly, so the stack stops there),
 * and the vdso from this process's own image when the caller says the
 * recording was made on this kernel.
 * Memory reads come from the stack copy only; the unwinding stops at the
 * first frame it cannot follow.
 */
#ifndef SCPROF_UNWIND_H
#define SCPROF_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/maps.h"
#include "formats/scf.h"

struct unwind;

/* The maps outlive the unwinder; local_vdso: our vdso is the recorded
 * processes'.  0 or -ENOMEM. */
int unwind_new(struct maps *maps, bool local_vdso, struct unwind **out);
void unwind_free(struct unwind *u);

/*
 * Unwind call c, made in address-space version key, into ips: innermost
 * first, ips[0] the instruction after the syscall, the others return
 * addresses (as with frame pointers).  Returns the number of frames (0 if
 * the call has no registers or the pc is in no reported file), at most
 * max.
 */
uint32_t unwind_call(struct unwind *u, uint64_t key, const struct scf_call *c, uint64_t *ips,
		     uint32_t max);

/* Address spaces set up, calls unwound, frames found, so far. */
void unwind_stats(const struct unwind *u, size_t *spaces, uint64_t *calls, uint64_t *frames);

#endif
