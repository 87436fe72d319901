/*
 * check_syscalls.c - the syscalls module: generated tables, classes,
 * -e trace= sets and strace-like argument text, against known answers of
 * x86_64 Linux.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/argfmt.h"
#include "syscalls/syscall_set.h"
#include "syscalls/syscalls.h"

/* ---- syscall names ---- */

START_TEST(test_names_from_headers)
{
	ck_assert_str_eq(syscall_name(0), "read");
	ck_assert_str_eq(syscall_name(1), "write");
	ck_assert_str_eq(syscall_name(59), "execve");
	ck_assert_str_eq(syscall_name(110), "getppid");
	ck_assert_str_eq(syscall_name(202), "futex");
	ck_assert_str_eq(syscall_name(257), "openat");
	ck_assert_str_eq(syscall_name(435), "clone3");
	ck_assert_int_eq(syscall_number("read"), 0);
	ck_assert_int_eq(syscall_number("getppid"), 110);
	ck_assert_int_eq(syscall_number("openat"), 257);
	ck_assert_int_eq(syscall_number("_sysctl"), 156);
}
END_TEST

START_TEST(test_names_from_extra_list)
{
	ck_assert_str_eq(syscall_name(451), "cachestat");
	ck_assert_str_eq(syscall_name(462), "mseal");
	ck_assert_str_eq(syscall_name(469), "file_setattr");
	ck_assert_int_eq(syscall_number("cachestat"), 451);
	ck_assert_int_eq(syscall_number("open_tree_attr"), 467);
	/* 470 with Linux 6.1 headers; newer headers may name more */
	ck_assert_int_ge(syscall_count(), 470);
}
END_TEST

START_TEST(test_names_unknown)
{
	ck_assert_ptr_null(syscall_name(-1));
	ck_assert_ptr_null(syscall_name(335)); /* 335..423 are unused on x86_64 */
	ck_assert_ptr_null(syscall_name(423));
	ck_assert_ptr_null(syscall_name(470));
	ck_assert_ptr_null(syscall_name(100000));
	ck_assert_int_eq(syscall_number("opne"), -1);
	ck_assert_int_eq(syscall_number(""), -1);
	ck_assert_int_eq(syscall_number(NULL), -1);
}
END_TEST

START_TEST(test_names_round_trip)
{
	int named = 0;

	for (int nr = 0; nr < syscall_count(); nr++) {
		const char *name = syscall_name(nr);

		if (!name)
			continue;
		named++;
		ck_assert_msg(syscall_number(name) == nr, "%s is %d, not %d", name,
			      syscall_number(name), nr);
	}
	/* 0..334 and 424..469, and any newer the headers name */
	if (syscall_count() == 470)
		ck_assert_int_eq(named, 335 + 46);
	ck_assert_int_ge(named, 335 + 46);
}
END_TEST

/* A header's "#define PREFIX<name> <value>" lines, value a number or
 * (aliases) another name of the same header.  Returns how many. */
struct define {
	char name[64];
	char value[64];
};

static size_t read_defines(const char *path, const char *prefix, struct define *out, size_t max)
{
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open '%s'", path);
	char line[512];
	size_t n = 0, plen = strlen(prefix);
	while (fgets(line, sizeof(line), f)) {
		char name[64], value[64];
		if (sscanf(line, " #define %63s %63s", name, value) != 2 || strncmp(name, prefix, plen))
			continue;
		ck_assert_uint_lt(n, max);
		snprintf(out[n].name, sizeof(out[n].name), "%s", name + plen);
		snprintf(out[n].value, sizeof(out[n].value), "%s", value);
		n++;
	}
	fclose(f);
	return n;
}

static const char *unistd_64(void)
{
	static const char *const paths[] = {"/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
					    "/usr/include/asm/unistd_64.h"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		FILE *f = fopen(paths[i], "r");
		if (f) {
			fclose(f);
			return paths[i];
		}
	}
	ck_abort_msg("no asm/unistd_64.h (apt-get install linux-libc-dev)");
	return NULL;
}

/* Every __NR_ name of the system's header is in the table with its number,
 * and every name in the table is the header's or the extra list's. */
START_TEST(test_names_match_headers)
{
	static struct define hdr[1024], extra[256];
	size_t nh = read_defines(unistd_64(), "__NR_", hdr, 1024);
	ck_assert_uint_gt(nh, 300);
	for (size_t i = 0; i < nh; i++) {
		int nr = atoi(hdr[i].value);
		ck_assert_msg(syscall_name(nr) && !strcmp(syscall_name(nr), hdr[i].name),
			      "header: %s is %d, table: %d is %s", hdr[i].name, nr, nr,
			      syscall_name(nr) ? syscall_name(nr) : "(none)");
		ck_assert_int_eq(syscall_number(hdr[i].name), nr);
	}
	/* the extra list, "number name" lines */
	FILE *f = fopen("syscalls/x86_64-extra.in", "r");
	ck_assert_msg(f != NULL, "cannot open syscalls/x86_64-extra.in (run from the source tree)");
	char line[256];
	size_t ne = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%63s %63s", extra[ne].value, extra[ne].name) != 2)
			continue;
		ck_assert_uint_lt(++ne, 256);
	}
	fclose(f);
	ck_assert_uint_gt(ne, 10);
	size_t named = 0;
	for (int nr = 0; nr < syscall_count(); nr++) {
		const char *name = syscall_name(nr);
		if (!name)
			continue;
		named++;
		bool found = false;
		for (size_t i = 0; i < nh && !found; i++)
			found = atoi(hdr[i].value) == nr && !strcmp(hdr[i].name, name);
		for (size_t i = 0; i < ne && !found; i++)
			found = atoi(extra[i].value) == nr && !strcmp(extra[i].name, name);
		ck_assert_msg(found, "table: %d is %s, in neither the header nor the extra list", nr, name);
	}
	ck_assert_uint_ge(named, nh);
}
END_TEST

/* Every E name of the kernel's errno headers (asm-generic/errno-base.h and
 * errno.h, aliases included) has its number, and every name the table
 * prints is one of theirs (or a kernel-internal ERESTART* one). */
START_TEST(test_errnos_match_headers)
{
	static struct define e[256];
	size_t n = read_defines("/usr/include/asm-generic/errno-base.h", "E", e, 256);
	n += read_defines("/usr/include/asm-generic/errno.h", "E", e + n, 256 - n);
	ck_assert_uint_gt(n, 120);
	for (size_t i = 0; i < n; i++) {
		char *end;
		long v = strtol(e[i].value, &end, 10);
		if (*end) { /* an alias: the number of the name it stands for */
			v = -1;
			for (size_t j = 0; j < n; j++)
				if (e[i].value[0] == 'E' && !strcmp(e[j].name, e[i].value + 1))
					v = strtol(e[j].value, NULL, 10);
		}
		ck_assert_msg(v > 0, "E%s: cannot resolve '%s'", e[i].name, e[i].value);
		char name[80];
		snprintf(name, sizeof(name), "E%s", e[i].name);
		ck_assert_msg(errno_number(name) == v, "header: %s is %ld, table: %d", name, v,
			      errno_number(name));
		const char *printed = errno_name((int)v);
		ck_assert_msg(printed && errno_number(printed) == v, "table: no name for %ld (%s)", v, name);
	}
	static const char *const internal[] = {"ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND",
					       "ENOIOCTLCMD", "ERESTART_RESTARTBLOCK"};
	size_t named = 0;
	for (int v = 1; v <= 4095; v++) {
		const char *name = errno_name(v);
		if (!name)
			continue;
		named++;
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = !strcmp(name + 1, e[i].name);
		for (size_t i = 0; i < 5 && !found; i++)
			found = !strcmp(name, internal[i]);
		ck_assert_msg(found, "table: %d is %s, not in the kernel's errno headers", v, name);
	}
	ck_assert_uint_ge(named, 130);
}
END_TEST

/* ---- errno names ---- */

START_TEST(test_errno_names)
{
	ck_assert_str_eq(errno_name(1), "EPERM");
	ck_assert_str_eq(errno_name(2), "ENOENT");
	ck_assert_str_eq(errno_name(11), "EAGAIN");
	ck_assert_str_eq(errno_name(35), "EDEADLK");
	ck_assert_str_eq(errno_name(38), "ENOSYS");
	ck_assert_str_eq(errno_name(95), "EOPNOTSUPP");
	ck_assert_str_eq(errno_name(110), "ETIMEDOUT");
	ck_assert_str_eq(errno_name(133), "EHWPOISON");
	ck_assert_str_eq(errno_name(512), "ERESTARTSYS");
	ck_assert_str_eq(errno_name(513), "ERESTARTNOINTR");
	ck_assert_str_eq(errno_name(514), "ERESTARTNOHAND");
	ck_assert_str_eq(errno_name(515), "ENOIOCTLCMD");
	ck_assert_str_eq(errno_name(516), "ERESTART_RESTARTBLOCK");
	ck_assert_ptr_null(errno_name(0));
	ck_assert_ptr_null(errno_name(-2));
	ck_assert_ptr_null(errno_name(41)); /* a hole in the numbering */
	ck_assert_ptr_null(errno_name(517));
	ck_assert_ptr_null(errno_name(4095));
}
END_TEST

START_TEST(test_errno_numbers)
{
	ck_assert_int_eq(errno_number("ENOENT"), 2);
	ck_assert_int_eq(errno_number("EAGAIN"), 11);
	ck_assert_int_eq(errno_number("EWOULDBLOCK"), 11);
	ck_assert_int_eq(errno_number("EDEADLOCK"), 35);
	ck_assert_int_eq(errno_number("ENOTSUP"), 95);
	ck_assert_int_eq(errno_number("ERESTARTSYS"), 512);
	ck_assert_int_eq(errno_number("ERESTART_RESTARTBLOCK"), 516);
	ck_assert_int_eq(errno_number("ENOPE"), -1);
	ck_assert_int_eq(errno_number(NULL), -1);
}
END_TEST

