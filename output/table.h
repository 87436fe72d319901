/*
 * table.h - the terminal views of a report: a header naming the
 * recording, strace -c tables (one, or one per group), errno breakdowns,
 * log2 latency histograms and the calls still blocked at the end.
 * Formatting only: everything shown is computed in struct rview.
 *
 * output/ holds the printers: each takes what analysis/ computed and a
 * FILE * and only formats it (tables, JSON, CSV, event lines, call stack
 * lists, flame graphs, the comparison of runs, dump's raw records).  It
 * uses analysis/'s results, formats/, syscalls/ and base/; never cli/, and
 * never the scan (analysis/scan.h) itself.
 */
#ifndef SCPROF_TABLE_H
#define SCPROF_TABLE_H

#include <stdio.h>

#include "analysis/rview.h"

/* Lines naming the recording, and warnings about lost events and
 * truncation. */
void table_print_header(FILE *f, const struct rview *v);
/* The -c table(s), with --latency columns, --errors and --hist below. */
void table_print(FILE *f, const struct rview *v);
/* --wait (record --off-cpu): per syscall, on-CPU, blocked and runnable
 * time and their shares, then each one's top kernel wait sites and
 * wakers; by group with --by. */
void table_print_wait(FILE *f, const struct rview *v);
/* --stuck: one line per call in progress at the end, longest first. */
void table_print_stuck(FILE *f, const struct rview *v);

#endif
