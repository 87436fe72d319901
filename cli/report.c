/*
 * report.c - `scprof report`: read a recording once, streaming, and print
 * strace -c style tables, latency percentiles and histograms, errno
 * counts, per process/thread/comm views, stuck calls or an event log, as
 * text, JSON or CSV.
 *
 * Memory is bounded by distinct syscalls x groups and by tasks, never by
 * the number of events: each call is filtered, counted into its group's
 * per-syscall statistics (an array indexed by syscall number) and
 * forgotten.  Only calls still in progress at the end (at most one per
 * thread) are kept, for --stuck.
 */
#include "cli/commands.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diag.h"
#include "formats/scf.h"
#include "analysis/agg.h"
#include "analysis/callstacks.h"
#include "output/csv.h"
#include "output/evline.h"
#include "output/flame.h"
#include "output/json.h"
#include "cli/openmsg.h"
#include "analysis/rfilter.h"
#include "analysis/rview.h"
#include "output/stackprint.h"
#include "analysis/sysnames.h"
#include "output/table.h"
#include "analysis/tasks.h"
#include "syscalls/syscall_set.h"

#define DEFAULT_INPUT "scprof.data"

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_FOLDED, FORMAT_SVG };
enum stacks_view { STACKS_OFF, STACKS_LIST, STACKS_TREE };

struct report_opts {
	const char *input;
	enum report_format format;
	enum agg_sort sort;
	bool latency, errors, hist, stuck, events;
	enum rview_by by;
	bool by_syscall;
	struct rfilter filter;
	char **hist_names;
	size_t nhist_names;
	/* call stacks (callstacks.h) */
	enum stacks_view stacks;
	enum stacks_weight weight;
	size_t top;
	bool lines;
};

static void usage(FILE *f)
{
	fputs("usage: scprof report [OPTIONS] [--hist [SYSCALL...]]\n"
	      "\n"
	      "Summarize a recording made by 'scprof record': an strace -c table of\n"
	      "every system call (time is wall-clock latency from entry to exit),\n"
	      "latency percentiles and histograms, errors by errno, per process or\n"
	      "thread views, calls still blocked at the end, or the calls one by one.\n"
	      "\n"
	      "Input and output:\n"
	      "  -i, --input FILE       recording to read (default scprof.data)\n"
	      "                           scprof report -i run1.data\n"
	      "  -S, --sort KEY         order rows by time (default), calls, errors, name, avg or max\n"
	      "                           scprof report -S calls\n"
	      "      --format FMT       text (default), json or csv; folded or svg for\n"
	      "                         flame graphs of the call stacks (see below)\n"
	      "                           scprof report --format json > report.json\n"
	      "\n"
	      "Views:\n"
	      "  -L, --latency          add min, avg, p50, p90, p99, p99.9 and max latency columns\n"
	      "                           scprof report --latency\n"
	      "      --hist[=SYSCALLS]  log2 latency histogram per syscall (all, or those named)\n"
	      "                           scprof report --hist read write\n"
	      "      --errors           errno counts per syscall below the table\n"
	      "                           scprof report --errors\n"
	      "      --by KEY           group by syscall (default), process, thread or comm;\n"
	      "                         KEY,syscall gives a syscall table per group\n"
	      "                           scprof report --by process,syscall\n"
	      "      --stuck            calls still in progress when recording stopped\n"
	      "                           scprof report --stuck\n"
	      "      --events           every call, one a line, like strace -tt -T\n"
	      "                           scprof report --events --failed\n"
	      "\n"
	      "Call stacks (of a recording made with 'scprof record --call-graph fp|dwarf'):\n"
	      "      --stacks[=list]    per syscall, the stacks that made it, heaviest first,\n"
	      "                         with their share of its time and calls; with\n"
	      "                         --format json, the same for scripts\n"
	      "                           scprof report -e trace=openat --failed --stacks\n"
	      "      --stacks=tree      caller/callee tree with children and self shares\n"
	      "                           scprof report --stacks=tree\n"
	      "      --format folded    one line per stack, comm;outer;...;inner;syscall VALUE,\n"
	      "                         for flamegraph.pl, inferno or speedscope\n"
	      "                           scprof report --format folded | flamegraph.pl > f.svg\n"
	      "      --format svg       an interactive flame graph, coloured by syscall class\n"
	      "                           scprof report --format svg > flame.svg\n"
	      "      --weight KEY       weigh stacks by time (default; microseconds in folded)\n"
	      "                         or calls\n"
	      "                           scprof report --format folded --weight calls\n"
	      "      --top N            only the N heaviest syscalls, and N stacks of each\n"
	      "                           scprof report --stacks --top 5\n"
	      "      --lines            source file:line of each frame (needs debug info)\n"
	      "                           scprof report --stacks --lines\n"
	      "\n"
	      "Filters (every view):\n"
	      "  -e, --trace SET        syscalls to count, strace's -e trace= syntax\n"
	      "                           scprof report -e trace=%file,read\n"
	      "  -p, --pid PID[,PID]    only these processes\n"
	      "                           scprof report -p 4240,4251\n"
	      "      --tid TID[,TID]    only these threads\n"
	      "                           scprof report --tid 4242\n"
	      "      --comm NAME        only threads of this name (when the call was made)\n"
	      "                           scprof report --comm nginx\n"
	      "  -Z, --failed           only calls that failed (returned -4095..-1)\n"
	      "                           scprof report -Z --errors\n"
	      "  -z, --successful       only calls that succeeded\n"
	      "                           scprof report -z\n"
	      "      --min-duration T   only calls that took at least T (ns, us, ms, s)\n"
	      "                           scprof report --events --min-duration 10ms\n"
	      "      --time START,END   only calls entered in this window, in seconds from\n"
	      "                         the start of the recording; either side may be empty\n"
	      "                           scprof report --time 2.5,10\n"
	      "\n"
	      "  -h, --help             show this help\n"
	      "                           scprof report --help\n",
	      f);
}

