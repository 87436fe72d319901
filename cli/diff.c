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

#include "analysis/agg.h"
#include "analysis/callstacks.h"
#include "analysis/diff.h"
#include "analysis/diffstacks.h"
#include "analysis/gate.h"
#include "analysis/rfilter.h"
#include "analysis/rview.h"
#include "analysis/scan.h"
#include "analysis/sysnames.h"
#include "analysis/tasks.h"
#include "base/grow.h"
#include "profiler/record.h"
#include "cli/diag.h"
#include "cli/viewopts.h"
#include "cli/readmsg.h"
#include "formats/scf.h"
#include "output/diffflame.h"
#include "output/diffout.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

#define DEFAULT_NEW SCPROF_DEFAULT_INPUT
#define DEFAULT_BASE SCPROF_DEFAULT_INPUT RECORD_OLD_SUFFIX

#define DEFAULT_TOP 10

/* what --by takes, in the order the help lists them */
static const enum group_by by_keys[] = {
	GROUP_BY_SYSCALL, GROUP_BY_PROCESS, GROUP_BY_CMDLINE, GROUP_BY_THREAD, GROUP_BY_COMM,
	GROUP_BY_FILE,
};

struct diff_cli {
	enum diff_norm norm;
	const char *per_name;
	enum group_by by;
	struct view_opts v;      /* -S, --format, --weight, filters */
	struct gate_rule *rules;
	size_t nrules;
	uint64_t min_test_calls;
	double alpha;
	bool stacks;          /* --stacks, or a folded or SVG format */
	char *every_path;        /* the first recording read with stacks */
	uint32_t every;          /* and its stack sampling (1: every call) */
	size_t top;           /* --top; 0: not given */
	bool no_demangle;     /* --no-demangle */
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
	      DEFAULT_BASE " against " DEFAULT_NEW "; with one, it against " DEFAULT_NEW ".\n"
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
	      "                         (its name), cmdline, thread (process/thread names),\n"
	      "                         comm (thread name) or file (the file, socket or pipe\n"
	      "                         a call touched, as 'scprof report --by file')\n"
	      "                           scprof diff --by process old.data new.data\n"
	      "\n"
	      "Call stacks (recordings made with 'scprof record -g fp' or '-g dwarf'):\n"
	      "      --stacks           compare call stacks (comm;frames;syscall, by name):\n"
	      "                         the stacks whose time (-S calls: calls) changed most;\n"
	      "                         inlined frames marked '(inlined)' as in report\n"
	      "                           scprof diff --stacks -e trace=openat old.data new.data\n"
	      "      --top N            show N stacks (default 10; 0: all)\n"
	      "      --no-demangle      C++ and Rust names as mangled in the binaries\n"
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
	      "                         errors, total, avg, p50, p90, p99 or max; oncpu,\n"
	      "                         blocked or runnable time (recordings made with\n"
	      "                         'record --off-cpu'); OP >, >=, <,\n"
	      "                         <=, ==, !=; THRESHOLD a value of NEW (20000, 5ms), a\n"
	      "                         change (+5, -1ms) or a relative change (+10%)\n"
	      "                           scprof diff --fail-if 'calls(openat) > +10%' \\\n"
	      "                                       --fail-if 'errors > 0' old.data new.data\n"
	      "                           scprof diff --fail-if 'blocked(read) > +20%' a b\n"
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
	OPT_BY = 256,
	OPT_PER_SECOND,
	OPT_PER,
	OPT_ALPHA,
	OPT_MIN_CALLS,
	OPT_FAIL_IF,
	OPT_STACKS,
	OPT_TOP,
	OPT_NO_DEMANGLE,
};

