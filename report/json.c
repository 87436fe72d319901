/*
 * json.c - a report as JSON (see json.h for the schema).
 */
#include "report/json.h"

#include <inttypes.h>

#include "syscalls/syscalls.h"

void json_print_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void json_print_member(FILE *f, const char *key, const char *s)
{
	fprintf(f, ", \"%s\": ", key);
	json_print_string(f, s);
}

void json_print_strings(FILE *f, const char *const *ss, uint32_t n)
{
	fputc('[', f);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_print_string(f, ss[i]);
	}
	fputc(']', f);
}

static void print_id(FILE *f, int32_t id)
{
	if (id < 0)
		fputs("null", f);
	else
		fprintf(f, "%" PRId32, id);
}

static const char *target_name(enum scf_target t)
{
	switch (t) {
	case SCF_TARGET_COMMAND:
		return "command";
	case SCF_TARGET_PIDS:
		return "pids";
	case SCF_TARGET_SYSTEM:
		return "system";
	}
	return NULL;
}

void json_print_recording(FILE *f, const struct rview *v)
{
	const struct scf_meta *m = v->meta;
	fputs("  \"recording\": {\"path\": ", f);
	json_print_string(f, v->path);
	json_print_member(f, "recorder", m->recorder);
	json_print_member(f, "hostname", m->hostname);
	json_print_member(f, "kernel_release", m->kernel_release);
	json_print_member(f, "arch", m->arch);
	fprintf(f, ", \"ncpus\": %" PRIu32 ", \"target\": ", m->ncpus);
	json_print_string(f, target_name(m->target));
	fputs(", \"argv\": ", f);
	json_print_strings(f, m->argv, m->argc);
	fputs(", \"pids\": [", f);
	for (uint32_t i = 0; i < m->npids; i++)
		fprintf(f, "%s%" PRId32, i ? ", " : "", m->pids[i]);
	fprintf(f, "], \"start_time_ns\": %" PRIu64 ", \"start_realtime_ns\": %" PRIu64, m->start_time,
		m->start_realtime);
	json_print_member(f, "options", m->options);
	json_print_member(f, "filter", m->filter);
	fputs("},\n", f);
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
		", \"p99_ns\": %" PRIu64 ", \"p999_ns\": %" PRIu64 ", \"max_ns\": %" PRIu64,
		s->nr, s->calls, s->errors, s->unfinished, s->no_return, h->sum, hist_min(h),
		hist_avg(h),
		hist_percentile(h, 50), hist_percentile(h, 90), hist_percentile(h, 99),
		hist_percentile(h, 99.9), h->count ? h->max : 0);
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
		fputs(i ? ",\n    {\"pid\": " : "\n    {\"pid\": ", f);
		print_id(f, g->pid);
		fputs(", \"tid\": ", f);
		print_id(f, g->tid);
		json_print_member(f, "comm", g->comm);
		json_print_member(f, "cmdline", g->cmdline);
		fprintf(f, ", \"calls\": %" PRIu64 ", \"errors\": %" PRIu64 ", \"total_ns\": %" PRIu64,
			g->total.calls, g->total.errors, g->total.lat.sum);
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
		fputs("]}", f);
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
		", \"no_return\": %" PRIu64 ",\n",
		v->duration_ns, v->events, v->lost, v->truncated ? "true" : "false", v->chunks,
		v->filtered ? "true" : "false", v->unfinished, v->no_return);
	fprintf(f,
		"  \"total\": {\"calls\": %" PRIu64 ", \"errors\": %" PRIu64 ", \"total_ns\": %" PRIu64
		"},\n",
		v->all.total.calls, v->all.total.errors, v->all.total.lat.sum);
	fputs("  \"syscalls\": ", f);
	print_sys_list(f, v, &v->all, "    ");
	if (v->by != RVIEW_BY_SYSCALL)
		print_groups(f, v);
	print_stuck(f, v);
	fputs("\n}\n", f);
}
