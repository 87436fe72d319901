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
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/agg.h"
#include "analysis/callstacks.h"
#include "analysis/fdtable.h"
#include "analysis/rfilter.h"
#include "analysis/rview.h"
#include "analysis/scan.h"
#include "analysis/sysnames.h"
#include "analysis/tasks.h"
#include "base/outfile.h"
#include "analysis/waits.h"
#include "cli/diag.h"
#include "cli/viewopts.h"
#include "cli/readmsg.h"
#include "formats/scf.h"
#include "output/csv.h"
#include "output/evline.h"
#include "output/flame.h"
#include "output/json.h"
#include "output/pprof.h"
#include "output/stackprint.h"
#include "output/table.h"
#include "output/trace.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

enum stacks_view { STACKS_OFF, STACKS_LIST, STACKS_TREE };

struct report_opts {
	const char *input;
	const char *output;      /* -o; NULL: standard output */
	bool latency, errors, hist, stuck, events, wait;
	bool decode_fds; /* -y */
	enum group_by by;
	bool by_syscall;
	struct view_opts v;      /* -S, --format, --weight, filters */
	char **hist_names;
	size_t nhist_names;
	/* call stacks (callstacks.h) */
	enum stacks_view stacks;
	size_t top;
	bool lines;
	bool no_demangle;
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
	      "  -i, --input FILE       recording to read (default " SCPROF_DEFAULT_INPUT ")\n"
	      "                           scprof report -i run1.data\n"
	      "  -o, --output FILE      write the report to FILE instead of standard output;\n"
	      "                         FILE is replaced once the report is complete, and\n"
	      "                         only if it is a regular file\n"
	      "                           scprof report --format json -o report.json\n"
	      "  -S, --sort KEY         order rows by time (default), calls, errors, name, avg or max\n"
	      "                           scprof report -S calls\n"
	      "      --format FMT       text (default), json or csv; folded or svg for\n"
	      "                         flame graphs of the call stacks; pprof or trace\n"
	      "                         for other tools (see below)\n"
	      "                           scprof report --format json > report.json\n"
	      "\n"
	      "Views:\n"
	      "  -L, --latency          add min, avg, p50, p90, p99, p99.9 and max latency columns\n"
	      "                           scprof report --latency\n"
	      "      --hist[=SYSCALLS]  log2 latency histogram per syscall (all, or those named)\n"
	      "                           scprof report --hist read write\n"
	      "      --errors           errno counts per syscall below the table\n"
	      "                           scprof report --errors\n"
	      "      --by KEY           group by syscall (default), process, thread, comm or\n"
	      "                         file (the file, socket or pipe a call touched);\n"
	      "                         KEY,syscall gives a syscall table per group\n"
	      "                           scprof report --by process,syscall\n"
	      "                           scprof report --by file,syscall\n"
	      "      --stuck            calls still in progress when recording stopped\n"
	      "                         (with --off-cpu, the kernel stack each is blocked in)\n"
	      "                           scprof report --stuck\n"
	      "      --wait             where the time went (a recording made with 'record\n"
	      "                         --off-cpu'): on-CPU, blocked and runnable time per\n"
	      "                         syscall, the kernel stacks the calls blocked in\n"
	      "                         and who woke them\n"
	      "                           scprof report --wait -e trace=read\n"
	      "      --events           every call, one a line, like strace -tt -T, with the\n"
	      "                         paths, addresses and data the recording captured\n"
	      "                           scprof report --events --failed\n"
	      "  -y, --decode-fds       with --events, what each descriptor stands for, like\n"
	      "                         strace -y: read(3</etc/hosts>, ...)\n"
	      "                           scprof report --events -y -e trace=%desc\n"
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
	      "      --weight KEY       weigh stacks by time (default; microseconds in folded),\n"
	      "                         calls, or (record --off-cpu) blocked or oncpu time;\n"
	      "                         with --off-cpu, folded and svg stacks continue into\n"
	      "                         the kernel stack each call waited in (name_[k])\n"
	      "                           scprof report --format folded --weight calls\n"
	      "      --top N            only the N heaviest syscalls, and N stacks of each\n"
	      "                           scprof report --stacks --top 5\n"
	      "      --lines            source file:line of each frame (needs debug info)\n"
	      "                           scprof report --stacks --lines\n"
	      "      --no-demangle      C++ and Rust names as mangled in the binary\n"
	      "                           scprof report --stacks --no-demangle\n"
	      "\n"
	      "Exports (every filter applies):\n"
	      "      --format pprof     a gzipped pprof profile (profile.proto) of the calls\n"
	      "                         by stack, syscall and process, with sample types\n"
	      "                         calls, wall (ns, the default) and errors and labels\n"
	      "                         syscall, comm, pid and errno: for go tool pprof,\n"
	      "                         Pyroscope or Parca; needs -o FILE or a pipe;\n"
	      "                         with 'record --off-cpu' also blocked and oncpu\n"
	      "                         (ns), stacks going on into the kernel's wait stack\n"
	      "                           scprof report --format pprof -o calls.pb.gz\n"
	      "                           go tool pprof -http=:8080 calls.pb.gz\n"
	      "      --format trace     every call as a Chrome trace-event slice, with its\n"
	      "                         arguments and result, for ui.perfetto.dev or\n"
	      "                         chrome://tracing; --time keeps it small; with\n"
	      "                         'record --off-cpu' each call's blocked and runnable\n"
	      "                         time as slices inside it\n"
	      "                           scprof report --format trace --time 2,3 -o t.json\n"
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
	OPT_HIST = 256,
	OPT_ERRORS,
	OPT_BY,
	OPT_STUCK,
	OPT_EVENTS,
	OPT_STACKS,
	OPT_TOP,
	OPT_LINES,
	OPT_NO_DEMANGLE,
	OPT_WAIT,
};

