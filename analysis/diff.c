/*
 * diff.c - two sides of pooled recordings compared (see diff.h).
 */
#include "analysis/diff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "analysis/humantime.h"
#include "base/grow.h"

/* ---- one side ---- */

void diff_side_init(struct diff_side *s)
{
	memset(s, 0, sizeof(*s));
}

static void cell_release(struct diff_cell *c)
{
	for (size_t r = 0; r < c->nruns_cap; r++)
		agg_sys_release(&c->runs[r]);
	free(c->runs);
	free(c->name);
}

void diff_side_release(struct diff_side *s)
{
	for (size_t i = 0; i < s->ngroups; i++) {
		struct diff_sgroup *g = &s->groups[i];
		for (size_t j = 0; j < g->ncells; j++)
			cell_release(&g->cells[j]);
		free(g->cells);
		free(g->label);
		free(g->detail);
	}
	free(s->groups);
	for (size_t i = 0; i < s->ncounters; i++)
		free(s->counters[i]);
	diff_side_init(s);
}

int diff_side_begin_run(struct diff_side *s, uint64_t duration_ns)
{
	s->nruns++;
	s->duration_ns += duration_ns;
	s->run_ncounters = 0;
	return 0;
}

void diff_side_offcpu(struct diff_side *s, bool has)
{
	s->offcpu = s->nruns <= 1 ? has : s->offcpu && has;
}

int diff_side_counters(struct diff_side *s, const struct scf_counter *c, uint32_t n)
{
	s->run_ncounters = n < AGG_COUNTERS ? n : AGG_COUNTERS;
	for (size_t i = 0; i < s->run_ncounters; i++) {
		size_t k = 0;
		while (k < s->ncounters && strcmp(s->counters[k], c[i].name))
			k++;
		if (k == s->ncounters && k < AGG_COUNTERS) {
			if (!(s->counters[k] = strdup(c[i].name)))
				return -ENOMEM;
			s->ncounters++;
		}
		s->run_map[i] = k < s->ncounters ? (int)k : -1;
	}
	return 0;
}

static bool same_label(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static struct diff_sgroup *side_group(struct diff_side *s, const char *label)
{
	for (size_t i = 0; i < s->ngroups; i++)
		if (same_label(s->groups[i].label, label))
			return &s->groups[i];
	if (GROW(s->groups, s->ngroups + 1, s->cap))
		return NULL;
	struct diff_sgroup *g = &s->groups[s->ngroups];
	memset(g, 0, sizeof(*g));
	if (label && !(g->label = strdup(label)))
		return NULL;
	s->ngroups++;
	return g;
}

static struct diff_cell *group_cell(struct diff_sgroup *g, const char *name)
{
	for (size_t i = 0; i < g->ncells; i++)
		if (!strcmp(g->cells[i].name, name))
			return &g->cells[i];
	if (GROW(g->cells, g->ncells + 1, g->cap))
		return NULL;
	struct diff_cell *c = &g->cells[g->ncells];
	memset(c, 0, sizeof(*c));
	if (!(c->name = strdup(name)))
		return NULL;
	g->ncells++;
	return c;
}

/* Make room for run r in a cell. */
static int cell_runs(struct diff_cell *c, size_t r)
{
	if (r < c->nruns_cap)
		return 0;
	size_t cap = r + 1;
	struct agg_sys *v = realloc(c->runs, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = c->nruns_cap; i < cap; i++)
		agg_sys_init(&v[i], -1, c->name);
	c->runs = v;
	c->nruns_cap = cap;
	return 0;
}

int diff_side_add(struct diff_side *s, const char *label, const char *detail, const char *name,
		  const struct agg_sys *src)
{
	if (!s->nruns)
		return -EINVAL;
	struct diff_sgroup *g = side_group(s, label);
	if (!g)
		return -ENOMEM;
	if (detail && !g->detail && !(g->detail = strdup(detail)))
		return -ENOMEM;
	struct diff_cell *c = group_cell(g, name);
	if (!c || cell_runs(c, s->nruns - 1))
		return -ENOMEM;
	/* the run's counters in the side's order (a shallow copy: merge
	 * only reads it) */
	struct agg_sys mapped = *src;
	memset(mapped.cnt, 0, sizeof(mapped.cnt));
	mapped.cnt_scaled = 0;
	if (!s->run_ncounters)
		mapped.counted = 0;
	for (size_t i = 0; i < s->run_ncounters; i++) {
		int k = s->run_map[i];
		if (k < 0)
			continue;
		mapped.cnt[k] = src->cnt[i];
		mapped.cnt_scaled |= (src->cnt_scaled >> i & 1u) << k;
	}
	return agg_sys_merge(&c->runs[s->nruns - 1], &mapped);
}

uint64_t diff_side_calls(const struct diff_side *s, const char *name)
{
	uint64_t n = 0;
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct diff_sgroup *g = &s->groups[i];
		for (size_t j = 0; j < g->ncells; j++) {
			if (strcmp(g->cells[j].name, name))
				continue;
			for (size_t r = 0; r < g->cells[j].nruns_cap; r++)
				n += g->cells[j].runs[r].calls;
		}
	}
	return n;
}

