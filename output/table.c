/*
 * table.c - terminal tables of a report (see table.h).
 */
#include "output/table.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "analysis/humantime.h"
#include "analysis/waits.h"
#include "output/textesc.h"
#include "syscalls/argfmt.h"
#include "syscalls/syscalls.h"

#define RULE_NAME "----------------"

static void print_target(FILE *f, const struct scf_meta *m)
{
	switch (m->target) {
	case SCF_TARGET_COMMAND:
		textesc_fputs_argv(f, m->argc, m->argv);
		break;
	case SCF_TARGET_PIDS:
		fputs(m->npids == 1 ? "PID " : "PIDs ", f);
		for (uint32_t i = 0; i < m->npids; i++)
			fprintf(f, "%s%" PRId32, i ? ", " : "", m->pids[i]);
		break;
	case SCF_TARGET_SYSTEM:
		fputs("the whole system", f);
		break;
	default:
		fputs("an unknown target", f);
		break;
	}
}

void table_print_header(FILE *f, const struct rview *v)
{
	const struct scf_meta *m = v->meta;
	char date[64], dur[32];
	rview_start_date(v, date, sizeof(date));
	humantime_ns(dur, sizeof(dur), v->duration_ns);
	fputs("Recording of ", f);
	print_target(f, m);
	fprintf(f, " on %s, %s, %s, %" PRIu64 " events%s\n", m->hostname ? m->hostname : "?", date,
		dur, v->events, v->filtered ? " (filtered view)" : "");
	fputs("Time is wall-clock latency from syscall entry to exit.\n", f);
	const char *kind = scf_recorder_kind_name(m->recorder_kind);
	fprintf(f, "Recorded by the %s recorder.\n", kind ? kind : "unknown");
	if (m->filter)
		fprintf(f, "Recorded only the syscalls in -e %s (filtered in the kernel).\n", m->filter);
	if (m->ncounters) {
		fputs("Counters per call, user and kernel mode, from entry to exit:", f);
		for (uint32_t i = 0; i < m->ncounters; i++) {
			fputs(i ? ", " : " ", f);
			textesc_fputs(f, m->counters[i].name, 0);
		}
		fputs(".\n", f);
	}
	if (v->lost)
		fprintf(f,
			"warning: the kernel dropped %" PRIu64 " events, so counts are low; "
			"record with larger buffers (try -m)\n",
			v->lost);
	if (v->truncated)
		fprintf(f,
			"warning: recording truncated: the recorder stopped before finishing; "
			"showing %" PRIu64 " complete chunk%s (%" PRIu64 " events, %s)\n",
			v->chunks, v->chunks == 1 ? "" : "s", v->events, dur);
}

/* "12.3 s": a human duration with a space before the unit. */
static void spaced_ns(char *buf, size_t len, uint64_t ns)
{
	char t[32];
	humantime_ns(t, sizeof(t), ns);
	size_t i = 0;
	while (t[i] && (isdigit((unsigned char)t[i]) || t[i] == '.'))
		i++;
	snprintf(buf, len, "%.*s %s", (int)i, t, t + i);
}

/* Human duration right-aligned in width columns. */
static void put_ns(FILE *f, int width, uint64_t ns)
{
	char buf[32];
	humantime_ns(buf, sizeof(buf), ns);
	fprintf(f, " %*s", width, buf);
}

/* Counter columns (record --counters): each counter's total, and with
 * --latency its average per call, as wide as its name. */
static int counter_width(const struct rview *v, uint32_t i, bool per_call)
{
	char name[96];
	textesc_buf(name, sizeof(name), v->meta->counters[i].name, 0);
	int w = (int)strlen(name) + (per_call ? 5 : 0);
	return w < 10 ? 10 : w;
}

static void print_counter_rules(FILE *f, const struct rview *v)
{
	for (int per_call = 0; per_call <= v->latency; per_call++)
		for (uint32_t i = 0; i < rview_ncounters(v); i++)
			fprintf(f, " %.*s", counter_width(v, i, per_call),
				"------------------------------------------------------------------");
}