START_TEST(test_errno_text)
{
	ck_assert_str_eq(errno_text(2), "No such file or directory");
	ck_assert_str_eq(errno_text(11), "Resource temporarily unavailable");
	ck_assert_str_eq(errno_text(512), "To be restarted if SA_RESTART is set");
	ck_assert_str_eq(errno_text(513), "To be restarted");
	ck_assert_str_eq(errno_text(514), "To be restarted if no handler");
	ck_assert_str_eq(errno_text(516), "Interrupted by signal");
}
END_TEST

/* ---- classes ---- */

START_TEST(test_classes_of_calls)
{
	ck_assert_uint_eq(syscall_classes("openat"), SYSCALL_CLASS_FILE | SYSCALL_CLASS_DESC);
	ck_assert_uint_eq(syscall_classes("read"), SYSCALL_CLASS_DESC);
	ck_assert_uint_eq(syscall_classes("connect"), SYSCALL_CLASS_NETWORK);
	ck_assert_uint_eq(syscall_classes("sendfile"), SYSCALL_CLASS_DESC | SYSCALL_CLASS_NETWORK);
	ck_assert_uint_eq(syscall_classes("mmap"), SYSCALL_CLASS_DESC | SYSCALL_CLASS_MEMORY);
	ck_assert_uint_eq(syscall_classes("brk"), SYSCALL_CLASS_MEMORY);
	ck_assert_uint_eq(syscall_classes("execve"), SYSCALL_CLASS_FILE | SYSCALL_CLASS_PROCESS);
	ck_assert_uint_eq(syscall_classes("clone3"), SYSCALL_CLASS_PROCESS);
	ck_assert_uint_eq(syscall_classes("kill"), SYSCALL_CLASS_SIGNAL | SYSCALL_CLASS_PROCESS);
	ck_assert_uint_eq(syscall_classes("rt_sigaction"), SYSCALL_CLASS_SIGNAL);
	ck_assert_uint_eq(syscall_classes("shmget"), SYSCALL_CLASS_IPC);
	ck_assert_uint_eq(syscall_classes("setresuid"), SYSCALL_CLASS_CREDS);
	ck_assert_uint_eq(syscall_classes("clock_gettime"), SYSCALL_CLASS_CLOCK);
	ck_assert_uint_eq(syscall_classes("stat"), SYSCALL_CLASS_FILE | SYSCALL_CLASS_STAT);
	ck_assert_uint_eq(syscall_classes("lstat"),
			  SYSCALL_CLASS_FILE | SYSCALL_CLASS_STAT | SYSCALL_CLASS_LSTAT);
	ck_assert_uint_eq(syscall_classes("newfstatat"),
			  SYSCALL_CLASS_FILE | SYSCALL_CLASS_DESC | SYSCALL_CLASS_STAT |
				  SYSCALL_CLASS_FSTAT);
	ck_assert_uint_eq(syscall_classes("fstatfs"),
			  SYSCALL_CLASS_DESC | SYSCALL_CLASS_STATFS | SYSCALL_CLASS_FSTATFS);
	ck_assert_uint_eq(syscall_classes("cachestat"), SYSCALL_CLASS_DESC);
	ck_assert_uint_eq(syscall_classes("file_setattr"), SYSCALL_CLASS_FILE | SYSCALL_CLASS_DESC);
}
END_TEST

START_TEST(test_classes_none)
{
	/* in no class: futex is not file, getpid is nothing */
	ck_assert_uint_eq(syscall_classes("futex"), 0);
	ck_assert_uint_eq(syscall_classes("futex") & SYSCALL_CLASS_FILE, 0);
	ck_assert_uint_eq(syscall_classes("getpid"), 0);
	ck_assert(syscall_classified("futex"));
	ck_assert(syscall_classified("getpid"));
	ck_assert_uint_eq(syscall_classes("opne"), 0);
	ck_assert(!syscall_classified("opne"));
	ck_assert_uint_eq(syscall_classes(NULL), 0);
}
END_TEST

START_TEST(test_classes_cover_table)
{
	for (int nr = 0; nr < syscall_count(); nr++) {
		const char *name = syscall_name(nr);

		if (name)
			ck_assert_msg(syscall_classified(name), "%s is not in classes.in", name);
	}
}
END_TEST

START_TEST(test_class_parse)
{
	ck_assert_uint_eq(syscall_class_parse("%file"), SYSCALL_CLASS_FILE);
	ck_assert_uint_eq(syscall_class_parse("file"), SYSCALL_CLASS_FILE);
	ck_assert_uint_eq(syscall_class_parse("%desc"), SYSCALL_CLASS_DESC);
	ck_assert_uint_eq(syscall_class_parse("%net"), SYSCALL_CLASS_NETWORK);
	ck_assert_uint_eq(syscall_class_parse("%network"), SYSCALL_CLASS_NETWORK);
	ck_assert_uint_eq(syscall_class_parse("%process"), SYSCALL_CLASS_PROCESS);
	ck_assert_uint_eq(syscall_class_parse("%memory"), SYSCALL_CLASS_MEMORY);
	ck_assert_uint_eq(syscall_class_parse("%signal"), SYSCALL_CLASS_SIGNAL);
	ck_assert_uint_eq(syscall_class_parse("%ipc"), SYSCALL_CLASS_IPC);
	ck_assert_uint_eq(syscall_class_parse("%creds"), SYSCALL_CLASS_CREDS);
	ck_assert_uint_eq(syscall_class_parse("%clock"), SYSCALL_CLASS_CLOCK);
	ck_assert_uint_eq(syscall_class_parse("%stat"), SYSCALL_CLASS_STAT);
	ck_assert_uint_eq(syscall_class_parse("%%stat"), SYSCALL_CLASS_STAT);
	ck_assert_uint_eq(syscall_class_parse("%lstat"), SYSCALL_CLASS_LSTAT);
	ck_assert_uint_eq(syscall_class_parse("%fstat"), SYSCALL_CLASS_FSTAT);
	ck_assert_uint_eq(syscall_class_parse("%statfs"), SYSCALL_CLASS_STATFS);
	ck_assert_uint_eq(syscall_class_parse("%%statfs"), SYSCALL_CLASS_STATFS);
	ck_assert_uint_eq(syscall_class_parse("%fstatfs"), SYSCALL_CLASS_FSTATFS);
	ck_assert_uint_eq(syscall_class_parse("%foo"), 0);
	ck_assert_uint_eq(syscall_class_parse("%%%stat"), 0);
	ck_assert_uint_eq(syscall_class_parse(""), 0);
	ck_assert_uint_eq(syscall_class_parse(NULL), 0);
}
END_TEST

START_TEST(test_class_name)
{
	ck_assert_str_eq(syscall_class_name(syscall_classes("openat")), "file");
	ck_assert_str_eq(syscall_class_name(syscall_classes("read")), "desc");
	ck_assert_str_eq(syscall_class_name(syscall_classes("mmap")), "memory");
	ck_assert_str_eq(syscall_class_name(syscall_classes("connect")), "net");
	ck_assert_str_eq(syscall_class_name(syscall_classes("sendfile")), "net");
	ck_assert_str_eq(syscall_class_name(syscall_classes("execve")), "process");
	ck_assert_str_eq(syscall_class_name(syscall_classes("kill")), "signal");
	ck_assert_str_eq(syscall_class_name(syscall_classes("newfstatat")), "stat");
	ck_assert_str_eq(syscall_class_name(syscall_classes("clock_gettime")), "clock");
	ck_assert_str_eq(syscall_class_name(syscall_classes("futex")), "other");
	ck_assert_str_eq(syscall_class_name(0), "other");
}
END_TEST

/* ---- sets ---- */

static struct syscall_set *parse_ok(const char *spec)
{
	struct syscall_set *s = NULL;
	char err[128] = "untouched";
	int rc = syscall_set_parse(spec, &s, err, sizeof(err));

	ck_assert_msg(rc == 0, "'%s': %d %s", spec, rc, err);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The error text of a spec that must fail. */
static const char *parse_err(const char *spec)
{
	static char err[128];
	struct syscall_set *s = (struct syscall_set *)&err; /* must be reset */
	int rc = syscall_set_parse(spec, &s, err, sizeof(err));

	ck_assert_msg(rc == -EINVAL, "'%s' gave %d", spec, rc);
	ck_assert_ptr_null(s);
	return err;
}

/* The set's numbers as "0,1,..." */
static const char *numbers(const struct syscall_set *s)
{
	static char text[4096];
	int nrs[600];
	size_t n = syscall_set_numbers(s, nrs, 600);
	size_t pos = 0;

	ck_assert_uint_le(n, 600);
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos, "%s%d", i ? "," : "",
					nrs[i]);
	return text;
}

static int named_count(void)
{
	int n = 0;

	for (int nr = 0; nr < syscall_count(); nr++)
		n += syscall_name(nr) != NULL;
	return n;
}

START_TEST(test_set_names)
{
	struct syscall_set *s = parse_ok("read,write");

	ck_assert(syscall_set_has(s, "read"));
	ck_assert(syscall_set_has(s, "write"));
	ck_assert(!syscall_set_has(s, "openat"));
	ck_assert(!syscall_set_has(s, "listns"));
	ck_assert(!syscall_set_has(s, NULL));
	ck_assert(!syscall_set_has_unnamed(s));
	ck_assert_str_eq(numbers(s), "0,1");
	syscall_set_free(s);

	s = parse_ok("trace=openat,cachestat");
	ck_assert(syscall_set_has(s, "openat"));
	ck_assert(syscall_set_has(s, "cachestat"));
	ck_assert(!syscall_set_has(s, "open"));
	ck_assert_str_eq(numbers(s), "257,451");
	syscall_set_free(s);

	/* by number, and empty items skipped, like strace */
	s = parse_ok("3,,read,");
	ck_assert(syscall_set_has(s, "close"));
	ck_assert_str_eq(numbers(s), "0,3");
	syscall_set_free(s);

	/* bare stat is the call, not a class */
	s = parse_ok("stat");
	ck_assert_str_eq(numbers(s), "4");
	syscall_set_free(s);
}
END_TEST

