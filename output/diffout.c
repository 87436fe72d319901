/*
 * diffout.c - `scprof diff` as tables, JSON and CSV (see diffout.h).
 */
#include "output/diffout.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "analysis/humantime.h"
#include "output/csv.h"
#include "output/json.h"
#include "output/textesc.h"
#include "syscalls/syscalls.h"

static const char *const side_names[2] = {"base", "new"};

/* Whether the diff is per group (--by other than syscall). */
static bool grouped(const struct diff_view *v)
{
	return strcmp(v->by, "syscall") != 0;
}

/* ---- text ---- */

static void print_target(FILE *f, const struct diff_recinfo *r)
{
	switch (r->target) {
	case SCF_TARGET_COMMAND:
		textesc_fputs_argv(f, r->argc, (const char *const *)r->argv);
		break;
	case SCF_TARGET_PIDS:
		fputs("running processes", f);
		break;
	case SCF_TARGET_SYSTEM:
		fputs("the whole system", f);
		break;
	default:
		fputs("an unknown target", f);
		break;
	}
}

static void print_side_line(FILE *f, const struct diff_view *v, int s)
{
	const struct diff_recinfo *r = &v->rec[s][0];
	char dur[32], date[64];
	time_t t = (time_t)(r->start_realtime / 1000000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(date, sizeof(date), "?");
	humantime_ns(dur, sizeof(dur), v->side[s]->duration_ns);
	fprintf(f, "%-5s ", s ? "New:" : "Base:");
	if (v->nrec[s] > 1)
		fprintf(f, "%zu recordings, the first ", v->nrec[s]);
	print_target(f, r);
	fprintf(f, " on %s (%s, %s), %s, %s%s\n", r->hostname ? r->hostname : "?",
		r->kernel_release ? r->kernel_release : "?", r->arch ? r->arch : "?", date, dur,
		v->nrec[s] > 1 ? " in all" : "");
}

static void print_header(FILE *f, const struct diff_view *v)
{
	print_side_line(f, v, 0);
	print_side_line(f, v, 1);
	switch (v->norm) {
	case DIFF_NORM_RAW:
		fputs(v->nrec[0] > 1 || v->nrec[1] > 1 ? "Counts per recording (mean of each side's)"
						     : "Counts as recorded",
		      f);
		break;
	case DIFF_NORM_PER_SECOND:
		fputs("Counts per second of recording", f);
		break;
	case DIFF_NORM_PER_CALLS:
		fprintf(f, "Counts scaled so that %s's calls match (new x%.4g)", v->per_name,
			v->d->opts.scale.new / v->d->opts.scale.base);
		break;
	}
	fprintf(f, "%s; time is wall-clock latency from syscall entry to exit.\n",
		v->filtered ? ", filtered view" : "");
}

#define W_NAME 16
#define W_COUNT 9
#define W_PCT 8
#define W_LAT 8
#define W_LPCT 9

static void print_dashes(FILE *f, int n)
{
	for (int i = 0; i < n; i++)
		fputc('-', f);
}

/* " ----- title -----" over width columns (with the leading space). */
static void print_title(FILE *f, const char *title, int width)
{
	int len = (int)strlen(title) + 2, left = (width - len) / 2;
	fputc(' ', f);
	print_dashes(f, left);
	fprintf(f, " %s ", title);
	print_dashes(f, width - len - left);
}

static const enum diff_metric count_metrics[] = {DIFF_CALLS, DIFF_ERRORS, DIFF_TOTAL};
static const enum diff_metric lat_metrics[] = {DIFF_AVG, DIFF_P50, DIFF_P99, DIFF_MAX};
#define NCOUNT 3
#define NLAT 4
#define COUNT_GROUP_W (3 * (W_COUNT + 1) + W_PCT + 1)
#define LAT_GROUP_W (2 * (W_LAT + 1) + W_LPCT + 1)

static void print_count_head(FILE *f)
{
	fprintf(f, "%-*s", W_NAME, "");
	for (int i = 0; i < NCOUNT; i++)
		print_title(f, count_metrics[i] == DIFF_TOTAL ? "total time"
							      : diff_metric_name(count_metrics[i]),
			    COUNT_GROUP_W - 1);
	fprintf(f, "\n%-*s", W_NAME, "syscall");
	for (int i = 0; i < NCOUNT; i++)
		fprintf(f, " %*s %*s %*s %*s", W_COUNT, "base", W_COUNT, "new", W_COUNT, "change",
			W_PCT, "%");
	fputc('\n', f);
}

static void print_count_rule(FILE *f)
{
	print_dashes(f, W_NAME);
	for (int i = 0; i < NCOUNT; i++) {
		for (int j = 0; j < 3; j++) {
			fputc(' ', f);
			print_dashes(f, W_COUNT);
		}
		fputc(' ', f);
		print_dashes(f, W_PCT);
	}
	fputc('\n', f);
}

static void print_count_row(FILE *f, const char *name, const struct diff_row *r)
{
	fprintf(f, "%-*s", W_NAME, name);
	for (int i = 0; i < NCOUNT; i++) {
		enum diff_metric m = count_metrics[i];
		char b[32], n[32], c[32], p[32];
		diff_value_text(b, sizeof(b), m, r->v[m].base);
		diff_value_text(n, sizeof(n), m, r->v[m].new);
		diff_change_text(c, sizeof(c), m, diff_val_change(&r->v[m]));
		diff_pct_text(p, sizeof(p), &r->v[m]);
		fprintf(f, " %*s %*s %*s %*s", W_COUNT, b, W_COUNT, n, W_COUNT, c, W_PCT, p);
	}
	fputc('\n', f);
}

static void print_lat_head(FILE *f)
{
	fprintf(f, "%-*s", W_NAME, "");
	for (int i = 0; i < NLAT; i++)
		print_title(f, diff_metric_name(lat_metrics[i]), LAT_GROUP_W - 1);
	fprintf(f, "\n%-*s", W_NAME, "syscall");
	for (int i = 0; i < NLAT; i++)
		fprintf(f, " %*s %*s %*s", W_LAT, "base", W_LAT, "new", W_LPCT, "%");
	fprintf(f, " %8s\n", "p");
}

static void print_lat_rule(FILE *f)
{
	print_dashes(f, W_NAME);
	for (int i = 0; i < NLAT; i++) {
		fputc(' ', f);
		print_dashes(f, W_LAT);
		fputc(' ', f);
		print_dashes(f, W_LAT);
		fputc(' ', f);
		print_dashes(f, W_LPCT);
	}
	fputc(' ', f);
	print_dashes(f, 8);
	fputc('\n', f);
}

/* "~" within noise; nothing when significant or not tested (the p
 * column then says "-"). */
static const char *noise_mark(const struct diff_row *r)
{
	return r->tested && !r->significant ? "~" : "";
}

static void print_lat_row(FILE *f, const struct diff_row *r)
{
	const char *mark = noise_mark(r);
	fprintf(f, "%-*s", W_NAME, r->name);
	for (int i = 0; i < NLAT; i++) {
		enum diff_metric m = lat_metrics[i];
		char b[32] = "-", n[32] = "-", p[40] = "-";
		if (r->base.lat.count)
			diff_value_text(b, sizeof(b), m, r->v[m].base);
		if (r->new.lat.count)
			diff_value_text(n, sizeof(n), m, r->v[m].new);
		if (r->base.lat.count && r->new.lat.count) {
			diff_pct_text(p, sizeof(p) - 2, &r->v[m]);
			strcat(p, mark);
		}
		fprintf(f, " %*s %*s %*s", W_LAT, b, W_LAT, n, W_LPCT, p);
	}
	char pv[32] = "-";
	if (r->tested) {
		if (r->rank.p < 0.0001)
			snprintf(pv, sizeof(pv), "<0.0001");
		else
			snprintf(pv, sizeof(pv), "%.2g", r->rank.p);
	}
	fprintf(f, " %8s\n", pv);
}

static bool has_latency(const struct diff_row *r)
{
	return r->base.lat.count || r->new.lat.count;
}

/* record --counters: each counter's base, new, change and % per syscall,
 * as wide as the counter's name; a scaled (multiplexed) value ends in
 * '*'. */
/* A counter's name as text views show it (it comes from the recording). */
static const char *cnt_name(const struct diff *d, size_t k, char *buf, size_t size)
{
	return textesc_buf(buf, size, d->cnt_names[k], 0);
}

static int cnt_width(const struct diff *d, size_t k)
{
	char name[96];
	int w = (int)strlen(cnt_name(d, k, name, sizeof(name)));
	return w < 3 * (W_COUNT + 1) + W_PCT ? 3 * (W_COUNT + 1) + W_PCT : w;
}

static void print_cnt_head(FILE *f, const struct diff *d)
{
	char name[96];
	fprintf(f, "%-*s", W_NAME, "");
	for (size_t k = 0; k < d->ncnt; k++)
		print_title(f, cnt_name(d, k, name, sizeof(name)), cnt_width(d, k));
	fprintf(f, "\n%-*s", W_NAME, "syscall");
	for (size_t k = 0; k < d->ncnt; k++)
		fprintf(f, " %*s %*s %*s %*s", cnt_width(d, k) - 3 * (W_COUNT + 1), "base", W_COUNT,
			"new", W_COUNT, "change", W_PCT, "%");
	fputc('\n', f);
}

static void print_cnt_rule(FILE *f, const struct diff *d)
{
	print_dashes(f, W_NAME);
	for (size_t k = 0; k < d->ncnt; k++) {
		fputc(' ', f);
		print_dashes(f, cnt_width(d, k));
	}
	fputc('\n', f);
}

static void print_cnt_row(FILE *f, const struct diff *d, const char *name,
			  const struct diff_row *r)
{
	fprintf(f, "%-*s", W_NAME, name);
	for (size_t k = 0; k < d->ncnt; k++) {
		char b[40], n[40], c[32], p[32];
		diff_value_text(b, sizeof(b) - 1, DIFF_CALLS, r->cnt[k].base);
		diff_value_text(n, sizeof(n) - 1, DIFF_CALLS, r->cnt[k].new);
		if (r->cnt_scaled >> k & 1) {
			strcat(b, "*");
			strcat(n, "*");
		}
		diff_change_text(c, sizeof(c), DIFF_CALLS, diff_val_change(&r->cnt[k]));
		diff_pct_text(p, sizeof(p), &r->cnt[k]);
		fprintf(f, " %*s %*s %*s %*s", cnt_width(d, k) - 3 * (W_COUNT + 1), b, W_COUNT, n,
			W_COUNT, c, W_PCT, p);
	}
	fputc('\n', f);
}

static void print_cnt_table(FILE *f, const struct diff *d, const struct diff_group *g)
{
	fputc('\n', f);
	print_cnt_head(f, d);
	print_cnt_rule(f, d);
	for (size_t i = 0; i < g->nrows; i++)
		print_cnt_row(f, d, g->rows[i].name, &g->rows[i]);
	print_cnt_rule(f, d);
	print_cnt_row(f, d, "total", &g->total);
	if (g->total.cnt_scaled)
		fputs("*: scaled, the kernel multiplexed the counter and it counted only part of "
		      "the time\n", f);
}

/* The tables of a group; whether it printed the latency one. */
static bool print_group_tables(FILE *f, const struct diff *d, const struct diff_group *g)
{
	print_count_head(f);
	print_count_rule(f);
	for (size_t i = 0; i < g->nrows; i++)
		print_count_row(f, g->rows[i].name, &g->rows[i]);
	print_count_rule(f);
	print_count_row(f, "total", &g->total);
	if (d->ncnt)
		print_cnt_table(f, d, g);

	size_t timed = 0;
	for (size_t i = 0; i < g->nrows; i++)
		timed += has_latency(&g->rows[i]);
	if (!timed)
		return false;
	fputc('\n', f);
	print_lat_head(f);
	print_lat_rule(f);
	for (size_t i = 0; i < g->nrows; i++)
		if (has_latency(&g->rows[i]))
			print_lat_row(f, &g->rows[i]);
	return true;
}

static void errno_label(char *buf, size_t len, int32_t err)
{
	const char *name = errno_name(err);
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "E%d", (int)err);
}

