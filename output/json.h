/*
 * json.h - a report as one JSON document (--format json).  Formatting
 * only.  The schema (names are a contract with scripts and tests):
 *
 * {"recording": {"path", "recorder": "bpf"|"tracepoint", "recorded_by",
 *                "hostname", "kernel_release", "arch",
 *                "ncpus", "target": "command"|"pids"|"system", "argv": [..],
 *                "pids": [..], "start_time_ns", "start_realtime_ns",
 *                "options", "filter"},
 *  "duration_ns", "events", "lost_events", "truncated", "chunks", "filtered",
 *  "unfinished", "no_return", "partial", "partial_ns",
 *  "total": {"calls", "errors", "total_ns"},
 *  "syscalls": [SYSCALL...],
 *  "groups": [{"pid", "tid", "comm", "cmdline", "calls", "errors",
 *              "total_ns", "syscalls": [SYSCALL...]}...]    (with --by)
 *  "stuck": [{"pid", "tid", "comm", "name", "nr", "blocked_ns",
 *             "entered_before", "args": [6 numbers]}...]}
 * SYSCALL = {"name", "nr", "calls", "errors", "unfinished", "no_return",
 *            "total_ns", "min_ns", "avg_ns", "p50_ns", "p90_ns", "p99_ns",
 *            "p999_ns", "max_ns", "partial", "partial_ns",
 *            "errnos": {"ENOENT": 77, ...},
 *            "hist": [{"lo_ns", "hi_ns", "count"}...]   (with --hist)
 *            "counters": {"page-faults": 6400, ...}, "counted_calls",
 *            "counters_scaled": ["cycles"...]  (record --counters)}
 * "partial" calls (entered before recording: agg.h) are in "calls"; their
 * time, a lower bound, is "partial_ns", in no latency field.
 * "counters" holds what the calls of counted_calls (those whose entry and
 * exit were read) counted, keyed by the names given to record; the
 * counters in "counters_scaled" were multiplexed and their values scaled.
 * "total" and each group carry "counters" and "counters_scaled" too.
 * Latency fields are 0 for a syscall without timed calls; percentiles are
 * exact up to 64 timed calls, then within 1% (see hist.h).  Unknown
 * strings (comm, cmdline) and ids that a grouping lacks are null.
 */
#ifndef SCPROF_JSON_H
#define SCPROF_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "analysis/rview.h"
#include "output/jsonprint.h"

void json_print(FILE *f, const struct rview *v);

#endif
