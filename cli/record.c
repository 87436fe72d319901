/*
 * record.c - `scprof record`: its options, usage and messages; the
 * recording itself is profiler/record.h's.
 */
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/diag.h"
#include "formats/scf.h"
#include "profiler/record.h"
#include "syscalls/syscall_set.h"

#define DEFAULT_PAGES RECORD_DEFAULT_PAGES
#define DEFAULT_NICE RECORD_DEFAULT_NICE

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scprof record [OPTIONS] [--] COMMAND [ARGS...]\n"
		"       scprof record [OPTIONS] -p PID[,PID...]\n"
		"       scprof record [OPTIONS] -a [-- COMMAND [ARGS...]]\n"
		"\n"
		"Record every system call of a command (with its threads and children),\n"
		"of running processes, or of the whole system, into a recording file.\n"
		"\n"
		"  -o, --output FILE       write FILE (default " SCPROF_DEFAULT_INPUT "); once\n"
		"                          recording has started, an existing regular file\n"
		"                          is renamed to FILE" RECORD_OLD_SUFFIX "; anything else at FILE\n"
		"                          is refused\n"
		"  -p, --pid PID[,PID...]  attach to running processes and all their threads\n"
		"  -a, --all-cpus          record every process on the system\n"
		"  -d, --duration SECONDS  stop after SECONDS (a launched command keeps running)\n"
		"  -m, --mmap-pages PAGES  ring buffer pages per CPU, a power of two up to 1048576\n"
		"                          (default %d = %d MiB with the BPF recorder, %d = %d MiB\n"
		"                          with the tracepoints, twice that with dwarf or\n"
		"                          --counters; raise it if events are lost)\n"
		"  -e, --expr trace=SET    record only these syscalls, filtered in the kernel\n"
		"                          (strace syntax: read,write  %%file  !futex)\n"
		"  -g, --call-graph fp|dwarf[,SIZE]\n"
		"                          capture the user call stack of every syscall:\n"
		"                          fp follows frame pointers (cheap) and copies the\n"
		"                          top SIZE bytes of stack (default %d; 0: none) to\n"
		"                          find the caller of libc's wrappers; dwarf copies\n"
		"                          SIZE bytes of stack (default %d) for unwinding\n"
		"      --max-stack N       at most N frames with fp (default 64, max 127)\n"
		"      --stack-every N     with -g, take the stack of one call in N (default\n"
		"                          1: every call); much cheaper for busy programs;\n"
		"                          every call is still recorded\n"
		"  -u, --user USER         run the command as USER, a name or a uid (when\n"
		"                          scprof runs as root)\n"
		"  -s, --string-limit SIZE also record the first SIZE bytes (at most %d)\n"
		"                          of the data read and written (read, write,\n"
		"                          sendto, recvfrom; readv, writev, sendmsg,\n"
		"                          recvmsg, sendmmsg, recvmmsg: 8 elements);\n"
		"                          default 0: none, it may hold secrets\n"
		"      --no-args           leave syscall arguments, paths, addresses and\n"
		"                          command lines out of the recording\n"
		"      --no-bpf            record through the syscall tracepoints (two perf\n"
		"                          samples a call, no paths) instead of a BPF program\n"
		"      --off-cpu           also record where each call's time went: on a CPU,\n"
		"                          blocked (asleep) or runnable (waiting for a CPU),\n"
		"                          the kernel stack where it blocked longest and who\n"
		"                          woke it (BPF recorder only; costs about 3 us per\n"
		"                          call that sleeps, see 'scprof report --wait')\n"
		"      --no-off-cpu        do not (the default)\n"
		"      --counters LIST     count these per thread and charge each call what\n"
		"                          it counted between entry and exit (comma list:\n"
		"                          page-faults,context-switches,...; 'scprof list'\n"
		"                          shows what this machine can count); records\n"
		"                          through the tracepoints, as --no-bpf does\n"
		"      --switch-output=TIME|SIZE\n"
		"                          write a new file FILE.<YYYYMMDDHHMMSSmmm> every\n"
		"                          TIME (with s, m, h or d: 10s, 1m) or once a file\n"
		"                          holds SIZE (with B, K, M or G: 100M), as perf\n"
		"                          record does; each file is complete on its own and\n"
		"                          can be reported, converted or shipped once closed\n"
		"      --nice N            run the recorder at nice N (default %d, the\n"
		"                          highest, when allowed; 0 keeps it unchanged);\n"
		"                          the command keeps its own priority\n"
		"  -h, --help              show this help\n"
		"\n"
		"Examples:\n"
		"  scprof record -- ls -l /etc        record a command\n"
		"  scprof record -p 1234 -d 5         attach to PID 1234 for 5 seconds\n"
		"  scprof record -a -d 2              the whole system for 2 seconds\n"
		"  scprof record --off-cpu -- ./server  why its calls wait\n"
		"  scprof record --counters page-faults -- cp a b\n"
		"                                     page faults per call\n"
		"  scprof record -p 1234 --switch-output=1m\n"
		"                                     one file a minute, for as long as it runs\n"
		"\n"
		"Records through a BPF program, which pairs each call in the kernel and\n"
		"reads the paths and socket addresses it touched, when the kernel has BTF\n"
		"and scprof runs as root or with CAP_BPF and CAP_PERFMON; else through\n"
		"the syscall tracepoints (CAP_PERFMON with read access to tracefs), and\n"
		"says so.  -g dwarf needs the tracepoints.  The recording holds command\n"
		"lines, syscall arguments and paths: treat it like a trace log.\n"
		"While recording, a status line on standard error (only when it is a\n"
		"terminal) shows the time, calls, calls/s, lost events and file size.\n",
		RECORD_BPF_DEFAULT_PAGES, RECORD_BPF_DEFAULT_PAGES / 256, DEFAULT_PAGES,
		DEFAULT_PAGES / 256, RECORD_FP_STACK_BYTES, RECORD_DWARF_STACK_BYTES,
		RECORD_SNAPLEN_MAX, DEFAULT_NICE);
}