/* ---- normalisation ---- */

int diff_scale_compute(enum diff_norm norm, const struct diff_side *base,
		       const struct diff_side *new, const char *per_name, struct diff_scale *out)
{
	if (!base->nruns || !new->nruns)
		return -EINVAL;
	switch (norm) {
	case DIFF_NORM_RAW:
		out->base = 1.0 / (double)base->nruns;
		out->new = 1.0 / (double)new->nruns;
		return 0;
	case DIFF_NORM_PER_SECOND:
		if (!base->duration_ns || !new->duration_ns)
			return -EINVAL;
		out->base = 1e9 / (double)base->duration_ns;
		out->new = 1e9 / (double)new->duration_ns;
		return 0;
	case DIFF_NORM_PER_CALLS: {
		uint64_t b = diff_side_calls(base, per_name), n = diff_side_calls(new, per_name);
		if (!b || !n)
			return -ENOENT;
		out->base = 1.0 / (double)base->nruns;
		out->new = (double)b / (double)base->nruns / (double)n;
		return 0;
	}
	}
	return -EINVAL;
}

/* ---- metrics and values ---- */

static const char *const metric_names[DIFF_NMETRICS] = {
	[DIFF_CALLS] = "calls", [DIFF_ERRORS] = "errors", [DIFF_TOTAL] = "total",
	[DIFF_AVG] = "avg",     [DIFF_P50] = "p50",       [DIFF_P90] = "p90",
	[DIFF_P99] = "p99",     [DIFF_MAX] = "max",
};

const char *diff_metric_name(enum diff_metric m)
{
	return m < DIFF_NMETRICS ? metric_names[m] : "?";
}

int diff_metric_parse(const char *s, size_t len)
{
	static const struct {
		const char *name;
		enum diff_metric m;
	} aliases[] = {{"total_time", DIFF_TOTAL}, {"time", DIFF_TOTAL}};
	for (int m = 0; m < DIFF_NMETRICS; m++)
		if (strlen(metric_names[m]) == len && !memcmp(metric_names[m], s, len))
			return m;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].name) == len && !memcmp(aliases[i].name, s, len))
			return (int)aliases[i].m;
	return -1;
}

bool diff_val_pct(const struct diff_val *v, double *pct)
{
	if (v->base == 0) {
		*pct = 0;
		return false;
	}
	*pct = 100.0 * (v->new - v->base) / v->base;
	return true;
}

int diff_value_text(char *buf, size_t len, enum diff_metric m, double v)
{
	if (diff_metric_is_time(m) && v >= 0)
		return humantime_ns(buf, len, (uint64_t)(v + 0.5));
	if (v == (double)(int64_t)v)
		return snprintf(buf, len, "%.0f", v);
	return snprintf(buf, len, "%.1f", v);
}

int diff_change_text(char *buf, size_t len, enum diff_metric m, double change)
{
	if (change == 0 || (diff_metric_is_time(m) && fabs(change) < 0.5))
		return snprintf(buf, len, "0");
	if (len < 2)
		return diff_value_text(buf, len, m, fabs(change)) + 1;
	buf[0] = change < 0 ? '-' : '+';
	return diff_value_text(buf + 1, len - 1, m, fabs(change)) + 1;
}

int diff_pct_text(char *buf, size_t len, const struct diff_val *v)
{
	double pct;
	if (!diff_val_pct(v, &pct))
		return snprintf(buf, len, "%s", v->new > 0 ? "new" : "0.0%");
	/* "-0.0%" would read oddly */
	if (pct > -0.05 && pct < 0.05)
		return snprintf(buf, len, "0.0%%");
	return snprintf(buf, len, "%+.1f%%", pct);
}