static void print_counter_heads(FILE *f, const struct rview *v)
{
	for (int per_call = 0; per_call <= v->latency; per_call++)
		for (uint32_t i = 0; i < rview_ncounters(v); i++) {
			char name[96], head[104];
			textesc_buf(name, sizeof(name), v->meta->counters[i].name, 0);
			snprintf(head, sizeof(head), "%s%s", name, per_call ? "/call" : "");
			fprintf(f, " %*s", counter_width(v, i, per_call), head);
		}
}

/* A scaled value (multiplexed: estimated from part of the time) ends in
 * '*', explained under the table. */
static void print_counter_cols(FILE *f, const struct rview *v, const struct agg_sys *s)
{
	for (int per_call = 0; per_call <= v->latency; per_call++)
		for (uint32_t i = 0; i < rview_ncounters(v); i++) {
			char val[48];
			const char *mark = s->cnt_scaled >> i & 1 ? "*" : "";
			if (!s->counted)
				snprintf(val, sizeof(val), "-");
			else if (per_call)
				snprintf(val, sizeof(val), "%.1f%s", (double)s->cnt[i] / (double)s->counted,
					 mark);
			else
				snprintf(val, sizeof(val), "%" PRIu64 "%s", s->cnt[i], mark);
			fprintf(f, " %*s", counter_width(v, i, per_call), val);
		}
}

static void print_rule(FILE *f, const struct rview *v, const char *last)
{
	fputs("------ ----------- ----------- --------- ---------", f);
	print_counter_rules(f, v);
	if (v->latency)
		for (int i = 0; i < 7; i++)
			fputs(" --------", f);
	fprintf(f, " %s\n", last);
}

static void print_head(FILE *f, const struct rview *v, const char *last)
{
	fputs("% time     seconds  usecs/call     calls    errors", f);
	print_counter_heads(f, v);
	if (v->latency)
		fputs("      min      avg      p50      p90      p99    p99.9      max", f);
	fprintf(f, " %s\n", last);
}

/* The numeric columns of one row, with a trailing space. */
static void print_cols(FILE *f, const struct rview *v, const struct agg_sys *s, uint64_t whole)
{
	uint64_t total = s->lat.sum;
	double pct = whole ? 100.0 * (double)total / (double)whole : 0.0;
	uint64_t per_call = s->lat.count ? total / s->lat.count / 1000 : 0;
	fprintf(f, "%6.2f %11.6f %11" PRIu64 " %9" PRIu64, pct, (double)total / 1e9, per_call,
		s->calls);
	if (s->errors)
		fprintf(f, " %9" PRIu64, s->errors);
	else
		fprintf(f, " %9s", "");
	print_counter_cols(f, v, s);
	if (v->latency) {
		if (!s->lat.count) {
			for (int i = 0; i < 7; i++)
				fprintf(f, " %8s", "-");
		} else {
			put_ns(f, 8, hist_min(&s->lat));
			put_ns(f, 8, hist_avg(&s->lat));
			put_ns(f, 8, hist_percentile(&s->lat, 50));
			put_ns(f, 8, hist_percentile(&s->lat, 90));
			put_ns(f, 8, hist_percentile(&s->lat, 99));
			put_ns(f, 8, hist_percentile(&s->lat, 99.9));
			put_ns(f, 8, s->lat.max);
		}
	}
	fputc(' ', f);
}

static const char *errno_label(int err, char *buf, size_t len)
{
	const char *name = errno_name(err);
	if (name)
		return name;
	snprintf(buf, len, "E%d", err);
	return buf;
}

