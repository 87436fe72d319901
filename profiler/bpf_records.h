/*
 * bpf_records.h - the BPF recorder's ring-buffer records
 * (profiler/bpf/scprof_bpf.h) into the merge's raw events: a complete
 * call becomes a RAW_RECORD holding an SCF_EV_CALL (its user stack, with
 * -g fp the registers and stack top for its repair, and captures in the
 * same heap block, which the merge frees), an exit
 * whose entry the kernel side did not see a RAW_EXIT for the pairing.
 * Kept apart from bpf_recorder.c, which needs libbpf, so that it can be
 * tested on made-up records; it trusts nothing in them.
 */
#ifndef SCPROF_BPF_RECORDS_H
#define SCPROF_BPF_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "profiler/merge.h"

/* The registers of -g fp's repair data (bp, sp, ip): perf's
 * PERF_SAMPLE_REGS_USER bits, as the tracepoint recorder records them. */
#define BPF_RECORDS_USTACK_REGS 0x1c0u

/*
 * Queue the record data[0..size) on the merge source cpu_source[its exit
 * CPU] (ncpus entries).  0 when queued; -EBADMSG for a malformed record
 * (nothing queued); -ENOMEM.  A capture that points outside the record's
 * data, names no argument or has an unknown kind is left out and counted
 * in *dropped; captures come out sorted by argument, one per argument.
 */
int bpf_record_queue(struct merge *m, const unsigned *cpu_source, int ncpus, const void *data,
		     size_t size, uint32_t *dropped);

/* What bpf_batch_queue did with one ring record. */
struct bpf_batch {
	uint64_t queued;             /* records queued */
	uint64_t malformed;          /* records left out, and captures dropped */
};

/*
 * Queue the call records of one ring record data[0..size): one or more,
 * each at a multiple of 8 and its size in its size field (a staging
 * buffer of scprof.bpf.c).  A record whose size does not fit ends the
 * walk (counted malformed: the rest cannot be found).  0, or -ENOMEM.
 */
int bpf_batch_queue(struct merge *m, const unsigned *cpu_source, int ncpus, const void *data,
		    size_t size, struct bpf_batch *out);

#endif
