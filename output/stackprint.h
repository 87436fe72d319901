/*
 * stackprint.h - `scprof report --stacks` as text: per syscall, the stacks
 * that made it, ranked by weight with their share of the syscall's time
 * and calls; or (--stacks=tree) a caller/callee tree with inclusive
 * ("children") and self shares, like `perf report --children`.
 *
 * Only formats what stacks_build computed (stacks.h).
 *
 * stackprint_json is the list for scripts (--stacks --format json):
 *
 * {"recording": {...as in json.h}, "duration_ns", "events", "lost_events",
 *  "truncated", "filtered",
 *  "stack_every": N (1: every call has its stack; else one call in N was
 *                    sampled and the counts below are of those),
 *  "weight": "time"|"calls",
 *  "syscalls": [{"group": "process 42 (nginx)" (null without --by),
 *                "name", "nr", "calls", "errors", "total_ns",
 *                "stacks": [{"calls", "errors", "total_ns", "p50_ns",
 *                            "p99_ns", "frames": [innermost first]}...],
 *                "more_stacks": stacks left out by --top}...]}
 *
 * Syscalls and stacks come heaviest first by the weight; a stack without
 * frames (a call whose stack was not captured) has "frames": [].
 */
#ifndef SCPROF_STACKPRINT_H
#define SCPROF_STACKPRINT_H

#include <stdio.h>

#include "analysis/rview.h"
#include "analysis/stacks.h"

void stackprint_list(FILE *f, const struct stacks *s, const struct stacks_show *show);
void stackprint_tree(FILE *f, const struct stacks *s, const struct stacks_show *show);
/* The whole JSON document, recording facts from v. */
void stackprint_json(FILE *f, const struct stacks *s, const struct stacks_show *show,
		     const struct rview *v);

#endif
