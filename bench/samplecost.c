/*
 * samplecost - what the kernel charges the traced program per perf sample.
 *
 *   samplecost [-n REPS] [-c CALLS] [-v]
 *
 * A child makes CALLS 1-byte reads of /dev/zero (dd's worst case) and
 * times them itself: untraced, then with raw_syscalls:sys_enter and
 * sys_exit events on it, counting only (perf stat's floor), then sampling
 * every call with each layout of layouts[] below, up to scprof record's
 * and perf record's.  Every sampled configuration gets the same rings
 * (16 MiB per CPU, enter and exit sharing it through
 * PERF_EVENT_IOC_SET_OUTPUT, a wake-up every 512 KiB, as scprof record
 * has) and the same minimal drain, which advances data_tail and reads
 * nothing, so only the sample layout differs: what remains is the kernel
 * building and writing the two samples, which any recorder of these events
 * pays whatever it does with them afterwards.
 *
 * Runs are interleaved round robin, REPS of each configuration (default
 * 5).  Prints a markdown table of the medians: ns per call, the overhead
 * over untraced, that overhead as a share of perf record's layout's, ring
 * bytes per call and the samples lost (PERF_FORMAT_LOST; rows with losses
 * are flagged: they do not measure writing every sample).
 * Needs root.  Built by bench/lib.sh's build_helpers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RING_PAGES 4096 /* 16 MiB with 4 KiB pages */
#define WAKEUP_BYTES (512u << 10)
#define MAX_REPS 99

enum mode { UNTRACED, COUNTING, SAMPLING };

/* One configuration: how the two events are opened. */
struct layout {
	const char *name;
	const char *desc; /* the attributes, as printed */
	enum mode mode;
	uint64_t sample_type;
	bool monotonic;   /* use_clockid, CLOCK_MONOTONIC */
	bool id_all;      /* sample_id_all */
};

static const struct layout layouts[] = {
	{ "untraced", "-", UNTRACED, 0, false, false },
	{ "counting (perf stat's floor)", "sample_period 0", COUNTING, 0, false, false },
	{ "RAW only", "RAW", SAMPLING, PERF_SAMPLE_RAW, false, false },
	{ "TIME, RAW", "TIME, RAW", SAMPLING, PERF_SAMPLE_TIME | PERF_SAMPLE_RAW, false, false },
	{ "scprof record's", "TID, TIME, RAW; CLOCK_MONOTONIC, sample_id_all", SAMPLING,
	  PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW, true, true },
	{ "perf record's", "IP, TID, TIME, CPU, PERIOD, RAW, IDENTIFIER; sample_id_all", SAMPLING,
	  PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
		  PERF_SAMPLE_PERIOD | PERF_SAMPLE_RAW | PERF_SAMPLE_IDENTIFIER,
	  false, true },
};
#define NLAYOUTS (int)(sizeof(layouts) / sizeof(layouts[0]))
#define PERF_LAYOUT (NLAYOUTS - 1) /* the reference for the share column */

/* One run's outcome. */
struct run {
	double ns;       /* per call, timed by the child */
	double bytes;    /* ring bytes per call */
	uint64_t events; /* sys_enter and sys_exit counted */
	int64_t lost;    /* samples lost; -1: the kernel cannot say */
};

/* The events on the child: two per CPU (-1 for an offline CPU), and a
 * ring per CPU when sampling, owned by that CPU's sys_enter event. */
struct tracer {
	int ncpu;
	int *fd;
	void **ring;
	size_t ring_len;
	uint64_t bytes; /* drained so far */
};

static bool no_lost_format; /* the kernel refused PERF_FORMAT_LOST */

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("samplecost: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* The tracepoint id of raw_syscalls:name, mounting tracefs if it is not. */
static int tracepoint_id(const char *name)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[128];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			snprintf(path, sizeof(path), "%s/events/raw_syscalls/%s/id", dirs[i], name);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			int id = -1;
			if (fscanf(f, "%d", &id) != 1)
				id = -1;
			fclose(f);
			if (id < 0)
				fail("cannot parse '%s'", path);
			return id;
		}
		if (pass == 0 && mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) < 0)
			break;
	}
	fail("cannot read raw_syscalls:%s's id in tracefs: run as root, or mount it with "
	     "'mount -t tracefs nodev /sys/kernel/tracing'",
	     name);
	return -1;
}

