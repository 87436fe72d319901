/*
 * bpf_recorder.h - recording system calls through a BPF program
 * (profiler/bpf/scprof.bpf.c) instead of two perf tracepoint samples a
 * call.
 *
 * The program pairs entry and exit in the kernel, filters there (the
 * traced processes, -e), reads what path, socket address and -s buffer
 * arguments point to, and writes one record per call into a BPF ring
 * buffer.  bpf_recorder_drain() turns the records into the merge's raw
 * events on one source per CPU: complete calls as RAW_RECORD (an
 * SCF_EV_CALL with its captures), and exits whose entry the kernel side
 * never saw (the command's execve, a child's return from clone, a call
 * already blocked when attaching) as RAW_EXIT, which the pairing treats
 * as it treats the tracepoint recorder's.  Task records (fork, exit,
 * comm, mmap) still come from perf events; see record.c.
 *
 * Needs BTF (/sys/kernel/btf/vmlinux) and root or CAP_BPF with
 * CAP_PERFMON.  Functions return 0 or a negative errno and never print
 * (libbpf's own messages go to bpf_recorder_config.debug, which `scprof
 * record` points at its standard error when SCPROF_BPF_DEBUG is set).
 */
#ifndef SCPROF_BPF_RECORDER_H
#define SCPROF_BPF_RECORDER_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "profiler/merge.h"

struct syscall_set;

/* Bytes of -s data a call may carry at most. */
#define BPF_RECORDER_SNAPLEN_MAX 4096

struct bpf_recorder_config {
	pid_t self;                  /* scprof's own process: never traced */
	bool trace_all;              /* -a: every process but self */
	const struct syscall_set *set;  /* -e: the calls to record; NULL: all */
	bool captures;               /* read paths and socket addresses */
	uint32_t stack_frames;       /* -g fp: user stack frames of a call, at most 127; 0: none */
	uint32_t stack_every;        /* with stack_frames: of one call in N of each thread */
	uint32_t ustack_bytes;       /* with stack_frames: the top of the user stack copied
					(and bp, sp, ip), at most SCPROF_BPF_MAX_USTACK;
					0: none */
	uint32_t snaplen;            /* -s: data bytes of read/write buffers; 0: none */
	bool offcpu;                 /* --off-cpu: each call's time off the CPU, its
					wait stack and waker (sched_switch and
					sched_waking programs) */
	size_t ring_bytes;           /* ring buffer size: a power of two, >= a page */
	struct merge *merge;         /* where the calls go */
	const unsigned *cpu_source;  /* the merge source of each CPU number */
	int ncpus;                   /* entries in cpu_source */
	FILE *debug;                 /* libbpf's own messages go here; NULL: none */
};

struct bpf_recorder;

/* Whether the kernel has what the recorder needs (BTF): 0 or -ENOENT. */
int bpf_recorder_supported(void);
/* Load the program with c's settings (c's pointers must outlive the
 * recorder).  -EPERM or -EACCES without the privileges. */
int bpf_recorder_open(const struct bpf_recorder_config *c, struct bpf_recorder **out);
/* Trace process pid and the processes it forks from now on; with
 * at_exec, only from its next execve (a launched command, which waits to
 * exec). */
int bpf_recorder_add_target(struct bpf_recorder *b, pid_t pid, bool at_exec);
/* Start: attach the programs. */
int bpf_recorder_attach(struct bpf_recorder *b);
/* A descriptor that polls readable each time a CPU wrote ring_bytes / 16
 * (at most 1 MiB) of records; drain on a timer too. */
int bpf_recorder_fd(const struct bpf_recorder *b);
/* Move the records written so far into the merge, up to max_bytes of
 * them, after flushing every CPU's staged records into the ring buffer
 * (the calls that ended before this call are then all there): the count,
 * or -errno; *more: it stopped at max_bytes, with more records
 * written. */
int bpf_recorder_drain(struct bpf_recorder *b, uint64_t max_bytes, bool *more);
/* Bytes of records written and not read yet. */
uint64_t bpf_recorder_pending(const struct bpf_recorder *b);
/* A time before which every call that ended was read (but for the
 * instant between a call's end and its record's write): the start of the
 * last drain whose flush of the CPUs' staged records was read past. */
uint64_t bpf_recorder_last_time(const struct bpf_recorder *b);
/* Records the kernel side could not write (ring full), per CPU number,
 * added up since the start into lost[0 .. ncpus). */
int bpf_recorder_lost(const struct bpf_recorder *b, uint64_t *lost, int ncpus);
/* Stop recording: no new calls; the calls still in progress are written
 * as unfinished (drain them afterwards).  0 or -errno. */
int bpf_recorder_stop(struct bpf_recorder *b);
/* Records read and their bytes in the ring, malformed records skipped. */
uint64_t bpf_recorder_records(const struct bpf_recorder *b);
uint64_t bpf_recorder_bytes(const struct bpf_recorder *b);
uint64_t bpf_recorder_malformed(const struct bpf_recorder *b);
void bpf_recorder_close(struct bpf_recorder *b);

#endif
