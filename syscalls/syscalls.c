/*
 * syscalls.c - lookups over the generated syscall, errno and class tables
 * (build/syscalls/, written by syscalls/gen.sh).
 */
#include "syscalls/syscalls.h"

#include <stdlib.h>
#include <string.h>

#include "syscalls/errno_names.h"
#include "syscalls/syscall_classes.h"
#include "syscalls/syscall_names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *syscall_name(int nr)
{
	if (nr < 0 || nr >= SYSCALL_TABLE_COUNT)
		return NULL;
	return syscall_table[nr];
}

/* The tables sorted by name start with a const char *name member. */
static int cmp_name(const void *key, const void *entry)
{
	return strcmp(key, *(const char *const *)entry);
}

int syscall_number(const char *name)
{
	const struct syscall_by_name *e;

	if (!name)
		return -1;
	e = bsearch(name, syscall_by_name, ARRAY_SIZE(syscall_by_name), sizeof(*e), cmp_name);
	return e ? e->nr : -1;
}

int syscall_count(void)
{
	return SYSCALL_TABLE_COUNT;
}

static const struct syscall_class_entry *class_entry(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, syscall_class_table, ARRAY_SIZE(syscall_class_table),
		       sizeof(syscall_class_table[0]), cmp_name);
}

unsigned syscall_classes(const char *name)
{
	const struct syscall_class_entry *e = class_entry(name);

	return e ? e->classes : 0;
}

bool syscall_classified(const char *name)
{
	return class_entry(name) != NULL;
}

static const struct {
	const char *name;
	unsigned bit;
} class_names[] = {
	{"file", SYSCALL_CLASS_FILE},
	{"desc", SYSCALL_CLASS_DESC},
	{"network", SYSCALL_CLASS_NETWORK},
	{"net", SYSCALL_CLASS_NETWORK},
	{"process", SYSCALL_CLASS_PROCESS},
	{"memory", SYSCALL_CLASS_MEMORY},
	{"signal", SYSCALL_CLASS_SIGNAL},
	{"ipc", SYSCALL_CLASS_IPC},
	{"creds", SYSCALL_CLASS_CREDS},
	{"clock", SYSCALL_CLASS_CLOCK},
	{"stat", SYSCALL_CLASS_STAT},
	{"%stat", SYSCALL_CLASS_STAT},
	{"lstat", SYSCALL_CLASS_LSTAT},
	{"fstat", SYSCALL_CLASS_FSTAT},
	{"statfs", SYSCALL_CLASS_STATFS},
	{"%statfs", SYSCALL_CLASS_STATFS},
	{"fstatfs", SYSCALL_CLASS_FSTATFS},
};

unsigned syscall_class_parse(const char *name)
{
	if (!name)
		return 0;
	if (*name == '%')
		name++;
	for (size_t i = 0; i < ARRAY_SIZE(class_names); i++)
		if (strcmp(name, class_names[i].name) == 0)
			return class_names[i].bit;
	return 0;
}

/* Most telling class first: mmap is desc|memory and reads as "memory". */
static const struct {
	unsigned bits;
	const char *name;
} main_classes[] = {
	{SYSCALL_CLASS_NETWORK, "net"},
	{SYSCALL_CLASS_IPC, "ipc"},
	{SYSCALL_CLASS_MEMORY, "memory"},
	{SYSCALL_CLASS_SIGNAL, "signal"},
	{SYSCALL_CLASS_PROCESS, "process"},
	{SYSCALL_CLASS_CREDS, "creds"},
	{SYSCALL_CLASS_CLOCK, "clock"},
	{SYSCALL_CLASS_STAT | SYSCALL_CLASS_LSTAT | SYSCALL_CLASS_FSTAT | SYSCALL_CLASS_STATFS |
		 SYSCALL_CLASS_FSTATFS,
	 "stat"},
	{SYSCALL_CLASS_FILE, "file"},
	{SYSCALL_CLASS_DESC, "desc"},
};

const char *syscall_class_name(unsigned classes)
{
	for (size_t i = 0; i < ARRAY_SIZE(main_classes); i++)
		if (classes & main_classes[i].bits)
			return main_classes[i].name;
	return "other";
}

const char *errno_name(int err)
{
	size_t lo = 0, hi = ARRAY_SIZE(errno_table);

	/* first entry with nr >= err: the preferred name of that number */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (errno_table[mid].nr < err)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ARRAY_SIZE(errno_table) && errno_table[lo].nr == err)
		return errno_table[lo].name;
	return NULL;
}

int errno_number(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(errno_table); i++)
		if (strcmp(name, errno_table[i].name) == 0)
			return errno_table[i].nr;
	return -1;
}

const char *errno_text(int err)
{
	/* strace's words; libc does not know these kernel-internal values */
	switch (err) {
	case 512:
		return "To be restarted if SA_RESTART is set";
	case 513:
		return "To be restarted";
	case 514:
		return "To be restarted if no handler";
	case 516:
		return "Interrupted by signal";
	}
	return strerror(err);
}
