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
#include "profiler/bpf_recorder.h"
#include "profiler/decode.h"
#include "profiler/launch.h"
#include "profiler/merge.h"
#include "profiler/pairing.h"
#include "profiler/perfevents.h"
#include "profiler/record.h"
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

/* The output file: a temporary file until recorder_open succeeds. */
struct output {
	char tmp[4200];           /* "" once renamed into place */
	char old[4200];
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
	struct scf_writer *writer;
	int out_fd;
	const char *out_path;
	struct output out;
	struct ring_demand *demand; /* [ev.nbufs] */
	struct symstore_stats symbols; /* stored at the end */
	uint64_t written;         /* events written */
	int write_err;            /* first writer error */
	int err;                  /* first other error while recording */
	int exec_err;             /* the command could not be run: its errno */
	bool nice_ok;             /* runs at o.nice or higher */
	bool early;               /* stopped before the targets ended */
	sigset_t stops;           /* the stop signals, blocked but in ppoll */
	uint64_t start, end;
	uint64_t prev_pass;       /* when the last pass over the rings began */
	uint64_t last_time;       /* of the last event written */
	/* The BPF recorder (bpf_recorder.h), or NULL: it records the calls,
	 * the perf events only the task records (ev.tracking_only). */
	struct bpf_recorder *bpf;
	unsigned *cpu_source;     /* its merge source per CPU number */
	uint64_t *bpf_lost;       /* its lost records per CPU, as last read */
	struct ring_demand bpf_demand; /* of its one ring */
	enum record_bpf bpf_state; /* why not, without it */
	int bpf_err;              /* with RECORD_BPF_FAILED */
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
/* Record until the targets end, the duration is over, a stop signal comes
 * or an error.  0 or a negative errno (r->write_err: a write error). */
int recorder_loop(struct recorder *r);

#endif
