/*
 * top.c - `scprof top`: a live table of the system calls of a command,
 * of running processes or of the whole system, refreshed every interval:
 * per syscall calls/s, errors/s, share of time, p50 and p99, and the
 * busiest processes.  Full-screen on a terminal (keys change the sort, q
 * quits), one plain table per interval with -b.
 *
 * It is the recorder (profiler/record.h) with hooks: the events the file
 * would get (the same kernel filter, pairing, either recorder) go to
 * analysis/live.h, one interval at a time; -o FILE also keeps the file.
 * An event belongs to the interval its time (a call's end) falls in;
 * events come in time order, so the first one past the interval closes
 * it, and the recorder's rounds close intervals with no events.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "analysis/humantime.h"
#include "analysis/live.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "profiler/record.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

#define TOP_PROCS_BATCH 10  /* busiest processes in a batch table */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scprof top [OPTIONS] -p PID[,PID...]\n"
		"       scprof top [OPTIONS] -a\n"
		"       scprof top [OPTIONS] [--] COMMAND [ARGS...]\n"
		"\n"
		"Show the system calls of running processes, of the whole system or of\n"
		"a command live, one table per interval: per syscall calls/s, errors/s,\n"
		"share of the time spent in syscalls, p50 and p99 latency over the\n"
		"interval, and the busiest processes.\n"
		"\n"
		"  -p, --pid PID[,PID...]  watch running processes and all their threads\n"
		"  -a, --all-cpus          watch every process on the system\n"
		"  -d, --delay SECONDS     the interval (default 1; fractions allowed,\n"
		"                          at least 0.1)\n"
		"  -n, --iterations N      stop after N intervals\n"
		"  -b, --batch             print one plain table per interval on standard\n"
		"                          output, for scripts and logs (as top -b)\n"
		"  -S, --sort KEY          sort the syscalls by calls (default), errors,\n"
		"                          time, p50, p99 or name\n"
		"  -e, --expr trace=SET    watch only these syscalls, filtered in the kernel\n"
		"                          (strace syntax: read,write  %%file  !futex)\n"
		"  -o, --output FILE       also keep the recording in FILE, as scprof record\n"
		"                          writes it\n"
		"  -m, --mmap-pages PAGES  ring buffer pages per CPU (as scprof record)\n"
		"      --no-bpf            record through the syscall tracepoints\n"
		"  -h, --help              show this help\n"
		"\n"
		"Keys on the full screen: c sort by calls, e by errors, t by time, 5 by\n"
		"p50, 9 by p99, n by name; q (or Ctrl-C) quits.\n"
		"\n"
		"When the command (or every -p process) ends, top shows the last, partial\n"
		"interval and exits with status 0.  After -n intervals or q a launched\n"
		"command is sent SIGTERM (as perf stat --interval-count does) and\n"
		"waited for; processes watched with -p or -a keep running.\n"
		"\n"
		"Examples:\n"
		"  scprof top -p 1234                 watch PID 1234\n"
		"  scprof top -a -S time              the whole system, by time\n"
		"  scprof top -b -n 5 -d 2 -p 1234    five 2-second tables, for a log\n");
}

/* ---- the terminal: raw mode and the alternate screen, put back on every
 * way out (return, exit, a fatal or stop signal) ---- */

static struct termios tty_saved;
static volatile sig_atomic_t tty_raw;

static void tty_write(const char *s)
{
	size_t len = strlen(s);
	while (len) {
		ssize_t n = write(STDOUT_FILENO, s, len);
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* Async-signal-safe: tcsetattr and write only. */
static void tty_restore(void)
{
	if (!tty_raw)
		return;
	tty_raw = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &tty_saved);
	tty_write("\033[?25h\033[?1049l");
}

static int tty_enter(void)
{
	struct termios t = tty_saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) < 0)
		return -errno;
	tty_raw = 1;
	/* the alternate screen, cursor hidden */
	tty_write("\033[?1049h\033[?25l\033[H\033[2J");
	return 0;
}