START_TEST(test_set_negation)
{
	struct syscall_set *s = parse_ok("!read");
	int nrs[600];

	ck_assert(!syscall_set_has(s, "read"));
	ck_assert(syscall_set_has(s, "write"));
	ck_assert(syscall_set_has(s, "listns")); /* unknown here, still not read */
	ck_assert(syscall_set_has_unnamed(s));
	ck_assert_uint_eq(syscall_set_numbers(s, nrs, 600), (size_t)named_count() - 1);
	ck_assert_int_eq(nrs[0], 1);
	syscall_set_free(s);

	/* '!' negates the whole list */
	s = parse_ok("trace=!%file,read");
	ck_assert(!syscall_set_has(s, "read"));
	ck_assert(!syscall_set_has(s, "openat"));
	ck_assert(!syscall_set_has(s, "execve"));
	ck_assert(syscall_set_has(s, "write"));
	ck_assert(syscall_set_has(s, "futex"));
	syscall_set_free(s);
}
END_TEST

START_TEST(test_set_classes)
{
	struct syscall_set *s = parse_ok("%file");

	ck_assert(syscall_set_has(s, "openat"));
	ck_assert(syscall_set_has(s, "execve"));
	ck_assert(syscall_set_has(s, "newfstatat"));
	ck_assert(!syscall_set_has(s, "read"));
	ck_assert(!syscall_set_has(s, "futex"));
	syscall_set_free(s);

	s = parse_ok("%net");
	ck_assert(syscall_set_has(s, "connect"));
	ck_assert(syscall_set_has(s, "sendfile"));
	ck_assert(!syscall_set_has(s, "read"));
	ck_assert_str_eq(numbers(s), "40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,181,182,288,"
				     "299,307");
	syscall_set_free(s);

	s = parse_ok("network");
	ck_assert(syscall_set_has(s, "connect"));
	syscall_set_free(s);

	s = parse_ok("%stat");
	ck_assert_str_eq(numbers(s), "4,5,6,262,332");
	syscall_set_free(s);
	s = parse_ok("%%stat");
	ck_assert_str_eq(numbers(s), "4,5,6,262,332");
	syscall_set_free(s);
	s = parse_ok("%lstat");
	ck_assert_str_eq(numbers(s), "6");
	syscall_set_free(s);
	s = parse_ok("%fstat");
	ck_assert_str_eq(numbers(s), "5,262,332");
	syscall_set_free(s);
	s = parse_ok("%%statfs");
	ck_assert_str_eq(numbers(s), "136,137,138");
	syscall_set_free(s);

	s = parse_ok("%clock,%creds");
	ck_assert(syscall_set_has(s, "clock_gettime"));
	ck_assert(syscall_set_has(s, "setuid"));
	ck_assert(!syscall_set_has(s, "nanosleep"));
	syscall_set_free(s);
}
END_TEST

START_TEST(test_set_regex)
{
	struct syscall_set *s = parse_ok("/^open");

	ck_assert(syscall_set_has(s, "openat"));
	ck_assert(syscall_set_has(s, "open_tree_attr"));
	ck_assert(!syscall_set_has(s, "fsopen"));
	ck_assert(syscall_set_has(s, "openat3")); /* a name from elsewhere */
	ck_assert_str_eq(numbers(s), "2,257,304,428,437,467");
	syscall_set_free(s);

	s = parse_ok("/^(read|write)v?$,close");
	ck_assert_str_eq(numbers(s), "0,1,3,19,20");
	syscall_set_free(s);
}
END_TEST

START_TEST(test_set_all_none)
{
	struct syscall_set *s = parse_ok("all");
	int nrs[4];

	ck_assert(syscall_set_has(s, "read"));
	ck_assert(syscall_set_has(s, "listns"));
	ck_assert(syscall_set_has_unnamed(s));
	ck_assert_uint_eq(syscall_set_numbers(s, nrs, 4), (size_t)named_count());
	ck_assert_int_eq(nrs[3], 3); /* the first max are filled */
	syscall_set_free(s);

	s = parse_ok("none");
	ck_assert(!syscall_set_has(s, "read"));
	ck_assert(!syscall_set_has_unnamed(s));
	ck_assert_uint_eq(syscall_set_numbers(s, nrs, 4), 0);
	syscall_set_free(s);

	s = parse_ok("!none");
	ck_assert(syscall_set_has(s, "read"));
	ck_assert(syscall_set_has_unnamed(s));
	syscall_set_free(s);

	s = parse_ok("!all");
	ck_assert(!syscall_set_has(s, "read"));
	ck_assert_uint_eq(syscall_set_numbers(s, NULL, 0), 0);
	syscall_set_free(s);
}
END_TEST

START_TEST(test_set_optional)
{
	struct syscall_set *s = parse_ok("?opne,read,?%foo");

	ck_assert(syscall_set_has(s, "read"));
	ck_assert(syscall_set_has(s, "opne")); /* may be a call of another machine */
	ck_assert(!syscall_set_has(s, "write"));
	ck_assert_str_eq(numbers(s), "0");
	syscall_set_free(s);

	s = parse_ok("?read");
	ck_assert_str_eq(numbers(s), "0");
	syscall_set_free(s);
}
END_TEST

START_TEST(test_set_errors)
{
	ck_assert_str_eq(parse_err("opne"), "unknown syscall 'opne'");
	ck_assert_str_eq(parse_err("read,opne,write"), "unknown syscall 'opne'");
	ck_assert_str_eq(parse_err("trace=!read,wrte"), "unknown syscall 'wrte'");
	ck_assert_str_eq(parse_err("%foo"), "unknown syscall class '%foo'");
	ck_assert_str_eq(parse_err("read,%%%stat"), "unknown syscall class '%%%stat'");
	ck_assert_str_eq(parse_err("all,!read"), "unknown syscall '!read'");
	ck_assert_str_eq(parse_err("9999"), "unknown syscall '9999'");
	ck_assert_str_eq(parse_err("335"), "unknown syscall '335'");
	ck_assert_str_eq(parse_err(""), "empty syscall list");
	ck_assert_str_eq(parse_err("trace="), "empty syscall list");
	ck_assert_str_eq(parse_err("!"), "empty syscall list");
	ck_assert_str_eq(parse_err(",,"), "empty syscall list");
	ck_assert_str_eq(parse_err(NULL), "empty syscall list");
	/* a bad regex is an error even with '?' */
	ck_assert_int_eq(strncmp(parse_err("/["), "invalid regular expression '/[': ", 33), 0);
	ck_assert_int_eq(
		strncmp(parse_err("read,?/(a"), "invalid regular expression '/(a': ", 34), 0);
}
END_TEST

START_TEST(test_set_error_without_buffer)
{
	struct syscall_set *s = NULL;

	ck_assert_int_eq(syscall_set_parse("opne", &s, NULL, 0), -EINVAL);
	ck_assert_ptr_null(s);
	syscall_set_free(NULL);
}
END_TEST

/* ---- argument text ---- */

static const char *args_text(const char *name, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			     uint64_t a4, uint64_t a5)
{
	static char buf[512];
	const uint64_t args[6] = {a0, a1, a2, a3, a4, a5};
	int n = argfmt_args(name, args, buf, sizeof(buf));

	ck_assert_int_eq(n, (int)strlen(buf));
	return buf;
}

static const char *ret_text(const char *name, int64_t ret)
{
	static char buf[256];
	int n = argfmt_ret(name, ret, buf, sizeof(buf));

	ck_assert_int_eq(n, (int)strlen(buf));
	return buf;
}

/* ---- widths: every argument as wide as the kernel reads it ---- */

#define FILL 0xdefaced00000000ull

/*
 * Walk every syscall with a signature: each argument has a width of 16,
 * 32 or 64 bits, and garbage above its width (the bits the kernel
 * ignores) changes nothing in the text, whatever the values below.
 */
START_TEST(test_widths_whole_table)
{
	static const uint64_t values[] = {0, 1, 2, 0x7fff, 0x1ff, 0xffff, 0x80000000, 0xffffffff};
	char clean[1024], dirty[1024];
	int checked = 0;

	for (int nr = 0; nr < syscall_count(); nr++) {
		const char *name = syscall_name(nr);
		int nargs = name ? argfmt_nargs(name) : -1;

		if (nargs < 0)
			continue;
		ck_assert_int_le(nargs, 6);
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			uint64_t args[6] = {0}, garbage[6] = {0};

			for (int i = 0; i < nargs; i++) {
				int bits = argfmt_arg_bits(name, i);

				ck_assert_msg(bits == 16 || bits == 32 || bits == 64,
					      "%s argument %d: %d bits", name, i, bits);
				uint64_t mask = bits < 64 ? (1ull << bits) - 1 : ~0ull;

				args[i] = values[v] & mask;
				garbage[i] = args[i] | ((FILL | 0xdefa0000u) & ~mask);
			}
			argfmt_args(name, args, clean, sizeof(clean));
			argfmt_args(name, garbage, dirty, sizeof(dirty));
			ck_assert_msg(!strcmp(clean, dirty), "%s(%s) but %s(%s): bits above a width show",
				      name, clean, name, dirty);
			ck_assert_msg(nargs == 0 || *clean, "%s printed no arguments", name);
		}
		ck_assert_int_eq(argfmt_arg_bits(name, nargs), 0);
		checked++;
	}
	ck_assert_int_gt(checked, 300);
	ck_assert_int_eq(argfmt_arg_bits("no_such_call", 0), -1);
	ck_assert_int_eq(argfmt_nargs("no_such_call"), -1);
}
END_TEST

