/*
 * pairing.h - turn time-ordered sys_enter/sys_exit events into calls.
 *
 * Fed the merged stream (merge.h), it keeps each thread's pending entry
 * and emits one SCF_EV_CALL per call when it ends, task records as they
 * come, and at the end the calls still in progress (SCF_CALL_UNFINISHED).
 * With --stack-every, a call's stack comes as its own event (RAW_STACK),
 * just before or just after its entry, and is attached to it.
 * Memory is one pending entry per thread inside a syscall.  The rules for
 * the odd cases (an exit without its entry, a thread that exits inside a
 * call, a thread already blocked when we attached) are in scf.h's
 * SCF_CALL_* comments.
 */
#ifndef SCPROF_PAIRING_H
#define SCPROF_PAIRING_H

#include <stdbool.h>
#include <stdint.h>

#include "formats/scf.h"
#include "profiler/merge.h"

typedef int (*pairing_emit_fn)(void *ctx, const struct scf_event *ev);

struct pairing_stats {
	uint64_t calls;      /* SCF_EV_CALL emitted */
	uint64_t counters_scaled; /* calls whose counters were multiplexed */
	uint64_t unpaired;   /* entries dropped because their exit never came
			      * (lost events) */
};

struct pairing;

struct pairing *pairing_new(pairing_emit_fn emit, void *ctx);
/* Charge n counters (record --counters) to the calls: the events carry
 * their threads' readings (sc.counts, cntstate.h).  0 or -ENOMEM. */
int pairing_count(struct pairing *p, unsigned n, bool may_multiplex);
void pairing_free(struct pairing *p);
/* Feed one event, in time order.  Returns what emit returned, else 0. */
int pairing_feed(struct pairing *p, const struct raw_event *ev);
/* Emit every pending call as unfinished at end_time, oldest first. */
int pairing_finish(struct pairing *p, uint64_t end_time);
const struct pairing_stats *pairing_stats(const struct pairing *p);

#endif