static const struct option long_options[] = {
	{"by", required_argument, NULL, OPT_BY},
	{"per-second", no_argument, NULL, OPT_PER_SECOND},
	{"per", required_argument, NULL, OPT_PER},
	{"alpha", required_argument, NULL, OPT_ALPHA},
	{"min-calls", required_argument, NULL, OPT_MIN_CALLS},
	{"fail-if", required_argument, NULL, OPT_FAIL_IF},
	{"stacks", no_argument, NULL, OPT_STACKS},
	{"top", required_argument, NULL, OPT_TOP},
	{"no-demangle", no_argument, NULL, OPT_NO_DEMANGLE},
	VIEWOPTS_LONGOPTS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static void cli_release(struct diff_cli *o)
{
	viewopts_release(&o->v);
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
	while ((c = getopt_long(argc, argv, ":" VIEWOPTS_SHORTOPTS "h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_STACKS:
			o->stacks = true;
			break;
		case OPT_NO_DEMANGLE:
			o->no_demangle = true;
			break;
		case OPT_TOP: {
			unsigned long long n = strtoull(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-')
				return diag_usage("diff", "invalid --top '%s'; give a number of stacks "
						  "(0: all)", optarg);
			o->top = n ? (size_t)n : SIZE_MAX;
			break;
		}
		case OPT_BY: {
			size_t i;
			for (i = 0; i < sizeof(by_keys) / sizeof(by_keys[0]); i++)
				if (!strcmp(optarg, group_by_name(by_keys[i])))
					break;
			if (i == sizeof(by_keys) / sizeof(by_keys[0]))
				return diag_usage("diff",
						  "cannot group by '%s'; use syscall, process, cmdline, "
						  "thread, comm or file",
						  optarg);
			o->by = by_keys[i];
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
		default:
			if ((rc = viewopts_option(&o->v, c, optarg, "diff")) == 1)
				return diag_option_error("diff", c, argv);
			if (rc)
				return rc;
			break;
		}
	}
	if ((rc = viewopts_check(&o->v, "diff")))
		return rc;
	if (o->v.format == FORMAT_PPROF || o->v.format == FORMAT_TRACE)
		return diag_usage("diff", "--format %s exports one recording; use 'scprof report "
				  "--format %s'",
				  o->v.format == FORMAT_PPROF ? "pprof" : "trace",
				  o->v.format == FORMAT_PPROF ? "pprof" : "trace");
	if (o->v.format == FORMAT_FOLDED || o->v.format == FORMAT_SVG)
		o->stacks = true;
	if (o->stacks && (o->v.format == FORMAT_JSON || o->v.format == FORMAT_CSV))
		return diag_usage("diff", "--stacks prints text, folded or svg; not %s",
				  o->v.format == FORMAT_JSON ? "json" : "csv");
	if (o->stacks && o->by != GROUP_BY_SYSCALL)
		return diag_usage("diff", "--stacks compares whole recordings; drop --by %s",
				  group_by_name(o->by));
	if (!o->stacks && (o->top || o->v.weight_given))
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
	if ((o->v.format == FORMAT_FOLDED || o->v.format == FORMAT_SVG) && o->nnews > 1)
		return diag_usage("diff", "--format %s compares one NEW with BASE; give one",
				  o->v.format == FORMAT_SVG ? "svg" : "folded");
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
	size_t nrecs, recs_cap;
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
	s->nrecs = s->recs_cap = 0;
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

#define UNKNOWN_LABEL "(unknown)"

/* The label groups are matched by across recordings, and a detail. */
static const char *group_label(enum group_by by, struct tasks *t, const struct agg_group *g,
			       char *buf, size_t len, const char **detail)
{
	const char *s, *p;
	*detail = NULL;
	switch (by) {
	case GROUP_BY_PROCESS:
		*detail = tasks_cmdline(t, (int32_t)g->key);
		s = tasks_process_comm(t, (int32_t)g->key);
		return s ? s : UNKNOWN_LABEL;
	case GROUP_BY_CMDLINE:
		s = tasks_cmdline(t, (int32_t)g->key);
		if (!s)
			s = tasks_process_comm(t, (int32_t)g->key);
		return s ? s : UNKNOWN_LABEL;
	case GROUP_BY_THREAD: {
		int32_t tid = (int32_t)g->key, pid = tasks_pid(t, tid);
		p = tasks_process_comm(t, pid >= 0 ? pid : g->pid);
		s = tasks_comm(t, tid);
		snprintf(buf, len, "%s/%s", p ? p : "?", s ? s : "?");
		return buf;
	}
	case GROUP_BY_COMM:
		s = tasks_comm_at(t, (int32_t)(g->key >> 32), (uint32_t)g->key);
		return s ? s : UNKNOWN_LABEL;
	case GROUP_BY_FILE: /* the file's name, interned by the scan */
		return (const char *)(uintptr_t)g->key;
	case GROUP_BY_SYSCALL:
		break;
	}
	return NULL;
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
	bool *inlined; /* path[i] is an inlined frame */
	size_t depth, cap, inlined_cap;
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
		if (GROW(w->path, w->depth + 1, w->cap) ||
		    GROW(w->inlined, w->depth + 1, w->inlined_cap))
			return -ENOMEM;
		w->inlined[w->depth] = n->kind == STACKS_FRAME && stacks_frame_inlined(w->s, n->id);
		w->path[w->depth++] = name;
	}
	int err = 0;
	if (n->kind == STACKS_SYSCALL) {
		char *key = diffstacks_key(w->path, w->inlined, w->depth);
		err = key ? diffstacks_side_add(w->side, key, n->st.calls, n->st.time) : -ENOMEM;
		free(key);
	}
	for (size_t i = 0; !err && i < n->nkids; i++)
		err = walk_node(w, n->kids[i]);
	if (name)
		w->depth--;
	return err;
}

/* Add the recording's named stacks to the side.  0 or -ENOMEM. */
static int add_stacks(struct scan *sc, struct side_load *sl)
{
	int err = 0;
	struct stack_walk w = {.s = callstacks_stacks(sc->cs), .names = sc->names,
			       .side = &sl->stacks};
	for (size_t i = 0; !err && i < stacks_ntrees(w.s); i++)
		err = walk_node(&w, stacks_tree_at(w.s, i)->root);
	free(w.path);
	free(w.inlined);
	return err;
}

static int load_recording(const char *path, struct diff_cli *o, struct side_load *sl,
			  struct known *known)
{
	struct scan sc;
	int rc = 1, err = scan_open(&sc, path);
	if (err) {
		scan_close(&sc);
		return readmsg_open_error(path, err, true);
	}
	const struct scf_meta *m = sc.meta;
	struct diff_recinfo *info;
	if ((err = GROW(sl->recs, sl->nrecs + 1, sl->recs_cap)))
		goto fail;
	info = &sl->recs[sl->nrecs++];
	if ((err = recinfo_fill(info, path, m)))
		goto fail;
	if (o->stacks) {
		if (!(m->features & SCF_FEAT_CALLCHAIN)) {
			rc = diag_usage("diff", "'%s' has no call stacks; record with -g fp (or "
					"-g dwarf)", path);
			goto out;
		}
		/* Sampled stacks count one call in N: compare like with like. */
		uint32_t every = m->stack_every > 1 ? m->stack_every : 1;
		if (!o->every_path) {
			if (!(o->every_path = strdup(path))) {
				err = -ENOMEM;
				goto fail;
			}
			o->every = every;
		} else if (every != o->every) {
			rc = diag_usage("diff", "'%s' has the stacks of 1 call in %u and '%s' of 1 in "
					"%u; record both with the same --stack-every",
					o->every_path, o->every, path, every);
			goto out;
		}
	}
	for (size_t i = 0; i < o->nrules; i++)
		if (o->rules[i].syscall && meta_knows(m, o->rules[i].syscall))
			known->rule[i] = true;
	if (o->per_name && meta_knows(m, o->per_name))
		known->per = true;
	struct callstacks_opts co = {.weight = o->v.weight, .no_demangle = o->no_demangle};
	struct scan_opts so = {
		.by = o->by,
		.filter = &o->v.filter,
		.count = true,
		.stacks = o->stacks ? &co : NULL,
	};
	if ((err = scan_start(&sc, &so)) || (err = scan_run(&sc)) ||
	    (sc.cs && (err = add_stacks(&sc, sl))))
		goto fail;

	info->duration_ns = sc.sum.duration_ns;
	info->events = sc.sum.events;
	info->lost = sc.sum.lost;
	info->truncated = sc.sum.truncated;
	readmsg_incomplete(path, &sc.sum);
	if ((err = diff_side_begin_run(&sl->side, info->duration_ns)) ||
	    (err = diff_side_counters(&sl->side, m->counters, m->ncounters)))
		goto fail;
	diff_side_offcpu(&sl->side, m->features & SCF_FEAT_OFFCPU);
	for (size_t i = 0; i < agg_ngroups(sc.agg); i++) {
		const struct agg_group *g = agg_group_at(sc.agg, i);
		char buf[2 * SCF_COMM_LEN + 8];
		const char *detail;
		const char *label = group_label(o->by, sc.tasks, g, buf, sizeof(buf), &detail);
		for (size_t j = 0; j < g->nsys; j++)
			if ((err = diff_side_add(&sl->side, label, detail, g->sys[j]->name, g->sys[j])))
				goto fail;
	}
	rc = 0;
	goto out;
fail:
	rc = readmsg_read_error(path, err, sc.reader);
out:
	scan_close(&sc);
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
	int err = diffstacks_build(&ds, &base->stacks, &nl->stacks, &dopts->scale, o->v.sort);
	if (err) {
		diag_error("cannot compare call stacks: %s", strerror(-err));
		return 1;
	}
	struct diffflame_show show = {
		.weight = o->v.weight,
		.sort = o->v.sort,
		.top = o->top == SIZE_MAX ? 0 : o->top ? o->top : DEFAULT_TOP,
	};
	char title[512];
	switch (o->v.format) {
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
		.sort = o->v.sort,
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
	for (size_t i = 0; i < o->nrules; i++)
		if (o->rules[i].split && !d.offcpu) {
			char msg[200];
			snprintf(msg, sizeof(msg), "%s time needs off-CPU times in every recording of "
				 "both sides; record them with 'scprof record --off-cpu'",
				 diff_split_name((enum diff_split)(o->rules[i].split - 1)));
			rc = expr_error(o->rules[i].text, strspn(o->rules[i].text, " \t"), msg);
			goto out;
		} else if (gate_bind(&o->rules[i], &d)) {
			char msg[160];
			snprintf(msg, sizeof(msg), "unknown metric '%s': not calls, errors, total, avg, "
				 "p50, p90, p99 or max, nor a counter the recordings hold (record "
				 "--counters)", o->rules[i].counter);
			rc = expr_error(o->rules[i].text, strspn(o->rules[i].text, " \t"), msg);
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
		.by = group_by_name(o->by),
		.filtered = rfilter_active(&o->v.filter),
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
	switch (o->v.format) {
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
	case FORMAT_PPROF:
	case FORMAT_TRACE:
		break; /* refused with the options */
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
	viewopts_init(&o.v);
	int rc = parse_options(argc, argv, &o, &done);
	if (!rc && !done)
		rc = run(&o);
	cli_release(&o);
	return rc;
}
