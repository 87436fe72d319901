/*
 * trace.h - the calls of a recording as Chrome trace-event JSON, the
 * format Perfetto (ui.perfetto.dev) and chrome://tracing open
 * (`scprof report --format trace`).
 *
 *   {"traceEvents": [
 *   {"name": "openat", "cat": "syscall", "ph": "X", "ts": 1523.042, "dur": 8.311,
 *    "pid": 4240, "tid": 4242, "args": {"args": "AT_FDCWD, \"/etc/hosts\", O_RDONLY",
 *    "ret": "-1", "errno": "ENOENT"}},
 *   ...
 *   {"name": "process_name", "ph": "M", "pid": 4240, "tid": 4240, "args": {"name": "demo"}},
 *   {"name": "thread_name", "ph": "M", "pid": 4240, "tid": 4242, "args": {"name": "worker"}}
 *   ],
 *   "displayTimeUnit": "ns"}
 *
 * One complete event ("ph": "X") per call, in the recording's order (by
 * exit); "ts" and "dur" are microseconds with three decimals (ns
 * precision), "ts" from the start of the recording.  "args" holds the
 * arguments as --events prints them (evline.h), the return value and,
 * for a failed call, the errno name.  A call whose entry was not seen
 * lasts 0 and has "no_entry": true; one that never returned (exit_group)
 * lasts 0 and has "ret": "?", "no_return": true; one entered before recording began has
 * "partial": true; one still in progress at the end runs to the end of
 * the recording and has "unfinished": true.  Then the name of every
 * process and thread that made a call, as metadata events.
 *
 * Off-CPU times (record --off-cpu), when a recording has them: each
 * call that was seen entering and returning has "oncpu_ns",
 * "blocked_ns", "runnable_ns" (adding up to its duration) and
 * "switches" (times it left the CPU) in its args; one asleep at the end
 * has "kernel_stack" (innermost first) where it sleeps.  Its time off
 * the CPU is drawn inside its slice as nested X events of the same
 * thread ("cat": "offcpu"), written right after it, as far as the
 * recording places them.  The recording keeps per call the blocked and
 * runnable totals, the number of switches and the length, kernel stack
 * and waker of the longest sleep, not when each happened, so:
 *   - one switch: one stretch off the CPU, a "blocked" slice of the
 *     blocked time then a "runnable" one of the runnable time (either
 *     may be absent), lengths exact; placed with the call's on-CPU time
 *     split evenly before and after ("position": "estimated", off by at
 *     most half the on-CPU time), or ending at the exit when the switch
 *     back was lost (SWITCH_LOST: "position": "exact");
 *   - several switches: the blocked and runnable totals are scattered
 *     over the call and are not drawn; only the longest sleep, one
 *     stretch, as a "blocked" slice of its length, centred
 *     ("estimated", "longest_of": switches);
 *   - asleep at the end (BLOCKED_AT_END) after one switch: the sleep
 *     from its start to the end ("exact");
 *   - a "blocked" slice has the call's "kernel_stack" (innermost first,
 *     named from the recording's KSYMS) and "waker" ({"pid", "tid",
 *     "comm"}, or "interrupt") when recorded.
 *
 * Streams: each call is written as it comes; only the calls still in
 * progress (at most one per thread) and the threads seen are kept.
 * Calls to trace_call come from the scan's event log (scan.h), after
 * its filters.
 */
#ifndef SCPROF_TRACE_H
#define SCPROF_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "formats/scf.h"

struct tasks;
struct trace;

/* Start the document on f (meta: the recording's; no_args: it has no
 * arguments, "..." is shown).  0 or -ENOMEM. */
int trace_new(FILE *f, const struct scf_meta *meta, bool no_args, struct trace **out);
/* Name kernel frames with kname (callstacks_opts.kname's kind); without
 * it they are addresses. */
void trace_set_kname(struct trace *t,
		     const char *(*kname)(void *ctx, uint64_t ip, char *buf, size_t len), void *ctx);
/* One call named name.  0 or -ENOMEM. */
int trace_call(struct trace *t, const struct scf_call *c, const char *name);
/* The calls still in progress, to end_time (recording clock); the
 * processes' and threads' names from tasks; the end of the document.
 * 0 or -ENOMEM. */
int trace_finish(struct trace *t, uint64_t end_time, const struct tasks *tasks);
void trace_free(struct trace *t);

#endif
