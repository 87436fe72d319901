#include "profiler/procfs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/grow.h"

static int numeric_dir(const char *path, pid_t **out)
{
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	size_t n = 0, cap = 0;
	pid_t *v = NULL;
	struct dirent *de;
	int err = 0;
	while (!err && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (!(err = GROW(v, n + 1, cap)))
			v[n++] = (pid_t)atoi(de->d_name);
	}
	closedir(d);
	if (err) {
		free(v);
		return -ENOMEM;
	}
	*out = v;
	return (int)n;
}

int procfs_tids(pid_t pid, pid_t **tids)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	int n = numeric_dir(path, tids);
	return n == -ENOENT ? -ESRCH : n;
}

int procfs_pids(pid_t **pids)
{
	return numeric_dir("/proc", pids);
}

/* Read a small /proc file whole; returns bytes read or a negative errno. */
static ssize_t read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return (ssize_t)got;
}

int procfs_comm(pid_t pid, pid_t tid, char *comm, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", pid, tid);
	ssize_t n = read_file(path, comm, len - 1);
	if (n < 0)
		return (int)n;
	comm[n] = 0;
	comm[strcspn(comm, "\n")] = 0;
	return 0;
}

int procfs_cmdline(pid_t pid, char **argv)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	size_t cap = 4096;
	char *buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	ssize_t n = read_file(path, buf, cap);
	if (n < 0) {
		free(buf);
		return (int)n;
	}
	if (n > 0 && buf[n - 1] != 0)
		buf[n++] = 0; /* cut at 4 KiB: keep it NUL-terminated */
	*argv = buf;
	return (int)n;
}

/* A number field of /proc/pid/status ("\nPPid:"), or a negative errno. */
static int status_field(pid_t pid, const char *field)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	ssize_t n = read_file(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return (int)n;
	buf[n] = 0;
	const char *p = strstr(buf, field);
	return p ? atoi(p + strlen(field)) : -EINVAL;
}

int procfs_ppid(pid_t pid)
{
	return status_field(pid, "\nPPid:");
}

int procfs_tgid(pid_t pid)
{
	return status_field(pid, "\nTgid:");
}

int procfs_blocked_syscall(pid_t pid, pid_t tid, int *nr, uint64_t args[6])
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", pid, tid);
	ssize_t n = read_file(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return (int)n;
	buf[n] = 0;
	/* "running", "-1 sp pc" (blocked, not in a syscall), or
	 * "nr arg0..arg5 sp pc" with the arguments in hex. */
	char *end;
	long v = strtol(buf, &end, 10);
	if (end == buf || v < 0)
		return 0;
	for (int i = 0; i < 6; i++) {
		char *p = end;
		args[i] = strtoull(p, &end, 16);
		if (end == p)
			return 0;
	}
	*nr = (int)v;
	return 1;
}

int procfs_exec_maps(pid_t pid, int (*fn)(void *ctx, const struct procfs_map *m), void *ctx)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	while (!rc && getline(&line, &cap, f) > 0) {
		struct procfs_map m = { 0 };
		char perms[8];
		int name_at = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %x:%x %" SCNu64 " %n",
			   &m.start, &m.end, perms, &m.pgoff, &m.maj, &m.min, &m.ino, &name_at) < 7)
			continue;
		if (perms[2] != 'x' || !name_at)
			continue;
		char *name = line + name_at;
		name[strcspn(name, "\n")] = 0;
		if (!name[0])
			continue;
		m.prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
			 PROT_EXEC;
		m.flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
		m.path = name;
		rc = fn(ctx, &m);
	}
	free(line);
	fclose(f);
	return rc;
}

/* The O_CLOEXEC bit of /proc/pid/fdinfo/fd's "flags:" line (octal). */
static bool fd_cloexec(int fdinfo_dir, const char *fd)
{
	char buf[256];
	int f = openat(fdinfo_dir, fd, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return false;
	ssize_t n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return false;
	buf[n] = 0;
	const char *p = strstr(buf, "flags:");
	return p && (strtoul(p + 6, NULL, 8) & O_CLOEXEC);
}

int procfs_fds(pid_t pid, bool flags, int max, int (*fn)(void *ctx, const struct procfs_fd *d),
	       void *ctx)
{
	/* PATH_MAX and one: a link of PATH_MAX bytes or more was cut */
	char path[64], name[PATH_MAX + 1];
	snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
	ssize_t n = readlink(path, name, sizeof(name));
	if (n > 0 && (size_t)n < sizeof(name)) {
		name[n] = 0;
		struct procfs_fd d = { -100, false, name, (size_t)n };
		int rc = fn(ctx, &d);
		if (rc)
			return rc;
	}
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	int info = -1;
	if (flags) {
		snprintf(path, sizeof(path), "/proc/%d/fdinfo", pid);
		info = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	DIR *d = fdopendir(dfd);
	if (!d) {
		int err = -errno;
		close(dfd);
		if (info >= 0)
			close(info);
		return err;
	}
	struct dirent *de;
	int rc = 0, seen = 0;
	while (!rc && seen < max && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		n = readlinkat(dfd, de->d_name, name, sizeof(name));
		if (n <= 0 || (size_t)n >= sizeof(name))
			continue;
		name[n] = 0;
		struct procfs_fd e = { atoi(de->d_name), info >= 0 && fd_cloexec(info, de->d_name),
				       name, (size_t)n };
		seen++;
		rc = fn(ctx, &e);
	}
	closedir(d);
	if (info >= 0)
		close(info);
	return rc;
}

void procfs_map_file(char *buf, size_t len, pid_t pid, uint64_t start, uint64_t end)
{
	snprintf(buf, len, "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)pid, start, end);
}
