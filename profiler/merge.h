/*
 * merge.h - put the per-CPU event streams back into one time order.
 *
 * Each CPU's ring buffer is in time order, but a thread that blocks on one
 * CPU and wakes on another has its entry and exit in different buffers.
 * The recorder drains every buffer in rounds and pushes what it read here,
 * one queue per source (CPU, or the synthetic source for /proc records).
 * merge_flush(horizon) hands out, oldest first, every queued event older
 * than horizon.  The recorder reads the buffers in passes of at most a
 * slice each and passes the start time of the previous pass: any event
 * stamped before it had been committed to its buffer by the time the
 * current pass read that buffer, so nothing older can still arrive, but
 * in a buffer not read to its head, where the horizon is the time of the
 * last event read (each buffer is in time order).  Memory is bounded by
 * about two slices of every buffer, and reused while warm.
 */
#ifndef SCPROF_MERGE_H
#define SCPROF_MERGE_H

#include <stdint.h>

#include "formats/scf.h"

/* A user stack captured at a syscall's entry: a frame-pointer callchain,
 * or registers and a copy of the stack for DWARF unwinding.  One heap
 * block (raw_stack_new); see raw_event.sc.stack for who frees it. */
struct raw_stack {
	uint32_t nips, nregs, stack_size;
	uint64_t regs_mask;
	uint64_t *ips;
	uint64_t *regs;
	uint8_t *stack;
	uint64_t data[];
};

/* Room for nips ips, nregs registers and stack_size bytes of stack. */
struct raw_stack *raw_stack_new(uint32_t nips, uint32_t nregs, uint32_t stack_size);

/* A group read of a sample (record --counters): the group's time enabled
 * and running and the counters' values, as the sample's task's counters
 * on that CPU had them.  One heap block (malloc); see raw_event.sc.counts. */
struct raw_counts {
	uint64_t enabled, running;
	uint64_t v[];
};

enum raw_kind {
	RAW_ENTER = 1,   /* sys_enter: nr, args */
	RAW_EXIT,        /* sys_exit: nr, ret */
	RAW_BLOCKED,     /* already inside syscall nr (args) when attached */
	RAW_RECORD,      /* a task record to pass through: ev */
	RAW_STACK,       /* the user stack of the call tid is entering:
			  * sc.stack only (--stack-every) */
	RAW_SWITCH,      /* the task left the CPU: sc.counts only
			  * (record --counters) */
};

struct raw_event {
	uint64_t time;
	uint32_t kind;
	uint32_t cpu;
	int32_t pid, tid;
	union {
		struct {
			int32_t nr;
			int64_t ret;
			uint64_t args[SCF_MAX_ARGS];
			/* RAW_ENTER and RAW_STACK only, or NULL.  Queued
			 * events own it; pairing_feed() takes it over. */
			struct raw_stack *stack;
			/* With counters: the reading, or NULL.  Owned
			 * like stack. */
			struct raw_counts *counts;
		} sc;
		/* RAW_RECORD: a block of merge_rec_alloc, kept out
		 * of line so that the queues, which hold mostly syscalls,
		 * stay at 104 bytes an event.  It and its strings
		 * (mmap.filename, cmdline.argv, fd.name) are owned by the queue and
		 * freed after the flush callback returns. */
		struct scf_event *rec;
	};
};

struct merge;

struct merge *merge_new(unsigned nsources);
void merge_free(struct merge *m);
/* A slot at the end of source's queue to fill; merge_push makes it part
 * of the queue.  NULL if out of memory. */
struct raw_event *merge_slot(struct merge *m, unsigned source);
void merge_push(struct merge *m, unsigned source);
/* A zeroed RAW_RECORD slot at the end of source's queue, its record of
 * type and time allocated; merge_push queues it, and must (the record is
 * freed only once queued).  NULL if out of memory. */
struct raw_event *merge_record_slot(struct merge *m, unsigned source, uint64_t time,
				    enum scf_event_type type);
/* A block of size bytes for a RAW_RECORD event's record (aligned for any
 * type), which the queue frees once the event is flushed (or with the
 * merge); NULL if out of memory.  merge_record_slot's come from here. */
void *merge_rec_alloc(struct merge *m, size_t size);
/* Call fn on every queued event with time < horizon, oldest first; stops
 * at and returns the first non-zero value fn returns. */
int merge_flush(struct merge *m, uint64_t horizon,
		int (*fn)(void *ctx, const struct raw_event *ev), void *ctx);
/* Events queued now. */
uint64_t merge_queued(const struct merge *m);

#endif
