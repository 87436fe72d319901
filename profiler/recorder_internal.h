/*
 * recorder_internal.h - the recorder's state, shared by its lifecycle
 * (record.c) and its drain loop (drain.c); nothing else includes it.
 */
#ifndef SCPROF_RECORDER_INTERNAL_H
#define SCPROF_RECORDER_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "formats/scf.h"
#include "profiler/ksyms.h"
#include "profiler/bpf_recorder.h"
#include "profiler/decode.h"
#include "profiler/launch.h"
#include "profiler/mapids.h"
#include "profiler/merge.h"
#include "profiler/pairing.h"
#include "profiler/perfevents.h"
#include "profiler/record.h"
#include "base/outfile.h"
#include "profiler/symstore.h"

/* A process whose end stops recording: watched through a pidfd, or by
 * asking each round where pidfd_open is missing (kernels before 5.3,
 * valgrind). */
struct target {
	pid_t pid;
	int pidfd;                /* -1: none */
	bool child;               /* ours: check with waitid, without reaping */
	bool gone;
};

/* What a ring was asked to hold, for the size suggested after losses. */
struct ring_demand {
	uint64_t bytes, records;  /* read so far */
	uint64_t lost_seen;       /* losses counted so far */
	uint64_t window_start;    /* ns: the current 100 ms window */
	uint64_t window_bytes;    /* bytes written and lost in it */
	uint64_t peak;            /* the most of any window */
	uint64_t last_time;       /* of the last record read */
};

struct recorder {
	struct record_config o;   /* a copy: the ring may be shrunk to fit */
	bool pages_limited;       /* the default ring was made to fit ulimit -l */
	struct perf_events ev;
	struct launch child;      /* the launched command (pid 0: none) */
	struct decoder dec;
	struct target *targets;   /* what we wait for: the command, or -p PIDs */
	size_t ntargets;
	struct merge *merge;      /* sources: nbufs CPUs, 1 synthetic, nbufs BPF */
	struct pairing *pairing;
	struct scf_writer *writer; /* NULL: no output file */
	int out_fd;
	const char *out_path;     /* the file being written */
	struct outfile out;
	/* --switch-output: the current window's file, the files closed and
	 * what the window started from (its trailer counts only its own) */
	char path[4200];
	char first_path[4200];
	unsigned files;
	uint64_t bytes_closed;    /* of the files closed */
	uint64_t last_stamp_ms;   /* of the last file name: names never repeat */
	uint64_t win_start, win_calls, win_samples;
	uint64_t *win_lost;       /* [ev.ncpus] */
	/* the task records the next file starts with (carry.h) */
	struct carry *carry;
	bool carrying;            /* they are being written */
	struct ring_demand *demand; /* [ev.nbufs] */
	struct symstore_stats symbols; /* stored at the end */
	struct mapids *mapids;    /* with stacks: which file each mapped path was */
	uint64_t written;         /* events written */
	int write_err;            /* first writer error */
	int err;                  /* first other error while recording */
	int exec_err;             /* the command could not be run: its errno */
	bool nice_ok;             /* runs at o.nice or higher */
	bool early;               /* stopped before the targets ended */
	bool hook_stopped;        /* by the hooks' on_round */
	sigset_t stops;           /* the stop signals, blocked but in ppoll */
	uint64_t start, end;
	uint64_t prev_pass;       /* when the last pass over the rings began */
	uint64_t flushed;         /* every event before it is handed on */
	uint64_t last_time;       /* of the last event written */
	/* The BPF recorder (bpf_recorder.h), or NULL: it records the calls,
	 * the perf events only the task records (ev.tracking_only). */
	struct bpf_recorder *bpf;
	unsigned *cpu_source;     /* its merge source per CPU number */
	uint64_t *bpf_lost;       /* its lost records per CPU, as last read */
	struct ring_demand bpf_demand; /* of its one ring */
	enum record_bpf bpf_state; /* why not, without it */
	int bpf_err;              /* with RECORD_BPF_FAILED */
	struct kaddrs kaddrs;     /* --off-cpu: kernel addresses of the wait stacks */
	int kallsyms;             /* SCF_KALLSYMS_* at the start (--off-cpu) */
	struct ksym_table ksyms;  /* --off-cpu: kallsyms, read after loading */
	size_t ksyms_stored;
	/* --off-cpu -p: the kernel stacks of the threads found blocked in a
	 * call when attaching (/proc/PID/task/TID/stack), for their calls
	 * still unfinished at the end */
	struct attach_kstack *attach_kstacks;
	size_t nattach_kstacks;
};

struct attach_kstack {
	pid_t tid;
	uint32_t n;
	uint64_t ips[32];
};

/* The stop signal that came (0: none yet) and how many came; set by the
 * handler. */
extern volatile sig_atomic_t recorder_stop_signal, recorder_stop_count;

/* The recorder drains the rings at least this often (ns). */
#define RECORDER_ROUND_MAX_NS 100000000u
/* Count what ring i was asked to hold since its last round: avail bytes
 * read, plus the records lost meanwhile at the ring's average size. */
void recorder_count_demand(struct recorder *r, int i, uint64_t avail, uint64_t now);

/* Hand a flushed event on to pairing (merge_flush's callback). */
int recorder_feed_pairing(void *ctx, const struct raw_event *ev);
/* Read everything the kernel has written so far into the merge queues,
 * a slice of each ring at a time, and hand on in time order what no
 * later read can precede.  0, or the first error of the hand-on. */
int recorder_drain_round(struct recorder *r);
/* --switch-output: whether the window is over; finish its file and
 * start the next.  0 or a negative errno (then also r->write_err). */
bool recorder_switch_due(struct recorder *r, uint64_t now);
int recorder_switch(struct recorder *r, uint64_t now);
/* Record until the targets end, the duration is over, a stop signal comes
 * or an error.  0 or a negative errno (r->write_err: a write error). */
int recorder_loop(struct recorder *r);

#endif