const char *diff_status_name(enum diff_status s)
{
	switch (s) {
	case DIFF_SAME:
		return "same";
	case DIFF_CHANGED:
		return "changed";
	case DIFF_APPEARED:
		return "appeared";
	case DIFF_VANISHED:
		return "vanished";
	}
	return "?";
}

/* ---- rows ---- */

static void row_release(struct diff_row *r)
{
	agg_sys_release(&r->base);
	agg_sys_release(&r->new);
	free(r->errnos);
	r->errnos = NULL;
	r->nerrnos = 0;
}

static void group_release(struct diff_group *g)
{
	row_release(&g->total);
	for (size_t i = 0; i < g->nrows; i++)
		row_release(&g->rows[i]);
	free(g->rows);
	g->rows = NULL;
	g->nrows = 0;
}

void diff_release(struct diff *d)
{
	group_release(&d->all);
	for (size_t i = 0; i < d->ngroups; i++)
		group_release(&d->groups[i]);
	free(d->groups);
	d->groups = NULL;
	d->ngroups = 0;
}

static const char *const split_names[] = {
	[DIFF_SPLIT_ONCPU] = "oncpu", [DIFF_SPLIT_BLOCKED] = "blocked",
	[DIFF_SPLIT_RUNNABLE] = "runnable",
};

const char *diff_split_name(enum diff_split sp)
{
	return (unsigned)sp < 3 ? split_names[sp] : "?";
}

int diff_split_parse(const char *str, size_t len)
{
	for (int i = 0; i < 3; i++)
		if (strlen(split_names[i]) == len && !memcmp(split_names[i], str, len))
			return i;
	if (len == 6 && !memcmp(str, "on-cpu", 6))
		return DIFF_SPLIT_ONCPU;
	return -1;
}

static void sys_values(const struct agg_sys *s, double scale, double *out)
{
	const struct hist *h = &s->lat;
	out[DIFF_CALLS] = (double)s->calls * scale;
	out[DIFF_ERRORS] = (double)s->errors * scale;
	out[DIFF_TOTAL] = (double)h->sum * scale;
	out[DIFF_AVG] = (double)hist_avg(h);
	out[DIFF_P50] = (double)hist_percentile(h, 50);
	out[DIFF_P90] = (double)hist_percentile(h, 90);
	out[DIFF_P99] = (double)hist_percentile(h, 99);
	out[DIFF_MAX] = h->count ? (double)h->max : 0;
}

