/*
 * perfevents.h - the recorder's perf events: sys_enter and sys_exit (and,
 * with sampled stacks, a second sys_enter) on every online CPU, for a
 * launched command, running processes or the whole system, each CPU's
 * events writing into one mmap'ed ring; or, with the BPF recorder, a
 * dummy event per task and CPU for the task records only.
 */
#ifndef SCPROF_PERFEVENTS_H
#define SCPROF_PERFEVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "profiler/counters.h"
#include "profiler/decode.h"
#include "profiler/ring.h"

struct syscall_set;

struct cpu_buf {
	int cpu;
	int fd;                   /* the event that owns the ring */
	struct ring ring;
};

struct event_fd {
	int fd;
	int cpu;
	bool wakes;               /* polled: a sys_enter event */
	bool hup;                 /* its task ended: no longer polled */
};

struct perf_events {
	/* what to open, set by the caller before perf_events_open_* */
	int enter_id, exit_id;    /* tracepoint ids from tracefs */
	enum stack_mode stacks;
	uint32_t max_stack;       /* frames, for fp */
	uint32_t stack_bytes;     /* user stack copied (fp: its top, or 0) */
	uint32_t stack_every;     /* the stack of one call in N */
	uint64_t regs_mask;       /* sample_regs_user with a stack copy */
	size_t pages;             /* ring pages per CPU */
	/* --counters: per task and CPU, each CPU's events are one group,
	 * sys_enter leading, whose samples read the group (PERF_SAMPLE_READ,
	 * decode.h); a context-switch event in it samples each time the
	 * task leaves the CPU, so that its counts there are known. */
	const struct counter_spec *counters;
	size_t ncounters;
	/* Only the task records (comm, fork/exit, mmap), through one dummy
	 * software event per task and CPU, as perf record tracks tasks: the
	 * BPF recorder records the calls. */
	bool tracking_only;

	int ncpus;                /* highest online CPU + 1 */
	int nbufs;                /* online CPUs */
	struct cpu_buf *bufs;
	struct event_fd *fds;     /* every event opened */
	size_t nfds, fds_cap;
	char kfilter[4096];       /* tracepoint filter, or "" */
	bool no_build_id;         /* the kernel cannot put build-ids in MMAP2 */
	bool no_lost_count;       /* nor count lost samples (PERF_FORMAT_LOST, 6.0+) */
};

/* The online CPUs, from sysfs: *out (malloc'ed), their number, or -errno. */
int online_cpus(int **out);
/* One ring per CPU of cpus[0..n-1], none mapped yet.  0 or -ENOMEM. */
int perf_events_init(struct perf_events *pe, const int *cpus, int n);
/* Unmap and close everything. */
void perf_events_release(struct perf_events *pe);
/* The kernel filter: only the syscalls in set (NULL: all), and not those
 * of self (with system_wide).  0 or -E2BIG. */
int perf_events_filter(struct perf_events *pe, const struct syscall_set *set, bool system_wide,
		       pid_t self);
/* Open the events of tasks tids[0..n-1] (tids NULL: every task) on every
 * CPU; launch: enabled when the task execs.  0 or -errno. */
int perf_events_open_tasks(struct perf_events *pe, pid_t *tids, size_t n, bool launch);
/* Every thread of the processes pids[0..n-1], retried until no new
 * thread appears between listing and opening.  0 or -errno naming
 * *bad_pid. */
int perf_events_attach(struct perf_events *pe, const int32_t *pids, size_t n, pid_t *bad_pid);
/* Enable (on) or disable every event. */
void perf_events_enable(struct perf_events *pe, bool on);
/* Samples the kernel counted as lost per CPU number (PERF_FORMAT_LOST),
 * added into counted[ncpus]; false where the kernel cannot count them. */
bool perf_events_lost(const struct perf_events *pe, uint64_t *counted);

#endif