enum {
	OPT_FORMAT = 256,
	OPT_HIST,
	OPT_ERRORS,
	OPT_BY,
	OPT_STUCK,
	OPT_EVENTS,
	OPT_STACKS,
	OPT_WEIGHT,
	OPT_TOP,
	OPT_LINES,
};

static const struct option long_options[] = {
	{"input", required_argument, NULL, 'i'},
	{"sort", required_argument, NULL, 'S'},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"latency", no_argument, NULL, 'L'},
	{"hist", optional_argument, NULL, OPT_HIST},
	{"errors", no_argument, NULL, OPT_ERRORS},
	{"by", required_argument, NULL, OPT_BY},
	{"stuck", no_argument, NULL, OPT_STUCK},
	{"events", no_argument, NULL, OPT_EVENTS},
	RFILTER_LONGOPTS,
	{"stacks", optional_argument, NULL, OPT_STACKS},
	{"weight", required_argument, NULL, OPT_WEIGHT},
	{"top", required_argument, NULL, OPT_TOP},
	{"lines", no_argument, NULL, OPT_LINES},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int parse_by(const char *s, struct report_opts *o)
{
	static const struct {
		const char *name;
		enum rview_by by;
	} keys[] = {
		{"syscall", RVIEW_BY_SYSCALL}, {"process", RVIEW_BY_PROCESS},
		{"pid", RVIEW_BY_PROCESS},     {"thread", RVIEW_BY_THREAD},
		{"tid", RVIEW_BY_THREAD},      {"comm", RVIEW_BY_COMM},
	};
	char buf[64];
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	enum rview_by by = RVIEW_BY_SYSCALL;
	bool syscall = false, other = false;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(tok, keys[i].name))
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return -EINVAL;
		if (keys[i].by == RVIEW_BY_SYSCALL) {
			if (syscall)
				return -EINVAL;
			syscall = true;
		} else {
			if (other)
				return -EINVAL;
			other = true;
			by = keys[i].by;
		}
	}
	if (!syscall && !other)
		return -EINVAL;
	o->by = by;
	o->by_syscall = syscall && other;
	return 0;
}

