/*
 * record.c - `scprof record`: open the syscall tracepoints on every CPU,
 * drain their ring buffers, pair entries with exits and write a recording.
 *
 * The data path: kernel -> one ring buffer per CPU (sys_enter and sys_exit
 * share it) -> ring_read_event() -> a raw_event in that CPU's merge queue
 * -> merge_flush() in time order -> pairing_feed() -> scf_writer_add(),
 * which only encodes; compression and write() run on the writer's thread.
 */
#include "profiler/record.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/diag.h"
#include "formats/scf.h"
#include "profiler/decode.h"
#include "profiler/launch.h"
#include "profiler/merge.h"
#include "profiler/pairing.h"
#include "profiler/procfs.h"
#include "profiler/ring.h"
#include "profiler/synth.h"
#include "profiler/symstore.h"
#include "profiler/tracefs.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

#define WAKEUP_BYTES (512u << 10)


struct cpu_buf {
	int cpu;
	int fd;                   /* the event that owns the ring */
	struct ring ring;
};

/* A process whose end stops recording: watched through a pidfd, or by
 * asking each round where pidfd_open is missing (kernels before 5.3,
 * valgrind). */
struct target {
	pid_t pid;
	int pidfd;                /* -1: none */
	bool child;               /* ours: check with waitid, without reaping */
	bool gone;
};

struct event_fd {
	int fd;
	int cpu;
	bool wakes;               /* polled: a sys_enter event */
	bool hup;                 /* its task ended: no longer polled */
};

struct recorder {
	struct record_config *o;
	int ncpus;                /* highest online CPU + 1 */
	int nbufs;
	struct cpu_buf *bufs;
	struct event_fd *fds;     /* every event opened */
	size_t nfds, fds_cap;
	char kfilter[4096];       /* tracepoint filter, or "" */
	bool no_build_id;         /* the kernel cannot put build-ids in MMAP2 */
	bool no_lost_count;       /* nor count lost samples (PERF_FORMAT_LOST, 6.0+) */
	struct launch child;      /* the launched command (pid 0: none) */
	struct decoder dec;
	struct target *targets;   /* what we wait for: the command, or -p PIDs */
	size_t ntargets;
	struct merge *merge;      /* sources: nbufs CPUs + 1 synthetic */
	struct pairing *pairing;
	struct scf_writer *writer;
	const char *out_path;
	int write_err;            /* first writer error */
	bool exec_failed;         /* the command could not be run */
	bool nice_ok;             /* runs at o->nice or higher */
	uint64_t start, end;
	uint64_t last_time;       /* of the last event written */
};

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- perf events ---- */

static int perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group,
			   unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, group, flags);
}

static int online_cpus(int **out)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	char buf[4096];
	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		return -errno;
	}
	fclose(f);
	int *cpus = NULL, n = 0;
	for (char *p = buf; *p && *p != '\n';) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long c = a; c <= b; c++) {
			int *nc = realloc(cpus, (n + 1) * sizeof(*nc));
			if (!nc) {
				free(cpus);
				return -ENOMEM;
			}
			cpus = nc;
			cpus[n++] = (int)c;
		}
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p != ',')
			break;
	}
	*out = cpus;
	return n;
}

static void explain_open_error(int err, pid_t pid)
{
	if (err == EACCES || err == EPERM)
		diag_error("not allowed to trace system calls (perf_event_open: %s); run as root, "
			   "or grant CAP_PERFMON (setcap cap_perfmon+ep scprof) and read access "
			   "to tracefs, or lower sysctl kernel.perf_event_paranoid to -1",
			   strerror(err));
	else if (err == ESRCH)
		diag_error("no process with PID %d", (int)pid);
	else if (err == EMFILE || err == ENFILE)
		diag_error("out of file descriptors (perf_event_open: %s); raise 'ulimit -n'",
			   strerror(err));
	else if (err == ENOENT || err == ENODEV || err == EOPNOTSUPP)
		diag_error("the kernel cannot trace system calls (perf_event_open: %s); it needs "
			   "CONFIG_PERF_EVENTS and CONFIG_FTRACE_SYSCALLS", strerror(err));
	else
		diag_error("perf_event_open failed: %s", strerror(err));
}

