/*
 * perfevents.c - the recorder's perf events (see perfevents.h).
 */
#include "profiler/perfevents.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "base/grow.h"
#include "profiler/procfs.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

/* Wake up every 512 KiB (a quarter of smaller rings): a round's events
 * then stay in the caches while they are queued, merged and paired. */
#define WAKEUP_BYTES (512u << 10)

static int perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group,
			   unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, group, flags);
}

int online_cpus(int **out)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	char buf[4096];
	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		return -errno;
	}
	fclose(f);
	int *cpus = NULL;
	size_t n = 0, cap = 0;
	for (char *p = buf; *p && *p != '\n';) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long c = a; c <= b; c++) {
			if (GROW(cpus, n + 1, cap)) {
				free(cpus);
				return -ENOMEM;
			}
			cpus[n++] = (int)c;
		}
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p != ',')
			break;
	}
	*out = cpus;
	return (int)n;
}

static int add_fd(struct perf_events *pe, int fd, int cpu, bool wakes)
{
	if (GROW(pe->fds, pe->nfds + 1, pe->fds_cap))
		return -ENOMEM;
	pe->fds[pe->nfds++] = (struct event_fd){ .fd = fd, .cpu = cpu, .wakes = wakes };
	return 0;
}

/* Ask for the user stack in a's samples (on) or keep them stackless but
 * laid out alike (off): fp samples always carry a callchain, empty when
 * off, so that every sample in a ring has one layout; dwarf's registers
 * and stack come after the raw data, where decode looks only when they
 * are there. */
static void want_stack(const struct perf_events *pe, struct perf_event_attr *a, bool on)
{
	if (pe->stacks == STACK_FP) {
		a->sample_type |= PERF_SAMPLE_CALLCHAIN;
		a->exclude_callchain_kernel = 1;
		a->exclude_callchain_user = !on;
		a->sample_max_stack = (uint16_t)pe->max_stack;
	}
	/* dwarf: registers and stack to unwind; fp: a few registers and the
	 * top of the stack, to repair the chain's leaf */
	if (pe->stacks == STACK_DWARF || (pe->stacks == STACK_FP && pe->stack_bytes)) {
		uint64_t extra = PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		a->sample_type = on ? a->sample_type | extra : a->sample_type & ~extra;
		a->sample_regs_user = on ? pe->regs_mask : 0;
		a->sample_stack_user = on ? pe->stack_bytes : 0;
	}
}

/* The group read of a sample with counters: {nr, time enabled, time
 * running, values[nr]} (decode.h). */
#define COUNTERS_READ_FORMAT \
	(PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING)

/* Open event a for task pid on buffer b's CPU, writing into b's ring (the
 * first event opened on a CPU owns it), in group (-1: none).  wakes:
 * polled for wakeups. */
static int open_event(struct perf_events *pe, struct cpu_buf *b, pid_t pid,
		      struct perf_event_attr *a, bool wakes, int group)
{
	/* The kernel reports a loss in the ring only when it next manages to
	 * write there, which may never happen if the target ends:
	 * PERF_FORMAT_LOST counts lost samples per event, read at the end.
	 * With counters the samples read the group instead, and losses are
	 * known from the ring's records only. */
	a->read_format = pe->ncounters ? COUNTERS_READ_FORMAT
		       : pe->no_lost_count ? 0 : PERF_FORMAT_LOST;
	a->build_id = a->build_id && !pe->no_build_id;
	int fd;
	/* Older kernels refuse the newer bits with EINVAL: drop them. */
	while ((fd = perf_event_open(a, pid, b->cpu, group, PERF_FLAG_FD_CLOEXEC)) < 0 &&
	       errno == EINVAL && ((a->read_format & PERF_FORMAT_LOST) || a->build_id)) {
		if (a->read_format & PERF_FORMAT_LOST) {
			pe->no_lost_count = true;
			a->read_format = 0;
		} else {
			pe->no_build_id = true;
			a->build_id = 0;
		}
	}
	if (fd < 0)
		return -errno;
	if (add_fd(pe, fd, b->cpu, wakes)) {
		close(fd);
		return -ENOMEM;
	}
	if (pe->kfilter[0] && a->type == PERF_TYPE_TRACEPOINT &&
	    ioctl(fd, PERF_EVENT_IOC_SET_FILTER, pe->kfilter) < 0)
		return -errno;
	if (b->fd < 0) {
		int rc = ring_map(&b->ring, fd, pe->pages);
		if (rc)
			return rc;
		b->fd = fd;
	} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, b->fd) < 0) {
		return -errno;
	}
	return 0;
}

