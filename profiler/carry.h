/*
 * carry.h - what a recording's next file needs from before it starts
 * (record --switch-output): the task records that still hold, so that
 * each file names its processes and resolves their stacks alone.
 *
 * Fed every event written, it keeps each live thread's name (COMM), each
 * live process's command line (CMDLINE) and executable mappings (MMAP),
 * as the recording said them (build-ids included): an exec drops the
 * old mappings, a fork copies the parent's mappings and command line to a
 * new process, an exit forgets.  carry_emit hands them on again at a file's head.
 * Memory is what the live processes' records take, never the calls.
 */
#ifndef SCPROF_CARRY_H
#define SCPROF_CARRY_H

#include <stdint.h>

#include "formats/scf.h"

struct carry;

struct carry *carry_new(void);
void carry_free(struct carry *c);
/* Take in one event written (calls and others are ignored).  0 or
 * -ENOMEM (then the next files may lack a name or a mapping). */
int carry_note(struct carry *c, const struct scf_event *ev);
/* Call emit on each record kept, stamped time, names first: 0 or the
 * first non-zero value emit returned. */
int carry_emit(const struct carry *c, uint64_t time,
	       int (*emit)(void *ctx, const struct scf_event *ev), void *ctx);

#endif
