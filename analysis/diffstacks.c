/*
 * diffstacks.c - per call stack comparison of two sides (see diffstacks.h).
 */
#include "analysis/diffstacks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

char *diffstacks_key(const char *const *names, const bool *inlined, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(names[i] ? names[i] : "") + 2;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ';';
		for (const char *q = names[i] ? names[i] : ""; *q; q++)
			*p++ = *q == ';' ? ':' : (unsigned char)*q < 0x20 ? '?' : *q;
		if (inlined && inlined[i])
			*p++ = DIFFSTACKS_INLINED;
	}
	*p = 0;
	return s;
}

char *diffstacks_key_text(const char *key, const char *mark)
{
	size_t marks = 0, mlen = mark ? strlen(mark) : 0;
	for (const char *q = key; *q; q++)
		marks += *q == DIFFSTACKS_INLINED;
	char *s = malloc(strlen(key) - marks + marks * mlen + 1), *p = s;
	if (!s)
		return NULL;
	for (const char *q = key; *q; q++) {
		if (*q != DIFFSTACKS_INLINED) {
			*p++ = *q;
		} else if (mark) {
			memcpy(p, mark, mlen);
			p += mlen;
		}
	}
	*p = 0;
	return s;
}

void diffstacks_side_init(struct diffstacks_side *s)
{
	memset(s, 0, sizeof(*s));
}

void diffstacks_side_release(struct diffstacks_side *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	diffstacks_side_init(s);
}

int diffstacks_side_add(struct diffstacks_side *s, const char *key, uint64_t calls,
			uint64_t time)
{
	if (GROW(s->v, s->n + 1, s->cap))
		return -ENOMEM;
	char *k = strdup(key);
	if (!k)
		return -ENOMEM;
	s->v[s->n++] = (struct diffstacks_entry){k, calls, time};
	return 0;
}

/* an entry of either side, for merging */
struct tagged {
	const struct diffstacks_entry *e;
	int side;
};

static int tagged_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tagged *)a)->e->key, ((const struct tagged *)b)->e->key);
}

static double absd(double x)
{
	return x < 0 ? -x : x;
}

static int row_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct diffstacks_row *a = pa, *b = pb;
	enum agg_sort sort_key = *(const enum agg_sort *)ctx;
	if (sort_key != AGG_SORT_NAME) {
		const struct diff_val *va = sort_key == AGG_SORT_CALLS || sort_key == AGG_SORT_ERRORS
						    ? &a->calls : &a->time;
		const struct diff_val *vb = sort_key == AGG_SORT_CALLS || sort_key == AGG_SORT_ERRORS
						    ? &b->calls : &b->time;
		double ca = absd(diff_val_change(va)), cb = absd(diff_val_change(vb));
		if (ca != cb)
			return ca > cb ? -1 : 1;
	}
	return strcmp(a->key, b->key);
}

void diffstacks_release(struct diffstacks *d)
{
	for (size_t i = 0; i < d->nrows; i++)
		free(d->keys[i]);
	free(d->keys);
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

int diffstacks_build(struct diffstacks *d, const struct diffstacks_side *base,
		     const struct diffstacks_side *new, const struct diff_scale *scale,
		     enum agg_sort sort)
{
	memset(d, 0, sizeof(*d));
	size_t n = base->n + new->n;
	struct tagged *t = malloc((n ? n : 1) * sizeof(*t));
	d->rows = calloc(n ? n : 1, sizeof(*d->rows));
	d->keys = calloc(n ? n : 1, sizeof(*d->keys));
	if (!t || !d->rows || !d->keys)
		goto nomem;
	for (size_t i = 0; i < base->n; i++)
		t[i] = (struct tagged){&base->v[i], 0};
	for (size_t i = 0; i < new->n; i++)
		t[base->n + i] = (struct tagged){&new->v[i], 1};
	qsort(t, n, sizeof(*t), tagged_cmp);
	for (size_t i = 0; i < n;) {
		uint64_t calls[2] = {0, 0}, time[2] = {0, 0};
		size_t j = i;
		for (; j < n && !strcmp(t[j].e->key, t[i].e->key); j++) {
			calls[t[j].side] += t[j].e->calls;
			time[t[j].side] += t[j].e->time;
		}
		if (!(d->keys[d->nrows] = strdup(t[i].e->key)))
			goto nomem;
		struct diffstacks_row *r = &d->rows[d->nrows];
		r->key = d->keys[d->nrows++];
		const char *semi = strrchr(r->key, ';');
		r->syscall = semi ? semi + 1 : r->key;
		r->raw_calls[0] = calls[0];
		r->raw_calls[1] = calls[1];
		r->calls = (struct diff_val){calls[0] * scale->base, calls[1] * scale->new};
		r->time = (struct diff_val){time[0] * scale->base, time[1] * scale->new};
		if (!calls[0] && calls[1])
			r->status = DIFF_APPEARED;
		else if (calls[0] && !calls[1])
			r->status = DIFF_VANISHED;
		else if (r->calls.base == r->calls.new && r->time.base == r->time.new)
			r->status = DIFF_SAME;
		else
			r->status = DIFF_CHANGED;
		i = j;
	}
	free(t);
	/* rows and keys move together: sort rows, then let keys follow */
	enum agg_sort key = sort ? sort : AGG_SORT_TIME;
	qsort_r(d->rows, d->nrows, sizeof(*d->rows), row_cmp, &key);
	for (size_t i = 0; i < d->nrows; i++)
		d->keys[i] = (char *)d->rows[i].key;
	return 0;
nomem:
	free(t);
	diffstacks_release(d);
	return -ENOMEM;
}

const struct diffstacks_row *diffstacks_find(const struct diffstacks *d, const char *key)
{
	for (size_t i = 0; i < d->nrows; i++)
		if (!strcmp(d->rows[i].key, key))
			return &d->rows[i];
	return NULL;
}