static int add_errno(struct diff_row *r, int32_t err, double base, double new)
{
	for (size_t i = 0; i < r->nerrnos; i++) {
		if (r->errnos[i].err == err) {
			r->errnos[i].n.base += base;
			r->errnos[i].n.new += new;
			return 0;
		}
	}
	struct diff_errno *v = realloc(r->errnos, (r->nerrnos + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r->errnos = v;
	v[r->nerrnos++] = (struct diff_errno){.err = err, .n = {base, new}};
	return 0;
}

static int cmp_errno(const void *pa, const void *pb)
{
	const struct diff_errno *a = pa, *b = pb;
	return (a->err > b->err) - (a->err < b->err);
}

/* Where each counter of the diff is on each side (-1: not there). */
struct cnt_map {
	size_t n;
	int base[AGG_COUNTERS], new[AGG_COUNTERS];
};

static double side_cnt(const struct agg_sys *s, int i, double scale, uint32_t *scaled, size_t k)
{
	if (i < 0)
		return 0;
	*scaled |= (s->cnt_scaled >> i & 1u) << k;
	return (double)s->cnt[i] * scale;
}

/* Values, status and errnos of a row whose base and new are filled. */
static int row_finish(struct diff_row *r, const struct diff_scale *sc, const struct cnt_map *cm)
{
	double b[DIFF_NMETRICS], n[DIFF_NMETRICS];
	sys_values(&r->base, sc->base, b);
	sys_values(&r->new, sc->new, n);
	for (int m = 0; m < DIFF_NMETRICS; m++)
		r->v[m] = (struct diff_val){b[m], n[m]};
	r->split[DIFF_SPLIT_ONCPU] = (struct diff_val){ (double)r->base.oncpu_ns * sc->base,
							(double)r->new.oncpu_ns * sc->new };
	r->split[DIFF_SPLIT_BLOCKED] = (struct diff_val){ (double)r->base.blocked_ns * sc->base,
							  (double)r->new.blocked_ns * sc->new };
	r->split[DIFF_SPLIT_RUNNABLE] = (struct diff_val){ (double)r->base.runnable_ns * sc->base,
							   (double)r->new.runnable_ns * sc->new };
	bool cnt_same = true;
	for (size_t k = 0; k < cm->n; k++) {
		r->cnt[k].base = side_cnt(&r->base, cm->base[k], sc->base, &r->cnt_scaled, k);
		r->cnt[k].new = side_cnt(&r->new, cm->new[k], sc->new, &r->cnt_scaled, k);
		cnt_same &= r->cnt[k].base == r->cnt[k].new;
	}
	if (!r->base.calls && r->new.calls)
		r->status = DIFF_APPEARED;
	else if (r->base.calls && !r->new.calls)
		r->status = DIFF_VANISHED;
	else if (b[DIFF_CALLS] == n[DIFF_CALLS] && b[DIFF_ERRORS] == n[DIFF_ERRORS] &&
		 b[DIFF_TOTAL] == n[DIFF_TOTAL] && cnt_same)
		r->status = DIFF_SAME;
	else
		r->status = DIFF_CHANGED;
	for (uint32_t i = 0; i < r->base.nerrnos; i++)
		if (add_errno(r, r->base.errnos[i].err, (double)r->base.errnos[i].count * sc->base, 0))
			return -ENOMEM;
	for (uint32_t i = 0; i < r->new.nerrnos; i++)
		if (add_errno(r, r->new.errnos[i].err, 0, (double)r->new.errnos[i].count * sc->new))
			return -ENOMEM;
	if (r->nerrnos > 1)
		qsort(r->errnos, r->nerrnos, sizeof(*r->errnos), cmp_errno);
	agg_sys_finish(&r->base);
	agg_sys_finish(&r->new);
	return 0;
}

/* Which groups of a side a row takes: one label, or all of them. */
struct pick {
	bool all;
	const char *label;
};

static const struct diff_sgroup *find_sgroup(const struct diff_side *s, const char *label)
{
	for (size_t i = 0; i < s->ngroups; i++)
		if (same_label(s->groups[i].label, label))
			return &s->groups[i];
	return NULL;
}

/* The picked groups of a side: [*first, *end), a range of s->groups. */
static void pick_range(const struct diff_side *s, const struct pick *p,
		       const struct diff_sgroup **first, const struct diff_sgroup **end)
{
	if (p->all) {
		*first = s->groups;
		*end = s->groups + s->ngroups;
		return;
	}
	*first = find_sgroup(s, p->label);
	*end = *first ? *first + 1 : NULL;
}

/* Runs of syscall name in the picked groups, merged run by run into
 * runs[0..s->nruns), and all of them into pooled. */
static int collect(const struct diff_side *s, const struct pick *p, const char *name,
		   struct agg_sys *runs, struct agg_sys *pooled)
{
	const struct diff_sgroup *g, *end;
	for (pick_range(s, p, &g, &end); g != end; g++) {
		for (size_t j = 0; j < g->ncells; j++) {
			const struct diff_cell *c = &g->cells[j];
			if (strcmp(c->name, name))
				continue;
			for (size_t r = 0; r < c->nruns_cap && r < s->nruns; r++) {
				if (agg_sys_merge(&runs[r], &c->runs[r]) ||
				    agg_sys_merge(pooled, &c->runs[r]))
					return -ENOMEM;
			}
		}
	}
	return 0;
}

static void runs_release(struct agg_sys *runs, size_t n)
{
	if (!runs)
		return;
	for (size_t r = 0; r < n; r++)
		agg_sys_release(&runs[r]);
	free(runs);
}

static struct agg_sys *runs_new(size_t n, const char *name)
{
	struct agg_sys *runs = calloc(n ? n : 1, sizeof(*runs));
	if (runs)
		for (size_t r = 0; r < n; r++)
			agg_sys_init(&runs[r], -1, name);
	return runs;
}

static int rank_test(struct diff_row *r, const struct agg_sys *brun, size_t nb,
		     const struct agg_sys *nrun, size_t nn, const struct diff_opts *o)
{
	if (r->base.lat.count < o->min_test_calls || r->new.lat.count < o->min_test_calls ||
	    !r->base.lat.count || !r->new.lat.count)
		return 0;
	const struct hist **hb = malloc((nb + nn) * sizeof(*hb));
	if (!hb)
		return -ENOMEM;
	const struct hist **hn = hb + nb;
	for (size_t i = 0; i < nb; i++)
		hb[i] = &brun[i].lat;
	for (size_t i = 0; i < nn; i++)
		hn[i] = &nrun[i].lat;
	int err = ranktest_runs(hb, nb, hn, nn, &r->rank);
	free(hb);
	if (err)
		return err;
	r->tested = true;
	r->significant = r->rank.p < o->alpha;
	return 0;
}

static int row_build(struct diff_row *r, const char *name, const struct diff_side *bs,
		     const struct diff_side *ns, const struct pick *p, const struct diff_opts *o,
		     const struct cnt_map *cm)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	agg_sys_init(&r->base, -1, name);
	agg_sys_init(&r->new, -1, name);
	struct agg_sys *brun = runs_new(bs->nruns, name), *nrun = runs_new(ns->nruns, name);
	int err = -ENOMEM;
	if (brun && nrun && !(err = collect(bs, p, name, brun, &r->base)) &&
	    !(err = collect(ns, p, name, nrun, &r->new)) && !(err = row_finish(r, &o->scale, cm)))
		err = rank_test(r, brun, bs->nruns, nrun, ns->nruns, o);
	runs_release(brun, bs->nruns);
	runs_release(nrun, ns->nruns);
	return err;
}

/* ---- names ---- */

struct names {
	const char **v;
	size_t n, cap;
};

static int names_add(struct names *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i], name))
			return 0;
	if (GROW(ns->v, ns->n + 1, ns->cap))
		return -ENOMEM;
	ns->v[ns->n++] = name;
	return 0;
}

