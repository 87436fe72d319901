/*
 * capture_target - calls whose pointer arguments the BPF recorder must
 * capture exactly (tests/e2e/t_bpf_captures.sh).  Every call goes through
 * syscall(2), so no library call adds any.
 *
 *   capture_target missing N PATH
 *       N times openat(AT_FDCWD, PATH, O_RDONLY): -1 ENOENT for a path
 *       that does not exist.
 *   capture_target fresh N FILE
 *       N times: map FILE (it holds a path and its NUL) and call
 *       openat(AT_FDCWD, <the mapping>, O_RDONLY), then munmap.  The
 *       mapping is new and untouched, so its page is not in the page
 *       tables when openat enters: the recorder cannot read the path
 *       then, and reads it at the exit (the kernel faulted the page in
 *       meanwhile).
 *   capture_target data N
 *       N times write(1, "hello\n", 6); then a pipe: write(P[1], "0123456789",
 *       10), read(P[0], BUF, 64) = 10.
 *   capture_target connect
 *       A port that is closed: socket S1, bind(S1, 127.0.0.1 port 0),
 *       getsockname(S1) (the port the kernel chose), close(S1); socket S2,
 *       connect(S2, 127.0.0.1 that port) = -1 ECONNREFUSED.  Prints the
 *       port.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 0) {
		fprintf(stderr, "capture_target: invalid count '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "missing")) {
		long n = count(argv[2]);
		for (long i = 0; i < n; i++)
			syscall(SYS_openat, AT_FDCWD, argv[3], O_RDONLY);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "fresh")) {
		long n = count(argv[2]);
		int fd = open(argv[3], O_RDONLY);
		if (fd < 0) {
			perror(argv[3]);
			return 1;
		}
		for (long i = 0; i < n; i++) {
			void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
			if (p == MAP_FAILED) {
				perror("mmap");
				return 1;
			}
			syscall(SYS_openat, AT_FDCWD, p, O_RDONLY);
			munmap(p, 4096);
		}
		close(fd);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "data")) {
		long n = count(argv[2]);
		for (long i = 0; i < n; i++)
			syscall(SYS_write, 1, "hello\n", 6);
		int p[2];
		char buf[64];
		if (pipe(p) < 0)
			return 1;
		syscall(SYS_write, p[1], "0123456789", 10);
		syscall(SYS_read, p[0], buf, sizeof(buf));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "connect")) {
		struct sockaddr_in a = { .sin_family = AF_INET };
		socklen_t len = sizeof(a);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		int s = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
		if (s < 0 || syscall(SYS_bind, s, &a, sizeof(a)) < 0 ||
		    syscall(SYS_getsockname, s, &a, &len) < 0) {
			perror("socket");
			return 1;
		}
		syscall(SYS_close, s);
		s = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
		syscall(SYS_connect, s, &a, sizeof(a));
		printf("%d\n", ntohs(a.sin_port));
		return 0;
	}
	fprintf(stderr, "usage: capture_target missing N PATH | fresh N FILE | data N | connect\n");
	return 2;
}
