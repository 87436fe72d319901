/*
 * record.h - the recorder (`scprof record`): run or attach to programs
 * and record their system calls into a recording file.
 *
 * profiler/ is the recorder: perf events, ring buffers, decoding, merging
 * and pairing, launching the command, the symbol store.  It may use
 * formats/ (libscf, to write the recording) and syscalls/; nothing above.
 */
#ifndef SCPROF_RECORD_H
#define SCPROF_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "profiler/counters.h"
#include "profiler/decode.h"

/* 16 MiB per CPU: with 4 MiB the two-core storm and dd lost events when the
 * recorder was scheduled late (bench/README.md); 16 MiB gives 200 ms. */
#define RECORD_DEFAULT_PAGES 4096
/* The BPF recorder's default: 2 MiB per CPU, in one ring.  Smaller is
 * cheaper for the traced program (the ring's pages stay in the caches:
 * a call cost ~110 ns more with 16 MiB per CPU on the two-core guest of
 * bench/README.md); with 512 KiB per CPU the two-thread storm lost
 * records, with 1 MiB none: 2 MiB leaves twice that. */
#define RECORD_BPF_DEFAULT_PAGES 512
/* With --call-graph fp: the top of the user stack copied with each chain
 * (and ip, sp and bp), so that the report can put back the caller of a
 * frameless leaf function (callstacks.h) */
#define RECORD_FP_STACK_BYTES 256
/* With --call-graph dwarf: the user stack copied for unwinding */
#define RECORD_DWARF_STACK_BYTES 8192

/* A recorder at normal priority on a busy machine waits for a CPU while
 * its rings overflow, whatever their size: the two-core storm lost events
 * in every run with the 16 MiB ring and none at nice -20 (bench/README.md).
 * It needs 10-15% of a core, so running it first costs the command little. */
#define RECORD_DEFAULT_NICE (-20)

/* An existing output file is renamed to its name with this added. */
#define RECORD_OLD_SUFFIX ".old"

/* -s: data bytes a call may carry at most (the BPF recorder's limit). */
#define RECORD_SNAPLEN_MAX 4096

struct syscall_set;
struct scf_event;

/*
 * Consumers of the recording besides the file (scprof top, record's
 * status line): they see the very events the file gets, after the same
 * in-kernel filtering, pairing and --no-args, with either recorder.
 */
struct record_hooks {
	void *ctx;
	/* Each event as the file gets it (a paired call, a task record), in
	 * time order; also without an output file.  NULL: none. */
	void (*on_event)(void *ctx, const struct scf_event *ev);
	/* After each round of the drain loop (at least every 100 ms, at every
	 * tick_ns from the start, and with watch_input when input_fd is
	 * readable): every
	 * event stamped before `flushed` has been passed to on_event.
	 * Returns true to stop recording; a launched command then gets
	 * stop_signal (0: it keeps running, as with -d).  NULL: none. */
	bool (*on_round)(void *ctx, uint64_t now, uint64_t flushed);
	int stop_signal;
	uint64_t tick_ns;         /* 0: no wake-ups of its own */
	bool watch_input;
	int input_fd;
};

/* What to record and how, as the command line gave it. */
struct record_config {
	const char *output;       /* NULL: no file (hooks only) */
	/* --switch-output: a new file <output>.<YYYYMMDDHHMMSSmmm> every
	 * switch_ns of recording or once the file holds switch_bytes, each
	 * complete alone (0: one file, at output) */
	uint64_t switch_ns, switch_bytes;
	struct record_hooks hooks;
	const char *recorder;     /* program and version, for the metadata */
	int32_t *pids;
	size_t npids;
	bool system_wide;
	double duration;          /* seconds; 0: until the target ends */
	size_t pages;
	const char *filter;       /* -e trace=SET */
	struct syscall_set *set;
	char **argv;              /* the command, NULL-terminated */
	int argc;
	bool no_args;             /* leave arguments and command lines out */
	bool pages_given;         /* -m: the user chose the ring size */
	enum stack_mode stacks;   /* --call-graph */
	uint32_t max_stack;       /* frames, for fp */
	uint32_t stack_bytes;     /* user stack copied: dwarf's, or fp's top of
				   the stack for its leaf repair (0: none) */
	uint32_t stack_every;     /* the stack of one call in N (1: every call) */
	int nice;                 /* --nice: the recorder's own nice value */
	/* --counters: counted per thread, charged to each call (not with
	 * system_wide: they need tasks) */
	const struct counter_spec *counters;
	size_t ncounters;
	bool no_bpf;              /* --no-bpf: the tracepoint recorder */
	/* --off-cpu: each call's time on and off the CPU, wait stack and
	 * waker (the BPF recorder only: recorder_open fails without it) */
	bool off_cpu;
	FILE *bpf_debug;          /* libbpf's messages go here; NULL: none */
	uint32_t snaplen;         /* -s: data bytes of read/write buffers */
	const char *user;         /* -u: run the command as this user */
	char *home;               /* and with this HOME */
	uid_t uid;
	gid_t gid;
	char options[512];        /* as given, for the metadata */
};

/* Where recorder_open failed, for the command to word (with err, the
 * negative errno). */