static const struct option long_options[] = {
	{"input", required_argument, NULL, 'i'},
	{"output", required_argument, NULL, 'o'},
	{"latency", no_argument, NULL, 'L'},
	{"hist", optional_argument, NULL, OPT_HIST},
	{"errors", no_argument, NULL, OPT_ERRORS},
	{"by", required_argument, NULL, OPT_BY},
	{"stuck", no_argument, NULL, OPT_STUCK},
	{"wait", no_argument, NULL, OPT_WAIT},
	{"events", no_argument, NULL, OPT_EVENTS},
	{"decode-fds", no_argument, NULL, 'y'},
	VIEWOPTS_LONGOPTS,
	{"stacks", optional_argument, NULL, OPT_STACKS},
	{"top", required_argument, NULL, OPT_TOP},
	{"lines", no_argument, NULL, OPT_LINES},
	{"no-demangle", no_argument, NULL, OPT_NO_DEMANGLE},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int parse_by(const char *s, struct report_opts *o)
{
	static const struct {
		const char *name;
		enum group_by by;
	} keys[] = {
		{"syscall", GROUP_BY_SYSCALL}, {"process", GROUP_BY_PROCESS},
		{"pid", GROUP_BY_PROCESS},     {"thread", GROUP_BY_THREAD},
		{"tid", GROUP_BY_THREAD},      {"comm", GROUP_BY_COMM},
		{"file", GROUP_BY_FILE},
	};
	char buf[64];
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	enum group_by by = GROUP_BY_SYSCALL;
	bool syscall = false, other = false;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(tok, keys[i].name))
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return -EINVAL;
		if (keys[i].by == GROUP_BY_SYSCALL) {
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

/* The syscalls named for --hist: 0, -ENOMEM, or -EINVAL with the
 * unknown name in bad (as -e refuses it). */
static int add_hist_names(struct report_opts *o, const char *list, char *bad, size_t badlen)
{
	char *copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	int err = 0;
	for (char *save, *tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		if (syscall_number(tok) < 0) {
			snprintf(bad, badlen, "%s", tok);
			err = -EINVAL;
			break;
		}
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
	viewopts_release(&o->v);
	for (size_t i = 0; i < o->nhist_names; i++)
		free(o->hist_names[i]);
	free(o->hist_names);
}

/* 0 to go on, or the exit status (after printing why). */
static int parse_options(int argc, char **argv, struct report_opts *o, bool *done)
{
	int c, rc, err;
	char bad[64];
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:o:Ly" VIEWOPTS_SHORTOPTS "h", long_options, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->input = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'L':
			o->latency = true;
			break;
		case OPT_HIST:
			o->hist = true;
			if (optarg && (err = add_hist_names(o, optarg, bad, sizeof(bad)))) {
				if (err == -EINVAL)
					return diag_usage("report", "invalid --hist: unknown syscall '%s'",
							  bad);
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
						  "cannot group by '%s'; use syscall, process, thread, "
						  "comm or file, optionally with ',syscall'",
						  optarg);
			break;
		case OPT_STUCK:
			o->stuck = true;
			break;
		case OPT_EVENTS:
			o->events = true;
			break;
		case OPT_WAIT:
			o->wait = true;
			break;
		case 'y':
			o->decode_fds = true;
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
		case OPT_NO_DEMANGLE:
			o->no_demangle = true;
			break;
		case 'h':
			usage(stdout);
			*done = true;
			return 0;
		default:
			if ((rc = viewopts_option(&o->v, c, optarg, "report")) == 1)
				return diag_option_error("report", c, argv);
			if (rc)
				return rc;
			break;
		}
	}
	for (int i = optind; i < argc; i++) {
		if (!o->hist)
			return diag_usage("report", "unexpected argument '%s'", argv[i]);
		if ((err = add_hist_names(o, argv[i], bad, sizeof(bad)))) {
			if (err == -EINVAL)
				return diag_usage("report", "invalid --hist: unknown syscall '%s'", bad);
			diag_error("out of memory");
			return 1;
		}
	}
	if (o->stuck && o->events)
		return diag_usage("report", "--stuck and --events are different views; pick one");
	if (o->wait && (o->stuck || o->events))
		return diag_usage("report", "--wait, --stuck and --events are different views; "
					    "pick one");
	if (o->events && o->v.format != FORMAT_TEXT)
		return diag_usage("report", "--events prints text only");
	if (o->decode_fds && !o->events)
		return diag_usage("report", "-y names descriptors in --events; add --events");
	if (o->stuck && o->v.format == FORMAT_CSV)
		return diag_usage("report", "--stuck has no CSV form; use --format json");
	if ((rc = viewopts_check(&o->v, "report")))
		return rc;
	if (o->v.format == FORMAT_PPROF || o->v.format == FORMAT_TRACE) {
		const char *fmt = o->v.format == FORMAT_PPROF ? "pprof" : "trace";
		if (o->stuck || o->events || o->hist || o->errors || o->latency || o->stacks ||
		    o->decode_fds)
			return diag_usage("report", "--format %s is a view of its own; drop --stuck, "
					  "--events, --hist, --errors, --latency, --stacks and -y",
					  fmt);
		if (o->by != GROUP_BY_SYSCALL)
			return diag_usage("report", "--format %s keeps every process and thread apart; "
					  "drop --by",
					  fmt);
		if (o->top || o->lines || o->no_demangle || o->v.weight_given)
			return diag_usage("report", "--format %s exports everything: drop --top, "
					  "--lines, --no-demangle and --weight",
					  fmt);
		return 0;
	}
	bool flame = o->v.format == FORMAT_FOLDED || o->v.format == FORMAT_SVG;
	if (o->stacks && o->v.format == FORMAT_CSV)
		return diag_usage("report", "--stacks has no CSV form; use --format json, or folded "
				  "or svg for flame graphs");
	if (o->stacks == STACKS_TREE && o->v.format == FORMAT_JSON)
		return diag_usage("report", "--stacks=tree prints text; use --stacks --format json");
	if ((o->stacks || flame) && (o->stuck || o->events || o->hist || o->errors || o->latency ||
				      o->wait))
		return diag_usage("report", "call stacks are a view of their own; drop --stuck, "
				  "--events, --wait, --hist, --errors and --latency");
	if (flame && o->stacks == STACKS_TREE)
		return diag_usage("report", "--stacks=tree prints text; drop --format %s",
				  o->v.format == FORMAT_SVG ? "svg" : "folded");
	if (flame && o->by != GROUP_BY_SYSCALL)
		return diag_usage("report", "flame graphs start at the comm; drop --by");
	if (o->stacks && o->by == GROUP_BY_FILE)
		return diag_usage("report", "call stacks are not grouped by file; drop --by file");
	if (o->by == GROUP_BY_FILE && o->stuck)
		return diag_usage("report", "--stuck lists calls, not files; drop --by file");
	if (flame)
		o->stacks = STACKS_LIST;
	if (!o->stacks && (o->top || o->lines || o->no_demangle || o->v.weight))
		return diag_usage("report", "--top, --lines, --no-demangle and --weight go with --stacks or "
				  "--format folded|svg");
	return 0;
}

/* What the event log prints with. */
struct events_ctx {
	FILE *out;
	const struct scf_meta *meta;
	const struct scf_reader *ksyms; /* names kernel frames (record --off-cpu) */
	struct fdtable *fds; /* -y */
	int32_t pid;         /* of the call being printed */
};

/* -y: a descriptor of the call's process, by the table before the call */
static const char *event_fd_name(void *ctx, int fd)
{
	const struct events_ctx *e = ctx;
	return fdtable_name(e->fds, e->pid, fd);
}

/* --events: print one event a line, as the scan lets them through. */
static int print_event_line(void *ctx, const struct scf_event *ev, const char *name)
{
	struct events_ctx *e = ctx;
	char line[16384], ret_name[4096];
	int n;
	if (ev->type == SCF_EV_CALL) {
		struct evline_fds fds = { event_fd_name, e, NULL };
		e->pid = ev->call.pid;
		if (e->fds)
			fds.ret_name = fdtable_ret_name(e->fds, &ev->call, name, ret_name,
							sizeof(ret_name));
		n = evline_call(line, sizeof(line), e->meta, &ev->call, name,
				e->meta->features & SCF_FEAT_NO_ARGS, e->fds ? &fds : NULL,
				e->ksyms);
	} else {
		n = evline_task(line, sizeof(line), e->meta, ev);
	}
	if (n > 0) {
		fputs(line, e->out);
		fputc('\n', e->out);
	}
	return 0;
}

/* What the stacks printers name things with. */
struct stacks_ctx {
	const struct scan *scan;
	const struct report_opts *o;
};

static const char *stacks_sys_name(void *ctx, int32_t nr)
{
	const struct stacks_ctx *c = ctx;
	return sysnames_get(c->scan->names, nr);
}

/* The name of a stacks group, as group_stack_key keyed it. */
static const char *stacks_group_name(void *ctx, uint64_t group, char *buf, size_t len)
{
	const struct stacks_ctx *c = ctx;
	const char *comm;
	switch (c->o->by) {
	case GROUP_BY_PROCESS:
		comm = tasks_process_comm(c->scan->tasks, (int32_t)group);
		snprintf(buf, len, "process %" PRId32 " (%s)", (int32_t)group, comm ? comm : "?");
		return buf;
	case GROUP_BY_THREAD:
		comm = tasks_comm(c->scan->tasks, (int32_t)group);
		snprintf(buf, len, "thread %" PRId32 " (%s)", (int32_t)group, comm ? comm : "?");
		return buf;
	case GROUP_BY_COMM:
		comm = (const char *)(uintptr_t)group;
		snprintf(buf, len, "comm %s", comm ? comm : "?");
		return buf;
	default:
		return NULL;
	}
}

static void print_stacks(FILE *out, const struct scan *sc, const struct report_opts *o,
			 const struct rview *v)
{
	struct stacks_ctx ctx = { sc, o };
	char title[512];
	snprintf(title, sizeof(title), "System calls of %s by call stack",
		 sc->meta->argc ? sc->meta->argv[0] : o->input);
	struct stacks_show show = {
		.weight = o->v.weight,
		.top = o->top,
		.min_share = 0.005,
		.sys_name = stacks_sys_name,
		.group_name = o->by != GROUP_BY_SYSCALL ? stacks_group_name : NULL,
		.ctx = &ctx,
		.title = title,
	};
	struct callstacks_stats cst;
	callstacks_get_stats(sc->cs, &cst);
	show.cut = cst.cut;
	uint32_t every = sc->meta->stack_every;
	if (every > 1) {
		size_t len = strlen(title);
		snprintf(title + len, sizeof(title) - len, " (1 call in %u sampled)", every);
		if (o->v.format == FORMAT_TEXT)
			fprintf(out, "Stacks were sampled (record --stack-every %u): one call in %u has "
			       "its stack,\nand the counts below are of those calls.\n\n",
			       every, every);
	}
	struct stacks *s = callstacks_stacks(sc->cs);
	switch (o->v.format) {
	case FORMAT_FOLDED:
		flame_folded(out, s, &show);
		break;
	case FORMAT_SVG:
		flame_svg(out, s, &show);
		break;
	case FORMAT_JSON:
		stackprint_json(out, s, &show, v);
		break;
	default:
		if (o->stacks == STACKS_TREE)
			stackprint_tree(out, s, &show);
		else
			stackprint_list(out, s, &show);
		break;
	}
}

/* readmsg_incomplete, but a corrupt chunk was said already: no
 * "truncated" warning after it. */
static void incomplete(const struct scan *sc, bool corrupt)
{
	struct scan_summary sum = sc->sum;
	sum.truncated = sum.truncated && !corrupt;
	readmsg_incomplete(NULL, &sum);
}

/* Where the report goes: standard output, or -o FILE (outfile.h: a
 * temporary file renamed into place once the report is complete). */
struct report_out {
	FILE *f;
	struct outfile of;
	bool written; /* the whole report (of a corrupt recording: the part shown) */
};

/* 0, or the exit status after saying why. */
static int out_open(struct report_out *out, const struct report_opts *o)
{
	out->f = stdout;
	out->of.tmp[0] = 0;
	out->written = false;
	if (!o->output) {
		if (o->v.format == FORMAT_PPROF && isatty(STDOUT_FILENO)) {
			diag_error("not writing a binary pprof profile to a terminal; use -o FILE or "
				   "redirect standard output");
			return 1;
		}
		return 0;
	}
	struct stat in, st;
	if (!stat(o->input, &in) && !stat(o->output, &st) && in.st_dev == st.st_dev &&
	    in.st_ino == st.st_ino) {
		diag_error("refusing to write the report over the recording '%s'; choose another "
			   "file with -o",
			   o->output);
		return 1;
	}
	const char *bad = NULL, *what = NULL;
	int fd = outfile_open(&out->of, o->output, NULL, 1, &bad, &what);
	if (fd == -EEXIST) {
		diag_error("refusing to replace '%s': it is %s, and only a regular file is replaced; "
			   "choose another file with -o",
			   bad, what);
		return 1;
	}
	if (fd < 0) {
		diag_error("cannot create '%s': %s; choose another file with -o", o->output,
			   strerror(-fd));
		return 1;
	}
	if (!(out->f = fdopen(fd, "w"))) {
		diag_error("cannot create '%s': %s", o->output, strerror(errno));
		close(fd);
		outfile_abort(&out->of);
		return 1;
	}
	return 0;
}

/* Finish the output: with complete, -o's file takes its place; rc, or 1
 * if it cannot be written. */
static int out_close(struct report_out *out, const struct report_opts *o, bool complete, int rc)
{
	if (!o->output)
		return rc; /* standard output: checked by main */
	char what[4300];
	snprintf(what, sizeof(what), "'%s'", o->output);
	if (diag_close_output(out->f, what))
		complete = false, rc = 1;
	if (fclose(out->f) != 0 && complete) {
		diag_error("cannot write '%s': %s", o->output, strerror(errno));
		complete = false, rc = 1;
	}
	if (!complete) {
		outfile_abort(&out->of);
		return rc ? rc : 1;
	}
	const char *bad = NULL, *kind = NULL;
	int err = outfile_commit(&out->of, o->output, &bad, &kind);
	if (err == -EEXIST)
		diag_error("refusing to replace '%s': it is %s, and only a regular file is replaced; "
			   "choose another file with -o",
			   bad, kind);
	else if (err)
		diag_error("cannot write '%s': %s", o->output, strerror(-err));
	if (err) {
		outfile_abort(&out->of);
		return 1;
	}
	return rc;
}

/*
 * The kernel functions of a recording with off-CPU times (its KSYMS
 * chunks, at its end) for naming wait stacks while the events stream:
 * a second reader skipped to the end.  NULL if there are none, and a
 * one-line note when the recorder could not read them.
 */
static struct scf_reader *open_ksyms(const struct report_opts *o, const struct scf_meta *m)
{
	if (!(m->features & SCF_FEAT_OFFCPU))
		return NULL;
	if (m->kallsyms == SCF_KALLSYMS_HIDDEN) {
		diag_error("warning: '%s' names no kernel functions: kernel addresses were hidden "
			   "when it was recorded (kptr_restrict); stacks show addresses; record "
			   "after 'sysctl kernel.kptr_restrict=0', or as root with CAP_SYSLOG",
			   o->input);
		return NULL;
	}
	struct scf_reader *r;
	if (scf_reader_open(o->input, &r))
		return NULL;
	/* a damaged end leaves the functions read before it */
	scf_reader_skip_events(r);
	return r;
}

/* callstacks_opts.kname: a kernel frame by the recording's KSYMS */
static const char *kernel_frame_name(void *ctx, uint64_t ip, char *buf, size_t len)
{
	return waits_frame_name(ctx, ip, buf, len);
}

/* --format trace: each call that passed the filters, as it comes. */
static int trace_each(void *ctx, const struct scf_event *ev, const char *name)
{
	return ev->type == SCF_EV_CALL ? trace_call(ctx, &ev->call, name) : 0;
}

/* The scan's group of a call among the stacks, for pprof. */
static uint64_t pprof_group(const struct scf_call *c, const char *comm)
{
	(void)comm;
	return pprof_group_key(c);
}

static const char *sys_name_of(void *ctx, int32_t nr)
{
	return sysnames_get(ctx, nr);
}

static int run(struct report_opts *o, struct report_out *out)
{
	struct scan sc;
	struct rview v = {0};
	struct trace *trace = NULL;
	struct scf_reader *ksyms = NULL;
	bool corrupt = false;
	bool pprof = o->v.format == FORMAT_PPROF, tracing = o->v.format == FORMAT_TRACE;
	int rc = 1, err = scan_open(&sc, o->input);
	if (err) {
		scan_close(&sc);
		return readmsg_open_error(o->input, err, false);
	}
	if (o->stacks && !(sc.meta->features & SCF_FEAT_CALLCHAIN)) {
		diag_error("'%s' has no call stacks; record with 'scprof record --call-graph "
			   "fp' (or dwarf)",
			   o->input);
		goto out;
	}
	if (o->by == GROUP_BY_FILE && (sc.meta->features & SCF_FEAT_NO_ARGS)) {
		diag_error("cannot group '%s' by file: it was recorded with --no-args, so its calls "
			   "have no descriptors or paths",
			   o->input);
		goto out;
	}
	if ((o->decode_fds || o->by == GROUP_BY_FILE) && !(sc.meta->features & SCF_FEAT_CAPTURES))
		diag_error("warning: '%s' holds no paths (its recorder captured none): files "
			   "opened while recording are known by descriptor only; record with the "
			   "BPF recorder (without --no-bpf or --no-args) for paths",
			   o->input);
	if (tracing &&
	    (err = trace_new(out->f, sc.meta, sc.meta->features & SCF_FEAT_NO_ARGS, &trace))) {
		diag_error("out of memory");
		goto out;
	}
	if (o->wait && !(sc.meta->features & SCF_FEAT_OFFCPU)) {
		diag_error("'%s' has no off-CPU times; record with 'scprof record --off-cpu'",
			   o->input);
		goto out;
	}
	if ((o->v.weight == STACKS_BY_BLOCKED || o->v.weight == STACKS_BY_ONCPU) &&
	    !(sc.meta->features & SCF_FEAT_OFFCPU)) {
		diag_error("--weight %s needs off-CPU times, and '%s' has none; record with "
			   "'scprof record --off-cpu'",
			   o->v.weight == STACKS_BY_BLOCKED ? "blocked" : "oncpu", o->input);
		goto out;
	}
	ksyms = open_ksyms(o, sc.meta);
	if (trace && ksyms)
		trace_set_kname(trace, kernel_frame_name, ksyms);
	struct events_ctx ec = { .out = out->f, .meta = sc.meta, .ksyms = ksyms };
	bool flame = o->v.format == FORMAT_FOLDED || o->v.format == FORMAT_SVG;
	/* pprof: the stacks (the syscall alone without them), every frame
	 * with its source line */
	struct callstacks_opts co = { .weight = o->v.weight, .lines = o->lines || pprof,
				      .no_demangle = o->no_demangle,
				      .node_latency = o->v.format == FORMAT_SVG,
				      /* flame graphs and pprof go on into the kernel
				       * wait stacks */
				      .kname = (flame || pprof) && (sc.meta->features & SCF_FEAT_OFFCPU)
						       ? kernel_frame_name
						       : NULL,
				      .kctx = ksyms };
	struct scan_opts so = {
		.by = o->by,
		.filter = &o->v.filter,
		.count = !o->stacks && !o->events && !pprof && !tracing,
		.unfinished = true,
		.stacks = o->stacks || pprof ? &co : NULL,
		.stack_group = pprof ? pprof_group : NULL,
		/* only the event log, the trace and the stuck calls (in JSON
		 * too) show arguments */
		.skip_args = !o->events && !o->stuck && !tracing && o->v.format != FORMAT_JSON,
		.follow_fds = o->decode_fds,
		.each_event = o->events ? print_event_line : tracing ? trace_each : NULL,
		.ctx = tracing ? (void *)trace : &ec,
	};
	err = scan_start(&sc, &so);
	ec.fds = sc.fds;
	if (!err && (err = scan_run(&sc)) == -EBADMSG) {
		/* the part before the bad chunk is intact: show it, exit 1 */
		diag_error("'%s' is corrupt (bad chunk at byte %" PRIu64 "); showing the part "
			   "before it",
			   o->input, scf_reader_offset(sc.reader));
		corrupt = true;
		err = 0;
	}
	if (err) {
		readmsg_read_error(o->input, err, sc.reader);
		goto out;
	}

	v.chunks = sc.sum.chunks;
	v.path = o->input;
	v.meta = sc.meta;
	v.events = sc.sum.events;
	v.lost = sc.sum.lost;
	v.truncated = sc.sum.truncated;
	v.duration_ns = sc.sum.duration_ns;
	v.filtered = rfilter_active(&o->v.filter);
	v.ksyms = ksyms;
	v.wait = o->wait;
	if (tracing) {
		if (trace_finish(trace, sc.meta->start_time + sc.sum.duration_ns, sc.tasks)) {
			diag_error("out of memory");
			goto out;
		}
		incomplete(&sc, corrupt);
		rc = 0;
		goto out;
	}
	if (pprof) {
		struct pprof_info info = {
			.meta = sc.meta,
			.duration_ns = sc.sum.duration_ns,
			.sys_name = sys_name_of,
			.ctx = sc.names,
			.kname = co.kname,
			.kctx = co.kctx,
		};
		if ((err = pprof_write(out->f, sc.cs, &info))) {
			diag_error("cannot write the pprof profile: %s", strerror(-err));
			goto out;
		}
		incomplete(&sc, corrupt);
		rc = 0;
		goto out;
	}
	if (sc.cs) {
		print_stacks(out->f, &sc, o, &v);
		incomplete(&sc, corrupt);
		rc = 0;
		goto out;
	}
	v.by = o->by;
	v.by_syscall = o->by_syscall;
	v.sort = o->v.sort ? o->v.sort : AGG_SORT_TIME;
	v.latency = o->latency;
	v.errors = o->errors;
	v.hist = o->hist;
	v.hist_names = o->hist_names;
	v.nhist_names = o->nhist_names;
	for (size_t i = 0; i < sc.nstuck; i++)
		sc.stuck[i].comm = tasks_comm(sc.tasks, sc.stuck[i].call.tid);
	v.stuck = sc.stuck;
	v.nstuck = sc.nstuck;
	sc.stuck = NULL;

	if (o->events) {
		incomplete(&sc, corrupt);
		rc = 0;
		goto out;
	}
	if ((err = rview_build(&v, sc.agg, sc.tasks))) {
		readmsg_read_error(o->input, err, sc.reader);
		goto out;
	}
	switch (o->v.format) {
	case FORMAT_JSON:
		json_print(out->f, &v);
		break;
	case FORMAT_CSV:
		csv_print(out->f, &v);
		break;
	case FORMAT_TEXT:
		if (o->stuck)
			table_print_stuck(out->f, &v);
		else if (o->wait)
			table_print_wait(out->f, &v);
		else
			table_print(out->f, &v);
		break;
	default:
		break; /* folded and svg went to print_stacks, pprof and trace above */
	}
	/* the text views say it in their header */
	if (o->v.format != FORMAT_TEXT)
		incomplete(&sc, corrupt);
	rc = 0;
out:
	out->written = rc == 0;
	if (corrupt && !rc)
		rc = 1;
	trace_free(trace);
	rview_release(&v);
	scan_close(&sc);
	scf_reader_close(ksyms);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = {0};
	bool done = false;
	o.input = SCPROF_DEFAULT_INPUT;
	viewopts_init(&o.v);
	struct report_out out;
	int rc = parse_options(argc, argv, &o, &done);
	if (!rc && !done && !(rc = out_open(&out, &o))) {
		/* a report cut short by a corrupt recording is written as shown */
		rc = run(&o, &out);
		rc = out_close(&out, &o, out.written, rc);
	}
	opts_release(&o);
	return rc;
}