/* Appeared and vanished syscalls and new errnos of a group, "" if none. */
static void print_changes(FILE *f, const struct diff_group *g, const char *indent)
{
	static const enum diff_status kinds[] = {DIFF_APPEARED, DIFF_VANISHED};
	for (int k = 0; k < 2; k++) {
		size_t n = 0;
		for (size_t i = 0; i < g->nrows; i++) {
			const struct diff_row *r = &g->rows[i];
			if (r->status != kinds[k])
				continue;
			char calls[32];
			double c = kinds[k] == DIFF_APPEARED ? r->v[DIFF_CALLS].new : r->v[DIFF_CALLS].base;
			diff_value_text(calls, sizeof(calls), DIFF_CALLS, c);
			fprintf(f, "%s%s %s (%s call%s)", n ? ", " : indent,
				n ? "" : kinds[k] == DIFF_APPEARED ? "Appeared:" : "Vanished:", r->name,
				calls, c == 1 ? "" : "s");
			n++;
		}
		if (n)
			fputc('\n', f);
	}
	size_t n = 0;
	for (size_t i = 0; i < g->nrows; i++) {
		const struct diff_row *r = &g->rows[i];
		for (size_t j = 0; j < r->nerrnos; j++) {
			if (!diff_errno_is_new(&r->errnos[j]))
				continue;
			char e[32], c[32];
			errno_label(e, sizeof(e), r->errnos[j].err);
			diff_value_text(c, sizeof(c), DIFF_CALLS, r->errnos[j].n.new);
			fprintf(f, "%s%s %s %s (%s)", n ? ", " : indent, n ? "" : "New errnos:", r->name,
				e, c);
			n++;
		}
	}
	if (n)
		fputc('\n', f);
}

