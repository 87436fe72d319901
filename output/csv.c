/*
 * csv.c - a report as CSV (see csv.h).
 */
#include "output/csv.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "output/textesc.h"

void csv_print_field(FILE *f, const char *s)
{
	if (!s)
		return;
	/* control bytes from the traced side escaped as in the text views */
	size_t n = strlen(s);
	char *e = malloc(textesc_len(s, n, 0) + 1);
	if (!e) {
		fputc('?', f);
		return;
	}
	textesc(e, s, n, 0);
	if (!strpbrk(e, ",\"")) {
		fputs(e, f);
		free(e);
		return;
	}
	fputc('"', f);
	for (const char *p = e; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
	free(e);
}

static void print_row(FILE *f, const struct rview *v, const struct agg_sys *s)
{
	const struct hist *h = &s->lat;
	csv_print_field(f, s->name);
	fprintf(f,
		",%" PRId32 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64,
		s->nr, s->calls, s->errors, h->sum, hist_min(h), hist_avg(h), hist_percentile(h, 50),
		hist_percentile(h, 90), hist_percentile(h, 99), hist_percentile(h, 99.9),
		h->count ? h->max : 0, s->partial, s->partial_ns);
	/* record --counters: each counter's total, the calls counted, and the
	 * scaled (multiplexed) counters' names joined by '+' */
	uint32_t n = rview_ncounters(v);
	for (uint32_t i = 0; i < n; i++)
		fprintf(f, ",%" PRIu64, s->cnt[i]);
	if (n) {
		fprintf(f, ",%" PRIu64 ",", s->counted);
		const char *sep = "";
		for (uint32_t i = 0; i < n; i++)
			if (s->cnt_scaled >> i & 1) {
				fputs(sep, f);
				csv_print_field(f, v->meta->counters[i].name);
				sep = "+";
			}
	}
	if (v->meta->features & SCF_FEAT_OFFCPU)
		fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, s->oncpu_ns, s->blocked_ns,
			s->runnable_ns);
	fputc('\n', f);
}

static void print_lead(FILE *f, const struct rview *v, const struct rview_group *g)
{
	switch (v->by) {
	case GROUP_BY_PROCESS:
		fprintf(f, "%" PRId32 ",", g->pid);
		break;
	case GROUP_BY_THREAD:
		fprintf(f, "%" PRId32 ",%" PRId32 ",", g->pid, g->tid);
		break;
	default:
		break;
	}
	if (v->by != GROUP_BY_SYSCALL) {
		csv_print_field(f, v->by == GROUP_BY_FILE ? g->file : g->comm);
		fputc(',', f);
	}
}

void csv_print(FILE *f, const struct rview *v)
{
	static const char *const lead[] = {
		[GROUP_BY_SYSCALL] = "",
		[GROUP_BY_PROCESS] = "pid,comm,",
		[GROUP_BY_THREAD] = "pid,tid,comm,",
		[GROUP_BY_COMM] = "comm,",
		[GROUP_BY_FILE] = "file,",
	};
	fprintf(f, "%sname,nr,calls,errors,total_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,partial,partial_ns",
		lead[v->by]);
	for (uint32_t i = 0; i < rview_ncounters(v); i++) {
		fputc(',', f);
		csv_print_field(f, v->meta->counters[i].name);
	}
	fputs(rview_ncounters(v) ? ",counted_calls,counters_scaled" : "", f);
	fputs(v->meta->features & SCF_FEAT_OFFCPU ? ",oncpu_ns,blocked_ns,runnable_ns\n" : "\n", f);
	if (v->by == GROUP_BY_SYSCALL) {
		for (size_t i = 0; i < v->all.nsys; i++)
			if (v->all.sys[i]->calls)
				print_row(f, v, v->all.sys[i]);
		return;
	}
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rview_group *g = &v->groups[i];
		for (size_t j = 0; j < g->nsys; j++) {
			if (!g->sys[j]->calls)
				continue;
			print_lead(f, v, g);
			print_row(f, v, g->sys[j]);
		}
	}
}