static int add_hist_names(struct report_opts *o, const char *list)
{
	char *copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	int err = 0;
	for (char *save, *tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		char **v = realloc(o->hist_names, (o->nhist_names + 1) * sizeof(*v));
		if (!v || !(v[o->nhist_names] = strdup(tok))) {
			if (v)
				o->hist_names = v;
			err = -ENOMEM;
			break;
		}
		o->hist_names = v;
		o->nhist_names++;
	}
	free(copy);
	return err;
}

static void opts_release(struct report_opts *o)
{
	rfilter_release(&o->filter);
	for (size_t i = 0; i < o->nhist_names; i++)
		free(o->hist_names[i]);
	free(o->hist_names);
}

/* 0 to go on, or the exit status (after printing why). */
static int parse_options(int argc, char **argv, struct report_opts *o, bool *done)
{
	int c, rc;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:S:L" RFILTER_SHORTOPTS "h", long_options, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->input = optarg;
			break;
		case 'S':
			if (!(o->sort = agg_sort_parse(optarg)))
				return diag_usage("report",
						  "unknown sort key '%s'; use time, calls, errors, name, "
						  "avg or max",
						  optarg);
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "csv"))
				o->format = FORMAT_CSV;
			else if (!strcmp(optarg, "folded"))
				o->format = FORMAT_FOLDED;
			else if (!strcmp(optarg, "svg"))
				o->format = FORMAT_SVG;
			else
				return diag_usage("report",
						  "unknown format '%s'; use text, json, csv, folded or svg",
						  optarg);
			break;
		case 'L':
			o->latency = true;
			break;
		case OPT_HIST:
			o->hist = true;
			if (optarg && add_hist_names(o, optarg)) {
				diag_error("out of memory");
				return 1;
			}
			break;
		case OPT_ERRORS:
			o->errors = true;
			break;
		case OPT_BY:
			if (parse_by(optarg, o))
				return diag_usage("report",
						  "cannot group by '%s'; use syscall, process, thread "
						  "or comm, optionally with ',syscall'",
						  optarg);
			break;
		case OPT_STUCK:
			o->stuck = true;
			break;
		case OPT_EVENTS:
			o->events = true;
			break;
		case OPT_STACKS:
			if (!optarg || !strcmp(optarg, "list"))
				o->stacks = STACKS_LIST;
			else if (!strcmp(optarg, "tree"))
				o->stacks = STACKS_TREE;
			else
				return diag_usage("report", "unknown --stacks view '%s'; use list or tree",
						  optarg);
			break;
		case OPT_WEIGHT:
			if (!strcmp(optarg, "time"))
				o->weight = STACKS_BY_TIME;
			else if (!strcmp(optarg, "calls"))
				o->weight = STACKS_BY_CALLS;
			else
				return diag_usage("report", "unknown weight '%s'; use time or calls", optarg);
			break;
		case OPT_TOP: {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end || errno || !v || optarg[0] == '-')
				return diag_usage("report", "invalid --top '%s'; give a count, e.g. 10",
						  optarg);
			o->top = v;
			break;
		}
		case OPT_LINES:
			o->lines = true;
			break;
		case 'h':
			usage(stdout);
			*done = true;
			return 0;
		case ':':
			return diag_usage("report", "option '%s' needs an argument", argv[optind - 1]);
		default:
			if ((rc = rfilter_option(&o->filter, c, optarg, "report")) != 1) {
				if (rc)
					return rc;
				break;
			}
			if (optopt && optopt < 256)
				return diag_usage("report", "unknown option '-%c'", optopt);
			return diag_usage("report", "unknown option '%s'", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++) {
		if (!o->hist)
			return diag_usage("report", "unexpected argument '%s'", argv[i]);
		if (add_hist_names(o, argv[i])) {
			diag_error("out of memory");
			return 1;
		}
	}
	if (o->stuck && o->events)
		return diag_usage("report", "--stuck and --events are different views; pick one");
	if (o->events && o->format != FORMAT_TEXT)
		return diag_usage("report", "--events prints text only");
	if (o->stuck && o->format == FORMAT_CSV)
		return diag_usage("report", "--stuck has no CSV form; use --format json");
	if (o->filter.failed && o->filter.successful)
		return diag_usage("report", "--failed and --successful exclude each other");
	bool flame = o->format == FORMAT_FOLDED || o->format == FORMAT_SVG;
	if (o->stacks && o->format == FORMAT_CSV)
		return diag_usage("report", "--stacks has no CSV form; use --format json, or folded "
				  "or svg for flame graphs");
	if (o->stacks == STACKS_TREE && o->format == FORMAT_JSON)
		return diag_usage("report", "--stacks=tree prints text; use --stacks --format json");
	if ((o->stacks || flame) && (o->stuck || o->events || o->hist || o->errors || o->latency))
		return diag_usage("report", "call stacks are a view of their own; drop --stuck, "
				  "--events, --hist, --errors and --latency");
	if (flame && o->stacks == STACKS_TREE)
		return diag_usage("report", "--stacks=tree prints text; drop --format %s",
				  o->format == FORMAT_SVG ? "svg" : "folded");
	if (flame && o->by != RVIEW_BY_SYSCALL)
		return diag_usage("report", "flame graphs start at the comm; drop --by");
	if (flame)
		o->stacks = STACKS_LIST;
	if (!o->stacks && (o->top || o->lines || o->weight))
		return diag_usage("report", "--top, --lines and --weight go with --stacks or "
				  "--format folded|svg");
	return 0;
}

