/*
 * diffcmd.c - `scprof diff`: read the recordings of each side (streaming,
 * with the report's filters and groupings), pool them, compare them
 * (diff.c), print the comparison (diffout.c) and apply the --fail-if rules
 * (gate.c).
 *
 * Memory is bounded like the report's: per recording an agg of groups x
 * syscalls and a tasks table, folded into the side (by syscall name and
 * group label) and freed before the next recording is read.  With
 * --stacks (or --format folded|svg) each recording's call stacks are
 * collected and named (callstacks.h) and folded into the side by their
 * names (diffstacks.h), compared and printed by diffflame.h.
 */
#include "cli/commands.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/diag.h"
#include "formats/scf.h"
#include "analysis/agg.h"
#include "analysis/callstacks.h"
#include "analysis/diff.h"
#include "output/diffflame.h"
#include "analysis/diffstacks.h"
#include "output/diffout.h"
#include "analysis/gate.h"
#include "cli/openmsg.h"
#include "analysis/rfilter.h"
#include "analysis/rview.h"
#include "analysis/sysnames.h"
#include "analysis/tasks.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

#define DEFAULT_NEW "scprof.data"
#define DEFAULT_BASE "scprof.data.old"

enum diff_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_FOLDED, FORMAT_SVG };

#define DEFAULT_TOP 10

enum diff_by { BY_SYSCALL = 0, BY_PROCESS, BY_CMDLINE, BY_THREAD, BY_COMM };

static const char *const by_names[] = {
	[BY_SYSCALL] = "syscall", [BY_PROCESS] = "process", [BY_CMDLINE] = "cmdline",
	[BY_THREAD] = "thread",   [BY_COMM] = "comm",
};

struct diff_cli {
	enum diff_format format;
	enum agg_sort sort;
	enum diff_norm norm;
	const char *per_name;
	enum diff_by by;
	struct rfilter filter;
	struct gate_rule *rules;
	size_t nrules;
	uint64_t min_test_calls;
	double alpha;
	bool stacks;          /* --stacks, or a folded or SVG format */
	char *every_path;        /* the first recording read with stacks */
	uint32_t every;          /* and its stack sampling (1: every call) */
	size_t top;           /* --top; 0: not given */
	enum stacks_weight weight;
	bool weight_given;
	const char *base;     /* comma-separated paths */
	char **news;          /* one comparison each */
	size_t nnews;
};

