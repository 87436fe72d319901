/*
 * csv.h - a report as CSV (--format csv): a header row, then one row per
 * syscall, or per group and syscall with --by.  Formatting only.
 *
 * Columns: with --by process "pid,comm,", with --by thread
 * "pid,tid,comm,", with --by comm "comm,", then always
 * "name,nr,calls,errors,total_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,partial,partial_ns".
 * Control bytes in names from the traced side (comm) are escaped as in
 * the text views (textesc.h); fields are then quoted (RFC 4180) when
 * they hold a comma or a quote.
 */
#ifndef SCPROF_CSV_H
#define SCPROF_CSV_H

#include <stdio.h>

#include "analysis/rview.h"

void csv_print(FILE *f, const struct rview *v);
/* One field, quoted if needed (NULL: empty). */
void csv_print_field(FILE *f, const char *s);

#endif