#define DETAIL_MAX 72

static void print_legend(FILE *f, const struct diff_view *v)
{
	const struct diff_opts *o = &v->d->opts;
	fprintf(f,
		"~: within noise, the rank test finds no latency change (p >= %g)%s\n"
		"p: the rank test's p-value; -: not tested (fewer than %" PRIu64
		" timed calls on a side)\n",
		o->alpha,
		v->nrec[0] > 1 || v->nrec[1] > 1 ? ", run-to-run noise included" : "",
		o->min_test_calls);
}

void diffout_table(FILE *f, const struct diff_view *v)
{
	const struct diff *d = v->d;
	if (v->new_arg)
		fprintf(f, "=== %s\n", v->new_arg);
	print_header(f, v);
	fputc('\n', f);
	if (!grouped(v)) {
		bool latency = print_group_tables(f, d, &d->all);
		fputc('\n', f);
		print_changes(f, &d->all, "");
		if (latency)
			print_legend(f, v);
		return;
	}
	bool latency = false;
	for (size_t i = 0; i < d->ngroups; i++) {
		const struct diff_group *g = &d->groups[i];
		fprintf(f, "%s ", v->by);
		textesc_fputs(f, g->label, 0);
		fprintf(f, ": %s", diff_status_name(g->status));
		/* a command line can be long: its start names it well enough */
		if (g->detail && strcmp(g->detail, g->label)) {
			char detail[DETAIL_MAX + 1];
			textesc_buf(detail, sizeof(detail), g->detail, 0);
			fprintf(f, " (%s%s)", detail,
				textesc_len(g->detail, strlen(g->detail), 0) > DETAIL_MAX ? "..." : "");
		}
		fputs("\n\n", f);
		latency |= print_group_tables(f, d, g);
		fputc('\n', f);
		print_changes(f, g, "  ");
		if (i + 1 < d->ngroups)
			fputc('\n', f);
	}
	if (latency)
		print_legend(f, v);
}