/* The three defects of issue 13, and strace's unknown-bits comments. */
START_TEST(test_widths_named_defects)
{
	/* a 32-bit mode sign-extended: umask(037777600000) before */
	ck_assert_str_eq(args_text("umask", 0xffffffffffff0000ull, 0, 0, 0, 0, 0), "000");
	ck_assert_str_eq(args_text("umask", FILL | 022, 0, 0, 0, 0, 0), "022");
	ck_assert_str_eq(args_text("chmod", 0x1000, 0xffffffffffff01edull, 0, 0, 0, 0), "0x1000, 0755");
	/* close_range: the kernel's unsigned int flags */
	ck_assert_str_eq(args_text("close_range", FILL | 0xfffffffe, FILL | 0xffffffff, FILL | 1, 0, 0, 0),
			 "4294967294, 4294967295, 0x1 /* CLOSE_RANGE_??? */");
	ck_assert_str_eq(args_text("close_range", 3, 0xffffffff, FILL | 6, 0, 0, 0),
			 "3, 4294967295, CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC");
	ck_assert_str_eq(args_text("close_range", 3, 7, 0xffffffff, 0, 0, 0),
			 "3, 7, CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC|0xfffffff9");
	/* unlinkat: strace's at_flags, no AT_STATX_* */
	ck_assert_str_eq(args_text("unlinkat", (uint64_t)-100, 0, FILL | 0x200, 0, 0, 0),
			 "AT_FDCWD, NULL, AT_REMOVEDIR");
	ck_assert_str_eq(args_text("unlinkat", (uint64_t)-100, 0, 0x2000, 0, 0, 0),
			 "AT_FDCWD, NULL, 0x2000 /* AT_??? */");
	ck_assert_str_eq(args_text("unlinkat", 3, 0, 0x200 | 0x4000, 0, 0, 0), "3, NULL, AT_REMOVEDIR|0x4000");
	/* statx keeps the sync type, first */
	ck_assert_str_eq(args_text("statx", (uint64_t)-100, 0, 0x100 | 0x2000, 0x7ff, 0, 0),
			 "AT_FDCWD, NULL, AT_STATX_FORCE_SYNC|AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, NULL");
	ck_assert_str_eq(args_text("statx", 3, 0, 0, 0x80000001u, 0, 0),
			 "3, NULL, AT_STATX_SYNC_AS_STAT, STATX_TYPE|0x80000000, NULL");
	/* an unsigned long flags argument keeps its upper bits, as strace */
	ck_assert_str_eq(args_text("mprotect", 0, 0, FILL | 1, 0, 0, 0), "NULL, 0, PROT_READ|0xdefaced00000000");
	/* preadv2's flags are its sixth argument; pos_h is not shown */
	ck_assert_str_eq(args_text("preadv2", FILL | 3, 0, 1, 0, 0, FILL | 8), "3, NULL, 1, 0, RWF_NOWAIT");
	ck_assert_str_eq(args_text("shmget", 0, 0, 01000 | 02000 | 0600, 0, 0, 0),
			 "IPC_PRIVATE, 0, IPC_CREAT|IPC_EXCL|0600");
	ck_assert_str_eq(ret_text("poll", 0), "0 (Timeout)");
	ck_assert_str_eq(ret_text("poll", 2), "2");
}
END_TEST

/* ---- what a call touched: strings, addresses, data ---- */

static const char *call_text(const char *name, const uint64_t args[6], const struct scf_capture *caps,
			     uint32_t ncaps, int64_t ret)
{
	static char buf[1024];
	struct argfmt_call call = {.captures = caps, .ncaptures = ncaps, .returned = true, .ret = ret};
	int n = argfmt_call_args(name, args, &call, buf, sizeof(buf));

	ck_assert_int_eq(n, (int)strlen(buf));
	return buf;
}

#define CAP(i, k, f, s) {.arg = (i), .kind = (k), .flags = (f), .len = sizeof(s) - 1, .data = (const uint8_t *)(s)}

START_TEST(test_capture_paths)
{
	const uint64_t open_args[6] = {(uint64_t)-100, 0x7ffe8c29fa82, 0, 0, 0, 0};
	struct scf_capture path = CAP(1, SCF_CAP_PATH, 0, "/tmp/demo.txt");
	struct scf_capture cut = CAP(1, SCF_CAP_PATH, SCF_CAP_TRUNCATED, "/tmp/de");
	struct scf_capture fault = {.arg = 1, .kind = SCF_CAP_PATH, .flags = SCF_CAP_FAULT};
	struct scf_capture late = CAP(1, SCF_CAP_PATH, SCF_CAP_AT_EXIT, "/tmp/demo.txt");
	struct scf_capture odd = CAP(1, SCF_CAP_PATH, 0, "a\"b\\c\td\n\001\0012\033x\177\377");

	ck_assert_str_eq(call_text("openat", open_args, &path, 1, 3), "AT_FDCWD, \"/tmp/demo.txt\", O_RDONLY");
	/* a path prints whatever the call returned */
	ck_assert_str_eq(call_text("openat", open_args, &path, 1, -2), "AT_FDCWD, \"/tmp/demo.txt\", O_RDONLY");
	ck_assert_str_eq(call_text("openat", open_args, &late, 1, 3), "AT_FDCWD, \"/tmp/demo.txt\", O_RDONLY");
	ck_assert_str_eq(call_text("openat", open_args, &cut, 1, 3), "AT_FDCWD, \"/tmp/de\"..., O_RDONLY");
	ck_assert_str_eq(call_text("openat", open_args, &fault, 1, -14), "AT_FDCWD, 0x7ffe8c29fa82, O_RDONLY");
	ck_assert_str_eq(call_text("openat", open_args, NULL, 0, 3), "AT_FDCWD, 0x7ffe8c29fa82, O_RDONLY");
	/* strace's escapes: \0012 keeps three digits before a digit */
	ck_assert_str_eq(call_text("openat", open_args, &odd, 1, 3),
			 "AT_FDCWD, \"a\\\"b\\\\c\\td\\n\\1\\0012\\33x\\177\\377\", O_RDONLY");
	/* two paths, captures in any order */
	const uint64_t rename_args[6] = {0x1000, 0x2000, 0, 0, 0, 0};
	struct scf_capture two[2] = {CAP(1, SCF_CAP_PATH, 0, "new"), CAP(0, SCF_CAP_PATH, 0, "old")};
	ck_assert_str_eq(call_text("rename", rename_args, two, 2, 0), "\"old\", \"new\"");
}
END_TEST

START_TEST(test_capture_data)
{
	const uint64_t read_args[6] = {3, 0x55d0c0de0000, 131072, 0, 0, 0};
	struct scf_capture hello = CAP(1, SCF_CAP_DATA, 0, "hello\n");
	struct scf_capture cut = CAP(1, SCF_CAP_DATA, SCF_CAP_TRUNCATED, "0123");

	ck_assert_str_eq(call_text("read", read_args, &hello, 1, 6), "3, \"hello\\n\", 131072");
	/* only the bytes read; more than captured: "..." */
	ck_assert_str_eq(call_text("read", read_args, &hello, 1, 2), "3, \"he\", 131072");
	ck_assert_str_eq(call_text("read", read_args, &cut, 1, 10), "3, \"0123\"..., 131072");
	ck_assert_str_eq(call_text("read", read_args, &hello, 1, 100), "3, \"hello\\n\"..., 131072");
	/* a failed read shows the address, as strace does */
	ck_assert_str_eq(call_text("read", read_args, &hello, 1, -11), "3, 0x55d0c0de0000, 131072");
	ck_assert_str_eq(call_text("read", read_args, &hello, 1, 0), "3, \"\", 131072");
	/* a write shows what it was given, cut at the count */
	const uint64_t write_args[6] = {1, 0x55d0c0de0000, 3, 0, 0, 0};
	ck_assert_str_eq(call_text("write", write_args, &hello, 1, 3), "1, \"hel\", 3");
	ck_assert_str_eq(call_text("write", write_args, &hello, 1, -32), "1, \"hel\", 3");
	const uint64_t big_write[6] = {1, 0x55d0c0de0000, 4096, 0, 0, 0};
	ck_assert_str_eq(call_text("write", big_write, &cut, 1, 4096), "1, \"0123\"..., 4096");
	struct scf_capture fault = {.arg = 1, .kind = SCF_CAP_DATA, .flags = SCF_CAP_FAULT};
	ck_assert_str_eq(call_text("write", big_write, &fault, 1, -14), "1, 0x55d0c0de0000, 4096");
}
END_TEST

/* An SCF_CAP_IOV payload: elements {base, len, data_len, flags, data}. */
struct iov_payload {
	uint8_t bytes[512];
	uint32_t len;
};

static void iov_add(struct iov_payload *p, uint64_t base, uint64_t len, uint32_t flags, const char *data)
{
	uint32_t n = data ? (uint32_t)strlen(data) : 0;
	uint8_t *b = p->bytes + p->len;

	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(base >> (8 * i));
		b[8 + i] = (uint8_t)(len >> (8 * i));
	}
	for (int i = 0; i < 4; i++) {
		b[16 + i] = (uint8_t)(n >> (8 * i));
		b[20 + i] = (uint8_t)(flags >> (8 * i));
	}
	memcpy(b + SCF_IOV_ENTRY_SIZE, data ? data : "", n);
	p->len += SCF_IOV_ENTRY_SIZE + n;
}

static struct scf_capture iov_cap(const struct iov_payload *p, uint16_t flags)
{
	return (struct scf_capture){.arg = 1, .kind = SCF_CAP_IOV, .flags = flags, .len = p->len,
				    .data = p->len ? p->bytes : NULL};
}

