/*
 * record.c - the recorder's lifecycle (record.h): load the BPF recorder
 * (bpf_recorder.c) where allowed, else set up tracefs; the output file,
 * the command and the perf events (perfevents.c), run the drain loop
 * (drain.c), then finish the file and wait for the command.  It returns
 * what happened; the command (cli/record.c) words it.
 */
#include "profiler/record.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "base/grow.h"
#include "formats/scf.h"
#include "profiler/carry.h"
#include "profiler/procfs.h"
#include "profiler/recorder_internal.h"
#include "profiler/symstore.h"
#include "profiler/synth.h"
#include "profiler/tracefs.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

/* perf's x86-64 user register set: ax..r15 and ip, sp, flags, without the
 * segment registers ds, es, fs, gs. */
#define DWARF_REGS_MASK 0xff0fffu
/* fp's leaf repair: bp, sp and ip (perf's x86-64 register bits 6-8) */
#define FP_REGS_MASK 0x1c0u

/* With the BPF recorder the perf rings carry only task records: 512 KiB
 * per CPU is plenty. */
#define TRACKING_PAGES 128

_Static_assert(RECORD_SNAPLEN_MAX == BPF_RECORDER_SNAPLEN_MAX, "-s and the BPF recorder disagree");

static void on_stop_signal(int sig)
{
	recorder_stop_signal = sig;
	recorder_stop_count++;
}

/* symstore's stop(): a stop signal arrived since finishing began */
static bool stopped_since(void *ctx)
{
	return recorder_stop_count != *(sig_atomic_t *)ctx;
}

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int emit_event(void *ctx, const struct scf_event *ev)
{
	struct recorder *r = ctx;
	struct scf_event plain;
	if (ev->time < r->last_time) {
		/* Two CPUs' clocks may disagree by a hair; the file's times
		 * never go backwards. */
		plain = *ev;
		plain.time = r->last_time;
		if (plain.type == SCF_EV_CALL) {
			if (plain.call.start > plain.time)
				plain.call.start = plain.time;
			plain.call.duration = plain.time - plain.call.start;
		}
		ev = &plain;
	}
	r->last_time = ev->time;
	if (r->o.no_args) {
		if (ev->type == SCF_EV_CMDLINE || ev->type == SCF_EV_FD)
			return 0;
		if (ev->type == SCF_EV_CALL) {
			if (ev != &plain)
				plain = *ev;
			memset(plain.call.args, 0, sizeof(plain.call.args));
			ev = &plain;
		}
	}
	struct scf_offcpu off;
	const uint32_t at_attach = SCF_CALL_ENTERED_BEFORE | SCF_CALL_UNFINISHED;
	if (ev->type == SCF_EV_CALL && !ev->call.offcpu && r->nattach_kstacks &&
	    (ev->call.flags & at_attach) == at_attach) {
		/* blocked since before attaching and still: where, as /proc
		 * said when attaching */
		for (size_t i = 0; i < r->nattach_kstacks; i++) {
			const struct attach_kstack *k = &r->attach_kstacks[i];
			if (k->tid != ev->call.tid)
				continue;
			off = (struct scf_offcpu){ .flags = SCF_OFFCPU_BLOCKED_AT_END, .nkips = k->n,
						   .kips = k->ips };
			if (ev != &plain)
				plain = *ev;
			plain.call.offcpu = &off;
			ev = &plain;
			if (kaddrs_add(&r->kaddrs, off.kips, off.nkips) && !r->err)
				r->err = -ENOMEM;
			break;
		}
	} else if (ev->type == SCF_EV_CALL && ev->call.offcpu && ev->call.offcpu->nkips) {
		/* the wait stack without the BPF and scheduler frames on top */
		off = *ev->call.offcpu;
		uint32_t top = ksym_table_top_frames(&r->ksyms, off.kips, off.nkips);
		off.kips += top;
		off.nkips -= top;
		if (ev != &plain)
			plain = *ev;
		plain.call.offcpu = &off;
		ev = &plain;
		if (kaddrs_add(&r->kaddrs, off.kips, off.nkips) && !r->err)
			r->err = -ENOMEM;
	}
	/* --switch-output: what the next file starts with (not what it
	 * starts with: r->carrying) */
	if (r->carry && !r->carrying) {
		int err = carry_note(r->carry, ev);
		if (err && !r->err)
			r->err = err;
	}
	if (r->o.hooks.on_event)
		r->o.hooks.on_event(r->o.hooks.ctx, ev);
	if (!r->writer) {
		r->written++;
		return 0;
	}
	int rc = scf_writer_add(r->writer, ev);
	if (rc && !r->write_err)
		r->write_err = rc;
	r->written += !rc;
	return rc;
}

static long read_sysctl(const char *path, long fallback)
{
	FILE *f = fopen(path, "re");
	long v = fallback;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = fallback;
		fclose(f);
	}
	return v;
}

/*
 * Without root (CAP_IPC_LOCK), the kernel lets a user lock
 * perf_event_mlock_kb per CPU for perf rings, plus RLIMIT_MEMLOCK, unless
 * perf_event_paranoid is -1.  A default ring that does not fit is made
 * smaller (the command notes it); a ring chosen with -m that does not fit is
 * an error: -ENOMEM with the pages that would fit in *fits.
 */
