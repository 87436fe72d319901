/*
 * flame.c - folded stacks and SVG flame graphs (see flame.h).
 */
#include "output/flame.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/humantime.h"
#include "output/textesc.h"
#include "output/xmltext.h"
#include "syscalls/syscalls.h"

/* ---- folded ---- */

struct folded {
	FILE *f;
	const struct stacks *s;
	const struct stacks_show *show;
	const char **path;
	size_t depth, cap;
};

static void folded_node(struct folded *fo, const struct stacks_node *n)
{
	const char *name = NULL;
	switch (n->kind) {
	case STACKS_ROOT:
		break;
	case STACKS_SYSCALL:
		name = fo->show->sys_name(fo->show->ctx, (int32_t)n->id);
		break;
	default:
		name = stacks_frame_name(fo->s, n->id);
		break;
	}
	if (name) {
		if (fo->depth == fo->cap) {
			size_t cap = fo->cap ? fo->cap * 2 : 64;
			const char **v = realloc(fo->path, cap * sizeof(*v));
			if (!v)
				return;
			fo->path = v;
			fo->cap = cap;
		}
		fo->path[fo->depth++] = name;
	}
	if (n->kind == STACKS_SYSCALL || n->kind == STACKS_KFRAME) {
		/* what ends here: the syscall's (or kernel frame's) weight
		 * less that of the kernel frames below it (record --off-cpu) */
		uint64_t w = stacks_weight_of(&n->st, fo->show->weight);
		for (size_t i = 0; i < n->nkids; i++) {
			uint64_t k = stacks_weight_of(&n->kids[i]->st, fo->show->weight);
			w -= k < w ? k : w;
		}
		uint64_t v = fo->show->weight == STACKS_BY_CALLS ? w : (w + 500) / 1000;
		if (v) {
			for (size_t i = 0; i < fo->depth; i++) {
				if (i)
					fputc(';', fo->f);
				/* a comm may hold anything: escaped, and no ';'
				 * to keep the line parseable */
				const char *frame = fo->path[i];
				size_t len = strlen(frame);
				char *e = malloc(textesc_len(frame, len, 0) + 1);
				if (!e) {
					fputc('?', fo->f);
					continue;
				}
				textesc(e, frame, len, 0);
				for (char *p = e; *p; p++)
					fputc(*p == ';' ? ':' : *p, fo->f);
				free(e);
			}
			fprintf(fo->f, " %" PRIu64 "\n", v);
		}
	}
	for (size_t i = 0; i < n->nkids; i++)
		folded_node(fo, n->kids[i]);
	if (name)
		fo->depth--;
}

void flame_folded(FILE *f, const struct stacks *s, const struct stacks_show *show)
{
	struct folded fo = { f, s, show, NULL, 0, 0 };
	for (size_t i = 0; i < stacks_ntrees(s); i++)
		folded_node(&fo, stacks_tree_at(s, i)->root);
	free(fo.path);
}

/* ---- SVG ---- */

#define SVG_WIDTH 1200
#define MARGIN 10
#define FRAME_H 16
#define TOP 62     /* title, subtitle, legend */
#define BOTTOM 34  /* details line */
#define MIN_PX 0.1

static const struct {
	const char *name;
	unsigned char r, g, b;
} palette[] = {
	{ "file", 232, 142, 52 },   { "desc", 222, 186, 58 },   { "net", 80, 140, 222 },
	{ "process", 160, 104, 212 }, { "memory", 92, 178, 92 }, { "signal", 222, 82, 82 },
	{ "ipc", 222, 112, 182 },   { "creds", 164, 122, 80 },  { "clock", 72, 178, 178 },
	{ "stat", 172, 172, 64 },   { "other", 162, 162, 162 },
};
#define NCLASSES (sizeof(palette) / sizeof(palette[0]))

static size_t class_of(const char *syscall)
{
	const char *c = syscall_class_name(syscall_classes(syscall));
	for (size_t i = 0; i < NCLASSES; i++)
		if (!strcmp(c, palette[i].name))
			return i;
	return NCLASSES - 1;
}

struct svg {
	FILE *f;
	const struct stacks *s;
	const struct stacks_show *show;
	uint64_t total;          /* the root's weight */
	const struct stacks_stat *root;
	unsigned char *cls;      /* per node, pre-order: dominant class */
	size_t *size;            /* per node, pre-order: nodes in its subtree */
	size_t nnodes, cap;
	size_t max_depth;
	size_t next;             /* pre-order index while drawing */
};