/* ---- options ---- */

int record_parse_pids(const char *s, struct record_config *o)
{
	while (*s) {
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (end == s || errno || v <= 0 || v > INT32_MAX || (*end && *end != ',') ||
		    (*end == ',' && !end[1]))
			return -1;
		int32_t *p = realloc(o->pids, (o->npids + 1) * sizeof(*p));
		if (!p)
			return -1;
		o->pids = p;
		o->pids[o->npids++] = (int32_t)v;
		s = *end ? end + 1 : end;
	}
	return o->npids ? 0 : -1;
}

void record_config_init(struct record_config *o, const char *recorder)
{
	o->recorder = recorder;
	/* libbpf's own messages, for debugging the BPF recorder */
	o->bpf_debug = getenv("SCPROF_BPF_DEBUG") ? stderr : NULL;
	o->pages = DEFAULT_PAGES;
	o->max_stack = 64;
	o->stack_every = 1;
	o->nice = DEFAULT_NICE;
}

void record_env(struct record_config *o)
{
	/* SCPROF_NO_BPF=1 in the environment: --no-bpf for every recording
	 * (where BPF must not be used, and for the tests' second pass) */
	const char *no_bpf = getenv("SCPROF_NO_BPF");
	if (no_bpf && !strcmp(no_bpf, "1"))
		o->no_bpf = true;
}

int record_shared_option(const char *cmd, int c, const char *arg, struct record_config *o)
{
	char *end;
	switch (c) {
	case 'p':
		if (record_parse_pids(arg, o))
			return diag_usage(cmd, "invalid PID list '%s'", arg);
		return 0;
	case 'a':
		o->system_wide = true;
		return 0;
	case 'm': {
		unsigned long v = strtoul(arg, &end, 10);
		if (end == arg || *end || v == 0 || (v & (v - 1)) || v > (1ul << 20))
			return diag_usage(cmd,
					  "invalid page count '%s' (a power of two from 1 to 1048576, "
					  "e.g. 4096)",
					  arg);
		o->pages = v;
		o->pages_given = true;
		return 0;
	}
	case 'e': {
		char err[256];
		syscall_set_free(o->set);
		o->set = NULL;
		if (syscall_set_parse(arg, &o->set, err, sizeof(err)))
			return diag_usage(cmd, "invalid -e '%s': %s", arg, err);
		o->filter = arg;
		return 0;
	}
	case 'B':
		o->no_bpf = true;
		return 0;
	}
	return diag_usage(cmd, "unknown option '-%c'", c);
}