static int fit_ring_to_mlock(struct recorder *r, int nbufs, size_t *fits)
{
	struct record_config *o = &r->o;
	if (geteuid() == 0 || read_sysctl("/proc/sys/kernel/perf_event_paranoid", 2) < 0)
		return 0;
	struct rlimit rl = { 0, 0 };
	getrlimit(RLIMIT_MEMLOCK, &rl);
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t allowed = (uint64_t)read_sysctl("/proc/sys/kernel/perf_event_mlock_kb", 516) *
				   1024 * (uint64_t)nbufs +
			   (rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX / 2 : rl.rlim_cur);
	size_t pages = o->pages;
	while (pages > 1 && (1 + pages) * page * (uint64_t)nbufs > allowed)
		pages /= 2;
	if (pages == o->pages)
		return 0;
	if (o->pages_given) {
		*fits = pages;
		return -ENOMEM;
	}
	o->pages = pages;
	r->pages_limited = true;
	return 0;
}

/* Called once the command is forked, so that it keeps its own priority;
 * the writer thread, started later, inherits the recorder's.  Without the
 * privilege (CAP_SYS_NICE, or RLIMIT_NICE) scprof stays as it is: a lost
 * event then says so. */
static void raise_priority(struct recorder *r)
{
	errno = 0;
	int cur = getpriority(PRIO_PROCESS, 0);
	r->nice_ok = (!errno && cur <= r->o.nice) ||
		     setpriority(PRIO_PROCESS, 0, r->o.nice) == 0;
}

/* ---- the output (record.h: only a regular file is replaced) ---- */

/* outfile's -EEXIST into e: which path, and what it is. */
static int output_error(int rc, const char *bad, const char *what, struct record_error *e)
{
	if (rc == -EEXIST) {
		e->what = what;
		snprintf(e->detail, sizeof(e->detail), "%s", bad ? bad : "");
	}
	return rc;
}

/* Check the output path and its .old, and create the temporary file
 * next to them: its fd or -errno. */
static int output_open(struct outfile *o, const char *path, struct record_error *e)
{
	const char *bad = NULL, *what = NULL;
	int fd = outfile_open(o, path, RECORD_OLD_SUFFIX, 0, &bad, &what);
	return fd < 0 ? output_error(fd, bad, what, e) : fd;
}

/* Set up: rotate a regular file at the path to .old and move the
 * temporary file into place.  0 or -errno (-EEXIST: e says what). */
static int output_commit(struct outfile *o, const char *path, struct record_error *e)
{
	const char *bad = NULL, *what = NULL;
	return output_error(outfile_commit(o, path, &bad, &what), bad, what, e);
}

static void set_meta(struct recorder *r, struct scf_meta *m, struct utsname *u, char *host,
		     struct scf_syscall_name *names, uint32_t *nnames, struct scf_counter *counters)
{
	uname(u);
	gethostname(host, 256);
	host[255] = 0;
	*nnames = 0;
	for (int nr = 0; nr < syscall_count(); nr++) {
		const char *name = syscall_name(nr);
		if (name)
			names[(*nnames)++] = (struct scf_syscall_name){ nr, name };
	}
	m->recorder = r->o.recorder;
	m->hostname = host;
	m->kernel_release = u->release;
	m->arch = u->machine;
	m->ncpus = (uint32_t)r->ev.ncpus;
	m->clockid = CLOCK_MONOTONIC;
	m->target = r->o.npids ? SCF_TARGET_PIDS
				: r->o.system_wide ? SCF_TARGET_SYSTEM : SCF_TARGET_COMMAND;
	if (!r->o.no_args) {
		m->argc = (uint32_t)r->o.argc;
		m->argv = (const char *const *)r->o.argv;
	} else {
		m->features |= SCF_FEAT_NO_ARGS;
	}
	if (r->o.stacks) {
		m->features |= SCF_FEAT_CALLCHAIN;
		m->stack_every = r->o.stack_every;
	}
	m->recorder_kind = r->bpf ? SCF_RECORDER_BPF : SCF_RECORDER_TRACEPOINT;
	if (r->bpf && !r->o.no_args)
		m->features |= SCF_FEAT_CAPTURES;
	if (r->bpf && r->o.off_cpu) {
		m->features |= SCF_FEAT_OFFCPU;
		m->kallsyms = (uint32_t)r->kallsyms;
	}
	if (r->o.ncounters) {
		m->features |= SCF_FEAT_COUNTERS;
		m->ncounters = (uint32_t)r->o.ncounters;
		m->counters = counters;
		for (size_t i = 0; i < r->o.ncounters; i++) {
			const struct counter_spec *c = &r->o.counters[i];
			counters[i] = (struct scf_counter){ c->name, c->attr.type, c->attr.config,
							    c->attr.config1, c->attr.config2 };
		}
	}
	m->npids = (uint32_t)r->o.npids;
	m->pids = r->o.pids;
	m->options = r->o.options;
	m->filter = r->o.filter;
	m->nsyscalls = *nnames;
	m->syscalls = names;
}