START_TEST(test_capture_iov)
{
	const uint64_t writev_args[6] = {1, 0x7ffd00000010, 2, 0, 0, 0};
	struct iov_payload hello = {0};
	iov_add(&hello, 0x1000, 5, 0, "hello");
	iov_add(&hello, 0x2000, 7, 0, " world\n");
	struct scf_capture c = iov_cap(&hello, 0);

	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, 12),
			 "1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" world\\n\", iov_len=7}], 2");
	/* a write's array prints whatever the call returned */
	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, -32),
			 "1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" world\\n\", iov_len=7}], 2");
	/* pwritev2: the array, then the offset and flags, pos_h hidden */
	const uint64_t pwritev2_args[6] = {4, 0x7ffd00000010, 2, (uint64_t)-1, 0, 0};
	ck_assert_str_eq(call_text("pwritev2", pwritev2_args, &c, 1, 12),
			 "4, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" world\\n\", iov_len=7}], 2, -1, 0");

	/* -s 3: each element cut with "...", the array cut after three */
	struct iov_payload cut = {0};
	iov_add(&cut, 0x1000, 10, 0, "012");
	iov_add(&cut, 0x1000, 3, 0, "012");
	iov_add(&cut, 0x1000, 8, 0, "012");
	c = iov_cap(&cut, SCF_CAP_TRUNCATED);
	const uint64_t ten_args[6] = {1, 0x7ffd00000010, 10, 0, 0, 0};
	ck_assert_str_eq(call_text("writev", ten_args, &c, 1, 55),
			 "1, [{iov_base=\"012\"..., iov_len=10}, {iov_base=\"012\", iov_len=3}, "
			 "{iov_base=\"012\"..., iov_len=8}, ...], 10");
	/* no room for any element: strace's [...] */
	struct iov_payload none = {0};
	c = iov_cap(&none, SCF_CAP_TRUNCATED);
	ck_assert_str_eq(call_text("writev", ten_args, &c, 1, 55), "1, [...], 10");

	/* readv: the bytes read, shared out over the elements in order */
	const uint64_t readv_args[6] = {3, 0x7ffd00000010, 3, 0, 0, 0};
	struct iov_payload rd = {0};
	iov_add(&rd, 0x1000, 4, 0, "abcd");
	iov_add(&rd, 0x2000, 16, 0, "efgh");
	iov_add(&rd, 0x3000, 8, 0, NULL);
	c = iov_cap(&rd, SCF_CAP_AT_EXIT);
	ck_assert_str_eq(call_text("readv", readv_args, &c, 1, 8),
			 "3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"efgh\", iov_len=16}, "
			 "{iov_base=\"\", iov_len=8}], 3");
	/* a capture holding fewer bytes than the call says it read: "..." */
	ck_assert_str_eq(call_text("readv", readv_args, &c, 1, 9),
			 "3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"efgh\"..., iov_len=16}, "
			 "{iov_base=\"\", iov_len=8}], 3");
	/* fewer bytes read than captured (cannot happen, but stays inside) */
	ck_assert_str_eq(call_text("readv", readv_args, &c, 1, 2),
			 "3, [{iov_base=\"ab\", iov_len=4}, {iov_base=\"\", iov_len=16}, "
			 "{iov_base=\"\", iov_len=8}], 3");
	/* a failed read: the address, as strace prints it */
	ck_assert_str_eq(call_text("readv", readv_args, &c, 1, -11), "3, 0x7ffd00000010, 3");
	const uint64_t preadv_args[6] = {3, 0x7ffd00000010, 3, 100, 0, 0};
	ck_assert_str_eq(call_text("preadv", preadv_args, &c, 1, 8),
			 "3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"efgh\", iov_len=16}, "
			 "{iov_base=\"\", iov_len=8}], 3, 100");

	/* an element whose data could not be read: its address */
	struct iov_payload bad = {0};
	iov_add(&bad, 0x1000, 5, 0, "hello");
	iov_add(&bad, 0xdead0000, 7, SCF_IOV_FAULT, NULL);
	c = iov_cap(&bad, 0);
	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, -14),
			 "1, [{iov_base=\"hello\", iov_len=5}, {iov_base=0xdead0000, iov_len=7}], 2");

	/* the array unreadable, nothing captured, or a malformed capture:
	 * the address */
	struct scf_capture fault = {.arg = 1, .kind = SCF_CAP_IOV, .flags = SCF_CAP_FAULT};
	ck_assert_str_eq(call_text("writev", writev_args, &fault, 1, -14), "1, 0x7ffd00000010, 2");
	ck_assert_str_eq(call_text("writev", writev_args, NULL, 0, 12), "1, 0x7ffd00000010, 2");
	struct iov_payload shortp = hello;
	shortp.len -= 1; /* the last element's data cut short */
	c = iov_cap(&shortp, 0);
	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, 12), "1, 0x7ffd00000010, 2");
	shortp.len = SCF_IOV_ENTRY_SIZE - 1; /* not even one element */
	c = iov_cap(&shortp, 0);
	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, 12), "1, 0x7ffd00000010, 2");
	struct iov_payload flags = {0};
	iov_add(&flags, 0x1000, 5, 2, "hello"); /* an unknown element flag */
	c = iov_cap(&flags, 0);
	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, 5), "1, 0x7ffd00000010, 2");
	struct iov_payload longer = {0};
	iov_add(&longer, 0x1000, 2, 0, "hello"); /* more data than iov_len */
	c = iov_cap(&longer, 0);
	ck_assert_str_eq(call_text("writev", writev_args, &c, 1, 5), "1, 0x7ffd00000010, 2");
	/* a capture of another kind on the argument: the address */
	struct scf_capture data = CAP(1, SCF_CAP_DATA, 0, "hello");
	ck_assert_str_eq(call_text("writev", writev_args, &data, 1, 5), "1, 0x7ffd00000010, 2");
}
END_TEST

/* An SCF_CAP_MSGHDR payload's head; elements follow with iov_add. */
static void msg_head(struct iov_payload *p, uint64_t name, uint32_t namelen, uint64_t iovlen, uint64_t control,
		     uint64_t controllen, uint32_t msg_flags, uint32_t flags, const uint8_t *addr, uint32_t addr_len)
{
	uint8_t *b = p->bytes;
	const uint64_t q[] = {name, namelen, 0x7ffd00000100, iovlen, control, controllen, msg_flags,
			      (uint64_t)addr_len | (uint64_t)flags << 32};

	memset(b, 0, SCF_MSGHDR_SIZE);
	for (int k = 0; k < 8; k++)
		for (int i = 0; i < 8; i++)
			b[8 * k + i] = (uint8_t)(q[k] >> (8 * i));
	if (addr_len)
		memcpy(b + SCF_MSGHDR_SIZE, addr, addr_len);
	p->len = SCF_MSGHDR_SIZE + addr_len;
}

START_TEST(test_capture_msghdr)
{
	const uint64_t args[6] = {3, 0x7ffd00000010, 0, 0, 0, 0};
	static const uint8_t in[16] = {2, 0, 0x1f, 0x90, 127, 0, 0, 1};
	struct iov_payload m = {0};
	msg_head(&m, 0x7ffd00000200, 16, 2, 0, 0, 0, 0, in, sizeof(in));
	iov_add(&m, 0x1000, 2, 0, "ab");
	iov_add(&m, 0x2000, 3, 0, "cde");
	struct scf_capture c = iov_cap(&m, 0);
	c.kind = SCF_CAP_MSGHDR;

	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, 5),
			 "3, {msg_name={sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, "
			 "msg_namelen=16, msg_iov=[{iov_base=\"ab\", iov_len=2}, {iov_base=\"cde\", iov_len=3}], "
			 "msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0");
	/* recvmsg: the bytes received shared out; a failure: the address */
	c.flags = SCF_CAP_AT_EXIT;
	ck_assert_str_eq(call_text("recvmsg", args, &c, 1, 3),
			 "3, {msg_name={sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, "
			 "msg_namelen=16, msg_iov=[{iov_base=\"ab\", iov_len=2}, {iov_base=\"c\", iov_len=3}], "
			 "msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0");
	ck_assert_str_eq(call_text("recvmsg", args, &c, 1, -11), "3, 0x7ffd00000010, 0");

	/* no address, control data (its address: not captured), flags, an
	 * array cut after its first element */
	struct iov_payload n = {0};
	msg_head(&n, 0, 0, 9, 0x7ffd00000300, 24, 0x20 | 0x8, 0, NULL, 0);
	iov_add(&n, 0x1000, 1, 0, "x");
	c = iov_cap(&n, SCF_CAP_TRUNCATED);
	c.kind = SCF_CAP_MSGHDR;
	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, 1),
			 "3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}, ...], msg_iovlen=9, "
			 "msg_control=0x7ffd00000300, msg_controllen=24, msg_flags=MSG_CTRUNC|MSG_TRUNC}, 0");
	/* an address and an array that could not be read: their addresses */
	struct iov_payload f = {0};
	msg_head(&f, 0x7ffd00000200, 16, 1, 0, 0, 0, SCF_MSG_NAME_FAULT | SCF_MSG_IOV_FAULT, NULL, 0);
	c = iov_cap(&f, 0);
	c.kind = SCF_CAP_MSGHDR;
	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, -14),
			 "3, {msg_name=0x7ffd00000200, msg_namelen=16, msg_iov=0x7ffd00000100, msg_iovlen=1, "
			 "msg_controllen=0, msg_flags=0}, 0");
	/* malformed: elements after an unreadable array, a short head,
	 * unknown flags, an address longer than the capture */
	iov_add(&f, 0x1000, 1, 0, "x");
	c = iov_cap(&f, 0);
	c.kind = SCF_CAP_MSGHDR;
	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, 1), "3, 0x7ffd00000010, 0");
	c.len = SCF_MSGHDR_SIZE - 1;
	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, 1), "3, 0x7ffd00000010, 0");
	msg_head(&f, 0, 0, 0, 0, 0, 0, 4, NULL, 0);
	c = iov_cap(&f, 0);
	c.kind = SCF_CAP_MSGHDR;
	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, 1), "3, 0x7ffd00000010, 0");
	msg_head(&f, 0x7ffd00000200, 16, 0, 0, 0, 0, 0, in, sizeof(in));
	f.len -= 1;
	c = iov_cap(&f, 0);
	c.kind = SCF_CAP_MSGHDR;
	ck_assert_str_eq(call_text("sendmsg", args, &c, 1, 1), "3, 0x7ffd00000010, 0");
	struct scf_capture fault = {.arg = 1, .kind = SCF_CAP_MSGHDR, .flags = SCF_CAP_FAULT};
	ck_assert_str_eq(call_text("sendmsg", args, &fault, 1, -14), "3, 0x7ffd00000010, 0");
}
END_TEST