/* What the streaming loop accumulates. */
struct report_state {
	const struct scf_meta *meta;
	struct sysnames *names;
	struct tasks *tasks;
	struct agg *agg;
	struct agg_group *all; /* the single group of --by syscall */
	struct rview_stuck *stuck;
	size_t nstuck, stuck_cap;
	uint64_t events, lost, last_time;
	struct callstacks *cs; /* --stacks, --format folded|svg */
};

static int push_stuck(struct report_state *st, const struct scf_call *c)
{
	if (st->nstuck == st->stuck_cap) {
		size_t cap = st->stuck_cap ? st->stuck_cap * 2 : 16;
		struct rview_stuck *v = realloc(st->stuck, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		st->stuck = v;
		st->stuck_cap = cap;
	}
	struct rview_stuck *s = &st->stuck[st->nstuck++];
	s->call = *c;
	s->call.ips = NULL;
	s->call.nips = 0;
	s->name = sysnames_get(st->names, c->nr);
	s->comm = NULL; /* named at the end */
	return 0;
}

/* Count one call that passed the filters. */
static int count_call(struct report_state *st, const struct report_opts *o,
		      const struct scf_call *c, uint32_t epoch)
{
	struct agg_group *g;
	switch (o->by) {
	case RVIEW_BY_PROCESS:
		g = agg_group(st->agg, (uint64_t)(uint32_t)c->pid);
		break;
	case RVIEW_BY_THREAD:
		g = agg_group(st->agg, (uint64_t)(uint32_t)c->tid);
		break;
	case RVIEW_BY_COMM:
		g = agg_group(st->agg, rview_comm_key(c->tid, epoch));
		break;
	default:
		g = st->all;
		break;
	}
	if (!g)
		return -ENOMEM;
	if ((c->flags & SCF_CALL_UNFINISHED) && push_stuck(st, c))
		return -ENOMEM;
	return agg_add(g, c);
}

/* Count one call that passed the filters into the stacks, grouped as
 * count_call groups (by comm: by name, so a comm's threads share it). */
static int stack_call(struct report_state *st, const struct report_opts *o,
		      const struct scf_call *c, const char *comm)
{
	uint64_t group = 0;
	switch (o->by) {
	case RVIEW_BY_PROCESS:
		group = (uint64_t)(uint32_t)c->pid;
		break;
	case RVIEW_BY_THREAD:
		group = (uint64_t)(uint32_t)c->tid;
		break;
	case RVIEW_BY_COMM:
		group = (uint64_t)(uintptr_t)comm;
		break;
	default:
		break;
	}
	return callstacks_call(st->cs, c, group, comm);
}

static void print_event_line(const struct report_state *st, const struct scf_event *ev,
			     const char *name)
{
	char line[1024];
	int n;
	if (ev->type == SCF_EV_CALL)
		n = evline_call(line, sizeof(line), st->meta, &ev->call, name,
				st->meta->features & SCF_FEAT_NO_ARGS);
	else
		n = evline_task(line, sizeof(line), st->meta, ev);
	if (n > 0)
		puts(line);
}

/* Read every event.  0, or the exit status after printing why. */
static int stream(struct scf_reader *r, struct report_state *st, struct report_opts *o)
{
	struct rfilter *f = &o->filter;
	bool filtering = rfilter_active(f);
	bool need_comm = rfilter_needs_comm(f) || o->by == RVIEW_BY_COMM || st->cs;
	struct scf_event ev;
	int rc, err = 0;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		st->events++;
		st->last_time = ev.time;
		if (ev.type == SCF_EV_CALL) {
			const struct scf_call *c = &ev.call;
			if (!filtering && o->by == RVIEW_BY_SYSCALL && !o->events && !st->cs) {
				/* the plain -c table: the fast path */
				if ((c->flags & SCF_CALL_UNFINISHED) && push_stuck(st, c))
					goto nomem;
				if (agg_add(st->all, c))
					goto nomem;
				continue;
			}
			uint32_t epoch = 0;
			const char *comm = need_comm ? tasks_comm_now(st->tasks, c->tid, &epoch) : NULL;
			if (filtering && !rfilter_call(f, c, comm))
				continue;
			if (o->events) {
				print_event_line(st, &ev, sysnames_get(st->names, c->nr));
				continue;
			}
			if (st->cs) {
				if (stack_call(st, o, c, comm))
					goto nomem;
				continue;
			}
			if (count_call(st, o, c, epoch))
				goto nomem;
			continue;
		}
		if (st->cs && (err = callstacks_event(st->cs, &ev)))
			goto nomem;
		switch (ev.type) {
		case SCF_EV_COMM:
		case SCF_EV_FORK:
		case SCF_EV_EXIT:
		case SCF_EV_CMDLINE:
			if ((err = tasks_event(st->tasks, &ev)))
				goto nomem;
			break;
		case SCF_EV_LOST:
			st->lost += ev.lost.count;
			break;
		default:
			break;
		}
		if (o->events && ev.type != SCF_EV_CMDLINE) {
			int32_t pid = ev.type == SCF_EV_COMM ? ev.comm.pid : ev.task.pid;
			int32_t tid = ev.type == SCF_EV_COMM ? ev.comm.tid : ev.task.tid;
			uint32_t epoch;
			const char *comm = need_comm ? tasks_comm_now(st->tasks, tid, &epoch) : NULL;
			bool task_event = ev.type == SCF_EV_COMM || ev.type == SCF_EV_FORK ||
					  ev.type == SCF_EV_EXIT;
			/* a syscall filter or --failed hides task events: they are no calls */
			bool call_only = f->set || f->failed || f->successful || f->min_duration;
			if (ev.type == SCF_EV_LOST ||
			    (task_event && !call_only && rfilter_task(f, pid, tid, ev.time, comm)))
				print_event_line(st, &ev, NULL);
		}
	}
	if (rc < 0) {
		if (rc == -EBADMSG)
			diag_error("cannot read '%s': corrupt recording (bad chunk at byte %" PRIu64
				   "); the part before it is intact",
				   o->input, scf_reader_offset(r));
		else
			diag_error("cannot read '%s': %s", o->input, scf_strerror(rc));
		return 1;
	}
	return 0;
nomem:
	diag_error("cannot read '%s': out of memory", o->input);
	return 1;
}