/* Start writing r->out_fd: the metadata, with the recording (or its
 * window, --switch-output) starting at start.  0 or a negative errno. */
static int writer_start(struct recorder *r, uint64_t start)
{
	struct scf_meta meta = { 0 };
	struct utsname u;
	char host[256];
	struct scf_syscall_name *names = calloc((size_t)syscall_count() + 1, sizeof(*names));
	uint32_t nnames = 0;
	if (!names)
		return -ENOMEM;
	struct scf_counter counters[COUNTERS_MAX];
	set_meta(r, &meta, &u, host, names, &nnames, counters);
	/* the wall clock time of start */
	uint64_t mono = clock_ns(CLOCK_MONOTONIC), real = clock_ns(CLOCK_REALTIME);
	meta.start_time = start;
	meta.start_realtime = real - (mono - start);
	int rc = scf_writer_new(r->out_fd, &meta, &r->writer);
	free(names);
	return rc;
}

/* --switch-output: r->path = <output>.<YYYYMMDDHHMMSSmmm> (local time, as
 * perf names its files), later than any name before; r->out_path points
 * to it.  0 or -ENAMETOOLONG. */
static int window_path(struct recorder *r)
{
	uint64_t ms = clock_ns(CLOCK_REALTIME) / 1000000u;
	if (ms <= r->last_stamp_ms)
		ms = r->last_stamp_ms + 1;
	r->last_stamp_ms = ms;
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	char stamp[32];
	localtime_r(&secs, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	if ((size_t)snprintf(r->path, sizeof(r->path), "%s.%s%03u", r->o.output, stamp,
			     (unsigned)(ms % 1000)) >= sizeof(r->path))
		return -ENAMETOOLONG;
	r->out_path = r->path;
	return 0;
}

/* Free everything of r (not waiting for the command). */
static void recorder_free(struct recorder *r)
{
	scf_writer_free(r->writer);
	if (r->out_fd >= 0)
		close(r->out_fd);
	outfile_abort(&r->out);
	free(r->demand);
	perf_events_release(&r->ev);
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].pidfd >= 0)
			close(r->targets[i].pidfd);
	free(r->targets);
	decoder_release(&r->dec);
	mapids_free(r->mapids);
	merge_free(r->merge);
	pairing_free(r->pairing);
	bpf_recorder_close(r->bpf);
	kaddrs_release(&r->kaddrs);
	free(r->attach_kstacks);
	ksym_table_release(&r->ksyms);
	free(r->cpu_source);
	free(r->bpf_lost);
	free(r->win_lost);
	carry_free(r->carry);
	free(r);
}

static int fail(struct record_error *e, enum record_step step, int err)
{
	e->step = step;
	e->err = err;
	return err;
}

/*
 * The BPF recorder, where the kernel and the privileges allow it and
 * neither -g dwarf (it takes frame-pointer stacks only) nor --counters is
 * asked for; else
 * r->bpf_state says why the tracepoints record instead.  Its calls go to
 * merge sources ncpu + 1 + i, one per online CPU cpus[i].
 */
static void open_bpf(struct recorder *r, const int *cpus, int ncpu, int ncpus)
{
	const struct record_config *o = &r->o;
	r->bpf_state = RECORD_BPF_OFF;
	if (o->no_bpf)
		return;
	r->bpf_state = RECORD_BPF_DWARF;
	if (o->stacks == STACK_DWARF)
		return;
	/* counters are read in the tracepoints' samples (a group read) */
	r->bpf_state = RECORD_BPF_COUNTERS;
	if (o->ncounters)
		return;
	r->bpf_state = RECORD_BPF_FAILED;
	r->bpf_err = -ENOMEM;
	r->cpu_source = calloc((size_t)ncpus, sizeof(*r->cpu_source));
	r->bpf_lost = calloc((size_t)ncpus, sizeof(*r->bpf_lost));
	if (!r->cpu_source || !r->bpf_lost)
		return;
	for (int c = 0; c < ncpus; c++)
		r->cpu_source[c] = (unsigned)ncpu; /* offline: the synthetic source */
	for (int i = 0; i < ncpu; i++)
		r->cpu_source[cpus[i]] = (unsigned)(ncpu + 1 + i);
	/* the rings' memory of every CPU in one ring, a power of two */
	size_t pages = o->pages_given ? o->pages : RECORD_BPF_DEFAULT_PAGES;
	size_t bytes = pages * (size_t)sysconf(_SC_PAGESIZE) * (size_t)ncpu, ring = 1;
	while (ring < bytes)
		ring *= 2;
	struct bpf_recorder_config c = {
		.self = getpid(), .trace_all = o->system_wide, .set = o->set,
		.captures = !o->no_args, .snaplen = o->snaplen, .ring_bytes = ring,
		.stack_frames = o->stacks == STACK_FP ? o->max_stack : 0,
		.stack_every = o->stack_every,
		.ustack_bytes = o->stacks == STACK_FP ? o->stack_bytes : 0,
		.merge = r->merge, .cpu_source = r->cpu_source, .ncpus = ncpus,
		.debug = o->bpf_debug, .offcpu = o->off_cpu,
	};
	r->bpf_err = bpf_recorder_open(&c, &r->bpf);
	if (!r->bpf_err)
		r->o.pages = pages;
	/* -ENOENT is also what loading says of a missing kernel symbol:
	 * no BTF only when there is none */
	r->bpf_state = !r->bpf_err ? RECORD_BPF_USED
		       : r->bpf_err == -ENOENT && bpf_recorder_supported() ? RECORD_BPF_NO_BTF
		       : r->bpf_err == -EPERM || r->bpf_err == -EACCES ? RECORD_BPF_NOT_ALLOWED
		       : RECORD_BPF_FAILED;
}