/* ---- numbers for JSON and CSV ---- */

/* An integer as one; a fraction with at most three decimals ("6.667",
 * "0.5"). */
static void print_num(FILE *f, double x)
{
	if (isinf(x) || isnan(x)) {
		fputs("null", f);
		return;
	}
	if (x == (double)(int64_t)x) {
		fprintf(f, "%" PRId64, (int64_t)x);
		return;
	}
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%.3f", x);
	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 1 && buf[n - 1] == '.')
		buf[--n] = 0;
	fputs(buf, f);
}

/* ---- JSON ---- */

static void json_change(FILE *f, const char *key, const struct diff_val *val)
{
	double pct;
	json_print_string(f, key); /* a counter's name comes from the recording */
	fputs(": {\"base\": ", f);
	print_num(f, val->base);
	fputs(", \"new\": ", f);
	print_num(f, val->new);
	fputs(", \"change\": ", f);
	print_num(f, diff_val_change(val));
	fputs(", \"change_pct\": ", f);
	if (diff_val_pct(val, &pct))
		fprintf(f, "%.2f", pct);
	else
		fputs("null", f);
	fputc('}', f);
}

static const char *const json_keys[DIFF_NMETRICS] = {
	[DIFF_CALLS] = "calls",   [DIFF_ERRORS] = "errors", [DIFF_TOTAL] = "total_ns",
	[DIFF_AVG] = "avg_ns",    [DIFF_P50] = "p50_ns",    [DIFF_P90] = "p90_ns",
	[DIFF_P99] = "p99_ns",    [DIFF_MAX] = "max_ns",
};