/* --switch-output=TIME|SIZE, perf record's suffixes: a time with s, m, h
 * or d, or a size with B, K, M or G (powers of 1024).  A bare number is
 * refused, as perf does: it says neither.  0 or -1. */
static int parse_switch_output(const char *s, uint64_t *ns, uint64_t *bytes)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !(v > 0) || !end[0] || end[1] || s[0] == '-')
		return -1;
	static const char units[] = "smhdBKMG";
	static const double scale[] = { 1e9, 60e9, 3600e9, 86400e9, 1.0, 1024.0, 1048576.0,
					1073741824.0 };
	const char *u = strchr(units, *end);
	if (!u)
		return -1;
	double x = v * scale[u - units];
	if (x < 1 || x > 1e18)
		return -1;
	if (u - units < 4)
		*ns = (uint64_t)x;
	else
		*bytes = (uint64_t)x;
	return 0;
}

/* --counters LIST: each name encoded and tried on this machine before
 * anything runs.  0, or 2 (the exit status) with the reason said. */
static int parse_counters(const char *list, struct record_config *o)
{
	struct counter_spec *specs = (struct counter_spec *)o->counters;
	if (!specs && !(specs = calloc(COUNTERS_MAX, sizeof(*specs)))) {
		diag_error("out of memory");
		return 2;
	}
	o->counters = specs;
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", list);
	char *save = NULL;
	for (char *name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (size_t i = 0; i < o->ncounters; i++)
			if (!strcmp(specs[i].name, name))
				return diag_usage("record", "counter '%s' given twice", name);
		if (o->ncounters == COUNTERS_MAX)
			return diag_usage("record", "more than %d counters in --counters",
					  COUNTERS_MAX);
		char why[256];
		int rc = counter_encode(name, &specs[o->ncounters], why, sizeof(why));
		if (rc == -ELIBACC || rc == -ENOSYS) {
			diag_error("cannot count '%s': %s; install libpfm4", name, why);
			return 2;
		}
		if (rc == -ENOENT || rc == -EINVAL || rc == -ENAMETOOLONG) {
			diag_error("unknown counter '%s' (libpfm4: %s); 'scprof list' shows the "
				   "counters this machine can count", name, why);
			return 2;
		}
		if (rc) {
			diag_error("cannot count '%s' on this machine (%s); 'scprof list' shows "
				   "the counters it can count", name, why);
			return 2;
		}
		o->ncounters++;
	}
	if (!o->ncounters)
		return diag_usage("record", "--counters needs a list of counter names");
	return 0;
}

