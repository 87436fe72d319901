/*
 * hist.h - latency histogram: log-linear (HDR-style) buckets of ns values.
 *
 * The first 64 values are kept as they are (most histograms of a thread's
 * syscall stay that small).  Past that they go into buckets: values below
 * 128 are counted exactly; above, every power of two [2^k, 2^(k+1)) is
 * split into 128 equal sub-buckets, so a bucket's midpoint is within 1/256
 * (0.4%) of any value in it.  Count, sum, min and max are always exact.
 * Bucket counters are allocated 16 at a time on first use, for the powers
 * of two between the lowest and highest value seen.  So an empty histogram
 * is a few numbers and NULL pointers, a small one at most 512 bytes of
 * values, and a full one at most ~68 KiB.
 *
 * Percentiles use the nearest-rank rule (the smallest value with at least
 * p% of the values at or below it): exact while the values are kept, then
 * the midpoint of the bucket holding it, clamped to [min, max].
 */
#ifndef SCPROF_HIST_H
#define SCPROF_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1u << HIST_SUB_BITS)        /* linear sub-buckets per power of two */
#define HIST_GROUPS (64 - HIST_SUB_BITS + 1) /* group 0: 0..127; group g: [2^(g+6), 2^(g+7)) */
#define HIST_BLOCK_BITS 4
#define HIST_BLOCK (1u << HIST_BLOCK_BITS)   /* counters allocated together */
#define HIST_BLOCKS (HIST_SUB / HIST_BLOCK)  /* blocks per group */

/* One power of two: its sub-bucket counters, 16 at a time, NULL until used. */
struct hist_group {
	uint64_t *blocks[HIST_BLOCKS];
};

#define HIST_EXACT_MAX 64 /* values kept as they are before buckets */

struct hist {
	uint64_t count, sum, min, max;
	/* While count <= HIST_EXACT_MAX the values themselves are kept in
	 * exact (capacity exact_cap); then they move into buckets. */
	uint64_t *exact;
	uint32_t exact_cap;
	/* groups lo .. lo + ngroups - 1 have a slot (NULL while empty) */
	uint8_t lo, ngroups;
	struct hist_group *groups;
};

/* One log2 bucket for display: values in [lo, hi). */
struct hist_bucket {
	uint64_t lo, hi, count;
};

#define HIST_LOG2_MAX 65 /* [0,1), [1,2), [2,4), ..., [2^63, 2^64) */

void hist_init(struct hist *h);
void hist_release(struct hist *h);
/* Slow path of hist_add: makes room for v's counter. 0 or -ENOMEM. */
int hist_add_alloc(struct hist *h, uint64_t v);

static inline void hist_add_stats(struct hist *h, uint64_t v)
{
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum += v;
}

/* Count one value.  0 or -ENOMEM (then the histogram is unchanged). */
static inline int hist_add(struct hist *h, uint64_t v)
{
	if (h->exact_cap) {
		if (h->count >= h->exact_cap)
			return hist_add_alloc(h, v);
		h->exact[h->count] = v;
		hist_add_stats(h, v);
		return 0;
	}
	unsigned g, sub;
	if (v < HIST_SUB) {
		g = 0;
		sub = (unsigned)v;
	} else {
		unsigned k = 63 - (unsigned)__builtin_clzll(v);
		g = k - HIST_SUB_BITS + 1;
		sub = (unsigned)(v >> (k - HIST_SUB_BITS)) - HIST_SUB;
	}
	unsigned i = g - h->lo; /* wraps when g < lo */
	uint64_t *block;
	if (__builtin_expect(i >= h->ngroups ||
				     !(block = h->groups[i].blocks[sub >> HIST_BLOCK_BITS]),
			     0))
		return hist_add_alloc(h, v);
	block[sub & (HIST_BLOCK - 1)]++;
	hist_add_stats(h, v);
	return 0;
}

/* dst += src.  0 or -ENOMEM (dst may then be partly merged). */
int hist_merge(struct hist *dst, const struct hist *src);
/* The p-th percentile (0 < p <= 100) by nearest rank; 0 if empty. */
uint64_t hist_percentile(const struct hist *h, double p);
/* Exact mean, rounded down; 0 if empty. */
uint64_t hist_avg(const struct hist *h);
/* Exact min (0 if empty). */
uint64_t hist_min(const struct hist *h);
/*
 * Power-of-two buckets from the lowest to the highest non-empty one
 * (empty ones in between included), bpftrace's hist() layout: [0,1),
 * [1,2), [2,4), [4,8)...  out must hold HIST_LOG2_MAX entries.  Returns
 * how many were written (0 if empty).
 */
size_t hist_log2(const struct hist *h, struct hist_bucket *out);

#endif
