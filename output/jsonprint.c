/*
 * jsonprint.c - JSON text primitives (see jsonprint.h).
 */
#include "output/jsonprint.h"

#include <inttypes.h>

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

void json_print_recording(FILE *f, const struct rview *v)
{
	const struct scf_meta *m = v->meta;
	fputs("  \"recording\": {\"path\": ", f);
	json_print_string(f, v->path);
	/* how the calls were recorded; "recorded_by" is the program */
	const char *kind = scf_recorder_kind_name(m->recorder_kind);
	json_print_member(f, "recorder", kind ? kind : "unknown");
	json_print_member(f, "recorded_by", m->recorder);
	json_print_member(f, "hostname", m->hostname);
	json_print_member(f, "kernel_release", m->kernel_release);
	json_print_member(f, "arch", m->arch);
	fprintf(f, ", \"ncpus\": %" PRIu32 ", \"target\": ", m->ncpus);
	json_print_string(f, scf_target_name(m->target));
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
