/*
 * diffflame.h - output of `scprof diff --stacks`: the table of the stacks
 * that changed most, Brendan Gregg's difffolded format and a differential
 * flame graph.  Formatting only: every number is computed in struct
 * diffstacks (diffstacks.h).
 *
 * Table: the top stacks by the size of their change (the diff's order),
 * calls and time per side (scaled: per recording by default), their
 * changes and the relative change of the sort key; stacks that appeared
 * or vanished are marked.  An inlined frame is its name and " (inlined)",
 * as in report's views (stackprint.h).
 *
 * Folded (difffolded.pl's output, read by flamegraph.pl and inferno):
 *   comm;outermost;...;innermost;syscall BASE NEW
 * one line per stack, by key; the values are time in whole microseconds
 * (STACKS_BY_TIME, rounded) or calls (rounded, when scaling made a
 * fraction); stacks with both values 0 are left out.  Names are plain,
 * inlined frames unmarked (as report's folded format): stacks that differ
 * only in which frames were inlined are one line, their values summed.
 *
 * SVG: a self-contained differential flame graph: frames merged by name
 * from the root, widths by NEW, red where a frame's weight grew and blue
 * where it shrank, the stronger the larger the relative change (full from
 * +-100%, and for frames new in NEW), white when unchanged; tooltips give
 * BASE, NEW and the change.  An inlined frame is another frame than its
 * function not inlined, named with " (inlined)" as in flame.h.  Frames
 * narrower than 0.1 pixel and frames only in BASE (no width) are left
 * out.  No script, no external resources.
 */
#ifndef SCPROF_DIFFFLAME_H
#define SCPROF_DIFFFLAME_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/diffstacks.h"
#include "analysis/stacks.h"

struct diffflame_show {
	enum stacks_weight weight; /* folded and SVG values */
	enum agg_sort sort;        /* the table's relative change: of calls or time */
	size_t top;                /* table rows; 0: all */
	const char *title;         /* SVG title; NULL: a default */
};

void diffflame_table(FILE *f, const struct diffstacks *d, const struct diffflame_show *show);
/* 0 or -ENOMEM (nothing printed). */
int diffflame_folded(FILE *f, const struct diffstacks *d, const struct diffflame_show *show);
int diffflame_svg(FILE *f, const struct diffstacks *d, const struct diffflame_show *show);

#endif