static int add_fd(struct recorder *r, int fd, int cpu, bool wakes)
{
	if (r->nfds == r->fds_cap) {
		size_t cap = r->fds_cap ? r->fds_cap * 2 : 64;
		struct event_fd *v = realloc(r->fds, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		r->fds = v;
		r->fds_cap = cap;
	}
	r->fds[r->nfds++] = (struct event_fd){ .fd = fd, .cpu = cpu, .wakes = wakes };
	return 0;
}

/* Ask for the user stack in a's samples (on) or keep them stackless but
 * laid out alike (off): fp samples always carry a callchain, empty when
 * off, so that every sample in a ring has one layout; dwarf's registers
 * and stack come after the raw data, where decode looks only when they
 * are there. */
static void want_stack(const struct recorder *r, struct perf_event_attr *a, bool on)
{
	if (r->o->stacks == STACK_FP) {
		a->sample_type |= PERF_SAMPLE_CALLCHAIN;
		a->exclude_callchain_kernel = 1;
		a->exclude_callchain_user = !on;
		a->sample_max_stack = (uint16_t)r->o->max_stack;
	} else if (r->o->stacks == STACK_DWARF) {
		uint64_t extra = PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		a->sample_type = on ? a->sample_type | extra : a->sample_type & ~extra;
		a->sample_regs_user = on ? r->dec.regs_mask : 0;
		a->sample_stack_user = on ? r->o->stack_bytes : 0;
	}
}

/* Open event a for task pid on buffer b's CPU, writing into b's ring (the
 * first event opened on a CPU owns it).  wakes: polled for wakeups. */
static int open_event(struct recorder *r, struct cpu_buf *b, pid_t pid,
		      struct perf_event_attr *a, bool wakes)
{
	/* The kernel reports a loss in the ring only when it next manages to
	 * write there, which may never happen if the target ends:
	 * PERF_FORMAT_LOST counts lost samples per event, read at the end. */
	a->read_format = r->no_lost_count ? 0 : PERF_FORMAT_LOST;
	a->build_id = a->build_id && !r->no_build_id;
	int fd;
	/* Older kernels refuse the newer bits with EINVAL: drop them. */
	while ((fd = perf_event_open(a, pid, b->cpu, -1, PERF_FLAG_FD_CLOEXEC)) < 0 &&
	       errno == EINVAL && (a->read_format || a->build_id)) {
		if (a->read_format) {
			r->no_lost_count = true;
			a->read_format = 0;
		} else {
			r->no_build_id = true;
			a->build_id = 0;
		}
	}
	if (fd < 0)
		return -errno;
	if (add_fd(r, fd, b->cpu, wakes)) {
		close(fd);
		return -ENOMEM;
	}
	if (r->kfilter[0] && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, r->kfilter) < 0)
		return -errno;
	if (b->fd < 0) {
		int rc = ring_map(&b->ring, fd, r->o->pages);
		if (rc)
			return rc;
		b->fd = fd;
	} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, b->fd) < 0) {
		return -errno;
	}
	return 0;
}

/*
 * Open sys_enter and sys_exit for task pid (-1: every task) on buffer b's
 * CPU.  The first pair opened on a CPU owns that CPU's ring; every later
 * event writes into it.  sys_enter also carries the task records (comm,
 * fork/exit, mmap) for its task.  With stacks, sys_enter carries the user
 * stack; with --stack-every N, a third sys_enter event sampling one call
 * in N does instead (decode tells its samples by the stack they carry).
 */
