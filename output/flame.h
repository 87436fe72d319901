/*
 * flame.h - flame graphs of syscall stacks: the folded format and a
 * self-contained interactive SVG.
 *
 * Folded (Brendan Gregg's stackcollapse output, read by flamegraph.pl,
 * inferno and speedscope): one line per unique stack,
 *   comm;outermost;...;innermost;syscall VALUE
 * VALUE being the stack's time in whole microseconds (STACKS_BY_TIME,
 * rounded; stacks under half a microsecond are left out) or its calls.
 *
 * SVG: one frame per tree node (stacks.h), the root at the bottom, widths
 * by weight, coloured by the syscall class (syscalls.h) that weighs most
 * under the frame; tooltips give calls, time, their shares, p50 and p99.
 * Click a frame to zoom into it, "Reset Zoom" (or Escape) to go back,
 * "Search" (or Ctrl-F) to highlight frames matching a regular expression;
 * a URL ending in #search=REGEX or #zoom=NAME opens searched or zoomed.
 * Frames narrower than 0.1 pixel are left out.  No external resources.
 *
 * Only formats what stacks_build computed; the SVG draws the first tree
 * (the caller builds one group for it) and its percentiles need the tree
 * built with node_latency.
 */
#ifndef SCPROF_FLAME_H
#define SCPROF_FLAME_H

#include <stdio.h>

#include "analysis/stacks.h"

void flame_folded(FILE *f, const struct stacks *s, const struct stacks_show *show);
void flame_svg(FILE *f, const struct stacks *s, const struct stacks_show *show);

#endif
