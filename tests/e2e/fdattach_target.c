/*
 * fdattach_target - a process with descriptors open before a recorder
 * attaches to it (tests/e2e/t_fd_attach.sh).  The calls on them go
 * through syscall(2), so no library call adds any.
 *
 *   fdattach_target FILE READY GO N
 *       Opens FILE as descriptor 3 and a pipe as 4 (read end) and 5
 *       (write end); writes "ready\n" to the FIFO READY, then waits for a
 *       line on the FIFO GO (the recorder attaches meanwhile: nothing is
 *       timed).  Then N times read(3, BUF, 1) = 1 (FILE holds at least N
 *       bytes), once write(5, "x", 1) = 1 and read(4, BUF, 1) = 1, and
 *       exits 0.  Exit 2 on a usage or set-up error.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* fd as descriptor want, or die */
static void move_to(int fd, int want)
{
	if (fd == want)
		return;
	if (dup2(fd, want) != want)
		die("dup2");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: fdattach_target FILE READY GO N\n");
		return 2;
	}
	long n = atol(argv[4]);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		die(argv[1]);
	move_to(fd, 3);
	int p[2];
	if (pipe(p))
		die("pipe");
	/* pipe may have given 4 and 5 already; move them apart first */
	int r = fcntl(p[0], F_DUPFD, 10), w = fcntl(p[1], F_DUPFD, 10);
	if (r < 0 || w < 0)
		die("fcntl");
	close(p[0]);
	close(p[1]);
	move_to(r, 4);
	move_to(w, 5);
	FILE *ready = fopen(argv[2], "w");
	if (!ready || fputs("ready\n", ready) < 0 || fclose(ready))
		die(argv[2]);
	FILE *go = fopen(argv[3], "r");
	char line[16];
	if (!go || !fgets(line, sizeof(line), go))
		die(argv[3]);
	fclose(go);

	char buf[1];
	for (long i = 0; i < n; i++)
		if (syscall(SYS_read, 3, buf, 1) != 1)
			die("read");
	if (syscall(SYS_write, 5, "x", 1) != 1 || syscall(SYS_read, 4, buf, 1) != 1)
		die("pipe");
	return 0;
}
