/*
 * diffflame.c - table, difffolded and differential SVG of a per stack
 * diff (see diffflame.h).
 */
#include "output/diffflame.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "base/grow.h"
#include "output/xmltext.h"

/* after an inlined frame's name, as in report's text and SVG views
 * (stackprint.c, flame.c) */
#define INLINED_MARK " (inlined)"

/* ---- table ---- */

void diffflame_table(FILE *f, const struct diffstacks *d, const struct diffflame_show *show)
{
	size_t n = show->top && show->top < d->nrows ? show->top : d->nrows;
	bool by_calls = show->sort == AGG_SORT_CALLS || show->sort == AGG_SORT_ERRORS;
	if (!d->nrows) {
		fputs("No call stacks to compare.\n", f);
		return;
	}
	fprintf(f, "Call stacks whose %s changed most (%zu of %zu):\n",
		show->sort == AGG_SORT_NAME ? "names come first" : by_calls ? "calls" : "time", n,
		d->nrows);
	fprintf(f, "%10s %10s %10s %10s %10s %10s %9s  %s\n", "calls", "calls", "change", "time",
		"time", "change", "change%", "stack");
	fprintf(f, "%10s %10s %10s %10s %10s %10s %9s\n", "BASE", "NEW", "", "BASE", "NEW", "", "");
	for (size_t i = 0; i < n; i++) {
		const struct diffstacks_row *r = &d->rows[i];
		char *key = diffstacks_key_text(r->key, INLINED_MARK);
		char cb[32], cn[32], cc[32], tb[32], tn[32], tc[32], pct[32];
		diff_value_text(cb, sizeof(cb), DIFF_CALLS, r->calls.base);
		diff_value_text(cn, sizeof(cn), DIFF_CALLS, r->calls.new);
		diff_change_text(cc, sizeof(cc), DIFF_CALLS, diff_val_change(&r->calls));
		diff_value_text(tb, sizeof(tb), DIFF_TOTAL, r->time.base);
		diff_value_text(tn, sizeof(tn), DIFF_TOTAL, r->time.new);
		diff_change_text(tc, sizeof(tc), DIFF_TOTAL, diff_val_change(&r->time));
		diff_pct_text(pct, sizeof(pct), by_calls ? &r->calls : &r->time);
		fprintf(f, "%10s %10s %10s %10s %10s %10s %9s  %s%s\n", cb, cn, cc, tb, tn, tc, pct,
			key ? key : "[out of memory]",
			r->status == DIFF_APPEARED   ? "  (appeared)"
			: r->status == DIFF_VANISHED ? "  (vanished)"
						     : "");
		free(key);
	}
}

/* ---- folded ---- */

static double value_of(const struct diffstacks_row *r, enum stacks_weight w, int side)
{
	const struct diff_val *v = w == STACKS_BY_CALLS ? &r->calls : &r->time;
	double x = side ? v->new : v->base;
	return w == STACKS_BY_CALLS ? x : x / 1000;
}

/* a folded line: the plain names, and the values of the rows they name */
struct folded_line {
	char *key;
	double base, new;
};

static int folded_line_cmp(const void *a, const void *b)
{
	return strcmp(((const struct folded_line *)a)->key, ((const struct folded_line *)b)->key);
}

int diffflame_folded(FILE *f, const struct diffstacks *d, const struct diffflame_show *show)
{
	if (!d->nrows)
		return 0;
	/* plain names, so an inlined frame folds as its function's name; a
	 * stack that differs only in which frames were inlined is one line */
	struct folded_line *v = calloc(d->nrows, sizeof(*v));
	int err = v ? 0 : -ENOMEM;
	for (size_t i = 0; !err && i < d->nrows; i++) {
		v[i] = (struct folded_line){diffstacks_key_text(d->rows[i].key, NULL),
					    value_of(&d->rows[i], show->weight, 0),
					    value_of(&d->rows[i], show->weight, 1)};
		if (!v[i].key)
			err = -ENOMEM;
	}
	if (!err) {
		qsort(v, d->nrows, sizeof(*v), folded_line_cmp);
		for (size_t i = 0; i < d->nrows;) {
			double sb = 0, sn = 0;
			size_t j = i;
			for (; j < d->nrows && !strcmp(v[j].key, v[i].key); j++) {
				sb += v[j].base;
				sn += v[j].new;
			}
			uint64_t b = (uint64_t)llround(sb), n = (uint64_t)llround(sn);
			if (b || n)
				fprintf(f, "%s %" PRIu64 " %" PRIu64 "\n", v[i].key, b, n);
			i = j;
		}
	}
	for (size_t i = 0; v && i < d->nrows; i++)
		free(v[i].key);
	free(v);
	return err;
}

/* ---- SVG ---- */

struct dnode {
	char *name;
	double base, new;
	struct dnode **kids;
	size_t nkids, cap;
};

static void dnode_free(struct dnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		dnode_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n);
}

static struct dnode *dnode_new(const char *name, size_t len)
{
	struct dnode *n = calloc(1, sizeof(*n));
	if (n && !(n->name = strndup(name, len))) {
		free(n);
		return NULL;
	}
	return n;
}

static struct dnode *dnode_kid(struct dnode *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->nkids; i++)
		if (strlen(p->kids[i]->name) == len && !memcmp(p->kids[i]->name, name, len))
			return p->kids[i];
	if (GROW(p->kids, p->nkids + 1, p->cap))
		return NULL;
	struct dnode *k = dnode_new(name, len);
	if (k)
		p->kids[p->nkids++] = k;
	return k;
}

static int kid_cmp(const void *a, const void *b)
{
	return strcmp((*(struct dnode *const *)a)->name, (*(struct dnode *const *)b)->name);
}

