/*
 * fdtable.h - each process's descriptor table, followed through the calls
 * of a recording: what file, socket or pipe a descriptor stands for at any
 * point of the stream (report --events -y, report --by file).
 *
 * Pure: no I/O.  Feed it every call and task event in recording order
 * (fdtable_call after the call's line or group was decided, since the
 * names before a call are the ones its arguments refer to).  A name is
 * what the recording says, never guessed:
 *   - open, openat, creat...: the path as the program gave it; a
 *     relative one joined to the name of the directory it is under (the
 *     directory descriptor's, or the working directory's), when that is
 *     known and absolute, with "." and ".." taken out lexically;
 *   - socket: socket:[AF_INET]; once connected (connect, or accept with the
 *     peer's address captured) socket:[->127.0.0.1:80]; once bound
 *     socket:[0.0.0.0:8080];
 *   - pipe, pipe2, socketpair: pipe:[PID:R,W] (socket:[AF_UNIX] for a
 *     pair), when the recording captured the two descriptors;
 *   - eventfd, epoll, timerfd, signalfd, inotify, pidfd...:
 *     anon_inode:[eventfd] and so on, as /proc/PID/fd shows them;
 *   - dup, dup2, dup3, fcntl F_DUPFD*: the original's name.
 *   - descriptors open when recording started: what /proc/PID/fd said
 *     (SCF_EV_FD events: "/tmp/x", "socket:[12345]", "pipe:[678]").
 * close and close_range drop descriptors, a successful execve drops the
 * close-on-exec ones, a new process starts with a copy of its parent's
 * table.  A descriptor the recording never saw opened (from before
 * recording started without an SCF_EV_FD, or made by a call whose result
 * was not captured) has no name: NULL.
 *
 * The working directory (the name of AT_FDCWD, -100) starts from the
 * SCF_EV_FD of fd SCF_FD_CWD, passes to children at fork, and follows
 * chdir (when its path was captured) and fchdir (to a descriptor named
 * by an absolute path); otherwise it becomes unknown.
 *
 * Memory grows with open descriptors x processes alive, not with calls.
 */
#ifndef SCPROF_FDTABLE_H
#define SCPROF_FDTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "formats/scf.h"

struct fdtable;

int fdtable_new(struct fdtable **out);
void fdtable_free(struct fdtable *t);

/* The name behind fd in process pid now, NULL if unknown; fd -100
 * (AT_FDCWD): the working directory.  Valid until the next fdtable_call
 * or fdtable_event. */
const char *fdtable_name(struct fdtable *t, int32_t pid, int fd);

/*
 * The name the descriptor a call returns gets (open's path,
 * socket:[AF_INET], a dup's original...), written to buf; NULL if the
 * call failed, returns no descriptor, or its name is unknown.  name is
 * the call's syscall name.  Uses the table before the call.
 */
const char *fdtable_ret_name(struct fdtable *t, const struct scf_call *c, const char *name,
			     char *buf, size_t len);

/*
 * The file a call touched, for grouping by file, written to buf: its path
 * (a path call), what is behind its descriptor (a descriptor call; "fd 5
 * (unknown)" if nothing is known), or the descriptor it made (socket,
 * pipe...); "(path not recorded)" for a path call whose path the
 * recording did not capture.  NULL for a call that touched no file.
 * Uses the table before the call.
 */
const char *fdtable_call_file(struct fdtable *t, const struct scf_call *c, const char *name,
			      char *buf, size_t len);

/* Follow one call: 0 or -ENOMEM. */
int fdtable_call(struct fdtable *t, const struct scf_call *c, const char *name);
/* Follow a FORK (a new process copies its parent's table), an EXIT (a
 * process's table goes) or an FD (a descriptor open at attach, or the
 * working directory); other events are ignored.  0 or -ENOMEM. */
int fdtable_event(struct fdtable *t, const struct scf_event *ev);

#endif
