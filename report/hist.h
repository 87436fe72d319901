/*
 * hist.h - latency histogram: log-linear (HDR-style) buckets of ns values.
 *
 * Values below 128 are counted exactly; above, every power of two
 * [2^k, 2^(k+1)) is split into 128 equal sub-buckets, so a bucket's
 * midpoint is within 1/256 (0.4%) of any value in it.  Count, sum, min and
 * max are exact.  Bucket storage is allocated per power of two on first
 * use, so an empty histogram is four numbers and a NULL pointer, and a
 * full one at most ~60 KiB.
 *
 * Percentiles use the nearest-rank rule (the smallest value with at least
 * p% of the values at or below it), reported as the midpoint of the bucket
 * holding it, clamped to [min, max].
 */
#ifndef SCPROF_HIST_H
#define SCPROF_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1u << HIST_SUB_BITS)        /* linear sub-buckets per power of two */
#define HIST_GROUPS (64 - HIST_SUB_BITS + 1) /* group 0: 0..127; group g: [2^(g+6), 2^(g+7)) */

struct hist_store {
	uint64_t group_count[HIST_GROUPS];
	uint64_t *counts[HIST_GROUPS]; /* HIST_SUB counters each, NULL until used */
};

struct hist {
	uint64_t count, sum, min, max;
	struct hist_store *store; /* NULL while empty */
};

/* One log2 bucket for display: values in [lo, hi). */
struct hist_bucket {
	uint64_t lo, hi, count;
};

#define HIST_LOG2_MAX 65 /* [0,1), [1,2), [2,4), ..., [2^63, 2^64) */

void hist_init(struct hist *h);
void hist_release(struct hist *h);
/* Slow path of hist_add: allocates a bucket group. 0 or -ENOMEM. */
int hist_add_alloc(struct hist *h, uint64_t v);

/* Count one value.  0 or -ENOMEM (then the histogram is unchanged). */
static inline int hist_add(struct hist *h, uint64_t v)
{
	unsigned g, sub;
	if (v < HIST_SUB) {
		g = 0;
		sub = (unsigned)v;
	} else {
		unsigned k = 63 - (unsigned)__builtin_clzll(v);
		g = k - HIST_SUB_BITS + 1;
		sub = (unsigned)(v >> (k - HIST_SUB_BITS)) - HIST_SUB;
	}
	struct hist_store *s = h->store;
	if (__builtin_expect(!s || !s->counts[g], 0))
		return hist_add_alloc(h, v);
	s->counts[g][sub]++;
	s->group_count[g]++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum += v;
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