/* What the stacks printers name things with. */
struct stacks_ctx {
	struct report_state *st;
	const struct report_opts *o;
};

static const char *stacks_sys_name(void *ctx, int32_t nr)
{
	const struct stacks_ctx *c = ctx;
	return sysnames_get(c->st->names, nr);
}

/* The name of a stacks group, as stack_call keyed it. */
static const char *stacks_group_name(void *ctx, uint64_t group, char *buf, size_t len)
{
	const struct stacks_ctx *c = ctx;
	const char *comm;
	switch (c->o->by) {
	case RVIEW_BY_PROCESS:
		comm = tasks_process_comm(c->st->tasks, (int32_t)group);
		snprintf(buf, len, "process %" PRId32 " (%s)", (int32_t)group, comm ? comm : "?");
		return buf;
	case RVIEW_BY_THREAD:
		comm = tasks_comm(c->st->tasks, (int32_t)group);
		snprintf(buf, len, "thread %" PRId32 " (%s)", (int32_t)group, comm ? comm : "?");
		return buf;
	case RVIEW_BY_COMM:
		comm = (const char *)(uintptr_t)group;
		snprintf(buf, len, "comm %s", comm ? comm : "?");
		return buf;
	default:
		return NULL;
	}
}

static int print_stacks(struct report_state *st, struct report_opts *o, const struct rview *v)
{
	int err = callstacks_finish(st->cs);
	if (err) {
		diag_error("cannot summarize '%s': %s", o->input, strerror(-err));
		return 1;
	}
	struct stacks_ctx ctx = { st, o };
	char title[512];
	snprintf(title, sizeof(title), "System calls of %s by call stack",
		 st->meta->argc ? st->meta->argv[0] : o->input);
	struct stacks_show show = {
		.weight = o->weight,
		.top = o->top,
		.min_share = 0.005,
		.sys_name = stacks_sys_name,
		.group_name = o->by != RVIEW_BY_SYSCALL ? stacks_group_name : NULL,
		.ctx = &ctx,
		.title = title,
	};
	uint32_t every = st->meta->stack_every;
	if (every > 1) {
		size_t len = strlen(title);
		snprintf(title + len, sizeof(title) - len, " (1 call in %u sampled)", every);
		if (o->format == FORMAT_TEXT)
			printf("Stacks were sampled (record --stack-every %u): one call in %u has "
			       "its stack,\nand the counts below are of those calls.\n\n",
			       every, every);
	}
	struct stacks *s = callstacks_stacks(st->cs);
	switch (o->format) {
	case FORMAT_FOLDED:
		flame_folded(stdout, s, &show);
		break;
	case FORMAT_SVG:
		flame_svg(stdout, s, &show);
		break;
	case FORMAT_JSON:
		stackprint_json(stdout, s, &show, v);
		break;
	default:
		if (o->stacks == STACKS_TREE)
			stackprint_tree(stdout, s, &show);
		else
			stackprint_list(stdout, s, &show);
		break;
	}
	if (v->lost)
		diag_error("warning: the kernel dropped %" PRIu64 " events, so counts are low "
			   "(record with larger buffers: try -m)",
			   v->lost);
	if (v->truncated)
		diag_error("warning: recording truncated: the recorder stopped before finishing; "
			   "showing its complete chunks");
	return 0;
}

