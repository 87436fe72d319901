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
#include <sys/types.h>

#include "profiler/decode.h"

/* 16 MiB per CPU: with 4 MiB the two-core storm and dd lost events when the
 * recorder was scheduled late (bench/README.md); 16 MiB gives 200 ms. */
#define RECORD_DEFAULT_PAGES 4096

/* A recorder at normal priority on a busy machine waits for a CPU while
 * its rings overflow, whatever their size: the two-core storm lost events
 * in every run with the 16 MiB ring and none at nice -20 (bench/README.md).
 * It needs 10-15% of a core, so running it first costs the command little. */
#define RECORD_DEFAULT_NICE (-20)

struct syscall_set;

/* What to record and how, as the command line gave it. */
struct record_config {
	const char *output;
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
	bool pages_limited;       /* the default ring was made to fit ulimit -l */
	enum stack_mode stacks;   /* --call-graph */
	uint32_t max_stack;       /* frames, for fp */
	uint32_t stack_bytes;     /* user stack copied, for dwarf */
	uint32_t stack_every;     /* the stack of one call in N (1: every call) */
	int nice;                 /* --nice: the recorder's own nice value */
	const char *user;         /* -u: run the command as this user */
	char *home;               /* and with this HOME */
	uid_t uid;
	gid_t gid;
	char options[512];        /* as given, for the metadata */
};

/* Record as o says; returns the exit status (after printing why). */
int record_run(const struct record_config *cfg);

#endif
