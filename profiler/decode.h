/*
 * decode.h - perf ring-buffer records into the merge's raw events.
 *
 * The events are opened with sample_type TID|TIME|RAW and sample_id_all,
 * so a sample is {pid, tid} {time} {size, raw tracepoint data} and every
 * other record ends with {pid, tid} {time}.  The raw data's common_type
 * says whether a sample is a sys_enter (id, args[6]) or a sys_exit (id,
 * ret); no PERF_SAMPLE_IDENTIFIER is needed, which keeps samples small.
 * With frame-pointer stacks both events carry PERF_SAMPLE_CALLCHAIN before
 * the raw data (sys_exit's excluded to an empty chain), so the layout stays
 * the same for both; DWARF registers and stack come after the raw data, on
 * sys_enter only.  With --stack-every N, neither carries a stack (fp's
 * chains are empty) and a third sys_enter event samples one call in N with
 * its stack: those samples become RAW_STACK events.
 * With counters (record --counters) every sample also reads its group
 * (PERF_SAMPLE_READ, after the time): {nr, time enabled, time running,
 * values[nr]}, the counters last; the group's context-switch event's
 * samples have empty raw data and become RAW_SWITCH events.
 */
#ifndef SCPROF_DECODE_H
#define SCPROF_DECODE_H

#include <linux/perf_event.h>
#include <stdint.h>
#include <sys/types.h>

#include "profiler/mapids.h"
#include "profiler/merge.h"

enum stack_mode {
	STACK_NONE,
	STACK_FP,     /* sys_enter has PERF_SAMPLE_CALLCHAIN (user only) */
	STACK_DWARF,  /* sys_enter has PERF_SAMPLE_REGS_USER|STACK_USER */
};

struct decoder {
	struct merge *merge;
	enum stack_mode stack_mode;
	uint64_t regs_mask;      /* DWARF: sample_regs_user */
	uint32_t nregs;          /* its popcount */
	uint32_t stack_every;    /* > 1: stacks come in their own samples */
	int enter_id, exit_id;   /* tracepoint ids from tracefs */
	pid_t self;              /* our own syscalls are dropped (-a) */
	pid_t child;             /* the launched command: its argv is known */
	uint32_t ncounters;      /* > 0: samples read the group */
	uint64_t samples;        /* syscall samples decoded */
	uint64_t *lost;          /* per CPU number: events the kernel dropped */
	struct mapids *ids;      /* NULL, or where MMAP2 records without a
				  * build-id note their file's device and inode */
};

/* What the decoder needs to know of the recording. */
struct decoder_config {
	int enter_id, exit_id;   /* tracepoint ids from tracefs */
	enum stack_mode stack_mode;
	uint32_t stack_every;    /* > 1: stacks come in their own samples */
	uint64_t regs_mask;      /* DWARF: sample_regs_user */
	pid_t self;              /* our own syscalls are dropped (-a) */
	uint32_t ncounters;      /* --counters: samples read the group */
};

/* Set d up to decode into m the records of CPUs 0..ncpus-1 (child is set
 * once the command is forked).  0 or -ENOMEM. */
int decoder_init(struct decoder *d, struct merge *m, int ncpus, const struct decoder_config *c);
void decoder_release(struct decoder *d);

/* Queue record h, read from the ring of CPU cpu, on merge source src. */
void decode_record(struct decoder *d, unsigned src, int cpu, const struct perf_event_header *h);

#endif