static void usage(FILE *f)
{
	fputs("usage: scprof diff [OPTIONS] [BASE [NEW...]]\n"
	      "\n"
	      "Compare recordings made by 'scprof record': per syscall, BASE against NEW,\n"
	      "calls, errors, total time and latencies with their change, syscalls that\n"
	      "appeared or vanished and new errnos, sorted by the largest change in total\n"
	      "time.  Syscalls are matched by name, so recordings from other kernels and\n"
	      "architectures compare right.  BASE or NEW may list several recordings of\n"
	      "the same program, comma-separated: they are pooled, counts shown per\n"
	      "recording, and latency changes are tested against their run-to-run noise.\n"
	      "Several NEW arguments are each compared with BASE.  Without arguments:\n"
	      "scprof.data.old against scprof.data; with one, it against scprof.data.\n"
	      "\n"
	      "Output:\n"
	      "  -S, --sort KEY         order by the change of time (default), calls, errors,\n"
	      "                         avg or max, or by name\n"
	      "                           scprof diff -S calls old.data new.data\n"
	      "      --format FMT       text (default), json, csv; with call stacks folded\n"
	      "                         (difffolded: STACK BASE NEW) or svg (a differential\n"
	      "                         flame graph: red grew, blue shrank)\n"
	      "                           scprof diff --format json old.data new.data\n"
	      "                           scprof diff --format svg old.data new.data >d.svg\n"
	      "      --by KEY           per group, matched by name across recordings: process\n"
	      "                         (its name), cmdline, thread (process/thread names) or\n"
	      "                         comm (thread name)\n"
	      "                           scprof diff --by process old.data new.data\n"
	      "\n"
	      "Call stacks (recordings made with 'scprof record -g fp' or '-g dwarf'):\n"
	      "      --stacks           compare call stacks (comm;frames;syscall, by name):\n"
	      "                         the stacks whose time (-S calls: calls) changed most\n"
	      "                           scprof diff --stacks -e trace=openat old.data new.data\n"
	      "      --top N            show N stacks (default 10; 0: all)\n"
	      "      --weight KEY       folded and svg values: time (default; microseconds in\n"
	      "                         folded) or calls\n"
	      "                           scprof diff --format folded --weight calls a.data b.data\n"
	      "\n"
	      "Normalisation (default: counts per recording, as recorded):\n"
	      "      --per-second       counts per second of recording\n"
	      "                           scprof diff --per-second short.data long.data\n"
	      "      --per SYSCALL      scale NEW so that SYSCALL's calls match BASE's\n"
	      "                         (also --per calls_of=SYSCALL)\n"
	      "                           scprof diff --per write old.data new.data\n"
	      "\n"
	      "Noise (latency changes of syscalls with enough calls on both sides):\n"
	      "      --alpha P          significance level of the rank test (default 0.01)\n"
	      "      --min-calls N      timed calls each side needs for the test (default 20)\n"
	      "\n"
	      "Gate:\n"
	      "      --fail-if EXPR     exit with status 3 if EXPR holds; repeatable.\n"
	      "                         EXPR is METRIC[(SYSCALL)] OP THRESHOLD: METRIC calls,\n"
	      "                         errors, total, avg, p50, p90, p99 or max; OP >, >=, <,\n"
	      "                         <=, ==, !=; THRESHOLD a value of NEW (20000, 5ms), a\n"
	      "                         change (+5, -1ms) or a relative change (+10%)\n"
	      "                           scprof diff --fail-if 'calls(openat) > +10%' \\\n"
	      "                                       --fail-if 'errors > 0' old.data new.data\n"
	      "\n"
	      "Filters (as in scprof report):\n"
	      "  -e, --trace SET        syscalls to compare, strace's -e trace= syntax\n"
	      "                           scprof diff -e trace=%file old.data new.data\n"
	      "  -p, --pid PID[,PID]    only these processes\n"
	      "      --tid TID[,TID]    only these threads\n"
	      "      --comm NAME        only threads of this name\n"
	      "  -Z, --failed           only calls that failed\n"
	      "  -z, --successful       only calls that succeeded\n"
	      "      --min-duration T   only calls that took at least T (ns, us, ms, s)\n"
	      "      --time START,END   only calls entered in this window (seconds from\n"
	      "                         the start of each recording)\n"
	      "\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "Exit status: 0, 1 if a recording cannot be read, 2 for a usage error, 3 if\n"
	      "a --fail-if rule tripped.\n",
	      f);
}

enum {
	OPT_FORMAT = 256,
	OPT_BY,
	OPT_PER_SECOND,
	OPT_PER,
	OPT_ALPHA,
	OPT_MIN_CALLS,
	OPT_FAIL_IF,
	OPT_STACKS,
	OPT_TOP,
	OPT_WEIGHT,
};

static const struct option long_options[] = {
	{"sort", required_argument, NULL, 'S'},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"by", required_argument, NULL, OPT_BY},
	{"per-second", no_argument, NULL, OPT_PER_SECOND},
	{"per", required_argument, NULL, OPT_PER},
	{"alpha", required_argument, NULL, OPT_ALPHA},
	{"min-calls", required_argument, NULL, OPT_MIN_CALLS},
	{"fail-if", required_argument, NULL, OPT_FAIL_IF},
	{"stacks", no_argument, NULL, OPT_STACKS},
	{"top", required_argument, NULL, OPT_TOP},
	{"weight", required_argument, NULL, OPT_WEIGHT},
	RFILTER_LONGOPTS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static void cli_release(struct diff_cli *o)
{
	rfilter_release(&o->filter);
	for (size_t i = 0; i < o->nrules; i++)
		gate_rule_release(&o->rules[i]);
	free(o->rules);
	free(o->every_path);
}

/* "scprof: invalid --fail-if expression: MSG", the expression and a caret
 * under column. */
static int expr_error(const char *expr, size_t column, const char *msg)
{
	diag_error("invalid --fail-if expression: %s", msg);
	fprintf(stderr, "  %s\n  %*s^\n", expr, (int)column, "");
	fprintf(stderr, "Try 'scprof diff --help' for more information.\n");
	return 2;
}

static int add_rule(struct diff_cli *o, const char *expr)
{
	struct gate_rule r;
	struct gate_error err;
	int rc = gate_parse(expr, &r, &err);
	if (rc == -EINVAL)
		return expr_error(expr, err.column, err.msg);
	struct gate_rule *v = rc ? NULL : realloc(o->rules, (o->nrules + 1) * sizeof(*v));
	if (!v) {
		gate_rule_release(&r);
		diag_error("out of memory");
		return 1;
	}
	o->rules = v;
	v[o->nrules++] = r;
	return 0;
}