static int open_pair(struct recorder *r, struct cpu_buf *b, pid_t pid, bool launch)
{
	struct perf_event_attr a = { 0 };
	a.size = sizeof(a);
	a.type = PERF_TYPE_TRACEPOINT;
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	a.sample_id_all = 1;
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	a.disabled = 1;
	a.enable_on_exec = launch;
	a.inherit = pid != -1;
	a.watermark = 1;
	/* Wake up every 512 KiB (a quarter of smaller rings): a round's
	 * events then stay in the caches while they are queued, merged and
	 * paired (a quarter of the 16 MiB ring took the recorder ~30% more
	 * CPU on dd), and the rest of the ring is headroom. */
	size_t ring_bytes = r->o->pages * (size_t)sysconf(_SC_PAGESIZE);
	a.wakeup_watermark = (uint32_t)(ring_bytes / 4 < WAKEUP_BYTES ? ring_bytes / 4 : WAKEUP_BYTES);

	bool sampled = r->o->stacks && r->o->stack_every > 1;
	for (int i = 0; i < 2; i++) {
		bool enter = i == 0;
		a.config = (uint64_t)(enter ? r->dec.enter_id : r->dec.exit_id);
		a.comm = a.comm_exec = a.task = a.mmap = a.mmap2 = enter;
		/* Build-ids in MMAP2 records (5.12+), for symbols after the
		 * binaries change; dropped if the kernel refuses them. */
		a.build_id = enter;
		want_stack(r, &a, enter && !sampled);
		int rc = open_event(r, b, pid, &a, enter);
		if (rc)
			return rc;
	}
	if (sampled) {
		a.config = (uint64_t)r->dec.enter_id;
		a.sample_period = r->o->stack_every;
		a.comm = a.comm_exec = a.task = a.mmap = a.mmap2 = a.build_id = 0;
		want_stack(r, &a, true);
		return open_event(r, b, pid, &a, false);
	}
	return 0;
}

static bool set_has_nr(const struct syscall_set *set, int nr)
{
	const char *name = syscall_name(nr);
	return name ? syscall_set_has(set, name) : syscall_set_has_unnamed(set);
}

/* "id == 0 || (id >= 3 && id <= 7) || ..." for the syscalls in the set,
 * plus "common_pid != self" for -a.  Empty if nothing to filter. */
static int build_kernel_filter(struct recorder *r)
{
	enum { MAX_NR = 1024 };
	char *p = r->kfilter, *end = r->kfilter + sizeof(r->kfilter);
	if (r->o->set) {
		char ids[4000] = "";
		size_t len = 0;
		int ranges = 0, members = 0;
		for (int nr = 0; nr < MAX_NR; nr++) {
			if (!set_has_nr(r->o->set, nr))
				continue;
			int last = nr;
			while (last + 1 < MAX_NR && set_has_nr(r->o->set, last + 1))
				last++;
			members += last - nr + 1;
			int n = snprintf(ids + len, sizeof(ids) - len,
					 last == nr ? "%s(id == %d)" : "%s(id >= %d && id <= %d)",
					 ranges ? " || " : "", nr, last);
			if (n < 0 || (size_t)n >= sizeof(ids) - len)
				return -E2BIG;
			len += (size_t)n;
			ranges++;
			nr = last;
		}
		if (members < MAX_NR)
			p += snprintf(p, (size_t)(end - p), "(%s)", ranges ? ids : "id == -1");
	}
	if (r->o->system_wide)
		p += snprintf(p, (size_t)(end - p), "%scommon_pid != %d", p > r->kfilter ? " && " : "",
			      (int)r->dec.self);
	return p < end ? 0 : -E2BIG;
}

/* ---- the drain loop ---- */

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
	if (r->o->no_args) {
		if (ev->type == SCF_EV_CMDLINE)
			return 0;
		if (ev->type == SCF_EV_CALL) {
			if (ev != &plain)
				plain = *ev;
			memset(plain.call.args, 0, sizeof(plain.call.args));
			ev = &plain;
		}
	}
	int rc = scf_writer_add(r->writer, ev);
	if (rc && !r->write_err)
		r->write_err = rc;
	return rc;
}

static int feed_pairing(void *ctx, const struct raw_event *ev)
{
	struct recorder *r = ctx;
	return pairing_feed(r->pairing, ev);
}

/* Read everything the kernel has written so far into the merge queues. */
static void drain_round(struct recorder *r)
{
	for (int i = 0; i < r->nbufs; i++) {
		struct ring *ring = &r->bufs[i].ring;
		if (!ring_read_begin(ring))
			continue;
		const struct perf_event_header *h;
		while ((h = ring_read_event(ring)))
			decode_record(&r->dec, (unsigned)i, r->bufs[i].cpu, h);
		ring_read_end(ring);
	}
}