static void on_fatal_signal(int sig)
{
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static volatile sig_atomic_t tty_resumed;

/* Stopped from outside (kill -TSTP; the keyboard's ^Z is a key in raw
 * mode): the terminal as it was while stopped, raw again after. */
static void on_stop(int sig)
{
	(void)sig;
	int was_raw = tty_raw;
	tty_restore();
	kill(getpid(), SIGSTOP);
	if (was_raw) {
		struct termios t = tty_saved;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
		t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		tty_raw = 1;
		tty_write("\033[?1049h\033[?25l\033[H\033[2J");
		tty_resumed = 1;
	}
}

/* SIGINT, SIGTERM and SIGHUP stop the recorder, which then returns and
 * the terminal is put back on the normal way out. */
static void tty_guard(void)
{
	static const int fatal[] = { SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				     SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGTRAP, SIGXCPU };
	struct sigaction sa = { .sa_handler = on_fatal_signal, .sa_flags = SA_RESETHAND };
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	struct sigaction st = { .sa_handler = on_stop, .sa_flags = SA_RESTART };
	sigaction(SIGTSTP, &st, NULL);
	atexit(tty_restore);
}

/* ---- the table ---- */

struct top {
	struct recorder *r;
	bool batch;
	enum live_sort sort;
	uint64_t interval_ns;
	unsigned max_iter, shown; /* -n (0: none), intervals shown */
	bool done;                /* -n reached, or q */
	uint64_t t0, t1;          /* the current interval [t0, t1) */
	struct live *live;        /* the interval counting, the one shown */
	uint64_t last_secs_ns;    /* the shown interval's length */
	uint64_t last_end;        /* ... and its end */
	bool have_last;
	int err;                  /* first error (out of memory) */
	const char *target;       /* what is watched, for the header */
};

static const char *name_of(void *ctx, int32_t nr)
{
	(void)ctx;
	const char *n = syscall_name(nr);
	return n ? n : "?";
}

static double per_sec(uint64_t n, uint64_t ns)
{
	return ns ? (double)n * 1e9 / (double)ns : 0.0;
}

/* One line of a table: cut to width columns (0: no limit), then eol. */
__attribute__((format(printf, 4, 5)))
static void line(FILE *f, size_t width, const char *eol, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
	if (width && len > width)
		len = width;
	fwrite(buf, 1, len, f);
	fputs(eol, f);
}

/* One table: a header, the syscalls (at most max_rows; 0: all), the
 * busiest processes (at most max_procs), each line cut to width (0: no
 * limit).  eol ends each line: "\n", or "\033[K\r\n" on the screen. */
static void print_table(FILE *f, const struct top *t, const struct live_view *v, uint64_t ns,
			uint64_t end, size_t max_rows, size_t max_procs, size_t width,
			const char *eol)
{
	struct timespec mono, real;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	uint64_t now_mono = (uint64_t)mono.tv_sec * 1000000000u + (uint64_t)mono.tv_nsec;
	uint64_t now_real = (uint64_t)real.tv_sec * 1000000000u + (uint64_t)real.tv_nsec;
	char clock[32];
	humantime_clock(clock, sizeof(clock), now_real - (now_mono > end ? now_mono - end : 0));
	char *dot = strchr(clock, '.');
	if (dot)
		*dot = 0;
	line(f, width, eol, "scprof top - %s  interval %.2f s  sort %s  %s", clock, ns / 1e9,
	     live_sort_name(t->sort), t->target);
	line(f, width, eol,
	     "calls %.1f/s  errors %.1f/s  time in syscalls %.3f s  lost %" PRIu64
	     "  processes %zu",
	     per_sec(v->calls, ns), per_sec(v->errors, ns), v->time_ns / 1e9, v->lost, v->nprocs);
	line(f, width, eol, "%s", "");
	line(f, width, eol, "%-20s %11s %10s %6s %9s %9s %10s %8s", "SYSCALL", "CALLS/S",
	     "ERRORS/S", "TIME%", "P50", "P99", "CALLS", "ERRORS");
	size_t n = max_rows && v->nsys > max_rows ? max_rows : v->nsys;
	for (size_t i = 0; i < n; i++) {
		const struct live_sys *s = &v->sys[i];
		char p50[16], p99[16];
		humantime_ns(p50, sizeof(p50), s->p50);
		humantime_ns(p99, sizeof(p99), s->p99);
		line(f, width, eol, "%-20s %11.1f %10.1f %5.1f%% %9s %9s %10" PRIu64 " %8" PRIu64,
		     s->name ? s->name : "?", per_sec(s->calls, ns), per_sec(s->errors, ns),
		     v->time_ns ? 100.0 * (double)s->time_ns / (double)v->time_ns : 0.0, p50, p99,
		     s->calls, s->errors);
	}
	if (n < v->nsys)
		line(f, width, eol, "(%zu more syscalls)", v->nsys - n);
	if (!max_procs)
		return;
	line(f, width, eol, "%s", "");
	line(f, width, eol, "%-8s %-16s %11s %10s %6s %10s", "PID", "COMM", "CALLS/S", "ERRORS/S",
	     "TIME%", "CALLS");
	n = v->nprocs > max_procs ? max_procs : v->nprocs;
	for (size_t i = 0; i < n; i++) {
		const struct live_proc *p = &v->procs[i];
		line(f, width, eol, "%-8d %-16s %11.1f %10.1f %5.1f%% %10" PRIu64, (int)p->pid,
		     p->comm, per_sec(p->calls, ns), per_sec(p->errors, ns),
		     v->time_ns ? 100.0 * (double)p->time_ns / (double)v->time_ns : 0.0, p->calls);
	}
}

static void keep_err(struct top *t, int rc)
{
	if (rc && !t->err)
		t->err = rc;
}

/* Redraw the full screen from the interval last shown. */
static void draw_screen(struct top *t)
{
	struct winsize ws = { 0 };
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row < 10 || ws.ws_col < 20) {
		ws.ws_row = 24;
		ws.ws_col = 80;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		keep_err(t, -ENOMEM);
		return;
	}
	struct live_view v;
	fputs("\033[H", f);
	if (!t->have_last) {
		line(f, ws.ws_col, "\033[K\r\n", "scprof top - waiting for the first interval (%.2f s)",
		     t->interval_ns / 1e9);
	} else {
		keep_err(t, live_view(t->live, t->sort, &v));
		/* 4 header lines, 3 + procs below, the key line */
		size_t procs = v.nprocs < 5 ? v.nprocs : 5;
		size_t fixed = 4 + 3 + procs + 2;
		size_t rows = ws.ws_row > fixed ? ws.ws_row - fixed : 1;
		print_table(f, t, &v, t->last_secs_ns, t->last_end, rows, procs ? procs : 1,
			    ws.ws_col, "\033[K\r\n");
	}
	fputs("\033[K\r\n\033[7m", f);
	line(f, ws.ws_col, "\033[m\033[J", "%s", " c calls  e errors  t time  5 p50  9 p99  n name  q quit ");
	fclose(f);
	if (buf)
		tty_write(buf);
	free(buf);
}

