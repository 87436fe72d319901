/*
 * diffstacks.h - what changed between two sets of recordings per call
 * stack (`scprof diff --stacks`, its folded and SVG formats).
 *
 * A stack is compared by its names as a string, the key
 *   comm;outermost;...;innermost;syscall
 * (the thread's name first, as in the folded format of flame.h; ';' and
 * control characters in names made ':' and '?'), so recordings of other
 * builds, addresses or PIDs match as long as the names do.  A frame that
 * is a function inlined into its caller (stacks_frame_inlined) ends in
 * the byte DIFFSTACKS_INLINED: as in stacks.h, it is another frame than
 * the same function where it was not inlined, and the printers mark it
 * (diffstacks_key_text) or drop the mark (the folded format).  Each side
 * pools one or more recordings (runs): the calls and time of equal keys
 * are summed, then scaled like the rest of the diff (struct diff_scale:
 * per run by default).  Rows are sorted by the size of the change of time
 * (or of calls, or by key), ties by key.
 *
 * Pure: no I/O.  Memory grows with the distinct stacks of both sides.
 */
#ifndef SCPROF_DIFFSTACKS_H
#define SCPROF_DIFFSTACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/agg.h"
#include "analysis/diff.h"

/* Ends an inlined frame's name in a key (no name holds a control
 * character: they are made '?'). */
#define DIFFSTACKS_INLINED '\x01'

/* The key of names[0..n) (comm, frames outermost first, syscall) into a
 * new string, names[i] marked inlined where inlined[i] (inlined: NULL
 * for none).  NULL if out of memory. */
char *diffstacks_key(const char *const *names, const bool *inlined, size_t n);
/* key as text, into a new string: each inlined frame followed by mark
 * (" (inlined)", as the report's views mark it), or with mark NULL by
 * nothing (the plain names of the folded format).  NULL if out of
 * memory. */
char *diffstacks_key_text(const char *key, const char *mark);

struct diffstacks_entry {
	char *key;
	uint64_t calls, time; /* time: ns of completed calls */
};

/* One side: what its runs counted per stack, unmerged until built. */
struct diffstacks_side {
	struct diffstacks_entry *v;
	size_t n, cap;
};

void diffstacks_side_init(struct diffstacks_side *s);
void diffstacks_side_release(struct diffstacks_side *s);
/* Count calls and time for key (copied).  0 or -ENOMEM. */
int diffstacks_side_add(struct diffstacks_side *s, const char *key, uint64_t calls,
			uint64_t time);

struct diffstacks_row {
	const char *key;         /* the stack; borrowed from the built diff */
	const char *syscall;     /* its last name, inside key */
	enum diff_status status; /* APPEARED, VANISHED, SAME or CHANGED */
	uint64_t raw_calls[2];   /* BASE, NEW: unscaled, runs summed */
	struct diff_val calls, time; /* scaled; time in ns */
};

struct diffstacks {
	struct diffstacks_row *rows; /* sorted */
	size_t nrows;
	char **keys;                 /* owned, one per row */
};

/* Compare two sides: merge equal keys of each, match them, scale and
 * sort by key sort (0 or AGG_SORT_TIME: the change of time; AGG_SORT_CALLS
 * (and ERRORS): of calls; AGG_SORT_NAME: by key; AVG and MAX: time).
 * 0 or -ENOMEM (then d is released). */
int diffstacks_build(struct diffstacks *d, const struct diffstacks_side *base,
		     const struct diffstacks_side *new, const struct diff_scale *scale,
		     enum agg_sort sort);
void diffstacks_release(struct diffstacks *d);
/* The row of key, or NULL. */
const struct diffstacks_row *diffstacks_find(const struct diffstacks *d, const char *key);

#endif