static int parse_options(int argc, char **argv, struct record_config *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "pid", required_argument, NULL, 'p' },
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "duration", required_argument, NULL, 'd' },
		{ "mmap-pages", required_argument, NULL, 'm' },
		{ "expr", required_argument, NULL, 'e' },
		{ "user", required_argument, NULL, 'u' },
		{ "no-args", no_argument, NULL, 'N' },
		{ "no-bpf", no_argument, NULL, 'B' },
		{ "string-limit", required_argument, NULL, 's' },
		{ "call-graph", required_argument, NULL, 'g' },
		{ "max-stack", required_argument, NULL, 'S' },
		{ "stack-every", required_argument, NULL, 'K' },
		{ "nice", required_argument, NULL, 'P' },
		{ "counters", required_argument, NULL, 'C' },
		{ "off-cpu", no_argument, NULL, 'O' },
		{ "no-off-cpu", no_argument, NULL, 'w' },
		{ "switch-output", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	record_config_init(o, "scprof " SCPROF_VERSION);
	o->output = SCPROF_DEFAULT_INPUT;
	o->stack_bytes = RECORD_DWARF_STACK_BYTES;
	size_t olen = 0;
	int c;
	bool no_bpf_given = false;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:o:p:ad:m:e:u:g:s:h", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'p':
		case 'a':
		case 'm':
		case 'e':
		case 'B': {
			no_bpf_given |= c == 'B';
			int rc = record_shared_option("record", c, optarg, o);
			if (rc)
				return rc;
			break;
		}
		case 'd':
			o->duration = strtod(optarg, &end);
			if (end == optarg || *end || !(o->duration > 0) || o->duration > 1e9)
				return diag_usage("record", "invalid duration '%s' (seconds, e.g. 2.5)",
						  optarg);
			break;
		case 'u': {
			/* a name, else a numeric uid (as chown and setpriv take) */
			struct passwd *pw = getpwnam(optarg);
			unsigned long id = strtoul(optarg, &end, 10);
			if (!pw && end != optarg && !*end && optarg[0] != '-' && id < UINT32_MAX)
				pw = getpwuid((uid_t)id);
			if (!pw)
				return diag_usage("record", "no such user '%s'", optarg);
			o->user = optarg;
			o->uid = pw->pw_uid;
			o->gid = pw->pw_gid;
			free(o->home);
			o->home = strdup(pw->pw_dir);
			break;
		}
		case 'N':
			o->no_args = true;
			break;
		case 'g':
			if (!strncmp(optarg, "fp", 2) && (!optarg[2] || optarg[2] == ',')) {
				o->stacks = STACK_FP;
				o->stack_bytes = RECORD_FP_STACK_BYTES;
			} else if (!strncmp(optarg, "dwarf", 5) && (!optarg[5] || optarg[5] == ',')) {
				o->stacks = STACK_DWARF;
				o->stack_bytes = RECORD_DWARF_STACK_BYTES;
			} else {
				return diag_usage("record", "invalid --call-graph '%s' (fp or dwarf)",
						  optarg);
			}
			if (strchr(optarg, ',')) {
				const char *size = strchr(optarg, ',') + 1;
				bool fp = o->stacks == STACK_FP;
				unsigned long v = strtoul(size, &end, 10);
				if (end == size || *end || v > 65528 || v % 8 || (v < 64 && !(fp && !v)))
					return diag_usage("record",
							  fp ? "invalid fp stack size '%s' (0, or a "
							       "multiple of 8 from 64 to 65528)"
							     : "invalid dwarf stack size '%s' (a "
							       "multiple of 8 from 64 to 65528)",
							  size);
				o->stack_bytes = (uint32_t)v;
			}
			break;
		case 'S': {
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end || v == 0 || v > 127)
				return diag_usage("record", "invalid --max-stack '%s' (1 to 127)",
						  optarg);
			o->max_stack = (uint32_t)v;
			break;
		}
		case 'K': {
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end || v == 0 || v > 1000000 || optarg[0] == '-')
				return diag_usage("record",
						  "invalid --stack-every '%s' (1 to 1000000)", optarg);
			o->stack_every = (uint32_t)v;
			break;
		}
		case 'P': {
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < -20 || v > 19)
				return diag_usage("record", "invalid --nice '%s' (-20 to 19)", optarg);
			o->nice = (int)v;
			break;
		}
		case 'C': {
			int rc = parse_counters(optarg, o);
			if (rc)
				return rc;
			break;
		}
		case 'O':
			o->off_cpu = true;
			break;
		case 'w':
			o->off_cpu = false;
			break;
		case 'W':
			if (parse_switch_output(optarg, &o->switch_ns, &o->switch_bytes))
				return diag_usage("record",
						  "invalid --switch-output '%s' (a time with s, m, h "
						  "or d, e.g. 10s or 1m; or a size with B, K, M or G, "
						  "e.g. 100M)",
						  optarg);
			break;
		case 's': {
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end || v > RECORD_SNAPLEN_MAX || optarg[0] == '-')
				return diag_usage("record", "invalid -s '%s' (0 to %d bytes)", optarg,
						  RECORD_SNAPLEN_MAX);
			o->snaplen = (uint32_t)v;
			break;
		}
		case 'h':
			usage(stdout);
			return 1;
		case '?':
			if (optopt)
				return diag_usage("record", "unknown option '-%c'", optopt);
			return diag_usage("record", "unknown option '%s'", argv[optind - 1]);
		case ':':
			/* a short option names itself by optopt; a long one only in argv */
			if (optopt && strncmp(argv[optind - 1], "--", 2))
				return diag_usage("record", "option '-%c' needs a value", optopt);
			return diag_usage("record", "option '%s' needs a value", argv[optind - 1]);
		default:
			return diag_usage("record", "unknown option '%s'", argv[optind - 1]);
		}
		if (c != 'h' && olen < sizeof(o->options) - 1) {
			const char *lname = c == 'N' ? "no-args" : c == 'S' ? "max-stack"
					    : c == 'K' ? "stack-every" : c == 'P' ? "nice"
					    : c == 'B' ? "no-bpf" : c == 'O' ? "off-cpu"
					    : c == 'w' ? "no-off-cpu"
					    : c == 'C' ? "counters" : c == 'W' ? "switch-output"
					    : NULL;
			int n = lname ? snprintf(o->options + olen, sizeof(o->options) - olen,
						 "%s--%s%s%s", olen ? " " : "", lname,
						 optarg ? " " : "", optarg ? optarg : "")
					 : snprintf(o->options + olen, sizeof(o->options) - olen,
						    "%s-%c%s%s", olen ? " " : "", c, optarg ? " " : "",
						    optarg ? optarg : "");
			olen += n > 0 ? (size_t)n : 0;
			if (olen >= sizeof(o->options))
				olen = sizeof(o->options) - 1;
		}
	}
	if (optind < argc) {
		o->argv = argv + optind;
		o->argc = argc - optind;
	}
	record_env(o);
	if (o->off_cpu && o->ncounters)
		return diag_usage("record", "--off-cpu needs the BPF recorder, and --counters "
					    "records through the tracepoints: use one of them");
	if (o->off_cpu && o->stacks == STACK_DWARF)
		return diag_usage("record", "--off-cpu needs the BPF recorder, which takes no "
					    "DWARF stacks: use -g fp");
	if (o->off_cpu && o->no_bpf)
		return diag_usage("record", "--off-cpu needs the BPF recorder (the syscall "
					    "tracepoints do not see context switches): drop %s",
				  no_bpf_given ? "--no-bpf" : "SCPROF_NO_BPF=1");
	if (o->no_bpf && o->snaplen)
		return diag_usage("record", "-s needs the BPF recorder: drop --no-bpf (or "
					    "SCPROF_NO_BPF=1)");
	/* A DWARF sample carries a copy of the stack (8 KiB by default):
	 * give each CPU room for as many of them. */
	if (o->stacks == STACK_DWARF && !o->pages_given)
		o->pages = DEFAULT_PAGES * 2;
	/* Counters make each sample 24 bytes and 8 a group member larger
	 * (160 and 120 bytes instead of 96 and 56 with two counters): keep
	 * as many calls' worth of room. */
	if (o->ncounters && !o->pages_given)
		o->pages *= 2;
	if (o->stack_every > 1 && !o->stacks)
		return diag_usage("record", "--stack-every needs --call-graph fp or dwarf");
	if (o->npids && (o->argv || o->system_wide))
		return diag_usage("record", "-p cannot be combined with a command or -a");
	if (!o->npids && !o->argv && !o->system_wide)
		return diag_usage("record", "nothing to record: give a command, -p PID or -a");
	if (o->user && !o->argv)
		return diag_usage("record", "-u needs a command to run");
	if (o->ncounters && o->system_wide)
		return diag_usage("record", "--counters counts per thread: it needs a command "
					    "or -p PID, not -a");
	if (o->user && geteuid() != 0)
		return diag_usage("record", "-u needs scprof to run as root");
	return 0;
}