/* The interval [t0, t1) is over: show it, and start the next. */
static void close_interval(struct top *t, uint64_t end)
{
	keep_err(t, live_next(t->live));
	t->last_secs_ns = end - t->t0;
	t->last_end = end;
	t->have_last = true;
	if (t->batch) {
		struct live_view v;
		keep_err(t, live_view(t->live, t->sort, &v));
		if (t->shown)
			fputc('\n', stdout);
		print_table(stdout, t, &v, t->last_secs_ns, end, 0, TOP_PROCS_BATCH, 0, "\n");
		/* a reader that went away (| head): stop as after -n; the
		 * exit says it */
		if (fflush(stdout) || ferror(stdout))
			t->done = true;
	} else {
		draw_screen(t);
	}
	t->shown++;
	t->t0 = end;
	t->t1 = end + t->interval_ns;
	if (t->max_iter && t->shown >= t->max_iter)
		t->done = true;
}

/* Close every interval that ended before time. */
static void close_until(struct top *t, uint64_t time)
{
	while (!t->done && time >= t->t1)
		close_interval(t, t->t1);
}

static void top_event(void *ctx, const struct scf_event *ev)
{
	struct top *t = ctx;
	close_until(t, ev->time);
	if (!t->done)
		keep_err(t, live_add(t->live, ev));
}

