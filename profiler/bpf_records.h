/*
 * bpf_records.h - the BPF recorder's ring-buffer records
 * (profiler/bpf/scprof_bpf.h) into the merge's raw events: a complete
 * call becomes a RAW_RECORD holding an SCF_EV_CALL (its user stack and
 * captures in the same heap block, which the merge frees), an exit
 * whose entry the kernel side did not see a RAW_EXIT for the pairing.
 * Kept apart from bpf_recorder.c, which needs libbpf, so that it can be
 * tested on made-up records; it trusts nothing in them.
 */
#ifndef SCPROF_BPF_RECORDS_H
#define SCPROF_BPF_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "profiler/merge.h"

/*
 * Queue the record data[0..size) on the merge source cpu_source[its exit
 * CPU] (ncpus entries).  0 when queued; -EBADMSG for a malformed record
 * (nothing queued); -ENOMEM.  A capture that points outside the record's
 * data, names no argument or has an unknown kind is left out and counted
 * in *dropped; captures come out sorted by argument, one per argument.
 */
int bpf_record_queue(struct merge *m, const unsigned *cpu_source, int ncpus, const void *data,
		     size_t size, uint32_t *dropped);

#endif
