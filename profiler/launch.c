#include "profiler/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool launch_find(const char *cmd)
{
	if (strchr(cmd, '/'))
		return access(cmd, F_OK) == 0;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		char full[PATH_MAX];
		snprintf(full, sizeof(full), "%.*s/%s", (int)n, n ? path : ".", cmd);
		if (access(full, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

int launch_fork(struct launch *l, char *const argv[])
{
	int go[2], err[2];
	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(err, O_CLOEXEC)) {
		int e = errno;
		close(go[0]);
		close(go[1]);
		return -e;
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(go[0]);
		close(go[1]);
		close(err[0]);
		close(err[1]);
		return -e;
	}
	if (pid == 0) {
		close(go[1]);
		close(err[0]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		char byte;
		if (read(go[0], &byte, 1) != 1)
			_exit(127); /* the recorder gave up */
		int e = 0;
		if (l->user && (initgroups(l->user, l->gid) || setgid(l->gid) || setuid(l->uid)))
			e = errno;
		if (l->user && !e) {
			setenv("USER", l->user, 1);
			setenv("LOGNAME", l->user, 1);
			if (l->home)
				setenv("HOME", l->home, 1);
		}
		if (!e) {
			execvp(argv[0], argv);
			e = errno;
		}
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(err[1]);
	l->pid = pid;
	l->go_fd = go[1];
	l->err_fd = err[0];
	return 0;
}

int launch_start(struct launch *l)
{
	char byte = 1;
	int e = 0;
	if (write(l->go_fd, &byte, 1) != 1)
		e = errno;
	close(l->go_fd);
	l->go_fd = -1;
	if (!e) {
		ssize_t n;
		while ((n = read(l->err_fd, &e, sizeof(e))) < 0 && errno == EINTR)
			;
		if (n != sizeof(e))
			e = 0;
	}
	close(l->err_fd);
	l->err_fd = -1;
	return e;
}

int launch_wait(struct launch *l, int sig)
{
	if (l->pid <= 0)
		return 0;
	if (sig)
		kill(l->pid, sig);
	int status;
	while (waitpid(l->pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	l->pid = 0;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

void launch_abort(struct launch *l)
{
	if (l->go_fd >= 0)
		close(l->go_fd);
	if (l->err_fd >= 0)
		close(l->err_fd);
	l->go_fd = l->err_fd = -1;
	if (l->pid > 0) {
		kill(l->pid, SIGKILL);
		waitpid(l->pid, NULL, 0);
	}
	l->pid = 0;
}