enum record_step {
	RECORD_STEP_TRACEFS,      /* no tracefs: detail says why */
	RECORD_STEP_TRACEPOINTS,  /* no raw_syscalls tracepoint ids in detail (tracefs) */
	RECORD_STEP_FILTER,       /* the -e set is too long for a kernel filter */
	RECORD_STEP_NOT_FOUND,    /* the command is not found */
	RECORD_STEP_CPUS,         /* the online CPUs cannot be read */
	RECORD_STEP_MLOCK,        /* -m pages do not fit the locked-memory limit;
				   * pages: what fits */
	RECORD_STEP_MEMORY,       /* out of memory */
	RECORD_STEP_OUTPUT,       /* the output file cannot be created; -EEXIST:
				   * detail (the path or its .old) holds what,
				   * not a regular file */
	RECORD_STEP_START,        /* the command cannot be forked */
	RECORD_STEP_EVENTS,       /* perf_event_open (pid: of the -p PID) */
	RECORD_STEP_WRITER,       /* the recording cannot be written */
	RECORD_STEP_BPF,          /* the BPF recorder, loaded, cannot start */
	RECORD_STEP_OFF_CPU,      /* --off-cpu without the BPF recorder: bpf says
				   * why not (enum record_bpf), err its error */
};

struct record_error {
	enum record_step step;
	int err;                  /* negative errno */
	pid_t pid;
	size_t pages;
	int bpf;                  /* RECORD_STEP_OFF_CPU: enum record_bpf */
	const char *what;         /* RECORD_STEP_OUTPUT, -EEXIST: "a FIFO"... */
	char detail[4200];
};

/* What a recording did, for the command's summary.  Valid until
 * recorder_close. */
/* Which recorder records the calls (record_stats.bpf): the BPF one, or
 * the tracepoint one and why. */
enum record_bpf {
	RECORD_BPF_USED = 0,      /* the BPF recorder */
	RECORD_BPF_OFF,           /* --no-bpf */
	RECORD_BPF_NO_BTF,        /* the kernel has no BTF */
	RECORD_BPF_NOT_ALLOWED,   /* neither root nor CAP_BPF with CAP_PERFMON */
	RECORD_BPF_DWARF,         /* -g dwarf: the BPF recorder takes fp stacks only */
	RECORD_BPF_COUNTERS,      /* --counters: read in the tracepoints' samples */
	RECORD_BPF_FAILED,        /* loading it failed otherwise: bpf_err */
};

struct record_stats {
	size_t pages;             /* ring pages per CPU used */
	bool pages_limited;       /* the default ring was made to fit ulimit -l */
	bool nice_ok;             /* the recorder runs at the nice asked for */
	enum record_bpf bpf;      /* which recorder */
	int bpf_err;              /* with RECORD_BPF_FAILED: the negative errno */
	uint64_t malformed;       /* records of the BPF recorder skipped */
	int exec_err;             /* the command could not be run: its errno */
	int err;                  /* recording failed (negative errno), kept going */
	int write_err;            /* the file could not be written (negative errno);
				   * what was written before stays readable */
	uint64_t calls, samples, lost;
	/* --counters: calls whose counters the kernel multiplexed (scaled);
	 * the group holds the tracepoints too, so calls made while it was
	 * off the PMU are missing */
	uint64_t counters_scaled;
	uint64_t events;          /* written to the file, as report counts them */
	size_t suggest_pages;     /* with losses: a ring that would have held
				   * the busiest 100 ms, twice over */
	bool symbols_stopped;     /* a stop signal left symbol tables out */
	/* --off-cpu: kernel functions stored for the wait stacks, and
	 * whether kallsyms hid the addresses (then none are) */
	size_t ksyms_stored;
	bool ksyms_hidden;
	unsigned symbols_stored;  /* symbol tables written */
	int ncpus;
	const uint64_t *lost_per_cpu; /* [ncpus] */
	uint64_t duration_ns;
	uint64_t bytes;           /* of the file (of all files with --switch-output) */
	unsigned files;           /* files written (1 without --switch-output) */
	const char *first_file, *last_file; /* their names */
};

/* How a recording goes, while it runs (record's status line). */
struct record_progress {
	uint64_t elapsed_ns;
	uint64_t calls, lost;
	uint64_t bytes;           /* written so far, every file */
	unsigned files;           /* closed so far (--switch-output) */
};

struct recorder;

/* Everything up to the start of recording: tracefs, the output file, the
 * command forked and stopped before exec, the perf events opened, the
 * writer.  0, or a negative errno with *e saying where.
 *
 * Only a regular file at the output path (or at its RECORD_OLD_SUFFIX
 * name) is ever replaced; anything else there is refused (-EEXIST) and
 * left alone.  The recording is written to a temporary file next to the
 * output (O_EXCL, mode 0600), renamed into place once set-up has
 * succeeded, and only then is an existing file renamed with
 * RECORD_OLD_SUFFIX: a failed set-up changes nothing on disk. */
int recorder_open(const struct record_config *cfg, struct recorder **out, struct record_error *e);
/* The ring size and priority chosen (st->pages, pages_limited, nice_ok). */
void recorder_setup(const struct recorder *r, struct record_stats *st);
/* Start the command and record until it (or every -p PID) ends, the
 * duration is over, a stop signal (SIGINT, SIGTERM, SIGHUP) comes or a
 * write fails; then finish the file.  Fills *st. */
void recorder_run(struct recorder *r, struct record_stats *st);
/* The progress so far (from a hook, or between open and run). */
void recorder_progress(const struct recorder *r, struct record_progress *p);
/* Wait for the command (passing on a stop signal; a command left running
 * by -d is not waited for) and free everything.  Returns its exit status
 * (0 without one). */
int recorder_close(struct recorder *r);

#endif
