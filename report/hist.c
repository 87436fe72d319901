/*
 * hist.c - log-linear latency histogram (see hist.h).
 *
 * Group 0 counts 0..127 exactly.  Group g >= 1 covers [2^(g+6), 2^(g+7))
 * in 128 sub-buckets of width 2^(g-1).
 */
#include "report/hist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

void hist_release(struct hist *h)
{
	if (!h->store)
		return;
	for (unsigned g = 0; g < HIST_GROUPS; g++)
		free(h->store->counts[g]);
	free(h->store);
	hist_init(h);
}

static unsigned group_of(uint64_t v)
{
	if (v < HIST_SUB)
		return 0;
	return 63 - (unsigned)__builtin_clzll(v) - HIST_SUB_BITS + 1;
}

static int ensure_group(struct hist *h, unsigned g)
{
	if (!h->store) {
		h->store = calloc(1, sizeof(*h->store));
		if (!h->store)
			return -ENOMEM;
	}
	if (!h->store->counts[g]) {
		h->store->counts[g] = calloc(HIST_SUB, sizeof(uint64_t));
		if (!h->store->counts[g])
			return -ENOMEM;
	}
	return 0;
}

int hist_add_alloc(struct hist *h, uint64_t v)
{
	int err = ensure_group(h, group_of(v));
	if (err)
		return err;
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

int hist_merge(struct hist *dst, const struct hist *src)
{
	if (!src->count)
		return 0;
	for (unsigned g = 0; g < HIST_GROUPS; g++) {
		if (!src->store->group_count[g])
			continue;
		int err = ensure_group(dst, g);
		if (err)
			return err;
		for (unsigned i = 0; i < HIST_SUB; i++)
			dst->store->counts[g][i] += src->store->counts[g][i];
		dst->store->group_count[g] += src->store->group_count[g];
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
	/* nearest rank: ceil(p/100 * n), at least 1 */
	double r = p / 100.0 * (double)h->count;
	uint64_t rank = (uint64_t)r;
	if ((double)rank < r)
		rank++;
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	uint64_t seen = 0;
	for (unsigned g = 0; g < HIST_GROUPS; g++) {
		if (seen + h->store->group_count[g] < rank) {
			seen += h->store->group_count[g];
			continue;
		}
		for (unsigned i = 0; i < HIST_SUB; i++) {
			seen += h->store->counts[g][i];
			if (seen < rank)
				continue;
			uint64_t v = bucket_lo(g, i) + bucket_width(g) / 2;
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
	for (unsigned g = 0; g < HIST_GROUPS; g++) {
		if (!h->store->group_count[g])
			continue;
		if (g == 0) {
			for (unsigned i = 0; i < HIST_SUB; i++) {
				unsigned b = i == 0 ? 0 : 64 - (unsigned)__builtin_clzll(i);
				counts[b] += h->store->counts[0][i];
			}
		} else {
			/* group g covers [2^(g+6), 2^(g+7)): log2 bucket g+7 */
			counts[g + HIST_SUB_BITS] += h->store->group_count[g];
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
