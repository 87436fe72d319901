/*
 * evline.h - one recorded event as a line of text, in strace -tt -T style
 * (--events).  Pure formatting into a buffer.
 *
 *   12:34:56.123456 [4240 4242] openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000012>
 *   12:34:56.200000 [4240 4242] futex(0x7f..., FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>
 *   12:34:56.300000 [4240 4240] exit_group(0) = ?
 *   12:34:56.300000 [4240 4240] <... execve resumed>) = 0
 *   12:34:56.100000 [4240 4240] +++ forked process 4243 +++
 *   12:34:56.400000 [4240 4240] read(3, 0x7f..., 4096000) = 4096000 <0.001528> {page-faults=1000}
 *
 * A call's counter values (record --counters) end its line, a scaled
 * (multiplexed) one marked '*'.  A call that left the CPU (record
 * --off-cpu) ends with where its time went:
 *   read(3, ..., 1) = 1 <0.050213> blocked 0.050190 in pipe_read, woken by 4242 (writer)
 * The time is the call's entry (the exit for a call whose entry was not
 * seen), as wall-clock time from the recording's start_realtime.  Lines
 * come in the recording's order, which is by exit.
 */
#ifndef SCPROF_EVLINE_H
#define SCPROF_EVLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "formats/scf.h"

/* Wall-clock ns of a recording-clock time. */
uint64_t evline_realtime(const struct scf_meta *m, uint64_t t);

/* -y: what descriptors stand for, as strace -y shows them:
 * read(3</tmp/demo.txt>, ...), openat(...) = 3</tmp/demo.txt> */
struct evline_fds {
	/* the name behind fd before the call, NULL if unknown */
	const char *(*name)(void *ctx, int fd);
	void *ctx;
	const char *ret_name; /* the returned descriptor's, NULL if none */
};

/* A call, with what it touched (paths, addresses, data) when the
 * recording captured it; no_args prints "..." for arguments left out of
 * the recording; fds NULL for plain descriptor numbers; ksyms the
 * reader whose KSYMS name kernel frames (waits_frame_name), or NULL.
 * Returns the length (like snprintf; the line is cut to fit). */
int evline_call(char *buf, size_t len, const struct scf_meta *m, const struct scf_call *c,
		const char *name, bool no_args, const struct evline_fds *fds,
		const struct scf_reader *ksyms);
/* A FORK, EXIT or COMM event, or LOST; 0 (and nothing) for others. */
int evline_task(char *buf, size_t len, const struct scf_meta *m, const struct scf_event *ev);

#endif