/* The tracepoint recorder's first steps: tracefs, the tracepoint ids, the
 * kernel filter. */
static int prepare_tracepoints(struct recorder *r, struct record_error *e)
{
	const struct record_config *o = &r->o;
	const char *tracefs = tracefs_find(e->detail, sizeof(e->detail));
	if (!tracefs)
		return fail(e, RECORD_STEP_TRACEFS, -ENOENT);
	int enter_id = tracefs_event_id(tracefs, "raw_syscalls", "sys_enter");
	int exit_id = tracefs_event_id(tracefs, "raw_syscalls", "sys_exit");
	if (enter_id < 0 || exit_id < 0) {
		snprintf(e->detail, sizeof(e->detail), "%s", tracefs);
		return fail(e, RECORD_STEP_TRACEPOINTS, enter_id < 0 ? enter_id : exit_id);
	}
	r->ev.enter_id = enter_id;
	r->ev.exit_id = exit_id;
	if (perf_events_filter(&r->ev, o->set, o->system_wide, getpid()))
		return fail(e, RECORD_STEP_FILTER, -E2BIG);
	return 0;
}

/* The first steps, which make nothing to undo but memory. */
static int prepare(struct recorder *r, struct record_error *e)
{
	const struct record_config *o = &r->o;
	int *cpus = NULL;
	int ncpu = online_cpus(&cpus);
	if (ncpu <= 0)
		return fail(e, RECORD_STEP_CPUS, ncpu < 0 ? ncpu : -ENOENT);
	int ncpus = cpus[ncpu - 1] + 1;
	/* sources: each CPU's perf ring, the synthetic one, then each CPU's
	 * calls from the BPF recorder */
	if (!(r->merge = merge_new(2 * (unsigned)ncpu + 1))) {
		free(cpus);
		return fail(e, RECORD_STEP_MEMORY, -ENOMEM);
	}
	open_bpf(r, cpus, ncpu, ncpus);
	if (o->off_cpu && !r->bpf) {
		free(cpus);
		e->bpf = (int)r->bpf_state;
		return fail(e, RECORD_STEP_OFF_CPU, r->bpf_err ? r->bpf_err : -ENOTSUP);
	}
	if (o->off_cpu) {
		/* the wait stacks' functions, our BPF programs' among them
		 * (loaded now); none when kptr_restrict hides them */
		FILE *f = fopen("/proc/kallsyms", "re");
		int rc = f ? ksym_table_load(&r->ksyms, f) : -errno;
		if (f)
			fclose(f);
		if (rc == -ENOMEM) {
			free(cpus);
			return fail(e, RECORD_STEP_MEMORY, rc);
		}
		r->kallsyms = rc ? SCF_KALLSYMS_HIDDEN : SCF_KALLSYMS_READ;
	}
	int rc = r->bpf ? 0 : prepare_tracepoints(r, e);
	if (rc) {
		free(cpus);
		return rc;
	}
	r->ev.tracking_only = r->bpf != NULL;
	r->ev.stacks = o->stacks;
	r->ev.max_stack = o->max_stack;
	r->ev.stack_bytes = o->stack_bytes;
	r->ev.stack_every = o->stack_every;
	uint64_t regs_mask = o->stacks == STACK_DWARF			 ? DWARF_REGS_MASK
			     : o->stacks == STACK_FP && o->stack_bytes ? FP_REGS_MASK
								       : 0;
	r->ev.regs_mask = regs_mask;
	r->ev.counters = o->counters;
	r->ev.ncounters = o->ncounters;
	/* the samples read the group then, not the lost count */
	r->ev.no_lost_count = o->ncounters > 0;
	if (o->argv && !launch_find(o->argv[0])) {
		free(cpus);
		return fail(e, RECORD_STEP_NOT_FOUND, -ENOENT);
	}
	/* the BPF recorder's ring is not locked memory */
	rc = r->bpf ? 0 : fit_ring_to_mlock(r, ncpu, &e->pages);
	if (rc) {
		free(cpus);
		return fail(e, RECORD_STEP_MLOCK, rc);
	}
	r->ev.pages = r->bpf ? TRACKING_PAGES : r->o.pages;
	rc = perf_events_init(&r->ev, cpus, ncpu);
	free(cpus);
	struct decoder_config dc = { .enter_id = r->ev.enter_id, .exit_id = r->ev.exit_id,
				     .stack_mode = o->stacks, .stack_every = o->stack_every,
				     .regs_mask = regs_mask, .self = getpid(),
				     .ncounters = (uint32_t)o->ncounters };
	/* Software counters always count; the kernel may rotate a group
	 * holding a hardware one off the CPU. */
	bool may_multiplex = false;
	for (size_t i = 0; i < o->ncounters; i++)
		may_multiplex |= o->counters[i].attr.type != PERF_TYPE_SOFTWARE &&
				 o->counters[i].attr.type != PERF_TYPE_TRACEPOINT;
	if (rc || !(r->demand = calloc((size_t)ncpu, sizeof(*r->demand))) ||
	    decoder_init(&r->dec, r->merge, r->ev.ncpus, &dc) ||
	    (o->stacks && !(r->dec.ids = r->mapids = mapids_new())) ||
	    !(r->pairing = pairing_new(emit_event, r)) ||
	    (o->ncounters && pairing_count(r->pairing, (unsigned)o->ncounters, may_multiplex)))
		return fail(e, RECORD_STEP_MEMORY, -ENOMEM);
	return 0;
}

