/*
 * hist.c - log-linear latency histogram (see hist.h).
 *
 * Group 0 counts 0..127 exactly.  Group g >= 1 covers [2^(g+6), 2^(g+7))
 * in 128 sub-buckets of width 2^(g-1).  Slots exist for the window of
 * groups between the lowest and highest value seen; within a group,
 * counters come in blocks of 16.  Before any of that, the first
 * HIST_EXACT_MAX values are kept in an array that doubles as it fills.
 */
#include "analysis/hist.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

static void release_buckets(struct hist *h)
{
	for (unsigned i = 0; i < h->ngroups; i++)
		for (unsigned b = 0; b < HIST_BLOCKS; b++)
			free(h->groups[i].blocks[b]);
	free(h->groups);
	h->groups = NULL;
	h->lo = h->ngroups = 0;
}

void hist_release(struct hist *h)
{
	release_buckets(h);
	free(h->exact);
	hist_init(h);
}

static unsigned group_of(uint64_t v)
{
	if (v < HIST_SUB)
		return 0;
	return 63 - (unsigned)__builtin_clzll(v) - HIST_SUB_BITS + 1;
}

/* Widen the window of group slots to hold g. */
static int ensure_slot(struct hist *h, unsigned g)
{
	if (h->ngroups && g >= h->lo && g < (unsigned)h->lo + h->ngroups)
		return 0;
	unsigned lo = h->ngroups && h->lo < g ? h->lo : g;
	unsigned hi = h->ngroups && (unsigned)h->lo + h->ngroups > g + 1 ? h->lo + h->ngroups : g + 1;
	struct hist_group *v = calloc(hi - lo, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (h->ngroups)
		memcpy(v + (h->lo - lo), h->groups, h->ngroups * sizeof(*v));
	free(h->groups);
	h->groups = v;
	h->lo = (uint8_t)lo;
	h->ngroups = (uint8_t)(hi - lo);
	return 0;
}

/* The block of counters holding (g, sub), allocated if new; NULL if out
 * of memory. */
static uint64_t *ensure_block(struct hist *h, unsigned g, unsigned sub)
{
	if (ensure_slot(h, g))
		return NULL;
	uint64_t **b = &h->groups[g - h->lo].blocks[sub >> HIST_BLOCK_BITS];
	if (!*b)
		*b = calloc(HIST_BLOCK, sizeof(uint64_t));
	return *b;
}

/* Count v in its bucket (not in count, sum, min, max). */
static int bucket_inc(struct hist *h, uint64_t v)
{
	unsigned g = group_of(v);
	unsigned sub = g == 0 ? (unsigned)v : (unsigned)(v >> (g - 1)) - HIST_SUB;
	uint64_t *b = ensure_block(h, g, sub);
	if (!b)
		return -ENOMEM;
	b[sub & (HIST_BLOCK - 1)]++;
	return 0;
}

/* Move the kept values into buckets; unchanged on -ENOMEM. */
static int to_buckets(struct hist *h)
{
	for (uint64_t i = 0; i < h->count && h->exact_cap; i++) {
		if (bucket_inc(h, h->exact[i])) {
			release_buckets(h);
			return -ENOMEM;
		}
	}
	free(h->exact);
	h->exact = NULL;
	h->exact_cap = 0;
	return 0;
}

int hist_add_alloc(struct hist *h, uint64_t v)
{
	if (!h->count && !h->ngroups && !h->exact_cap) {
		/* the first value: start keeping values */
		if (!(h->exact = malloc(4 * sizeof(*h->exact))))
			return -ENOMEM;
		h->exact_cap = 4;
	} else if (h->exact_cap && h->exact_cap < HIST_EXACT_MAX) {
		uint64_t *e = realloc(h->exact, 2 * h->exact_cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		h->exact = e;
		h->exact_cap *= 2;
	} else if (h->exact_cap) {
		if (to_buckets(h))
			return -ENOMEM;
		if (bucket_inc(h, v))
			return -ENOMEM; /* v's bucket is the only change */
		hist_add_stats(h, v);
		return 0;
	} else if (bucket_inc(h, v)) {
		return -ENOMEM;
	} else {
		hist_add_stats(h, v);
		return 0;
	}
	return hist_add(h, v);
}

/* Lowest value of bucket (g, sub) and its width. */
static uint64_t bucket_lo(unsigned g, unsigned sub)
{
	if (g == 0)
		return sub;
	return (uint64_t)(HIST_SUB + sub) << (g - 1);
}

static uint64_t bucket_width(unsigned g)
{
	return g == 0 ? 1 : 1ull << (g - 1);
}

static uint64_t group_count(const struct hist_group *grp)
{
	uint64_t n = 0;
	for (unsigned b = 0; b < HIST_BLOCKS; b++)
		if (grp->blocks[b])
			for (unsigned i = 0; i < HIST_BLOCK; i++)
				n += grp->blocks[b][i];
	return n;
}

int hist_merge(struct hist *dst, const struct hist *src)
{
	if (!src->count)
		return 0;
	if (src->exact_cap) {
		for (uint64_t i = 0; i < src->count; i++) {
			int err = hist_add(dst, src->exact[i]);
			if (err)
				return err;
		}
		return 0;
	}
	if (dst->exact_cap && to_buckets(dst))
		return -ENOMEM;
	for (unsigned i = 0; i < src->ngroups; i++) {
		unsigned g = src->lo + i;
		for (unsigned b = 0; b < HIST_BLOCKS; b++) {
			const uint64_t *from = src->groups[i].blocks[b];
			if (!from)
				continue;
			uint64_t *to = ensure_block(dst, g, b << HIST_BLOCK_BITS);
			if (!to)
				return -ENOMEM;
			for (unsigned j = 0; j < HIST_BLOCK; j++)
				to[j] += from[j];
		}
	}
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	return 0;
}

uint64_t hist_percentile(const struct hist *h, double p)
{
	if (!h->count)
		return 0;
	if (p >= 100)
		return h->max;
	/* nearest rank: ceil(p/100 * n), at least 1.  In integers, with p in
	 * millionths: in doubles 99.9 / 100 * 1000 is 999.0000000000001,
	 * whose ceiling would make the p99.9 of 1000 values their maximum. */
	uint64_t ppm = (uint64_t)llround(p * 1e6);
	uint64_t rank = (uint64_t)(((unsigned __int128)ppm * h->count + 99999999) / 100000000);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	if (h->exact_cap) {
		/* at most HIST_EXACT_MAX values: sort a copy */
		uint64_t v[HIST_EXACT_MAX];
		size_t n = (size_t)h->count;
		for (size_t i = 0; i < n; i++) {
			size_t j = i;
			for (; j > 0 && v[j - 1] > h->exact[i]; j--)
				v[j] = v[j - 1];
			v[j] = h->exact[i];
		}
		return v[rank - 1];
	}
	uint64_t seen = 0;
	for (unsigned i = 0; i < h->ngroups; i++) {
		const struct hist_group *grp = &h->groups[i];
		uint64_t n = group_count(grp);
		if (seen + n < rank) {
			seen += n;
			continue;
		}
		for (unsigned sub = 0; sub < HIST_SUB; sub++) {
			const uint64_t *b = grp->blocks[sub >> HIST_BLOCK_BITS];
			if (!b) {
				sub |= HIST_BLOCK - 1; /* skip the block */
				continue;
			}
			seen += b[sub & (HIST_BLOCK - 1)];
			if (seen < rank)
				continue;
			unsigned g = h->lo + i;
			uint64_t v = bucket_lo(g, sub) + bucket_width(g) / 2;
			if (v < h->min)
				v = h->min;
			if (v > h->max)
				v = h->max;
			return v;
		}
	}
	return h->max; /* not reached: counts add up to count */
}

uint64_t hist_avg(const struct hist *h)
{
	return h->count ? h->sum / h->count : 0;
}

uint64_t hist_min(const struct hist *h)
{
	return h->count ? h->min : 0;
}

size_t hist_log2(const struct hist *h, struct hist_bucket *out)
{
	if (!h->count)
		return 0;
	uint64_t counts[HIST_LOG2_MAX] = {0};
	/* log2 bucket b: b == 0 holds 0, b >= 1 holds [2^(b-1), 2^b) */
	for (uint64_t i = 0; h->exact_cap && i < h->count; i++) {
		uint64_t v = h->exact[i];
		counts[v == 0 ? 0 : 64 - (unsigned)__builtin_clzll(v)]++;
	}
	for (unsigned i = 0; i < h->ngroups; i++) {
		unsigned g = h->lo + i;
		const struct hist_group *grp = &h->groups[i];
		if (g > 0) {
			/* group g covers [2^(g+6), 2^(g+7)): log2 bucket g+7 */
			counts[g + HIST_SUB_BITS] += group_count(grp);
			continue;
		}
		for (unsigned v = 0; v < HIST_SUB; v++) {
			const uint64_t *b = grp->blocks[v >> HIST_BLOCK_BITS];
			if (!b)
				continue;
			unsigned k = v == 0 ? 0 : 64 - (unsigned)__builtin_clzll(v);
			counts[k] += b[v & (HIST_BLOCK - 1)];
		}
	}
	int first = -1, last = -1;
	for (int b = 0; b < HIST_LOG2_MAX; b++) {
		if (!counts[b])
			continue;
		if (first < 0)
			first = b;
		last = b;
	}
	size_t n = 0;
	for (int b = first; b <= last; b++) {
		out[n].lo = b == 0 ? 0 : 1ull << (b - 1);
		out[n].hi = b == 0 ? 1 : b == 64 ? UINT64_MAX : 1ull << b;
		out[n].count = counts[b];
		n++;
	}
	return n;
}
