/*
 * json.c - a report as JSON (see json.h for the schema).
 */
#include "output/json.h"

#include <inttypes.h>

#include "analysis/waits.h"
#include "syscalls/syscalls.h"

static void print_id(FILE *f, int32_t id)
{
	if (id < 0)
		fputs("null", f);
	else
		fprintf(f, "%" PRId32, id);
}

/* , "counters": {...}, "counted_calls": N, "counters_scaled": [...] */
static void print_counters(FILE *f, const struct rview *v, const struct agg_sys *s)
{
	uint32_t n = rview_ncounters(v);
	if (!n)
		return;
	fputs(", \"counters\": {", f);
	for (uint32_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		json_print_string(f, v->meta->counters[i].name);
		fprintf(f, ": %" PRIu64, s->cnt[i]);
	}
	fprintf(f, "}, \"counted_calls\": %" PRIu64 ", \"counters_scaled\": [", s->counted);
	const char *sep = "";
	for (uint32_t i = 0; i < n; i++)
		if (s->cnt_scaled >> i & 1) {
			fputs(sep, f);
			json_print_string(f, v->meta->counters[i].name);
			sep = ", ";
		}
	fputc(']', f);
}

/* The kernel frames ips[0..n) as a JSON array of names. */
static void print_kstack(FILE *f, const struct rview *v, const uint64_t *ips, uint32_t n)
{
	fputc('[', f);
	const char *sep = "";
	for (uint32_t i = 0; i < n; i++) {
		char name[256];
		if (!ips[i])
			continue; /* never a frame: an address that read as 0 */
		fputs(sep, f);
		sep = ", ";
		json_print_string(f, waits_frame_name(v->ksyms, ips[i], name, sizeof(name)));
	}
	fputc(']', f);
}

/* record --off-cpu: , "oncpu_ns": .., "blocked_ns": .., "runnable_ns": ..,
 * "wait_sites": [...], "wakers": [...] */
static void print_offcpu(FILE *f, const struct rview *v, const struct agg_sys *s)
{
	if (!(v->meta->features & SCF_FEAT_OFFCPU))
		return;
	fprintf(f, ", \"oncpu_ns\": %" PRIu64 ", \"blocked_ns\": %" PRIu64 ", \"runnable_ns\": %" PRIu64,
		s->oncpu_ns, s->blocked_ns, s->runnable_ns);
	const struct waits *w = s->waits;
	fputs(", \"wait_sites\": [", f);
	for (size_t i = 0; w && i < w->nsites; i++) {
		const struct wait_site *site = &w->sites[i];
		fputs(i ? ", {\"stack\": " : "{\"stack\": ", f);
		print_kstack(f, v, site->kips, site->nkips);
		fprintf(f, ", \"blocked_ns\": %" PRIu64 ", \"calls\": %" PRIu64 ", \"p50_ns\": %" PRIu64
			   ", \"p99_ns\": %" PRIu64 "}",
			site->blocked_ns, site->calls, hist_percentile(&site->blocked, 50),
			hist_percentile(&site->blocked, 99));
	}
	fputs("], \"wakers\": [", f);
	for (size_t i = 0; w && i < w->nwakers; i++) {
		const struct waker *k = &w->wakers[i];
		fputs(i ? ", {\"pid\": " : "{\"pid\": ", f);
		if (k->irq) {
			fputs("null, \"tid\": null, \"comm\": \"interrupt\"", f);
		} else {
			fprintf(f, "%" PRId32 ", \"tid\": %" PRId32, k->pid, k->tid);
			json_print_member(f, "comm", k->comm);
		}
		fprintf(f, ", \"calls\": %" PRIu64 ", \"blocked_ns\": %" PRIu64 "}", k->calls,
			k->blocked_ns);
	}
	fputc(']', f);
}

static void print_sys(FILE *f, const struct rview *v, const struct agg_sys *s, const char *indent)
{
	const struct hist *h = &s->lat;
	fprintf(f, "%s{\"name\": ", indent);
	json_print_string(f, s->name);
	fprintf(f,
		", \"nr\": %" PRId32 ", \"calls\": %" PRIu64 ", \"errors\": %" PRIu64
		", \"unfinished\": %" PRIu64 ", \"no_return\": %" PRIu64 ", \"total_ns\": %" PRIu64
		", \"min_ns\": %" PRIu64
		", \"avg_ns\": %" PRIu64 ", \"p50_ns\": %" PRIu64 ", \"p90_ns\": %" PRIu64
		", \"p99_ns\": %" PRIu64 ", \"p999_ns\": %" PRIu64 ", \"max_ns\": %" PRIu64
		", \"partial\": %" PRIu64 ", \"partial_ns\": %" PRIu64,
		s->nr, s->calls, s->errors, s->unfinished, s->no_return, h->sum, hist_min(h),
		hist_avg(h),
		hist_percentile(h, 50), hist_percentile(h, 90), hist_percentile(h, 99),
		hist_percentile(h, 99.9), h->count ? h->max : 0, s->partial, s->partial_ns);
	fputs(", \"errnos\": {", f);
	for (uint32_t i = 0; i < s->nerrnos; i++) {
		char buf[16];
		const char *name = errno_name(s->errnos[i].err);
		if (!name) {
			snprintf(buf, sizeof(buf), "E%d", (int)s->errnos[i].err);
			name = buf;
		}
		if (i)
			fputs(", ", f);
		json_print_string(f, name);
		fprintf(f, ": %" PRIu64, s->errnos[i].count);
	}
	fputc('}', f);
	if (rview_hist_wants(v, s->name)) {
		struct hist_bucket b[HIST_LOG2_MAX];
		size_t n = hist_log2(h, b);
		fputs(", \"hist\": [", f);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s{\"lo_ns\": %" PRIu64 ", \"hi_ns\": %" PRIu64 ", \"count\": %" PRIu64 "}",
				i ? ", " : "", b[i].lo, b[i].hi, b[i].count);
		fputc(']', f);
	}
	print_counters(f, v, s);
	print_offcpu(f, v, s);
	fputc('}', f);
}