static void print_errors(FILE *f, const struct rview_group *g)
{
	if (!g->total.errors)
		return;
	fprintf(f, "\n%-16s %-16s %9s\n", "syscall", "errno", "errors");
	fprintf(f, "%s %s %s\n", RULE_NAME, RULE_NAME, "---------");
	for (size_t i = 0; i < g->nsys; i++) {
		const struct agg_sys *s = g->sys[i];
		for (uint32_t j = 0; j < s->nerrnos; j++) {
			char buf[16];
			fprintf(f, "%-16s %-16s %9" PRIu64 "\n", s->name,
				errno_label(s->errnos[j].err, buf, sizeof(buf)), s->errnos[j].count);
		}
	}
}

static void print_hist(FILE *f, const struct agg_sys *s)
{
	struct hist_bucket b[HIST_LOG2_MAX];
	size_t n = hist_log2(&s->lat, b);
	if (!n)
		return;
	uint64_t top = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].count > top)
			top = b[i].count;
	fprintf(f, "\n%s: latency of %" PRIu64 " calls\n", s->name, s->lat.count);
	for (size_t i = 0; i < n; i++) {
		char lo[32], hi[32], range[72];
		humantime_ns(lo, sizeof(lo), b[i].lo);
		humantime_ns(hi, sizeof(hi), b[i].hi);
		if (b[i].lo == 0)
			snprintf(range, sizeof(range), "[0]");
		else
			snprintf(range, sizeof(range), "[%s, %s)", lo, hi);
		int bar = top ? (int)((b[i].count * 52 + top - 1) / top) : 0;
		if (!b[i].count)
			bar = 0;
		fprintf(f, "%-20s %8" PRIu64 " |%.*s%*s|\n", range, b[i].count, bar,
			"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@", 52 - bar, "");
	}
}

static void print_group_table(FILE *f, const struct rview *v, const struct rview_group *g)
{
	uint64_t whole = g->total.lat.sum;
	print_head(f, v, "syscall");
	print_rule(f, v, RULE_NAME);
	for (size_t i = 0; i < g->nsys; i++) {
		const struct agg_sys *s = g->sys[i];
		if (!s->calls)
			continue; /* only unfinished or no-return calls */
		print_cols(f, v, s, whole);
		fprintf(f, "%s\n", s->name);
	}
	print_rule(f, v, RULE_NAME);
	print_cols(f, v, &g->total, whole);
	fputs("total\n", f);
	if (v->errors)
		print_errors(f, g);
	for (size_t i = 0; v->hist && i < g->nsys; i++)
		if (rview_hist_wants(v, g->sys[i]->name))
			print_hist(f, g->sys[i]);
}

static const char *or_unknown(const char *s)
{
	return s ? s : "?";
}

/* A comm or command line from the traced side (textesc.h), or "?". */
static void put_name(FILE *f, const char *s)
{
	textesc_fputs(f, or_unknown(s), 0);
}

static void print_group_title(FILE *f, const struct rview *v, const struct rview_group *g)
{
	switch (v->by) {
	case GROUP_BY_PROCESS:
	case GROUP_BY_CMDLINE:
		fprintf(f, "process %" PRId32 " (", g->pid);
		put_name(f, g->comm);
		fputc(')', f);
		if (g->cmdline) {
			fputs(": ", f);
			put_name(f, g->cmdline);
		}
		break;
	case GROUP_BY_THREAD:
		fprintf(f, "thread %" PRId32 " (", g->tid);
		put_name(f, g->comm);
		fprintf(f, ") of process %" PRId32, g->pid);
		if (g->cmdline) {
			fputs(": ", f);
			put_name(f, g->cmdline);
		}
		break;
	case GROUP_BY_COMM:
		fputs("comm ", f);
		put_name(f, g->comm);
		break;
	case GROUP_BY_FILE:
		fputs("file ", f);
		put_name(f, g->file);
		break;
	case GROUP_BY_SYSCALL:
		break;
	}
	fputc('\n', f);
}

