/*
 * cntstate.h - each thread's counter totals, from the per-CPU readings
 * the samples carry (record --counters).
 *
 * The counters are per thread and per CPU (inherited events on every
 * CPU, like the tracepoints), so a sample reads only what the thread
 * counted on the CPU it runs on.  A thread's total is the sum over CPUs
 * of the last reading on each; the readings taken when the thread leaves
 * a CPU (RAW_SWITCH) keep that sum exact across migrations, since a
 * thread's counters on a CPU change only while it runs there.  A call's
 * counts are its thread's totals at exit minus those at entry.
 */
#ifndef SCPROF_CNTSTATE_H
#define SCPROF_CNTSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "profiler/counters.h"
#include "profiler/merge.h"

/* A thread's totals at one moment. */
struct cnt_total {
	uint64_t enabled;            /* of the reading's CPU: the thread's time on any CPU */
	uint64_t running;            /* the counters' time, summed over CPUs */
	uint64_t v[COUNTERS_MAX];
};

struct cntstate;

/* n counters; may_multiplex: the group holds a hardware counter, which the
 * kernel may rotate out (software counters always count). */
struct cntstate *cntstate_new(unsigned n, bool may_multiplex);
void cntstate_free(struct cntstate *s);
/* Take tid's reading c on cpu and give its totals in *t.  0 or -ENOMEM. */
int cntstate_read(struct cntstate *s, int32_t tid, uint32_t cpu, const struct raw_counts *c,
		  struct cnt_total *t);
/* tid enters a call: take its reading and keep its totals for the exit
 * (a thread is in one call at a time).  0 or -ENOMEM. */
int cntstate_enter(struct cntstate *s, int32_t tid, uint32_t cpu, const struct raw_counts *c);
/* tid leaves the call it entered: take its reading and put the call's
 * counts in out[0..n) (cnt_call_counts); returns the scaled mask, or -1
 * (out untouched) when no entry was kept. */
int64_t cntstate_exit(struct cntstate *s, int32_t tid, uint32_t cpu, const struct raw_counts *c,
		      uint64_t *out);
/* tid ended: forget it. */
void cntstate_forget(struct cntstate *s, int32_t tid);

/*
 * A call's counts from its thread's totals at entry (a) and exit (b):
 * out[0..n-1], and the counters that were scaled as a bit mask.  With
 * may_multiplex, the group may have been off the CPU for part of the
 * call: when it ran less than 99.9% of the thread's time (the last reading
 * before a thread leaves a CPU comes a few hundred ns before it does),
 * each count is scaled by enabled/running, as perf does, and marked.
 */
uint32_t cnt_call_counts(const struct cnt_total *a, const struct cnt_total *b, unsigned n,
			 bool may_multiplex, uint64_t *out);

#endif