static void print_sys_list(FILE *f, const struct rview *v, const struct rview_group *g,
			   const char *indent)
{
	fputc('[', f);
	for (size_t i = 0; i < g->nsys; i++) {
		fputs(i ? ",\n" : "\n", f);
		print_sys(f, v, g->sys[i], indent);
	}
	fputs("]", f);
}

static void print_groups(FILE *f, const struct rview *v)
{
	fputs(",\n  \"groups\": [", f);
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rview_group *g = &v->groups[i];
		if (v->by == GROUP_BY_FILE) {
			fputs(i ? ",\n    {\"file\": " : "\n    {\"file\": ", f);
			json_print_string(f, g->file);
		} else {
			fputs(i ? ",\n    {\"pid\": " : "\n    {\"pid\": ", f);
			print_id(f, g->pid);
			fputs(", \"tid\": ", f);
			print_id(f, g->tid);
			json_print_member(f, "comm", g->comm);
			json_print_member(f, "cmdline", g->cmdline);
		}
		fprintf(f, ", \"calls\": %" PRIu64 ", \"errors\": %" PRIu64 ", \"total_ns\": %" PRIu64,
			g->total.calls, g->total.errors, g->total.lat.sum);
		print_counters(f, v, &g->total);
		print_offcpu(f, v, &g->total);
		fputs(", \"syscalls\": ", f);
		print_sys_list(f, v, g, "      ");
		fputc('}', f);
	}
	fputs("]", f);
}

static void print_stuck(FILE *f, const struct rview *v)
{
	fputs(",\n  \"stuck\": [", f);
	for (size_t i = 0; i < v->nstuck; i++) {
		const struct rview_stuck *s = &v->stuck[i];
		fprintf(f, "%s\n    {\"pid\": %" PRId32 ", \"tid\": %" PRId32 ", \"comm\": ",
			i ? "," : "", s->call.pid, s->call.tid);
		json_print_string(f, s->comm);
		json_print_member(f, "name", s->name);
		fprintf(f, ", \"nr\": %" PRId32 ", \"blocked_ns\": %" PRIu64 ", \"entered_before\": %s",
			s->call.nr, s->call.duration,
			s->call.flags & SCF_CALL_ENTERED_BEFORE ? "true" : "false");
		fputs(", \"args\": [", f);
		for (int j = 0; j < SCF_MAX_ARGS; j++)
			fprintf(f, "%s%" PRIu64, j ? ", " : "", s->call.args[j]);
		fputc(']', f);
		if (v->meta->features & SCF_FEAT_OFFCPU) {
			fputs(", \"kernel_stack\": ", f);
			print_kstack(f, v, s->kips, s->nkips);
		}
		fputc('}', f);
	}
	fputs("]", f);
}

void json_print(FILE *f, const struct rview *v)
{
	fputs("{\n", f);
	json_print_recording(f, v);
	fprintf(f,
		"  \"duration_ns\": %" PRIu64 ", \"events\": %" PRIu64 ", \"lost_events\": %" PRIu64
		", \"truncated\": %s, \"chunks\": %" PRIu64 ", \"filtered\": %s, \"unfinished\": %" PRIu64
		", \"no_return\": %" PRIu64 ", \"partial\": %" PRIu64 ", \"partial_ns\": %" PRIu64 ",\n",
		v->duration_ns, v->events, v->lost, v->truncated ? "true" : "false", v->chunks,
		v->filtered ? "true" : "false", v->unfinished, v->no_return, v->partial, v->partial_ns);
	fprintf(f,
		"  \"total\": {\"calls\": %" PRIu64 ", \"errors\": %" PRIu64 ", \"total_ns\": %" PRIu64,
		v->all.total.calls, v->all.total.errors, v->all.total.lat.sum);
	print_counters(f, v, &v->all.total);
	print_offcpu(f, v, &v->all.total);
	fputs("},\n", f);
	fputs("  \"syscalls\": ", f);
	print_sys_list(f, v, &v->all, "    ");
	if (v->by != GROUP_BY_SYSCALL)
		print_groups(f, v);
	print_stuck(f, v);
	fputs("\n}\n", f);
}