static int perf_event_open(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return (int)syscall(SYS_perf_event_open, a, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static void tracer_close(struct tracer *t)
{
	for (int cpu = 0; cpu < t->ncpu; cpu++) {
		if (t->ring && t->ring[cpu])
			munmap(t->ring[cpu], t->ring_len);
		for (int i = 0; t->fd && i < 2; i++)
			if (t->fd[2 * cpu + i] >= 0)
				close(t->fd[2 * cpu + i]);
	}
	free(t->fd);
	free(t->ring);
	memset(t, 0, sizeof(*t));
}

/*
 * Open sys_enter and sys_exit (ids) on task pid, one pair per online CPU,
 * as layout l says.  Returns 0, or a negative errno with *what naming the
 * step that failed.
 */
static int tracer_open(struct tracer *t, const struct layout *l, pid_t pid, const int ids[2],
		       const char **what)
{
	long page = sysconf(_SC_PAGESIZE);
	int opened = 0;
	memset(t, 0, sizeof(*t));
	t->ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
	t->fd = malloc(2 * (size_t)t->ncpu * sizeof(*t->fd));
	t->ring = calloc((size_t)t->ncpu, sizeof(*t->ring));
	t->ring_len = (RING_PAGES + 1) * (size_t)page;
	*what = "allocate";
	if (!t->fd || !t->ring)
		return -ENOMEM;
	for (int i = 0; i < 2 * t->ncpu; i++)
		t->fd[i] = -1;
	for (int cpu = 0; cpu < t->ncpu; cpu++) {
		for (int i = 0; i < 2; i++) {
			struct perf_event_attr a = { 0 };
			a.size = sizeof(a);
			a.type = PERF_TYPE_TRACEPOINT;
			a.config = (uint64_t)ids[i];
			a.inherit = 1;
			a.read_format = no_lost_format ? 0 : PERF_FORMAT_LOST;
			if (l->mode == SAMPLING) {
				a.sample_period = 1;
				a.sample_type = l->sample_type;
				a.sample_id_all = l->id_all;
				a.use_clockid = l->monotonic;
				a.clockid = l->monotonic ? CLOCK_MONOTONIC : 0;
				a.watermark = 1;
				a.wakeup_watermark = WAKEUP_BYTES;
			}
			int fd = perf_event_open(&a, pid, cpu);
			if (fd < 0 && errno == EINVAL && a.read_format) {
				no_lost_format = true;
				a.read_format = 0;
				fd = perf_event_open(&a, pid, cpu);
			}
			if (fd < 0 && errno == ENODEV && i == 0)
				break; /* an offline CPU */
			*what = "open the events (perf_event_open)";
			if (fd < 0)
				return -errno;
			t->fd[2 * cpu + i] = fd;
			opened++;
			if (l->mode != SAMPLING)
				continue;
			if (i == 0) {
				*what = "map a 16 MiB ring (raise ulimit -l or "
					"kernel.perf_event_mlock_kb)";
				void *m = mmap(NULL, t->ring_len, PROT_READ | PROT_WRITE,
					       MAP_SHARED, fd, 0);
				if (m == MAP_FAILED)
					return -errno;
				t->ring[cpu] = m;
			} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, t->fd[2 * cpu]) < 0) {
				*what = "share the ring (PERF_EVENT_IOC_SET_OUTPUT)";
				return -errno;
			}
		}
	}
	*what = "open the events on any CPU";
	return opened ? 0 : -ENODEV;
}

/* Discard what the rings hold: read the head (acquire), publish it as
 * the tail (release), so that the kernel may overwrite it. */
static void tracer_drain(struct tracer *t)
{
	for (int cpu = 0; cpu < t->ncpu; cpu++) {
		struct perf_event_mmap_page *h = t->ring[cpu];
		if (!h)
			continue;
		uint64_t head = __atomic_load_n(&h->data_head, __ATOMIC_ACQUIRE);
		t->bytes += head - h->data_tail;
		__atomic_store_n(&h->data_tail, head, __ATOMIC_RELEASE);
	}
}