int recorder_open(const struct record_config *cfg, struct recorder **out, struct record_error *e)
{
	struct recorder *r = calloc(1, sizeof(*r));
	*out = NULL;
	memset(e, 0, sizeof(*e));
	if (!r)
		return fail(e, RECORD_STEP_MEMORY, -ENOMEM);
	r->o = *cfg;
	r->out_fd = -1;
	r->child = (struct launch){ .go_fd = -1, .err_fd = -1 };
	const struct record_config *o = &r->o;
	int rc = prepare(r, e);
	if (rc)
		goto fail;

	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	/* Signals stay blocked except inside ppoll, so none is missed. */
	sigemptyset(&r->stops);
	sigaddset(&r->stops, SIGINT);
	sigaddset(&r->stops, SIGTERM);
	sigaddset(&r->stops, SIGHUP);
	struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESTART };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigprocmask(SIG_BLOCK, &r->stops, NULL);

	if (o->output) {
		r->out_path = o->output;
		if ((o->switch_ns || o->switch_bytes) && (rc = window_path(r)) < 0) {
			fail(e, RECORD_STEP_OUTPUT, rc);
			goto fail;
		}
		r->out_fd = output_open(&r->out, r->out_path, e);
		if (r->out_fd < 0) {
			rc = fail(e, RECORD_STEP_OUTPUT, r->out_fd);
			goto fail;
		}
	}

	/* Open and map every event before the target runs. */
	if (o->argv) {
		r->child.user = o->user;
		r->child.home = o->home;
		r->child.uid = o->uid;
		r->child.gid = o->gid;
		rc = launch_fork(&r->child, o->argv);
		if (rc) {
			fail(e, RECORD_STEP_START, rc);
			goto fail_unlink;
		}
		if (!o->system_wide)
			rc = perf_events_open_tasks(&r->ev, &r->child.pid, 1, true);
		r->dec.child = r->child.pid;
	}
	if (o->system_wide)
		rc = perf_events_open_tasks(&r->ev, NULL, 0, false);
	else if (o->npids)
		rc = perf_events_attach(&r->ev, o->pids, o->npids, &e->pid);
	if (rc) {
		fail(e, RECORD_STEP_EVENTS, rc);
		goto fail_unlink;
	}
	/* The BPF recorder follows the command from its exec, or the -p
	 * processes (-p may name a thread: its process, as the tracepoints
	 * attach to all its threads); with -a, everything but scprof. */
	for (size_t i = 0; r->bpf && !rc && !o->system_wide && i < (o->argv ? 1 : o->npids); i++) {
		int tgid = o->argv ? r->child.pid : procfs_tgid(o->pids[i]);
		rc = tgid > 0 ? bpf_recorder_add_target(r->bpf, tgid, o->argv) : 0;
	}
	if (rc) {
		fail(e, RECORD_STEP_BPF, rc);
		goto fail_unlink;
	}

	/* Recording ends with the launched command, or with the -p PIDs. */
	size_t nwait = o->argv ? 1 : o->npids;
	r->targets = calloc(nwait + 1, sizeof(*r->targets));
	for (size_t i = 0; r->targets && i < nwait; i++) {
		pid_t pid = o->argv ? r->child.pid : o->pids[i];
		r->targets[i] = (struct target){ .pid = pid, .child = o->argv != NULL,
						 .pidfd = (int)syscall(SYS_pidfd_open, pid, 0) };
		r->ntargets++;
	}

	raise_priority(r);
	r->start = r->win_start = clock_ns(CLOCK_MONOTONIC);
	r->prev_pass = r->flushed = r->start;
	if (!(r->win_lost = calloc((size_t)r->ev.ncpus, sizeof(*r->win_lost))) ||
	    ((o->switch_ns || o->switch_bytes) && !(r->carry = carry_new()))) {
		fail(e, RECORD_STEP_MEMORY, -ENOMEM);
		goto fail_unlink;
	}
	if (r->out_fd >= 0 && (rc = writer_start(r, r->start))) {
		fail(e, RECORD_STEP_WRITER, rc);
		goto fail_unlink;
	}
	/* the command is not traced before its exec */
	if (r->bpf && (rc = bpf_recorder_attach(r->bpf))) {
		fail(e, RECORD_STEP_BPF, rc);
		goto fail_unlink;
	}
	/* Set up: the recording takes the output's place. */
	rc = r->out_fd >= 0 ? output_commit(&r->out, r->out_path, e) : 0;
	if (rc) {
		fail(e, RECORD_STEP_OUTPUT, rc);
		goto fail_unlink;
	}
	if (r->out_fd >= 0) {
		r->files = 1;
		snprintf(r->first_path, sizeof(r->first_path), "%s", r->out_path);
	}
	*out = r;
	return 0;