/* --by process|thread|comm|file without syscall: one row per group. */
static void print_summary(FILE *f, const struct rview *v)
{
	const char *last = v->by == GROUP_BY_PROCESS  ? "     pid process"
			   : v->by == GROUP_BY_THREAD ? "     tid      pid comm"
			   : v->by == GROUP_BY_FILE   ? "file"
						      : "comm";
	const char *rule = v->by == GROUP_BY_PROCESS  ? "-------- " RULE_NAME
			   : v->by == GROUP_BY_THREAD ? "-------- -------- " RULE_NAME
						      : RULE_NAME;
	uint64_t whole = v->all.total.lat.sum;
	print_head(f, v, last);
	print_rule(f, v, rule);
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rview_group *g = &v->groups[i];
		if (!g->total.calls)
			continue;
		print_cols(f, v, &g->total, whole);
		switch (v->by) {
		case GROUP_BY_PROCESS:
			fprintf(f, "%8" PRId32 " ", g->pid);
			put_name(f, g->cmdline ? g->cmdline : g->comm);
			break;
		case GROUP_BY_THREAD:
			fprintf(f, "%8" PRId32 " %8" PRId32 " ", g->tid, g->pid);
			put_name(f, g->comm);
			break;
		case GROUP_BY_FILE:
			put_name(f, g->file);
			break;
		default:
			put_name(f, g->comm);
			break;
		}
		fputc('\n', f);
	}
	print_rule(f, v, rule);
	print_cols(f, v, &v->all.total, whole);
	fputs(v->by == GROUP_BY_THREAD ? "                  total\n"
	      : v->by == GROUP_BY_PROCESS ? "         total\n"
					  : "total\n",
	      f);
	if (v->errors)
		print_errors(f, &v->all);
	for (size_t i = 0; v->hist && i < v->all.nsys; i++)
		if (rview_hist_wants(v, v->all.sys[i]->name))
			print_hist(f, v->all.sys[i]);
}

void table_print(FILE *f, const struct rview *v)
{
	table_print_header(f, v);
	fputc('\n', f);
	if (v->by == GROUP_BY_SYSCALL) {
		print_group_table(f, v, &v->all);
	} else if (!v->by_syscall) {
		print_summary(f, v);
	} else {
		for (size_t i = 0; i < v->ngroups; i++) {
			const struct rview_group *g = &v->groups[i];
			if (i)
				fputc('\n', f);
			print_group_title(f, v, g);
			print_group_table(f, v, g);
		}
		if (!v->ngroups)
			fputs("no calls\n", f);
	}
	/* exit and exit_group never return by design; like strace -c the
	 * table leaves them out without a word.  Other calls that never
	 * returned are worth one. */
	if (v->cut_short)
		fprintf(f, "\n%" PRIu64 " call%s never returned: the thread ended inside %s "
			   "(killed, or another thread exec'd); not counted\n",
			v->cut_short, v->cut_short == 1 ? "" : "s", v->cut_short == 1 ? "it" : "them");
	if (v->unfinished)
		fprintf(f, "\n%" PRIu64 " call%s still in progress when recording stopped; see --stuck\n",
			v->unfinished, v->unfinished == 1 ? "" : "s");
	if (v->all.total.cnt_scaled & ((1u << rview_ncounters(v)) - 1))
		fputs("\n* scaled: the kernel multiplexed the counter, which counted only part of "
		      "the time; the value is scaled up from the part it counted, as perf does\n",
		      f);
	if (v->partial) {
		char t[32];
		spaced_ns(t, sizeof(t), v->partial_ns);
		fprintf(f, "\n%" PRIu64 " call%s already in progress when recording started "
			   "(partial): counted in calls, %s time (at least %s in all) left out "
			   "of seconds and latencies\n",
			v->partial, v->partial == 1 ? " was" : "s were", v->partial == 1 ? "its" : "their",
			t);
	}
}


/* ---- --wait: where the calls' time went (record --off-cpu) ---- */

/* Wait sites and wakers shown per syscall, at most. */
#define WAIT_TOP 5
/* Frames of a wait site's stack shown in the text view, at most. */
#define WAIT_FRAMES 8

static void put_share(FILE *f, uint64_t ns, uint64_t whole)
{
	fprintf(f, " %11.6f %5.1f%%", (double)ns / 1e9, whole ? 100.0 * (double)ns / (double)whole : 0.0);
}