static bool target_gone(struct target *t, const struct pollfd *pfd)
{
	if (t->pidfd >= 0)
		return pfd->revents & (POLLIN | POLLHUP | POLLERR);
	if (t->child) {
		siginfo_t si = { 0 };
		return waitid(P_PID, (id_t)t->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
		       si.si_pid == t->pid;
	}
	return kill(t->pid, 0) < 0 && errno == ESRCH;
}

/* Whether any target still runs (true if there are none: -a). */
static bool targets_alive(struct recorder *r, const struct pollfd *pfd)
{
	size_t alive = 0;
	for (size_t i = 0; i < r->ntargets; i++) {
		struct target *t = &r->targets[i];
		if (!t->gone && target_gone(t, &pfd[i]))
			t->gone = true;
		alive += !t->gone;
	}
	return alive > 0 || !r->ntargets;
}

static int record_loop(struct recorder *r)
{
	/* Every sys_enter event is polled, not only each ring's owner: the
	 * events of all the threads on a CPU share one ring, and the owner's
	 * thread may end (POLLHUP) while the others still write into it. */
	size_t nwake = 0;
	for (size_t i = 0; i < r->nfds; i++)
		nwake += r->fds[i].wakes;
	size_t npfd = r->ntargets + nwake;
	/* A round at least every 100 ms, so that each chunk cut once a second
	 * holds everything up to 100 ms before it (events wait one round in
	 * the merge), and targets without a pidfd are looked at. */
	const uint64_t tick = 100000000u;
	struct pollfd *pfd = calloc(npfd, sizeof(*pfd));
	if (!pfd)
		return -ENOMEM;
	sigset_t unblocked;
	sigprocmask(SIG_SETMASK, NULL, &unblocked);
	sigdelset(&unblocked, SIGINT);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGHUP);

	uint64_t deadline = r->o->duration > 0 ? r->start + (uint64_t)(r->o->duration * 1e9) : 0;
	uint64_t next_cut = r->start + 1000000000u;
	uint64_t prev_round = r->start;
	for (;;) {
		for (size_t i = 0; i < r->ntargets; i++)
			pfd[i] = (struct pollfd){
				.fd = r->targets[i].gone ? -1 : r->targets[i].pidfd, .events = POLLIN };
		for (size_t i = 0, k = r->ntargets; i < r->nfds; i++)
			if (r->fds[i].wakes)
				pfd[k++] = (struct pollfd){ .fd = r->fds[i].hup ? -1 : r->fds[i].fd,
							    .events = POLLIN };
		uint64_t now = now_ns(CLOCK_MONOTONIC);
		uint64_t wake = next_cut < now + tick ? next_cut : now + tick;
		if (deadline && deadline < wake)
			wake = deadline;
		struct timespec ts = { 0, 0 };
		if (wake > now)
			ts = (struct timespec){ (time_t)((wake - now) / 1000000000u),
						(long)((wake - now) % 1000000000u) };
		int n = stop_signal ? 0 : ppoll(pfd, npfd, &ts, &unblocked);
		if (n < 0 && errno != EINTR) {
			free(pfd);
			return -errno;
		}
		for (size_t i = 0, k = r->ntargets; i < r->nfds; i++)
			if (r->fds[i].wakes && (pfd[k++].revents & POLLHUP))
				r->fds[i].hup = true;
		bool alive = targets_alive(r, pfd);

		uint64_t round = now_ns(CLOCK_MONOTONIC);
		drain_round(r);
		/* Everything stamped before the previous round's start is in
		 * the queues now: hand it on in time order. */
		merge_flush(r->merge, prev_round, feed_pairing, r);
		prev_round = round;
		if (round >= next_cut) {
			scf_writer_cut(r->writer);
			next_cut = round + 1000000000u;
		}
		if (r->write_err || stop_signal || !alive || (deadline && round >= deadline))
			break;
	}
	free(pfd);
	return 0;
}