fail_unlink:
	rc = e->err;
	launch_abort(&r->child);
fail:
	recorder_free(r);
	return rc;
}

void recorder_setup(const struct recorder *r, struct record_stats *st)
{
	st->pages = r->o.pages;
	st->pages_limited = r->pages_limited;
	st->nice_ok = r->nice_ok;
	st->bpf = r->bpf_state;
	st->bpf_err = r->bpf_err;
}

/* Samples the kernel dropped whose PERF_RECORD_LOST never came (the ring
 * had no room again before recording stopped): the per-event counts are
 * the truth, the records a lower bound. */
static void count_unreported_losses(struct recorder *r)
{
	uint64_t *counted = calloc((size_t)r->ev.ncpus, sizeof(*counted));
	if (!counted)
		return;
	if (!perf_events_lost(&r->ev, counted)) {
		free(counted);
		return;
	}
	for (int c = 0; c < r->ev.ncpus; c++) {
		if (counted[c] <= r->dec.lost[c])
			continue;
		struct raw_event *e = merge_record_slot(r->merge, (unsigned)r->ev.nbufs, r->end,
							SCF_EV_LOST);
		if (e) {
			e->rec->lost = (struct scf_lost){ (uint32_t)c, counted[c] - r->dec.lost[c] };
			merge_push(r->merge, (unsigned)r->ev.nbufs);
		}
		r->dec.lost[c] = counted[c];
	}
	free(counted);
}

static void keep_err(int *first, int rc)
{
	if (rc && !*first)
		*first = rc;
}

/* Complete the current file: the symbols of its stacks and its trailer,
 * which counts what was recorded since its window started (the whole
 * recording without --switch-output). */
static void finish_file(struct recorder *r, uint64_t end)
{
	if (!r->writer)
		return;
	uint64_t lost = 0, lost_win[r->ev.ncpus];
	for (int c = 0; c < r->ev.ncpus; c++) {
		lost_win[c] = r->dec.lost[c] - r->win_lost[c];
		lost += lost_win[c];
	}
	struct scf_trailer t = { .end_time = end, .samples = r->dec.samples - r->win_samples,
				 .calls = pairing_stats(r->pairing)->calls - r->win_calls,
				 .lost = lost, .ncpus = (uint32_t)r->ev.ncpus,
				 .lost_per_cpu = lost_win };
	/* Symbols of the binaries the stacks ran through (symstore.h).  This
	 * reads files and may take a while: a stop signal stays deliverable
	 * and leaves the remaining tables out.  The recording is read back
	 * through our descriptor, not by a name others may replace. */
	if (r->o.stacks && !r->write_err) {
		char self[64];
		snprintf(self, sizeof(self), "/proc/self/fd/%d", r->out_fd);
		sig_atomic_t count = recorder_stop_count;
		sigset_t old;
		sigprocmask(SIG_UNBLOCK, &r->stops, &old);
		int rc = symstore_write(r->writer, self, r->mapids, stopped_since, &count,
					&r->symbols);
		sigprocmask(SIG_SETMASK, &old, NULL);
		keep_err(&r->write_err, rc);
	}
	/* The kernel functions of the wait stacks (ksyms.h) */
	if (r->o.off_cpu && r->kaddrs.n && r->ksyms.n && !r->write_err) {
		struct scf_ksym *v;
		size_t n;
		int rc = ksym_table_select(&r->ksyms, &r->kaddrs, &v, &n);
		if (!rc) {
			rc = scf_writer_add_ksyms(r->writer, v, n);
			free(v);
			r->ksyms_stored = rc ? 0 : n;
			keep_err(&r->write_err, rc);
		} else {
			keep_err(&r->err, rc);
		}
	}
	keep_err(&r->write_err, scf_writer_finish(r->writer, &t));
}

/* --off-cpu -p: the kernel stacks of pid's threads blocked in a call
 * now (as synth_process found them), by kallsyms. */