/* Whether 'ulimit -v' limits this process: then it is the likely cause
 * of a memory failure in set-up. */
static bool address_space_limited(void)
{
	struct rlimit rl;
	return getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
}

int record_explain_open(const struct record_config *o, const struct record_error *e)
{
	int err = -e->err;
	switch (e->step) {
	case RECORD_STEP_TRACEFS:
		diag_error("%s", e->detail);
		break;
	case RECORD_STEP_TRACEPOINTS:
		if (err == EACCES || err == EPERM)
			diag_error("cannot read tracepoint ids in %s: %s; run as root or give "
				   "this user read access to tracefs", e->detail, strerror(err));
		else
			diag_error("the kernel has no raw_syscalls tracepoints (%s/events/"
				   "raw_syscalls: %s); it needs CONFIG_FTRACE_SYSCALLS",
				   e->detail, strerror(err));
		break;
	case RECORD_STEP_FILTER:
		diag_error("the -e set '%s' is too long for a kernel filter", o->filter);
		break;
	case RECORD_STEP_NOT_FOUND:
		/* a path names a file; a name is looked for in PATH */
		if (strchr(o->argv[0], '/'))
			diag_error("cannot run '%s': %s", o->argv[0], strerror(ENOENT));
		else
			diag_error("cannot run '%s': command not found", o->argv[0]);
		return 127;
	case RECORD_STEP_CPUS:
		diag_error("cannot read the online CPUs: %s", strerror(err));
		break;
	case RECORD_STEP_MLOCK:
		diag_error("cannot lock %zu ring buffer pages per CPU: the locked-memory limit "
			   "allows about %zu; use -m %zu, raise 'ulimit -l', or run as root",
			   o->pages, e->pages, e->pages);
		break;
	case RECORD_STEP_MEMORY:
		diag_error("out of memory");
		break;
	case RECORD_STEP_OUTPUT:
		if (err == EEXIST && e->what)
			diag_error("refusing to replace '%s': it is %s, and only a regular file is "
				   "replaced; choose another file with -o", e->detail, e->what);
		else
			diag_error("cannot create '%s': %s; choose another file with -o", o->output,
				   strerror(err));
		break;
	case RECORD_STEP_START:
		diag_error("cannot start '%s': %s", o->argv[0], strerror(err));
		break;
	case RECORD_STEP_EVENTS:
		if (err == ENOMEM && address_space_limited())
			diag_error("cannot allocate ring buffers of %zu pages (%zu KiB) per CPU (%s); "
				   "raise 'ulimit -v', or use a smaller -m (default %d)",
				   o->pages, o->pages * (size_t)sysconf(_SC_PAGESIZE) >> 10,
				   strerror(err), DEFAULT_PAGES);
		else if (err == ENOMEM)
			diag_error("cannot allocate ring buffers of %zu pages (%zu KiB) per CPU (%s); "
				   "use a smaller -m (default %d), or raise the locked-memory limit "
				   "('ulimit -l', sysctl kernel.perf_event_mlock_kb)",
				   o->pages, o->pages * (size_t)sysconf(_SC_PAGESIZE) >> 10,
				   strerror(err), DEFAULT_PAGES);
		else if (err == EACCES || err == EPERM)
			diag_error("not allowed to trace system calls (perf_event_open: %s); run as "
				   "root, or grant CAP_PERFMON (setcap cap_perfmon+ep scprof) and "
				   "read access to tracefs, or lower sysctl "
				   "kernel.perf_event_paranoid to -1",
				   strerror(err));
		else if (err == ESRCH)
			diag_error("no process with PID %d", (int)e->pid);
		else if (err == EMFILE || err == ENFILE)
			diag_error("out of file descriptors (perf_event_open: %s); raise 'ulimit -n'",
				   strerror(err));
		else if (err == ENOENT || err == ENODEV || err == EOPNOTSUPP)
			diag_error("the kernel cannot trace system calls (perf_event_open: %s); it "
				   "needs CONFIG_PERF_EVENTS and CONFIG_FTRACE_SYSCALLS",
				   strerror(err));
		else
			diag_error("perf_event_open failed: %s", strerror(err));
		break;
	case RECORD_STEP_WRITER:
		if (err == ENOMEM || err == EAGAIN) /* the writer's buffers or thread */
			diag_error("not enough memory to start writing '%s' (%s)%s", o->output,
				   scf_strerror(e->err),
				   address_space_limited() ? "; raise 'ulimit -v', or use a smaller -m"
							   : "");
		else
			diag_error("cannot write '%s': %s", o->output, scf_strerror(e->err));
		break;
	case RECORD_STEP_BPF:
		diag_error("cannot start the BPF recorder: %s; try --no-bpf", strerror(err));
		break;
	case RECORD_STEP_OFF_CPU:
		diag_error("--off-cpu needs the BPF recorder: %s",
			   e->bpf == RECORD_BPF_NO_BTF
				   ? "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
			   : e->bpf == RECORD_BPF_NOT_ALLOWED
				   ? "not allowed to load BPF programs (run as root, or with "
				     "CAP_BPF and CAP_PERFMON)"
				   : strerror(-err));
		break;
	}
	return 1;
}

