/*
 * file_calls - a known number of calls on paths, descriptors and a
 * socket, for the tests of what a recording shows of them (report
 * --events with paths and data, -y, --by file).
 *
 * Usage: file_calls [MISSING [WRITES [DIR]]]
 * Defaults: 25 3 /tmp.  Every step runs in the main thread, one after
 * another, through syscall(2), so no library call adds or merges any:
 *
 *  0. getpid 1 (for the file name).
 *  1. MISSING times openat(AT_FDCWD, "/nonexistent/scprof-file_calls",
 *     O_RDONLY) = -1 ENOENT.
 *  2. openat(AT_FDCWD, "DIR/scprof-file_calls.PID", O_RDWR|O_CREAT|O_TRUNC,
 *     0600) = FD; WRITES times write(FD, "hello\n", 6) = 6;
 *     lseek(FD, 0, SEEK_SET) = 0; read(FD, BUF, 131072) = 6 * WRITES;
 *     close(FD) = 0; unlink("DIR/scprof-file_calls.PID") = 0.
 *  3. A port that is closed: socket(AF_INET, SOCK_STREAM, 0) = S1,
 *     bind(S1, 127.0.0.1 port 0) = 0, getsockname(S1) = 0 (the port the
 *     kernel chose), close(S1) = 0; then socket(AF_INET, SOCK_STREAM, 0) =
 *     S2, connect(S2, {AF_INET, that port, 127.0.0.1}, 16) = -1
 *     ECONNREFUSED, close(S2) = 0.
 *  4. pipe2(P, O_CLOEXEC) = 0; write(P[1], "ping", 4) = 4;
 *     read(P[0], BUF, 4) = 4; close(P[0]) = 0; close(P[1]) = 0.
 *  5. write(1, "file_calls: MISSING missing, WRITES writes\n", ...) on stdout.
 *
 * The program's own calls, then: openat MISSING + 1 (MISSING failing with
 * ENOENT), write WRITES + 2 (WRITES on the file), read 2, close 5, connect
 * 1 (ECONNREFUSED); the dynamic loader adds its own before main (glibc
 * 2.36: openat 2 of /etc/ld.so.cache and libc.so.6, read 1, close 2...).
 * Descriptors are the lowest free ones: with 0, 1 and 2 open, FD is 3, S1
 * and S2 are 3, P is {3, 4}.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int parse_count(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 100000000)
		return -1;
	*out = v;
	return 0;
}

static void die(const char *what)
{
	fprintf(stderr, "file_calls: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	long missing = 25, writes = 3;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char path[4096], buf[131072];
	struct sockaddr_in addr;
	socklen_t addrlen = sizeof(addr);
	long fd, s, n;
	int p[2];

	if ((argc > 1 && parse_count(argv[1], &missing)) || (argc > 2 && parse_count(argv[2], &writes)) ||
	    argc > 4) {
		fprintf(stderr, "usage: file_calls [MISSING [WRITES [DIR]]]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/scprof-file_calls.%d", dir, (int)getpid());

	for (long i = 0; i < missing; i++)
		if (syscall(SYS_openat, AT_FDCWD, "/nonexistent/scprof-file_calls", O_RDONLY) != -1 ||
		    errno != ENOENT)
			die("openat of a missing path did not fail with ENOENT");

	fd = syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die(path);
	for (long i = 0; i < writes; i++)
		if (syscall(SYS_write, fd, "hello\n", 6) != 6)
			die("write");
	if (syscall(SYS_lseek, fd, 0, SEEK_SET) != 0)
		die("lseek");
	n = syscall(SYS_read, fd, buf, sizeof(buf));
	if (n != 6 * writes)
		die("read");
	syscall(SYS_close, fd);
	if (syscall(SYS_unlink, path))
		die("unlink");

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (s < 0 || syscall(SYS_bind, s, &addr, sizeof(addr)) ||
	    syscall(SYS_getsockname, s, &addr, &addrlen))
		die("a socket to find a free port");
	syscall(SYS_close, s);
	s = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	if (syscall(SYS_connect, s, &addr, sizeof(addr)) != -1 || errno != ECONNREFUSED)
		die("connect to a closed port did not fail with ECONNREFUSED");
	syscall(SYS_close, s);

	if (syscall(SYS_pipe2, p, O_CLOEXEC))
		die("pipe2");
	if (syscall(SYS_write, p[1], "ping", 4) != 4 || syscall(SYS_read, p[0], buf, 4) != 4)
		die("pipe");
	syscall(SYS_close, p[0]);
	syscall(SYS_close, p[1]);

	n = snprintf(buf, sizeof(buf), "file_calls: %ld missing, %ld writes\n", missing, writes);
	syscall(SYS_write, 1, buf, n);
	return 0;
}
