/*
 * stacks.h - system calls aggregated by the user call stack that made them,
 * weighted by time and by calls.
 *
 * Two stages, so that symbolization never runs per call:
 *  1. while streaming, stacks_add counts each call into its raw stack: its
 *     group (the report's grouping key), comm, syscall and stack, the stack
 *     being an id the caller interned (callstacks.h: a stack of module
 *     offsets, shared by every process running the same binaries);
 *  2. at the end, the caller names the frames of each raw stack
 *     (stacks_raw_at, stacks_set_frames) and stacks_build merges the raw
 *     stacks that name the same frames into, per group: for each syscall,
 *     its stacks ranked by weight; and one caller/callee tree
 *     (comm -> outermost frame -> ... -> innermost frame -> syscall).
 *
 * Calls count as in agg.h: a completed call adds to calls (to errors if it
 * failed) and its duration to the latency histogram, whose sum is the
 * time; NO_ENTER calls add a call (an error if they failed) and no time;
 * NO_RETURN calls (exit_group) only count in no_return and UNFINISHED ones
 * in unfinished.  Pure: no I/O.  Memory grows with unique
 * stacks, not calls.
 */
#ifndef SCPROF_STACKS_H
#define SCPROF_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/hist.h"
#include "formats/scf.h"

enum stacks_weight {
	STACKS_BY_TIME = 0, /* total ns in the call */
	STACKS_BY_CALLS,
	STACKS_BY_BLOCKED,  /* ns asleep in the call (record --off-cpu) */
	STACKS_BY_ONCPU,    /* ns on a CPU in the call (record --off-cpu) */
};

struct stacks_stat {
	uint64_t calls, errors, unfinished, no_return;
	uint64_t time;   /* ns in completed calls */
	/* of that time, ns asleep and on a CPU (record --off-cpu; a call
	 * without off-CPU times counts all its time on a CPU) */
	uint64_t blocked, oncpu;
	/* their latencies; in tree nodes only if stacks_build was asked to */
	struct hist lat;
};

static inline uint64_t stacks_weight_of(const struct stacks_stat *st, enum stacks_weight w)
{
	switch (w) {
	case STACKS_BY_CALLS:
		return st->calls;
	case STACKS_BY_BLOCKED:
		return st->blocked;
	case STACKS_BY_ONCPU:
		return st->oncpu;
	default:
		return st->time;
	}
}

/* One raw stack of one group, comm and syscall, and what was counted. */
struct stacks_raw {
	uint64_t group;
	const char *comm;  /* as given to stacks_add */
	uint64_t stack;    /* as given to stacks_add */
	int32_t nr;
	struct stacks_stat st;
	/* set by stacks_set_frames: frame ids, outermost first */
	uint32_t nframes;
	uint32_t *frames;
	/* set by stacks_set_kframes: the kernel wait stack's frame ids
	 * (record --off-cpu), outermost first, below the syscall */
	uint32_t nkframes;
	uint32_t *kframes;
};

/* One stack of one syscall after naming: raw stacks merged. */
struct stacks_path {
	uint32_t nframes;
	const uint32_t *frames; /* outermost first */
	struct stacks_stat st;
};

struct stacks_sys {
	uint64_t group;
	int32_t nr;
	struct stacks_stat total;
	struct stacks_path *paths; /* heaviest first */
	size_t npaths;
};

enum stacks_kind {
	STACKS_ROOT = 0,
	STACKS_COMM,    /* id: a frame id naming the comm */
	STACKS_FRAME,   /* id: a frame id */
	STACKS_SYSCALL, /* id: the syscall number */
	STACKS_KFRAME,  /* id: a frame id of a kernel function the call waited in,
			   below its syscall (record --off-cpu) */
};

struct stacks_node {
	enum stacks_kind kind;
	uint32_t id;
	struct stacks_node *parent;
	struct stacks_node **kids; /* heaviest first */
	size_t nkids;
	struct stacks_stat st;     /* every call below (inclusive) */
	uint64_t self_calls, self_time; /* calls made right here (this frame innermost) */
};

struct stacks_tree {
	uint64_t group;
	struct stacks_node *root;
};

/* How the printers (stackprint.h, flame.h) name and trim what they show. */
struct stacks_show {
	enum stacks_weight weight;
	size_t top;         /* at most this many syscalls, and stacks of each; 0: all */
	double min_share;   /* tree: hide nodes under this share of their tree, 0..1 */
	const char *(*sys_name)(void *ctx, int32_t nr);  /* never NULL */
	/* a group's title ("pid 42 (nginx)") into buf; NULL: one group */
	const char *(*group_name)(void *ctx, uint64_t group, char *buf, size_t len);
	void *ctx;
	const char *title;  /* flame graph title; NULL: a default */
	uint64_t cut;       /* calls whose stack was cut short (callstacks.h):
			       said below the text views and in JSON */
};

struct stacks;

int stacks_new(struct stacks **out);
void stacks_free(struct stacks *s);

/* Count call c, made by comm (NULL: unknown) with the stack the caller
 * calls stack (equal ids for equal stacks).  0 or -ENOMEM. */
int stacks_add(struct stacks *s, uint64_t group, const char *comm, uint64_t stack,
	       const struct scf_call *c);

size_t stacks_nraw(const struct stacks *s);
struct stacks_raw *stacks_raw_at(struct stacks *s, size_t i);

/* The id of a frame name (interned; the same id for equal names).
 * UINT32_MAX if out of memory. */
uint32_t stacks_frame_id(struct stacks *s, const char *name);
/* The same for a frame that is a function inlined into its caller: a
 * frame of its own, named as the function, with another id than the
 * function's frames where it was not inlined. */
uint32_t stacks_frame_id_inlined(struct stacks *s, const char *name);
const char *stacks_frame_name(const struct stacks *s, uint32_t id);
/* Whether frame id is an inlined function (the printers mark it so). */
bool stacks_frame_inlined(const struct stacks *s, uint32_t id);
/* Name raw stack r's frames: ids, outermost first (copied).  0 or -ENOMEM. */
int stacks_set_frames(struct stacks *s, struct stacks_raw *r, const uint32_t *ids, uint32_t n);
/* Name raw stack r's kernel wait frames, outermost first (copied): the
 * tree continues below its syscall into them.  0 or -ENOMEM. */
int stacks_set_kframes(struct stacks *s, struct stacks_raw *r, const uint32_t *ids, uint32_t n);

/*
 * Merge the named raw stacks (a raw stack not named has no frames) into
 * the per-syscall lists and trees, ranked by weight w (ties: more calls,
 * then more time, then frame names).  Syscall lists are ordered by group
 * (first seen first), then by weight.  Tree nodes get latency histograms
 * only with node_latency (they cost a merge per node and raw stack).
 * Call once.  0 or -ENOMEM.
 */
int stacks_build(struct stacks *s, enum stacks_weight w, bool node_latency);
size_t stacks_nsys(const struct stacks *s);
const struct stacks_sys *stacks_sys_at(const struct stacks *s, size_t i);
size_t stacks_ntrees(const struct stacks *s);
const struct stacks_tree *stacks_tree_at(const struct stacks *s, size_t i);

#endif