/* Why the tracepoints record instead of the BPF recorder, in one line
 * (none when it records, or with --no-bpf). */
static void explain_recorder(const struct record_config *o, const struct record_stats *st)
{
	char failed[128];
	const char *why = NULL;
	switch (st->bpf) {
	case RECORD_BPF_USED:
	case RECORD_BPF_OFF:
		return;
	case RECORD_BPF_NO_BTF:
		why = "the kernel has no BTF (/sys/kernel/btf/vmlinux) for the BPF recorder";
		break;
	case RECORD_BPF_NOT_ALLOWED:
		why = "not allowed to load BPF programs (they need root, or CAP_BPF and CAP_PERFMON)";
		break;
	case RECORD_BPF_DWARF:
		why = "the BPF recorder takes no DWARF stacks (-g dwarf)";
		break;
	case RECORD_BPF_COUNTERS:
		why = "--counters reads the counters with each call's tracepoint samples";
		break;
	case RECORD_BPF_FAILED:
		snprintf(failed, sizeof(failed), "cannot load the BPF recorder: %s",
			 strerror(-st->bpf_err));
		why = failed;
		break;
	}
	diag_error("recording through the syscall tracepoints: %s; paths%s need the BPF recorder",
		   why, o->snaplen ? " and -s data" : "");
}