static int run(struct report_opts *o)
{
	struct scf_reader *r = NULL;
	struct report_state st = {0};
	struct rview v = {0};
	int rc = 1, err = scf_reader_open(o->input, &r);
	if (err)
		return openmsg_error(o->input, err, false);
	st.meta = scf_reader_meta(r);
	/* --by syscall counts everything into one group, found once here */
	if (sysnames_new(st.meta, &st.names) || tasks_new(&st.tasks) ||
	    agg_new(sysnames_fn, st.names, &st.agg) ||
	    (o->by == RVIEW_BY_SYSCALL && !(st.all = agg_group(st.agg, 0))) ||
	    rfilter_bind(&o->filter, st.meta->start_time, st.names)) {
		diag_error("out of memory");
		goto out;
	}
	if (o->stacks) {
		if (!(st.meta->features & SCF_FEAT_CALLCHAIN)) {
			diag_error("'%s' has no call stacks; record with 'scprof record --call-graph "
				   "fp' (or dwarf)",
				   o->input);
			goto out;
		}
		struct callstacks_opts co = { .weight = o->weight, .lines = o->lines,
					      .node_latency = o->format == FORMAT_SVG };
		if (callstacks_new(&co, st.meta, &st.cs)) {
			diag_error("out of memory");
			goto out;
		}
	}
	/* only the event log and the stuck calls (in JSON too) show arguments */
	if (!o->events && !o->stuck && o->format != FORMAT_JSON)
		scf_reader_skip_args(r);
	if ((rc = stream(r, &st, o)))
		goto out;
	for (size_t i = 0; st.cs && i < scf_reader_nsymtabs(r); i++)
		if (callstacks_add_symtab(st.cs, scf_reader_symtab(r, i))) {
			diag_error("out of memory");
			rc = 1;
			goto out;
		}

	const struct scf_trailer *t = scf_reader_trailer(r);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	/* chunk 0 is the metadata; after the last event chunk comes the trailer */
	v.chunks = ci.index ? ci.index - (ci.type == 3) : 0;
	v.path = o->input;
	v.meta = st.meta;
	v.events = st.events;
	v.lost = st.lost;
	v.truncated = !t;
	if (t && t->lost > v.lost)
		v.lost = t->lost;
	uint64_t end = t ? t->end_time : st.last_time;
	v.duration_ns = end > st.meta->start_time ? end - st.meta->start_time : 0;
	v.filtered = rfilter_active(&o->filter);
	if (st.cs) {
		rc = print_stacks(&st, o, &v);
		goto out;
	}
	v.by = o->by;
	v.by_syscall = o->by_syscall;
	v.sort = o->sort ? o->sort : AGG_SORT_TIME;
	v.latency = o->latency;
	v.errors = o->errors;
	v.hist = o->hist;
	v.hist_names = o->hist_names;
	v.nhist_names = o->nhist_names;
	for (size_t i = 0; i < st.nstuck; i++)
		st.stuck[i].comm = tasks_comm(st.tasks, st.stuck[i].call.tid);
	v.stuck = st.stuck;
	v.nstuck = st.nstuck;
	st.stuck = NULL;

	if (o->events) {
		if (v.lost)
			diag_error("warning: the kernel dropped %" PRIu64 " events; some calls are "
				   "missing (record with larger buffers: try -m)",
				   v.lost);
		if (v.truncated)
			diag_error("warning: recording truncated: the recorder stopped before "
				   "finishing; showing %" PRIu64 " complete chunk%s",
				   v.chunks, v.chunks == 1 ? "" : "s");
		rc = 0;
		goto out;
	}
	if ((err = rview_build(&v, st.agg, st.tasks))) {
		diag_error("cannot summarize '%s': %s", o->input, strerror(-err));
		rc = 1;
		goto out;
	}
	switch (o->format) {
	case FORMAT_JSON:
		json_print(stdout, &v);
		break;
	case FORMAT_CSV:
		csv_print(stdout, &v);
		break;
	case FORMAT_TEXT:
		if (o->stuck)
			table_print_stuck(stdout, &v);
		else
			table_print(stdout, &v);
		break;
	default:
		break; /* folded and svg went to print_stacks */
	}
	if (o->format != FORMAT_TEXT && v.lost)
		diag_error("warning: the kernel dropped %" PRIu64 " events, so counts are low "
			   "(record with larger buffers: try -m)",
			   v.lost);
	if (o->format != FORMAT_TEXT && v.truncated)
		diag_error("warning: recording truncated: the recorder stopped before finishing; "
			   "showing %" PRIu64 " complete chunk%s",
			   v.chunks, v.chunks == 1 ? "" : "s");
	rc = 0;
out:
	rview_release(&v);
	callstacks_free(st.cs);
	free(st.stuck);
	agg_free(st.agg);
	tasks_free(st.tasks);
	sysnames_free(st.names);
	scf_reader_close(r);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = {0};
	bool done = false;
	o.input = DEFAULT_INPUT;
	rfilter_init(&o.filter);
	int rc = parse_options(argc, argv, &o, &done);
	if (!rc && !done)
		rc = run(&o);
	opts_release(&o);
	return rc;
}