/* An SCF_CAP_MMSGHDR payload: msg_len, 4 reserved bytes, then a message
 * made by msg_head and iov_add in msg. */
static struct scf_capture mmsg_cap(struct iov_payload *out, uint32_t msg_len, uint32_t reserved,
				   const struct iov_payload *msg, uint16_t flags)
{
	for (int i = 0; i < 4; i++) {
		out->bytes[i] = (uint8_t)(msg_len >> (8 * i));
		out->bytes[4 + i] = (uint8_t)(reserved >> (8 * i));
	}
	memcpy(out->bytes + 8, msg->bytes, msg->len);
	out->len = 8 + msg->len;
	struct scf_capture c = iov_cap(out, flags);
	c.kind = SCF_CAP_MMSGHDR;
	return c;
}

START_TEST(test_capture_mmsghdr)
{
	const uint64_t send_args[6] = {4, 0x7ffd00000010, 2, 0, 0, 0};
	struct iov_payload m = {0}, mm = {0};
	msg_head(&m, 0, 0, 1, 0, 0, 0, 0, NULL, 0);
	iov_add(&m, 0x1000, 4, 0, "abcd");
	struct scf_capture c = mmsg_cap(&mm, 4, 0, &m, 0);
	const char *hdr = "msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"abcd\", iov_len=4}], msg_iovlen=1, "
			  "msg_controllen=0, msg_flags=0";
	char want[512];

	/* two messages sent: the first, then ... */
	snprintf(want, sizeof(want), "4, [{msg_hdr={%s}, msg_len=4}, ...], 2, 0", hdr);
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, 2), want);
	snprintf(want, sizeof(want), "4, [{msg_hdr={%s}, msg_len=4}], 2, 0", hdr);
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, 1), want);
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, 0), "4, [], 2, 0");
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, -9), "4, 0x7ffd00000010, 2, 0");
	/* recvmmsg: the first message's data up to its msg_len */
	const uint64_t recv_args[6] = {5, 0x7ffd00000010, 2, 0, 0, 0};
	c = mmsg_cap(&mm, 2, 0, &m, SCF_CAP_AT_EXIT);
	ck_assert_str_eq(call_text("recvmmsg", recv_args, &c, 1, 2),
			 "5, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"ab\", iov_len=4}], "
			 "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=2}, ...], 2, 0, NULL");
	ck_assert_str_eq(call_text("recvmmsg", recv_args, &c, 1, -11), "5, 0x7ffd00000010, 2, 0, NULL");
	/* malformed: reserved bytes not 0, shorter than msg_len and its
	 * reserved bytes, a malformed message */
	c = mmsg_cap(&mm, 2, 1, &m, 0);
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, 2), "4, 0x7ffd00000010, 2, 0");
	c = mmsg_cap(&mm, 2, 0, &m, 0);
	c.len = 7;
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, 2), "4, 0x7ffd00000010, 2, 0");
	c.len = 8 + SCF_MSGHDR_SIZE - 1;
	ck_assert_str_eq(call_text("sendmmsg", send_args, &c, 1, 2), "4, 0x7ffd00000010, 2, 0");
	struct scf_capture fault = {.arg = 1, .kind = SCF_CAP_MMSGHDR, .flags = SCF_CAP_FAULT};
	ck_assert_str_eq(call_text("sendmmsg", send_args, &fault, 1, 2), "4, 0x7ffd00000010, 2, 0");
}
END_TEST

START_TEST(test_capture_sockaddr)
{
	const uint64_t connect_args[6] = {3, 0x7ffc00001000, 16, 0, 0, 0};
	/* AF_INET, port 80, 127.0.0.1 */
	static const uint8_t in[16] = {2, 0, 0, 80, 127, 0, 0, 1};
	struct scf_capture cin = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(in), .data = in};

	ck_assert_str_eq(call_text("connect", connect_args, &cin, 1, -111),
			 "3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, 16");
	/* AF_INET6 [::1]:443 */
	static const uint8_t in6[28] = {10, 0, 0x01, 0xbb, 0, 0, 0, 0, [23] = 1};
	struct scf_capture cin6 = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(in6), .data = in6};
	const uint64_t connect6[6] = {3, 0x7ffc00001000, 28, 0, 0, 0};
	ck_assert_str_eq(call_text("connect", connect6, &cin6, 1, 0),
			 "3, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
			 "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28");
	/* AF_UNIX: a path, an abstract name, an unnamed socket */
	static const uint8_t un[] = "\1\0/run/x.sock";
	struct scf_capture cun = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(un), .data = un};
	ck_assert_str_eq(call_text("bind", connect_args, &cun, 1, 0),
			 "3, {sa_family=AF_UNIX, sun_path=\"/run/x.sock\"}, 16");
	static const uint8_t abs[] = {1, 0, 0, 'a', 'b'};
	struct scf_capture cabs = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(abs), .data = abs};
	ck_assert_str_eq(call_text("connect", connect_args, &cabs, 1, 0),
			 "3, {sa_family=AF_UNIX, sun_path=@\"ab\"}, 16");
	struct scf_capture cunnamed = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = 2, .data = abs};
	ck_assert_str_eq(call_text("connect", connect_args, &cunnamed, 1, 0), "3, {sa_family=AF_UNIX}, 16");
	/* another family: its bytes */
	static const uint8_t nl[6] = {16, 0, 'x', 0, 1, 2};
	struct scf_capture cnl = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(nl), .data = nl};
	ck_assert_str_eq(call_text("bind", connect_args, &cnl, 1, 0),
			 "3, {sa_family=AF_NETLINK, sa_data=\"x\\0\\1\\2\"}, 16");
	/* accept fills the address in: shown only when it succeeded */
	const uint64_t accept_args[6] = {3, 0x7ffc00001000, 0x7ffc00002000, 0, 0, 0};
	struct scf_capture peer = {.arg = 1, .kind = SCF_CAP_SOCKADDR, .len = sizeof(in), .data = in};
	ck_assert_str_eq(call_text("accept", accept_args, &peer, 1, 4),
			 "3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, "
			 "0x7ffc00002000");
	ck_assert_str_eq(call_text("accept", accept_args, &peer, 1, -11), "3, 0x7ffc00001000, 0x7ffc00002000");
}
END_TEST

/* pipe, pipe2, socketpair: the int[2] the call filled in, as strace */
START_TEST(test_capture_fdpair)
{
	const int32_t fds[2] = {3, 4};
	struct scf_capture pair = {.arg = 0, .kind = SCF_CAP_DATA, .flags = SCF_CAP_AT_EXIT,
				   .len = sizeof(fds), .data = (const uint8_t *)fds};
	const uint64_t pipe2_args[6] = {0x7ffc00001000, 02000000, 0, 0, 0, 0};

	ck_assert_str_eq(call_text("pipe", pipe2_args, &pair, 1, 0), "[3, 4]");
	ck_assert_str_eq(call_text("pipe2", pipe2_args, &pair, 1, 0), "[3, 4], O_CLOEXEC");
	/* failed, or not captured, or not two ints: the address */
	ck_assert_str_eq(call_text("pipe2", pipe2_args, &pair, 1, -24), "0x7ffc00001000, O_CLOEXEC");
	ck_assert_str_eq(call_text("pipe2", pipe2_args, NULL, 0, 0), "0x7ffc00001000, O_CLOEXEC");
	struct scf_capture half = pair;
	half.len = 4;
	ck_assert_str_eq(call_text("pipe2", pipe2_args, &half, 1, 0), "0x7ffc00001000, O_CLOEXEC");
	struct scf_capture sp = pair;
	sp.arg = 3;
	const uint64_t sp_args[6] = {1, 1, 0, 0x7ffc00001000, 0, 0};
	ck_assert_str_eq(call_text("socketpair", sp_args, &sp, 1, 0), "AF_UNIX, SOCK_STREAM, 0, [3, 4]");
}
END_TEST

static const char *name_fd(void *ctx, int fd)
{
	(void)ctx;
	if (fd == -100)
		return ctx ? "/home/a\nb<c>" : NULL; /* the working directory */
	if (fd == 5)
		return "/tmp/a\nb<c>\"d\\e \303\251"; /* escaped as strace -y */
	return fd == 3 ? "/tmp/demo.txt" : NULL;
}