static void json_row(FILE *f, const struct diff *d, const struct diff_row *r, const char *indent)
{
	fprintf(f, "%s{\"name\": ", indent);
	json_print_string(f, r->name);
	fprintf(f, ", \"status\": \"%s\"", diff_status_name(r->status));
	for (int m = 0; m < DIFF_NMETRICS; m++) {
		fputs(", ", f);
		json_change(f, json_keys[m], &r->v[m]);
	}
	fprintf(f, ", \"tested\": %s, \"p_value\": ", r->tested ? "true" : "false");
	if (r->tested)
		fprintf(f, "%.6g, \"significant\": %s, \"prob_slower\": %.4f", r->rank.p,
			r->significant ? "true" : "false", r->rank.prob_slower);
	else
		fputs("null, \"significant\": null, \"prob_slower\": null", f);
	fputs(", \"errnos\": {", f);
	for (size_t i = 0; i < r->nerrnos; i++) {
		char e[32];
		errno_label(e, sizeof(e), r->errnos[i].err);
		fprintf(f, "%s\"%s\": {\"base\": ", i ? ", " : "", e);
		print_num(f, r->errnos[i].n.base);
		fputs(", \"new\": ", f);
		print_num(f, r->errnos[i].n.new);
		fprintf(f, ", \"new_errno\": %s}", diff_errno_is_new(&r->errnos[i]) ? "true" : "false");
	}
	fputc('}', f);
	if (d->ncnt) {
		fputs(", \"counters\": {", f);
		for (size_t k = 0; k < d->ncnt; k++) {
			fputs(k ? ", " : "", f);
			json_change(f, d->cnt_names[k], &r->cnt[k]);
		}
		fputs("}, \"counters_scaled\": [", f);
		const char *sep = "";
		for (size_t k = 0; k < d->ncnt; k++)
			if (r->cnt_scaled >> k & 1) {
				fputs(sep, f);
				json_print_string(f, d->cnt_names[k]);
				sep = ", ";
			}
		fputc(']', f);
	}
	fputc('}', f);
}

static void json_rows(FILE *f, const struct diff *d, const struct diff_group *g,
		      const char *indent)
{
	fputc('[', f);
	for (size_t i = 0; i < g->nrows; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_row(f, d, &g->rows[i], indent);
	}
	fputc(']', f);
}

static void json_side(FILE *f, const struct diff_view *v, int s)
{
	const struct diff_opts *o = &v->d->opts;
	fprintf(f, "  \"%s\": {\"runs\": %zu, \"duration_ns\": %" PRIu64 ", \"scale\": %.6g, "
		   "\"recordings\": [",
		side_names[s], v->side[s]->nruns, v->side[s]->duration_ns,
		s ? o->scale.new : o->scale.base);
	for (size_t i = 0; i < v->nrec[s]; i++) {
		const struct diff_recinfo *r = &v->rec[s][i];
		fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
		json_print_string(f, r->path);
		json_print_member(f, "hostname", r->hostname);
		json_print_member(f, "kernel_release", r->kernel_release);
		json_print_member(f, "arch", r->arch);
		fputs(", \"argv\": ", f);
		json_print_strings(f, (const char *const *)r->argv, r->argc);
		fprintf(f,
			", \"duration_ns\": %" PRIu64 ", \"events\": %" PRIu64
			", \"lost_events\": %" PRIu64 ", \"truncated\": %s}",
			r->duration_ns, r->events, r->lost, r->truncated ? "true" : "false");
	}
	fputs("]},\n", f);
}