static void format_size(uint64_t bytes, char *buf, size_t len)
{
	if (bytes >= 10u << 20)
		snprintf(buf, len, "%.1f MiB", bytes / 1048576.0);
	else if (bytes >= 10u << 10)
		snprintf(buf, len, "%.1f KiB", bytes / 1024.0);
	else
		snprintf(buf, len, "%" PRIu64 " bytes", bytes);
}

/* The lost events, then "recorded N syscalls ...". */
static void print_summary(const struct record_config *o, const struct record_stats *st)
{
	if (st->malformed)
		diag_error("skipped %" PRIu64 " malformed records of the BPF recorder; try --no-bpf",
			   st->malformed);
	for (int c = 0; c < st->ncpus; c++)
		if (st->lost_per_cpu[c])
			diag_error("lost %" PRIu64 " events on cpu %d; try a bigger buffer: "
				   "-m %zu would have held the busiest 100 ms%s",
				   st->lost_per_cpu[c], c, st->suggest_pages,
				   st->nice_ok ? ""
					       : ", or run as root so that scprof can raise its "
						 "priority (--nice)");
	if (st->counters_scaled)
		diag_error("the kernel multiplexed the counters (more hardware counters than the PMU "
			   "has free): %" PRIu64 " calls' counts are scaled, and calls made while "
			   "they were off the PMU are missing; count fewer hardware counters",
			   st->counters_scaled);
	char size[32];
	format_size(st->bytes, size, sizeof(size));
	/* what was written: 'FILE', or with --switch-output how many files */
	char what[2 * 4200 + 64];
	if (st->files > 1)
		snprintf(what, sizeof(what), "%u files '%s' to '%s'", st->files, st->first_file,
			 st->last_file);
	else
		snprintf(what, sizeof(what), "%s'%s'",
			 o->switch_ns || o->switch_bytes ? "1 file " : "", st->last_file);
	diag_error("recorded %" PRIu64 " syscalls (%" PRIu64 " events, %" PRIu64
		   " lost) in %.2f s; wrote %s (%s, %.1f bytes/call)",
		   st->calls, st->events, st->lost, st->duration_ns / 1e9, what, size,
		   st->calls ? (double)st->bytes / st->calls : 0.0);
}