/* -y: descriptors with what is behind them */
START_TEST(test_capture_fd_names)
{
	static char buf[256];
	const uint64_t read_args[6] = {3, 0x1000, 10, 0, 0, 0};
	const uint64_t dup_args[6] = {4, 3, 0, 0, 0, 0};
	const uint64_t at_args[6] = {3, 0x1000, 0, 0, 0, 0};
	struct argfmt_call call = {.returned = true, .ret = 0, .fd_name = name_fd};

	argfmt_call_args("read", read_args, &call, buf, sizeof(buf));
	ck_assert_str_eq(buf, "3</tmp/demo.txt>, 0x1000, 10");
	argfmt_call_args("dup2", dup_args, &call, buf, sizeof(buf));
	ck_assert_str_eq(buf, "4, 3</tmp/demo.txt>");
	argfmt_call_args("newfstatat", at_args, &call, buf, sizeof(buf));
	ck_assert_str_eq(buf, "3</tmp/demo.txt>, 0x1000, NULL, 0");
	/* a hostile name: escaped as in a string, < and > in octal */
	const uint64_t bad_args[6] = {5, 0x1000, 10, 0, 0, 0};
	argfmt_call_args("read", bad_args, &call, buf, sizeof(buf));
	ck_assert_str_eq(buf, "5</tmp/a\\nb\\74c\\76\\\"d\\\\e \\303\\251>, 0x1000, 10");
	/* AT_FDCWD with the working directory, when it is known */
	const uint64_t cwd_args[6] = {(uint64_t)-100, 0x1000, 0, 0, 0, 0};
	argfmt_call_args("newfstatat", cwd_args, &call, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AT_FDCWD, 0x1000, NULL, 0");
	call.fd_ctx = &call;
	argfmt_call_args("newfstatat", cwd_args, &call, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AT_FDCWD</home/a\\nb\\74c\\76>, 0x1000, NULL, 0");
}
END_TEST

START_TEST(test_args_openat)
{
	ck_assert_str_eq(args_text("openat", (uint64_t)-100, 0x7ffc5a3b1e20, 02000000, 0, 0, 0),
			 "AT_FDCWD, 0x7ffc5a3b1e20, O_RDONLY|O_CLOEXEC");
	/* the mode prints only when the call reads it */
	ck_assert_str_eq(args_text("openat", (uint64_t)-100, 0x5000, 01 | 0100 | 01000, 0644, 0, 0),
			 "AT_FDCWD, 0x5000, O_WRONLY|O_CREAT|O_TRUNC, 0644");
	ck_assert_str_eq(args_text("openat", 3, 0x5000, 2 | 020200000, 0, 0, 0),
			 "3, 0x5000, O_RDWR|O_TMPFILE, 000");
	ck_assert_str_eq(args_text("openat", 3, 0, 0x10000000, 0, 0, 0),
			 "3, NULL, O_RDONLY|0x10000000");
	ck_assert_str_eq(args_text("open", 0x5000, 0x80000 | 0x10000 | 0x800, 0, 0, 0, 0),
			 "0x5000, O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY");
}
END_TEST

START_TEST(test_args_mmap)
{
	ck_assert_str_eq(args_text("mmap", 0, 8192, 3, 0x22, (uint64_t)-1, 0),
			 "NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0");
	ck_assert_str_eq(args_text("mmap", 0x7f1234560000, 1654784, 5, 0x812, 3, 0x28000),
			 "0x7f1234560000, 1654784, PROT_READ|PROT_EXEC, "
			 "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x28000");
	ck_assert_str_eq(args_text("mmap", 0, 4096, 0, 0x10000003, 3, 0),
			 "NULL, 4096, PROT_NONE, MAP_SHARED_VALIDATE|4<<MAP_HUGE_SHIFT, 3, 0");
	ck_assert_str_eq(args_text("mprotect", 0x1000, 4096, 0x10000000, 0, 0, 0),
			 "0x1000, 4096, 0x10000000 /* PROT_??? */");
}
END_TEST

START_TEST(test_args_simple)
{
	ck_assert_str_eq(args_text("read", 3, 0x7ffd1000, 4096, 9, 9, 9), "3, 0x7ffd1000, 4096");
	ck_assert_str_eq(args_text("read", (uint64_t)-1, 0x10, (uint64_t)-1, 0, 0, 0),
			 "-1, 0x10, 18446744073709551615");
	ck_assert_str_eq(args_text("close", 99, 1, 2, 3, 4, 5), "99");
	ck_assert_str_eq(args_text("getpid", 1, 2, 3, 4, 5, 6), "");
	ck_assert_str_eq(args_text("access", 0x4000, 0, 0, 0, 0, 0), "0x4000, F_OK");
	ck_assert_str_eq(args_text("access", 0x4000, 6, 0, 0, 0, 0), "0x4000, R_OK|W_OK");
	ck_assert_str_eq(args_text("lseek", 3, (uint64_t)-5, 2, 0, 0, 0), "3, -5, SEEK_END");
	ck_assert_str_eq(args_text("lseek", 3, 0, 9, 0, 0, 0), "3, 0, 0x9 /* SEEK_??? */");
	ck_assert_str_eq(args_text("kill", 1234, 15, 0, 0, 0, 0), "1234, SIGTERM");
	ck_assert_str_eq(args_text("kill", 1234, 40, 0, 0, 0, 0), "1234, SIGRT_8");
	ck_assert_str_eq(args_text("clock_gettime", 1, 0x7ffe0, 0, 0, 0, 0),
			 "CLOCK_MONOTONIC, 0x7ffe0");
	ck_assert_str_eq(args_text("socket", 2, 1 | 02000000, 0, 0, 0, 0),
			 "AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP");
	ck_assert_str_eq(args_text("socket", 1, 2, 0, 0, 0, 0), "AF_UNIX, SOCK_DGRAM, 0");
	ck_assert_str_eq(args_text("mkdir", 0x4000, 0755, 0, 0, 0, 0), "0x4000, 0755");
	ck_assert_str_eq(args_text("wait4", (uint64_t)-1, 0, 0x40000001, 0, 0, 0),
			 "-1, NULL, WNOHANG|__WALL, NULL");
	ck_assert_str_eq(args_text("rt_sigprocmask", 0, 0x10, 0, 8, 0, 0),
			 "SIG_BLOCK, 0x10, NULL, 8");
}
END_TEST

START_TEST(test_args_dependent)
{
	ck_assert_str_eq(args_text("fcntl", 3, 3, 0, 0, 0, 0), "3, F_GETFL");
	ck_assert_str_eq(args_text("fcntl", 3, 2, 1, 0, 0, 0), "3, F_SETFD, FD_CLOEXEC");
	ck_assert_str_eq(args_text("fcntl", 3, 4, 04002, 0, 0, 0), "3, F_SETFL, O_RDWR|O_NONBLOCK");
	ck_assert_str_eq(args_text("fcntl", 3, 1030, 10, 0, 0, 0), "3, F_DUPFD_CLOEXEC, 10");
	ck_assert_str_eq(args_text("fcntl", 3, 0x999, 10, 0, 0, 0), "3, 0x999 /* F_??? */, 0xa");
	ck_assert_str_eq(args_text("futex", 0x7f00, 129, 1, 0, 0, 0),
			 "0x7f00, FUTEX_WAKE_PRIVATE, 1");
	ck_assert_str_eq(args_text("futex", 0x7f00, 128, 2, 0, 0, 0),
			 "0x7f00, FUTEX_WAIT_PRIVATE, 2, NULL");
	ck_assert_str_eq(args_text("futex", 0x7f00, 9 | 128 | 256, 0, 0x7ff0, 0, 0xffffffff),
			 "0x7f00, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, 0x7ff0, "
			 "FUTEX_BITSET_MATCH_ANY");
	ck_assert_str_eq(args_text("mremap", 0x1000, 4096, 8192, 1, 0x5000, 0),
			 "0x1000, 4096, 8192, MREMAP_MAYMOVE");
	ck_assert_str_eq(args_text("mremap", 0x1000, 4096, 8192, 3, 0x5000, 0),
			 "0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x5000");
}
END_TEST

START_TEST(test_args_clone)
{
	/* glibc's pthread_create (before clone3) */
	ck_assert_str_eq(args_text("clone", 0x3d0f00, 0x7f5e1f7fde70, 0x7f5e1f7fe990,
				   0x7f5e1f7fe990, 0x7f5e1f7fe6c0, 9),
			 "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
			 "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, 0x7f5e1f7fde70, "
			 "0x7f5e1f7fe990, 0x7f5e1f7fe990, 0x7f5e1f7fe6c0");
	/* glibc's fork */
	ck_assert_str_eq(args_text("clone", 0x1200011, 0, 0, 0x7f3c2a1b5a10, 0, 0),
			 "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, "
			 "0x7f3c2a1b5a10, 0");
	/* the exit signal alone; none at all */
	ck_assert_str_eq(args_text("clone", 17, 0, 0, 0, 0, 0), "SIGCHLD, NULL, NULL, NULL, 0");
	ck_assert_str_eq(args_text("clone", 0, 0, 0, 0, 0, 0), "0, NULL, NULL, NULL, 0");
	ck_assert_str_eq(args_text("clone", 0x100, 0, 0, 0, 0, 0), "CLONE_VM, NULL, NULL, NULL, 0");
	/* a real-time or out-of-range exit signal */
	ck_assert_str_eq(args_text("clone", 0x100 | 34, 0, 0, 0, 0, 0),
			 "CLONE_VM|SIGRT_2, NULL, NULL, NULL, 0");
	ck_assert_str_eq(args_text("clone", 0xff, 0, 0, 0, 0, 0), "255, NULL, NULL, NULL, 0");
	/* bits clone does not know (clone3's), with and without names */
	ck_assert_str_eq(args_text("clone", 0x400000000 | 0x4100 | 17, 0, 0, 0, 0, 0),
			 "CLONE_VM|CLONE_VFORK|0x400000000|SIGCHLD, NULL, NULL, NULL, 0");
	ck_assert_str_eq(args_text("clone", 0x100000000 | 17, 0, 0, 0, 0, 0),
			 "0x100000000 /* CLONE_??? */|SIGCHLD, NULL, NULL, NULL, 0");
	/* clone3 keeps its struct pointer */
	ck_assert_str_eq(args_text("clone3", 0x7ffd2000, 88, 0, 0, 0, 0), "0x7ffd2000, 88");
}
END_TEST

START_TEST(test_args_ioctl)
{
	ck_assert_str_eq(args_text("ioctl", 1, 0x5401, 0x7ffd8a2c, 0, 0, 0),
			 "1, TCGETS, 0x7ffd8a2c");
	ck_assert_str_eq(args_text("ioctl", 0, 0x5413, 0x7ffd8a2c, 0, 0, 0),
			 "0, TIOCGWINSZ, 0x7ffd8a2c");
	ck_assert_str_eq(args_text("ioctl", 0, 0x5414, 0, 0, 0, 0), "0, TIOCSWINSZ, NULL");
	ck_assert_str_eq(args_text("ioctl", 3, 0x80045430, 0x7ffd8a2c, 0, 0, 0),
			 "3, TIOCGPTN, 0x7ffd8a2c");
	ck_assert_str_eq(args_text("ioctl", 3, 0x40045431, 0x7ffd8a2c, 0, 0, 0),
			 "3, TIOCSPTLCK, 0x7ffd8a2c");
	ck_assert_str_eq(args_text("ioctl", 3, 0x5421, 0x7ffd8a2c, 0, 0, 0),
			 "3, FIONBIO, 0x7ffd8a2c");
	ck_assert_str_eq(args_text("ioctl", 3, 0x541b, 0x7ffd8a2c, 0, 0, 0),
			 "3, FIONREAD, 0x7ffd8a2c");
	/* requests that take no argument, or a value */
	ck_assert_str_eq(args_text("ioctl", 3, 0x5451, 0x1234, 0, 0, 0), "3, FIOCLEX");
	ck_assert_str_eq(args_text("ioctl", 3, 0x5450, 0, 0, 0, 0), "3, FIONCLEX");
	ck_assert_str_eq(args_text("ioctl", 0, 0x5422, 0, 0, 0, 0), "0, TIOCNOTTY");
	ck_assert_str_eq(args_text("ioctl", 0, 0x540e, 1, 0, 0, 0), "0, TIOCSCTTY, 1");
	ck_assert_str_eq(args_text("ioctl", 0, 0x540b, 2, 0, 0, 0), "0, TCFLSH, TCIOFLUSH");
	ck_assert_str_eq(args_text("ioctl", 0, 0x540a, 1, 0, 0, 0), "0, TCXONC, TCOON");
	ck_assert_str_eq(args_text("ioctl", 0, 0x540a, 7, 0, 0, 0), "0, TCXONC, 0x7 /* TC??? */");
	ck_assert_str_eq(args_text("ioctl", 4, 0x40049409, 3, 0, 0, 0), "4, FICLONE, 3");
	/* unknown requests and their argument in hex, as before */
	ck_assert_str_eq(args_text("ioctl", 3, 0xc0186201, 0x7ffd8a2c, 0, 0, 0),
			 "3, 0xc0186201, 0x7ffd8a2c");
	ck_assert_str_eq(args_text("ioctl", 3, 0x1234, 0, 0, 0, 0), "3, 0x1234, 0");
	/* the kernel reads 32 bits of the request */
	ck_assert_str_eq(args_text("ioctl", 1, 0xffffffff00005401, 0x7ffd8a2c, 0, 0, 0),
			 "1, TCGETS, 0x7ffd8a2c");
}
END_TEST

START_TEST(test_args_mknod)
{
	ck_assert_str_eq(args_text("mknod", 0x5000, 010644, 0, 0, 0, 0), "0x5000, S_IFIFO|0644");
	ck_assert_str_eq(args_text("mknod", 0x5000, 020600, 0x103, 0, 0, 0),
			 "0x5000, S_IFCHR|0600, makedev(0x1, 0x3)");
	/* makedev(8, 17), makedev(300, 70000): the kernel's 32-bit encoding */
	ck_assert_str_eq(args_text("mknodat", (uint64_t)-100, 0x5000, 060660, 0x811, 0, 0),
			 "AT_FDCWD, 0x5000, S_IFBLK|0660, makedev(0x8, 0x11)");
	ck_assert_str_eq(args_text("mknodat", 3, 0x5000, 020600, 0x11112c70, 0, 0),
			 "3, 0x5000, S_IFCHR|0600, makedev(0x12c, 0x11170)");
	/* no type bits; a device only for character and block devices */
	ck_assert_str_eq(args_text("mknod", 0x5000, 0644, 5, 0, 0, 0), "0x5000, 0644");
	ck_assert_str_eq(args_text("mknod", 0x5000, 0, 0, 0, 0, 0), "0x5000, 000");
	ck_assert_str_eq(args_text("mknodat", 3, 0x5000, 0140777, 9, 0, 0),
			 "3, 0x5000, S_IFSOCK|0777");
	ck_assert_str_eq(args_text("mknod", 0x5000, 0104755, 0, 0, 0, 0),
			 "0x5000, S_IFREG|S_ISUID|0755");
	ck_assert_str_eq(args_text("mknod", 0x5000, 03777, 0, 0, 0, 0),
			 "0x5000, S_ISGID|S_ISVTX|0777");
	/* a type without a name prints all in octal; the kernel reads 16 bits */
	ck_assert_str_eq(args_text("mknod", 0x5000, 0170644, 0, 0, 0, 0), "0x5000, 0170644");
	ck_assert_str_eq(args_text("mknod", 0x5000, 0xffffffffffff0000 | 010600, 0, 0, 0, 0),
			 "0x5000, S_IFIFO|0600");
	/* open's and chmod's modes carry no type */
	ck_assert_str_eq(args_text("chmod", 0x5000, 0100644, 0, 0, 0, 0), "0x5000, 0100644");
}
END_TEST

START_TEST(test_args_unknown_call)
{
	ck_assert_str_eq(args_text("syscall_470", 1, 0, 0x7fff, 3, 4, 5),
			 "0x1, 0, 0x7fff, 0x3, 0x4, 0x5");
	ck_assert_str_eq(args_text(NULL, 0, 0, 0, 0, 0, 0), "0, 0, 0, 0, 0, 0");
	/* known but not decoded further: as many arguments as it takes */
	ck_assert_str_eq(args_text("ptrace", 16, 1234, 0, 0, 9, 9), "0x10, 0x4d2, 0, 0");
}
END_TEST

START_TEST(test_args_truncated)
{
	char buf[8];
	const uint64_t args[6] = {3, 0x7ffd1000, 4096};
	int n = argfmt_args("read", args, buf, sizeof(buf));

	ck_assert_int_eq(n, (int)strlen("3, 0x7ffd1000, 4096"));
	ck_assert_str_eq(buf, "3, 0x7f");
	ck_assert_int_eq(argfmt_args("read", args, NULL, 0), n);
	n = argfmt_ret("openat", -2, buf, sizeof(buf));
	ck_assert_int_eq(n, (int)strlen("-1 ENOENT (No such file or directory)"));
	ck_assert_str_eq(buf, "-1 ENOE");
}
END_TEST

START_TEST(test_ret)
{
	ck_assert_str_eq(ret_text("openat", 3), "3");
	ck_assert_str_eq(ret_text("openat", -2), "-1 ENOENT (No such file or directory)");
	ck_assert_str_eq(ret_text("read", 4096), "4096");
	ck_assert_str_eq(ret_text("read", 0), "0");
	ck_assert_str_eq(ret_text("read", -11), "-1 EAGAIN (Resource temporarily unavailable)");
	ck_assert_str_eq(ret_text("read", -512),
			 "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	ck_assert_str_eq(ret_text("nanosleep", -516),
			 "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	ck_assert_str_eq(ret_text("ioctl", -515), "-1 ENOIOCTLCMD (Unknown error 515)");
	ck_assert_str_eq(ret_text("read", -4000), "-1 4000 (Unknown error 4000)");
	ck_assert_str_eq(ret_text("lseek", -4096), "-4096");
	ck_assert_str_eq(ret_text("mmap", 0x7f4de91b7000), "0x7f4de91b7000");
	ck_assert_str_eq(ret_text("mmap", -12), "-1 ENOMEM (Cannot allocate memory)");
	ck_assert_str_eq(ret_text("brk", 0x55c93f6d5000), "0x55c93f6d5000");
	ck_assert_str_eq(ret_text("mremap", 0x7f0000002000), "0x7f0000002000");
	ck_assert_str_eq(ret_text("umask", 022), "022");
	ck_assert_str_eq(ret_text("syscall_470", 7), "7");
	ck_assert_str_eq(ret_text("syscall_470", -38), "-1 ENOSYS (Function not implemented)");
}
END_TEST

static Suite *syscalls_suite(void)
{
	Suite *s = suite_create("syscalls");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_test(tc, test_names_from_headers);
	tcase_add_test(tc, test_names_from_extra_list);
	tcase_add_test(tc, test_names_unknown);
	tcase_add_test(tc, test_names_round_trip);
	tcase_add_test(tc, test_names_match_headers);
	suite_add_tcase(s, tc);

	tc = tcase_create("errno");
	tcase_add_test(tc, test_errno_names);
	tcase_add_test(tc, test_errno_numbers);
	tcase_add_test(tc, test_errnos_match_headers);
	tcase_add_test(tc, test_errno_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("classes");
	tcase_add_test(tc, test_classes_of_calls);
	tcase_add_test(tc, test_classes_none);
	tcase_add_test(tc, test_classes_cover_table);
	tcase_add_test(tc, test_class_parse);
	tcase_add_test(tc, test_class_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("set");
	tcase_add_test(tc, test_set_names);
	tcase_add_test(tc, test_set_negation);
	tcase_add_test(tc, test_set_classes);
	tcase_add_test(tc, test_set_regex);
	tcase_add_test(tc, test_set_all_none);
	tcase_add_test(tc, test_set_optional);
	tcase_add_test(tc, test_set_errors);
	tcase_add_test(tc, test_set_error_without_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("argfmt");
	tcase_add_test(tc, test_args_openat);
	tcase_add_test(tc, test_args_mmap);
	tcase_add_test(tc, test_args_simple);
	tcase_add_test(tc, test_args_dependent);
	tcase_add_test(tc, test_args_clone);
	tcase_add_test(tc, test_args_ioctl);
	tcase_add_test(tc, test_args_mknod);
	tcase_add_test(tc, test_args_unknown_call);
	tcase_add_test(tc, test_args_truncated);
	tcase_add_test(tc, test_ret);
	tcase_add_test(tc, test_widths_whole_table);
	tcase_add_test(tc, test_widths_named_defects);
	tcase_add_test(tc, test_capture_paths);
	tcase_add_test(tc, test_capture_data);
	tcase_add_test(tc, test_capture_iov);
	tcase_add_test(tc, test_capture_msghdr);
	tcase_add_test(tc, test_capture_mmsghdr);
	tcase_add_test(tc, test_capture_sockaddr);
	tcase_add_test(tc, test_capture_fdpair);
	tcase_add_test(tc, test_capture_fd_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(syscalls_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