/* The events counted and the samples lost, summed over the events. */
static int tracer_read(const struct tracer *t, uint64_t *events, int64_t *lost)
{
	*events = 0;
	*lost = no_lost_format ? -1 : 0;
	for (int i = 0; i < 2 * t->ncpu; i++) {
		uint64_t v[2] = { 0, 0 };
		size_t want = no_lost_format ? sizeof(v[0]) : sizeof(v);
		if (t->fd[i] < 0)
			continue;
		ssize_t n = read(t->fd[i], v, want);
		if (n != (ssize_t)want)
			return n < 0 ? -errno : -EIO;
		*events += v[0];
		if (!no_lost_format)
			*lost += (int64_t)v[1];
	}
	return 0;
}

/* The child: wait for the go, make the calls, send back ns per call. */
static void child(int go, int result, int zero, long calls)
{
	char c;
	if (read(go, &c, 1) != 1)
		_exit(1);
	double t0 = now_ns();
	for (long i = 0; i < calls; i++)
		if (read(zero, &c, 1) != 1)
			_exit(2);
	double ns = (now_ns() - t0) / (double)calls;
	_exit(write(result, &ns, sizeof(ns)) == sizeof(ns) ? 0 : 3);
}

/* One run of layout l; exits with a message when something fails. */
static struct run run_once(const struct layout *l, long calls, int zero, const int ids[2])
{
	int go[2], result[2];
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(result, O_CLOEXEC) < 0)
		fail("cannot create a pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		fail("cannot fork: %s", strerror(errno));
	if (pid == 0)
		child(go[0], result[1], zero, calls);
	close(go[0]);
	close(result[1]);

	struct tracer t = { 0 };
	struct run r = { 0, 0, 0, -1 };
	if (l->mode != UNTRACED) {
		const char *what;
		int rc = tracer_open(&t, l, pid, ids, &what);
		if (rc < 0) {
			close(go[1]); /* the child exits without running */
			waitpid(pid, NULL, 0);
			fail("%s: cannot %s: %s%s", l->name, what, strerror(-rc),
			     rc == -EACCES || rc == -EPERM ? " (run as root)" : "");
		}
	}
	if (write(go[1], "x", 1) != 1)
		fail("cannot start the child: %s", strerror(errno));

	int status = 0;
	pid_t done;
	struct pollfd *p = calloc((size_t)t.ncpu + 1, sizeof(*p));
	if (!p)
		fail("out of memory");
	int np = 0;
	for (int cpu = 0; cpu < t.ncpu; cpu++)
		if (t.ring[cpu])
			p[np++] = (struct pollfd){ .fd = t.fd[2 * cpu], .events = POLLIN };
	while ((done = waitpid(pid, &status, WNOHANG)) == 0) {
		if (np)
			poll(p, (nfds_t)np, 100);
		else
			usleep(100000);
		if (np)
			tracer_drain(&t);
	}
	free(p);
	if (np)
		tracer_drain(&t);

	if (done < 0)
		fail("cannot wait for the child: %s", strerror(errno));
	if (WIFSIGNALED(status))
		fail("%s: the child was killed by signal %d", l->name, WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		fail("%s: the child failed (exit %d)", l->name, WEXITSTATUS(status));
	if (read(result[0], &r.ns, sizeof(r.ns)) != sizeof(r.ns))
		fail("%s: no time from the child", l->name);
	close(result[0]);
	close(go[1]);
	if (l->mode != UNTRACED) {
		int rc = tracer_read(&t, &r.events, &r.lost);
		if (rc < 0)
			fail("%s: cannot read the event counts: %s", l->name, strerror(-rc));
		/* Every call is an entry and an exit (plus the child's own
		 * few): fewer means the events did not see the child. */
		if (r.events < 2 * (uint64_t)calls)
			fail("%s: the events counted %llu entries and exits for %ld calls", l->name,
			     (unsigned long long)r.events, calls);
		r.bytes = (double)t.bytes / (double)calls;
		tracer_close(&t);
	}
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A layout's figures over the runs. */
struct row {
	double ns, bytes;
	int64_t lost; /* max over the runs; -1 unknown */
};

static void summarize(struct run runs[][MAX_REPS], int reps, struct row rows[NLAYOUTS])
{
	for (int l = 0; l < NLAYOUTS; l++) {
		double ns[MAX_REPS], bytes[MAX_REPS];
		rows[l].lost = -1;
		for (int i = 0; i < reps; i++) {
			ns[i] = runs[l][i].ns;
			bytes[i] = runs[l][i].bytes;
			if (runs[l][i].lost > rows[l].lost)
				rows[l].lost = runs[l][i].lost;
		}
		rows[l].ns = median(ns, reps);
		rows[l].bytes = median(bytes, reps);
	}
}

static void print_table(const struct row rows[NLAYOUTS], long calls, int reps)
{
	double perf_over = rows[PERF_LAYOUT].ns - rows[0].ns;
	printf("%ld 1-byte reads of /dev/zero per run, each a sys_enter and a sys_exit event;\n"
	       "medians of %d interleaved runs. *overhead*: ns per call over untraced; *share*:\n"
	       "of the overhead of perf record's layout; *B/call*: ring bytes per call.\n\n",
	       calls, reps);
	printf("| configuration | sample_type; attributes | B/call | ns/call | overhead (ns) | "
	       "share | lost (max) |\n");
	printf("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
	for (int l = 0; l < NLAYOUTS; l++) {
		const struct row *r = &rows[l];
		double over = r->ns - rows[0].ns;
		printf("| %s | %s | ", layouts[l].name, layouts[l].desc);
		if (layouts[l].mode == SAMPLING)
			printf("%.0f | ", r->bytes);
		else
			printf("- | ");
		printf("%.0f | ", r->ns);
		if (l == 0)
			printf("- | - | - |\n");
		else if (perf_over > 0)
			printf("%.0f | %.0f%% | ", over, 100 * over / perf_over);
		else
			printf("%.0f | - | ", over);
		if (l > 0 && r->lost < 0)
			printf("? |\n");
		else if (l > 0)
			printf("%lld%s |\n", (long long)r->lost, r->lost ? " (**lost**)" : "");
	}
	const char *sep = "\n**Samples were lost** in: ";
	for (int l = 1; l < NLAYOUTS; l++)
		if (rows[l].lost > 0) {
			printf("%s%s", sep, layouts[l].name);
			sep = "; ";
		}
	if (*sep == ';')
		printf(".\nThe drain did not keep up: those rows do not measure the kernel\n"
		       "writing every sample, and are not comparable with the others.\n");
	if (no_lost_format)
		printf("\nThis kernel cannot count lost samples (PERF_FORMAT_LOST, Linux 6.0).\n");
}

static void usage(FILE *f)
{
	fprintf(f, "usage: samplecost [-n REPS] [-c CALLS] [-v]\n"
		   "  -n REPS   runs of each configuration, interleaved (default 5, at most %d)\n"
		   "  -c CALLS  1-byte reads of /dev/zero per run (default 1000000)\n"
		   "  -v        one line per run on stderr\n",
		MAX_REPS);
}

/* Option -opt's value, a count from 1 to max; exits 2 if it is not. */
static long count_arg(int opt, const char *arg, long max)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > max) {
		fprintf(stderr, "samplecost: -%c wants a count from 1 to %ld, not '%s'\n", opt, max,
			arg);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int reps = 5, opt;
	long calls = 1000000;
	bool verbose = false;
	while ((opt = getopt(argc, argv, "n:c:vh")) != -1) {
		switch (opt) {
		case 'n':
			reps = (int)count_arg('n', optarg, MAX_REPS);
			break;
		case 'c':
			calls = count_arg('c', optarg, 1000000000);
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "samplecost: unexpected argument '%s'; try 'samplecost -h'\n",
			argv[optind]);
		return 2;
	}
	int zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	if (zero < 0)
		fail("cannot open '/dev/zero': %s", strerror(errno));
	int ids[2] = { tracepoint_id("sys_enter"), tracepoint_id("sys_exit") };

	static struct run runs[NLAYOUTS][MAX_REPS];
	for (int rep = 0; rep < reps; rep++) {
		for (int i = 0; i < NLAYOUTS; i++) {
			int l = (i + rep) % NLAYOUTS; /* a different order each round */
			runs[l][rep] = run_once(&layouts[l], calls, zero, ids);
			if (verbose)
				fprintf(stderr, "samplecost: rep %d/%d, %s: %.0f ns/call\n",
					rep + 1, reps, layouts[l].name, runs[l][rep].ns);
		}
	}
	struct row rows[NLAYOUTS];
	summarize(runs, reps, rows);
	print_table(rows, calls, reps);
	if (fflush(stdout) || ferror(stdout))
		fail("cannot write the table: %s", strerror(errno));
	return 0;
}
