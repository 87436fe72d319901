/*
 * synth.h - task records made from /proc, for what already ran before
 * recording started.
 *
 * The kernel reports names, maps and exits only for what happens while
 * the events are open.  For processes that already run (-p, -a) these
 * functions queue COMM, CMDLINE and MMAP records and, for each thread
 * inside a syscall at that moment, a RAW_BLOCKED entry, on the merge's
 * synthetic source.  No FORK records: a FORK tells the pairing that the
 * task's next exit is the child's side of a clone, which would drop a
 * blocked call's return.
 */
#ifndef SCPROF_SYNTH_H
#define SCPROF_SYNTH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "profiler/mapids.h"
#include "profiler/merge.h"

/* Names, command line, maps and blocked syscalls of a running process;
 * the device and inode of each mapped file into ids (if not NULL). */
void synth_process(struct merge *m, unsigned src, pid_t pid, uint64_t time, struct mapids *ids);
/* A CMDLINE record for pid with argv (NUL-separated, len bytes). */
void synth_cmdline(struct merge *m, unsigned src, pid_t pid, uint64_t time, const char *argv,
		   size_t len);
/* After an exec seen at time, the new command line from /proc, if the
 * process still has the name comm (it may have exec'd again or ended). */
void synth_cmdline_after_exec(struct merge *m, unsigned src, pid_t pid, uint64_t time,
			      const char *comm);

/* Which descriptors synth_fds queues. */
enum synth_fds_mode {
	SYNTH_FDS_ALL,     /* every one, with its close-on-exec bit (-p, -a) */
	SYNTH_FDS_EXEC,    /* those an exec keeps: a launched command's, before its exec */
};
/*
 * FD records (SCF_EV_FD) for pid's working directory and its open
 * descriptors, at most max of them, from /proc: what the report names a
 * descriptor opened before recording started by.  Returns how many
 * descriptors it queued; a process that is gone or not ours to look at
 * gives 0.
 */
int synth_fds(struct merge *m, unsigned src, pid_t pid, uint64_t time, enum synth_fds_mode mode,
	      int max);

#endif