/* The keys waiting on the terminal. */
static void read_keys(struct top *t)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char keys[64];
	if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
		return;
	ssize_t n = read(STDIN_FILENO, keys, sizeof(keys));
	bool redraw = false;
	for (ssize_t i = 0; i < n; i++) {
		enum live_sort key = 0;
		switch (keys[i]) {
		case 'q':
		case 'Q':
		case 3: /* Ctrl-C, a key in raw mode */
			t->done = true;
			return;
		case 'c':
			key = LIVE_SORT_CALLS;
			break;
		case 'e':
			key = LIVE_SORT_ERRORS;
			break;
		case 't':
			key = LIVE_SORT_TIME;
			break;
		case '5':
			key = LIVE_SORT_P50;
			break;
		case '9':
			key = LIVE_SORT_P99;
			break;
		case 'n':
			key = LIVE_SORT_NAME;
			break;
		case 12: /* Ctrl-L */
			redraw = true;
			break;
		}
		if (key) {
			t->sort = key;
			redraw = true;
		}
	}
	if (redraw)
		draw_screen(t);
}

static bool top_round(void *ctx, uint64_t now, uint64_t flushed)
{
	(void)now;
	struct top *t = ctx;
	close_until(t, flushed);
	if (!t->batch && !t->done) {
		if (tty_resumed) {
			tty_resumed = 0;
			draw_screen(t);
		}
		read_keys(t);
	}
	return t->done || t->err;
}

/* ---- options ---- */

struct top_options {
	struct record_config rec;
	double delay;
	unsigned long iterations;
	bool batch;
	enum live_sort sort;
};

static int parse_options(int argc, char **argv, struct top_options *o)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "sort", required_argument, NULL, 'S' },
		{ "expr", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "mmap-pages", required_argument, NULL, 'm' },
		{ "no-bpf", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct record_config *r = &o->rec;
	record_config_init(r, "scprof " SCPROF_VERSION " (top)");
	o->delay = 1.0;
	o->sort = LIVE_SORT_CALLS;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:ad:n:bS:e:o:m:h", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'p':
		case 'a':
		case 'e':
		case 'm':
		case 'B': {
			int rc = record_shared_option("top", c, optarg, r);
			if (rc)
				return rc;
			break;
		}
		case 'd':
			o->delay = strtod(optarg, &end);
			if (end == optarg || *end || !(o->delay >= 0.1) || o->delay > 86400)
				return diag_usage("top",
						  "invalid delay '%s' (seconds from 0.1 to 86400, "
						  "e.g. 1 or 0.5)",
						  optarg);
			break;
		case 'n':
			o->iterations = strtoul(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-' || o->iterations == 0 ||
			    o->iterations > 1000000000ul)
				return diag_usage("top", "invalid iteration count '%s' (a whole number "
							 "from 1, e.g. 10)", optarg);
			break;
		case 'b':
			o->batch = true;
			break;
		case 'S':
			if (!(o->sort = live_sort_parse(optarg)))
				return diag_usage("top", "invalid sort key '%s' (calls, errors, time, "
							 "p50, p99 or name)", optarg);
			break;
		case 'o':
			r->output = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return diag_option_error("top", c, argv);
		}
	}
	if (optind < argc) {
		r->argv = argv + optind;
		r->argc = argc - optind;
	}
	record_env(r);
	if (r->npids && (r->argv || r->system_wide))
		return diag_usage("top", "-p cannot be combined with a command or -a");
	if (!r->npids && !r->argv && !r->system_wide)
		return diag_usage("top", "nothing to watch: give a command, -p PID or -a");
	if (!o->batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return diag_usage("top", "the full screen needs a terminal on standard input "
					 "and output; use -b for plain tables");
	return 0;
}

