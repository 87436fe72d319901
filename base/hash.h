/*
 * hash.h - FNV-1a over bytes, the hash of the hash tables that key on
 * names and byte strings.
 *
 *   uint64_t h = fnv1a(FNV1A_INIT, path, strlen(path));
 *   h = fnv1a(h, build_id, n);     a second field after the first
 */
#ifndef SCPROF_HASH_H
#define SCPROF_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_INIT 14695981039346656037ull

static inline uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

#endif