/* The status line: one line on stderr, redrawn about once a second, only
 * when stderr is a terminal. */
struct status {
	struct recorder *r;
	uint64_t last_ns, last_calls;
	bool shown;
};

static bool status_round(void *ctx, uint64_t now, uint64_t flushed)
{
	(void)now;
	(void)flushed;
	struct status *s = ctx;
	struct record_progress p;
	recorder_progress(s->r, &p);
	if (p.elapsed_ns < s->last_ns + 950000000u)
		return false;
	double rate = (double)(p.calls - s->last_calls) * 1e9 / (double)(p.elapsed_ns - s->last_ns);
	char size[32], files[32] = "";
	format_size(p.bytes, size, sizeof(size));
	if (p.files)
		snprintf(files, sizeof(files), ", %u files closed", p.files);
	fprintf(stderr, "\r\033[Kscprof: recording %.0f s, %" PRIu64 " calls, %.0f calls/s, %" PRIu64
		" lost, %s%s", p.elapsed_ns / 1e9, p.calls, rate, p.lost, size, files);
	fflush(stderr);
	s->last_ns = p.elapsed_ns;
	s->last_calls = p.calls;
	s->shown = true;
	return false;
}

static void status_clear(struct status *s)
{
	if (s->shown)
		fputs("\r\033[K", stderr);
	s->shown = false;
}

static int record(struct record_config *o)
{
	struct recorder *r;
	struct record_error e;
	struct record_stats st;
	struct status status = { 0 };
	if (isatty(STDERR_FILENO))
		o->hooks = (struct record_hooks){ .ctx = &status, .on_round = status_round,
						  .tick_ns = 1000000000u };
	if (recorder_open(o, &r, &e))
		return record_explain_open(o, &e);
	status.r = r;
	recorder_setup(r, &st);
	explain_recorder(o, &st);
	if (st.pages_limited)
		diag_error("ring buffers of %zu pages per CPU, as the locked-memory limit allows; "
			   "raise 'ulimit -l' if events are lost", st.pages);
	recorder_run(r, &st);
	status_clear(&status);
	int status_code = 0;
	if (st.exec_err) {
		diag_error("cannot run '%s': %s", o->argv[0], strerror(st.exec_err));
		status_code = st.exec_err == ENOENT ? 127 : 126;
	}
	if (st.err)
		diag_error("recording failed: %s", strerror(-st.err));
	if (st.symbols_stopped)
		diag_error("stopped while storing symbol tables: %u stored, the rest left out; "
			   "frames in the binaries left out show as '[unknown] FILE+0xOFFSET'",
			   st.symbols_stored);
	if (st.ksyms_hidden)
		diag_error("kernel addresses are hidden (kptr_restrict): the wait stacks cannot be "
			   "named; run 'sysctl kernel.kptr_restrict=0', or record as root with "
			   "CAP_SYSLOG");
	if (st.write_err)
		diag_error("cannot write '%s': %s; what was recorded before stays readable",
			   st.last_file, scf_strerror(st.write_err));
	else if (!st.exec_err)
		print_summary(o, &st);
	int command = recorder_close(r);
	if (!st.exec_err)
		status_code = command;
	if ((st.write_err || st.err) && status_code == 0)
		status_code = 1;
	return status_code;
}

int cmd_record(int argc, char **argv)
{
	struct record_config o = { 0 };
	int rc = parse_options(argc, argv, &o);
	int status = rc ? (rc == 1 ? 0 : rc) /* --help, or a usage error */ : record(&o);
	syscall_set_free(o.set);
	free((struct counter_spec *)o.counters);
	free(o.pids);
	free(o.home);
	return status;
}