static size_t dnode_sort(struct dnode *n)
{
	size_t depth = 0;
	if (n->nkids)
		qsort(n->kids, n->nkids, sizeof(*n->kids), kid_cmp);
	for (size_t i = 0; i < n->nkids; i++) {
		size_t k = dnode_sort(n->kids[i]);
		if (k > depth)
			depth = k;
	}
	return depth + 1;
}


#define SVG_WIDTH 1200.0
#define SVG_PAD 10.0
#define FRAME_H 16.0
#define CHAR_W 7.0

struct svg {
	FILE *f;
	enum stacks_weight weight;
	double scale; /* pixels per unit of weight */
	double height;
};

static void value_text(char *buf, size_t len, enum stacks_weight w, double v)
{
	diff_value_text(buf, len, w == STACKS_BY_CALLS ? DIFF_CALLS : DIFF_TOTAL, v);
}

static void draw(struct svg *sv, const struct dnode *n, size_t depth, double x)
{
	double w = n->new * sv->scale;
	if (w < 0.1)
		return;
	double y = sv->height - SVG_PAD - FRAME_H * (double)(depth + 1) - 20;
	struct diff_val v = {n->base, n->new};
	double pct = 0;
	bool has_pct = diff_val_pct(&v, &pct);
	double strength = has_pct ? fmin(fabs(pct) / 100, 1) : (n->new > 0 ? 1 : 0);
	int shade = (int)lround(255 * (1 - strength));
	int r = 255, g = shade, b = shade;
	if (n->new < n->base) {
		r = shade;
		b = 255;
	} else if (n->new == n->base) {
		r = g = b = 255;
	}
	char vb[32], vn[32], vc[32], vp[32];
	value_text(vb, sizeof(vb), sv->weight, n->base);
	value_text(vn, sizeof(vn), sv->weight, n->new);
	diff_change_text(vc, sizeof(vc), sv->weight == STACKS_BY_CALLS ? DIFF_CALLS : DIFF_TOTAL,
			 n->new - n->base);
	diff_pct_text(vp, sizeof(vp), &v);
	/* the name as shown: an inlined frame marked as report's SVG marks it */
	char *marked = diffstacks_key_text(n->name, INLINED_MARK);
	const char *shown = marked ? marked : "[out of memory]";
	fputs("<g><title>", sv->f);
	xmltext_put(sv->f, shown, SIZE_MAX);
	fprintf(sv->f, ": base %s, new %s, change %s (%s)</title>", vb, vn, vc, vp);
	fprintf(sv->f,
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"rgb(%d,%d,%d)\" stroke=\"#bbb\" stroke-width=\"0.5\"/>",
		x, y, w, FRAME_H - 1, r, g, b);
	size_t fit = (size_t)((w - 6) / CHAR_W);
	if (fit >= 3) {
		fprintf(sv->f, "<text x=\"%.1f\" y=\"%.1f\">", x + 3, y + FRAME_H - 4);
		size_t len = strlen(shown);
		if (len > fit) {
			xmltext_put(sv->f, shown, fit - 2);
			fputs("..", sv->f);
		} else {
			xmltext_put(sv->f, shown, len);
		}
		fputs("</text>", sv->f);
	}
	fputs("</g>\n", sv->f);
	free(marked);
	for (size_t i = 0; i < n->nkids; i++) {
		draw(sv, n->kids[i], depth + 1, x);
		x += n->kids[i]->new * sv->scale;
	}
}

int diffflame_svg(FILE *f, const struct diffstacks *d, const struct diffflame_show *show)
{
	struct dnode *root = dnode_new("all", 3);
	if (!root)
		return -ENOMEM;
	for (size_t i = 0; i < d->nrows; i++) {
		const struct diffstacks_row *r = &d->rows[i];
		/* calls, or ns (value_text formats a time) */
		const struct diff_val *v = show->weight == STACKS_BY_CALLS ? &r->calls : &r->time;
		double b = v->base, nv = v->new;
		struct dnode *n = root;
		n->base += b;
		n->new += nv;
		for (const char *p = r->key;;) {
			const char *semi = strchr(p, ';');
			size_t len = semi ? (size_t)(semi - p) : strlen(p);
			if (!(n = dnode_kid(n, p, len))) {
				dnode_free(root);
				return -ENOMEM;
			}
			n->base += b;
			n->new += nv;
			if (!semi)
				break;
			p = semi + 1;
		}
	}
	size_t depth = dnode_sort(root);
	struct svg sv = {
		.f = f,
		.weight = show->weight,
		.scale = root->new > 0 ? (SVG_WIDTH - 2 * SVG_PAD) / root->new : 0,
		.height = FRAME_H * (double)depth + 2 * SVG_PAD + 40,
	};
	fprintf(f,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		"xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Verdana, sans-serif\" "
		"font-size=\"12\">\n"
		"<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" fill=\"#f8f8f8\"/>\n"
		"<text x=\"%.0f\" y=\"24\" text-anchor=\"middle\" font-size=\"17\">",
		SVG_WIDTH, sv.height, SVG_WIDTH, sv.height, SVG_WIDTH / 2);
	xmltext_put(f, show->title ? show->title : "Differential flame graph of system calls",
		    SIZE_MAX);
	fprintf(f, "</text>\n<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">widths: NEW %s; red: "
		   "grew, blue: shrank (against BASE)</text>\n",
		SVG_PAD, sv.height - 8, show->weight == STACKS_BY_CALLS ? "calls" : "time");
	if (sv.scale > 0)
		draw(&sv, root, 0, SVG_PAD);
	fputs("</svg>\n", f);
	dnode_free(root);
	return 0;
}