/* What is watched, for the header: "-p 1,2", "-a", or the command. */
static void describe_target(const struct record_config *r, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	if (r->system_wide && !r->argv) {
		snprintf(buf, len, "all processes");
		return;
	}
	for (size_t i = 0; i < r->npids && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d", i ? "," : "pid ", (int)r->pids[i]);
	for (int i = 0; i < r->argc && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " " : "", r->argv[i]);
}

static int top(struct top_options *o)
{
	struct record_config *rc = &o->rec;
	char target[256];
	describe_target(rc, target, sizeof(target));
	struct top t = { .batch = o->batch, .sort = o->sort,
			 .interval_ns = (uint64_t)(o->delay * 1e9 + 0.5),
			 .max_iter = (unsigned)o->iterations, .target = target };
	if (live_new(name_of, NULL, &t.live)) {
		diag_error("out of memory");
		return 1;
	}
	rc->hooks = (struct record_hooks){ .ctx = &t, .on_event = top_event, .on_round = top_round,
					   .tick_ns = t.interval_ns, .stop_signal = SIGTERM,
					   .watch_input = !o->batch,
					   .input_fd = STDIN_FILENO };
	struct record_error e;
	struct record_stats st;
	int status = 0;
	if (recorder_open(rc, &t.r, &e)) {
		live_free(t.live);
		return record_explain_open(rc, &e);
	}
	/* the intervals start with the recording, as the ticks do */
	struct record_progress p;
	recorder_progress(t.r, &p);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t.t0 = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec - p.elapsed_ns;
	t.t1 = t.t0 + t.interval_ns;
	/* batch: a closed pipe is a write error, not a death by SIGPIPE that
	 * would leave the command running and -o's file unfinished */
	if (o->batch)
		signal(SIGPIPE, SIG_IGN);
	if (!o->batch) {
		tcgetattr(STDIN_FILENO, &tty_saved);
		tty_guard();
		if (tty_enter() < 0)
			t.err = -errno;
		else
			draw_screen(&t);
	}
	recorder_run(t.r, &st);
	/* The targets ended (or a stop signal): the last, partial interval. */
	bool ended = !t.done;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t end = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (ended && end > t.t0)
		close_interval(&t, end);
	tty_restore();
	if (!o->batch && ended && t.have_last) {
		/* the last table stays on the normal screen */
		struct live_view v;
		if (!live_view(t.live, t.sort, &v))
			print_table(stdout, &t, &v, t.last_secs_ns, t.last_end, 0, TOP_PROCS_BATCH,
				    0, "\n");
	}
	if (st.exec_err) {
		diag_error("cannot run '%s': %s", rc->argv[0], strerror(st.exec_err));
		status = st.exec_err == ENOENT ? 127 : 126;
	}
	if (st.err)
		diag_error("recording failed: %s", strerror(-st.err));
	if (st.write_err)
		diag_error("cannot write '%s': %s; what was recorded before stays readable",
			   rc->output, scf_strerror(st.write_err));
	if (t.err)
		diag_error("top failed: %s", strerror(-t.err));
	if (st.lost)
		diag_error("lost %" PRIu64 " events; try a bigger buffer with -m", st.lost);
	if (rc->output && !st.write_err)
		diag_error("wrote '%s' (%" PRIu64 " syscalls)", rc->output, st.calls);
	recorder_close(t.r);
	if (!status && (st.err || st.write_err || t.err))
		status = 1;
	live_free(t.live);
	return status;
}

int cmd_top(int argc, char **argv)
{
	struct top_options o = { 0 };
	int rc = parse_options(argc, argv, &o);
	int status = rc ? (rc == 1 ? 0 : rc) : top(&o);
	syscall_set_free(o.rec.set);
	free(o.rec.pids);
	return status;
}