static void json_status_list(FILE *f, const struct diff_group *g, enum diff_status st)
{
	size_t n = 0;
	fputc('[', f);
	for (size_t i = 0; i < g->nrows; i++) {
		if (g->rows[i].status != st)
			continue;
		if (n++)
			fputs(", ", f);
		json_print_string(f, g->rows[i].name);
	}
	fputc(']', f);
}

static void json_new_errnos(FILE *f, const struct diff_group *g)
{
	size_t n = 0;
	fputc('[', f);
	for (size_t i = 0; i < g->nrows; i++) {
		const struct diff_row *r = &g->rows[i];
		for (size_t j = 0; j < r->nerrnos; j++) {
			if (!diff_errno_is_new(&r->errnos[j]))
				continue;
			char e[32];
			errno_label(e, sizeof(e), r->errnos[j].err);
			fputs(n++ ? ", {\"name\": " : "{\"name\": ", f);
			json_print_string(f, r->name);
			fprintf(f, ", \"errno\": \"%s\", \"count\": ", e);
			print_num(f, r->errnos[j].n.new);
			fputc('}', f);
		}
	}
	fputc(']', f);
}

static const char *norm_name(enum diff_norm n)
{
	switch (n) {
	case DIFF_NORM_PER_SECOND:
		return "per-second";
	case DIFF_NORM_PER_CALLS:
		return "per-calls";
	default:
		return "raw";
	}
}

void diffout_json(FILE *f, const struct diff_view *v)
{
	const struct diff *d = v->d;
	fputs("{\n", f);
	json_side(f, v, 0);
	json_side(f, v, 1);
	fprintf(f, "  \"normalize\": \"%s\", \"per_calls_of\": ", norm_name(v->norm));
	json_print_string(f, v->norm == DIFF_NORM_PER_CALLS ? v->per_name : NULL);
	fprintf(f, ", \"by\": \"%s\", \"filtered\": %s, \"alpha\": %g, \"min_test_calls\": %" PRIu64
		   ",\n",
		v->by, v->filtered ? "true" : "false", d->opts.alpha, d->opts.min_test_calls);
	json_row(f, d, &d->all.total, "  \"total\": ");
	fputs(",\n  \"syscalls\": ", f);
	json_rows(f, d, &d->all, "    ");
	if (grouped(v)) {
		fputs(",\n  \"groups\": [", f);
		for (size_t i = 0; i < d->ngroups; i++) {
			const struct diff_group *g = &d->groups[i];
			fputs(i ? ",\n    {\"label\": " : "\n    {\"label\": ", f);
			json_print_string(f, g->label);
			/* keyed as report --by file keys its groups too */
			if (!strcmp(v->by, "file"))
				json_print_member(f, "file", g->label);
			json_print_member(f, "detail", g->detail);
			fprintf(f, ", \"status\": \"%s\",\n", diff_status_name(g->status));
			json_row(f, d, &g->total, "     \"total\": ");
			fputs(",\n     \"syscalls\": ", f);
			json_rows(f, d, g, "      ");
			fputc('}', f);
		}
		fputc(']', f);
	}
	fputs(",\n  \"appeared\": ", f);
	json_status_list(f, &d->all, DIFF_APPEARED);
	fputs(", \"vanished\": ", f);
	json_status_list(f, &d->all, DIFF_VANISHED);
	fputs(",\n  \"new_errnos\": ", f);
	json_new_errnos(f, &d->all);
	if (v->nrules) {
		fputs(",\n  \"gate\": [", f);
		for (size_t i = 0; i < v->nrules; i++) {
			const struct gate_verdict *gv = &v->verdicts[i];
			fputs(i ? ",\n    {\"rule\": " : "\n    {\"rule\": ", f);
			json_print_string(f, v->rules[i].text);
			fprintf(f, ", \"tripped\": %s, \"noise\": %s, \"base\": ",
				gv->tripped ? "true" : "false", gv->noise ? "true" : "false");
			print_num(f, gv->v.base);
			fputs(", \"new\": ", f);
			print_num(f, gv->v.new);
			fputs(", \"measured\": ", f);
			print_num(f, gv->measured);
			fputs(", \"p_value\": ", f);
			if (gv->tested)
				fprintf(f, "%.6g}", gv->p);
			else
				fputs("null}", f);
		}
		fputc(']', f);
	}
	fputs("\n}\n", f);
}

