/*
 * diffout.h - `scprof diff` output: tables, JSON and CSV of a struct diff
 * (diff.h) and the verdicts of its --fail-if rules (gate.h).  Formatting
 * only: every number shown is computed in struct diff.
 *
 * JSON (names are a contract with scripts and tests):
 * {"base": SIDE, "new": SIDE,
 *  "normalize": "raw"|"per-second"|"per-calls", "per_calls_of": NAME|null,
 *  "by": "syscall"|"process"|"cmdline"|"thread"|"comm", "filtered",
 *  "alpha", "min_test_calls",
 *  "total": ROW, "syscalls": [ROW...],
 *  "groups": [{"label", "detail", "status", "total": ROW,
 *              "syscalls": [ROW...]}...]                  (with --by)
 *  "appeared": [NAME...], "vanished": [NAME...],
 *  "new_errnos": [{"name", "errno", "count"}...],
 *  "gate": [{"rule", "tripped", "noise", "base", "new", "measured",
 *            "p_value"}...]}                              (with --fail-if)
 * SIDE = {"runs", "duration_ns", "scale", "recordings": [{"path",
 *         "hostname", "kernel_release", "arch", "argv": [..],
 *         "duration_ns", "events", "lost_events", "truncated"}...]}
 * ROW = {"name" (null for a total), "status":
 *        "same"|"changed"|"appeared"|"vanished",
 *        "calls", "errors", "total_ns", "avg_ns", "p50_ns", "p90_ns",
 *        "p99_ns", "max_ns": CHANGE,
 *        "tested", "p_value", "significant", "prob_slower",
 *        "errnos": {"ENOENT": {"base", "new", "new_errno"}...},
 *        "counters": {"page-faults": CHANGE...},
 *        "counters_scaled": [NAME...]}     (recordings with --counters)
 * CHANGE = {"base", "new", "change", "change_pct"}
 * Counts are scaled (diff.h); integral numbers print without decimals.
 * change_pct is null when base is 0; p_value, significant and
 * prob_slower are null when the rank test was not done.  With several
 * NEW recordings compared one by one, the document is an array of these.
 *
 * CSV: a header, then one row per syscall (per group and syscall with
 * --by): "[new,][group,]name,status," then base,new,change,change_pct for
 * calls, errors, total_ns, avg_ns, p50_ns, p90_ns, p99_ns, max_ns, then
 * "p_value,significant,new_errnos" (new_errnos like "ENOENT:10 EBADF:2"),
 * then with counters NAME_base,NAME_new,NAME_change,NAME_change_pct per
 * counter and "counters_scaled" (names joined by '+').
 * The "new" column is there only when several NEW recordings are
 * compared.  Empty cells where JSON has null.
 */
#ifndef SCPROF_DIFFOUT_H
#define SCPROF_DIFFOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/diff.h"
#include "analysis/gate.h"

/* What a recording was, for the header lines. */
struct diff_recinfo {
	char *path, *hostname, *kernel_release, *arch;
	char **argv;
	uint32_t argc;
	enum scf_target target;
	uint64_t start_realtime, duration_ns, events, lost;
	bool truncated;
};

struct diff_view {
	const struct diff *d;
	const struct diff_side *side[2];     /* BASE, NEW */
	const struct diff_recinfo *rec[2];   /* their recordings */
	size_t nrec[2];
	enum diff_norm norm;
	const char *per_name;                /* with DIFF_NORM_PER_CALLS */
	const char *by;                      /* "syscall", "process"... */
	bool filtered;
	const char *new_arg;                 /* NEW as given, when several */
	const struct gate_rule *rules;
	const struct gate_verdict *verdicts; /* one per rule */
	size_t nrules;
};

void diffout_table(FILE *f, const struct diff_view *v);
void diffout_json(FILE *f, const struct diff_view *v);
/* header: print the header row first (the first of several diffs). */
void diffout_csv(FILE *f, const struct diff_view *v, bool header);

#endif