static const char *node_name(const struct svg *sv, const struct stacks_node *n)
{
	switch (n->kind) {
	case STACKS_ROOT:
		return "all";
	case STACKS_SYSCALL:
		return sv->show->sys_name(sv->show->ctx, (int32_t)n->id);
	default:
		return stacks_frame_name(sv->s, n->id);
	}
}

/* Pass 1: class weights under each node; records the dominant class and
 * subtree size in pre-order.  Returns false if out of memory. */
static bool measure(struct svg *sv, const struct stacks_node *n, size_t depth, uint64_t *weights)
{
	if (sv->nnodes == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 1024;
		unsigned char *c = realloc(sv->cls, cap);
		if (c)
			sv->cls = c;
		size_t *z = realloc(sv->size, cap * sizeof(*z));
		if (z)
			sv->size = z;
		if (!c || !z)
			return false;
		sv->cap = cap;
	}
	size_t me = sv->nnodes++;
	if (depth > sv->max_depth)
		sv->max_depth = depth;
	uint64_t mine[NCLASSES] = { 0 };
	if (n->kind == STACKS_SYSCALL) {
		uint64_t w = stacks_weight_of(&n->st, sv->show->weight);
		mine[class_of(node_name(sv, n))] += w ? w : 1;
	}
	for (size_t i = 0; i < n->nkids; i++)
		if (!measure(sv, n->kids[i], depth + 1, mine))
			return false;
	size_t best = NCLASSES - 1;
	for (size_t i = 0; i < NCLASSES; i++) {
		if (mine[i] > mine[best])
			best = i;
		weights[i] += mine[i];
	}
	sv->cls[me] = (unsigned char)best;
	sv->size[me] = sv->nnodes - me;
	return true;
}

