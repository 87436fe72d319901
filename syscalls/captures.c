/*
 * captures.c - the generated capture table (build/syscalls/capture_table.h).
 */
#include <stdbool.h>
#include <string.h>

#include "syscalls/captures.h"

struct syscall_captures {
	const char *name;
	uint8_t kind[6];
};

#include "syscalls/capture_table.h"

bool syscall_captures(const char *name, uint8_t kinds[6])
{
	memset(kinds, 0, 6);
	size_t lo = 0, hi = sizeof(capture_table) / sizeof(capture_table[0]);
	while (name && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, capture_table[mid].name);
		if (!c) {
			memcpy(kinds, capture_table[mid].kind, 6);
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}