/* ---- set-up and tear-down ---- */

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
 * smaller (noted once recording starts); a ring chosen with -m that does not fit is an
 * error that says how to make room.  Returns 0 or an exit status.
 */
static int fit_ring_to_mlock(struct record_config *o, int nbufs)
{
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
		diag_error("cannot lock %zu ring buffer pages per CPU: the locked-memory limit "
			   "allows about %zu; use -m %zu, raise 'ulimit -l', or run as root",
			   o->pages, pages, pages);
		return 1;
	}
	o->pages = pages;
	o->pages_limited = true;
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
	r->nice_ok = (!errno && cur <= r->o->nice) ||
		     setpriority(PRIO_PROCESS, 0, r->o->nice) == 0;
}

static int open_output(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		char old[PATH_MAX];
		snprintf(old, sizeof(old), "%s.old", path);
		if (rename(path, old) < 0)
			return -errno;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	return fd < 0 ? -errno : fd;
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

static int open_events(struct recorder *r, pid_t *tids, size_t ntids, bool launch)
{
	for (int i = 0; i < r->nbufs; i++) {
		struct cpu_buf *b = &r->bufs[i];
		if (!tids) {
			int rc = open_pair(r, b, -1, false);
			if (rc)
				return rc;
			continue;
		}
		for (size_t t = 0; t < ntids; t++) {
			int rc = open_pair(r, b, tids[t], launch);
			if (rc == -ESRCH && !launch)
				continue; /* a thread ended meanwhile */
			if (rc)
				return rc == -ESRCH ? -ESRCH : rc;
		}
	}
	return 0;
}

/* Every thread of the -p processes, retried until no new thread appears
 * between listing and opening.  Returns 0 or -errno naming *bad_pid. */
static int attach_pids(struct recorder *r, pid_t *bad_pid)
{
	for (size_t i = 0; i < r->o->npids; i++) {
		pid_t pid = r->o->pids[i];
		pid_t *tids = NULL;
		int n = procfs_tids(pid, &tids);
		if (n <= 0) {
			*bad_pid = pid;
			return n < 0 ? n : -ESRCH;
		}
		int rc = open_events(r, tids, (size_t)n, false);
		free(tids);
		if (rc) {
			*bad_pid = pid;
			return rc;
		}
	}
	return 0;
}

static void set_meta(struct recorder *r, struct scf_meta *m, struct utsname *u, char *host,
		     struct scf_syscall_name *names, uint32_t *nnames)
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
	m->recorder = "scprof 0.1";
	m->hostname = host;
	m->kernel_release = u->release;
	m->arch = u->machine;
	m->ncpus = (uint32_t)r->ncpus;
	m->clockid = CLOCK_MONOTONIC;
	m->target = r->o->npids ? SCF_TARGET_PIDS
				: r->o->system_wide ? SCF_TARGET_SYSTEM : SCF_TARGET_COMMAND;
	if (!r->o->no_args) {
		m->argc = (uint32_t)r->o->argc;
		m->argv = (const char *const *)r->o->argv;
	} else {
		m->features |= SCF_FEAT_NO_ARGS;
	}
	if (r->o->stacks) {
		m->features |= SCF_FEAT_CALLCHAIN;
		m->stack_every = r->o->stack_every;
	}
	m->npids = (uint32_t)r->o->npids;
	m->pids = r->o->pids;
	m->options = r->o->options;
	m->filter = r->o->filter;
	m->nsyscalls = *nnames;
	m->syscalls = names;
}

static void print_summary(struct recorder *r)
{
	const struct pairing_stats *ps = pairing_stats(r->pairing);
	uint64_t lost = 0;
	for (int c = 0; c < r->ncpus; c++) {
		lost += r->dec.lost[c];
		if (r->dec.lost[c])
			diag_error("lost %" PRIu64 " events on cpu %d; try a bigger buffer, "
				   "e.g. -m %zu%s", r->dec.lost[c], c, r->o->pages * 4,
				   r->nice_ok ? ""
					      : ", or run as root so that scprof can raise its "
						"priority (--nice)");
	}
	char size[32];
	uint64_t bytes = scf_writer_bytes(r->writer);
	format_size(bytes, size, sizeof(size));
	fprintf(stderr,
		"scprof: recorded %" PRIu64 " syscalls (%" PRIu64 " events, %" PRIu64
		" lost) in %.2f s; wrote '%s' (%s, %.1f bytes/call)\n",
		ps->calls, r->dec.samples, lost, (r->end - r->start) / 1e9, r->out_path, size,
		ps->calls ? (double)bytes / ps->calls : 0.0);
}