static void attach_kstacks(struct recorder *r, pid_t pid)
{
	pid_t *tids = NULL;
	int n = procfs_tids(pid, &tids);
	for (int i = 0; i < n; i++) {
		int nr;
		uint64_t args[6];
		if (procfs_blocked_syscall(pid, tids[i], &nr, args) != 1)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tids[i]);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		struct attach_kstack k = { .tid = tids[i] };
		k.n = ksym_table_proc_stack(&r->ksyms, f, k.ips, 32);
		fclose(f);
		struct attach_kstack *v = k.n ? realloc(r->attach_kstacks,
							(r->nattach_kstacks + 1) * sizeof(*v))
					      : NULL;
		if (!v)
			continue;
		r->attach_kstacks = v;
		v[r->nattach_kstacks++] = k;
	}
	free(tids);
}

/* Flush what is queued, close the calls still in progress and complete
 * the file. */
static void finish_recording(struct recorder *r)
{
	r->end = clock_ns(CLOCK_MONOTONIC);
	count_unreported_losses(r);
	int rc = merge_flush(r->merge, UINT64_MAX, recorder_feed_pairing, r);
	if (!r->write_err)
		keep_err(&r->err, rc);
	rc = pairing_finish(r->pairing, r->end);
	if (!r->write_err)
		keep_err(&r->err, rc);
	finish_file(r, r->end);
}

bool recorder_switch_due(struct recorder *r, uint64_t now)
{
	return r->writer && ((r->o.switch_ns && now - r->win_start >= r->o.switch_ns) ||
			     (r->o.switch_bytes && scf_writer_bytes(r->writer) >= r->o.switch_bytes));
}

/*
 * --switch-output: complete the file of the window that ends now (every
 * event handed on so far is in it) and start the next.  A call still in
 * progress goes to the file of the window it ends in.  The live
 * processes' names, command lines and mappings, as recorded (carry.h),
 * open the next file, so that each file reads alone.
 */
int recorder_switch(struct recorder *r, uint64_t now)
{
	struct record_error e;
	finish_file(r, now);
	r->bytes_closed += scf_writer_bytes(r->writer);
	scf_writer_free(r->writer);
	r->writer = NULL;
	close(r->out_fd);
	r->out_fd = -1;
	if (r->write_err)
		return r->write_err;
	r->win_start = now;
	r->win_calls = pairing_stats(r->pairing)->calls;
	r->win_samples = r->dec.samples;
	memcpy(r->win_lost, r->dec.lost, (size_t)r->ev.ncpus * sizeof(*r->win_lost));
	int rc = window_path(r);
	if (!rc && (r->out_fd = output_open(&r->out, r->out_path, &e)) < 0)
		rc = r->out_fd;
	if (!rc)
		rc = writer_start(r, now);
	if (!rc)
		rc = output_commit(&r->out, r->out_path, &e);
	if (rc) {
		outfile_abort(&r->out);
		keep_err(&r->write_err, rc);
		return rc;
	}
	r->files++;
	/* Straight into the new file, ahead of everything flushed later (a
	 * BPF record may come a round late, older than the horizon). */
	r->carrying = true;
	rc = carry_emit(r->carry, now, emit_event, r);
	r->carrying = false;
	return rc;
}

/* -a: the descriptors of every process but scprof and its command (the
 * caller's), within a budget, since nothing drains the rings meanwhile:
 * FORMAT.md's FDS payload says why these numbers. */
#define SYSTEM_FDS_MAX 65536
#define SYSTEM_FDS_PER_PROCESS 1024
#define SYSTEM_FDS_NS 250000000u

static void synth_system_fds(struct recorder *r, unsigned src, const pid_t *pids, int n)
{
	uint64_t deadline = clock_ns(CLOCK_MONOTONIC) + SYSTEM_FDS_NS;
	int left = SYSTEM_FDS_MAX;
	for (int i = 0; i < n && left > 0 && clock_ns(CLOCK_MONOTONIC) < deadline; i++) {
		if (pids[i] == r->dec.self || (r->o.argv && pids[i] == r->child.pid))
			continue;
		int most = left < SYSTEM_FDS_PER_PROCESS ? left : SYSTEM_FDS_PER_PROCESS;
		left -= synth_fds(r->merge, src, pids[i], r->start, SYNTH_FDS_ALL, most);
	}
}

/* What the command runs and the first events: the command's argv, or the
 * processes already running, and the descriptors they have open. */
static void synth_start(struct recorder *r)
{
	const struct record_config *o = &r->o;
	unsigned src = (unsigned)r->ev.nbufs;
	if (o->argv) {
		size_t len = 0;
		for (int i = 0; i < o->argc; i++)
			len += strlen(o->argv[i]) + 1;
		char *flat = malloc(len ? len : 1), *p = flat;
		for (int i = 0; flat && i < o->argc; i++)
			p = stpcpy(p, o->argv[i]) + 1;
		if (flat)
			synth_cmdline(r->merge, src, r->child.pid, r->start, flat, len);
		free(flat);
	}
	if (!o->argv || o->system_wide)
		perf_events_enable(&r->ev, true);
	if (o->npids) {
		for (size_t i = 0; i < o->npids; i++) {
			synth_process(r->merge, src, o->pids[i], r->start, r->mapids);
			if (o->off_cpu && r->ksyms.n)
				attach_kstacks(r, o->pids[i]);
		}
	} else if (o->system_wide) {
		pid_t *pids = NULL;
		int n = procfs_pids(&pids);
		for (int i = 0; i < n; i++)
			if (pids[i] != r->dec.self)
				synth_process(r->merge, src, pids[i], r->start, r->mapids);
		if (!o->no_args)
			synth_system_fds(r, src, pids, n);
		free(pids);
	}
	if (o->no_args)
		return;
	/* the descriptors the command takes through its exec (0, 1, 2...) */
	if (o->argv)
		synth_fds(r->merge, src, r->child.pid, r->start, SYNTH_FDS_EXEC, INT_MAX);
	for (size_t i = 0; i < o->npids; i++) {
		int tgid = procfs_tgid(o->pids[i]);
		if (tgid > 0)
			synth_fds(r->merge, src, tgid, r->start, SYNTH_FDS_ALL, INT_MAX);
	}
}