/* ---- CSV ---- */

static void csv_num(FILE *f, double x)
{
	if (!isinf(x) && !isnan(x))
		print_num(f, x);
}

/* ",base,new,change,change_pct" */
static void csv_change(FILE *f, const struct diff_val *val)
{
	double pct;
	fputc(',', f);
	csv_num(f, val->base);
	fputc(',', f);
	csv_num(f, val->new);
	fputc(',', f);
	csv_num(f, diff_val_change(val));
	fputc(',', f);
	if (diff_val_pct(val, &pct))
		fprintf(f, "%.2f", pct);
}

static void csv_row(FILE *f, const struct diff_view *v, const char *group, const struct diff_row *r)
{
	if (v->new_arg) {
		csv_print_field(f, v->new_arg);
		fputc(',', f);
	}
	if (grouped(v)) {
		csv_print_field(f, group);
		fputc(',', f);
	}
	csv_print_field(f, r->name);
	fprintf(f, ",%s", diff_status_name(r->status));
	for (int m = 0; m < DIFF_NMETRICS; m++)
		csv_change(f, &r->v[m]);
	fputc(',', f);
	if (r->tested)
		fprintf(f, "%.6g,%s", r->rank.p, r->significant ? "true" : "false");
	else
		fputc(',', f);
	fputc(',', f);
	size_t n = 0;
	for (size_t i = 0; i < r->nerrnos; i++) {
		if (!diff_errno_is_new(&r->errnos[i]))
			continue;
		char e[32];
		errno_label(e, sizeof(e), r->errnos[i].err);
		fprintf(f, "%s%s:", n++ ? " " : "", e);
		csv_num(f, r->errnos[i].n.new);
	}
	/* record --counters: base, new, change, change_pct per counter, then
	 * the scaled ones' names joined by '+' */
	const struct diff *d = v->d;
	for (size_t k = 0; k < d->ncnt; k++)
		csv_change(f, &r->cnt[k]);
	if (d->ncnt) {
		fputc(',', f);
		const char *sep = "";
		for (size_t k = 0; k < d->ncnt; k++)
			if (r->cnt_scaled >> k & 1) {
				fputs(sep, f);
				csv_print_field(f, d->cnt_names[k]);
				sep = "+";
			}
	}
	fputc('\n', f);
}

void diffout_csv(FILE *f, const struct diff_view *v, bool header)
{
	const struct diff *d = v->d;
	if (header) {
		if (v->new_arg)
			fputs("new,", f);
		if (grouped(v))
			fputs("group,", f);
		fputs("name,status", f);
		for (int m = 0; m < DIFF_NMETRICS; m++)
			fprintf(f, ",%s_base,%s_new,%s_change,%s_change_pct", json_keys[m], json_keys[m],
				json_keys[m], json_keys[m]);
		fputs(",p_value,significant,new_errnos", f);
		for (size_t k = 0; k < d->ncnt; k++) {
			const char *suffix[] = {"_base", "_new", "_change", "_change_pct"};
			for (int j = 0; j < 4; j++) {
				fputc(',', f);
				char col[96];
				snprintf(col, sizeof(col), "%s%s", d->cnt_names[k], suffix[j]);
				csv_print_field(f, col);
			}
		}
		fputs(d->ncnt ? ",counters_scaled\n" : "\n", f);
	}
	if (!grouped(v)) {
		for (size_t i = 0; i < d->all.nrows; i++)
			csv_row(f, v, NULL, &d->all.rows[i]);
		return;
	}
	for (size_t i = 0; i < d->ngroups; i++)
		for (size_t j = 0; j < d->groups[i].nrows; j++)
			csv_row(f, v, d->groups[i].label, &d->groups[i].rows[j]);
}