/* Samples the kernel dropped whose PERF_RECORD_LOST never came (the ring
 * had no room again before recording stopped): the per-event counts are
 * the truth, the records a lower bound. */
static void count_unreported_losses(struct recorder *r)
{
	if (r->no_lost_count)
		return;
	uint64_t *counted = calloc((size_t)r->ncpus, sizeof(*counted));
	if (!counted)
		return;
	for (size_t i = 0; i < r->nfds; i++) {
		uint64_t v[2]; /* {value, lost} */
		if (read(r->fds[i].fd, v, sizeof(v)) == (ssize_t)sizeof(v))
			counted[r->fds[i].cpu] += v[1];
	}
	for (int c = 0; c < r->ncpus; c++) {
		if (counted[c] <= r->dec.lost[c])
			continue;
		struct raw_event *e = merge_record_slot(r->merge, (unsigned)r->nbufs, r->end,
							SCF_EV_LOST);
		if (e) {
			e->rec->lost = (struct scf_lost){ (uint32_t)c, counted[c] - r->dec.lost[c] };
			merge_push(r->merge, (unsigned)r->nbufs);
		}
		r->dec.lost[c] = counted[c];
	}
	free(counted);
}

/* Flush what is queued, close the calls still in progress and write the
 * trailer; report a write error or the summary. */
static void finish_recording(struct recorder *r)
{
	r->end = now_ns(CLOCK_MONOTONIC);
	count_unreported_losses(r);
	merge_flush(r->merge, UINT64_MAX, feed_pairing, r);
	pairing_finish(r->pairing, r->end);
	uint64_t lost = 0;
	for (int c = 0; c < r->ncpus; c++)
		lost += r->dec.lost[c];
	struct scf_trailer t = { .end_time = r->end, .samples = r->dec.samples,
				 .calls = pairing_stats(r->pairing)->calls, .lost = lost,
				 .ncpus = (uint32_t)r->ncpus, .lost_per_cpu = r->dec.lost };
	/* symbols of the binaries the stacks ran through (symstore.h) */
	int rc = r->o->stacks && !r->write_err ? symstore_write(r->writer, r->out_path, NULL) : 0;
	if (rc && !r->write_err)
		r->write_err = rc;
	rc = scf_writer_finish(r->writer, &t);
	if (rc && !r->write_err)
		r->write_err = rc;
	if (r->write_err)
		diag_error("cannot write '%s': %s; what was recorded before stays readable",
			   r->out_path, scf_strerror(r->write_err));
	else if (!r->exec_failed)
		print_summary(r);
}