static int parse_per(const char *s, struct diff_cli *o)
{
	if (!strcmp(s, "second") || !strcmp(s, "s")) {
		o->norm = DIFF_NORM_PER_SECOND;
		return 0;
	}
	if (!strncasecmp(s, "calls_of=", 9) || !strncasecmp(s, "calls-of=", 9))
		s += 9;
	if (!*s)
		return -EINVAL;
	for (const char *p = s; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return -EINVAL;
	o->norm = DIFF_NORM_PER_CALLS;
	o->per_name = s;
	return 0;
}

/* 0 to go on, or the exit status (after printing why). */
static int parse_options(int argc, char **argv, struct diff_cli *o, bool *done)
{
	int c, rc;
	char *end;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:" RFILTER_SHORTOPTS "h", long_options, NULL)) != -1) {
		switch (c) {
		case 'S':
			if (!(o->sort = agg_sort_parse(optarg)))
				return diag_usage("diff",
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
				return diag_usage("diff", "unknown format '%s'; use text, json, csv, "
						  "folded or svg",
						  optarg);
			break;
		case OPT_STACKS:
			o->stacks = true;
			break;
		case OPT_TOP: {
			unsigned long long n = strtoull(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-')
				return diag_usage("diff", "invalid --top '%s'; give a number of stacks "
						  "(0: all)", optarg);
			o->top = n ? (size_t)n : SIZE_MAX;
			break;
		}
		case OPT_WEIGHT:
			if (!strcmp(optarg, "time"))
				o->weight = STACKS_BY_TIME;
			else if (!strcmp(optarg, "calls"))
				o->weight = STACKS_BY_CALLS;
			else
				return diag_usage("diff", "unknown weight '%s'; use time or calls",
						  optarg);
			o->weight_given = true;
			break;
		case OPT_BY: {
			size_t i;
			for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++)
				if (!strcmp(optarg, by_names[i]))
					break;
			if (i == sizeof(by_names) / sizeof(by_names[0]))
				return diag_usage("diff",
						  "cannot group by '%s'; use syscall, process, cmdline, "
						  "thread or comm",
						  optarg);
			o->by = (enum diff_by)i;
			break;
		}
		case OPT_PER_SECOND:
			o->norm = DIFF_NORM_PER_SECOND;
			break;
		case OPT_PER:
			if (parse_per(optarg, o))
				return diag_usage("diff",
						  "invalid --per '%s'; give a syscall name (--per write) "
						  "or 'second'",
						  optarg);
			break;
		case OPT_ALPHA:
			o->alpha = strtod(optarg, &end);
			if (end == optarg || *end || !(o->alpha > 0 && o->alpha < 1))
				return diag_usage("diff", "invalid --alpha '%s'; give a number between "
						  "0 and 1 (for example 0.01)", optarg);
			break;
		case OPT_MIN_CALLS: {
			unsigned long long n = strtoull(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-' || n < 2)
				return diag_usage("diff", "invalid --min-calls '%s'; give a number of "
						  "calls, at least 2", optarg);
			o->min_test_calls = n;
			break;
		}
		case OPT_FAIL_IF:
			if ((rc = add_rule(o, optarg)))
				return rc;
			break;
		case 'h':
			usage(stdout);
			*done = true;
			return 0;
		case ':':
			return diag_usage("diff", "option '%s' needs an argument", argv[optind - 1]);
		default:
			if ((rc = rfilter_option(&o->filter, c, optarg, "diff")) != 1) {
				if (rc)
					return rc;
				break;
			}
			if (optopt && optopt < 256)
				return diag_usage("diff", "unknown option '-%c'", optopt);
			return diag_usage("diff", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (o->filter.failed && o->filter.successful)
		return diag_usage("diff", "--failed and --successful exclude each other");
	if (o->format == FORMAT_FOLDED || o->format == FORMAT_SVG)
		o->stacks = true;
	if (o->stacks && (o->format == FORMAT_JSON || o->format == FORMAT_CSV))
		return diag_usage("diff", "--stacks prints text, folded or svg; not %s",
				  o->format == FORMAT_JSON ? "json" : "csv");
	if (o->stacks && o->by != BY_SYSCALL)
		return diag_usage("diff", "--stacks compares whole recordings; drop --by %s",
				  by_names[o->by]);
	if (!o->stacks && (o->top || o->weight_given))
		return diag_usage("diff", "--top and --weight go with --stacks or --format "
				  "folded|svg");
	static char *default_new[] = {DEFAULT_NEW};
	int npos = argc - optind;
	if (npos == 0) {
		o->base = DEFAULT_BASE;
		o->news = default_new;
		o->nnews = 1;
	} else if (npos == 1) {
		o->base = argv[optind];
		o->news = default_new;
		o->nnews = 1;
	} else {
		o->base = argv[optind];
		o->news = argv + optind + 1;
		o->nnews = (size_t)npos - 1;
	}
	if ((o->format == FORMAT_FOLDED || o->format == FORMAT_SVG) && o->nnews > 1)
		return diag_usage("diff", "--format %s compares one NEW with BASE; give one",
				  o->format == FORMAT_SVG ? "svg" : "folded");
	for (int i = optind; i < argc; i++) {
		const char *s = argv[i];
		if (!*s || s[0] == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
			return diag_usage("diff", "invalid recording list '%s'; give paths "
					  "separated by single commas", s);
	}
	return 0;
}

/* ---- reading one side ---- */

struct side_load {
	struct diff_side side;
	struct diffstacks_side stacks; /* with --stacks */
	struct diff_recinfo *recs;
	size_t nrecs;
};

static void recinfo_release(struct diff_recinfo *r)
{
	free(r->path);
	free(r->hostname);
	free(r->kernel_release);
	free(r->arch);
	for (uint32_t i = 0; i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
}

static void side_load_release(struct side_load *s)
{
	diff_side_release(&s->side);
	diffstacks_side_release(&s->stacks);
	for (size_t i = 0; i < s->nrecs; i++)
		recinfo_release(&s->recs[i]);
	free(s->recs);
	s->recs = NULL;
	s->nrecs = 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int recinfo_fill(struct diff_recinfo *r, const char *path, const struct scf_meta *m)
{
	memset(r, 0, sizeof(*r));
	r->target = m->target;
	r->start_realtime = m->start_realtime;
	if (!(r->path = strdup(path)) || (m->hostname && !(r->hostname = strdup(m->hostname))) ||
	    (m->kernel_release && !(r->kernel_release = dup_or_null(m->kernel_release))) ||
	    (m->arch && !(r->arch = strdup(m->arch))))
		return -ENOMEM;
	if (m->argc) {
		if (!(r->argv = calloc(m->argc, sizeof(*r->argv))))
			return -ENOMEM;
		for (uint32_t i = 0; i < m->argc; i++, r->argc++)
			if (!(r->argv[i] = strdup(m->argv[i] ? m->argv[i] : "")))
				return -ENOMEM;
	}
	return 0;
}

/* What one recording's streaming loop keeps. */
struct rec_state {
	struct sysnames *names;
	struct tasks *tasks;
	struct agg *agg;
	struct callstacks *cs; /* with --stacks */
	uint64_t events, lost, last_time;
};

static uint64_t group_key(enum diff_by by, const struct scf_call *c, uint32_t epoch)
{
	switch (by) {
	case BY_PROCESS:
	case BY_CMDLINE:
		return (uint64_t)(uint32_t)c->pid;
	case BY_THREAD:
		return (uint64_t)(uint32_t)c->tid;
	case BY_COMM:
		return rview_comm_key(c->tid, epoch);
	case BY_SYSCALL:
		break;
	}
	return 0;
}

#define UNKNOWN_LABEL "(unknown)"

/* The label groups are matched by across recordings, and a detail. */
static const char *group_label(enum diff_by by, struct tasks *t, const struct agg_group *g,
			       char *buf, size_t len, const char **detail)
{
	const char *s, *p;
	*detail = NULL;
	switch (by) {
	case BY_PROCESS:
		*detail = tasks_cmdline(t, (int32_t)g->key);
		s = tasks_process_comm(t, (int32_t)g->key);
		return s ? s : UNKNOWN_LABEL;
	case BY_CMDLINE:
		s = tasks_cmdline(t, (int32_t)g->key);
		if (!s)
			s = tasks_process_comm(t, (int32_t)g->key);
		return s ? s : UNKNOWN_LABEL;
	case BY_THREAD: {
		int32_t tid = (int32_t)g->key, pid = tasks_pid(t, tid);
		p = tasks_process_comm(t, pid >= 0 ? pid : g->pid);
		s = tasks_comm(t, tid);
		snprintf(buf, len, "%s/%s", p ? p : "?", s ? s : "?");
		return buf;
	}
	case BY_COMM:
		s = tasks_comm_at(t, (int32_t)(g->key >> 32), (uint32_t)g->key);
		return s ? s : UNKNOWN_LABEL;
	case BY_SYSCALL:
		break;
	}
	return NULL;
}

static int stream_calls(struct scf_reader *r, struct rec_state *st, struct diff_cli *o,
			const char *path)
{
	struct rfilter *f = &o->filter;
	bool filtering = rfilter_active(f);
	bool need_comm = rfilter_needs_comm(f) || o->by == BY_COMM || st->cs;
	struct agg_group *all = o->by == BY_SYSCALL ? agg_group(st->agg, 0) : NULL;
	struct scf_event ev;
	int rc;
	if (o->by == BY_SYSCALL && !all)
		goto nomem;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		st->events++;
		st->last_time = ev.time;
		switch (ev.type) {
		case SCF_EV_CALL: {
			const struct scf_call *c = &ev.call;
			uint32_t epoch = 0;
			const char *comm = need_comm ? tasks_comm_now(st->tasks, c->tid, &epoch) : NULL;
			if (filtering && !rfilter_call(f, c, comm))
				break;
			if (st->cs && callstacks_call(st->cs, c, 0, comm))
				goto nomem;
			struct agg_group *g = all ? all : agg_group(st->agg, group_key(o->by, c, epoch));
			if (!g || agg_add(g, c))
				goto nomem;
			break;
		}
		case SCF_EV_COMM:
		case SCF_EV_FORK:
		case SCF_EV_EXIT:
		case SCF_EV_CMDLINE:
			if (tasks_event(st->tasks, &ev))
				goto nomem;
			break;
		case SCF_EV_LOST:
			st->lost += ev.lost.count;
			break;
		default:
			break;
		}
		if (st->cs && ev.type != SCF_EV_CALL && callstacks_event(st->cs, &ev))
			goto nomem;
	}
	if (rc < 0) {
		if (rc == -EBADMSG)
			diag_error("cannot read '%s': corrupt recording (bad chunk at byte %" PRIu64
				   "); the part before it is intact",
				   path, scf_reader_offset(r));
		else
			diag_error("cannot read '%s': %s", path, scf_strerror(rc));
		return 1;
	}
	return 0;
nomem:
	diag_error("cannot read '%s': out of memory", path);
	return 1;
}

/* Whether the recording's syscall table (or, without one, this machine's)
 * knows name. */
static bool meta_knows(const struct scf_meta *m, const char *name)
{
	if (!m->nsyscalls)
		return syscall_number(name) >= 0;
	for (uint32_t i = 0; i < m->nsyscalls; i++)
		if (m->syscalls[i].name && !strcmp(m->syscalls[i].name, name))
			return true;
	return false;
}

/* Whether some recording's syscall table knows the names the rules
 * (rule[i] for rule i) and --per use. */
struct known {
	bool *rule;
	bool per;
};

/* Walks a stack tree, adding each stack to a side by its names. */
struct stack_walk {
	struct stacks *s;
	struct sysnames *names;
	struct diffstacks_side *side;
	const char **path;
	size_t depth, cap;
};

static int walk_node(struct stack_walk *w, const struct stacks_node *n)
{
	const char *name = NULL;
	switch (n->kind) {
	case STACKS_ROOT:
		break;
	case STACKS_SYSCALL:
		name = sysnames_get(w->names, (int32_t)n->id);
		break;
	default:
		name = stacks_frame_name(w->s, n->id);
		break;
	}
	if (name) {
		if (w->depth == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 64;
			const char **v = realloc(w->path, cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			w->path = v;
			w->cap = cap;
		}
		w->path[w->depth++] = name;
	}
	int err = 0;
	if (n->kind == STACKS_SYSCALL) {
		char *key = diffstacks_key(w->path, w->depth);
		err = key ? diffstacks_side_add(w->side, key, n->st.calls, n->st.time) : -ENOMEM;
		free(key);
	}
	for (size_t i = 0; !err && i < n->nkids; i++)
		err = walk_node(w, n->kids[i]);
	if (name)
		w->depth--;
	return err;
}

/* Name the recording's stacks and add them to the side.  0 or the exit
 * status (after printing why). */
static int add_stacks(struct scf_reader *r, struct rec_state *st, struct side_load *sl,
		      const char *path)
{
	int err = 0;
	for (size_t i = 0; !err && i < scf_reader_nsymtabs(r); i++)
		err = callstacks_add_symtab(st->cs, scf_reader_symtab(r, i));
	if (!err)
		err = callstacks_finish(st->cs);
	struct stack_walk w = {.s = callstacks_stacks(st->cs), .names = st->names,
			       .side = &sl->stacks};
	for (size_t i = 0; !err && i < stacks_ntrees(w.s); i++)
		err = walk_node(&w, stacks_tree_at(w.s, i)->root);
	free(w.path);
	if (err) {
		diag_error("cannot read the call stacks of '%s': %s", path, strerror(-err));
		return 1;
	}
	return 0;
}

static int load_recording(const char *path, struct diff_cli *o, struct side_load *sl,
			  struct known *known)
{
	struct scf_reader *r = NULL;
	struct rec_state st = {0};
	int rc = 1, err = scf_reader_open(path, &r);
	if (err)
		return openmsg_error(path, err, true);
	const struct scf_meta *m = scf_reader_meta(r);
	struct diff_recinfo *v = realloc(sl->recs, (sl->nrecs + 1) * sizeof(*v));
	if (!v)
		goto nomem;
	sl->recs = v;
	struct diff_recinfo *info = &v[sl->nrecs++];
	if (recinfo_fill(info, path, m) || sysnames_new(m, &st.names) || tasks_new(&st.tasks) ||
	    agg_new(sysnames_fn, st.names, &st.agg) ||
	    rfilter_bind(&o->filter, m->start_time, st.names))
		goto nomem;
	if (o->stacks) {
		if (!(m->features & SCF_FEAT_CALLCHAIN)) {
			rc = diag_usage("diff", "'%s' has no call stacks; record with -g fp (or "
					"-g dwarf)", path);
			goto out;
		}
		/* Sampled stacks count one call in N: compare like with like. */
		uint32_t every = m->stack_every > 1 ? m->stack_every : 1;
		if (!o->every_path) {
			if (!(o->every_path = strdup(path)))
				goto nomem;
			o->every = every;
		} else if (every != o->every) {
			rc = diag_usage("diff", "'%s' has the stacks of 1 call in %u and '%s' of 1 in "
					"%u; record both with the same --stack-every",
					o->every_path, o->every, path, every);
			goto out;
		}
		struct callstacks_opts co = {.weight = o->weight};
		if (callstacks_new(&co, m, &st.cs))
			goto nomem;
	}
	for (size_t i = 0; i < o->nrules; i++)
		if (o->rules[i].syscall && meta_knows(m, o->rules[i].syscall))
			known->rule[i] = true;
	if (o->per_name && meta_knows(m, o->per_name))
		known->per = true;
	if ((rc = stream_calls(r, &st, o, path)))
		goto out;
	if (st.cs && (rc = add_stacks(r, &st, sl, path)))
		goto out;

	const struct scf_trailer *t = scf_reader_trailer(r);
	uint64_t end = t ? t->end_time : st.last_time;
	info->duration_ns = end > m->start_time ? end - m->start_time : 0;
	info->events = st.events;
	info->lost = t && t->lost > st.lost ? t->lost : st.lost;
	info->truncated = !t;
	if (info->lost)
		diag_error("warning: '%s': the kernel dropped %" PRIu64 " events, so its counts are "
			   "low (record with larger buffers: try -m)",
			   path, info->lost);
	if (info->truncated)
		diag_error("warning: '%s' is truncated: the recorder stopped before finishing; "
			   "comparing its complete chunks",
			   path);
	if (diff_side_begin_run(&sl->side, info->duration_ns))
		goto nomem;
	rc = 1;
	for (size_t i = 0; i < agg_ngroups(st.agg); i++) {
		const struct agg_group *g = agg_group_at(st.agg, i);
		char buf[2 * SCF_COMM_LEN + 8];
		const char *detail;
		const char *label = group_label(o->by, st.tasks, g, buf, sizeof(buf), &detail);
		for (size_t j = 0; j < g->nsys; j++)
			if (diff_side_add(&sl->side, label, detail, g->sys[j]->name, g->sys[j]))
				goto nomem;
	}
	rc = 0;
	goto out;
nomem:
	diag_error("cannot read '%s': out of memory", path);
	rc = 1;
out:
	callstacks_free(st.cs);
	agg_free(st.agg);
	tasks_free(st.tasks);
	sysnames_free(st.names);
	scf_reader_close(r);
	return rc;
}

/* A comma-separated list of recordings into one side. */
static int load_side(const char *list, struct diff_cli *o, struct side_load *sl,
		     struct known *known)
{
	char *copy = strdup(list);
	int rc = 0;
	if (!copy) {
		diag_error("out of memory");
		return 1;
	}
	for (char *save, *p = strtok_r(copy, ",", &save); p && !rc; p = strtok_r(NULL, ",", &save))
		rc = load_recording(p, o, sl, known);
	free(copy);
	return rc;
}

/* ---- comparing ---- */

/* Kernels or architectures differ: say that names, not numbers, are
 * compared (once). */
static void note_platforms(const struct side_load *b, const struct side_load *n)
{
	const struct diff_recinfo *first = &b->recs[0];
	const struct side_load *sides[2] = {b, n};
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < sides[s]->nrecs; i++) {
			const struct diff_recinfo *r = &sides[s]->recs[i];
			bool same_arch = !first->arch || !r->arch || !strcmp(first->arch, r->arch);
			bool same_kernel = !first->kernel_release || !r->kernel_release ||
					   !strcmp(first->kernel_release, r->kernel_release);
			if (same_arch && same_kernel)
				continue;
			diag_error("note: '%s' (%s, %s) and '%s' (%s, %s) come from different %s; "
				   "syscalls are compared by name",
				   first->path, first->arch ? first->arch : "?",
				   first->kernel_release ? first->kernel_release : "?", r->path,
				   r->arch ? r->arch : "?", r->kernel_release ? r->kernel_release : "?",
				   same_arch ? "kernels" : "architectures");
			return;
		}
	}
}

/* Evaluate the rules; print a line for each that tripped (or would have,
 * but for noise).  Returns how many tripped. */
static size_t apply_rules(const struct diff_cli *o, const struct diff *d,
			  struct gate_verdict *verdicts, const char *which)
{
	size_t tripped = 0;
	for (size_t i = 0; i < o->nrules; i++) {
		const struct gate_rule *r = &o->rules[i];
		const struct diff_row *row = r->syscall ? diff_find(&d->all, r->syscall) : &d->all.total;
		gate_eval(r, row, &verdicts[i]);
		char what[256];
		gate_describe(what, sizeof(what), r, &verdicts[i]);
		if (verdicts[i].tripped) {
			tripped++;
			diag_error("fail-if '%s' tripped%s%s: %s", r->text, which ? " by " : "",
				   which ? which : "", what);
		} else if (verdicts[i].noise) {
			diag_error("note: fail-if '%s' not tripped%s%s: %s is within noise", r->text,
				   which ? " by " : "", which ? which : "", what);
		}
	}
	return tripped;
}

/* "BASE 'a.data' (2 recordings), NEW 'b.data'; counts per recording" */
static void stacks_header(const struct diff_cli *o, const struct side_load *base,
			  const struct side_load *nl, const char *new_list)
{
	printf("BASE '%s'", o->base);
	if (base->nrecs > 1)
		printf(" (%zu recordings)", base->nrecs);
	printf(", NEW '%s'", new_list);
	if (nl->nrecs > 1)
		printf(" (%zu recordings)", nl->nrecs);
	switch (o->norm) {
	case DIFF_NORM_PER_SECOND:
		fputs("; counts per second\n", stdout);
		break;
	case DIFF_NORM_PER_CALLS:
		printf("; NEW scaled to BASE's %s calls\n", o->per_name);
		break;
	default:
		fputs(base->nrecs > 1 || nl->nrecs > 1 ? "; counts per recording\n" : "\n", stdout);
		break;
	}
}

/* The per stack comparison of one NEW with BASE. */
static int print_stacks(const struct diff_cli *o, const struct side_load *base,
			const struct side_load *nl, const struct diff_opts *dopts, size_t index,
			const char *new_list)
{
	struct diffstacks ds;
	int err = diffstacks_build(&ds, &base->stacks, &nl->stacks, &dopts->scale, o->sort);
	if (err) {
		diag_error("cannot compare call stacks: %s", strerror(-err));
		return 1;
	}
	struct diffflame_show show = {
		.weight = o->weight,
		.sort = o->sort,
		.top = o->top == SIZE_MAX ? 0 : o->top ? o->top : DEFAULT_TOP,
	};
	char title[512];
	switch (o->format) {
	case FORMAT_FOLDED:
		err = diffflame_folded(stdout, &ds, &show);
		break;
	case FORMAT_SVG:
		snprintf(title, sizeof(title), "System calls by call stack: %s against %s",
			 nl->recs[0].path, base->recs[0].path);
		show.title = title;
		err = diffflame_svg(stdout, &ds, &show);
		break;
	default:
		if (index)
			fputc('\n', stdout);
		stacks_header(o, base, nl, new_list);
		diffflame_table(stdout, &ds, &show);
		break;
	}
	diffstacks_release(&ds);
	if (err) {
		diag_error("out of memory");
		return 1;
	}
	return 0;
}

static int compare(struct diff_cli *o, struct side_load *base, const char *new_list,
		   struct known *known, size_t index, size_t *tripped)
{
	struct side_load nl = {0};
	struct diff d = {0};
	struct gate_verdict *verdicts = NULL;
	int rc = load_side(new_list, o, &nl, known);
	if (rc)
		goto out;
	if (index == 0) {
		/* names are checked against every recording once the first
		 * comparison has read them all */
		for (size_t i = 0; i < o->nrules; i++)
			if (o->rules[i].syscall && !known->rule[i]) {
				char msg[160];
				snprintf(msg, sizeof(msg), "no recording knows a syscall named '%s'",
					 o->rules[i].syscall);
				rc = expr_error(o->rules[i].text, o->rules[i].syscall_col, msg);
				goto out;
			}
	}
	note_platforms(base, &nl);
	struct diff_opts dopts = {
		.sort = o->sort,
		.min_test_calls = o->min_test_calls,
		.alpha = o->alpha,
	};
	int err = diff_scale_compute(o->norm, &base->side, &nl.side, o->per_name, &dopts.scale);
	if (err == -ENOENT && !known->per) {
		rc = diag_usage("diff", "--per %s: no recording knows a syscall named '%s'",
				o->per_name, o->per_name);
		goto out;
	}
	if (err == -ENOENT) {
		diag_error("cannot scale by %s: it has no calls in '%s'; pick a syscall both sides "
			   "make",
			   o->per_name,
			   diff_side_calls(&base->side, o->per_name) ? new_list : o->base);
		rc = 1;
		goto out;
	}
	if (err) {
		diag_error("cannot scale per second: a recording has no duration");
		rc = 1;
		goto out;
	}
	if ((err = diff_build(&d, &base->side, &nl.side, &dopts))) {
		diag_error("cannot compare: %s", strerror(-err));
		rc = 1;
		goto out;
	}
	verdicts = calloc(o->nrules ? o->nrules : 1, sizeof(*verdicts));
	if (!verdicts) {
		diag_error("out of memory");
		rc = 1;
		goto out;
	}
	struct diff_view v = {
		.d = &d,
		.side = {&base->side, &nl.side},
		.rec = {base->recs, nl.recs},
		.nrec = {base->nrecs, nl.nrecs},
		.norm = o->norm,
		.per_name = o->per_name,
		.by = by_names[o->by],
		.filtered = rfilter_active(&o->filter),
		.new_arg = o->nnews > 1 ? new_list : NULL,
		.rules = o->rules,
		.verdicts = verdicts,
		.nrules = o->nrules,
	};
	/* verdicts first: JSON carries them */
	*tripped += apply_rules(o, &d, verdicts, v.new_arg);
	if (o->stacks) {
		rc = print_stacks(o, base, &nl, &dopts, index, new_list);
		goto out;
	}
	switch (o->format) {
	case FORMAT_TEXT:
		if (index)
			fputc('\n', stdout);
		diffout_table(stdout, &v);
		break;
	case FORMAT_JSON:
		if (o->nnews > 1)
			fputs(index ? ",\n" : "[\n", stdout);
		diffout_json(stdout, &v);
		if (o->nnews > 1 && index + 1 == o->nnews)
			fputs("]\n", stdout);
		break;
	case FORMAT_CSV:
		diffout_csv(stdout, &v, index == 0);
		break;
	case FORMAT_FOLDED:
	case FORMAT_SVG:
		break; /* with the stacks, above */
	}
out:
	free(verdicts);
	diff_release(&d);
	side_load_release(&nl);
	return rc;
}

static int run(struct diff_cli *o)
{
	struct side_load base = {0};
	struct known known = {0};
	size_t tripped = 0;
	int rc = 1;
	if (!(known.rule = calloc(o->nrules ? o->nrules : 1, sizeof(*known.rule)))) {
		diag_error("out of memory");
		return 1;
	}
	if ((rc = load_side(o->base, o, &base, &known)))
		goto out;
	for (size_t i = 0; i < o->nnews && !rc; i++)
		rc = compare(o, &base, o->news[i], &known, i, &tripped);
	if (!rc && tripped)
		rc = DIFF_EXIT_TRIPPED;
out:
	free(known.rule);
	side_load_release(&base);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_cli o = {0};
	bool done = false;
	o.min_test_calls = DIFF_MIN_TEST_CALLS;
	o.alpha = DIFF_ALPHA;
	rfilter_init(&o.filter);
	int rc = parse_options(argc, argv, &o, &done);
	if (!rc && !done)
		rc = run(&o);
	cli_release(&o);
	return rc;
}