static unsigned hash_name(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void fill_of(size_t cls, const char *name, bool leaf, char *buf, size_t len)
{
	/* frames are lighter than their syscalls, each a little different */
	double mix = leaf ? 0.0 : 0.18 + (hash_name(name) % 1000) / 1000.0 * 0.3;
	int r = (int)(palette[cls].r + (255 - palette[cls].r) * mix);
	int g = (int)(palette[cls].g + (255 - palette[cls].g) * mix);
	int b = (int)(palette[cls].b + (255 - palette[cls].b) * mix);
	snprintf(buf, len, "rgb(%d,%d,%d)", r, g, b);
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void draw(struct svg *sv, const struct stacks_node *n, size_t depth, double x)
{
	size_t me = sv->next++;
	uint64_t w = stacks_weight_of(&n->st, sv->show->weight);
	double frac = sv->total ? (double)w / (double)sv->total : 0.0;
	double width_px = frac * (SVG_WIDTH - 2 * MARGIN);
	if (width_px < MIN_PX) {
		sv->next = me + sv->size[me];
		return;
	}
	const char *name = node_name(sv, n);
	char fill[32], t[32], p50[32], p99[32], marked[1100];
	fill_of(sv->cls[me], name, n->kind == STACKS_SYSCALL, fill, sizeof(fill));
	if (n->kind == STACKS_KFRAME) /* kernel frames apart: shades of orange */
		snprintf(fill, sizeof(fill), "rgb(%d,%d,60)", 220 + (int)(hash_name(name) % 30),
			 130 + (int)(hash_name(name) / 30 % 50));
	if (n->kind == STACKS_FRAME && stacks_frame_inlined(sv->s, n->id)) {
		snprintf(marked, sizeof(marked), "%s (inlined)", name);
		name = marked;
	}
	double y = TOP + (double)(sv->max_depth - depth) * (FRAME_H + 1);
	double px = MARGIN + x * (SVG_WIDTH - 2 * MARGIN);
	FILE *f = sv->f;
	fprintf(f,
		"<g class=\"f\" data-x=\"%.9f\" data-w=\"%.9f\" data-d=\"%zu\" data-c=\"%s\" "
		"data-n=\"",
		x, frac, depth, fill);
	xmltext_put(f, name, SIZE_MAX);
	fputs("\"><title>", f);
	xmltext_put(f, name, SIZE_MAX);
	humantime_ns(t, sizeof(t), n->st.time);
	fprintf(f, "\n%" PRIu64 " calls (%.2f%%), %s (%.2f%%)", n->st.calls,
		pct(n->st.calls, sv->root->calls), t, pct(n->st.time, sv->root->time));
	if (n->st.errors)
		fprintf(f, ", %" PRIu64 " errors", n->st.errors);
	if (n->st.lat.count) {
		humantime_ns(p50, sizeof(p50), hist_percentile(&n->st.lat, 50));
		humantime_ns(p99, sizeof(p99), hist_percentile(&n->st.lat, 99));
		fprintf(f, "\np50 %s, p99 %s", p50, p99);
	}
	if (n->kind == STACKS_SYSCALL)
		fprintf(f, "\nclass %s", palette[sv->cls[me]].name);
	fprintf(f,
		"</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\" "
		"rx=\"2\"/>",
		px, y, width_px > 1 ? width_px - 1 : width_px, FRAME_H, fill);
	/* about 7 pixels a character at 12px monospace */
	size_t fit = width_px > 10 ? (size_t)((width_px - 6) / 7.2) : 0;
	fprintf(f, "<text x=\"%.2f\" y=\"%.1f\">", px + 3, y + FRAME_H - 4);
	size_t len = strlen(name);
	if (fit >= 3) {
		if (len <= fit) {
			xmltext_put(f, name, SIZE_MAX);
		} else {
			char buf[512];
			size_t keep = fit - 2 < sizeof(buf) - 3 ? fit - 2 : sizeof(buf) - 3;
			memcpy(buf, name, keep);
			strcpy(buf + keep, "..");
			xmltext_put(f, buf, SIZE_MAX);
		}
	}
	fputs("</text></g>\n", f);
	double kx = x;
	for (size_t i = 0; i < n->nkids; i++) {
		draw(sv, n->kids[i], depth + 1, kx);
		kx += sv->total ? (double)stacks_weight_of(&n->kids[i]->st, sv->show->weight) /
					  (double)sv->total
				: 0.0;
	}
}

static const char svg_script[] =
	"<script type=\"text/ecmascript\"><![CDATA[\n"
	"(function () {\n"
	"\t'use strict';\n"
	"\tvar svg = document.documentElement;\n"
	"\tvar W = +svg.getAttribute('data-fw'), X0 = +svg.getAttribute('data-fx');\n"
	"\tvar frames = Array.prototype.slice.call(document.querySelectorAll('g.f'));\n"
	"\tvar details = document.getElementById('details');\n"
	"\tvar matched = document.getElementById('matched');\n"
	"\tvar reset = document.getElementById('reset');\n"
	"\tvar current = null, query = null;\n"
	"\tfunction num(g, a) { return +g.getAttribute(a); }\n"
	"\tfunction fit(g, px) {\n"
	"\t\tvar t = g.lastElementChild, n = g.getAttribute('data-n');\n"
	"\t\tvar max = Math.floor((px - 6) / 7.2);\n"
	"\t\tt.textContent = px < 10 || max < 3 ? '' : n.length"
	" <= max ? n : n.substring(0, max - 2) + '..';\n"
	"\t}\n"
	"\tfunction place(g, x, w) {\n"
	"\t\tvar r = g.querySelector('rect'), px = w * W;\n"
	"\t\tr.setAttribute('x', (X0 + x * W).toFixed(2));\n"
	"\t\tr.setAttribute('width', (px > 1 ? px - 1 : px).toFixed(2));\n"
	"\t\tg.lastElementChild.setAttribute('x', (X0 + x * W + 3).toFixed(2));\n"
	"\t\tfit(g, px);\n"
	"\t}\n"
	"\tfunction zoom(z) {\n"
	"\t\tvar zx = num(z, 'data-x'), zw = num(z, 'data-w'), zd = num(z, 'data-d'), e = 1e-9;\n"
	"\t\tcurrent = z;\n"
	"\t\tframes.forEach(function (g) {\n"
	"\t\t\tvar x = num(g, 'data-x'), w = num(g, 'data-w'), d = num(g, 'data-d');\n"
	"\t\t\tif (d >= zd && x >= zx - e && x + w <= zx + zw + e) {\n"
	"\t\t\t\tg.style.display = ''; g.classList.remove('up');\n"
	"\t\t\t\tplace(g, (x - zx) / zw, w / zw);\n"
	"\t\t\t} else if (d < zd && x <= zx + e && x + w >= zx + zw - e) {\n"
	"\t\t\t\tg.style.display = ''; g.classList.add('up');\n"
	"\t\t\t\tplace(g, 0, 1);\n"
	"\t\t\t} else {\n"
	"\t\t\t\tg.style.display = 'none';\n"
	"\t\t\t}\n"
	"\t\t});\n"
	"\t\treset.style.display = '';\n"
	"\t\tif (query) search(query);\n"
	"\t}\n"
	"\tfunction unzoom() {\n"
	"\t\tcurrent = null;\n"
	"\t\tframes.forEach(function (g) {\n"
	"\t\t\tg.style.display = ''; g.classList.remove('up');\n"
	"\t\t\tplace(g, num(g, 'data-x'), num(g, 'data-w'));\n"
	"\t\t});\n"
	"\t\treset.style.display = 'none';\n"
	"\t\tif (query) search(query);\n"
	"\t}\n"
	"\tfunction search(re) {\n"
	"\t\tvar spans = [];\n"
	"\t\tquery = re;\n"
	"\t\tframes.forEach(function (g) {\n"
	"\t\t\tvar r = g.querySelector('rect');\n"
	"\t\t\tif (re && re.test(g.getAttribute('data-n'))) {\n"
	"\t\t\t\tr.setAttribute('fill', 'rgb(230,0,230)');\n"
	"\t\t\t\tspans.push([num(g, 'data-x'), num(g, 'data-x') + num(g, 'data-w')]);\n"
	"\t\t\t} else {\n"
	"\t\t\t\tr.setAttribute('fill', g.getAttribute('data-c'));\n"
	"\t\t\t}\n"
	"\t\t});\n"
	"\t\tif (!re) { matched.textContent = ''; return; }\n"
	"\t\t/* the share of the width covered: nested matches count once */\n"
	"\t\tspans.sort(function (a, b) { return a[0] - b[0]; });\n"
	"\t\tvar covered = 0, end = -1;\n"
	"\t\tspans.forEach(function (s) {\n"
	"\t\t\tif (s[0] >= end) { covered += s[1] - s[0]; end = s[1]; }\n"
	"\t\t\telse if (s[1] > end) { covered += s[1] - end; end = s[1]; }\n"
	"\t\t});\n"
	"\t\tmatched.textContent = 'Matched: ' + (100 * covered).toFixed(1) + '%';\n"
	"\t}\n"
	"\tfunction ask() {\n"
	"\t\tvar s = window.prompt('Search for frames (a regular expression;"
	" empty to clear)', query ? query.source : '');\n"
	"\t\tif (s === null) return;\n"
	"\t\ttry { search(s ? new RegExp(s) : null); } catch"
	" (err) { matched.textContent = 'Bad expression'; }\n"
	"\t}\n"
	"\tsvg.addEventListener('click', function (ev) {\n"
	"\t\tvar t = ev.target;\n"
	"\t\tif (t.id === 'reset') { unzoom(); return; }\n"
	"\t\tif (t.id === 'search') { ask(); return; }\n"
	"\t\tvar g = t.closest ? t.closest('g.f') : null;\n"
	"\t\tif (g) zoom(g);\n"
	"\t});\n"
	"\tsvg.addEventListener('mouseover', function (ev) {\n"
	"\t\tvar g = ev.target.closest ? ev.target.closest('g.f') : null;\n"
	"\t\tif (g) details.textContent = g.querySelector('title').textContent.replace(/\\n/g,"
	" '  |  ');\n"
	"\t});\n"
	"\tsvg.addEventListener('mouseout', function () { details.textContent = ' '; });\n"
	"\t/* #search=REGEX or #zoom=NAME in the URL: start there */\n"
	"\tvar hash = decodeURIComponent(window.location.hash.substring(1)), m;\n"
	"\tif ((m = /^search=(.*)$/.exec(hash))) {\n"
	"\t\ttry { search(new RegExp(m[1])); } catch (err)"
	" { matched.textContent = 'Bad expression'; }\n"
	"\t} else if ((m = /^zoom=(.*)$/.exec(hash))) {\n"
	"\t\tfor (var i = 0; i < frames.length; i++)\n"
	"\t\t\tif (frames[i].getAttribute('data-n') === m[1]) { zoom(frames[i]); break; }\n"
	"\t}\n"
	"\twindow.addEventListener('keydown', function (ev) {\n"
	"\t\tif ((ev.ctrlKey || ev.metaKey) && ev.key === 'f') { ev.preventDefault(); ask(); }\n"
	"\t\telse if (ev.key === 'Escape') { if (current) unzoom(); else search(null); }\n"
	"\t});\n"
	"})();\n"
	"]]></script>\n";

void flame_svg(FILE *f, const struct stacks *s, const struct stacks_show *show)
{
	struct svg sv = { .f = f, .s = s, .show = show };
	const struct stacks_node *root = stacks_ntrees(s) ? stacks_tree_at(s, 0)->root : NULL;
	uint64_t weights[NCLASSES] = { 0 };
	static const struct stacks_stat empty;
	if (root && !measure(&sv, root, 0, weights))
		root = NULL;
	sv.root = root ? &root->st : &empty;
	sv.total = root ? stacks_weight_of(&root->st, show->weight) : 0;
	int height = TOP + (int)(sv.max_depth + 1) * (FRAME_H + 1) + BOTTOM;
	fprintf(f,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\""
		" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" data-fx=\"%d\" data-fw=\"%d\">\n",
		SVG_WIDTH, height, SVG_WIDTH, height, MARGIN, SVG_WIDTH - 2 * MARGIN);
	fputs("<style>\n"
	      "text { font-family: monospace; font-size: 12px; fill: #000; }\n"
	      "g.f:hover rect { stroke: #000; stroke-width: 0.6; }\n"
	      "g.f { cursor: pointer; }\n"
	      "g.up rect { opacity: 0.55; }\n"
	      "#title { font-size: 17px; text-anchor: middle; }\n"
	      "#sub { fill: #555; text-anchor: middle; }\n"
	      "#reset, #search { cursor: pointer; fill: #1a4fa0; }\n"
	      "#matched { text-anchor: end; }\n"
	      "</style>\n",
	      f);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f6f6f2\"/>\n",
		SVG_WIDTH, height);
	fprintf(f, "<text id=\"title\" x=\"%d\" y=\"22\">", SVG_WIDTH / 2);
	xmltext_put(f, show->title ? show->title : "System call flame graph", SIZE_MAX);
	fputs("</text>\n", f);
	char t[32];
	humantime_ns(t, sizeof(t), sv.root->time);
	fprintf(f,
		"<text id=\"sub\" x=\"%d\" y=\"38\">%" PRIu64 " calls, %s in system calls; "
		"width by %s; click to zoom</text>\n",
		SVG_WIDTH / 2, sv.root->calls, t,
		show->weight == STACKS_BY_CALLS ? "calls" : "time");
	fprintf(f,
		"<text id=\"reset\" x=\"%d\" y=\"22\" style=\"display:none\">Reset Zoom</text>\n",
		MARGIN);
	fprintf(f, "<text id=\"search\" x=\"%d\" y=\"22\">Search</text>\n",
		SVG_WIDTH - MARGIN - 50);
	/* legend: the classes present */
	double lx = MARGIN;
	for (size_t i = 0; i < NCLASSES; i++) {
		if (!weights[i])
			continue;
		fprintf(f,
			"<rect x=\"%.0f\" y=\"46\" width=\"10\""
			" height=\"10\" fill=\"rgb(%d,%d,%d)\"/>"
			"<text x=\"%.0f\" y=\"55\">%s</text>\n",
			lx, palette[i].r, palette[i].g, palette[i].b, lx + 14, palette[i].name);
		lx += 14 + 7.2 * (double)strlen(palette[i].name) + 14;
	}
	fputs("<g id=\"frames\">\n", f);
	if (root && sv.total)
		draw(&sv, root, 0, 0.0);
	else
		fprintf(f, "<text x=\"%d\" y=\"%d\">No calls with stacks to show.</text>\n", MARGIN,
			TOP + 12);
	fputs("</g>\n", f);
	fprintf(f, "<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n", MARGIN, height - 12);
	fprintf(f, "<text id=\"matched\" x=\"%d\" y=\"%d\"></text>\n", SVG_WIDTH - MARGIN,
		height - 12);
	fputs(svg_script, f);
	fputs("</svg>\n", f);
	free(sv.cls);
	free(sv.size);
}