/* The rest of a --counters group led by leader: a context-switch event
 * sampling (into the ring) each time the task leaves the CPU, then the
 * counters, which only count.  Laid out like the tracepoints' samples,
 * with the same sample_type (its raw data is empty). */
static int open_counters(struct perf_events *pe, struct cpu_buf *b, pid_t pid,
			 const struct perf_event_attr *tp, int leader)
{
	struct perf_event_attr a = *tp;
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_CONTEXT_SWITCHES;
	a.sample_period = 1;
	a.comm = a.comm_exec = a.task = a.mmap = a.mmap2 = a.build_id = 0;
	want_stack(pe, &a, false);
	int rc = open_event(pe, b, pid, &a, false, leader);
	if (rc)
		return rc;
	for (size_t i = 0; i < pe->ncounters; i++) {
		struct perf_event_attr c = pe->counters[i].attr;
		c.size = sizeof(c);
		c.read_format = COUNTERS_READ_FORMAT;
		c.disabled = tp->disabled;
		c.enable_on_exec = tp->enable_on_exec;
		c.inherit = tp->inherit;
		c.use_clockid = 1;
		c.clockid = CLOCK_MONOTONIC;
		int fd = perf_event_open(&c, pid, b->cpu, leader, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (add_fd(pe, fd, b->cpu, false)) {
			close(fd);
			return -ENOMEM;
		}
	}
	return 0;
}

/* What every event of task pid (-1: every task) has: {pid, tid} and the
 * time in each record, on CLOCK_MONOTONIC; disabled until enabled, or
 * until the launched command's exec. */
static void init_attr(struct perf_event_attr *a, uint32_t type, pid_t pid, bool launch)
{
	a->size = sizeof(*a);
	a->type = type;
	a->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a->sample_id_all = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->disabled = 1;
	a->enable_on_exec = launch;
	a->inherit = pid != -1;
}

/* tracking_only: a dummy software event for task pid on buffer b's CPU
 * that carries only the task records. */
static int open_tracking(struct perf_events *pe, struct cpu_buf *b, pid_t pid, bool launch)
{
	struct perf_event_attr a = { 0 };
	init_attr(&a, PERF_TYPE_SOFTWARE, pid, launch);
	a.config = PERF_COUNT_SW_DUMMY;
	a.comm = a.comm_exec = a.task = a.mmap = a.mmap2 = a.build_id = 1;
	return open_event(pe, b, pid, &a, false, -1);
}

/*
 * Open sys_enter and sys_exit for task pid (-1: every task) on buffer b's
 * CPU.  The first pair opened on a CPU owns that CPU's ring; every later
 * event writes into it.  sys_enter also carries the task records (comm,
 * fork/exit, mmap) for its task.  With stacks, sys_enter carries the user
 * stack; with --stack-every N, a third sys_enter event sampling one call
 * in N does instead (decode tells its samples by the stack they carry).
 */
static int open_pair(struct perf_events *pe, struct cpu_buf *b, pid_t pid, bool launch)
{
	struct perf_event_attr a = { 0 };
	if (pe->tracking_only)
		return open_tracking(pe, b, pid, launch);
	init_attr(&a, PERF_TYPE_TRACEPOINT, pid, launch);
	a.sample_period = 1;
	a.sample_type |= PERF_SAMPLE_RAW | (pe->ncounters ? PERF_SAMPLE_READ : 0);
	a.watermark = 1;
	/* A quarter of the 16 MiB ring took the recorder ~30% more CPU on
	 * dd than 512 KiB; the rest of the ring is headroom. */
	size_t ring_bytes = pe->pages * (size_t)sysconf(_SC_PAGESIZE);
	a.wakeup_watermark = (uint32_t)(ring_bytes / 4 < WAKEUP_BYTES ? ring_bytes / 4 : WAKEUP_BYTES);

	bool sampled = pe->stacks && pe->stack_every > 1;
	int leader = -1;
	for (int i = 0; i < 2; i++) {
		bool enter = i == 0;
		a.config = (uint64_t)(enter ? pe->enter_id : pe->exit_id);
		a.comm = a.comm_exec = a.task = a.mmap = a.mmap2 = enter;
		/* Build-ids in MMAP2 records (5.12+), for symbols after the
		 * binaries change; dropped if the kernel refuses them. */
		a.build_id = enter;
		want_stack(pe, &a, enter && !sampled);
		int rc = open_event(pe, b, pid, &a, enter, leader);
		if (rc)
			return rc;
		if (enter && pe->ncounters)
			leader = pe->fds[pe->nfds - 1].fd;
	}
	if (sampled) {
		a.config = (uint64_t)pe->enter_id;
		a.sample_period = pe->stack_every;
		a.comm = a.comm_exec = a.task = a.mmap = a.mmap2 = a.build_id = 0;
		want_stack(pe, &a, true);
		int rc = open_event(pe, b, pid, &a, false, leader);
		if (rc)
			return rc;
	}
	return pe->ncounters ? open_counters(pe, b, pid, &a, leader) : 0;
}

static bool set_has_nr(const struct syscall_set *set, int nr)
{
	const char *name = syscall_name(nr);
	return name ? syscall_set_has(set, name) : syscall_set_has_unnamed(set);
}

/* "id == 0 || (id >= 3 && id <= 7) || ..." for the syscalls in the set,
 * plus "common_pid != self" for -a.  Empty if nothing to filter. */
int perf_events_filter(struct perf_events *pe, const struct syscall_set *set, bool system_wide,
		       pid_t self)
{
	enum { MAX_NR = 1024 };
	char *p = pe->kfilter, *end = pe->kfilter + sizeof(pe->kfilter);
	if (set) {
		char ids[4000] = "";
		size_t len = 0;
		int ranges = 0, members = 0;
		for (int nr = 0; nr < MAX_NR; nr++) {
			if (!set_has_nr(set, nr))
				continue;
			int last = nr;
			while (last + 1 < MAX_NR && set_has_nr(set, last + 1))
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
	if (system_wide)
		p += snprintf(p, (size_t)(end - p), "%scommon_pid != %d", p > pe->kfilter ? " && " : "",
			      (int)self);
	return p < end ? 0 : -E2BIG;
}

int perf_events_open_tasks(struct perf_events *pe, pid_t *tids, size_t ntids, bool launch)
{
	for (int i = 0; i < pe->nbufs; i++) {
		struct cpu_buf *b = &pe->bufs[i];
		if (!tids) {
			int rc = open_pair(pe, b, -1, false);
			if (rc)
				return rc;
			continue;
		}
		for (size_t t = 0; t < ntids; t++) {
			int rc = open_pair(pe, b, tids[t], launch);
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
int perf_events_attach(struct perf_events *pe, const int32_t *pids, size_t npids, pid_t *bad_pid)
{
	for (size_t i = 0; i < npids; i++) {
		pid_t pid = pids[i];
		pid_t *tids = NULL;
		int n = procfs_tids(pid, &tids);
		if (n <= 0) {
			*bad_pid = pid;
			return n < 0 ? n : -ESRCH;
		}
		int rc = perf_events_open_tasks(pe, tids, (size_t)n, false);
		free(tids);
		if (rc) {
			*bad_pid = pid;
			return rc;
		}
	}
	return 0;
}

int perf_events_init(struct perf_events *pe, const int *cpus, int n)
{
	pe->nbufs = n;
	pe->ncpus = cpus[n - 1] + 1;
	if (!(pe->bufs = calloc((size_t)n, sizeof(*pe->bufs))))
		return -ENOMEM;
	for (int i = 0; i < n; i++)
		pe->bufs[i] = (struct cpu_buf){ .cpu = cpus[i], .fd = -1 };
	return 0;
}

void perf_events_release(struct perf_events *pe)
{
	for (size_t i = 0; i < pe->nfds; i++)
		close(pe->fds[i].fd);
	for (int i = 0; pe->bufs && i < pe->nbufs; i++)
		ring_unmap(&pe->bufs[i].ring);
	free(pe->fds);
	free(pe->bufs);
	pe->fds = NULL;
	pe->bufs = NULL;
	pe->nfds = pe->fds_cap = 0;
}

void perf_events_enable(struct perf_events *pe, bool on)
{
	for (size_t i = 0; i < pe->nfds; i++)
		ioctl(pe->fds[i].fd, on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0);
}

bool perf_events_lost(const struct perf_events *pe, uint64_t *counted)
{
	if (pe->no_lost_count)
		return false;
	for (size_t i = 0; i < pe->nfds; i++) {
		uint64_t v[2]; /* {value, lost} */
		if (read(pe->fds[i].fd, v, sizeof(v)) == (ssize_t)sizeof(v))
			counted[pe->fds[i].cpu] += v[1];
	}
	return true;
}