/* Pages per CPU (a power of two, at most -m's limit) that would have held
 * the busiest 100 ms twice over (the rings are drained at least that
 * often, so such a ring loses nothing even when wakeups come late). */
static size_t suggest_pages(struct recorder *r)
{
	uint64_t peak = 0, page = (uint64_t)sysconf(_SC_PAGESIZE);
	/* the BPF recorder's one ring has -m pages per CPU */
	if (r->bpf)
		peak = r->bpf_demand.peak / (uint64_t)r->ev.nbufs;
	for (int i = 0; !r->bpf && i < r->ev.nbufs; i++) {
		/* losses counted only at the end (count_unreported_losses) */
		recorder_count_demand(r, i, 0, r->end);
		if (r->demand[i].peak > peak)
			peak = r->demand[i].peak;
	}
	size_t max = 1u << 20;
	size_t pages = r->o.pages < max ? r->o.pages * 2 : r->o.pages;
	while (pages < max && pages * page < 2 * peak)
		pages *= 2;
	return pages;
}

void recorder_run(struct recorder *r, struct record_stats *st)
{
	synth_start(r);
	if (r->o.argv && (r->exec_err = launch_start(&r->child))) {
		launch_wait(&r->child, 0);
	} else {
		keep_err(&r->err, recorder_loop(r));
		r->early = recorder_stop_signal || r->early ||
			   (r->o.duration > 0 && r->ntargets && !r->targets[0].gone);
		perf_events_enable(&r->ev, false);
		/* the calls still in progress, as unfinished */
		if (r->bpf)
			keep_err(&r->err, bpf_recorder_stop(r->bpf));
		int rc = recorder_drain_round(r);
		if (!r->write_err)
			keep_err(&r->err, rc);
	}
	finish_recording(r);

	memset(st, 0, sizeof(*st));
	recorder_setup(r, st);
	st->exec_err = r->exec_err;
	st->err = r->err;
	st->write_err = r->write_err;
	st->calls = pairing_stats(r->pairing)->calls;
	st->counters_scaled = pairing_stats(r->pairing)->counters_scaled;
	st->samples = r->dec.samples;
	st->ncpus = r->ev.ncpus;
	st->lost_per_cpu = r->dec.lost;
	for (int c = 0; c < r->ev.ncpus; c++)
		st->lost += r->dec.lost[c];
	st->duration_ns = r->end - r->start;
	st->malformed = r->bpf ? bpf_recorder_malformed(r->bpf) : 0;
	st->bytes = r->bytes_closed + (r->writer ? scf_writer_bytes(r->writer) : 0);
	st->files = r->files;
	st->first_file = r->first_path;
	st->last_file = r->out_path;
	st->events = r->written;
	st->symbols_stopped = r->symbols.stopped;
	st->symbols_stored = r->symbols.tables;
	st->ksyms_stored = r->ksyms_stored;
	st->ksyms_hidden = r->o.off_cpu && r->kallsyms == SCF_KALLSYMS_HIDDEN;
	st->suggest_pages = suggest_pages(r);
}

void recorder_progress(const struct recorder *r, struct record_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->elapsed_ns = clock_ns(CLOCK_MONOTONIC) - r->start;
	p->calls = pairing_stats(r->pairing)->calls;
	for (int c = 0; c < r->ev.ncpus; c++)
		p->lost += r->dec.lost[c];
	p->bytes = r->bytes_closed + (r->writer ? scf_writer_bytes(r->writer) : 0);
	p->files = r->files ? r->files - 1 : 0;
}

int recorder_close(struct recorder *r)
{
	int status = 0;
	if (!r->exec_err) {
		/* The file is complete: now wait for the command, which a write
		 * error or -d leaves running.  A stop signal is passed on, and
		 * we wait; a second one, now with its default action, ends
		 * scprof even if the command ignores them.  -d: leave the
		 * command running. */
		int pass = recorder_stop_signal ? recorder_stop_signal
			   : r->hook_stopped    ? r->o.hooks.stop_signal
						: 0;
		if (r->early && !pass)
			r->child.pid = 0;
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &r->stops, NULL);
		status = launch_wait(&r->child, r->early ? pass : 0);
	}
	recorder_free(r);
	return status;
}