int record_run(const struct record_config *cfg)
{
	struct record_config o = *cfg; /* fit_ring_to_mlock may shrink the ring */
	struct recorder rec = { .o = &o, .child = { .go_fd = -1, .err_fd = -1 } };
	struct recorder *r = &rec;
	int status = 1, out_fd = -1, rc = 0;
	char why[512];

	r->dec.self = getpid();

	const char *tracefs = tracefs_find(why, sizeof(why));
	if (!tracefs) {
		diag_error("%s", why);
		goto out_opts;
	}
	r->dec.enter_id = tracefs_event_id(tracefs, "raw_syscalls", "sys_enter");
	r->dec.exit_id = tracefs_event_id(tracefs, "raw_syscalls", "sys_exit");
	if (r->dec.enter_id < 0 || r->dec.exit_id < 0) {
		int e = r->dec.enter_id < 0 ? -r->dec.enter_id : -r->dec.exit_id;
		if (e == EACCES || e == EPERM)
			diag_error("cannot read tracepoint ids in %s: %s; run as root or give "
				   "this user read access to tracefs", tracefs, strerror(e));
		else
			diag_error("the kernel has no raw_syscalls tracepoints (%s/events/"
				   "raw_syscalls: %s); it needs CONFIG_FTRACE_SYSCALLS",
				   tracefs, strerror(e));
		goto out_opts;
	}
	if (build_kernel_filter(r)) {
		diag_error("the -e set '%s' is too long for a kernel filter", o.filter);
		goto out_opts;
	}
	if (o.argv && !launch_find(o.argv[0])) {
		diag_error("cannot run '%s': command not found", o.argv[0]);
		status = 127;
		goto out_opts;
	}

	int *cpus = NULL;
	int ncpu = online_cpus(&cpus);
	if (ncpu <= 0) {
		diag_error("cannot read the online CPUs: %s", strerror(-ncpu));
		goto out_opts;
	}
	r->nbufs = ncpu;
	r->ncpus = cpus[ncpu - 1] + 1;
	if ((status = fit_ring_to_mlock(&o, ncpu))) {
		free(cpus);
		goto out_opts;
	}
	status = 1;
	r->bufs = calloc((size_t)ncpu, sizeof(*r->bufs));
	r->dec.lost = calloc((size_t)r->ncpus, sizeof(*r->dec.lost));
	r->merge = merge_new((unsigned)ncpu + 1);
	r->dec.merge = r->merge;
	r->dec.stack_mode = o.stacks;
	r->dec.stack_every = o.stack_every;
	/* perf's x86-64 user register set: ax..r15 and ip, sp, flags, without
	 * the segment registers ds, es, fs, gs. */
	r->dec.regs_mask = 0xff0fff;
	r->dec.nregs = (uint32_t)__builtin_popcountll(r->dec.regs_mask);
	r->pairing = pairing_new(emit_event, r);
	if (!r->bufs || !r->dec.lost || !r->merge || !r->pairing) {
		free(cpus);
		diag_error("out of memory");
		goto out;
	}
	for (int i = 0; i < ncpu; i++)
		r->bufs[i] = (struct cpu_buf){ .cpu = cpus[i], .fd = -1 };
	free(cpus);

	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	/* Signals stay blocked except inside ppoll, so none is missed. */
	sigset_t stops;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigprocmask(SIG_BLOCK, &stops, NULL);

	out_fd = open_output(o.output);
	if (out_fd < 0) {
		diag_error("cannot create '%s': %s; choose another file with -o", o.output,
			   strerror(-out_fd));
		goto out;
	}
	r->out_path = o.output;

	/* Open and map every event before the target runs. */
	pid_t bad_pid = 0;
	if (o.argv) {
		r->child.user = o.user;
		r->child.home = o.home;
		r->child.uid = o.uid;
		r->child.gid = o.gid;
		rc = launch_fork(&r->child, o.argv);
		if (rc) {
			diag_error("cannot start '%s': %s", o.argv[0], strerror(-rc));
			goto out_unlink;
		}
		if (!o.system_wide)
			rc = open_events(r, &r->child.pid, 1, true);
		r->dec.child = r->child.pid;
	}
	if (o.system_wide)
		rc = open_events(r, NULL, 0, false);
	else if (o.npids)
		rc = attach_pids(r, &bad_pid);
	if (rc) {
		explain_open_error(-rc, bad_pid);
		goto out_unlink;
	}
	if (o.pages_limited)
		fprintf(stderr, "scprof: ring buffers of %zu pages per CPU, as the locked-memory "
				"limit allows; raise 'ulimit -l' if events are lost\n", o.pages);

	/* Recording ends with the launched command, or with the -p PIDs. */
	size_t nwait = o.argv ? 1 : o.npids;
	r->targets = calloc(nwait + 1, sizeof(*r->targets));
	for (size_t i = 0; r->targets && i < nwait; i++) {
		pid_t pid = o.argv ? r->child.pid : o.pids[i];
		r->targets[i] = (struct target){ .pid = pid, .child = o.argv != NULL,
						 .pidfd = (int)syscall(SYS_pidfd_open, pid, 0) };
		r->ntargets++;
	}

	struct scf_meta meta = { 0 };
	struct utsname u;
	char host[256];
	struct scf_syscall_name *names = calloc((size_t)syscall_count() + 1, sizeof(*names));
	uint32_t nnames = 0;
	if (!names) {
		diag_error("out of memory");
		goto out_unlink;
	}
	set_meta(r, &meta, &u, host, names, &nnames);
	raise_priority(r);
	struct timespec mono, real;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	r->start = (uint64_t)mono.tv_sec * 1000000000u + (uint64_t)mono.tv_nsec;
	meta.start_time = r->start;
	meta.start_realtime = (uint64_t)real.tv_sec * 1000000000u + (uint64_t)real.tv_nsec;
	rc = scf_writer_new(out_fd, &meta, &r->writer);
	free(names);
	if (rc) {
		diag_error("cannot write '%s': %s", o.output, scf_strerror(rc));
		goto out_unlink;
	}

	if (o.argv) {
		size_t len = 0;
		for (int i = 0; i < o.argc; i++)
			len += strlen(o.argv[i]) + 1;
		char *flat = malloc(len ? len : 1), *p = flat;
		for (int i = 0; flat && i < o.argc; i++)
			p = stpcpy(p, o.argv[i]) + 1;
		if (flat)
			synth_cmdline(r->merge, (unsigned)r->nbufs, r->child.pid, r->start, flat, len);
		free(flat);
	}
	if (!o.argv || o.system_wide) {
		for (size_t i = 0; i < r->nfds; i++)
			ioctl(r->fds[i].fd, PERF_EVENT_IOC_ENABLE, 0);
	}
	if (o.npids) {
		for (size_t i = 0; i < o.npids; i++)
			synth_process(r->merge, (unsigned)r->nbufs, o.pids[i], r->start);
	} else if (o.system_wide) {
		pid_t *pids = NULL;
		int n = procfs_pids(&pids);
		for (int i = 0; i < n; i++)
			if (pids[i] != r->dec.self)
				synth_process(r->merge, (unsigned)r->nbufs, pids[i], r->start);
		free(pids);
	}
	if (o.argv) {
		int e = launch_start(&r->child);
		if (e) {
			diag_error("cannot run '%s': %s", o.argv[0], strerror(e));
			status = e == ENOENT ? 127 : 126;
			launch_wait(&r->child, 0);
			r->exec_failed = true;
			goto out_finish;
		}
	}

	rc = record_loop(r);
	if (rc)
		diag_error("recording failed: %s", strerror(-rc));
	bool early = stop_signal || (o.duration > 0 && r->ntargets && !r->targets[0].gone);
	for (size_t i = 0; i < r->nfds; i++)
		ioctl(r->fds[i].fd, PERF_EVENT_IOC_DISABLE, 0);
	drain_round(r);
	finish_recording(r);
	/* The file is complete: now wait for the command, which a write error
	 * or -d leaves running. */
	/* A stop signal is passed on, and we wait; a second one, now with
	 * its default action, ends scprof even if the command ignores
	 * them.  -d: leave the command running. */
	if (early && !stop_signal)
		r->child.pid = 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &stops, NULL);
	status = launch_wait(&r->child, early ? stop_signal : 0);
	if (r->write_err && status == 0)
		status = 1;
	goto out;

out_finish:
	finish_recording(r);
	goto out;

out_unlink:
	launch_abort(&r->child);
	unlink(o.output);
out:
	scf_writer_free(r->writer);
	if (out_fd >= 0)
		close(out_fd);
	for (size_t i = 0; i < r->nfds; i++)
		close(r->fds[i].fd);
	for (int i = 0; r->bufs && i < r->nbufs; i++)
		ring_unmap(&r->bufs[i].ring);
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].pidfd >= 0)
			close(r->targets[i].pidfd);
	free(r->targets);
	free(r->fds);
	free(r->bufs);
	free(r->dec.lost);
	merge_free(r->merge);
	pairing_free(r->pairing);
out_opts:
	return status;
}
