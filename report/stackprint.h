/*
 * stackprint.h - `scprof report --stacks` as text: per syscall, the stacks
 * that made it, ranked by weight with their share of the syscall's time
 * and calls; or (--stacks=tree) a caller/callee tree with inclusive
 * ("children") and self shares, like `perf report --children`.
 *
 * Only formats what stacks_build computed (stacks.h).
 */
#ifndef SCPROF_STACKPRINT_H
#define SCPROF_STACKPRINT_H

#include <stdio.h>

#include "report/stacks.h"

void stackprint_list(FILE *f, const struct stacks *s, const struct stacks_show *show);
void stackprint_tree(FILE *f, const struct stacks *s, const struct stacks_show *show);

#endif