static void print_wait_row(FILE *f, const struct agg_sys *s)
{
	uint64_t total = s->lat.sum;
	fprintf(f, "%9" PRIu64 " %11.6f", s->calls, (double)total / 1e9);
	put_share(f, s->oncpu_ns, total);
	put_share(f, s->blocked_ns, total);
	put_share(f, s->runnable_ns, total);
	fputc(' ', f);
}

static void print_wait_head(FILE *f, const char *last)
{
	fprintf(f, "%9s %11s %18s %18s %18s %s\n", "calls", "seconds", "on-CPU     ", "blocked     ",
		"runnable     ", last);
	fprintf(f, "--------- ----------- ------------------ ------------------ ------------------ %s\n",
		RULE_NAME);
}

/* A kernel stack on one line, innermost first: "a <- b <- c". */
static void put_kstack(FILE *f, const struct rview *v, const uint64_t *ips, uint32_t n,
		       uint32_t most)
{
	if (!n) {
		fputs("(no stack)", f);
		return;
	}
	uint32_t shown = 0;
	for (uint32_t i = 0; i < n && shown < most; i++) {
		char name[256];
		if (!ips[i])
			continue; /* never a frame: an address that read as 0 */
		fputs(shown++ ? " <- " : "", f);
		textesc_fputs(f, waits_frame_name(v->ksyms, ips[i], name, sizeof(name)), 0);
	}
	if (n > most)
		fputs(" <- ...", f);
}

/* The top wait sites and wakers of one syscall (or group total). */
static void print_waits(FILE *f, const struct rview *v, const struct agg_sys *s, const char *what)
{
	const struct waits *w = s->waits;
	if (!w || (!w->nsites && !w->nwakers))
		return;
	fprintf(f, "\n%s: where it blocked (kernel stack of each call's longest block, "
		   "innermost first)\n", what);
	fprintf(f, "  %11s %6s %9s %8s %8s  %s\n", "blocked", "share", "calls", "p50", "p99", "stack");
	for (size_t i = 0; i < w->nsites && i < WAIT_TOP; i++) {
		const struct wait_site *site = &w->sites[i];
		fprintf(f, "  %11.6f %5.1f%% %9" PRIu64, (double)site->blocked_ns / 1e9,
			s->blocked_ns ? 100.0 * (double)site->blocked_ns / (double)s->blocked_ns : 0.0,
			site->calls);
		put_ns(f, 8, hist_percentile(&site->blocked, 50));
		put_ns(f, 8, hist_percentile(&site->blocked, 99));
		fputs("  ", f);
		put_kstack(f, v, site->kips, site->nkips, WAIT_FRAMES);
		fputc('\n', f);
	}
	if (w->nsites > WAIT_TOP)
		fprintf(f, "  ... %zu more (--format json lists them all)\n", w->nsites - WAIT_TOP);
	if (!w->nwakers)
		return;
	fprintf(f, "%s: who woke it\n", what);
	fprintf(f, "  %11s %6s %9s  %s\n", "blocked", "share", "calls", "waker");
	for (size_t i = 0; i < w->nwakers && i < WAIT_TOP; i++) {
		const struct waker *k = &w->wakers[i];
		fprintf(f, "  %11.6f %5.1f%% %9" PRIu64 "  ", (double)k->blocked_ns / 1e9,
			s->blocked_ns ? 100.0 * (double)k->blocked_ns / (double)s->blocked_ns : 0.0,
			k->calls);
		if (k->irq) {
			fputs("an interrupt (timer or softirq)\n", f);
			continue;
		}
		put_name(f, k->comm);
		fprintf(f, " (pid %" PRId32 ", tid %" PRId32 ")\n", k->pid, k->tid);
	}
	if (w->nwakers > WAIT_TOP)
		fprintf(f, "  ... %zu more\n", w->nwakers - WAIT_TOP);
}

