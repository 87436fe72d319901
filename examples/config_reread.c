/*
 * config_reread - re-reads a small configuration file 1000 times, the way a
 * badly written daemon re-reads its config on every request.
 *
 * Usage: config_reread [FILE]
 * Without FILE it writes a 64-byte config to /tmp/scprof-config_reread.PID.conf
 * (written under a temporary name, then renamed, so the config's own path
 * is opened exactly 1000 times) and removes it at the end.
 *
 * Syscalls of its own (besides the C library's start-up and exit):
 *   without FILE, once to create the file:
 *     getpid 1 (for the name), openat 1 (the temporary name, O_CREAT|O_EXCL), write 1, close 1,
 *     rename 1; at the end unlink 1
 *   then 1000 times, on the config path:
 *     openat 1 (O_RDONLY), read until end of file with a 4096-byte buffer,
 *     close 1
 *   so for the built-in 64-byte config: openat 1000, read 2000 (64 bytes,
 *   then 0 at end of file), close 1000 on the config path.
 *   write 1: one line on stdout, "config_reread: 1000 reads\n"
 *   exit_group 1
 * Exit status 1 (and a message on stderr) if any call fails.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define REREADS 1000

static const char config[] = "# scprof example config\n"
			     "workers = 4\n"
			     "log_level = info\n"
			     "port = 8080\n";

static int fail(const char *what, const char *path)
{
	perror(what);
	fprintf(stderr, "config_reread: %s '%s' failed\n", what, path);
	return 1;
}

static int create_config(const char *path)
{
	char tmp[256];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail("open", tmp);
	if (write(fd, config, sizeof(config) - 1) != (ssize_t)(sizeof(config) - 1)) {
		close(fd);
		unlink(tmp);
		return fail("write", tmp);
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		return fail("rename", tmp);
	}
	return 0;
}

static int read_config(const char *path)
{
	char buf[4096];
	ssize_t n;

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open", path);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	if (n < 0)
		return fail("read", path);
	return 0;
}

int main(int argc, char **argv)
{
	static const char done[] = "config_reread: 1000 reads\n";
	char own[128];
	const char *path;
	int rc = 0;

	if (argc > 2) {
		fprintf(stderr, "usage: config_reread [FILE]\n");
		return 2;
	}
	if (argc == 2) {
		path = argv[1];
	} else {
		snprintf(own, sizeof(own), "/tmp/scprof-config_reread.%ld.conf", (long)getpid());
		path = own;
		if (create_config(path))
			return 1;
	}
	for (int i = 0; i < REREADS && rc == 0; i++)
		rc = read_config(path);
	if (argc < 2)
		unlink(path);
	if (rc == 0 && write(STDOUT_FILENO, done, strlen(done)) < 0)
		rc = 1;
	return rc;
}
