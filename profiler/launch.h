/*
 * launch.h - starting the command to record, as perf does.
 *
 * launch_fork() forks a child that waits on a pipe; the recorder opens its
 * events on the child (enable_on_exec), then launch_start() lets it exec,
 * so the first syscall recorded is the exit of the command's execve.  An
 * exec failure comes back through a close-on-exec pipe, so the recorder
 * can tell "command not found" (127) from "cannot execute" (126).
 */
#ifndef SCPROF_LAUNCH_H
#define SCPROF_LAUNCH_H

#include <stdbool.h>
#include <sys/types.h>

struct launch {
	pid_t pid;
	int go_fd;     /* write one byte: exec */
	int err_fd;    /* read: the exec's errno, or EOF on success */
	/* run as this user (initgroups, setgid, setuid) if user != NULL */
	const char *user;
	uid_t uid;
	gid_t gid;
	const char *home;  /* with user: HOME, and USER and LOGNAME = user */
};

/* Whether cmd names an executable file, directly or through PATH. */
bool launch_find(const char *cmd);
/* Fork the child, stopped before exec.  0 or a negative errno. */
int launch_fork(struct launch *l, char *const argv[]);
/* Let the child exec: 0, or the errno its exec failed with. */
int launch_start(struct launch *l);
/* Send sig (if non-zero) and wait for the child: its exit status, or
 * 128+N when signal N killed it, as a shell reports it. */
int launch_wait(struct launch *l, int sig);
/* Kill and reap a child that never started. */
void launch_abort(struct launch *l);

#endif
