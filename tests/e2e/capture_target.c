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
 *   capture_target vec
 *       Vectored data: writev(1, ["hello", " world\n"]) = 12; a pipe:
 *       writev(P[1], ["abc", "defgh"]) = 8, readv(P[0], [4 bytes, 16
 *       bytes]) = 8 ("abcd", "efgh"), pwritev2(P[1], ["xy"], 1, -1, 0)
 *       = 2, preadv2(P[0], [8 bytes], 1, -1, 0) = 2; writev(1, ten
 *       elements "0123456789", "012345678" ... "0") = 55; writev(1,
 *       0x8, 2) = -1 EFAULT.
 *   capture_target msg
 *       Messages on a UDP socket S bound to 127.0.0.1 (the kernel's port,
 *       printed): sendmsg(S, {msg_name=127.0.0.1:port, msg_iov=["ab",
 *       "cde"]}, 0) = 5, recvmsg(S, {msg_name=a buffer, msg_iov=[16
 *       bytes], msg_control=64 bytes}, 0) = 5 ("abcde"); a socketpair:
 *       sendmsg(P[0], {msg_name=NULL, msg_iov=["x"]}, 0) = 1;
 *       recvmsg(P[1], 0x8, 0) = -1 EFAULT; then on the socketpair
 *       sendmmsg(P[0], [{"ab"}, {"cde"}], 2, 0) = 2, recvmmsg(P[1], [8
 *       bytes, 8 bytes], 2, 0, NULL) = 2 ("x", never received, and "ab"),
 *       sendmmsg(P[0], [{"ab"}], 1, 0) = 1, recvmmsg(P[1], [8 bytes], 1,
 *       0, NULL) = 1 ("cde").
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
#include <sys/uio.h>
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
	if (argc == 2 && !strcmp(argv[1], "vec")) {
		struct iovec hello[2] = { { "hello", 5 }, { " world\n", 7 } };
		syscall(SYS_writev, 1, hello, 2);
		int p[2];
		if (pipe(p) < 0)
			return 1;
		struct iovec w[2] = { { "abc", 3 }, { "defgh", 5 } };
		syscall(SYS_writev, p[1], w, 2);
		char b1[4], b2[16];
		struct iovec r[2] = { { b1, sizeof(b1) }, { b2, sizeof(b2) } };
		syscall(SYS_readv, p[0], r, 2);
		struct iovec xy = { "xy", 2 };
		syscall(SYS_pwritev2, p[1], &xy, 1, -1L, 0L, 0);
		struct iovec r8 = { b2, 8 };
		syscall(SYS_preadv2, p[0], &r8, 1, -1L, 0L, 0);
		struct iovec ten[10];
		for (int i = 0; i < 10; i++)
			ten[i] = (struct iovec){ "0123456789", (size_t)(10 - i) };
		syscall(SYS_writev, 1, ten, 10);
		syscall(SYS_writev, 1, (void *)8, 2);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "msg")) {
		struct sockaddr_in a = { .sin_family = AF_INET };
		socklen_t len = sizeof(a);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		int s = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
		if (s < 0 || syscall(SYS_bind, s, &a, sizeof(a)) < 0 ||
		    syscall(SYS_getsockname, s, &a, &len) < 0) {
			perror("socket");
			return 1;
		}
		struct iovec w[2] = { { "ab", 2 }, { "cde", 3 } };
		struct msghdr m = { .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = w, .msg_iovlen = 2 };
		syscall(SYS_sendmsg, s, &m, 0);
		char buf[16], control[64];
		struct sockaddr_in from;
		struct iovec r = { buf, sizeof(buf) };
		struct msghdr rm = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &r, .msg_iovlen = 1,
				     .msg_control = control, .msg_controllen = sizeof(control) };
		syscall(SYS_recvmsg, s, &rm, 0);
		int p[2];
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, p) < 0)
			return 1;
		struct iovec x = { "x", 1 };
		struct msghdr xm = { .msg_iov = &x, .msg_iovlen = 1 };
		syscall(SYS_sendmsg, p[0], &xm, 0);
		syscall(SYS_recvmsg, p[1], (void *)8, 0);
		struct iovec ab = { "ab", 2 }, cde = { "cde", 3 };
		struct mmsghdr mm[2] = { { .msg_hdr = { .msg_iov = &ab, .msg_iovlen = 1 } },
					 { .msg_hdr = { .msg_iov = &cde, .msg_iovlen = 1 } } };
		syscall(SYS_sendmmsg, p[0], mm, 2, 0);
		char b1[8], b2[8];
		struct iovec r1 = { b1, sizeof(b1) }, r2 = { b2, sizeof(b2) };
		struct mmsghdr rr[2] = { { .msg_hdr = { .msg_iov = &r1, .msg_iovlen = 1 } },
					 { .msg_hdr = { .msg_iov = &r2, .msg_iovlen = 1 } } };
		syscall(SYS_recvmmsg, p[1], rr, 2, 0, NULL);
		syscall(SYS_sendmmsg, p[0], mm, 1, 0);
		syscall(SYS_recvmmsg, p[1], rr, 1, 0, NULL);
		printf("%d\n", ntohs(a.sin_port));
		return 0;
	}
	fprintf(stderr, "usage: capture_target missing N PATH | fresh N FILE | data N | connect | vec | msg\n");
	return 2;
}