static int names_of(struct names *ns, const struct diff_side *s, const struct pick *p)
{
	const struct diff_sgroup *g, *end;
	for (pick_range(s, p, &g, &end); g != end; g++)
		for (size_t j = 0; j < g->ncells; j++)
			if (names_add(ns, g->cells[j].name))
				return -ENOMEM;
	return 0;
}

/* ---- groups ---- */

static double abs_change(const struct diff_row *r, enum diff_metric m)
{
	return fabs(diff_val_change(&r->v[m]));
}

static int cmp_name(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int diff_row_cmp(const struct diff_row *a, const struct diff_row *b, enum agg_sort key)
{
	enum diff_metric m;
	switch (key) {
	case AGG_SORT_NAME:
		return cmp_name(a->name, b->name);
	case AGG_SORT_CALLS:
		m = DIFF_CALLS;
		break;
	case AGG_SORT_ERRORS:
		m = DIFF_ERRORS;
		break;
	case AGG_SORT_AVG:
		m = DIFF_AVG;
		break;
	case AGG_SORT_MAX:
		m = DIFF_MAX;
		break;
	default:
		m = DIFF_TOTAL;
		break;
	}
	double x = abs_change(a, m), y = abs_change(b, m);
	if (x != y)
		return x > y ? -1 : 1;
	if (m != DIFF_CALLS) {
		x = abs_change(a, DIFF_CALLS);
		y = abs_change(b, DIFF_CALLS);
		if (x != y)
			return x > y ? -1 : 1;
	}
	return cmp_name(a->name, b->name);
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	return diff_row_cmp(pa, pb, *(const enum agg_sort *)ctx);
}

static int group_build(struct diff_group *g, const struct diff_side *bs, const struct diff_side *ns,
		       const struct pick *p, const struct diff_opts *o, const struct cnt_map *cm)
{
	struct names names = {0};
	int err = -ENOMEM;
	agg_sys_init(&g->total.base, -1, NULL);
	agg_sys_init(&g->total.new, -1, NULL);
	if (names_of(&names, bs, p) || names_of(&names, ns, p))
		goto out;
	g->rows = calloc(names.n ? names.n : 1, sizeof(*g->rows));
	if (!g->rows)
		goto out;
	for (size_t i = 0; i < names.n; i++) {
		struct diff_row *r = &g->rows[g->nrows++];
		if ((err = row_build(r, names.v[i], bs, ns, p, o, cm)))
			goto out;
		if (agg_sys_merge(&g->total.base, &r->base) || agg_sys_merge(&g->total.new, &r->new)) {
			err = -ENOMEM;
			goto out;
		}
	}
	if ((err = row_finish(&g->total, &o->scale, cm)))
		goto out;
	enum agg_sort key = o->sort ? o->sort : AGG_SORT_TIME;
	qsort_r(g->rows, g->nrows, sizeof(*g->rows), cmp_rows, &key);
	g->status = g->total.status;
	err = 0;
out:
	free(names.v);
	return err;
}

static int cmp_groups(const void *pa, const void *pb, void *ctx)
{
	const struct diff_group *a = pa, *b = pb;
	enum agg_sort key = *(const enum agg_sort *)ctx;
	int c;
	if (key == AGG_SORT_NAME)
		return cmp_name(a->label, b->label);
	if ((c = diff_row_cmp(&a->total, &b->total, key)))
		return c;
	return cmp_name(a->label, b->label);
}

static int build_groups(struct diff *d, const struct diff_side *bs, const struct diff_side *ns,
			const struct cnt_map *cm)
{
	struct names labels = {0};
	int err = -ENOMEM;
	for (size_t i = 0; i < bs->ngroups; i++)
		if (bs->groups[i].label && names_add(&labels, bs->groups[i].label))
			goto out;
	for (size_t i = 0; i < ns->ngroups; i++)
		if (ns->groups[i].label && names_add(&labels, ns->groups[i].label))
			goto out;
	d->groups = calloc(labels.n ? labels.n : 1, sizeof(*d->groups));
	if (!d->groups)
		goto out;
	for (size_t i = 0; i < labels.n; i++) {
		struct diff_group *g = &d->groups[d->ngroups++];
		struct pick p = {.label = labels.v[i]};
		const struct diff_sgroup *gb = find_sgroup(bs, labels.v[i]);
		const struct diff_sgroup *gn = find_sgroup(ns, labels.v[i]);
		g->label = gb ? gb->label : gn->label;
		g->detail = gn && gn->detail ? gn->detail : gb ? gb->detail : NULL;
		if ((err = group_build(g, bs, ns, &p, &d->opts, cm)))
			goto out;
		if (!gb)
			g->status = DIFF_APPEARED;
		else if (!gn)
			g->status = DIFF_VANISHED;
	}
	enum agg_sort key = d->opts.sort ? d->opts.sort : AGG_SORT_TIME;
	qsort_r(d->groups, d->ngroups, sizeof(*d->groups), cmp_groups, &key);
	err = 0;
out:
	free(labels.v);
	return err;
}

static bool has_labels(const struct diff_side *s)
{
	for (size_t i = 0; i < s->ngroups; i++)
		if (s->groups[i].label)
			return true;
	return false;
}

int diff_build(struct diff *d, const struct diff_side *base, const struct diff_side *new,
	       const struct diff_opts *o)
{
	memset(d, 0, sizeof(*d));
	d->opts = *o;
	d->offcpu = base->offcpu && new->offcpu;
	struct cnt_map cm = {0};
	for (size_t i = 0; i < base->ncounters; i++)
		d->cnt_names[d->ncnt++] = base->counters[i];
	for (size_t i = 0; i < new->ncounters && d->ncnt < AGG_COUNTERS; i++)
		if (diff_counter_index(d, new->counters[i]) < 0)
			d->cnt_names[d->ncnt++] = new->counters[i];
	cm.n = d->ncnt;
	for (size_t k = 0; k < cm.n; k++) {
		cm.base[k] = cm.new[k] = -1;
		for (size_t i = 0; i < base->ncounters; i++)
			if (!strcmp(base->counters[i], d->cnt_names[k]))
				cm.base[k] = (int)i;
		for (size_t i = 0; i < new->ncounters; i++)
			if (!strcmp(new->counters[i], d->cnt_names[k]))
				cm.new[k] = (int)i;
	}
	struct pick all = {.all = true};
	int err = group_build(&d->all, base, new, &all, &d->opts, &cm);
	if (!err && (has_labels(base) || has_labels(new)))
		err = build_groups(d, base, new, &cm);
	if (err)
		diff_release(d);
	return err;
}

int diff_counter_index(const struct diff *d, const char *name)
{
	for (size_t k = 0; k < d->ncnt; k++)
		if (!strcmp(d->cnt_names[k], name))
			return (int)k;
	return -1;
}

const struct diff_row *diff_find(const struct diff_group *g, const char *name)
{
	for (size_t i = 0; i < g->nrows; i++)
		if (!strcmp(g->rows[i].name, name))
			return &g->rows[i];
	return NULL;
}
