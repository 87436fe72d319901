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
 * Off-CPU blocks (issue 10), when a recording has them, belong inside
 * their call's slice as nested X events of the same thread, written
 * with it (print_call).
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
/* One call named name.  0 or -ENOMEM. */
int trace_call(struct trace *t, const struct scf_call *c, const char *name);
/* The calls still in progress, to end_time (recording clock); the
 * processes' and threads' names from tasks; the end of the document.
 * 0 or -ENOMEM. */
int trace_finish(struct trace *t, uint64_t end_time, const struct tasks *tasks);
void trace_free(struct trace *t);

#endif