static void print_wait_group(FILE *f, const struct rview *v, const struct rview_group *g)
{
	print_wait_head(f, "syscall");
	for (size_t i = 0; i < g->nsys; i++) {
		const struct agg_sys *s = g->sys[i];
		if (!s->calls)
			continue;
		print_wait_row(f, s);
		fprintf(f, "%s\n", s->name);
	}
	fputs("--------- ----------- ------------------ ------------------ ------------------ " RULE_NAME
	      "\n", f);
	print_wait_row(f, &g->total);
	fputs("total\n", f);
	for (size_t i = 0; i < g->nsys; i++)
		if (g->sys[i]->calls)
			print_waits(f, v, g->sys[i], g->sys[i]->name);
}

void table_print_wait(FILE *f, const struct rview *v)
{
	table_print_header(f, v);
	fputs("On-CPU, blocked (asleep) and runnable (waiting for a CPU) time of the calls that\n"
	      "completed; the three add up to their time.\n\n", f);
	if (v->by == GROUP_BY_SYSCALL) {
		print_wait_group(f, v, &v->all);
	} else if (!v->by_syscall) {
		const char *last = v->by == GROUP_BY_PROCESS ? "process" : v->by == GROUP_BY_THREAD
			? "thread" : v->by == GROUP_BY_FILE ? "file" : "comm";
		print_wait_head(f, last);
		for (size_t i = 0; i < v->ngroups; i++) {
			const struct rview_group *g = &v->groups[i];
			if (!g->total.calls)
				continue;
			print_wait_row(f, &g->total);
			print_group_title(f, v, g);
		}
		for (size_t i = 0; i < v->ngroups; i++) {
			const struct rview_group *g = &v->groups[i];
			if (!g->total.calls || !g->total.waits)
				continue;
			fputc('\n', f);
			print_group_title(f, v, g);
			print_waits(f, v, &g->total, "its calls");
		}
	} else {
		for (size_t i = 0; i < v->ngroups; i++) {
			const struct rview_group *g = &v->groups[i];
			if (i)
				fputc('\n', f);
			print_group_title(f, v, g);
			print_wait_group(f, v, g);
		}
		if (!v->ngroups)
			fputs("no calls\n", f);
	}
	if (v->unfinished)
		fprintf(f, "\n%" PRIu64 " call%s still in progress when recording stopped; see --stuck\n",
			v->unfinished, v->unfinished == 1 ? "" : "s");
}

void table_print_stuck(FILE *f, const struct rview *v)
{
	table_print_header(f, v);
	fputc('\n', f);
	if (!v->nstuck) {
		fputs("no calls were in progress when recording stopped\n", f);
		return;
	}
	fprintf(f, "%zu call%s in progress when recording stopped, longest blocked first:\n",
		v->nstuck, v->nstuck == 1 ? "" : "s");
	bool no_args = v->meta->features & SCF_FEAT_NO_ARGS;
	for (size_t i = 0; i < v->nstuck; i++) {
		const struct rview_stuck *s = &v->stuck[i];
		char dur[48], args[8192];
		/* unfinished: what the call fills in is not there yet */
		struct argfmt_call call = { .captures = s->call.captures,
					    .ncaptures = s->call.ncaptures };
		spaced_ns(dur, sizeof(dur), s->call.duration);
		if (no_args)
			snprintf(args, sizeof(args), "...");
		else
			argfmt_call_args(s->name, s->call.args, &call, args, sizeof(args));
		fprintf(f, "%s blocked %s%s in tid %" PRId32 " (", s->name,
			s->call.flags & SCF_CALL_ENTERED_BEFORE ? "at least " : "", dur, s->call.tid);
		put_name(f, s->comm);
		fprintf(f, ") of process %" PRId32 ": %s(%s)\n", s->call.pid, s->name, args);
		if (s->nkips) {
			fputs("    kernel stack: ", f);
			put_kstack(f, v, s->kips, s->nkips, SCF_MAX_KIPS);
			fputc('\n', f);
		}
	}
}
